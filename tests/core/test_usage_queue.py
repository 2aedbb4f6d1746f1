"""Uses recorded on Enter survive a library locked by another process and phrases deleted meanwhile."""

from __future__ import annotations

import logging
import time

import pytest

from quickreply.core import search, store, usage_queue
from tests.conftest import make_phrase


@pytest.fixture
def app(tmp_path):
    """A store as the app holds it, waiting only briefly for locks (tests must be quick)."""
    db = store.PhraseStore(tmp_path / "lib.db", busy_timeout=0.2)
    yield db
    db.close()


def test_a_use_waits_out_a_lock_held_elsewhere_and_keeps_its_time(app, peer, monkeypatch):
    first = app.add(make_phrase(code="f1"))
    phrase = app.add(make_phrase(code="f2"))
    index = search.SearchIndex.from_store(app)
    assert index.search("")[0].phrase.id == first.id
    queue = usage_queue.UsageQueue(app, wait=0.05)
    peer("open", path=str(app.path))
    peer("lock")
    monkeypatch.setattr(store, "now_iso", lambda: "2026-11-11T09:00:00+00:00")  # when Enter was pressed
    started = time.monotonic()
    assert queue.record(phrase.id, "paste", "fh") is False
    assert queue.remember("render.remembered", {"订单号": "123"}) is False
    assert time.monotonic() - started < 0.5  # the paste was not held up
    monkeypatch.undo()
    assert queue.flush() is False and len(queue) == 2  # still locked: nothing lost
    assert app.usage_of(phrase.id).count == 0

    peer("unlock")
    assert queue.flush() is True and len(queue) == 0
    rows = app.conn.execute(
        "SELECT used_at, action, query FROM usage WHERE phrase_id = ?", [phrase.id]
    ).fetchall()
    assert rows == [("2026-11-11T09:00:00+00:00", "paste", "fh")]
    assert app.get_setting("render.remembered") == {"订单号": "123"}
    assert index.search("")[0].phrase.id == phrase.id  # the index heard the use when it was written


def test_a_use_of_a_phrase_deleted_elsewhere_is_dropped_with_a_log_line(app, peer, caplog):
    kept, gone = app.add(make_phrase(code="k1")), app.add(make_phrase(code="g1"))
    queue = usage_queue.UsageQueue(app)
    peer("open", path=str(app.path))
    peer("lock")
    queue.record(kept.id)
    queue.record(gone.id)
    peer("unlock")
    peer("delete", id=gone.id)
    with caplog.at_level(logging.INFO, logger="quickreply.core.usage_queue"):
        assert queue.flush() is True
    assert app.usage_of(kept.id).count == 1 and app.usage_of(gone.id).count == 0
    assert f"use of phrase {gone.id}" in caplog.text


def test_nothing_is_written_inside_the_stores_own_transaction(app):
    phrase = app.add(make_phrase())
    queue = usage_queue.UsageQueue(app)
    with app.transaction():  # e.g. an import in progress whose progress bar lets the timer run
        assert queue.record(phrase.id) is False
    assert app.usage_of(phrase.id).count == 0
    assert queue.flush() is True and app.usage_of(phrase.id).count == 1
