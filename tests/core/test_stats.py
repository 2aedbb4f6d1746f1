"""Usage statistics: per-day counts in local time, top and unused phrases, stages, exports and the CLI."""

import argparse
import collections
import csv
import datetime
import json
import random
import zoneinfo

import openpyxl
import pytest

from quickreply import cli
from quickreply.cli import usage as statscli
from quickreply.core import stats, store
from tests.conftest import make_phrase

CST = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=CST)
D = datetime.date


@pytest.fixture
def seeded(fresh_store):
    db = fresh_store
    a = db.add(make_phrase(stage="greeting", title="欢迎语", code="hy"))
    b = db.add(make_phrase(stage="shipping", title="发货时间", code="fh"))
    c = db.add(make_phrase(stage="shipping", title="延迟发货", code="yc"))
    d = db.add(make_phrase(stage="closing", title="感谢光临", code="js"))
    uses = [
        (a, "2026-11-24T01:00:00+00:00"),  # local 11-24 09:00
        (a, "2026-11-23T16:00:00+00:00"),  # local 11-24 00:00:00 — UTC still says the 23rd
        (a, "2026-11-23T15:59:59+00:00"),  # local 11-23 23:59:59
        (b, "2026-11-22T02:00:00+00:00"),
        (b, "2026-11-22T03:00:00+00:00"),
        (b, "2026-11-22T04:00:00+00:00"),
        (c, "2026-11-20T08:00:00+08:00"),  # written with a local offset: local 11-20 08:00
        (c, "2026-11-17T15:59:59+00:00"),  # local 11-17 23:59:59, one second before a 7-day range
        (c, "2026-11-01T00:00:00+00:00"),
    ]
    for phrase, when in uses:
        db.record_use(phrase.id, when=when)
    return db, (a, b, c, d)


def usage_stats(db, now=NOW, tz=CST):
    return stats.UsageStats(db, now=now, tz=tz)


def brute_force_per_day(db, tz, start, end):
    """Count the usage table row by row in Python, the reference for the SQL."""
    counted = collections.Counter(
        datetime.datetime.fromisoformat(row[0]).astimezone(tz).date()
        for row in db.conn.execute("SELECT used_at FROM usage")
    )
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    return [(day, counted.get(day, 0)) for day in days]


def test_last_days_is_local_today_and_back(seeded):
    db, _ = seeded
    assert usage_stats(db).last_days(7) == (D(2026, 11, 18), D(2026, 11, 24))
    # 23:30 UTC on the 23rd is already the 24th in China.
    late = datetime.datetime(2026, 11, 23, 23, 30, tzinfo=datetime.UTC)
    assert usage_stats(db, now=late).today() == D(2026, 11, 24)


def test_per_day_counts_every_local_day_including_zeros(seeded):
    db, _ = seeded
    figures = usage_stats(db).per_day(D(2026, 11, 18), D(2026, 11, 24))
    assert figures == [
        (D(2026, 11, 18), 0),
        (D(2026, 11, 19), 0),
        (D(2026, 11, 20), 1),
        (D(2026, 11, 21), 0),
        (D(2026, 11, 22), 3),
        (D(2026, 11, 23), 1),
        (D(2026, 11, 24), 2),
    ]
    assert figures == brute_force_per_day(db, CST, D(2026, 11, 18), D(2026, 11, 24))


def test_per_day_in_utc_puts_the_midnight_use_on_the_previous_day(seeded):
    db, _ = seeded
    figures = dict(usage_stats(db, tz=datetime.UTC).per_day(D(2026, 11, 23), D(2026, 11, 24)))
    assert figures == {D(2026, 11, 23): 2, D(2026, 11, 24): 1}


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"])
def test_per_day_matches_the_usage_table_exactly(fresh_store, zone):
    """Random uses over 60 days, in zones with DST changes and half-hour offsets."""
    tz = zoneinfo.ZoneInfo(zone)
    phrase = fresh_store.add(make_phrase())
    rng = random.Random(zone)
    base = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    for _ in range(300):
        when = base + datetime.timedelta(seconds=rng.randrange(60 * 86400))
        fresh_store.record_use(phrase.id, when=when.isoformat(timespec="seconds"))
    start, end = D(2026, 10, 5), D(2026, 11, 25)
    figures = usage_stats(fresh_store, now=datetime.datetime(2026, 11, 25, 12, tzinfo=tz), tz=tz).per_day(
        start, end
    )
    assert figures == brute_force_per_day(fresh_store, tz, start, end)
    assert len(figures) == 52


