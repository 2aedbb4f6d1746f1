"""Desktop integration: global hotkeys, the chat window's focus, keystrokes, the clipboard."""

from __future__ import annotations

import logging
import os
import sys

from quickreply.platform import base

log = logging.getLogger(__name__)


def get_desktop() -> base.Desktop:
    """The backend for this OS and session, chosen at run time (and logged)."""
    from quickreply.platform import dummy

    desktop: base.Desktop
    if sys.platform == "win32":
        from quickreply.platform import windows

        desktop = windows.WindowsDesktop()
    elif sys.platform.startswith("linux") and os.environ.get("DISPLAY") and not _wayland_only():
        from quickreply.platform import x11

        try:
            desktop = x11.X11Desktop()
        except base.DesktopError as exc:
            desktop = dummy.DummyDesktop(reason=f"无法使用 X11({exc}),只能复制")
    elif os.environ.get("WAYLAND_DISPLAY"):
        desktop = dummy.DummyDesktop(
            reason="Wayland 不允许程序注册全局快捷键或向其他窗口发送按键:回复会复制到剪贴板,"
            "请把桌面快捷键绑定到「quickreply popup」"
        )
    else:
        desktop = dummy.DummyDesktop(reason="这个系统暂不支持自动粘贴:回复会复制到剪贴板")
    log.info("desktop backend: %s", desktop.name)
    return desktop


def _wayland_only() -> bool:
    """A Wayland session: XWayland's DISPLAY reaches only X clients, not the native chat window."""
    return os.environ.get("XDG_SESSION_TYPE") == "wayland" and not os.environ.get("QUICKREPLY_FORCE_X11")
