"""Seller-client files of issue 17's layouts, written as each client writes them (make_data.py runs this).

- ``FastWord.csv`` — 飞牛 哞哞商家版's own phrase file: GBK, CRLF, header ``快捷编码,快捷短语,快捷短语分组``
  and four empty cells; each row adds font flags, colour, font name and size; commas are ``&#44;``
  and line breaks ``&#13;``; a cell with a double quote is quoted, the quote doubled (CCSVFile);
  groups without phrases are rows ``,,组名,,,,``. **17 phrases** (rows 2–10, 12–17, 19–20), two
  empty groups (赠品 row 11, 老客回访 row 18).
- ``FastWordCustom.xls`` — the template's layout (BIFF8, xlwt): 快捷编码, 快捷短语, 快捷短语分组 in
  A1:C1, **12 phrases**; the digit codes are numbers (1 → "1"), two bodies hold line breaks.
- ``feiniu_backoffice.xlsx`` — the 飞牛 back office's export: a sheet 填写说明 first, then 默认表单
  with the three headers, **14 phrases**, groups up to 10 characters, codes up to 4.
- ``qianniu_api.json`` — a saved 千牛 quick-phrase answer: ``{"api", "ret", "data": {"result":
  {"groups", "list"}}}``; **13 phrases**, one with an ``imageURL``, one whose groupId is no group,
  group 赠品 has none.
- ``feiniu_api.json`` — a saved 飞牛 answer: ``{"success": true, "data": {"quickPhraseList", "totalNum"}}``;
  **11 phrases**.

Groups: 售前 (a stage of its own), 售后, 物流, 催付, 欢迎语, 未分组 or empty, and an empty group.
Codes mix Chinese (发货) and digits (1). Some bodies break the service standard (哦, 不), as real shops'
do. Every phrase was written for these files.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

# (code, group, body): 17 phrases in the order 飞牛 writes them, group by group.
FASTWORD: list[tuple[str, str, str]] = [
    ("hy", "欢迎语", "亲，欢迎来到小店，今天上新的春款都有现货，有什么想了解的随时问我。"),
    ("1", "欢迎语", "您好，我是店铺客服小桃，很高兴为您服务。"),
    ("cc", "售前", "亲，这款外套偏修身，平时穿M的建议拍L，肩宽的亲可以再大一码。"),
    ("材质", "售前", "这款面料是百分之九十五棉加五的氨纶，有弹力，贴身穿也舒服。"),
    ("2", "售前", "亲，颜色以第二张实拍图为准，显示器不同会有一点点色差哦。"),
    ("发货", "物流", "亲，下午五点前付款当天发出，周末也正常发货。"),
    ("kd", "物流", "默认发圆通,偏远地区发邮政,需要顺丰请联系客服补差价。"),
    ("jj", "物流", '亲，需要加急请在订单备注里写"加急"两个字，仓库会优先打包。'),
    (
        "查件",
        "物流",
        "亲，物流信息一般在发货后十二小时内更新，您稍后再看一下。\n如果两天没有更新，请把订单号发给我。",
    ),
    ("cf", "催付", "亲，您拍下的宝贝还没有付款，满199减20&包邮今晚十二点结束，记得尽快付款。"),
    ("3", "催付", "亲，库存紧张，付款后才能为您锁定库存，需要帮您改地址可以告诉我。"),
    ("th", "售后", "亲，签收七天内，吊牌完好可以退换，运费险会自动理赔。"),
    ("退款", "售后", "退货寄回后，仓库签收二十四小时内为您退款，请留意消息。"),
    (
        "破损",
        "售后",
        "非常抱歉给您带来麻烦，请拍一下外包装和破损处的照片，我们马上处理。\n补发或退款都可以，您选一个。",
    ),
    ("4", "售后", "不好意思哦，已经穿过洗过的衣服不能退，请您谅解。"),
    ("ok", "未分组", "好的，已经为您备注了，发货前仓库会再核对一遍。"),
    ("dd", "未分组", "请稍等，我帮您查一下，马上回复您。"),
]
FASTWORD_EMPTY_GROUPS = ("赠品", "老客回访")
FONT = ["0", "0", "微软雅黑", "12"]

# FastWordCustom.xls: (code, body, group); a digit code is written as a number, as Excel keeps it.
TEMPLATE: list[tuple[object, str, str]] = [
    ("hy", "亲，欢迎光临，今天下单满两件打九折，有问题随时找我。", "欢迎语"),
    (1, "您好，在的，请问想看哪一款呢？", "欢迎语"),
    ("cm", "亲，把身高体重发给我，我帮您推荐尺码。", "售前"),
    ("xh", "页面上能拍的颜色和尺码都有现货，拍下就能发。", "售前"),
    ("发货", "现货四十八小时内发出，预售款按详情页时间发货。", "物流"),
    (2, "亲，快递一般二到四天送到，新疆西藏会慢一些。", "物流"),
    ("cf", "亲，看到您的订单还没付款，有什么顾虑可以和我说说。", "催付"),
    ("退货", "亲，退货时请在包裹里放一张写着订单号的纸条，\n方便仓库尽快为您处理。", "售后"),
    ("hh", "换货请先申请退货，再重新拍下想要的尺码，这样最快。", "售后"),
    (3, "亲，这个价格已经是底价了，不能再便宜了哦。", "售后"),
    ("bz", "亲，包装里有防潮袋，收到后请拆开通风半天再穿。\n有异味是正常的，晾一下就好。", ""),
    ("xx", "收到啦，谢谢亲的耐心，祝您生活愉快。", ""),
]

# 飞牛 back office 默认表单: (code ≤ 4, body ≤ 430, group ≤ 10).
BACKOFFICE: list[tuple[str, str, str]] = [
    ("hy", "亲，欢迎光临，喜欢的款式可以先加购物车，活动开始自动降价。", "欢迎语"),
    ("1", "在的亲，请问有什么可以帮您？", "欢迎语"),
    ("尺码", "亲，这双鞋偏大半码，平时穿三十八的建议拍三十七半。", "售前"),
    ("2", "鞋底是橡胶大底，防滑耐磨，下雨天穿也放心。", "售前"),
    ("发货", "亲，付款后四十八小时内发货，发货后会有短信提醒。", "物流"),
    ("kd", "默认中通快递，江浙沪一般隔天就到。", "物流"),
    ("3", "亲，您的包裹已经到了当地网点，今天会派送，请保持电话畅通。", "物流"),
    ("cf", "亲，您的订单还差最后一步付款，现在付款今天就能发出。", "催付"),
    ("cf2", "亲，活动价只剩今天了，付款后我马上为您安排打包。", "催付"),
    ("th", "亲，鞋子没有穿出门、鞋底干净的话，七天内都可以退换。", "售后"),
    ("开胶", "非常抱歉，开胶属于质量问题，请拍照发给我，我们承担来回运费。", "售后"),
    ("4", "不好意思哦，定制款不支持无理由退货。", "售后"),
    ("xie", "谢谢亲的支持，穿着合适的话欢迎再来。", ""),
    ("bz", "亲，鞋盒里有一包干燥剂，请不要误食。", "未分组"),
]

# 千牛 answer: group ids and names, then (groupId, code, content, imageURL).
QIANNIU_GROUPS = [
    (1101, "欢迎语"),
    (1102, "售前"),
    (1103, "物流"),
    (1104, "催付"),
    (1105, "售后"),
    (1106, "赠品"),
]
QIANNIU_LIST: list[tuple[int, str, str, str]] = [
    (1101, "hy", "亲，欢迎光临旗舰店，领券后下单更划算。", ""),
    (1101, "1", "您好，我是客服小林，请问有什么可以帮您？", ""),
    (1102, "规格", "亲，这款保温杯容量五百毫升，保温十二小时左右。", ""),
    (1102, "2", "杯盖可以拆开清洗，内胆是三一六不锈钢。", "https://img.example.com/qn/cup-detail.jpg"),
    (1103, "发货", "亲，今天下午四点前付款的订单今天发出。", ""),
    (1103, "kd", "小店默认发韵达，需要指定快递请在下单时留言。", ""),
    (1103, "3", "亲，包裹已经在派送途中，\n快递员会提前电话联系您。", ""),
    (1104, "cf", "亲，您的订单还没有付款，优惠只保留到今天晚上哦。", ""),
    (1105, "th", "亲，收到后不满意七天内可以申请退货。", ""),
    (1105, "退款", "退货签收后一个工作日内退款到原支付账户。", ""),
    (1105, "4", "亲，杯子用过之后不能退，请您理解。", ""),
    (0, "dd", "请稍等，正在为您查询。", ""),
    (9999, "xx", "感谢您的耐心，祝您生活愉快。", ""),
]

# 飞牛 answer: (phraseId, quickCode, phraseGroupName, phraseSummary).
FEINIU_LIST: list[tuple[int, str, str, str]] = [
    (288, "hy", "欢迎语", "亲，欢迎光临，新客下单立减五元。"),
    (289, "1", "欢迎语", "您好，很高兴为您服务。"),
    (290, "产地", "售前", "亲，这批橙子是今年的新果，产地直发。"),
    (291, "2", "售前", "单果大概两百克左右，一箱五斤净重。"),
    (292, "发货", "物流", "亲，水果是现摘现发，付款后次日发出。"),
    (293, "kd", "物流", "生鲜默认发顺丰，一般两天内送到。"),
    (294, "cf", "催付", "亲，今天付款明天就能采摘发货，晚了要等下一批哦。"),
    (295, "坏果", "售后", "非常抱歉，坏果请拍照给我，按个数为您补偿。"),
    (296, "3", "售后", "亲，生鲜产品不支持七天无理由退货。"),
    (297, "dd", "未分组", "请稍等，我帮您问一下仓库。"),
    (298, "xx", "", "谢谢亲，收到后记得冷藏保存。"),
]


def fastword_csv(here: Path) -> None:
    """FastWord.csv as CLocalData::SaveFastWordInfo writes it: every group's phrases, then a bare
    row for each group without phrases; commas and line breaks as entities, so only a cell with a
    double quote is quoted (as CCSVFile::WriteData does)."""

    def cell(text: str) -> str:
        text = text.replace("\r\n", "&#13;").replace("\n", "&#13;").replace(",", "&#44;")
        return '"' + text.replace('"', '""') + '"' if '"' in text else text

    lines = ["快捷编码,快捷短语,快捷短语分组,,,,"]
    groups = list(dict.fromkeys(group for _, group, _ in FASTWORD))
    groups[3:3] = [FASTWORD_EMPTY_GROUPS[0]]  # after 物流, where the user added it
    groups[6:6] = [FASTWORD_EMPTY_GROUPS[1]]
    for group in groups:
        phrases = [(code, body) for code, g, body in FASTWORD if g == group]
        for code, body in phrases:
            lines.append(",".join([cell(code), cell(body), cell(group), *FONT]))
        if not phrases:
            lines.append(f",,{cell(group)},,,,")
    (here / "FastWord.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def fastword_custom_xls(here: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    wrap = xlwt.easyxf("align: wrap on, vert top")
    for c, header in enumerate(["快捷编码", "快捷短语", "快捷短语分组"]):
        sheet.write(0, c, header)
    for r, (code, body, group) in enumerate(TEMPLATE, 1):
        sheet.write(r, 0, code)
        sheet.write(r, 1, body, wrap)
        sheet.write(r, 2, group)
    sheet.col(1).width = 256 * 60
    buffer = io.BytesIO()
    book.save(buffer)
    (here / "FastWordCustom.xls").write_bytes(buffer.getvalue())


def backoffice_xlsx(here: Path, fixed: Callable[[bytes], bytes]) -> None:
    """A 默认表单 sheet after an instructions sheet whose sentences must not pass for a header."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填写说明"
    for line in (
        "快捷短语导入说明",
        "快捷编码:最多4个字，可以是字母、数字或汉字",
        "快捷短语:最多430个字",
        "快捷短语分组:最多10个字，不填则归入未分组",
    ):
        notes.append([line])
    sheet = book.create_sheet("默认表单")
    sheet.append(["快捷编码", "快捷短语", "快捷短语分组"])
    for code, body, group in BACKOFFICE:
        sheet.append([code, body, group])
    buffer = io.BytesIO()
    book.save(buffer)
    (here / "feiniu_backoffice.xlsx").write_bytes(fixed(buffer.getvalue()))