def test_per_day_of_an_empty_store_is_all_zeros(fresh_store):
    assert usage_stats(fresh_store).per_day(D(2026, 11, 1), D(2026, 11, 3)) == [
        (D(2026, 11, 1), 0),
        (D(2026, 11, 2), 0),
        (D(2026, 11, 3), 0),
    ]


def test_top_phrases_by_count_then_most_recent(seeded):
    db, (a, b, c, _) = seeded
    top = usage_stats(db).top_phrases(10, D(2026, 11, 18), D(2026, 11, 24))
    assert [(t.phrase.id, t.uses) for t in top] == [(a.id, 3), (b.id, 3), (c.id, 1)]
    assert top[0].last_used == datetime.datetime(2026, 11, 24, 9, 0, tzinfo=CST)
    assert top[2].last_used == datetime.datetime(2026, 11, 20, 8, 0, tzinfo=CST)
    phrase, count, last_used = top[1]
    assert phrase.title == "发货时间" and count == 3 and last_used.hour == 12
    assert [t.phrase.id for t in usage_stats(db).top_phrases(1, D(2026, 11, 18), D(2026, 11, 24))] == [a.id]


def test_never_used_in_library_order(seeded):
    db, (a, b, c, d) = seeded
    s = usage_stats(db)
    assert [p.id for p in s.never_used(7)] == [d.id]
    assert [p.id for p in s.never_used(1)] == [b.id, c.id, d.id]
    assert [p.id for p in s.never_used(2)] == [b.id, c.id, d.id]
    assert [p.id for p in s.never_used(3)] == [c.id, d.id]


def test_by_stage_in_conversation_order_with_zeros(seeded):
    db, _ = seeded
    by_stage = usage_stats(db).by_stage(D(2026, 11, 18), D(2026, 11, 24))
    assert [s.stage.id for s in by_stage] == [s.id for s in db.stages()]
    counts = {s.stage.id: s.uses for s in by_stage}
    assert counts["greeting"] == 3 and counts["shipping"] == 4 and counts["closing"] == 0
    assert sum(counts.values()) == 7


def test_totals(seeded):
    db, _ = seeded
    t = usage_stats(db).totals(D(2026, 11, 18), D(2026, 11, 24))
    assert (t.days, t.uses, t.active_days, t.phrases_used, t.phrases_total) == (7, 7, 4, 3, 4)
    assert t.per_day == pytest.approx(1.0)


