"""The settings catalogue: defaults per OS, one check for every value, stored garbage read as the default."""

import json

import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quickreply import settings
from quickreply.core import store
from quickreply.core.packs import table


def test_per_os_defaults_and_plain_dict_defaults(fresh_store):
    windows = settings.Settings(fresh_store, platform="win32")
    linux = settings.Settings(fresh_store, platform="linux")
    assert windows.get("paste.pre_paste_delay_ms") == 100 and linux.get("paste.pre_paste_delay_ms") == 30
    assert (
        linux.get("paste.restore_delay_ms") == 1500
        and settings.Settings(fresh_store, "darwin").get("paste.restore_delay_ms") == 500
    )
    assert linux.get("profile") == {} and linux.get("lint.rule_files") == []


def test_values_are_stored_and_typed(fresh_store):
    values = settings.Settings(fresh_store)
    values.set("paste.focus_timeout_ms", 1500)
    values.set("profile", {"店铺名": "小店"})
    assert values.get("paste.focus_timeout_ms") == 1500 and values.get("profile") == {"店铺名": "小店"}
    for name, bad in (
        ("paste.focus_timeout_ms", "soon"),
        ("paste.focus_timeout_ms", True),
        ("lint.ad_law", "yes"),
    ):
        with pytest.raises(settings.SettingError, match=name):
            values.set(name, bad)
    with pytest.raises(settings.SettingError, match="没有这个设置"):
        values.get("nope")


def test_every_setting_has_help_and_a_default_of_its_kind():
    for setting in settings.SETTINGS:
        assert setting.help and isinstance(setting.default_for("linux"), setting.kind), setting.name


# -- the catalogue: every value checked by one rule -------------------------------------------------


@pytest.mark.parametrize("platform", settings.OS_KEYS + ("cygwin",))
def test_every_default_passes_its_own_check_on_every_os(platform):
    for setting in settings.SETTINGS:
        default = setting.default_for(platform)
        assert setting.validate(default) == default, (setting.name, platform)


def test_every_setting_says_what_it_allows():
    for setting in settings.SETTINGS:
        assert setting.allowed(), setting.name
        if setting.kind is int:
            assert setting.minimum is not None and setting.maximum is not None, setting.name
        if setting.name.endswith("_ms"):
            assert setting.maximum is not None and setting.maximum <= settings.MAX_WAIT_MS < 2**31


@pytest.mark.parametrize(
    ("name", "bad", "allowed"),
    [
        ("paste.mode", "bogus", "paste、paste_and_send、copy_only、type 之一"),
        ("hotkey.popup", "ctrl+alt+banana", "带修饰键的快捷键"),
        ("hotkey.lint", "k", "修饰键"),
        ("hotkey.popup", 5, "带修饰键的快捷键"),
        ("lint.rule_files", [1, 2], "规则文件路径的列表"),
        ("lint.rule_files", "a.rules.toml", "规则文件路径的列表"),
        ("lint.rule_files", ["  "], "路径不能为空"),
        ("paste.pre_paste_delay_ms", 99999999999, "0 到 2000 之间的整数(毫秒)"),
        ("paste.send_delay_ms", -1, "0 到 10000 之间的整数(毫秒)"),
        ("paste.focus_timeout_ms", 50, "100 到 10000"),
        ("paste.restore_delay_ms", 1.5, "整数"),
        ("paste.restore_delay_ms", True, "整数"),
        ("paste.shortcut", "ctrl+banana", "按键组合,如 ctrl+v、shift+insert"),
        ("ui.language", "fr", "zh_CN、en 之一"),
        ("library.read_only", "yes", "true 或 false"),
        ("profile", ["店铺名"], "JSON 对象"),
        ("import.max_rows", 0, "1 到 200000"),
        ("import.max_bytes", 10**12, "1048576(1 MB)到 209715200(200 MB)"),
    ],
)
def test_a_bad_value_is_refused_with_one_line_naming_what_is_allowed(fresh_store, name, bad, allowed):
    values = settings.Settings(fresh_store, platform="linux")
    with pytest.raises(settings.SettingError) as refused:
        values.set(name, bad)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"设置 {name} 不能是 ")
    assert allowed in message
    assert fresh_store.get_setting(name) is None  # nothing stored


def test_hotkeys_and_shortcuts_are_stored_in_canonical_form(fresh_store):
    values = settings.Settings(fresh_store)
    assert values.set("hotkey.popup", "Ctrl + Alt + Q") == "ctrl+alt+q"
    assert fresh_store.get_setting("hotkey.popup") == "ctrl+alt+q"
    assert values.set("paste.shortcut", "Shift+Ins") == "shift+insert"
    assert values.set("hotkey.lint", "F9") == "f9"  # a function key alone is allowed


