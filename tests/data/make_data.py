"""Regenerate the phrase-pack test files in this folder, deterministically, then check them.

    .venv/bin/python tests/data/make_data.py

Rewrites every file in place (see README.md for what each one is and what the importer should make
of it) and prints a read-back summary.  Needs openpyxl, xlwt, xlrd and msoffcrypto-tool
(``pip install xlwt msoffcrypto-tool``).  Nothing here imports quickreply: the files must stand on
their own as "what a trainer or a seller client hands us".

Determinism: fixed workbook timestamps, fixed zip entry times, a seeded random generator for the
garbage bytes and for the password file's salts/keys, and a fixed container timestamp.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

import layout_files  # issue 17's seller-client layouts, beside this script

HERE = Path(__file__).resolve().parent
FIXED_DT = datetime.datetime(2026, 11, 1, 9, 0, 0)
ZIP_DT = (2026, 11, 1, 9, 0, 0)

# ---------------------------------------------------------------------------------------------
# Phrase content.  Every "good" body follows the shop service standard: no 不, no 但是/可是,
# no 哦/嗯/额/呃, refusals open with 非常抱歉, and no advertising-law words (最, 第一, 全网 …).
# ---------------------------------------------------------------------------------------------

G1 = "亲，您好，欢迎光临小店，请问有什么可以帮您？"
G2 = "亲，欢迎回来，很高兴再次为您服务，今天想看看哪一款呢？"
ST1 = "亲，页面能拍下的颜色和尺码都有现货，请放心下单。"
S1 = "亲，下午四点前付款的订单当天安排发出，请您放心。"
S2 = "亲，预售款按页面标注的时间依次发出，付款后可在订单详情查看预计发货日期。"
L1 = "亲，小店默认发中通和韵达，需要顺丰可以补运费差价，下单时留言即可。"
L2 = "亲，您可以在“我的订单”里点击“查看物流”，随时了解包裹到哪里了。"
L3 = "亲，全国大部分地区下单后两到三天送达，偏远地区会稍慢一些，请耐心等待。"
B1 = "亲，这款已经是活动价了，现在下单还可以领取5元店铺优惠券。"
B1_V2 = "亲，这款已经是活动价了，现在下单还可以领取10元店铺优惠券，满减也可以同时使用。"
B2 = "亲，店铺满199减20，满299减40，结算时自动扣减，无需另外操作。"
B3 = "非常抱歉，这个价格已经无法再低了，下单可以为您多送一份小赠品。"
Q1 = "亲，小店所有商品均为品牌官方授权正品，支持专柜验货，请放心购买。"
A1 = "亲，收到商品后七天内支持无理由退换，请保持吊牌完好。"
A2 = "亲，退货到仓后我们会在24小时内为您办理退款，请留意支付宝通知。"
C1 = "感谢亲的支持，祝您购物愉快，期待您再次光临！"
C2 = "亲，请核对一下收货地址和电话，确认无误后我们马上安排发货。"
R1 = "感谢亲的五星好评，您的满意是我们前进的动力，欢迎常来逛逛！"
R2 = "非常抱歉这次购物没有达到您的期望，客服已经联系您处理，请留意旺旺消息。"
T1 = "非常抱歉让您久等了，您的问题已经升级给主管，今天之内一定给您答复。"
T2 = "亲，非常理解您的心情，我们会认真核实情况，尽快给您满意的处理方案。"
P1 = "亲，双十一当晚前两小时下单享第二件半价，可以提前加入购物车。"
P2 = "亲，预售定金20元可抵50元，尾款开始后记得按时支付。"
E1 = "亲，请稍等，我马上为您查询。"

# Variants that exercise the CSV syntax.
B2_ASCII_COMMA = "亲，店铺满199减20,满299减40,结算时自动扣减。"  # embedded ASCII comma
A1_MULTILINE_CRLF = "亲，收到商品后七天内支持无理由退换。\r\n退回时请保持吊牌完好，并在包裹里附上订单号。"
A1_MULTILINE_LF = "亲，收到商品后七天内支持无理由退换。\n退回时请保持吊牌完好，并在包裹里附上订单号。"
# Seller-client entities: &#44; is a comma, &#13; a line break (the cell stays unquoted).
L1_ENTITIES = "亲，小店默认发中通和韵达&#44;需要顺丰可以补运费差价。&#13;下单时请在备注里留言。"

# Traditional Chinese, as shops in Taiwan and Hong Kong write it (Big5 files), and a simplified
# reply with a character outside GBK (a GB18030 four-byte sequence).
G1_TRAD = "親，您好，歡迎光臨小店，請問有什麼可以幫您？"
S1_TRAD = "親，下午四點前付款的訂單當天安排發出，請您放心。"
L1_TRAD = "親，小店預設發中通和韻達，需要順豐可以補運費差價，下單時留言即可。"
B3_TRAD = "非常抱歉，這個價格已經無法再低了，下單可以為您多送一份小贈品。"
A2_TRAD = "親，退貨到倉後我們會在24小時內為您辦理退款，請留意支付寶通知。"
C1_TRAD = "感謝親的支持，祝您購物愉快，期待您再次光臨！"
P3_GB18030 = "亲，𠮷野家联名款今天到货，欢迎选购。"  # 𠮷 U+20BB7 is not in GBK

LONG_BODY = ("亲，收到商品后如有任何问题请随时联系我们，我们会认真为您处理。" * 80)[:2100]
BAD_STANDARD = "不好意思哦，这款真的不能再便宜了"


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def write_csv(
    name: str,
    rows: list[list[str]],
    encoding: str,
    delimiter: str = ",",
    newline: str = "\n",
    bom: bool = False,
) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = HERE / name
    path.write_bytes(data)
    return path


def qianniu_gbk() -> None:
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组"],
        ["hy", G1, "开场白"],
        ["fh", S1, "发货"],
        ["kd", L1_ENTITIES, "物流"],
        ["mj", B2_ASCII_COMMA, "讲价"],
        ["th", A1_MULTILINE_CRLF, "售后"],
        ["js", C1, "结束语"],
        ["hp", R1, "回评"],
        ["ts", T1, "投诉"],
        ["ssy", P1, "活动话术"],
        ["dd", E1, ""],
    ]
    write_csv("qianniu_gbk.csv", rows, encoding="cp936", newline="\r\n")


def utf8_bom() -> None:
    rows = [
        ["stage", "title", "code", "body", "note", "owner"],
        ["开场白", "老客欢迎", "hyhl", G2, "老客户再次咨询时使用", "小王"],
        ["shipping", "预售发货", "fhsj", S2, "预售商品专用", "小王"],
        ["物流", "查物流", "wl", L2, "买家问包裹到哪了", "小李"],
        ["Bargaining", "议价婉拒", "zd", B3, "买家继续砍价时使用, 先致歉再送赠品", "小李"],
        ["售后", "退款进度", "tk", A2, "退货已签收后使用", "小张"],
        ["结束语", "核对地址", "hd", C2, "付款后核对信息", "小张"],
        ["回评", "中差评回复", "zp", R2, "回复中差评", "小王"],
        ["活动话术", "定金膨胀", "yszj", P2, "大促预售期间使用", "小李"],
    ]
    write_csv("utf8_bom.csv", rows, encoding="utf-8", newline="\n", bom=True)


def tabs() -> None:
    rows = [
        ["分组", "标题", "编码", "内容", "备注", "买家问题"],
        ["开场白", "欢迎语", "hy", G1, "进店问候", "在吗？"],
        ["发货", "当天发货", "fh", S1, "当天发货规则", "今天能发货吗？"],
        ["物流", "默认快递", "kd", L1, "顺丰需补差价", "发什么快递？\n能发顺丰吗？"],
        ["讲价", "活动价说明", "jj", B1, "", "能便宜点吗？"],
        ["售后", "七天无理由", "th", A1, "吊牌完好才可退换", "可以退换吗？"],
        ["投诉", "安抚情绪", "aw", T2, "买家情绪激动时先安抚", ""],
        ["回评", "好评感谢", "hp", R1, "", ""],
        ["", "稍等", "dd", E1, "查询前先回复", ""],
    ]
    write_csv("tabs.tsv", rows, encoding="utf-8", delimiter="\t", newline="\n")


def semicolon() -> None:
    rows = [
        ["阶段", "名称", "编码", "短语"],
        ["开场白", "欢迎语", "hy", G1],
        ["发货", "预售发货", "fhsj", S2],
        ["物流", "查物流", "wl", L2],
        ["讲价", "满减", "mj", B2_ASCII_COMMA],
        ["结束语", "道别", "js", C1],
        ["活动话术", "双十一预告", "ssy", P1],
    ]
    write_csv("semicolon.csv", rows, encoding="utf-8", delimiter=";", newline="\n")


def big5_english() -> None:
    rows = [
        ["code", "body", "stage", "title"],
        ["hy", G1_TRAD, "greeting", "歡迎語"],
        ["fh", S1_TRAD, "shipping", "當天發貨"],
        ["kd", L1_TRAD, "logistics", "預設快遞"],
        ["zd", B3_TRAD, "bargaining", "議價婉拒"],
        ["tk", A2_TRAD, "after_sales", "退款進度"],
        ["js", C1_TRAD, "closing", "道別"],
    ]
    write_csv("big5_english.csv", rows, encoding="cp950", newline="\r\n")


def gb18030_csv() -> None:
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组"],
        ["hy", G1, "开场白"],
        ["xp", P3_GB18030, "活动话术"],
        ["fh", S1, "发货"],
        ["js", C1, "结束语"],
    ]
    write_csv("gb18030.csv", rows, encoding="gb18030", newline="\r\n")


def utf16_text() -> None:
    """Excel's "Unicode 文本 (*.txt)": UTF-16 little-endian with BOM, tab-delimited, CRLF."""
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组", "标题"],
        ["hy", G1, "开场白", "欢迎语"],
        ["fh", S1, "发货", "当天发货"],
        ["th", A1_MULTILINE_CRLF, "售后", "七天无理由"],
        ["js", C1, "结束语", "道别"],
    ]
    write_csv("utf16_excel.txt", rows, encoding="utf-16", delimiter="\t", newline="\r\n")


