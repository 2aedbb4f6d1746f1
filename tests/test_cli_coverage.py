"""``quickreply coverage`` and ``quickreply search --batch`` as a script or a trainer runs them:
the real command line in its own process, on a copy of a shop's library."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.blackbox import dump_hash, ok, one_line_error, qr

DATA = Path(__file__).resolve().parent / "data"
DEV_SET = DATA / "buyer_messages.tsv"


# -- coverage ---------------------------------------------------------------------------------------


def test_coverage_table_lists_the_unanswered_first(lib):
    out = ok(qr(lib, "coverage", str(DEV_SET), "--column", "message"))
    lines = out.splitlines()
    assert lines[0] == "覆盖率报告:buyer_messages.tsv(列「message」)"
    total = sum(1 for _ in DEV_SET.open(encoding="utf-8")) - 1
    assert lines[1].startswith(f"  {total} 条买家消息:有把握 ") and "跳过 1 行(表头 1)" in lines[1]
    assert lines[3].split() == ["阶段", "消息", "有把握", "不确定", "没有答案"]
    summary = {line.split()[0]: line.split()[1:] for line in lines[4:] if line and not line.startswith(" ")}
    assert summary["合计"][0] == str(total)
    groups = [line for line in lines if line.startswith("【")]
    if "没有答案" in summary:  # the library of today misses some; the group is then first
        assert groups[0].startswith("【没有答案】")
    assert any(line.startswith("【发货时间】shipping") for line in groups)
    assert "→ fh 发货时间" in out


def test_coverage_json_counts_every_message_once(lib):
    data = json.loads(ok(qr(lib, "coverage", str(DEV_SET), "--json")))
    assert data["column"] == "message" and data["skipped"] == {"header": 1}
    assert sum(data["totals"].values()) == data["messages"] == 481
    assert sum(len(g["messages"]) for g in data["groups"]) == data["messages"]
    for group in data["groups"]:
        assert group["confident"] + group["weak"] + group["unanswered"] == len(group["messages"])
        for message in group["messages"]:
            best = message["best"]
            assert (best is None) == (message["verdict"] == "unanswered")
            assert best is None or best["stage"] == group["stage"]
            assert len(message["top"]) <= 3
    if data["totals"]["unanswered"]:
        assert data["groups"][0]["stage"] is None


def test_coverage_export_writes_the_workbook(lib, tmp_path):
    target = tmp_path / "报告.xlsx"
    out = ok(qr(lib, "coverage", str(DEV_SET), "--export", str(target)))
    assert out.startswith("已导出 481 条消息的覆盖率报告到")
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["覆盖率", "按阶段"]
    rows = list(book["覆盖率"].iter_rows(values_only=True))
    assert rows[0][:3] == ("行号", "买家消息", "结果") and len(rows) == 482
    verdicts = [row[2] for row in rows[1:]]
    # the to-do order: every unanswered message before the first answered one
    if "没有答案" in verdicts:
        assert verdicts.index("有把握") > max(i for i, v in enumerate(verdicts) if v == "没有答案")


def test_coverage_of_a_plain_list_and_of_stdin_like_lines(lib, tmp_path):
    path = tmp_path / "今天.txt"
    path.write_text("在吗\n\n[表情]\n今天能发货吗\nzzqxv\n", encoding="utf-8")
    data = json.loads(ok(qr(lib, "coverage", str(path), "--json")))
    assert data["column"] is None and data["messages"] == 3
    assert data["skipped"] == {"empty": 1, "placeholder": 1}
    assert data["groups"][0]["messages"][0]["message"] == "zzqxv"


@pytest.mark.parametrize(
    ("make", "argv", "words"),
    [
        (None, [], ["无法读取文件"]),
        (b"", [], ["文件是空的"]),
        (b"\x00\x01\x02garbage" * 100, [], ["不是文本文件"]),
        ("时间,昵称\n10:00,tb1\n".encode(), [], ["找不到买家消息列"]),
        (DEV_SET.read_bytes(), ["--column", "留言"], ["没有名为「留言」的列"]),
        (b"\n\n[\xe5\x9b\xbe\xe7\x89\x87]\n", [], ["没有买家消息"]),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(lib, tmp_path, make, argv, words):
    path = tmp_path / ("messages.csv" if make and make.startswith("时间".encode()) else "messages.txt")
    if make is not None:
        path.write_bytes(make)
    before = dump_hash(lib)
    target = tmp_path / "out.xlsx"
    one_line_error(qr(lib, "coverage", str(path), *argv, "--export", str(target)), *words)
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    assert dump_hash(lib) == before


def test_a_huge_file_and_a_wrong_export_name_are_refused(lib, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)
    one_line_error(qr(lib, "coverage", str(big)), "文件过大")
    one_line_error(qr(lib, "coverage", str(DEV_SET), "--export", str(tmp_path / "x.csv")), ".xlsx")
    assert not (tmp_path / "x.csv").exists()


def test_coverage_output_is_safe_on_a_terminal(lib, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text("在吗\x1b[2J\u202e\n" + "今天能发货吗\n" * 20, encoding="utf-8")
    out = ok(qr(lib, "coverage", str(path)))
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b" in out
    data = ok(qr(lib, "coverage", str(path), "--json"))
    assert "\x1b" not in data and json.loads(data)["messages"] == 21


# -- search --batch ---------------------------------------------------------------------------------


def _search_json(lib: Path, query: str) -> list[dict]:
    return json.loads(ok(qr(lib, "search", query, "--limit", "3", "--json")))


def test_batch_json_is_one_array_a_line_in_order(lib, tmp_path):
    queries = ["fh", "", "亲 帮我看下快递到哪了", "zzqxv", "发货"]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    lines = ok(qr(lib, "search", "--batch", str(path), "--limit", "3", "--json")).splitlines()
    assert len(lines) == len(queries)
    arrays = [json.loads(line) for line in lines]
    assert arrays[1] == [] and arrays[3] == []
    assert arrays[0][0]["code"] == "fh" and arrays[0][0]["rank"] == 1
    for query, array in zip(queries, arrays, strict=True):
        assert len(array) <= 3 and all(isinstance(item["certain"], bool) for item in array)
        if query:  # the same answer as one search: everything it prints, plus certain
            single = _search_json(lib, query)
            assert array == single
            shown_today = {
                "rank",
                "tier",
                "score",
                "title_spans",
                "body_spans",
                "id",
                "code",
                "title",
                "body",
            }
            assert all(shown_today <= set(item) for item in single)


def test_batch_reads_stdin_and_crlf_and_a_bom(lib):
    done = subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(lib), "search", "--batch", "-", "--json"],
        input="\ufefffh\r\n/tk\r\n".encode(),
        capture_output=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr.decode()
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first[0]["code"] == "fh" and second[0]["code"] == "tk"


def test_batch_answers_each_line_before_the_next_is_written(lib):
    """A script can keep one quickreply running and ask it query after query."""
    process = subprocess.Popen(
        [sys.executable, "-m", "quickreply", "--db", str(lib), "search", "--batch", "-", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        for code in ("fh", "tk"):
            process.stdin.write(code + "\n")
            process.stdin.flush()
            assert json.loads(process.stdout.readline())[0]["code"] == code
    finally:
        process.stdin.close()
        assert process.wait(timeout=60) == 0


def test_batch_without_json_prints_a_block_per_query(lib, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("fh\n\nzzqxv\n", encoding="utf-8")
    out = ok(qr(lib, "search", "--batch", str(path), "--limit", "2"))
    blocks = out.split("\n\n")
    assert len(blocks) == 3
    assert blocks[0].startswith("# 1「fh」\n 1. fh") and len(blocks[0].splitlines()) == 3
    assert blocks[1] == "# 2「」\n   (没有找到)"
    assert blocks[2].strip() == "# 3「zzqxv」\n   (没有找到)"


def test_batch_errors_are_one_line(lib, tmp_path):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("fh\n发货\n".encode("gbk"))
    one_line_error(qr(lib, "search", "--batch", str(bad), "--json"), "第 2 行不是 UTF-8")
    one_line_error(qr(lib, "search", "--batch", str(tmp_path / "missing.txt")), "无法读取文件")
    one_line_error(qr(lib, "search", "fh", "--batch", str(bad)), "二者选一")
    one_line_error(qr(lib, "search"), "二者选一")


def test_search_still_starts_without_the_coverage_report_and_pack_readers(lib):
    probe = (
        "import sys; from quickreply import cli; code = cli.main(sys.argv[1:]);"
        "print(code, sorted(m for m in sys.modules if m.startswith('quickreply.')))"
    )
    for argv in (["search", "fh"], ["search", "--batch", "-", "--json"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, "--db", str(lib), *argv],
            input="fh\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        code, loaded = done.stdout.splitlines()[-1].split(" ", 1)
        assert code == "0", done.stderr
        for module in ("core.coverage", "core.packs.csvpack", "core.packs.xlsxpack", "core.stats"):
            assert module not in loaded, module
