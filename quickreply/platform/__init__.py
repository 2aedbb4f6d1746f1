"""One desktop backend per OS behind ``base.Desktop``: global hotkeys, the chat window's focus,
keystrokes, reading a slow clipboard owner.

Only what differs between operating systems lives here (``windows``, ``x11``, the copy-only
fallback); what works the same everywhere on top of a backend -- the paste sequence, the draft
capture, the clipboard guard -- is ``quickreply.deliver``.
"""

from __future__ import annotations

import logging
import os
import sys

from quickreply.platform import base

log = logging.getLogger(__name__)


def get_desktop() -> base.Desktop:
    """The backend for this OS and session, chosen at run time (and logged)."""
    from quickreply.platform import copyonly

    desktop: base.Desktop
    if sys.platform == "win32":
        from quickreply.platform import windows

        desktop = windows.WindowsDesktop()
    elif sys.platform.startswith("linux") and os.environ.get("DISPLAY") and not _wayland_only():
        from quickreply.platform import x11

        try:
            desktop = x11.X11Desktop()
        except base.DesktopError as exc:
            desktop = copyonly.CopyOnlyDesktop(reason=f"无法使用 X11({exc}),只能复制")
    elif os.environ.get("WAYLAND_DISPLAY"):
        desktop = copyonly.CopyOnlyDesktop(
            reason="Wayland 不允许程序注册全局快捷键或向其他窗口发送按键:回复会复制到剪贴板,"
            "请把桌面快捷键绑定到「quickreply popup」"
        )
    else:
        desktop = copyonly.CopyOnlyDesktop(reason="这个系统暂不支持自动粘贴:回复会复制到剪贴板")
    log.info("desktop backend: %s", desktop.name)
    return desktop


def display_problem() -> str | None:
    """Why no window can be shown here (one line for the user), or None when a display is there.

    Without it, Qt aborts with a message about the xcb-cursor library, which sends people the wrong way.
    """
    if not sys.platform.startswith("linux"):
        return None
    qpa = os.environ.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc …: the plugin needs no desktop session
    display_name = os.environ.get("DISPLAY")
    if not display_name and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "没有找到图形界面:DISPLAY 和 WAYLAND_DISPLAY 都没有设置。请在桌面会话里启动 quickreply"
            "(远程登录时用 ssh -X);命令行功能(search、import、lint …)不需要图形界面"
        )
    if display_name and (qpa.startswith("xcb") or not os.environ.get("WAYLAND_DISPLAY")):
        try:
            from Xlib import display, error
        except ImportError:
            return None
        try:
            display.Display(display_name).close()
        except (error.DisplayError, error.ConnectionClosedError, OSError) as exc:
            return f"无法连接图形界面 DISPLAY={display_name}({exc})"
    return None


def _wayland_only() -> bool:
    """A Wayland session: XWayland's DISPLAY reaches only X clients, not the native chat window."""
    return os.environ.get("XDG_SESSION_TYPE") == "wayland" and not os.environ.get("QUICKREPLY_FORCE_X11")
