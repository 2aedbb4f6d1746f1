"""The paste sequence of DESIGN §1 in one place: clipboard, focus back to the chat window, keys, restore.

Each step that needs time runs from a Qt timer, never a sleep on the Qt thread: the chat window
fetches the clipboard from us, and we can only answer while the event loop runs.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from quickreply import settings
from quickreply.core.kinds import DeliveryStatus, PasteMode
from quickreply.deliver import clipboard
from quickreply.platform import base


def _default(field: str) -> Any:
    """The catalogue's default for this OS of the setting paste.<field>."""
    return settings.BY_NAME[f"paste.{field}"].default_for()


@dataclasses.dataclass(frozen=True)
class Timing:
    """The timing knobs (settings paste.*), in milliseconds; the defaults are the catalogue's for this OS."""

    focus_timeout_ms: int = _default("focus_timeout_ms")
    modifier_wait_ms: int = _default("modifier_wait_ms")
    pre_paste_delay_ms: int = _default("pre_paste_delay_ms")
    send_delay_ms: int = _default("send_delay_ms")
    restore_grace_ms: int = _default("restore_grace_ms")
    restore_delay_ms: int = _default("restore_delay_ms")
    shortcut: str = _default("shortcut")

    @classmethod
    def from_settings(cls, values: settings.Settings) -> Timing:
        """The timing in effect: each field is the setting paste.<field> (its default when stored wrong)."""
        return cls(**{field.name: values.get(f"paste.{field.name}") for field in dataclasses.fields(cls)})


@dataclasses.dataclass(frozen=True)
class PasteResult:
    """How a reply reached the agent (``DeliveryStatus``), in which mode, and what to tell the agent."""

    status: DeliveryStatus
    mode: PasteMode
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (DeliveryStatus.PASTED, DeliveryStatus.TYPED) or (
            self.status == DeliveryStatus.COPIED and self.mode == PasteMode.COPY_ONLY
        )


