"""The interface language: Chinese by default (the source strings), English from a Qt Linguist .ts file.

The .ts file is the translators' source; update it with
``pyside6-lupdate quickreply/app.py quickreply/ui/*.py -ts quickreply/ui/i18n/quickreply_en.ts``.
It is read at start-up, so no compiled binary is kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator

I18N = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


class TsTranslator(QTranslator):
    """A QTranslator that answers from the finished messages of a .ts file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.messages: dict[tuple[str, str], str] = {}
        root = ElementTree.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                source = message.findtext("source")
                if (
                    source is None
                    or translation is None
                    or translation.get("type") in ("unfinished", "obsolete")
                ):
                    continue
                self.messages[(name, source)] = translation.text or ""

    def translate(self, context: Any, source_text: str, disambiguation: Any = None, n: int = -1) -> str:
        key = (context.decode() if isinstance(context, bytes) else str(context), source_text)
        return self.messages.get(key, "")

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return not self.messages


def install(language: str) -> TsTranslator | None:
    """Install the translator for ``language`` (None for Chinese, the source language)."""
    if language in ("", "zh_CN", "zh"):
        return None
    path = I18N / f"quickreply_{language}.ts"
    if not path.is_file():
        return None
    translator = TsTranslator(path)
    app = QCoreApplication.instance()
    if app is not None:
        app.installTranslator(translator)
    return translator
