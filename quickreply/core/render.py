"""Placeholders in phrase bodies: which ones exist, and finding them in a text.

Shops differ in name, free-shipping threshold, courier and cut-off time, so approved replies say
``{店铺名}`` or ``{包邮门槛}`` and the profile in settings fills them in at paste time. Ask-at-paste
fields end in ``?`` (``{订单号?}``) and are asked for in the popup.
"""

from __future__ import annotations

import re

# Profile values a shop sets once in settings.
PROFILE_FIELDS: dict[str, str] = {
    "店铺名": "店铺名称",
    "工号": "客服工号",
    "包邮门槛": "包邮金额(元)",
    "默认快递": "默认快递公司",
    "发货时间": "当天发货的截单时间",
}

# Fields the agent fills in at paste time.
ASK_FIELDS: dict[str, str] = {
    "订单号?": "订单号",
    "快递单号?": "快递单号",
    "金额?": "金额",
    "买家?": "买家称呼",
}

_PLACEHOLDER = re.compile(r"\{([^{}\n]{1,40})\}")


def placeholders(text: str) -> list[str]:
    """Names of the ``{…}`` placeholders in a text, in order of appearance."""
    return _PLACEHOLDER.findall(text)


def is_known(name: str) -> bool:
    """Whether a placeholder name is one quickreply can fill."""
    return name in PROFILE_FIELDS or name in ASK_FIELDS
