"""The canonical conversation stages, in the order a sales chat runs, and the headings that mean them."""

from __future__ import annotations

import dataclasses
import functools
import re

from quickreply.core import textnorm


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclasses.dataclass(frozen=True)
class StageInfo:
    """A canonical stage: id, names and the trainer headings (aliases) that map to it."""

    id: str
    name_zh: str
    name_en: str
    position: int
    aliases: tuple[str, ...] = ()


# Each stage's trainer headings, space-separated (none of them has a space of its own).
CANONICAL: tuple[StageInfo, ...] = (
    StageInfo(
        "greeting",
        "开场问候",
        "Greeting",
        10,
        _words("开场 开场白 欢迎 欢迎语 问候 接待 打招呼 招呼 自动回复 首次接待 welcome hello"),
    ),
    StageInfo(
        "stock",
        "库存咨询",
        "Stock",
        20,
        _words("库存 是否有货 有货 有没有货 缺货 现货 补货 到货通知 预售 尺码 stock inventory"),
    ),
    StageInfo(
        "shipping",
        "发货时间",
        "Shipping time",
        30,
        _words("发货 什么时候发货 催发货 发货问题 延迟发货 shipping dispatch"),
    ),
    StageInfo(
        "logistics",
        "快递物流",
        "Logistics",
        40,
        _words(
            "物流 快递 发什么快递 快递问题 物流问题 查物流 到货 什么时候到货 配送 运费 包邮 delivery courier"
        ),
    ),
    StageInfo(
        "bargaining",
        "议价",
        "Bargaining",
        50,
        _words("讲价 还价 砍价 议价 优惠 便宜 价格 催付 催拍 付款 促销 活动 赠品 price discount bargain"),
    ),
    StageInfo(
        "quality",
        "质量保障",
        "Quality",
        60,
        _words("质量 质量问题 正品 真假 色差 材质 实物与图片 实物和图片 产品咨询 商品咨询 尺码推荐 product"),
    ),
    StageInfo(
        "after_sales",
        "售后退换",
        "After-sales",
        70,
        _words(
            "售后 退换货 退货 换货 退款 退换 维修 保修 破损 少件 错发"
            " aftersales after-sales return returns refund"
        ),
    ),
    StageInfo(
        "closing",
        "结束语",
        "Closing",
        80,
        _words("结束 结束语 告别 道别 收尾 核对地址 核对信息 确认订单 下单确认 close"),
    ),
    StageInfo(
        "reviews",
        "评价回复",
        "Reviews",
        90,
        _words("评价 回评 好评 中评 差评 中差评 邀评 晒单 review feedback"),
    ),
    StageInfo(
        "complaints", "投诉处理", "Complaints", 100, _words("投诉 纠纷 维权 客诉 不满 安抚 complaint dispute")
    ),
)

# Pinyin and initials of each canonical stage's Chinese name and aliases, for @wl-style filters
# without loading pypinyin at start-up (tests/core/test_stages.py checks them against pypinyin).
PINYIN_KEYS: dict[str, tuple[str, ...]] = {
    "greeting": _words(
        "dazhaohu dzh huanying huanyingyu hy hyy jd jiedai kaichang kaichangbai kaichangwenhou kc kcb kcwh "
        "scjd shoucijiedai wenhou wh zdhf zh zhaohu zidonghuifu"
    ),
    "stock": _words(
        "bh buhuo chima cm daohuotongzhi dhtz kc kczx kucun kucunzixun qh quehuo sfyh shifouyouhuo xh "
        "xianhuo yh ymyh youhuo youmeiyouhuo ys yushou"
    ),
    "shipping": _words(
        "cfh cuifahuo fahuo fahuoshijian fahuowenti fh fhsj fhwt shenmeshihoufahuo smshfh yanchifahuo ycfh"
    ),
    "logistics": _words(
        "baoyou by chawuliu cwl daohuo dh fashenmekuaidi fsmkd kd kdwl kdwt kuaidi kuaidiwenti "
        "kuaidiwuliu peisong ps shenmeshihoudaohuo smshdh wl wlwt wuliu wuliuwenti yf yunfei"
    ),
    "bargaining": _words(
        "cf cp cuifu cuipai cuxiao cx fk fukuan hd hj huanjia huodong jg jiage jiangjia jj kanjia kj "
        "pianyi py yh yijia yj youhui zengpin zp"
    ),
    "quality": _words(
        "caizhi chanpinzixun chimatuijian cmtj cpzx cz sc secha shangpinzixun shiwuhetupian shiwuyutupian "
        "spzx swhtp swytp zhengpin zhenjia zhiliang zhiliangbaozhang zhiliangwenti zj zl zlbz zlwt zp"
    ),
    "after_sales": _words(
        "baoxiu bx cf cuofa hh huanhuo posun ps sh shaojian shouhou shouhoutuihuan shth sj th thh tk "
        "tuihuan tuihuanhuo tuihuo tuikuan weixiu wx"
    ),
    "closing": _words(
        "daobie db gaobie gb hddz hdxx heduidizhi heduixinxi jieshu jieshuyu js jsy qrdd querendingdan "
        "shouwei sw xdqr xiadanqueren"
    ),
    "reviews": _words(
        "chaping cp haoping hp huiping pingjia pingjiahuifu pj pjhf sd shaidan yaoping yp zcp "
        "zhongchaping zhongping zp"
    ),
    "complaints": _words("af anfu bm buman jf jiufen kesu ks tousu tousuchuli ts tscl weiquan wq"),
}