def read_csv_sections(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    sections, current = {}, None
    for row in rows:
        if not row:
            continue
        if row[0].startswith("# "):
            current = sections.setdefault(row[0][2:], [])
        else:
            current.append(row)
    return sections


def test_export_csv_reads_back(seeded, tmp_path):
    db, (a, _, _, d) = seeded
    s = usage_stats(db)
    start, end = s.last_days(7)
    path = s.export(tmp_path / "统计.csv", start, end)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    sections = read_csv_sections(path)
    assert list(sections) == ["汇总", "每日使用", "常用短语", "未使用短语", "按阶段"]
    assert sections["每日使用"][0] == ["日期", "使用次数"]
    assert [(D.fromisoformat(x), int(n)) for x, n in sections["每日使用"][1:]] == s.per_day(start, end)
    assert sections["常用短语"][1][:6] == ["1", str(a.id), "开场问候", "欢迎语", "hy", "3"]
    assert sections["未使用短语"][1:] == [[str(d.id), "结束语", "感谢光临", "js"]]
    assert ["发货时间", "shipping", "4"] in sections["按阶段"]
    assert ["使用次数", "7"] in sections["汇总"]


def test_export_xlsx_reads_back(seeded, tmp_path):
    db, (a, b, c, d) = seeded
    s = usage_stats(db)
    start, end = s.last_days(7)
    path = s.export(tmp_path / "统计.xlsx", start, end)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["汇总", "每日使用", "常用短语", "未使用短语", "按阶段"]
    days = list(book["每日使用"].iter_rows(values_only=True))
    assert days[0] == ("日期", "使用次数")
    assert [(x.date(), n) for x, n in days[1:]] == s.per_day(start, end)
    top = list(book["常用短语"].iter_rows(values_only=True))
    assert [row[1] for row in top[1:]] == [a.id, b.id, c.id]
    assert top[1][5:] == (3, "2026-11-24 09:00")
    assert list(book["未使用短语"].iter_rows(values_only=True))[1:] == [(d.id, "结束语", "感谢光临", "js")]


def test_export_refuses_other_formats(seeded, tmp_path):
    db, _ = seeded
    with pytest.raises(ValueError, match="csv"):
        usage_stats(db).export(tmp_path / "x.txt", D(2026, 11, 1), D(2026, 11, 2))


# -- the stats command ------------------------------------------------------------------------------


def run_stats(db, capsys, *argv):
    parser = argparse.ArgumentParser(prog="quickreply")
    sub = parser.add_subparsers()

    def command(name, func, help_):
        p = sub.add_parser(name, help=help_)
        p.set_defaults(func=func)
        return p

    statscli.register(command, lambda args: db)
    args = parser.parse_args(["stats", *argv])
    code = statscli.cmd_stats(args, lambda _: db, usage_stats(db))
    return code, capsys.readouterr().out


def test_cli_text_report(seeded, capsys):
    db, _ = seeded
    code, out = run_stats(db, capsys, "--days", "7")
    assert code == 0
    assert "最近 7 天(2026-11-18 至 2026-11-24)" in out
    assert "共使用 7 次" in out and "用到 3 / 4 条短语" in out
    assert "11-22 周日" in out and "█" in out
    assert "7 天内未使用的短语:1 条" in out and "感谢光临" in out
    assert out.index("开场问候") < out.index("投诉处理")


def test_cli_json(seeded, capsys):
    db, (a, _, _, d) = seeded
    code, out = run_stats(db, capsys, "--days", "7", "--json")
    data = json.loads(out)
    assert code == 0 and data["totals"]["uses"] == 7
    assert [x["uses"] for x in data["per_day"]] == [0, 0, 1, 0, 3, 1, 2]
    assert data["top"][0]["id"] == a.id and data["never_used"][0]["id"] == d.id


def test_cli_export(seeded, capsys, tmp_path):
    db, _ = seeded
    code, out = run_stats(db, capsys, "--export", str(tmp_path / "s.xlsx"))
    assert code == 0 and "已导出" in out and (tmp_path / "s.xlsx").exists()
    code, _ = run_stats(db, capsys, "--export", str(tmp_path / "s.txt"))
    assert code == 2


def test_cli_rejects_bad_days(seeded, capsys):
    db, _ = seeded
    with pytest.raises(SystemExit):
        run_stats(db, capsys, "--days", "0")


@pytest.mark.skipif(
    "stats" not in cli.build_parser()._subparsers._group_actions[0].choices,
    reason="quickreply/cli.py does not register statscli yet",
)
def test_cli_main_runs_stats(tmp_path, capsys):
    path = tmp_path / "lib.db"
    db = store.PhraseStore(path)
    phrase = db.add(make_phrase())
    db.record_use(phrase.id)
    db.record_use(phrase.id)
    db.close()
    assert cli.main(["--db", str(path), "stats", "--days", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["uses"] == 2 and data["top"][0]["id"] == phrase.id
