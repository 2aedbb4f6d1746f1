"""The one settings catalogue (type, allowed values, per-OS default, help) the CLI, dialog and app read.

Values are stored as JSON in the store's settings table. ``Setting.validate`` is the only check:
``Settings.set`` refuses what it rejects with one line naming what is allowed, and ``Settings.get``
falls back to the default, with a logged warning, when a stored value (from an older version or
typed into the database by hand) fails it -- so no stored value can stop the app from starting.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from quickreply.core import lint_exceptions, store, team_local
from quickreply.core.kinds import PasteMode
from quickreply.core.packs import table
from quickreply.platform import base, combos

if TYPE_CHECKING:
    from quickreply.core import lint

log = logging.getLogger(__name__)

# Every millisecond wait is at most ten seconds: longer than any chat client needs to take the focus,
# fetch the clipboard or show a pasted reply, while a larger number is a slip (seconds typed as
# milliseconds, a stray digit) that would leave the agent waiting -- and past 2^31 ms overflows Qt's timers.
MAX_WAIT_MS = 10_000
# The pause before every paste is felt on each reply: two seconds is already far more than any client needs.
MAX_PRE_PASTE_MS = 2_000
# Imports: below 1 MiB the size message (whole MB) reads "0 MB"; above 200 MiB (10x the default) or
# 200,000 rows (4x) the file is read into memory and previewed row by row for minutes.
MIN_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000


class PerOS(dict[str, Any]):
    """A default that differs by OS: {"win32": …, "linux": …, "darwin": …, "*": the rest}."""


OS_KEYS = ("win32", "linux", "darwin", "*")


class SettingError(ValueError):
    """An unknown setting or a value it does not allow; ``str()`` is the one line a user sees and
    ``reason`` the part after the name (for a form that shows it next to the field)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


def show(value: Any) -> str:
    """A value as the user types it for ``config`` (JSON)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _combo(hotkey: bool) -> Callable[[Any], str]:
    """A check that a key combination parses (a global hotkey also needs a modifier); stored canonical."""

    def check(value: Any) -> str:
        try:
            return str(combos.parse_hotkey(value) if hotkey else combos.parse(value))
        except base.DesktopError as exc:
            raise ValueError(str(exc)) from exc

    return check


def _paths(value: Any) -> list[str]:
    if any(not path.strip() for path in value):
        raise ValueError("路径不能为空")
    return list(value)


def _exceptions(value: Any) -> list[str]:
    """Ids of the common exceptions (``lint_exceptions``), each once, in the catalogue's order."""
    known = lint_exceptions.ids()
    unknown = [item for item in value if item not in known]
    if unknown:
        raise ValueError(f"没有这个例外:{'、'.join(unknown)}")
    return [item for item in known if item in value]


def _exceptions_what() -> str:
    offered = "、".join(f"{e.id}({e.label})" for e in lint_exceptions.catalogue())
    return f'常见例外 id 的列表,如 ["bucuo"];可选 {offered}'


@dataclasses.dataclass(frozen=True)
class Setting:
    """One setting; ``default`` is a value, or a PerOS of values.

    ``kind`` is the JSON type (``item`` the type of a list's items); ``choices`` the only values
    allowed; ``minimum``/``maximum`` bound an int; ``check`` is a further rule that returns the
    value to store (e.g. a hotkey in canonical form) or raises ValueError with the reason.
    ``what`` says in words what a value looks like, when the type alone does not; ``item_choices``
    are the items a list setting picks from.
    """

    name: str
    default: Any
    help: str
    kind: type = str
    item: type | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""
    examples: tuple[str, ...] = ()
    what: str = ""
    check: Callable[[Any], Any] | None = None
    item_choices: tuple[str, ...] = ()  # a list setting's items to pick from (the dialog: check boxes)

    def default_for(self, platform: str = sys.platform) -> Any:
        if isinstance(self.default, PerOS):
            return self.default.get(platform, self.default["*"])
        return self.default

    def allowed(self) -> str:
        """What the setting accepts, in words: the end of every refusal."""
        if self.choices:
            return "、".join(self.choices) + " 之一"
        if self.what:
            return self.what
        if self.kind is int:
            unit = f"({self.unit})" if self.unit else ""
            if self.minimum is not None and self.maximum is not None:
                return f"{self.minimum} 到 {self.maximum} 之间的整数{unit}"
            return f"整数{unit}"
        return {bool: "true 或 false", str: "文字", list: "列表", dict: "JSON 对象"}.get(self.kind, "")

    def validate(self, value: Any) -> Any:
        """The value as it is stored; SettingError (naming what is allowed) for anything else."""
        words = self.allowed()
        allowed = "应为" + (" " if words[:1].isascii() else "") + words
        if not self._typed(value) or (self.choices and value not in self.choices):
            raise self._refuse(value, allowed)
        if self.kind is int and not self._in_range(value):
            raise self._refuse(value, allowed)
        if self.check is not None:
            try:
                return self.check(value)
            except ValueError as exc:
                raise self._refuse(value, f"{exc};{allowed}", str(exc)) from exc
        return value

    def _in_range(self, value: int) -> bool:
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )

    def _typed(self, value: Any) -> bool:
        if isinstance(value, bool) and self.kind is not bool:
            return False
        if not isinstance(value, self.kind):
            return False
        items: Any = value
        return self.item is None or all(isinstance(item, self.item) for item in items)

    def _refuse(self, value: Any, reason: str, short: str = "") -> SettingError:
        return SettingError(f"设置 {self.name} 不能是 {show(value)}:{reason}", short or reason)


