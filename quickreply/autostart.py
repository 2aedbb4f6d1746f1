"""Start quickreply when the user logs in: an XDG autostart entry, a Run registry value or a LaunchAgent.

Agents reboot their PCs and forget to start helpers; the settings dialog's 开机启动 checkbox goes
through ``Autostart``. Every location is injectable so tests never touch the real home or registry.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Protocol

APP_NAME = "quickreply"
DESKTOP_FILE = "quickreply.desktop"
LAUNCH_AGENT_LABEL = "com.quickreply.app"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
NO_REGISTRY = "只有 Windows 有注册表"

# Characters that make a desktop-entry Exec argument need quoting (Desktop Entry Specification, "Exec key").
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class RegistryValue(Protocol):
    """One registry value (the seam tests fake on Linux)."""

    def get(self) -> str | None: ...

    def set(self, value: str) -> None: ...

    def delete(self) -> None: ...


class RunKeyValue:
    """The value ``name`` under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run, through winreg.

    winreg exists only on Windows; elsewhere each method raises OSError, like a registry that cannot
    be written. (mypy reads the ``sys.platform`` checks: it checks the winreg calls when run for
    Windows and skips them elsewhere.)
    """

    def __init__(self, name: str = APP_NAME) -> None:
        self.name = name

    def get(self) -> str | None:
        if sys.platform != "win32":
            raise OSError(NO_REGISTRY)
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, self.name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, value: str) -> None:
        if sys.platform != "win32":
            raise OSError(NO_REGISTRY)
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, self.name, 0, winreg.REG_SZ, value)

    def delete(self) -> None:
        if sys.platform != "win32":
            raise OSError(NO_REGISTRY)
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, self.name)
        except FileNotFoundError:
            pass


def default_command(platform: str = sys.platform, executable: str = sys.executable) -> list[str]:
    """How to start quickreply: this Python with ``-m quickreply`` (pythonw.exe on Windows: no console)."""
    if platform == "win32":
        pythonw = Path(executable).with_name("pythonw.exe")
        if pythonw.exists():
            executable = str(pythonw)
    return [executable, "-m", APP_NAME]


def exec_line(command: list[str]) -> str:
    """A command as a desktop entry's Exec value: arguments quoted per the spec, % doubled."""
    parts = []
    for arg in command:
        if arg and not _EXEC_RESERVED.intersection(arg):
            parts.append(arg.replace("%", "%%"))
            continue
        quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        parts.append('"' + quoted.replace("%", "%%") + '"')
    # The Exec value is itself a desktop-entry string, whose escape character is the backslash.
    return " ".join(parts).replace("\\", "\\\\")


class Autostart:
    """Whether quickreply starts at login, and switching it on or off, for one platform.

    Args:
        platform: ``sys.platform``; win32 uses the registry, darwin a LaunchAgent, anything else XDG.
        config_home: the XDG config folder (default $XDG_CONFIG_HOME, else ~/.config).
        home: the home folder holding Library/LaunchAgents on macOS (default ``Path.home()``).
        registry: the Run value on Windows (default ``RunKeyValue()``).
    """

    def __init__(
        self,
        platform: str = sys.platform,
        *,
        config_home: Path | None = None,
        home: Path | None = None,
        registry: RegistryValue | None = None,
    ) -> None:
        self.platform = platform
        self._config_home = config_home
        self._home = home
        self._registry = registry

    @property
    def kind(self) -> str:
        """windows, macos or xdg."""
        if self.platform == "win32":
            return "windows"
        if self.platform == "darwin":
            return "macos"
        return "xdg"

    @property
    def registry(self) -> RegistryValue:
        if self._registry is None:
            self._registry = RunKeyValue()
        return self._registry

    @property
    def path(self) -> Path | None:
        """The file that makes quickreply start (None on Windows, where it is a registry value)."""
        if self.kind == "windows":
            return None
        if self.kind == "macos":
            home = self._home or Path.home()
            return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        config = self._config_home
        if config is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            # The XDG spec says a relative $XDG_CONFIG_HOME is invalid and must be ignored.
            config = Path(env) if env and os.path.isabs(env) else Path.home() / ".config"
        return config / "autostart" / DESKTOP_FILE

    def enabled(self) -> bool:
        """Whether quickreply is set to start at login."""
        if self.kind == "windows":
            return bool(self.registry.get())
        path = self.path
        assert path is not None
        if not path.is_file():
            return False
        if self.kind == "macos":
            return True
        entries = _desktop_entries(path.read_text(encoding="utf-8", errors="replace"))
        return (
            entries.get("Hidden", "false") != "true" and entries.get("X-GNOME-Autostart-enabled") != "false"
        )

    def enable(self, command: list[str]) -> None:
        """Start ``command`` at login (replacing an earlier entry); OSError when it cannot be written."""
        if not command:
            raise ValueError("empty command")
        if self.kind == "windows":
            self.registry.set(subprocess.list2cmdline(command))
            return
        path = self.path
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "macos":
            agent = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": list(command), "RunAtLoad": True}
            path.write_bytes(plistlib.dumps(agent))
            return
        path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_NAME}\n"
            "Comment=Quick replies for e-commerce chat\n"
            f"Exec={exec_line(command)}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            encoding="utf-8",
        )

    def disable(self) -> None:
        """Stop starting at login; nothing happens when it was not set."""
        if self.kind == "windows":
            self.registry.delete()
            return
        path = self.path
        assert path is not None
        path.unlink(missing_ok=True)


def _desktop_entries(text: str) -> dict[str, str]:
    """The key=value pairs of a desktop file's [Desktop Entry] group."""
    entries: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entries[key.strip()] = value.strip()
    return entries
