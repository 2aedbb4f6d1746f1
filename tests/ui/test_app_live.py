"""The running app and other processes on one library: the CLI adds, edits and deletes while the app runs,
another process holds the write lock during Enter. Real processes, a real SQLite file."""

import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt

from quickreply.core import models


def cli(db, *args):
    """The quickreply command line, as a trainer runs it beside the agent's app."""
    done = subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def pick(qtbot, instance, query):
    """Hotkey, type, Enter; returns the delivery's result, or None when nothing was delivered."""
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText(query)
    with qtbot.waitSignal(instance.service.finished, timeout=3000, raising=False) as done:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    return done.args[0] if done.signal_triggered else None


def own_phrase(instance, code, body):
    return instance.store.add(models.Phrase(stage_id="shipping", title=f"测试{code}", code=code, body=body))


def test_a_phrase_the_cli_adds_while_the_app_runs_is_found_without_a_restart(qtbot, quick):
    instance, _ = quick
    instance.ticker.start()
    assert instance.index.search("sfjj9") == []
    cli(
        instance.store.path,
        "add",
        "--stage",
        "快递",
        "--title",
        "顺丰加急",
        "--body",
        "亲，可以加急走顺丰。",
        "--code",
        "sfjj9",
    )
    qtbot.waitUntil(
        lambda: [r.phrase.title for r in instance.index.search("sfjj9")] == ["顺丰加急"], timeout=3000
    )
    result = pick(qtbot, instance, "sfjj9")
    assert result.status == "pasted"
    assert instance.popup.model.results[0].phrase.body == "亲，可以加急走顺丰。"


def test_a_stage_an_import_elsewhere_brings_reaches_the_popup(qtbot, quick, tmp_path):
    instance, _ = quick
    pack = tmp_path / "pack.csv"
    pack.write_text("分组,快捷编码,快捷短语\n直播专区,zbfl9,亲，直播间下单有专属福利。\n", encoding="utf-8")
    cli(instance.store.path, "import", str(pack))
    instance._tick()
    assert "直播专区" in {s.name_zh for s in instance.popup.stage_list}
    assert [r.phrase.code for r in instance.index.search("zbfl9")] == ["zbfl9"]


def test_a_phrase_deleted_elsewhere_after_the_popup_showed_it_is_not_pasted(qtbot, quick):
    instance, desk = quick
    phrase = own_phrase(instance, "scs9", "亲，这条马上会被删除。")
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText("scs9")
    assert instance.popup.current().phrase.id == phrase.id  # shown to the agent
    cli(instance.store.path, "rm", str(phrase.id))
    messages = []
    instance.tray.message = lambda title, text, warning=False: messages.append(text)
    with qtbot.assertNotEmitted(instance.service.finished, wait=200):
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    assert not [c for c in desk.calls if c[0] == "send_keys"]
    assert messages and "刚被删除" in messages[0]
    assert instance.index.search("scs9") == []
    assert instance.store.usage_of(phrase.id).count == 0


def test_a_reply_rewritten_elsewhere_is_pasted_in_its_new_wording(qtbot, quick):
    instance, _ = quick
    phrase = own_phrase(instance, "gx9", "亲，旧的说法。")
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText("gx9")
    cli(instance.store.path, "edit", str(phrase.id), "--body", "亲，培训主管改过的说法。")
    with qtbot.waitSignal(instance.popup.picked, timeout=3000) as picked:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    assert picked.args[0].text == "亲，培训主管改过的说法。"
    qtbot.waitUntil(lambda: instance.store.usage_of(phrase.id).count == 1, timeout=3000)


def test_ids_of_deleted_phrases_are_not_given_again_so_uses_stay_on_their_phrase(qtbot, quick):
    instance, _ = quick
    first = own_phrase(instance, "id9", "亲，第一条。")
    cli(instance.store.path, "rm", str(first.id))
    second = own_phrase(instance, "id8", "亲，第二条。")
    assert second.id > first.id


LOCKER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    """
)


def test_enter_pastes_while_another_process_holds_the_write_lock_and_the_use_follows(qtbot, quick):
    instance, _ = quick
    fh = instance.store.find_by_code("fh")[0]
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(instance.store.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        result = pick(qtbot, instance, "fh")
        assert result is not None and result.status == "pasted"  # the paste did not wait for the lock
        assert instance.store.usage_of(fh.id).count == 0 and len(instance.queue) > 0
    finally:
        locker.stdin.write("\n")
        locker.stdin.close()
        locker.wait(10)
    instance.ticker.start()
    qtbot.waitUntil(lambda: instance.store.usage_of(fh.id).count == 1, timeout=3000)
    assert len(instance.queue) == 0


def test_damage_found_when_a_pick_is_checked_is_told_once_and_the_reply_still_goes_out(qtbot, quick):
    instance, desk = quick
    phrase = own_phrase(instance, "dmg9", "亲，好的。")
    instance.store.conn.execute("UPDATE phrases SET note = CAST(X'FF' AS TEXT) WHERE id = ?", [phrase.id])
    messages = []
    instance.tray.message = lambda title, text, warning=False: messages.append(text)
    result = pick(qtbot, instance, "dmg9")
    assert result is not None and result.status == "pasted"
    assert len(messages) == 1 and "损坏" in messages[0]
    instance._tick()  # the timer finds the library failing again: not told a second time
    assert len(messages) == 1
