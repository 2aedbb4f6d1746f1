"""The team figures ``quickreply team stats --json`` prints, as the team view and export tests use them."""

from __future__ import annotations

import copy
from typing import Any

_SAMPLE: dict[str, Any] = {
    "days": 30,
    "since": "2026-11-02T00:00:00+00:00",
    "generated_at": "2026-12-02T18:30:00+00:00",
    "agents": [
        {
            "agent": "小王",
            "uses": 120,
            "drafts_checked": 14,
            "violations": 5,
            "violations_by_rule": {"svc.bu": 2, "svc.sorry": 3},
            "median_seconds_to_paste": 6.5,
            "first_use": "2026-11-02T01:10:00+00:00",
            "last_use": "2026-12-02T09:00:00+00:00",
        },
        {
            "agent": "小李",
            "uses": 300,
            "drafts_checked": 40,
            "violations": 0,
            "violations_by_rule": {},
            "median_seconds_to_paste": 24.0,
            "first_use": "2026-11-03T01:00:00+00:00",
            "last_use": "2026-12-02T10:00:00+00:00",
        },
        {
            "agent": "小张",
            "uses": 9,
            "drafts_checked": 2,
            "violations": 1,
            "violations_by_rule": {"svc.en": 1},
            "median_seconds_to_paste": 41.0,
            "first_use": "2026-11-20T01:00:00+00:00",
            "last_use": "2026-11-28T10:00:00+00:00",
        },
        {
            "agent": "新人",
            "uses": 0,
            "drafts_checked": 0,
            "violations": 0,
            "violations_by_rule": {},
            "median_seconds_to_paste": None,
            "first_use": None,
            "last_use": None,
        },
    ],
    "phrases": [
        {
            "pack": "shop",
            "code": "fh",
            "title": "发货时间",
            "stage": "shipping",
            "uses": 40,
            "agents": 3,
            "last_use": "2026-12-02T09:00:00+00:00",
        },
        {
            "pack": "shop",
            "code": "hy",
            "title": "欢迎语",
            "stage": "greeting",
            "uses": 300,
            "agents": 3,
            "last_use": "2026-12-02T10:00:00+00:00",
        },
        {
            "pack": "shop",
            "code": "cf",
            "title": "催付",
            "stage": "bargaining",
            "uses": 7,
            "agents": 1,
            "last_use": "2026-11-28T10:00:00+00:00",
        },
    ],
    "never_used": [
        {"pack": "shop", "code": "", "title": "运费险说明", "stage": "after_sales", "version": 3},
        {"pack": "shop", "code": "zp", "title": "赠品说明", "stage": "my_stage", "version": 3},
    ],
    "versions": [
        {
            "pack": "shop",
            "version": 3,
            "published_at": "2026-11-20T02:00:00+00:00",
            "author": "trainer1",
            "notes": "改了催付话术",
            "phrases": 5000,
            "changed": 12,
            "uses": 300,
            "agents": 8,
            "changed_uses": 45,
            "changed_agents": 4,
        },
        {
            "pack": "shop",
            "version": 2,
            "published_at": "2026-11-01T02:00:00+00:00",
            "author": "trainer1",
            "notes": "",
            "phrases": 4990,
            "changed": 40,
            "uses": 129,
            "agents": 5,
            "changed_uses": 0,
            "changed_agents": 0,
        },
    ],
    "kpi": {"first_reply_seconds": 10, "average_seconds_full_score": 30, "average_seconds_normal": 40},
}


def sample() -> dict[str, Any]:
    """A fresh copy of the sample figures (a test may change its copy)."""
    return copy.deepcopy(_SAMPLE)
