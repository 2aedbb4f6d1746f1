"""The import dialog applies the CLI's size settings, and a library locked by another program is a message."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quickreply import cli, settings
from quickreply.core import lint
from quickreply.core.packs import csvpack
from quickreply.ui import import_dialog

DATA = Path(__file__).resolve().parents[1] / "data"


def make_dialog(qtbot, library) -> import_dialog.ImportDialog:
    widget = import_dialog.ImportDialog(library, lint.Linter.default())
    qtbot.addWidget(widget)
    return widget


def cli_refusal(library, path: Path, capsys) -> str:
    """What ``quickreply import --dry-run`` says about ``path`` on stderr, without its prefix."""
    capsys.readouterr()
    assert cli.main(["--db", str(library.path), "import", str(path), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quickreply: 错误: ") and err.count("\n") == 1
    return err.removeprefix("quickreply: 错误: ").strip()


def test_a_file_over_the_row_setting_is_refused_as_the_cli_refuses_it(qtbot, library, capsys):
    settings.Settings(library).set("import.max_rows", 5)
    dialog = make_dialog(qtbot, library)
    dialog.load(DATA / "qianniu_gbk.csv")
    assert not dialog.import_button.isEnabled() and dialog.rows.rowCount() == 0
    assert "行数过多(超过 5 行的上限)" in dialog.outcome.text()
    assert dialog.outcome.text() == cli_refusal(library, DATA / "qianniu_gbk.csv", capsys)


def test_a_file_over_the_size_setting_is_refused_as_the_cli_refuses_it(qtbot, library, tmp_path, capsys):
    big = tmp_path / "big.csv"
    rows = [[f"c{i}", "亲,这款今天下单明天发货,请放心。" * 8, "发货"] for i in range(3000)]
    csvpack.write_table(big, ["快捷编码", "快捷短语", "快捷短语分组"], rows)
    assert big.stat().st_size > settings.MIN_IMPORT_BYTES
    settings.Settings(library).set("import.max_bytes", settings.MIN_IMPORT_BYTES)
    dialog = make_dialog(qtbot, library)
    dialog.load(big)
    assert not dialog.import_button.isEnabled()
    assert "文件过大" in dialog.outcome.text() and "上限 1 MB" in dialog.outcome.text()
    assert dialog.outcome.text() == cli_refusal(library, big, capsys)


def test_a_stored_garbage_limit_means_the_default(qtbot, library):
    with library.transaction():
        library.conn.execute("INSERT OR REPLACE INTO settings(name, value) VALUES ('import.max_rows', '0')")
    dialog = make_dialog(qtbot, library)
    dialog.load(DATA / "qianniu_gbk.csv")
    assert dialog.import_button.isEnabled() and dialog.rows.rowCount() == 10


@pytest.fixture
def lock_holder(library) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the library's write lock until it is told to let go."""
    code = (
        "import sqlite3, sys\n"
        f"conn = sqlite3.connect({str(library.path)!r}, isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "sys.stdin.readline()\n"
        "conn.execute('ROLLBACK')\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield holder
    if holder.poll() is None:
        holder.kill()
        holder.wait()


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(timeout=10)


def test_a_locked_library_ends_the_import_with_a_message_and_retry_works(qtbot, library, lock_holder):
    before = len(library.phrases())
    dialog = make_dialog(qtbot, library)
    dialog.load(DATA / "qianniu_gbk.csv")
    dialog.import_button.click()  # waits the store's bounded time, then gives up

    message = dialog.outcome.text()
    assert message.startswith("导入未完成:短语库正被另一个程序写入") and message.endswith(
        "可再点「导入」重试"
    )
    assert "\n" not in message
    assert dialog.report is None and not dialog.progress.isVisible()
    assert dialog.import_button.isEnabled() and "新增 10" in dialog.counts.text()
    assert len(library.phrases()) == before

    release(lock_holder)
    dialog.import_button.click()
    assert dialog.outcome.text().startswith("导入完成")
    assert len(library.phrases()) == before + 10
