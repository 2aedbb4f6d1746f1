"""Usage statistics for trainers: uses per day, most used and unused phrases, uses by stage, and exports."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from pathlib import Path
from typing import Any, NamedTuple

from quickreply.core import models, safepath, store

# How SQLite's datetime() prints a moment (UTC); every comparison goes through it, so a used_at
# written with another offset ("+08:00", "Z") or with fractions of a second still compares right.
_SQL_TIME = "%Y-%m-%d %H:%M:%S"
_USED = "datetime(used_at)"
EXPORT_FORMATS = ("csv", "xlsx")


class TopPhrase(NamedTuple):
    """A phrase, how often it was used in the range and when last (local time)."""

    phrase: models.Phrase
    uses: int
    last_used: datetime.datetime


class StageCount(NamedTuple):
    """Uses of the phrases of one stage in the range."""

    stage: models.Stage
    uses: int


@dataclasses.dataclass
class Totals:
    """Headline figures of a date range."""

    start: datetime.date
    end: datetime.date
    days: int
    uses: int
    active_days: int
    phrases_used: int
    phrases_total: int

    @property
    def per_day(self) -> float:
        """Average uses per calendar day of the range."""
        return self.uses / self.days if self.days else 0.0


@dataclasses.dataclass
class Report:
    """Every figure of a date range at once (what the CLI prints and the exports write)."""

    totals: Totals
    per_day: list[tuple[datetime.date, int]]
    top: list[TopPhrase]
    never_used: list[models.Phrase]
    by_stage: list[StageCount]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (dates as ISO strings)."""
        t = self.totals
        return {
            "start": t.start.isoformat(),
            "end": t.end.isoformat(),
            "totals": {
                "days": t.days,
                "uses": t.uses,
                "per_day": round(t.per_day, 2),
                "active_days": t.active_days,
                "phrases_used": t.phrases_used,
                "phrases_total": t.phrases_total,
                "never_used": len(self.never_used),
            },
            "per_day": [{"date": d.isoformat(), "uses": n} for d, n in self.per_day],
            "top": [
                {
                    "id": p.phrase.id,
                    "title": p.phrase.title,
                    "code": p.phrase.code,
                    "stage_id": p.phrase.stage_id,
                    "uses": p.uses,
                    "last_used": p.last_used.isoformat(timespec="seconds"),
                }
                for p in self.top
            ],
            "never_used": [
                {"id": p.id, "title": p.title, "code": p.code, "stage_id": p.stage_id}
                for p in self.never_used
            ],
            "by_stage": [
                {"stage_id": s.stage.id, "name": s.stage.name_zh, "uses": s.uses} for s in self.by_stage
            ],
        }


