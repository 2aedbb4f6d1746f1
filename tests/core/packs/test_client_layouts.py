"""Issue 17: every seller-client file imports whole into a real store — 飞牛's FastWord.csv, the
FastWordCustom.xls template, the 飞牛 back office's 默认表单 export, and 千牛/飞牛 quick-phrase
answers saved as JSON (tests/data/layout_files.py writes them)."""

import json
from pathlib import Path

import pytest

from quickreply.core import lint, search, stages
from quickreply.core.packs import PackError, merge, reader

DATA = Path(__file__).resolve().parents[2] / "data"
LINTER = lint.Linter.default()


def imported(library, path, rows):
    """Import a file whole; its phrases by code and the report. Every one of ``rows`` phrase rows
    is added with the default options: none rejected or skipped, none left out (rows breaking the
    service standard are imported and marked 需修改)."""
    report = merge.import_file(library, path, LINTER)
    counts = report.counts()
    assert counts["add"] == rows == len(report.rows), [(r.number, r.action, r.reason) for r in report.rows]
    pack = {p.code: p for p in library.phrases() if p.pack_id == report.pack_id}
    assert len(pack) == rows
    return pack, report


def stage_name(library, stage_id):
    return {s.id: s.name_zh for s in library.stages()}[stage_id]


def found(library, query):
    return [r.phrase.code for r in search.SearchIndex.from_store(library, follow=False).search(query)]


def test_feiniu_fastword_csv(library):
    pack, report = imported(library, DATA / "FastWord.csv", 17)
    assert [r.number for r in report.rows] == [*range(2, 11), *range(12, 18), 19, 20]  # group rows 11, 18
    notes = "\n".join(report.notes)
    assert "识别为飞牛客户端的快捷短语文件" in notes and "GBK" in notes
    assert "已忽略不认识的列" not in notes  # the four font columns have no header to name
    assert "已忽略没有表头的第 4、5、6、7 列(字体样式、颜色、字体和字号)" in notes
    assert "空分组:赠品、老客回访" in notes
    assert not {"赠品", "老客回访"} & {s.name_zh for s in library.stages()}
    assert {c: pack[c].stage_id for c in ("hy", "1", "发货", "kd", "cf", "th", "退款")} == {
        "hy": "greeting",
        "1": "greeting",
        "发货": "logistics",
        "kd": "logistics",
        "cf": "bargaining",  # 催付
        "th": "after_sales",
        "退款": "after_sales",
    }
    assert pack["ok"].stage_id == pack["dd"].stage_id == stages.UNGROUPED_ID
    assert (
        stage_name(library, pack["材质"].stage_id) == "售前"
        and pack["材质"].stage_id not in stages.canonical_ids()
    )
    assert pack["kd"].body == "默认发圆通,偏远地区发邮政,需要顺丰请联系客服补差价。"  # &#44;
    assert pack["查件"].body.count("\n") == 1 and "&#" not in pack["查件"].body  # &#13;
    assert "满199减20&包邮" in pack["cf"].body
    assert '备注里写"加急"两个字' in pack["jj"].body  # the one quoted cell
    assert found(library, "/发货")[0] == "发货" and found(library, "/1")[0] == "1"


def test_feiniu_template_xls(library):
    pack, report = imported(library, DATA / "FastWordCustom.xls", 12)
    assert any("FastWordCustom.xls" in note for note in report.notes)
    assert {"1", "2", "3", "发货", "退货"} <= set(pack)  # numbers in the sheet, codes as typed
    assert pack["退货"].body.count("\n") == 1 and pack["退货"].stage_id == "after_sales"
    assert pack["bz"].stage_id == pack["xx"].stage_id == stages.UNGROUPED_ID
    assert pack["hy"].stage_id == "greeting" and pack["2"].stage_id == "logistics"
    assert found(library, "/退货")[0] == "退货"


