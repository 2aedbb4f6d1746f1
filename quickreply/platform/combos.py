"""Key combinations as users write them ("ctrl+alt+space", "Ctrl+Shift+F1") parsed once for every backend."""

from __future__ import annotations

import dataclasses

from quickreply.platform import base

MODIFIERS = {
    "ctrl": "ctrl",
    "control": "ctrl",
    "alt": "alt",
    "shift": "shift",
    "win": "super",
    "super": "super",
    "meta": "super",
    "cmd": "super",
}
ALIASES = {
    "return": "enter",
    "esc": "escape",
    "del": "delete",
    "ins": "insert",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "spacebar": "space",
    " ": "space",
}
NAMED_KEYS = {
    "space",
    "enter",
    "tab",
    "escape",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "backquote",
    "minus",
    "equal",
    "comma",
    "period",
    "slash",
    "semicolon",
    *(f"f{i}" for i in range(1, 25)),
}


@dataclasses.dataclass(frozen=True)
class Combo:
    """Modifiers (a subset of ctrl, alt, shift, super) and one key (a letter, digit or named key)."""

    modifiers: frozenset[str]
    key: str

    def __str__(self) -> str:
        order = [m for m in ("ctrl", "alt", "shift", "super") if m in self.modifiers]
        return "+".join([*order, self.key])


def parse(text: str) -> Combo:
    """Parse "ctrl+alt+k"; DesktopError with the reason for anything else."""
    parts = [p.strip().lower() for p in text.replace(" ", "").split("+")] if text.strip() else []
    if not parts or any(not p for p in parts):
        raise base.DesktopError(f"无法识别的快捷键「{text}」(写法如 ctrl+alt+space)")
    *mods, key = parts
    modifiers = set()
    for mod in mods:
        if mod not in MODIFIERS:
            raise base.DesktopError(f"快捷键「{text}」中的「{mod}」不是修饰键(可用 ctrl、alt、shift、win)")
        modifiers.add(MODIFIERS[mod])
    key = ALIASES.get(key, key)
    if key in MODIFIERS:
        raise base.DesktopError(f"快捷键「{text}」缺少一个主键(如字母、数字、空格或 F1)")
    if not (len(key) == 1 and key.isascii() and key.isalnum()) and key not in NAMED_KEYS:
        raise base.DesktopError(f"快捷键「{text}」中的按键「{key}」不受支持")
    return Combo(frozenset(modifiers), key)


def parse_hotkey(text: str) -> Combo:
    """A combination usable as a global hotkey: it needs a modifier (a bare letter would eat typing)."""
    combo = parse(text)
    if not combo.modifiers and not combo.key.startswith("f"):
        raise base.DesktopError(f"全局快捷键「{text}」至少要有一个修饰键(ctrl、alt、shift 或 win)")
    return combo
