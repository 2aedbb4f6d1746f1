"""The seller-client files the import knows by their header row, and where each is documented.

Reading does not depend on this (``columns`` maps any header it knows, in any order); naming the
layout tells the user the file was understood as that client's file, and says what the columns a
client writes without a header hold. Sources (public code, read for issue 17):

- 飞牛 哞哞商家版 client, ``CLocalData::SaveFastWordInfo`` / ``ReadFastWordInfo`` (LocalData.cpp):
  ``FastWord.csv``, ANSI (GBK), header 快捷编码,快捷短语,快捷短语分组 and four empty cells; each row
  adds font flags, colour, font name and size; a comma is written ``&#44;``, a line break
  ``&#13;``; a group without phrases is written as one row holding only its name.
- The same client's ``CFastWordImport::ImportExcel`` / ``ImportCsv`` (FastWordImport.cpp) and the
  template it ships, ``ExcelTemplate\\FastWordCustom.xls``: 快捷编码, 快捷短语, 快捷短语分组 in A1:C1;
  an empty group is 未分组; codes are cut to 4 characters.
- 飞牛 back office ``QuickPhraseController`` (com.feiniu.fnSubAccount): exports
  ``快捷短语<time>.xlsx`` with one sheet 默认表单 and the same three headers; groups up to 10
  characters, codes up to 4, phrases up to 430.
- 千牛's own export, 快捷短语编码,快捷短语,快捷短语分组 (``QnShortcutImporter.IsFileType`` in a public
  千牛 assistant, C#), and a 千牛 assistant's CSV with preamble rows (分组,快捷编码,标题,内容,图片名…).
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Layout:
    """A client's header row: its name in the report, its header cells, and what its columns
    without a header hold ("" when it has none)."""

    name: str
    headers: tuple[str, ...]
    unnamed: str = ""


FEINIU_CSV = Layout(
    "飞牛客户端的快捷短语文件(FastWord.csv)",
    ("快捷编码", "快捷短语", "快捷短语分组", "", "", "", ""),
    unnamed="字体样式、颜色、字体和字号",
)
FEINIU_SHEET = Layout(
    "快捷编码/快捷短语/快捷短语分组 表格(飞牛模板 FastWordCustom.xls、飞牛后台导出)",
    ("快捷编码", "快捷短语", "快捷短语分组"),
)
QIANNIU_EXPORT = Layout("千牛快捷短语导出", ("快捷短语编码", "快捷短语", "快捷短语分组"))
QIANNIU_ASSISTANT = Layout(
    "千牛助手的快捷短语文件", ("分组", "快捷编码", "标题", "内容", "图片名", "程序数据")
)
LAYOUTS = (FEINIU_CSV, FEINIU_SHEET, QIANNIU_EXPORT, QIANNIU_ASSISTANT)


def identify(headers: list[str]) -> Layout | None:
    """The layout whose header row this is, cells compared as written; the empty cells after
    快捷编码,快捷短语,快捷短语分组 tell FastWord.csv from the three-column sheet. None for others."""
    cells = tuple(cell.strip() for cell in headers)
    if cells[:3] == FEINIU_SHEET.headers:
        if len(cells) == 3:
            return FEINIU_SHEET
        return FEINIU_CSV if not any(cells[3:]) else None
    for layout in (QIANNIU_EXPORT, QIANNIU_ASSISTANT):
        if cells[: len(layout.headers)] == layout.headers:
            return layout
    return None
