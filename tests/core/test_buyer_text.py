"""What reads like a buyer's message and what an agent typed to find a reply."""

from __future__ import annotations

import pytest

from quickreply.core.buyer_text import reads_like_message

TYPED = [
    "fh",
    "/tk",
    "发货",
    "退款",
    "发货时间",
    "fahuo",
    "fhsj",
    "@售后 退款",
    ">亲，稍等",
    "包邮",
    "七天无理由",
    "shunfeng",
]
MESSAGES = [
    "包邮吗",
    "70行吗",
    "在吗",
    "发货了没",
    "亲 帮我看下快递到哪了",
    "快递 到哪 了",
    "什么时候发货",
    "能便宜点不",
    "发票怎么开",
    "保质期多久",
    "我想要价保退差价",
    "我买的面霜收到是坏的，包装都压扁了，你们怎么发的货",
    "發貨了嗎",  # traditional characters fold first
    "3天能到",
    "where is my parcel",
    "能发顺丰？",
]


@pytest.mark.parametrize("text", TYPED)
def test_what_agents_type_is_not_a_message(text):
    assert not reads_like_message(text)


@pytest.mark.parametrize("text", MESSAGES)
def test_what_buyers_write_is_a_message(text):
    assert reads_like_message(text)


def test_empty_and_blank_are_not_messages():
    assert not reads_like_message("") and not reads_like_message("   \u200b ")
