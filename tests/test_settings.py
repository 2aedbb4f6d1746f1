import pytest

from quickreply import settings


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
