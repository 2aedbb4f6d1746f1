"""Pack input that must not get in as something else (issue 14): booleans, unterminated quotes, pack fields."""

import json

import pytest

from quickreply.core import lint
from quickreply.core.packs import PackError, merge, reader

LINTER = lint.Linter.default()


def write_pack(tmp_path, phrases, **top):
    data = {"format": "quickreply-pack", "version": 1, "id": "p", "name": "包", **top, "phrases": phrases}
    path = tmp_path / "p.qrpack.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def phrase(title, **extra):
    return {"stage": "shipping", "title": title, "body": f"亲，{title}。", **extra}


def test_json_auto_send_is_a_boolean_and_anything_else_is_a_row_error(fresh_store, tmp_path):
    values = {"是": True, "否": False, "缺省": None, "no": "no", "yes": "yes", "一": 1, "零": 0, "空": None}
    phrases = [phrase(t) if t == "缺省" else phrase(t, auto_send=v) for t, v in values.items()]
    report = merge.import_file(fresh_store, write_pack(tmp_path, phrases), LINTER)
    outcome = {r.phrase.title: (r.action, r.reason) for r in report.rows}
    assert {t for t, (a, _) in outcome.items() if a == "add"} == {"是", "否", "缺省"}
    for title in ("no", "yes", "一", "零", "空"):
        assert (
            outcome[title][0] == "reject"
            and "auto_send" in outcome[title][1]
            and "true 或 false" in outcome[title][1]
        )
    assert {p.title: p.auto_send for p in fresh_store.phrases()} == {"是": True, "否": False, "缺省": False}


@pytest.mark.parametrize("value", ["no", 1, None, "false"])
def test_json_read_only_is_a_boolean(fresh_store, tmp_path, value):
    with pytest.raises(PackError, match="read_only"):
        merge.import_file(fresh_store, write_pack(tmp_path, [phrase("好的")], read_only=value), LINTER)


@pytest.mark.parametrize("key", ["id", "name", "pack_version", "author"])
def test_json_pack_fields_hold_no_control_characters(fresh_store, tmp_path, key):
    with pytest.raises(PackError, match="控制字符"):
        merge.import_file(fresh_store, write_pack(tmp_path, [phrase("好的")], **{key: "x\x1b[2J"}), LINTER)


def csv_file(tmp_path, text):
    path = tmp_path / "quote.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_an_unterminated_quote_is_a_row_error_naming_the_row_it_opened_in(fresh_store, tmp_path):
    text = (
        "快捷编码,快捷短语,快捷短语分组\r\n"
        'hy,"亲，您好，\r\n欢迎光临",开场白\r\n'  # row 2: a quoted two-line cell, closed
        'cc,5寸"屏幕的尺寸是 12 厘米,发货\r\n'  # row 3: a stray quote inside a plain cell is just a quote
        'fh,"亲，今天发货,发货\r\n'  # row 4: the quote opens and never closes
        "kd,亲，默认中通。,物流\r\n"
        "js,感谢亲的支持！,结束语\r\n"
    )
    report = merge.import_file(fresh_store, csv_file(tmp_path, text), LINTER)
    rows = {r.number: r for r in report.rows}
    assert [r.number for r in report.rows] == [2, 3, 4]
    assert rows[2].action == "add" and rows[3].action == "add"
    assert rows[4].action == "reject" and "第 4 行" in rows[4].reason and "引号" in rows[4].reason
    assert "3 行" in rows[4].reason  # the lines it swallowed
    assert sorted(p.code for p in fresh_store.phrases()) == ["cc", "hy"]
    assert any("\r\n" in p.body for p in fresh_store.phrases() if p.code == "hy")


def test_a_closed_quoted_last_cell_is_not_an_error(tmp_path):
    text = '快捷短语,快捷短语分组\n"亲，第一行\n第二行",发货\n"亲，""引号""里的话"\n'
    incoming = reader.read(csv_file(tmp_path, text))
    assert [r.error for r in incoming.rows] == ["", ""]
    assert incoming.rows[1].phrase.body == '亲，"引号"里的话'


def test_an_unterminated_quote_in_the_header_refuses_the_file(tmp_path):
    with pytest.raises(PackError, match="第 1 行.*引号"):
        reader.read(csv_file(tmp_path, '快捷短语,"快捷短语分组\n亲，好的,发货\n'))
