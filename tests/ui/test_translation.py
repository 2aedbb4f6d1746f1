"""Chinese by default; English from the .ts source file."""

import pytest
from PySide6.QtCore import QCoreApplication

from quickreply.core import pipeline, render, search
from quickreply.ui import popup, translator, tray


@pytest.fixture
def english(qapp):
    installed = translator.install("en")
    yield installed
    QCoreApplication.instance().removeTranslator(installed)


def test_chinese_needs_no_translator(qtbot):
    assert translator.install("zh_CN") is None
    menu = tray.Tray("ctrl+alt+space", force_window=True)
    qtbot.addWidget(menu.window)
    assert menu.actions["quit"].text() == "退出"


def test_every_message_of_the_english_file_is_finished():
    english = translator.TsTranslator(translator.I18N / "quickreply_en.ts")
    assert len(english.messages) >= 50
    assert english.messages[("Tray", "退出")] == "Quit"


def test_english_interface(qtbot, english, fresh_store):
    menu = tray.Tray("ctrl+alt+space", force_window=True)
    qtbot.addWidget(menu.window)
    assert menu.actions["quit"].text() == "Quit" and menu.actions["search"].text().startswith(
        "Search phrases"
    )
    widget = popup.Popup(
        search.SearchIndex.from_store(fresh_store), pipeline.Pipeline(), fresh_store.stages()
    )
    qtbot.addWidget(widget)
    assert widget.search_field.placeholderText().startswith("Type Chinese, pinyin")
    assert "All stages" in widget.filter_label.text()


def test_every_app_message_has_an_english_translation():
    import re
    from pathlib import Path

    import quickreply.app
    import quickreply.launch

    source = "".join(
        Path(module.__file__).read_text(encoding="utf-8") for module in (quickreply.app, quickreply.launch)
    )
    english = translator.TsTranslator(translator.I18N / "quickreply_en.ts")
    missing = [
        text
        for text in re.findall(r'translate\("App", "([^"]+)"', source)
        if ("App", text) not in english.messages
    ]
    assert missing == []


def test_every_interface_string_has_an_english_translation():
    """self.tr("…") in each class of app.py and quickreply/ui, and translate("Context", "…") calls."""
    import ast
    from pathlib import Path

    import quickreply

    package = Path(quickreply.__file__).parent
    english = translator.TsTranslator(translator.I18N / "quickreply_en.ts")
    wanted: set[tuple[str, str]] = set()
    for path in [package / "app.py", *sorted((package / "ui").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
            for call in (node for node in ast.walk(cls) if isinstance(node, ast.Call)):
                func = call.func
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "tr"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "self"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    wanted.add((cls.name, call.args[0].value))
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "translate" and len(call.args) >= 2:
                if all(isinstance(arg, ast.Constant) for arg in call.args[:2]):
                    wanted.add((call.args[0].value, call.args[1].value))
    wanted |= {("ProfileForm", text) for text in render.PROFILE_FIELDS.values()}  # translated by name
    assert len(wanted) > 200
    assert sorted(wanted - set(english.messages)) == []