def gbk_traditional() -> None:
    """Traditional replies saved as GBK: not the simplified text a GBK file usually holds, but only
    GB18030 decodes it, so the importer should read it as GBK all the same."""
    rows = [["快捷编码", "快捷短语", "快捷短语分组"]] + [
        [code, body, "發貨"]
        for code, body in (("hy", G1_TRAD), ("fh", S1_TRAD), ("kd", L1_TRAD), ("js", C1_TRAD))
    ]
    write_csv("gbk_traditional.csv", rows, encoding="gbk", newline="\r\n")


def big5_rare() -> None:
    """Big5 of nothing but level-2 (rare) characters whose second byte is below 0x80: both Big5 and
    GB18030 decode it, and neither reads as common Chinese, so the importer should ask."""
    rare = [
        bytes([lead, trail]).decode("cp950") for lead in range(0xC9, 0xF9, 3) for trail in (0x40, 0x55, 0x6A)
    ]
    rows = [["code", "body", "stage"]] + [
        [f"r{i}", "".join(rare[i : i + 8]), "greeting"] for i in range(0, 48, 8)
    ]
    write_csv("big5_rare.csv", rows, encoding="cp950", newline="\r\n")


def normalize_zip(data: bytes, edit: dict[str, bytes] | None = None, first: str | None = None) -> bytes:
    """Rewrite a zip with fixed entry times (and optionally replaced entries), deflated."""
    edit = edit or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    if first and first in names:
        names.remove(first)
        names.insert(0, first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DT)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, edit.get(name, src.read(name)))
    return out.getvalue()


