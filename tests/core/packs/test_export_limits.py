"""Export never truncates silently, the CSV field limit is one constant, CRLF in cells round-trips (issue 14)."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickreply.core import lint, store
from quickreply.core.packs import PackError, columns, csvpack, export, merge, table, xlsxpack
from tests.conftest import make_phrase

LINTER = lint.Linter.default()


def oversize(db, note_length):
    """A phrase whose note an older version let grow past what a spreadsheet cell holds."""
    phrase = db.add(make_phrase(title="超长备注"))
    db.conn.execute("UPDATE phrases SET note = ? WHERE id = ?", ["备" * note_length, phrase.id])
    return phrase


@pytest.mark.parametrize(("fmt", "limit"), [("xlsx", xlsxpack.CELL_LIMIT), ("csv", csvpack.FIELD_LIMIT)])
def test_a_cell_over_the_format_limit_is_refused_naming_the_phrase(fresh_store, tmp_path, fmt, limit):
    phrase = oversize(fresh_store, limit + 1)
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(PackError) as caught:
        export.export(fresh_store, target, fmt=fmt)
    message = str(caught.value)
    assert f"#{phrase.id}「超长备注」" in message and f"{limit:,}" in message and "备注" in message
    assert "\n" not in message and not target.exists() and list(tmp_path.iterdir()) == []
    assert export.export(fresh_store, tmp_path / "out.json") == 1  # JSON has no cell limit


@pytest.mark.parametrize(("fmt", "limit"), [("xlsx", xlsxpack.CELL_LIMIT), ("csv", csvpack.FIELD_LIMIT)])
def test_a_cell_at_the_limit_exports_and_imports_back_whole(fresh_store, tmp_path, fmt, limit):
    oversize(fresh_store, limit)
    target = tmp_path / f"out.{fmt}"
    export.export(fresh_store, target, fmt=fmt)
    source = (xlsxpack if fmt == "xlsx" else csvpack).read_table(target, table.Limits())
    assert [len(cells[4]) for _, cells in source.rows] == [limit]


def test_the_importer_reads_fields_up_to_the_one_limit_and_no_further(tmp_path):
    path = tmp_path / "big.csv"
    csvpack.write_table(path, ["快捷短语"], [["亲" * csvpack.FIELD_LIMIT]])
    assert len(csvpack.read_table(path, table.Limits()).rows[0][1][0]) == csvpack.FIELD_LIMIT
    csvpack.write_table(path, ["快捷短语"], [["亲" * (csvpack.FIELD_LIMIT + 1)]])
    with pytest.raises(PackError, match="第 2 行"):
        csvpack.read_table(path, table.Limits())


PIECES = st.sampled_from(
    ["\r\n", "\r", "\n", "\t", ",", '"', "_x000D_", "_x005F_", "_x", "&", "亲", "好", "a", " "]
)
INNER = st.lists(
    st.one_of(PIECES, st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)), min_size=1, max_size=20
)
CELL = INNER.map("".join).map(str.strip).filter(lambda t: t and "&#" not in t)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELL, min_size=1, max_size=6), st.sampled_from(["csv", "xlsx"]))
def test_line_breaks_inside_cells_round_trip_unchanged(bodies, fmt):
    rows = [["发货", "", f"标题{i}", body, body, ""] for i, body in enumerate(bodies)]
    module = csvpack if fmt == "csv" else xlsxpack
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t.{fmt}"
        module.write_table(
            path, list(columns.EXPORT_HEADERS.values()), [[columns.neutralise(c) for c in r] for r in rows]
        )
        read, _ = columns.rows(module.read_table(path, table.Limits()))
    assert [(r.phrase.body, r.phrase.note) for r in read] == [(b, b) for b in bodies]


def test_a_crlf_body_survives_export_and_import(fresh_store, tmp_path):
    body = "亲，第一行\r\n第二行\r第三行\n第四行"
    fresh_store.add(make_phrase(body=body, note="先说明\r\n再道歉"))
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"crlf.{fmt}"
        export.export(fresh_store, path, fmt=fmt)
        target = store.PhraseStore(":memory:")
        assert merge.import_file(target, path, LINTER).counts()["add"] == 1
        assert [(p.body, p.note) for p in target.phrases()] == [(body, "先说明\r\n再道歉")]
        target.close()
