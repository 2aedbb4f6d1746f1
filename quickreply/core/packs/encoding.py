"""Which encoding a CSV pack is in: decided on the whole file, checked for plausibility, asked when unsure.

GB18030 decodes almost any byte string, so a Big5 file (from a shop in Taiwan or Hong Kong) would
come in as mojibake if GB18030 were simply tried first. So: byte-order marks and UTF-8 are taken
as they are; otherwise every candidate that decodes the whole file strictly is checked for being
Chinese in the script its encoding is for (GBK/GB18030: the common simplified characters of
GB2312; Big5: its level-1 common characters), and charset-normalizer, run over the whole file,
breaks a tie. A lone decodable candidate that is not plausible (a GBK file of traditional
characters or rare names) is still taken when it holds no private-use characters, which is what
undefined byte pairs decode to. Otherwise the user is asked, in one line naming the candidates, to
choose one (``quickreply import --encoding``).
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from quickreply.core.packs import PackError

# Python codec → the name the import report shows. cp950 is Big5 as Windows writes it.
CANDIDATES = {"gb18030": "GBK/GB18030", "cp950": "Big5"}
OPTION_NAMES = {"gb18030": "gb18030", "cp950": "big5"}  # what to type after --encoding
# A named encoding is read as the superset files in it are really written in.
SUPERSETS = {"utf-8": "utf-8-sig", "big5": "cp950", "gbk": "gb18030", "gb2312": "gb18030"}
PLAUSIBLE = 0.9  # share of the non-ASCII characters that must be common ones of the encoding's script
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def decode(raw: bytes, path: Path, chosen: str | None = None) -> tuple[str, str]:
    """The file's text and the name of its encoding; PackError (one line) when it cannot be decided.

    ``chosen`` is an encoding the user named; the file must then decode with it from start to end.
    """
    if chosen:
        return _decode_as(raw, path, chosen)
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "UTF-8" + (" BOM" if raw.startswith(UTF8_BOM) else "")
    except UnicodeDecodeError as exc:
        first_error = exc
    decoded: dict[str, str] = {}
    for name in CANDIDATES:
        try:
            decoded[name] = raw.decode(name)
        except UnicodeDecodeError:
            continue
    if not decoded:
        line = raw[: first_error.start].count(b"\n") + 1
        raise PackError(
            f"{path}:无法识别文件编码(第 {line} 行有既不是 UTF-8 也不是 GBK 或 Big5 的字节);"
            "请在 Excel 中另存为「CSV UTF-8」后再导入"
        )
    likely = [name for name in decoded if plausible(decoded[name], name)]
    if len(likely) > 1:
        likely = _ranked(raw, likely)[:1]
    elif not likely and len(decoded) == 1 and not _PRIVATE_USE.search(next(iter(decoded.values()))):
        likely = list(decoded)
    if len(likely) == 1:
        return decoded[likely[0]], CANDIDATES[likely[0]]
    shown = " 或 ".join(CANDIDATES[name] for name in decoded)
    options = " 或 ".join(f"--encoding {OPTION_NAMES[name]}" for name in decoded)
    raise PackError(
        f"{path}:无法确定文件编码(可能是 {shown},读出来都不像常用的中文);请指定文件的编码(命令行用 {options})"
    )


def plausible(text: str, name: str) -> bool:
    """Whether decoded text reads as Chinese in the script its encoding is for: at least PLAUSIBLE
    of its non-ASCII characters are common ones there (mojibake is full of rare and private-use ones)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    bound = non_ascii * (1 - PLAUSIBLE)
    if name == "gb18030":
        return text.encode("gb2312", "replace").count(b"?") - text.count("?") <= bound
    if name == "cp950":  # counted until the bound is passed: mojibake is dense with rare characters
        return all(count <= bound for count, _ in enumerate(_big5_rare().finditer(text), 1))
    return True


@functools.cache
def _big5_rare() -> re.Pattern[str]:
    """Big5's level-2 (less common) ideographs and private-use characters, as one character class."""
    codes = [code for code in range(0x4E00, 0xA000) if _big5_lead(chr(code)) >= 0xC9]
    ranges: list[list[int]] = []
    for code in [*codes, *range(0xE000, 0xF900)]:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]")


def _big5_lead(ch: str) -> int:
    """The first byte of a character in Big5 (0 when Big5 has no such character)."""
    try:
        return ch.encode("cp950")[0]
    except UnicodeEncodeError:
        return 0


def _ranked(raw: bytes, names: Iterable[str]) -> list[str]:
    """The candidates charset-normalizer finds likely over the whole file, most likely first."""
    import charset_normalizer

    wanted = {codecs.lookup(name).name: name for name in names}
    found = charset_normalizer.from_bytes(
        raw, steps=1, chunk_size=max(len(raw), 1), cp_isolation=list(wanted)
    )
    return [wanted[key] for key in (codecs.lookup(m.encoding).name for m in found) if key in wanted]


def _decode_as(raw: bytes, path: Path, chosen: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(chosen).name
    except LookupError as exc:
        raise PackError(f"{path}:不认识的编码「{chosen}」(可用如 utf-8、gb18030、big5、utf-16)") from exc
    name = SUPERSETS.get(name, name)
    try:
        return raw.decode(name), f"{chosen}(指定)"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError(f"{path}:第 {line} 行不是 {chosen} 编码的文字;请换一种编码再试") from exc
