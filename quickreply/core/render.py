"""Placeholders in phrase bodies: which exist, which the agent must fill in, and the text they become.

Shops differ in name, free-shipping threshold, courier and cut-off time, so approved replies say
``{店铺名}`` or ``{包邮门槛}`` and the shop profile fills them in. ``{日期+3}`` and ``{时间}`` come from
the clock, ``{剪贴板}`` from the clipboard. Fields ending in ``?`` (``{订单号?}``) and choices
(``{快递:圆通|顺丰|EMS}``) are asked for in the popup before pasting. Anything else is unknown: it
is shown to the agent, never pasted blindly. Nothing here raises on any text: a malformed
placeholder (``{快递:|}``) renders as an unknown one, and ``malformed`` lets saving refuse it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

# Profile values a shop sets once in settings.
PROFILE_FIELDS: dict[str, str] = {
    "店铺名": "店铺名称",
    "工号": "客服工号",
    "包邮门槛": "包邮金额(元)",
    "默认快递": "默认快递公司",
    "发货时间": "当天发货的截单时间",
}

# Fields the agent fills in at paste time (any name ending in ? works; these are the usual ones).
ASK_FIELDS: dict[str, str] = {
    "订单号?": "订单号",
    "快递单号?": "快递单号",
    "金额?": "金额",
    "买家?": "买家称呼",
}

CLOCK_FIELDS = ("日期", "时间", "剪贴板")
_PLACEHOLDER = re.compile(r"\{([^{}\n]{1,40})\}")
_DATE = re.compile(r"^日期([+-]\d{1,3})?$")


@dataclasses.dataclass(frozen=True)
class Field:
    """Something the agent fills in before pasting: an ask field, a choice, or a missing profile value."""

    name: str
    label: str
    options: tuple[str, ...] = ()  # a choice field's options
    default: str = ""


@dataclasses.dataclass(frozen=True)
class Rendered:
    """The text to paste, and what could not be filled (the popup does not paste while any remain)."""

    text: str
    missing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unknown


def placeholders(text: str) -> list[str]:
    """Names of the ``{…}`` placeholders in a text, in order of appearance."""
    return _PLACEHOLDER.findall(text)


def kind(name: str) -> str:
    """profile, ask, choice, date, clock or unknown."""
    if name in PROFILE_FIELDS:
        return "profile"
    if name.endswith("?") and len(name) > 1:
        return "ask"
    if _looks_like_choice(name):
        return "choice" if _choice_ok(name) else "unknown"
    if _DATE.match(name):
        return "date"
    if name in CLOCK_FIELDS:
        return "clock"
    return "unknown"


def _looks_like_choice(name: str) -> bool:
    return ":" in name and "|" in name.split(":", 1)[1]


def _choice_ok(name: str) -> bool:
    """A choice needs a name before the colon and at least one option after it."""
    key, options = name.split(":", 1)
    return bool(key.strip()) and any(options.split("|"))


def malformed(text: str) -> list[str]:
    """Placeholders written as a choice that cannot be one (``{快递:|}``, ``{:圆通|顺丰}``): saving
    a phrase refuses them, so the popup never has to ask for an empty list of options."""
    return [name for name in placeholders(text) if _looks_like_choice(name) and not _choice_ok(name)]


def is_known(name: str) -> bool:
    """Whether a placeholder name is one quickreply can fill."""
    return kind(name) != "unknown"


def fields(text: str, profile: dict[str, str], remembered: dict[str, str] | None = None) -> list[Field]:
    """What the agent must fill in for this text, each once, with last time's value as default."""
    remembered = remembered or {}
    found: dict[str, Field] = {}
    for name in placeholders(text):
        what = kind(name)
        key = _field_key(name)
        if key in found:
            continue
        if what == "ask":
            found[key] = Field(key, ASK_FIELDS.get(name, key), default=remembered.get(key, ""))
        elif what == "choice":
            options = tuple(o for o in name.split(":", 1)[1].split("|") if o)
            default = remembered.get(key, options[0])
            found[key] = Field(key, key, options, default if default in options else options[0])
        elif what == "profile" and not str(profile.get(name, "")).strip():
            found[key] = Field(key, PROFILE_FIELDS[name], default=remembered.get(key, ""))
    return list(found.values())


def _field_key(name: str) -> str:
    """The name a field is filled (and remembered) under: 订单号? → 订单号, 快递:圆通|顺丰 → 快递."""
    if kind(name) == "choice":
        return name.split(":", 1)[0]
    return name[:-1] if name.endswith("?") else name


def render(
    text: str,
    profile: dict[str, str],
    values: dict[str, str] | None = None,
    clipboard: str = "",
    now: datetime.datetime | None = None,
) -> Rendered:
    """Fill every placeholder; what has no value is left as written and listed in ``missing``."""
    values = values or {}
    now = now or datetime.datetime.now()
    missing: list[str] = []
    unknown: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        what = kind(name)
        key = _field_key(name)
        if what == "date":
            try:
                day = now + datetime.timedelta(days=int(name[2:] or 0))
            except OverflowError:  # a clock at the end of the calendar: leave it for the agent
                unknown.append(name)
                return match.group(0)
            return f"{day.month}月{day.day}日"
        if what == "clock":
            return {"日期": f"{now.month}月{now.day}日", "时间": f"{now:%H:%M}", "剪贴板": clipboard}[name]
        if what == "profile" and str(profile.get(name, "")).strip():
            return str(profile[name])
        if what in ("profile", "ask", "choice"):
            if values.get(key, "").strip():
                return values[key]
            missing.append(key)
            return match.group(0)
        unknown.append(name)
        return match.group(0)

    rendered = _PLACEHOLDER.sub(fill, text)
    return Rendered(rendered, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))