def test_feiniu_backoffice_xlsx_reads_the_sheet_with_a_header(library):
    pack, report = imported(library, DATA / "feiniu_backoffice.xlsx", 14)
    assert "工作簿有 2 个工作表,读取了「默认表单」,未读取「填写说明」" in report.notes
    assert [r.number for r in report.rows] == list(range(2, 16))
    assert pack["开胶"].stage_id == pack["th"].stage_id == "after_sales"
    assert pack["xie"].stage_id == pack["bz"].stage_id == stages.UNGROUPED_ID
    assert stage_name(library, pack["尺码"].stage_id) == "售前"
    assert found(library, "/尺码")[0] == "尺码"


def test_qianniu_api_json(library):
    pack, report = imported(library, DATA / "qianniu_api.json", 13)
    notes = "\n".join(report.notes)
    assert "千牛快捷短语接口" in notes and "1 条短语的 groupId 不在 groups 里" in notes
    assert "空分组:赠品" in notes
    assert pack["2"].note == "图片: https://img.example.com/qn/cup-detail.jpg"
    assert pack["3"].body == "亲，包裹已经在派送途中，\n快递员会提前电话联系您。"
    assert pack["dd"].stage_id == pack["xx"].stage_id == stages.UNGROUPED_ID
    assert pack["hy"].stage_id == "greeting" and pack["发货"].stage_id == "logistics"
    assert pack["cf"].stage_id == "bargaining" and pack["退款"].stage_id == "after_sales"
    assert stage_name(library, pack["规格"].stage_id) == "售前"
    assert found(library, "/发货")[0] == "发货"


def test_feiniu_api_json(library):
    pack, report = imported(library, DATA / "feiniu_api.json", 11)
    assert "识别为飞牛快捷短语接口数据(quickPhraseList)" in report.notes
    assert pack["dd"].stage_id == pack["xx"].stage_id == stages.UNGROUPED_ID
    assert pack["坏果"].stage_id == "after_sales" and pack["kd"].stage_id == "logistics"
    assert found(library, "/坏果")[0] == "坏果"


def test_our_own_pack_json_still_imports(library):
    incoming = reader.read(DATA / "trainer.qrpack.json")
    assert incoming.info.id == "trainer-2026" and len(incoming.rows) == 10


QIANNIU_LISTS = {
    "groups": [{"id": 7, "name": "售后"}],
    "list": [{"id": 1, "groupId": 7, "code": "th", "content": "亲，七天内可以退换。"}],
}


@pytest.mark.parametrize(
    "data",
    [
        QIANNIU_LISTS,
        {"data": QIANNIU_LISTS},
        {"result": QIANNIU_LISTS},
        {"api": "mtop.x", "ret": ["SUCCESS::调用成功"], "data": {"result": QIANNIU_LISTS}},
        {
            "success": "true",
            "data": {
                "quickPhraseList": [
                    {"quickCode": "th", "phraseGroupName": "售后", "phraseSummary": "亲，七天内可以退换。"}
                ]
            },
        },
    ],
    ids=["bare", "data", "result", "mtop", "feiniu"],
)
def test_answer_envelopes(tmp_path, data):
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (row,) = reader.read(path).rows
    assert (row.phrase.code, row.phrase.stage_id, row.phrase.body) == ("th", "售后", "亲，七天内可以退换。")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"success": False, "message": "登录已过期"}, "接口返回的失败结果,里面没有短语(登录已过期)"),
        ({"ret": ["FAIL_SYS_SESSION_EXPIRED::Session过期"], "data": {}}, "FAIL_SYS_SESSION_EXPIRED"),
        ({"shop": "小店", "items": []}, "既不是 quickreply 短语包"),
        ([1, 2, 3], "既不是 quickreply 短语包"),
        ({"groups": [], "list": []}, "快捷短语列表是空的"),
        ({"list": [{"groupId": 1, "code": "a", "content": "x"}, "坏"], "groups": []}, "短语 2 应该是对象"),
    ],
)
def test_json_that_is_no_pack_gets_one_clear_line(tmp_path, data, message):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        reader.read(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