PACK_XLSX_ROWS: list[list[object] | None] = [
    ["hy", G1, "开场白", "欢迎语", "进店问候"],
    ["fh", S1, "发货", "当天发货", "16点截单"],
    [12, L3, "物流", "送达时效", "编码是数字 12"],
    ["jj", B1, "讲价", "活动价说明", ""],
    ["th", A1_MULTILINE_LF, "售后", "七天无理由", "两行内容"],
    None,  # blank Excel row 7
    ["js", C1, "结束语", "道别", ""],
    ["hp", R1, "回评", "好评感谢", ""],
    ["ts", T1, "投诉", "投诉升级", "升级主管"],
    ["ssy", P1, "活动话术", "双十一预告", "大促期间使用"],
    ["dd", E1, "", "稍等", "没有分组"],
]


def pack_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "快捷短语"
    ws.append(["快捷编码", "快捷短语", "快捷短语分组", "标题", "备注"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in PACK_XLSX_ROWS:
        if row is None:
            ws.append([])  # openpyxl skips the row number: the next row lands one further down
        else:
            ws.append(row)
    for cell in ws["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 14
    wb.properties.creator = "培训组"
    wb.properties.created = FIXED_DT
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    core = src.read("docProps/core.xml").decode("utf-8")
    stamp = FIXED_DT.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", core)
    data = normalize_zip(
        buf.getvalue(), {"docProps/core.xml": core.encode("utf-8")}, first="[Content_Types].xml"
    )
    (HERE / "pack.xlsx").write_bytes(data)
    return data


def pack_xls() -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组"],
        ["hy", G1, "开场白"],
        ["fhsj", S2, "发货"],
        ["wl", L2, "物流"],
        ["zd", B3, "讲价"],
        ["tk", A2, "售后"],
        ["hd", C2, "结束语"],
        ["zp", R2, "回评"],
        ["aw", T2, "投诉"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    ws.col(1).width = 256 * 60
    ws.col(2).width = 256 * 14
    buf = io.BytesIO()
    wb.save(buf)
    (HERE / "pack.xls").write_bytes(buf.getvalue())


# --- JSON packs -------------------------------------------------------------------------------


def _phrase(stage: str, title: str, code: str, body: str, note: str, questions: list[str]) -> dict:
    return {"stage": stage, "title": title, "code": code, "body": body, "note": note, "questions": questions}


def json_phrases_v1() -> list[dict]:
    return [
        _phrase("greeting", "欢迎语", "hy", G1, "买家首次进店时使用", ["在吗？", "有人在吗？"]),
        _phrase("stock", "现货确认", "xh", ST1, "页面可拍即有货", ["有货吗？"]),
        _phrase("shipping", "当天发货", "fh", S1, "16点截单", ["今天能发货吗？", "几点前付款当天发？"]),
        _phrase("logistics", "默认快递", "kd", L1, "顺丰需补差价", ["发什么快递？", "能发顺丰吗？"]),
        _phrase("bargaining", "活动价说明", "jj", B1, "买家问价时使用", ["能便宜点吗？"]),
        _phrase("quality", "正品保障", "zl", Q1, "回答真假问题", ["是正品吗？"]),
        _phrase(
            "after_sales", "七天无理由", "th", A1, "吊牌完好才可退换", ["可以退换吗？", "穿过一次能退吗？"]
        ),
        _phrase("closing", "道别", "js", C1, "付款后道别", ["好的，谢谢"]),
        _phrase("promotion", "双十一预告", "ssy", P1, "大促前一周开始使用", ["双十一有什么活动？"]),
        _phrase("promotion", "定金膨胀", "yszj", P2, "预售期间使用", ["定金能抵多少？", "尾款什么时候付？"]),
    ]


def json_pack(version: str, phrases: list[dict]) -> dict:
    return {
        "format": "quickreply-pack",
        "version": 1,
        "id": "trainer-2026",
        "name": "双十一培训包",
        "pack_version": version,
        "author": "培训组",
        "stages": [{"id": "promotion", "name_zh": "大促活动", "name_en": "Promotion", "position": 55}],
        "phrases": phrases,
    }


def write_json(name: str, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (HERE / name).write_text(text, encoding="utf-8", newline="\n")


def trainer_json() -> None:
    v1 = json_phrases_v1()
    write_json("trainer.qrpack.json", json_pack("2026.11", v1))
    v2 = json_phrases_v1()
    for p in v2:
        if p["code"] == "jj":
            p["body"] = B1_V2  # changed
    v2 = [p for p in v2 if p["code"] != "zl"]  # removed (quality / 正品保障)
    v2.append(_phrase("reviews", "好评感谢", "hp", R1, "回复五星好评", ["收到了，很满意"]))  # added
    write_json("trainer_v2.qrpack.json", json_pack("2026.12", v2))


def with_bad_rows() -> None:
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组", "标题"],
        ["hy", G1, "开场白", "欢迎语"],  # row 2 good
        ["fh", S1, "发货", "当天发货"],  # row 3 good
        ["kd", "", "物流", "默认快递"],  # row 4 empty body
        ["sm", LONG_BODY, "售后", "售后说明"],  # row 5 body of 2,100 characters
        ["fh", S1, "发货", "当天发货"],  # row 6 duplicate of row 3
        ["发货#", "亲，现货订单付款后48小时内发出，请您放心。", "发货", "发货时效"],  # row 7 a code with #
        ["jj", BAD_STANDARD, "讲价", "议价"],  # row 8 breaks the service standard
        ["js", C1, "结束语", "道别"],  # row 9 good
    ]
    write_csv("with_bad_rows.csv", rows, encoding="utf-8", newline="\r\n", bom=True)


# --- broken files -----------------------------------------------------------------------------


def broken_text_files() -> None:
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "header_only.csv").write_bytes("快捷编码,快捷短语,快捷短语分组\r\n".encode())
    write_csv(
        "no_body_column.csv",
        [
            ["编码", "分组", "价格"],
            ["fh", "发货", "59.00"],
            ["kd", "物流", "12"],
            ["jj", "讲价", "199"],
        ],
        encoding="utf-8",
        newline="\n",
    )

    rng = random.Random(20261111)
    garbage = bytearray(rng.randbytes(4096))
    for pos in range(0, 4096, 97):  # make sure there are plenty of NUL bytes
        garbage[pos] = 0
    (HERE / "garbage.csv").write_bytes(bytes(garbage))

    # Each bad sequence follows an ASCII byte, so both decoders are at a character boundary:
    # 0x80 and 0xFF are invalid lead bytes in UTF-8 and GB18030; 0x81 0x20 is a GB18030 lead byte
    # followed by an invalid trail byte (and 0x81 is a stray continuation byte in UTF-8).
    parts = [
        "快捷编码,快捷短语,快捷短语分组\r\n".encode(),
        b"hy," + G1.encode("utf-8") + b",\x80\xff\xfe\r\n",
        b"fh," + S1.encode("utf-8") + "，发货\r\n".encode(),
        b"kd,\x81\x20" + L1.encode("utf-8")[:30] + b"\xff," + "物流\r\n".encode(),
        b"js," + C1.encode("utf-8") + "，结束语\r\n".encode(),
    ]
    (HERE / "undecodable.csv").write_bytes(b"".join(parts))


def broken_xlsx_files(pack: bytes) -> None:
    (HERE / "truncated.xlsx").write_bytes(pack[: int(len(pack) * 0.6)])
    (HERE / "renamed.xls").write_bytes(pack)
    password_xlsx(pack)
    zipbomb_xlsx()
    entity_bomb_xlsx(pack)


PASSWORD_NOTE = ""


def password_xlsx(pack: bytes) -> None:
    """pack.xlsx encrypted with "1234" (ECMA-376 agile encryption, as Excel does it)."""
    global PASSWORD_NOTE
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
        from msoffcrypto.method import ecma376_agile
        from msoffcrypto.method.container import ecma376_encrypted
    except ImportError as exc:  # fall back to a bare OLE/CFB file with the right signature
        PASSWORD_NOTE = f"msoffcrypto unavailable ({exc}); wrote an OLE stub"
        (HERE / "password.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
        return

    rng = random.Random(1234)

    class _FixedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: D102 - fixed container timestamp
            return cls(2026, 11, 1, 9, 0, 0)

    patched = []
    for mod, attr, value in (
        (ecma376_agile, "_random_buffer", lambda n: rng.randbytes(n)),
        (ecma376_encrypted, "datetime", _FixedDatetime),
    ):
        if hasattr(mod, attr):
            patched.append((mod, attr, getattr(mod, attr)))
            setattr(mod, attr, value)
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(pack)).encrypt("1234", out)
    finally:
        for mod, attr, old in patched:
            setattr(mod, attr, old)
    (HERE / "password.xlsx").write_bytes(out.getvalue())


MINIMAL_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="快捷短语" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
BOMB_MIB = 320  # uncompressed size of the bomb sheet, in MiB of spaces (> 300 MB either way)


def zipbomb_xlsx() -> None:
    path = HERE / "zipbomb.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in MINIMAL_PARTS.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DT)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=ZIP_DT)
        info.compress_type = zipfile.ZIP_DEFLATED
        for attr in ("compress_level", "_compresslevel"):  # 3.13 renamed it
            if hasattr(info, attr):
                setattr(info, attr, 9)
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>快捷编码</t></is></c></row>'
        ).encode()
        tail = b"</sheetData></worksheet>"
        chunk = b" " * (1024 * 1024)
        with zf.open(info, "w", force_zip64=True) as entry:
            entry.write(head)
            for _ in range(BOMB_MIB):
                entry.write(chunk)
            entry.write(tail)


LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    "<!DOCTYPE worksheet [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n"
)


def entity_bomb_xlsx(pack: bytes) -> None:
    src = zipfile.ZipFile(io.BytesIO(pack))
    sheet = src.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = re.sub(r"^<\?xml[^>]*\?>\s*", "", sheet)
    new_cell = '<c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c>'
    sheet, n = re.subn(r'<c r="B2"[^>]*>.*?</c>', new_cell, sheet, count=1)
    assert n == 1, "B2 not found in pack.xlsx sheet1.xml"
    data = normalize_zip(
        pack, {"xl/worksheets/sheet1.xml": (LAUGHS + sheet).encode("utf-8")}, first="[Content_Types].xml"
    )
    (HERE / "entity_bomb.xlsx").write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Read back and check
# ---------------------------------------------------------------------------------------------


def read_csv(name: str, encoding: str, delimiter: str = ",") -> list[list[str]]:
    text = (HERE / name).read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def show(name: str, header: list[str], rows: list, extra: str = "") -> None:
    print(f"{name:24} {len(rows):2} rows  header={header}  {extra}")


def check() -> None:
    fails: list[str] = []

    def expect(cond: bool, what: str) -> None:
        if not cond:
            fails.append(what)

    # qianniu_gbk.csv
    raw = (HERE / "qianniu_gbk.csv").read_bytes()
    expect(not raw.startswith(b"\xef\xbb\xbf"), "gbk: no BOM")
    expect(raw.count(b"\n") == raw.count(b"\r\n"), "gbk: CRLF only")
    try:
        raw.decode("utf-8")
        fails.append("gbk: should not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    rows = read_csv("qianniu_gbk.csv", "cp936")
    show("qianniu_gbk.csv", rows[0], rows[1:], "cp936 CRLF ','")
    expect(len(rows) == 11, "gbk: 10 data rows")
    expect(rows[4][1] == B2_ASCII_COMMA and rows[5][1] == A1_MULTILINE_CRLF, "gbk: quoted cells")
    expect("&#44;" in rows[3][1] and "&#13;" in rows[3][1], "gbk: entity cell")
    expect(b"kd,\xc7\xd7" in raw, "gbk: entity cell unquoted")

    raw = (HERE / "big5_english.csv").read_bytes()
    rows = read_csv("big5_english.csv", "cp950")
    show("big5_english.csv", rows[0], rows[1:], "cp950 CRLF ','")
    expect(len(rows) == 7 and rows[0] == ["code", "body", "stage", "title"], "big5: 6 rows, English headers")
    expect(
        rows[1][1] == G1_TRAD and raw.decode("gb18030") != raw.decode("cp950"),
        "big5: also decodes as GB18030",
    )
    raw = (HERE / "gb18030.csv").read_bytes()
    rows = read_csv("gb18030.csv", "gb18030")
    show("gb18030.csv", rows[0], rows[1:], "gb18030 CRLF ','")
    expect(len(rows) == 5 and rows[2][1] == P3_GB18030, "gb18030: 4 rows, 𠮷 kept")
    for enc in ("utf-8", "gbk"):
        try:
            raw.decode(enc)
            fails.append(f"gb18030.csv decodes as {enc}")
        except UnicodeDecodeError:
            pass
    raw = (HERE / "utf16_excel.txt").read_bytes()
    rows = read_csv("utf16_excel.txt", "utf-16", "\t")
    show("utf16_excel.txt", rows[0], rows[1:], "utf-16 BOM CRLF TAB")
    expect(raw.startswith(b"\xff\xfe") and len(rows) == 5 and rows[3][1] == A1_MULTILINE_CRLF, "utf16")
    raw = (HERE / "gbk_traditional.csv").read_bytes()
    rows = read_csv("gbk_traditional.csv", "gbk")
    show("gbk_traditional.csv", rows[0], rows[1:], "gbk CRLF ','")
    expect(len(rows) == 5 and rows[1][1] == G1_TRAD, "gbk_traditional: 4 rows")
    for enc in ("utf-8", "cp950"):
        try:
            raw.decode(enc)
            fails.append(f"gbk_traditional.csv decodes as {enc}")
        except UnicodeDecodeError:
            pass
    raw = (HERE / "big5_rare.csv").read_bytes()
    rows = read_csv("big5_rare.csv", "cp950")
    show("big5_rare.csv", rows[0], rows[1:], "cp950 CRLF ',' level-2 characters only")
    expect(len(rows) == 7 and raw.decode("gb18030") != raw.decode("cp950"), "big5_rare: 6 rows, two readings")

    raw = (HERE / "utf8_bom.csv").read_bytes()
    expect(raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, "utf8_bom: BOM + LF")
    rows = read_csv("utf8_bom.csv", "utf-8-sig")
    show("utf8_bom.csv", rows[0], rows[1:], "utf-8-sig LF ','")
    expect(len(rows) == 9 and all(len(r) == 6 for r in rows), "utf8_bom: 8 rows x 6")

    rows = read_csv("tabs.tsv", "utf-8", "\t")
    show("tabs.tsv", rows[0], rows[1:], "utf-8 LF TAB")
    expect(len(rows) == 9 and rows[3][5] == "发什么快递？\n能发顺丰吗？", "tabs: 8 rows, 2 questions")
    expect(not (HERE / "tabs.tsv").read_bytes().startswith(b"\xef\xbb\xbf"), "tabs: no BOM")

    rows = read_csv("semicolon.csv", "utf-8", ";")
    show("semicolon.csv", rows[0], rows[1:], "utf-8 LF ';'")
    expect(len(rows) == 7 and all(len(r) == 4 for r in rows), "semicolon: 6 rows x 4")

    import openpyxl

    wb = openpyxl.load_workbook(HERE / "pack.xlsx")
    ws = wb.active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    data = [r for r in values[1:] if any(v not in (None, "") for v in r)]
    show("pack.xlsx", values[0], data, f"sheet={ws.title!r} max_row={ws.max_row}")
    expect(ws.max_row == 12 and len(data) == 10, "xlsx: 10 data rows in 12 Excel rows")
    expect(all(v is None for v in values[6]), "xlsx: Excel row 7 blank")
    expect(ws["A4"].value == 12 and ws["A4"].data_type == "n", "xlsx: A4 numeric 12")
    expect("\n" in ws["B6"].value, "xlsx: B6 multi-line")

    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(HERE / "pack.xls"))
    rows = book.get_sheet_by_index(0).to_python()
    show("pack.xls", rows[0], rows[1:], f"sheet={book.sheet_names[0]!r}")
    expect(len(rows) == 9 and len(rows[0]) == 3, "xls: 8 rows x 3")

    v1 = json.loads((HERE / "trainer.qrpack.json").read_text("utf-8"))
    v2 = json.loads((HERE / "trainer_v2.qrpack.json").read_text("utf-8"))
    by1 = {(p["stage"], p["code"]): p for p in v1["phrases"]}
    by2 = {(p["stage"], p["code"]): p for p in v2["phrases"]}
    removed, added = by1.keys() - by2.keys(), by2.keys() - by1.keys()
    changed = [k for k in by1.keys() & by2.keys() if by1[k] != by2[k]]
    show("trainer.qrpack.json", list(v1), v1["phrases"], f"pack_version={v1['pack_version']}")
    show(
        "trainer_v2.qrpack.json",
        list(v2),
        v2["phrases"],
        f"pack_version={v2['pack_version']} changed={changed} removed={sorted(removed)} added={sorted(added)}",
    )
    expect(
        len(v1["phrases"]) == 10 and sum(p["stage"] == "promotion" for p in v1["phrases"]) == 2, "json: 10/2"
    )
    expect(
        all(
            p["code"].isascii() and p["title"] and p["note"] and 1 <= len(p["questions"]) <= 2
            for p in v1["phrases"] + v2["phrases"]
        ),
        "json: complete phrases",
    )
    expect(len(removed) == 1 and len(added) == 1 and len(changed) == 1, "json: one change/removal/addition")
    expect(
        changed and set(k for k in by1[changed[0]] if by1[changed[0]][k] != by2[changed[0]][k]) == {"body"},
        "json: only the body changed",
    )

    raw = (HERE / "with_bad_rows.csv").read_bytes()
    rows = read_csv("with_bad_rows.csv", "utf-8-sig")
    show("with_bad_rows.csv", rows[0], rows[1:], f"utf-8-sig CRLF ','  row5 body={len(rows[4][1])} chars")
    expect(len(rows) == 9 and rows[3][1] == "" and len(rows[4][1]) == 2100 and rows[5] == rows[2], "bad rows")

    # Broken files
    expect((HERE / "empty.csv").stat().st_size == 0, "empty.csv")
    rows = read_csv("header_only.csv", "utf-8")
    expect(len(rows) == 1, "header_only.csv")
    rows = read_csv("no_body_column.csv", "utf-8")
    expect(len(rows) == 4 and rows[0] == ["编码", "分组", "价格"], "no_body_column.csv")
    garbage = (HERE / "garbage.csv").read_bytes()
    expect(len(garbage) == 4096 and garbage.count(0) >= 40, "garbage.csv")
    und = (HERE / "undecodable.csv").read_bytes()
    for enc in ("utf-8", "utf-8-sig", "gb18030", "gbk", "cp936"):
        try:
            und.decode(enc)
            fails.append(f"undecodable.csv decodes as {enc}")
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8", "gb18030"):
        try:
            garbage.decode(enc)
            fails.append(f"garbage.csv decodes as {enc}")
        except UnicodeDecodeError:
            pass

    pack = (HERE / "pack.xlsx").read_bytes()
    trunc = (HERE / "truncated.xlsx").read_bytes()
    expect(
        trunc == pack[: int(len(pack) * 0.6)] and not zipfile.is_zipfile(HERE / "truncated.xlsx"),
        "truncated.xlsx",
    )
    expect((HERE / "renamed.xls").read_bytes() == pack, "renamed.xls")
    pw = (HERE / "password.xlsx").read_bytes()
    expect(pw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "password.xlsx OLE signature")
    pw_info = PASSWORD_NOTE or "encrypted"
    try:
        from msoffcrypto.format.ooxml import OOXMLFile

        dec = io.BytesIO()
        f = OOXMLFile(io.BytesIO(pw))
        f.load_key(password="1234")
        f.decrypt(dec)
        expect(dec.getvalue() == pack, "password.xlsx decrypts to pack.xlsx")
        pw_info = "decrypts with 1234 to pack.xlsx"
    except ImportError:
        pass

    bomb = HERE / "zipbomb.xlsx"
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        total = 0
        with zf.open(info) as entry:  # streams and checks the CRC
            while block := entry.read(1 << 22):
                total += len(block)
        expect(total == info.file_size >= 300_000_000, "zipbomb: >= 300 MB")
    expect(bomb.stat().st_size < 1_000_000, "zipbomb: < 1 MB on disk")

    with zipfile.ZipFile(HERE / "entity_bomb.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
        expect(
            "<!DOCTYPE" in sheet
            and "&lol9;" in sheet
            and len(zf.namelist()) == len(zipfile.ZipFile(io.BytesIO(pack)).namelist()),
            "entity_bomb.xlsx",
        )

    for name, extra in (
        ("empty.csv", "0 bytes"),
        ("header_only.csv", "header line only"),
        ("no_body_column.csv", "3 rows, no body column"),
        ("garbage.csv", f"{len(garbage)} random bytes, {garbage.count(0)} NULs"),
        ("undecodable.csv", "fails utf-8 and gb18030"),
        ("truncated.xlsx", f"{len(trunc)} of {len(pack)} bytes"),
        ("password.xlsx", pw_info),
        ("zipbomb.xlsx", f"{bomb.stat().st_size} bytes on disk, sheet1.xml {total:,} bytes"),
        ("entity_bomb.xlsx", "billion laughs in sheet1.xml B2"),
        ("renamed.xls", "pack.xlsx bytes"),
    ):
        print(f"{name:24} {extra}")

    sizes = {p.name: p.stat().st_size for p in HERE.iterdir() if p.is_file()}
    expect(max(sizes.values()) < 1_000_000 and sum(sizes.values()) < 3_000_000, "sizes")
    print(f"total size of tests/data: {sum(sizes.values()):,} bytes")
    layout_files.check(HERE, expect)
    if fails:
        print("FAILED:", *fails, sep="\n  ")
        sys.exit(1)
    print("all checks passed")


# Issue 17: seller-client layouts. The 千牛 export names its code column 快捷短语编码; a 千牛 assistant's
# own CSV opens with three preamble rows and writes every cell as "\t…" with group paths 售前=>物流.
QIANNIU_EXPORT_HEADER = ["快捷短语编码", "快捷短语", "快捷短语分组"]


def qianniu_export() -> None:
    gbk = [
        QIANNIU_EXPORT_HEADER,
        ["hy", G1, "欢迎"],
        ["fh", S1, "发货"],
        ["kd", L1, "物流"],
        ["th", A1, "售后"],
        ["yj", B3, "议价"],
        ["sq", Q1, "售前"],
        ["cy", C1, "常用"],
        ["dd", E1, "未分组"],
        ["ddd", T2, ""],
    ]
    write_csv("qianniu_export_gbk.csv", gbk, encoding="cp936", newline="\r\n")
    bom = [
        QIANNIU_EXPORT_HEADER,
        ["hy", G2, "开场"],
        ["kd", L3, "快递"],
        ["th", A2, "退换"],
        ["cf", P2, "催付"],
        ["cy", C2, "常用"],
        ["dd", E1, ""],
    ]
    write_csv("qianniu_export_bom.csv", bom, encoding="utf-8", newline="\r\n", bom=True)


def qianniu_assistant() -> None:
    rows = [
        ["请勿修改前三行，从第四行开始填写快捷短语"],
        ["账号：示例旗舰店:客服01"],
        ["分组", "快捷编码", "标题", "内容", "图片名", "程序数据"],
        ["售前=>欢迎", "hy", "欢迎光临", G1, "", ""],
        ["售前=>物流", "kd", "默认快递", L1, "", ""],
        ["售前=>物流", "dh", "", L3, "", ""],
        ["售后=>退换", "th", "七天退换", A1, "", ""],
        ["售后", "tk", "退款时间", A2, "", ""],
        ["售前", "zp", "正品保障", Q1, "logo.png", ""],
        ["常用", "js", "结束语", C1, "", ""],
        ["", "dd", "稍等查询", E1, "", ""],
    ]
    buf = io.StringIO(newline="")
    for row in rows:
        buf.write(",".join('"\t' + cell.replace('"', '""') + '"' for cell in row) + "\r\n")
    (HERE / "qianniu_assistant.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def main() -> None:
    qianniu_gbk()
    big5_english()
    gb18030_csv()
    utf16_text()
    gbk_traditional()
    big5_rare()
    utf8_bom()
    tabs()
    semicolon()
    pack = pack_xlsx()
    pack_xls()
    trainer_json()
    with_bad_rows()
    qianniu_export()
    qianniu_assistant()
    broken_text_files()
    broken_xlsx_files(pack)
    layout_files.write_all(HERE, layout_files.fixed_zip(normalize_zip))
    check()


if __name__ == "__main__":
    main()
