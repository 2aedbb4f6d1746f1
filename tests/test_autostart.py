"""Start at login: XDG autostart entry, Windows Run value (faked registry) and macOS LaunchAgent."""

from __future__ import annotations

import plistlib
import shlex
import sys
from pathlib import Path

import pytest

from quickreply import autostart


class FakeRunValue:
    """The registry seam: one value, recorded calls."""

    def __init__(self, value: str | None = None) -> None:
        self.value = value
        self.calls: list[str] = []

    def get(self) -> str | None:
        self.calls.append("get")
        return self.value

    def set(self, value: str) -> None:
        self.calls.append("set")
        self.value = value

    def delete(self) -> None:
        self.calls.append("delete")
        self.value = None


def entries(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_xdg_entry_is_written_and_removed(tmp_path):
    auto = autostart.Autostart("linux", config_home=tmp_path)
    entry = tmp_path / "autostart" / "quickreply.desktop"
    assert auto.path == entry
    assert not auto.enabled()

    auto.enable(["/usr/bin/python3", "-m", "quickreply"])
    assert auto.enabled()
    values = entries(entry)
    assert values["Type"] == "Application"
    assert values["Name"] == "quickreply"
    assert values["Exec"] == "/usr/bin/python3 -m quickreply"
    assert values["X-GNOME-Autostart-enabled"] == "true"

    auto.disable()
    assert not entry.exists()
    assert not auto.enabled()
    auto.disable()  # disabling twice is harmless


def test_xdg_exec_quotes_paths_with_spaces_and_percent(tmp_path):
    auto = autostart.Autostart("linux", config_home=tmp_path)
    auto.enable(["/home/王 小明/my env/bin/python", "-m", "quickreply", "--label=100%"])
    exec_value = entries(auto.path)["Exec"]
    assert exec_value == '"/home/王 小明/my env/bin/python" -m quickreply --label=100%%'
    # Apart from the %-doubling, the quoting is what a shell reads back as the same arguments.
    assert shlex.split(exec_value.replace("%%", "%")) == [
        "/home/王 小明/my env/bin/python",
        "-m",
        "quickreply",
        "--label=100%",
    ]


def test_exec_line_escapes_specials():
    # "$" and backslash are escaped inside double quotes, and the backslash doubled again for the desktop file.
    assert autostart.exec_line(["/opt/a$b/py"]) == '"/opt/a\\\\$b/py"'
    assert autostart.exec_line(["C:\\py"]) == '"C:\\\\\\\\py"'
    assert autostart.exec_line(["plain", ""]) == 'plain ""'


def test_xdg_entry_switched_off_by_the_desktop_counts_as_disabled(tmp_path):
    auto = autostart.Autostart("linux", config_home=tmp_path)
    auto.enable(["python", "-m", "quickreply"])
    auto.path.write_text(auto.path.read_text().replace("enabled=true", "enabled=false"))
    assert not auto.enabled()


def test_xdg_location_follows_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert autostart.Autostart("linux").path == tmp_path / "cfg" / "autostart" / "quickreply.desktop"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert (
        autostart.Autostart("freebsd14").path
        == tmp_path / "home" / ".config" / "autostart" / "quickreply.desktop"
    )


def test_windows_run_value_through_the_registry_seam():
    registry = FakeRunValue()
    auto = autostart.Autostart("win32", registry=registry)
    assert auto.path is None
    assert not auto.enabled()

    auto.enable([r"C:\Program Files\Python311\pythonw.exe", "-m", "quickreply"])
    assert registry.value == r'"C:\Program Files\Python311\pythonw.exe" -m quickreply'
    assert auto.enabled()

    auto.disable()
    assert registry.value is None
    assert not auto.enabled()
    assert registry.calls == ["get", "set", "get", "delete", "get"]


def test_windows_default_seam_is_the_run_key():
    value = autostart.Autostart("win32").registry
    assert isinstance(value, autostart.RunKeyValue)
    assert value.name == "quickreply"
    assert autostart.RUN_KEY == r"Software\Microsoft\Windows\CurrentVersion\Run"


@pytest.mark.skipif(sys.platform == "win32", reason="the real registry is there on Windows")
def test_run_key_off_windows_fails_like_an_unwritable_registry():
    value = autostart.RunKeyValue()
    for call in (value.get, value.delete, lambda: value.set("quickreply")):
        with pytest.raises(OSError, match="Windows"):
            call()


def test_macos_launch_agent(tmp_path):
    auto = autostart.Autostart("darwin", home=tmp_path)
    agent = tmp_path / "Library" / "LaunchAgents" / "com.quickreply.app.plist"
    assert auto.path == agent
    assert not auto.enabled()

    auto.enable(["/usr/local/bin/python3", "-m", "quickreply"])
    assert auto.enabled()
    content = plistlib.loads(agent.read_bytes())
    assert content == {
        "Label": "com.quickreply.app",
        "ProgramArguments": ["/usr/local/bin/python3", "-m", "quickreply"],
        "RunAtLoad": True,
    }

    auto.disable()
    assert not agent.exists()
    assert not auto.enabled()


def test_enable_refuses_an_empty_command(tmp_path):
    with pytest.raises(ValueError):
        autostart.Autostart("linux", config_home=tmp_path).enable([])


def test_default_command_is_this_python():
    assert autostart.default_command() == [sys.executable, "-m", "quickreply"]
    assert autostart.default_command("linux", "/usr/bin/python3") == ["/usr/bin/python3", "-m", "quickreply"]


def test_default_command_prefers_pythonw_on_windows(tmp_path):
    python = tmp_path / "python.exe"
    python.touch()
    assert autostart.default_command("win32", str(python)) == [str(python), "-m", "quickreply"]
    (tmp_path / "pythonw.exe").touch()
    assert autostart.default_command("win32", str(python)) == [
        str(tmp_path / "pythonw.exe"),
        "-m",
        "quickreply",
    ]