def _timing(name: str, default: Any, help_: str, minimum: int = 0, maximum: int = MAX_WAIT_MS) -> Setting:
    return Setting(name, default, help_, int, minimum=minimum, maximum=maximum, unit="毫秒")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "hotkey.popup",
        "ctrl+alt+space",
        "打开搜索弹窗的全局快捷键",
        what="带修饰键的快捷键,如 ctrl+alt+space、ctrl+shift+f1",
        check=_combo(hotkey=True),
    ),
    Setting(
        "hotkey.lint",
        "ctrl+alt+j",
        "检查聊天框草稿的全局快捷键",
        what="带修饰键的快捷键,如 ctrl+alt+j、ctrl+shift+f2",
        check=_combo(hotkey=True),
    ),
    Setting(
        "paste.mode",
        PasteMode.PASTE.value,
        "默认粘贴方式:paste 粘贴、paste_and_send 粘贴并发送、copy_only 只复制、type 模拟键入",
        choices=tuple(mode.value for mode in PasteMode),
    ),
    Setting(
        "paste.shortcut",
        PerOS({"*": "ctrl+v"}),
        "粘贴用的按键;个别软件需要 shift+insert",
        examples=("ctrl+v", "shift+insert"),
        what="按键组合,如 ctrl+v、shift+insert",
        check=_combo(hotkey=False),
    ),
    _timing(
        "paste.focus_timeout_ms",
        1000,
        "切回聊天窗口并确认其获得焦点的最长等待(毫秒);超时则只复制不粘贴",
        minimum=100,  # less and a busy chat window never counts as confirmed: every paste becomes a copy
    ),
    _timing("paste.modifier_wait_ms", 2000, "等待快捷键的 Ctrl/Alt/Shift 松开的最长时间(毫秒)"),
    _timing(
        "paste.pre_paste_delay_ms",
        PerOS({"win32": 100, "*": 30}),
        "设置剪贴板后到发送粘贴键之间的等待(毫秒)",
        maximum=MAX_PRE_PASTE_MS,
    ),
    _timing("paste.send_delay_ms", 150, "「粘贴并发送」时粘贴后到按回车的等待(毫秒)"),
    _timing(
        "paste.restore_grace_ms",
        PerOS({"linux": 100, "*": 0}),
        "X11 上聊天窗口取走剪贴板内容后再等多久恢复原剪贴板(毫秒)",
    ),
    _timing(
        "paste.restore_delay_ms",
        PerOS({"linux": 1500, "win32": 400, "*": 500}),
        "恢复原剪贴板的时间(毫秒);X11 上是等不到聊天窗口取剪贴板时的上限",
    ),
    Setting(
        "popup.clipboard_seconds",
        30,
        "打开搜索时,剪贴板里这么多秒内复制的买家消息直接带出回复(秒);0 为关闭",
        int,
        minimum=0,
        maximum=600,
        unit="秒",
    ),
    Setting("lint.ad_law", False, "检查时同时提示广告法极限词", bool),
    Setting(
        "lint.rule_files",
        [],
        "额外的规则文件(*.rules.toml),在内置规则之后加载",
        list,
        item=str,
        what='规则文件路径的列表,如 ["D:/规则/本店.rules.toml"]',
        check=_paths,
    ),
    Setting(
        "lint.allowed_words",
        [],
        "本店允许的常见说法(如 不客气、不错、不用):所选说法不再报告;默认都不允许,即严格的服务规范",
        list,
        item=str,
        what=_exceptions_what(),
        check=_exceptions,
        item_choices=lint_exceptions.ids(),
    ),
    Setting(
        "profile",
        {},
        "店铺资料:{店铺名} {工号} {包邮门槛} {默认快递} {发货时间} 的值",
        dict,
        what='JSON 对象,如 {"店铺名": "小米旗舰店"}',
    ),
    Setting(
        "ui.language", "zh_CN", "界面语言:zh_CN 简体中文、en English;重新启动后生效", choices=("zh_CN", "en")
    ),
    Setting("library.read_only", False, "短语库只读:隐藏编辑功能(给只需要浏览话术的新客服)", bool),
    Setting(
        "import.max_bytes",
        table.DEFAULT_MAX_BYTES,
        "可导入文件的最大字节数",
        int,
        minimum=MIN_IMPORT_BYTES,
        maximum=MAX_IMPORT_BYTES,
        what=f"{MIN_IMPORT_BYTES}({MIN_IMPORT_BYTES >> 20} MB)到 "
        f"{MAX_IMPORT_BYTES}({MAX_IMPORT_BYTES >> 20} MB)之间的整数(字节)",
    ),
    Setting(
        "import.max_rows",
        table.DEFAULT_MAX_ROWS,
        "可导入文件的最大行数",
        int,
        minimum=1,
        maximum=MAX_IMPORT_ROWS,
    ),
    Setting(
        team_local.SHARE_QUERIES,
        False,
        "团队:把搜索时输入的文字随使用记录一起上传给培训师(默认只上传用了哪条短语)",
        bool,
    ),
)
BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def find(name: str) -> Setting:
    """The setting called ``name``; SettingError suggesting close names for anything else."""
    if name in BY_NAME:
        return BY_NAME[name]
    close = difflib.get_close_matches(name, list(BY_NAME), n=3, cutoff=0.6)
    hint = f"是不是 {'、'.join(close)}?" if close else ""
    raise SettingError(f"没有这个设置:{name}({hint}用 quickreply config 列出全部)")