class UsageStats:
    """Usage figures of a store, counted by calendar day in the user's time zone.

    Args:
        db: the phrase store.
        now: the moment "today" is taken from (default: the current time; injectable for tests).
        tz: the user's time zone (default: the system's local time, daylight saving included).
    """

    def __init__(
        self, db: store.PhraseStore, now: datetime.datetime | None = None, tz: datetime.tzinfo | None = None
    ) -> None:
        self.db = db
        self.tz = tz
        self._now = now

    @property
    def now(self) -> datetime.datetime:
        now = self._now or datetime.datetime.now(datetime.UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=self.tz) if self.tz else now.astimezone()
        return now.astimezone(self.tz)

    def today(self) -> datetime.date:
        """Today's date in the user's time zone."""
        return self.now.date()

    def last_days(self, days: int) -> tuple[datetime.date, datetime.date]:
        """The range (start, end) of the last ``days`` calendar days, today included."""
        end = self.today()
        return end - datetime.timedelta(days=max(1, days) - 1), end

    # -- helpers ----------------------------------------------------------------------------------

    def _midnight(self, day: datetime.date) -> str:
        """Local midnight at the start of ``day``, as a UTC time in SQLite's datetime() format."""
        # A naive datetime is taken by astimezone() as the system's local time.
        local = datetime.datetime.combine(day, datetime.time(), tzinfo=self.tz)
        return local.astimezone(datetime.UTC).strftime(_SQL_TIME)

    def _range(self, start: datetime.date, end: datetime.date) -> tuple[str, list[str]]:
        """A WHERE condition (and its parameters) for uses from local ``start`` through ``end``."""
        return f"{_USED} >= ? AND {_USED} < ?", [
            self._midnight(start),
            self._midnight(end + datetime.timedelta(days=1)),
        ]

    def _local(self, sql_time: str) -> datetime.datetime:
        moment = datetime.datetime.strptime(sql_time, _SQL_TIME).replace(tzinfo=datetime.UTC)
        return moment.astimezone(self.tz)

    # -- figures ----------------------------------------------------------------------------------

    def per_day(self, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, int]]:
        """Uses on every local day from ``start`` through ``end`` (days without uses give 0)."""
        days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
        if not days:
            return []
        # Day boundaries are computed in Python (so DST and half-hour zones are exact) and the rows
        # are bucketed and counted in one pass by SQLite. The bounds are our own formatted dates.
        bounds = [self._midnight(d + datetime.timedelta(days=1)) for d in days]
        cases = " ".join(f"WHEN {_USED} < '{b}' THEN {i}" for i, b in enumerate(bounds))
        where, params = self._range(start, end)
        rows = self.db.conn.execute(
            f"SELECT CASE {cases} END AS day, COUNT(*) FROM usage WHERE {where} GROUP BY day", params
        ).fetchall()
        counts = {int(day): int(n) for day, n in rows}
        return [(d, counts.get(i, 0)) for i, d in enumerate(days)]

    def top_phrases(self, n: int, start: datetime.date, end: datetime.date) -> list[TopPhrase]:
        """The ``n`` most used phrases of the range: most uses first, then the most recently used."""
        where, params = self._range(start, end)
        rows = self.db.conn.execute(
            f"SELECT phrase_id, COUNT(*) AS uses, MAX({_USED}) AS last FROM usage WHERE {where}"
            " GROUP BY phrase_id ORDER BY uses DESC, last DESC, phrase_id LIMIT ?",
            [*params, max(0, n)],
        ).fetchall()
        return [TopPhrase(self.db.get(pid), int(uses), self._local(last)) for pid, uses, last in rows]

    def unused(self, start: datetime.date, end: datetime.date) -> list[models.Phrase]:
        """Phrases not used at all from ``start`` through ``end``, in library order."""
        where, params = self._range(start, end)
        used = {
            row[0]
            for row in self.db.conn.execute(f"SELECT DISTINCT phrase_id FROM usage WHERE {where}", params)
        }
        return [p for p in self.db.phrases() if p.id not in used]

    def never_used(self, days: int) -> list[models.Phrase]:
        """Phrases with no use in the last ``days`` days (today included), in library order."""
        return self.unused(*self.last_days(days))

    def by_stage(self, start: datetime.date, end: datetime.date) -> list[StageCount]:
        """Uses per stage in conversation order (stages without uses give 0)."""
        where, params = self._range(start, end)
        rows = self.db.conn.execute(
            f"SELECT p.stage_id, COUNT(*) FROM usage u JOIN phrases p ON p.id = u.phrase_id WHERE {where}"
            " GROUP BY p.stage_id",
            params,
        ).fetchall()
        counts = {stage_id: int(n) for stage_id, n in rows}
        return [StageCount(s, counts.get(s.id, 0)) for s in self.db.stages()]

    def totals(self, start: datetime.date, end: datetime.date) -> Totals:
        """Uses, active days and phrases used in the range, and the size of the library."""
        where, params = self._range(start, end)
        uses, phrases_used = self.db.conn.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT phrase_id) FROM usage WHERE {where}", params
        ).fetchone()
        phrases_total = self.db.phrase_count()
        active = sum(1 for _, n in self.per_day(start, end) if n)
        return Totals(
            start=start,
            end=end,
            days=(end - start).days + 1,
            uses=int(uses),
            active_days=active,
            phrases_used=int(phrases_used),
            phrases_total=int(phrases_total),
        )

    def report(self, start: datetime.date, end: datetime.date, top_n: int = 10) -> Report:
        """All figures of the range; "never used" means not used within the range."""
        return Report(
            totals=self.totals(start, end),
            per_day=self.per_day(start, end),
            top=self.top_phrases(top_n, start, end),
            never_used=self.unused(start, end),
            by_stage=self.by_stage(start, end),
        )

    # -- exports ----------------------------------------------------------------------------------

    def export_csv(self, path: str | Path, start: datetime.date, end: datetime.date, top_n: int = 10) -> Path:
        """Write the report as CSV (UTF-8 with BOM, for Excel): titled sections separated by a blank line."""
        target = Path(path)
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        for number, (title, rows) in enumerate(sections(self.report(start, end, top_n))):
            if number:
                writer.writerow([])
            writer.writerow([f"# {title}"])
            writer.writerows([_text(v) for v in row] for row in rows)
        with safepath.replacing(target, self.db.path) as handle:
            handle.write(text.getvalue().encode("utf-8-sig"))
        return target

    def export_xlsx(
        self, path: str | Path, start: datetime.date, end: datetime.date, top_n: int = 10
    ) -> Path:
        """Write the report as an Excel workbook, one sheet per section."""
        from openpyxl import Workbook

        target = Path(path)
        report = self.report(start, end, top_n)
        with safepath.replacing(target, self.db.path) as handle:  # first: a refused path builds no workbook
            book = Workbook(write_only=True)
            for title, rows in sections(report):
                sheet = book.create_sheet(title)
                for row in rows:
                    sheet.append(row)
            book.save(handle)
        return target

    def export(self, path: str | Path, start: datetime.date, end: datetime.date, top_n: int = 10) -> Path:
        """Write CSV or XLSX by the file's extension; ValueError for any other extension, OSError
        (``safepath.Refused`` too) when the file cannot be written."""
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix == "csv":
            return self.export_csv(path, start, end, top_n)
        if suffix == "xlsx":
            return self.export_xlsx(path, start, end, top_n)
        raise ValueError(f"不支持的导出格式「{Path(path).suffix or '无扩展名'}」:请用 .csv 或 .xlsx")


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def sections(report: Report) -> list[tuple[str, list[list[Any]]]]:
    """The report as (title, rows) tables, the first row of each being its column headings."""
    t = report.totals
    names = {s.stage.id: s.stage.name_zh for s in report.by_stage}
    summary: list[list[Any]] = [
        ["项目", "数值"],
        ["开始日期", t.start],
        ["结束日期", t.end],
        ["天数", t.days],
        ["使用次数", t.uses],
        ["平均每天", round(t.per_day, 2)],
        ["有使用的天数", t.active_days],
        ["用到的短语", t.phrases_used],
        ["短语总数", t.phrases_total],
        ["未使用的短语", len(report.never_used)],
    ]
    per_day: list[list[Any]] = [["日期", "使用次数"], *([d, n] for d, n in report.per_day)]
    top: list[list[Any]] = [["排名", "编号", "阶段", "标题", "快捷编码", "使用次数", "最近使用"]]
    top += [
        [
            rank,
            p.phrase.id,
            names.get(p.phrase.stage_id, p.phrase.stage_id),
            p.phrase.title,
            p.phrase.code,
            p.uses,
            p.last_used.strftime("%Y-%m-%d %H:%M"),
        ]
        for rank, p in enumerate(report.top, 1)
    ]
    unused: list[list[Any]] = [["编号", "阶段", "标题", "快捷编码"]]
    unused += [[p.id, names.get(p.stage_id, p.stage_id), p.title, p.code] for p in report.never_used]
    stages_: list[list[Any]] = [["阶段", "阶段编号", "使用次数"]]
    stages_ += [[s.stage.name_zh, s.stage.id, s.uses] for s in report.by_stage]
    return [
        ("汇总", summary),
        ("每日使用", per_day),
        ("常用短语", top),
        ("未使用短语", unused),
        ("按阶段", stages_),
    ]