class PasteService(QObject):
    """Delivers replies to the remembered chat window; emits ``finished`` with a PasteResult.

    Args:
        desktop: the backend.
        timing: delays and timeouts.
        own_window: tells whether a window is one of quickreply's own (never pasted into).
    """

    finished = Signal(object)
    restored = Signal(bool)

    def __init__(
        self,
        desktop: base.Desktop,
        timing: Timing,
        own_window: Callable[[base.WindowRef], bool] | None = None,
    ) -> None:
        super().__init__()
        self.desktop = desktop
        self.timing = timing
        self.own_window = own_window or (lambda window: window.pid == os.getpid())
        self.guard: clipboard.ClipboardGuard | None = None
        self.busy = False
        self.replace = False
        self.target: base.WindowRef | None = None

    def deliver(
        self, text: str, target: base.WindowRef | None, mode: str = PasteMode.PASTE, replace: bool = False
    ) -> None:
        """Start delivering ``text``; the outcome comes with ``finished``.

        ``replace`` selects everything in the chat box first (Ctrl+A), so the text replaces the draft.
        """
        try:
            mode = PasteMode(mode)
        except ValueError:
            raise ValueError(f"未知的粘贴方式 {mode!r}") from None
        if self.guard is not None and not self.guard.done:
            self.guard.restore()  # a paste still waiting to restore: finish it before the next
        self.busy = True
        self.replace = replace
        self.target = target
        if mode == PasteMode.TYPE:
            self.guard = None
            QTimer.singleShot(0, lambda: self._focus_then(lambda: self._type(text), target, mode))
            return
        self.guard = clipboard.ClipboardGuard(
            QGuiApplication.clipboard(),
            self.timing.restore_delay_ms,
            self.timing.restore_grace_ms,
            on_restored=self.restored.emit,
            reader=self.desktop.read_clipboard,
        )
        self.guard.put(text)
        if mode == PasteMode.COPY_ONLY:
            self.guard.keep()
            self._finish(PasteResult(DeliveryStatus.COPIED, mode, "回复已复制到剪贴板"))
            return
        QTimer.singleShot(0, lambda: self._focus_then(lambda: self._paste(mode), target, mode))

    def _focus_then(self, step: Callable[[], None], target: base.WindowRef | None, mode: PasteMode) -> None:
        problem = self._cannot_reach(target)
        if problem is None and target is not None:
            if not self.desktop.activate(target, self.timing.focus_timeout_ms / 1000):
                problem = "无法切回聊天窗口"
            elif not self.desktop.wait_modifiers_released(self.timing.modifier_wait_ms / 1000):
                problem = "快捷键的 Ctrl/Alt 一直没有松开"
        if problem is not None:
            self._copied(mode, f"{problem};回复已复制到剪贴板,请手动粘贴(Ctrl+V)")
            return
        QTimer.singleShot(self.timing.pre_paste_delay_ms, step)

    def _cannot_reach(self, target: base.WindowRef | None) -> str | None:
        if not self.desktop.can_paste:
            return getattr(self.desktop, "reason", "") or "当前桌面环境无法自动粘贴"
        if target is None:
            return "没有记下聊天窗口"
        if self.own_window(target):
            return "目标是 quickreply 自己的窗口"
        if target.elevated:
            return base.ELEVATED_TARGET
        return None

    def _confirmed(self) -> bool:
        """The target still has the focus: asked right before every synthetic key (DESIGN §1)."""
        return self.target is not None and self.desktop.is_active(self.target)

    def _moved_away(self) -> str:
        title = self.target.title if self.target is not None and self.target.title else "原聊天窗口"
        return f"焦点已离开「{title}」"

    def _paste(self, mode: PasteMode) -> None:
        try:
            for combo in (["ctrl+a"] if self.replace else []) + [self.timing.shortcut]:
                if not self._confirmed():
                    self._copied(
                        mode, f"{self._moved_away()},没有粘贴;回复已留在剪贴板,请回到该窗口按 Ctrl+V"
                    )
                    return
                self.desktop.send_keys(combo)
        except base.DesktopError as exc:
            self._copied(mode, f"发送粘贴键失败:{exc};回复已复制到剪贴板")
            return
        if self.guard is not None:
            self.guard.restore_later()
        if mode == PasteMode.PASTE_AND_SEND:
            QTimer.singleShot(self.timing.send_delay_ms, lambda: self._send_enter(mode))
        else:
            self._finish(PasteResult(DeliveryStatus.PASTED, mode, self._lost_note()))

    def _send_enter(self, mode: PasteMode) -> None:
        if not self._confirmed():
            self._finish(
                PasteResult(
                    DeliveryStatus.UNSENT,
                    mode,
                    f"{self._moved_away()}:回复已粘贴,但没有发送,请回到该窗口检查",
                )
            )
            return
        try:
            self.desktop.send_keys("enter")
        except base.DesktopError as exc:
            self._finish(PasteResult(DeliveryStatus.UNSENT, mode, f"回复已粘贴,但发送回车失败:{exc}"))
            return
        self._finish(PasteResult(DeliveryStatus.PASTED, mode, self._lost_note()))

    def _type(self, text: str) -> None:
        """Type line by line (Shift+Enter between lines), confirming the target before each step."""
        steps: list[tuple[Callable[[str], None], str]] = []
        for number, line in enumerate(text.split("\n")):
            if number:
                steps.append((self.desktop.send_keys, "shift+enter"))
            steps.append((self.desktop.type_text, line))
        try:
            for done, (send, what) in enumerate(steps):
                if not self._confirmed():
                    partly = "已输入部分内容," if done else ""
                    self._finish(
                        PasteResult(
                            DeliveryStatus.FAILED, PasteMode.TYPE, f"{self._moved_away()},{partly}停止输入"
                        )
                    )
                    return
                if what:
                    send(what)
        except base.DesktopError as exc:
            self._finish(PasteResult(DeliveryStatus.FAILED, PasteMode.TYPE, f"模拟键入失败:{exc}"))
            return
        self._finish(PasteResult(DeliveryStatus.TYPED, PasteMode.TYPE))

    def _lost_note(self) -> str:
        if self.guard is not None and self.guard.lost:
            return "原剪贴板的所属程序没有响应,原内容无法恢复"
        return ""

    def _copied(self, mode: PasteMode, message: str) -> None:
        """Nothing (more) was typed: the reply stays on the clipboard for the agent to paste by hand."""
        if self.guard is not None:
            self.guard.keep()
        self._finish(PasteResult(DeliveryStatus.COPIED, mode, message))

    def _finish(self, result: PasteResult) -> None:
        self.busy = False
        self.finished.emit(result)
