"""Every setting as data: name, default (per OS where it differs) and help text (DESIGN §2).

Values are stored as JSON in the store's settings table; ``Settings`` reads them with the default
for this OS and checks types on write, so a bad value is refused rather than silently used.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

from quickreply.core import store


class PerOS(dict[str, Any]):
    """A default that differs by OS: {"win32": …, "linux": …, "darwin": …, "*": the rest}."""


@dataclasses.dataclass(frozen=True)
class Setting:
    """A setting; ``default`` is a value, or a PerOS of values."""

    name: str
    default: Any
    help: str
    kind: type = str

    def default_for(self, platform: str = sys.platform) -> Any:
        if isinstance(self.default, PerOS):
            return self.default.get(platform, self.default["*"])
        return self.default


SETTINGS: tuple[Setting, ...] = (
    Setting("hotkey.popup", "ctrl+alt+space", "打开搜索弹窗的全局快捷键"),
    Setting("hotkey.lint", "ctrl+alt+j", "检查聊天框草稿的全局快捷键"),
    Setting(
        "paste.mode",
        "paste",
        "默认粘贴方式:paste 粘贴、paste_and_send 粘贴并发送、copy_only 只复制、type 模拟键入",
    ),
    Setting("paste.shortcut", PerOS({"*": "ctrl+v"}), "粘贴用的按键;个别软件需要 shift+insert"),
    Setting(
        "paste.focus_timeout_ms", 1000, "切回聊天窗口并确认其获得焦点的最长等待(毫秒);超时则只复制不粘贴", int
    ),
    Setting("paste.modifier_wait_ms", 2000, "等待快捷键的 Ctrl/Alt/Shift 松开的最长时间(毫秒)", int),
    Setting(
        "paste.pre_paste_delay_ms",
        PerOS({"win32": 100, "*": 30}),
        "设置剪贴板后到发送粘贴键之间的等待(毫秒)",
        int,
    ),
    Setting("paste.send_delay_ms", 150, "「粘贴并发送」时粘贴后到按回车的等待(毫秒)", int),
    Setting(
        "paste.restore_grace_ms",
        PerOS({"linux": 100, "*": 0}),
        "X11 上聊天窗口取走剪贴板内容后再等多久恢复原剪贴板(毫秒)",
        int,
    ),
    Setting(
        "paste.restore_delay_ms",
        PerOS({"linux": 1500, "win32": 400, "*": 500}),
        "恢复原剪贴板的时间(毫秒);X11 上是等不到聊天窗口取剪贴板时的上限",
        int,
    ),
    Setting("lint.ad_law", False, "检查时同时提示广告法极限词", bool),
    Setting("lint.rule_files", [], "额外的规则文件(*.rules.toml),在内置规则之后加载", list),
    Setting("profile", {}, "店铺资料:{店铺名} {工号} {包邮门槛} {默认快递} {发货时间} 的值", dict),
    Setting("ui.language", "zh_CN", "界面语言:zh_CN 简体中文、en English;重新启动后生效"),
    Setting("library.read_only", False, "短语库只读:隐藏编辑功能(给只需要浏览话术的新客服)", bool),
    Setting("import.max_bytes", 20 * 1024 * 1024, "可导入文件的最大字节数", int),
    Setting("import.max_rows", 50_000, "可导入文件的最大行数", int),
)
BY_NAME = {s.name: s for s in SETTINGS}


class SettingError(ValueError):
    """An unknown setting or a value of the wrong type."""


class Settings:
    """Settings backed by a store, with per-OS defaults."""

    def __init__(self, source: store.PhraseStore, platform: str = sys.platform) -> None:
        self.source = source
        self.platform = platform

    def get(self, name: str) -> Any:
        setting = self._setting(name)
        return self.source.get_setting(name, setting.default_for(self.platform))

    def set(self, name: str, value: Any) -> None:
        setting = self._setting(name)
        if setting.kind is int and isinstance(value, bool) or not isinstance(value, setting.kind):
            raise SettingError(f"设置 {name} 应为 {setting.kind.__name__},而不是 {value!r}")
        self.source.set_setting(name, value)

    def _setting(self, name: str) -> Setting:
        if name not in BY_NAME:
            raise SettingError(f"没有这个设置:{name}")
        return BY_NAME[name]