# Words that give a seller's own group name away when it is not a heading we know whole
# (售后问题, 物流查询, 催付话术, 好评返现): only words that mean one stage wherever they stand.
CONTAINED: dict[str, tuple[str, ...]] = {
    "greeting": _words("欢迎 开场 问候 打招呼 自动回复"),
    "stock": _words("库存 有货 缺货 现货 补货 预售 到货通知"),
    "shipping": _words("发货"),
    "logistics": _words("物流 快递 配送 运费 包邮"),
    "bargaining": _words("议价 讲价 还价 砍价 催付 催拍 优惠"),  # not 活动: 活动话术 is a group of its own
    "quality": _words("质量 正品 色差 材质 尺码推荐"),
    "after_sales": _words("售后 退换 退货 换货 退款 维修 保修 破损 少件 错发"),
    "closing": _words("结束 告别 道别 核对"),
    "reviews": _words("评价 好评 中评 差评 回评 晒单"),
    "complaints": _words("投诉 纠纷 维权 客诉"),
}

UNGROUPED_ID = "ungrouped"
UNGROUPED_NAME_ZH = "未分组"

_BY_ID = {s.id: s for s in CANONICAL}


@functools.lru_cache(maxsize=4096)  # an import resolves the same few stage names on every row
def fold(text: str) -> str:
    """A stage name or heading as it is looked up: folded by ``textnorm.fold`` (width, case,
    traditional characters, invisible ones), without spaces."""
    return "".join(textnorm.fold(text).split())


@functools.cache
def _lookup() -> dict[str, str]:
    """Folded id, names and aliases → stage id; made at the first lookup, not at import (folding
    Chinese loads the traditional-character table)."""
    lookup: dict[str, str] = {}
    for stage in CANONICAL:
        for key in (stage.id, stage.name_zh, stage.name_en, *stage.aliases):
            lookup.setdefault(fold(key), stage.id)
    lookup[fold("after sales")] = "after_sales"
    return lookup


# How seller tools write a group inside a group: 售前=>物流, 售后>退换, 售后/退款.
PATH_SEPARATOR = re.compile(r"\s*(?:=>|->|＞|>|/|／|\\)\s*")


def path_parts(name: str) -> list[str]:
    """A group path's parts, the most specific (last) first; a plain name is its own one part."""
    parts = [part for part in PATH_SEPARATOR.split(name) if part.strip()]
    return list(reversed(parts)) or [name]


def resolve_path(name: str) -> str | None:
    """``resolve`` for a group path such as 售前=>物流: the most specific part that names a
    canonical stage (物流 → logistics), or None when no part does."""
    found = resolve(name)
    if found is not None:
        return found
    return next((stage for part in path_parts(name) if (stage := resolve(part)) is not None), None)


def guess_path(name: str) -> str | None:
    """For a group (path) ``resolve_path`` does not know: the first part, most specific first,
    holding a word of one stage (``contained``: 售后问题 → after_sales), or None."""
    return next((stage for part in path_parts(name) if (stage := contained(part)) is not None), None)


def contained(name: str) -> str | None:
    """The stage whose word (``CONTAINED``) a group name holds: 售后问题 → after_sales. With words of
    several stages, the one ending last wins, as a Chinese compound names its head last (快递售后
    is after-sales, 售后物流 logistics); then the longer word."""
    folded = fold(name)
    best: tuple[int, int, str] | None = None
    for stage_id, words in CONTAINED.items():
        for word in words:
            at = folded.rfind(word)
            if at >= 0 and (best is None or (at + len(word), len(word)) > best[:2]):
                best = (at + len(word), len(word), stage_id)
    return best[2] if best else None


def get(stage_id: str) -> StageInfo | None:
    """The canonical stage with this exact id, or None."""
    return _BY_ID.get(stage_id)


def resolve(name: str) -> str | None:
    """Map a stage id, Chinese or English name or trainer heading to a canonical stage id.

    Returns None for a heading that names no canonical stage (the caller decides whether that
    becomes a new stage or an error).
    """
    return _lookup().get(fold(name))


def canonical_ids() -> list[str]:
    """The canonical stage ids in conversation order."""
    return [s.id for s in CANONICAL]
