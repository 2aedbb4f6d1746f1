"""The reply pipeline on a real library file: pick → render → gate → record, as every entry point uses it."""

from __future__ import annotations

import pytest

from quickreply.core import lint, models, pipeline, store, usage_queue
from quickreply.core.kinds import DeliveryStatus, PasteMode
from quickreply.core.pipeline import Choice, Source

LINTER = lint.Linter.default()


@pytest.fixture
def library(tmp_path):
    db = store.PhraseStore(tmp_path / "shop.db")
    yield db
    db.close()


@pytest.fixture
def flow(library):
    return pipeline.Pipeline(
        LINTER,
        library=library,
        recorder=usage_queue.UsageQueue(library),
        profile=lambda: {"店铺名": "小鹿家居"},
        clipboard_text=lambda: "剪贴板里的字",
    )


def add(library, body, code="a", **kw):
    return library.add(models.Phrase(stage_id="shipping", title="标题", body=body, code=code, **kw))


def test_a_plain_phrase_is_rendered_and_goes_out_in_the_default_mode(flow, library):
    phrase = add(library, "亲，{店铺名}今天发货。")
    out = flow.run(Choice.of(phrase, query="fh"))
    assert out == pipeline.Delivery("亲，小鹿家居今天发货。", PasteMode.PASTE, phrase, "fh")


def test_the_pressed_key_then_auto_send_then_the_default_decide_the_mode(flow, library):
    sent = add(library, "亲，好的。", code="s", auto_send=True)
    assert flow.run(Choice.of(sent)).mode == PasteMode.PASTE_AND_SEND
    assert flow.run(Choice.of(sent, PasteMode.COPY_ONLY)).mode == PasteMode.COPY_ONLY
    flow.default_mode = PasteMode.TYPE
    assert flow.run(Choice.of(add(library, "亲，在的。", code="t"))).mode == PasteMode.TYPE


def test_ask_fields_are_asked_then_filled_and_remembered_through_the_recorder(flow, library):
    phrase = add(library, "亲，订单{订单号?}改发{快递:圆通|顺丰}。")
    asked = flow.run(Choice.of(phrase))
    assert isinstance(asked, pipeline.AskFields)
    assert [f.name for f in asked.fields] == ["订单号", "快递"]
    out = flow.run(Choice.of(phrase), {"订单号": "8899", "快递": "顺丰"})
    assert out.text == "亲，订单8899改发顺丰。"
    assert flow.remembered == {"订单号": "8899", "快递": "顺丰"}
    assert library.get_setting(pipeline.REMEMBERED_SETTING) == {"订单号": "8899", "快递": "顺丰"}
    assert flow.run(Choice.of(phrase), {"订单号": "", "快递": "顺丰"}) == pipeline.Refused(
        missing=("订单号",)
    )


def test_unknown_placeholders_refuse_a_paste_but_not_a_copy(flow, library):
    phrase = add(library, "亲，{优惠码}已发。")
    assert flow.run(Choice.of(phrase)) == pipeline.Refused(unknown=("优惠码",))
    assert flow.run(Choice.of(phrase, PasteMode.COPY_ONLY)).text == "亲，{优惠码}已发。"


def test_the_gate_holds_an_error_until_the_same_choice_comes_again(flow, library):
    phrase = add(library, "不好意思，今天发不了。")
    held = flow.run(Choice.of(phrase))
    assert isinstance(held, pipeline.Confirm) and "非常抱歉" in held.finding.message
    assert isinstance(flow.run(Choice.of(phrase, PasteMode.COPY_ONLY)), pipeline.Confirm)  # another key
    assert isinstance(flow.run(Choice.of(phrase, PasteMode.COPY_ONLY)), pipeline.Delivery)
    assert isinstance(flow.run(Choice.of(phrase)), pipeline.Confirm)  # confirmed once, not for good
    flow.forget()  # the agent typed on
    assert isinstance(flow.run(Choice.of(phrase)), pipeline.Confirm)


def test_drafts_pass_the_same_gate_and_are_never_asked(flow):
    draft = Choice("不好意思，{订单号?}", source=Source.COMPOSER)
    assert isinstance(flow.run(draft), pipeline.Confirm)
    out = flow.run(draft, replace=True)
    assert isinstance(out, pipeline.Delivery) and out.phrase is None and out.replace


def test_a_phrase_deleted_or_reworded_since_it_was_shown_is_caught(flow, library):
    phrase = add(library, "亲，旧说法。")
    other = store.PhraseStore(library.path)  # another process's view
    other.update(phrase.id, body="亲，新说法。")
    changed = flow.run(Choice.of(phrase))
    assert isinstance(changed, pipeline.Changed) and changed.phrase.body == "亲，新说法。"
    other.delete(phrase.id)
    other.close()
    assert flow.run(Choice.of(changed.phrase)) == pipeline.Gone(changed.phrase)


def test_a_library_that_fails_the_check_is_reported_and_the_reply_still_goes(library):
    told = []
    phrase = add(library, "亲，好的。")
    library.conn.execute("UPDATE phrases SET note = CAST(X'FF' AS TEXT) WHERE id = ?", [phrase.id])
    flow = pipeline.Pipeline(LINTER, library=library, on_problem=told.append)
    assert isinstance(flow.run(Choice.of(phrase)), pipeline.Delivery)
    assert len(told) == 1


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (DeliveryStatus.PASTED, "paste"),
        (DeliveryStatus.UNSENT, "paste"),
        (DeliveryStatus.COPIED, "copy_only"),  # left on the clipboard: a copy
        (DeliveryStatus.FAILED, None),
    ],
)
def test_record_counts_a_use_as_it_happened(flow, library, status, counted):
    phrase = add(library, "亲，好的。")
    delivery = flow.run(Choice.of(phrase, query="hd"))
    assert flow.delivered(delivery, status) == (counted is not None)
    rows = library.conn.execute("SELECT action, query FROM usage WHERE phrase_id = ?", [phrase.id]).fetchall()
    assert rows == ([(counted, "hd")] if counted else [])


def test_a_draft_counts_no_use(flow):
    delivery = flow.run(Choice("亲，好的。", source=Source.LINT_WINDOW))
    assert not flow.delivered(delivery, DeliveryStatus.PASTED)