def qianniu_api_json(here: Path) -> None:
    stamp = "2026-10-20 10:30:00"
    data = {
        "api": "mtop.taobao.qianniu.quickphrase.list",
        "ret": ["SUCCESS::调用成功"],
        "v": "1.0",
        "data": {
            "result": {
                "groups": [
                    {"id": gid, "name": name, "gmtCreate": stamp, "gmtModified": stamp, "domain": "cntaobao"}
                    for gid, name in QIANNIU_GROUPS
                ],
                "list": [
                    {
                        "id": 50000 + n,
                        "groupId": gid,
                        "code": code,
                        "content": content,
                        "imageURL": image,
                        "gmtCreate": stamp,
                        "gmtModified": stamp,
                    }
                    for n, (gid, code, content, image) in enumerate(QIANNIU_LIST)
                ],
            }
        },
    }
    _write_json(here / "qianniu_api.json", data)


def feiniu_api_json(here: Path) -> None:
    data = {
        "success": True,
        "message": "",
        "data": {
            "quickPhraseList": [
                {
                    "phraseId": pid,
                    "phraseSummary": summary,
                    "phraseGroupName": group,
                    "quickCode": code,
                    "lastOperator": "客服主管",
                    "fontSize": 12,
                    "fontColor": 0,
                    "fontStyle": 0,
                    "fontName": "'Microsoft Yahei'",
                    "updateTime": "2026-10-20 10:30:00",
                }
                for pid, code, group, summary in FEINIU_LIST
            ],
            "totalNum": len(FEINIU_LIST),
        },
    }
    _write_json(here / "feiniu_api.json", data)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")