class Settings:
    """Settings backed by a store, with per-OS defaults; a stored value that fails its check reads as the
    default, and is logged once per ``Settings``."""

    def __init__(self, source: store.PhraseStore, platform: str = sys.platform) -> None:
        self.source = source
        self.platform = platform
        self.warned: set[str] = set()

    def get(self, name: str) -> Any:
        value, problem = self.read(name)
        self._warn(name, problem)
        return value

    def _warn(self, name: str, problem: str) -> None:
        if problem and name not in self.warned:
            self.warned.add(name)
            log.warning("%s", problem)

    def read(self, name: str) -> tuple[Any, str]:
        """The value in effect, and why the stored one was set aside for the default ("" when it was not)."""
        setting = find(name)
        default = setting.default_for(self.platform)
        text = self.source.setting_text(name)
        if text is None:
            return default, ""
        try:
            stored = json.loads(text)
        except (ValueError, TypeError, RecursionError):  # typed in by hand or by another tool
            shown = text if isinstance(text, str) else "(无法读取)"
            return default, f"设置 {name} 的已存值 {shown} 不是有效的 JSON,已改用默认值 {show(default)}"
        try:
            return setting.validate(stored), ""
        except SettingError as exc:
            why = f"设置 {name} 的已存值 {show(stored)} 无效({exc.reason})"
            return default, f"{why},已改用默认值 {show(default)}"

    def problems(self) -> dict[str, str]:
        """Every setting whose stored value was set aside, with the reason (each also logged once)."""
        found = {}
        for setting in SETTINGS:
            _value, problem = self.read(setting.name)
            if problem:
                self._warn(setting.name, problem)
                found[setting.name] = problem
        return found

    def set(self, name: str, value: Any) -> Any:
        """Store ``value`` in canonical form and return it; SettingError and nothing stored if refused."""
        return self.update({name: value})[name]

    def check(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values as they would be stored; SettingError for the first one refused."""
        return {name: find(name).validate(value) for name, value in values.items()}

    def update(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check every value first, then store them all in one transaction: all or nothing."""
        checked = self.check(values)
        with self.source.transaction():
            for name, value in checked.items():
                self.source.set_setting(name, value)
        self.warned.difference_update(checked)
        return checked


def import_limits(values: Settings) -> table.Limits:
    """How large a file the CLI and the import dialog accept (import.max_bytes and import.max_rows)."""
    return table.Limits(max_bytes=values.get("import.max_bytes"), max_rows=values.get("import.max_rows"))


def lint_allow(values: Settings) -> list[str]:
    """The words the shop allows (``lint.allowed_words``), for ``Linter(allow=...)`` in the app and CLI."""
    return lint_exceptions.words(values.get("lint.allowed_words"))


def shop_linter(values: Settings) -> lint.Linter:
    """The linter the shop set up: the shipped rules, the Advertising-Law words when switched on, the
    shop's own rule files, the words it allows. RuleError when a shop file is broken."""
    from quickreply.core import lint

    files = [*lint.default_files(bool(values.get("lint.ad_law"))), *values.get("lint.rule_files")]
    return lint.Linter.load(files, allow=lint_allow(values))