def test_an_unknown_name_suggests_close_ones(fresh_store):
    with pytest.raises(settings.SettingError, match="是不是 paste.mode"):
        settings.Settings(fresh_store).set("paste.mod", "paste")
    with pytest.raises(settings.SettingError) as unknown:
        settings.find("zzz")
    assert "是不是" not in str(unknown.value) and "quickreply config" in str(unknown.value)


def test_update_is_all_or_nothing(fresh_store):
    values = settings.Settings(fresh_store)
    with pytest.raises(settings.SettingError, match="paste.send_delay_ms"):
        values.update({"paste.mode": "type", "paste.send_delay_ms": -5})
    assert values.get("paste.mode") == "paste"
    assert values.update({"paste.mode": "type", "hotkey.popup": "Alt+Q"}) == {
        "paste.mode": "type",
        "hotkey.popup": "alt+q",
    }


# -- stored garbage: the default, with a warning, never a crash --------------------------------------


def _store_raw(db, name: str, text: str | bytes) -> None:
    """Write the settings table the way an older version or a hand edit could."""
    with db.transaction():
        db.conn.execute("INSERT OR REPLACE INTO settings(name, value) VALUES (?, ?)", [name, text])


@pytest.mark.parametrize(
    ("name", "raw", "why"),
    [
        ("paste.mode", '"bogus"', "之一"),
        ("paste.mode", "not json {", "不是有效的 JSON"),
        ("paste.mode", b"\xff\xfe", "不是有效的 JSON"),  # a blob typed in by hand
        ("hotkey.popup", '"ctrl+alt+banana"', "banana"),
        ("lint.rule_files", "[1, 2]", "规则文件路径的列表"),
        ("lint.rule_files", '"one.rules.toml"', "规则文件路径的列表"),
        ("paste.pre_paste_delay_ms", "99999999999", "0 到 2000"),
        ("paste.focus_timeout_ms", '"soon"', "100 到 10000"),
        ("library.read_only", "1", "true 或 false"),
        ("profile", "null", "JSON 对象"),
        ("import.max_rows", "-3", "1 到 200000"),
    ],
)
def test_stored_garbage_reads_as_the_default_with_one_warning(fresh_store, caplog, name, raw, why):
    _store_raw(fresh_store, name, raw)
    values = settings.Settings(fresh_store, platform="win32")
    default = settings.BY_NAME[name].default_for("win32")
    with caplog.at_level("WARNING", logger="quickreply.settings"):
        assert values.get(name) == default
        assert values.get(name) == default
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and name in warnings[0] and why in warnings[0] and "已改用默认值" in warnings[0]
    value, problem = values.read(name)
    assert value == default and problem == warnings[0]
    assert list(values.problems()) == [name]
    values.set(name, default)  # a good value replaces the bad one
    assert values.read(name) == (default, "")


def test_an_old_hotkey_spelling_still_reads(fresh_store):
    _store_raw(fresh_store, "hotkey.popup", '"Ctrl+Shift+Space"')
    assert settings.Settings(fresh_store).read("hotkey.popup") == ("ctrl+shift+space", "")


@given(
    stored=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )
)
@hypothesis.settings(max_examples=60, deadline=None)
def test_any_stored_json_reads_as_a_value_its_setting_accepts(stored):
    db = store.PhraseStore(":memory:")
    try:
        values = settings.Settings(db)
        for setting in settings.SETTINGS:
            _store_raw(db, setting.name, json.dumps(stored))
            value = values.get(setting.name)
            assert setting.validate(value) == value
    finally:
        db.close()


def test_import_limits_come_from_the_settings(fresh_store):
    values = settings.Settings(fresh_store)
    assert settings.import_limits(values) == table.Limits()
    values.set("import.max_rows", 5)
    _store_raw(fresh_store, "import.max_bytes", '"big"')
    assert settings.import_limits(values) == table.Limits(max_bytes=table.DEFAULT_MAX_BYTES, max_rows=5)


def test_allowed_words_round_trip_in_catalogue_order_and_refuse_unknown_ids(fresh_store):
    values = settings.Settings(fresh_store)
    assert values.get("lint.allowed_words") == [] and settings.lint_allow(values) == []
    assert values.set("lint.allowed_words", ["bucuo", "bukeqi", "bucuo"]) == ["bukeqi", "bucuo"]
    assert values.get("lint.allowed_words") == ["bukeqi", "bucuo"]
    assert json.loads(fresh_store.setting_text("lint.allowed_words")) == ["bukeqi", "bucuo"]
    assert settings.lint_allow(values) == ["不客气", "不用谢", "不用客气", "不错"]
    with pytest.raises(settings.SettingError, match=r"没有这个例外:不对.*bucuo"):
        values.set("lint.allowed_words", ["不对"])
    fresh_store.set_setting("lint.allowed_words", ["gone"])  # an id a later list dropped
    assert values.get("lint.allowed_words") == []