def write_all(here: Path, fixed: Callable[[bytes], bytes]) -> None:
    fastword_csv(here)
    fastword_custom_xls(here)
    backoffice_xlsx(here, fixed)
    qianniu_api_json(here)
    feiniu_api_json(here)


def check(here: Path, expect: Callable[[bool, str], None]) -> None:
    """Read the files back without quickreply and check what the tests rely on."""
    raw = (here / "FastWord.csv").read_bytes()
    lines = raw.decode("gbk").split("\r\n")[:-1]
    expect(lines[0] == "快捷编码,快捷短语,快捷短语分组,,,,", "FastWord: header")
    expect(raw.count(b'"') == 6 and b'""\xbc\xd3\xbc\xb1""' in raw, "FastWord: one quoted cell")
    expect(len(lines) == 1 + len(FASTWORD) + len(FASTWORD_EMPTY_GROUPS), "FastWord: 17 phrases + 2 groups")
    expect(
        lines[10] == ",,赠品,,,," and lines[17] == ",,老客回访,,,,", "FastWord: empty groups at rows 11, 18"
    )
    expect(all(len(line.split(",")) == 7 for line in lines), "FastWord: 7 cells a row")
    expect("&#13;" in raw.decode("gbk") and "&#44;" in raw.decode("gbk"), "FastWord: entities")
    try:
        raw.decode("utf-8")
        expect(False, "FastWord: not UTF-8")
    except UnicodeDecodeError:
        pass
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(here / "FastWordCustom.xls"))
    rows = book.get_sheet_by_index(0).to_python()
    expect(
        rows[0] == ["快捷编码", "快捷短语", "快捷短语分组"] and len(rows) == 1 + len(TEMPLATE), "xls: 12 rows"
    )
    expect(rows[2][0] == 1.0 and "\n" in rows[8][1], "xls: numeric code, two-line cell")
    book = python_calamine.CalamineWorkbook.from_path(str(here / "feiniu_backoffice.xlsx"))
    expect(book.sheet_names == ["填写说明", "默认表单"], "xlsx: two sheets")
    rows = book.get_sheet_by_name("默认表单").to_python()
    expect(len(rows) == 1 + len(BACKOFFICE), "xlsx: 14 rows")
    expect(all(len(c) <= 4 and len(b) <= 430 and len(g) <= 10 for c, b, g in BACKOFFICE), "xlsx: limits")
    qn = json.loads((here / "qianniu_api.json").read_text("utf-8"))["data"]["result"]
    expect(len(qn["list"]) == 13 and len(qn["groups"]) == 6, "qianniu_api: 13 phrases, 6 groups")
    fn = json.loads((here / "feiniu_api.json").read_text("utf-8"))["data"]
    expect(len(fn["quickPhraseList"]) == fn["totalNum"] == 11, "feiniu_api: 11 phrases")
    for name in (
        "FastWord.csv",
        "FastWordCustom.xls",
        "feiniu_backoffice.xlsx",
        "qianniu_api.json",
        "feiniu_api.json",
    ):
        print(f"{name:24} {(here / name).stat().st_size:,} bytes")


def fixed_zip(normalize: Callable[..., bytes]) -> Callable[[bytes], bytes]:
    """An xlsx's bytes made deterministic: fixed core timestamps and zip entry times."""

    def fix(data: bytes) -> bytes:
        import re

        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
        core = re.sub(
            r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", r"\g<1>2026-11-01T09:00:00Z\g<2>", core
        )
        return normalize(data, {"docProps/core.xml": core.encode("utf-8")}, first="[Content_Types].xml")

    return fix
