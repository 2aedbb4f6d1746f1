"""``quickreply config`` as a user runs it (a real process): bad values refused, stored garbage shown and survived."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quickreply import settings
from quickreply.core import defaults

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library made once; each test copies it (opening a new one installs the default pack: slow)."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    defaults.open_library(path).close()
    return path


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    path.write_bytes(seeded.read_bytes())
    return path


def qr(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )


def store_raw(db: Path, name: str, text: str) -> None:
    """What an older version or a hand edit could leave in the settings table."""
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO settings(name, value) VALUES (?, ?)", [name, text])
    conn.close()


def stored(db: Path, name: str) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
    conn.close()
    return None if row is None else str(row[0])


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        # the four of issue 14
        ("paste.mode", '"bogus"', "应为 paste、paste_and_send、copy_only、type 之一"),
        ("hotkey.popup", '"ctrl+alt+banana"', "应为带修饰键的快捷键,如 ctrl+alt+space"),
        ("lint.rule_files", "[1,2]", '应为规则文件路径的列表,如 ["D:/规则/本店.rules.toml"]'),
        ("paste.pre_paste_delay_ms", "99999999999", "应为 0 到 2000 之间的整数(毫秒)"),
        # and more
        ("paste.mode", "bogus", "之一"),  # not JSON: taken as text, still refused
        ("hotkey.lint", "k", "至少要有一个修饰键"),
        ("paste.send_delay_ms", "-5", "应为 0 到 10000 之间的整数(毫秒)"),
        ("paste.restore_delay_ms", "1.5", "整数"),
        ("paste.shortcut", "ctrl+banana", "按键组合,如 ctrl+v、shift+insert"),
        ("ui.language", "fr", "应为 zh_CN、en 之一"),
        ("library.read_only", "yes", "应为 true 或 false"),
        ("import.max_rows", "0", "应为 1 到 200000 之间的整数"),
        ("profile", "[]", "JSON 对象"),
    ],
)
def test_a_bad_value_is_one_line_naming_what_is_allowed_and_nothing_is_stored(db, name, value, allowed):
    done = qr(db, "config", name, value)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"quickreply: 错误: 设置 {name} 不能是 ")
    assert allowed in done.stderr
    assert stored(db, name) is None


def test_unknown_names_are_one_line_with_close_names(db):
    for argv in (("paste.mod", "paste"), ("paste.mod",)):
        done = qr(db, "config", *argv)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr == (
            "quickreply: 错误: 没有这个设置:paste.mod(是不是 paste.mode、paste.shortcut?"
            "用 quickreply config 列出全部)\n"
        )


def test_good_values_are_stored_in_canonical_form(db):
    done = qr(db, "config", "hotkey.popup", "Ctrl+Alt+Q")
    assert done.returncode == 0 and done.stdout == '已设置 hotkey.popup = "ctrl+alt+q"\n'
    assert stored(db, "hotkey.popup") == '"ctrl+alt+q"'
    assert qr(db, "config", "paste.pre_paste_delay_ms", "2000").returncode == 0
    assert qr(db, "config", "lint.rule_files", '["a.rules.toml"]').returncode == 0


def test_stored_garbage_is_shown_as_fallen_back_and_the_cli_still_works(db):
    store_raw(db, "paste.mode", '"bogus"')
    store_raw(db, "hotkey.popup", '"ctrl+alt+banana"')
    store_raw(db, "lint.rule_files", "[1,2]")
    store_raw(db, "paste.pre_paste_delay_ms", "99999999999")
    store_raw(db, "lint.ad_law", "{not json")
    store_raw(db, "import.max_rows", '"many"')
    bad = ["paste.mode", "hotkey.popup", "lint.rule_files", "paste.pre_paste_delay_ms", "lint.ad_law"]

    listing = qr(db, "config")
    assert listing.returncode == 0
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()}
    for name in [*bad, "import.max_rows"]:
        assert "(已存值无效,用默认值)" in lines[name], name
        assert settings.show(settings.BY_NAME[name].default_for()) in lines[name]
    assert "已存值无效" not in lines["paste.shortcut"]
    warnings = listing.stderr.splitlines()
    assert len(warnings) == 6 and all(w.startswith("quickreply: 警告: 设置 ") for w in warnings)
    assert (
        'quickreply: 警告: 设置 paste.mode 的已存值 "bogus" 无效(应为 paste、paste_and_send、copy_only、type 之一),'
        '已改用默认值 "paste"'
    ) in warnings
    assert "{not json 不是有效的 JSON,已改用默认值 false" in listing.stderr

    one = qr(db, "config", "paste.pre_paste_delay_ms")
    assert one.returncode == 0 and one.stdout.strip() in ("30", "100")
    assert "已存值 99999999999 无效(应为 0 到 2000 之间的整数(毫秒))" in one.stderr

    # Other commands read the same settings: lint --library with the ad-law switch unreadable, and
    # import with its row limit unreadable (the default 50,000 applies).
    linted = qr(db, "lint", "--library")
    assert linted.returncode in (0, 1) and "Traceback" not in linted.stderr and "lint.ad_law" in linted.stderr
    imported = qr(db, "import", str(DATA / "qianniu_gbk.csv"), "--dry-run")
    assert imported.returncode == 0 and "新增 10" in imported.stdout
    assert imported.stderr.startswith('quickreply: 警告: 设置 import.max_rows 的已存值 "many" 无效')
    assert imported.stderr.endswith("已改用默认值 50000\n")

    fixed = qr(db, "config", "paste.mode", "type")
    assert fixed.returncode == 0 and stored(db, "paste.mode") == '"type"'
    assert "paste.mode" not in qr(db, "config").stderr


def test_import_applies_the_row_limit_setting(db):
    assert qr(db, "config", "import.max_rows", "5").returncode == 0
    done = qr(db, "import", str(DATA / "qianniu_gbk.csv"), "--dry-run")
    assert done.returncode == 1 and "行数过多(超过 5 行的上限)" in done.stderr
