"""需修改 on a real library file: which phrases break the rules as they stand, fixed through the store."""

from __future__ import annotations

import pytest

from quickreply.core import library_lint, lint, models, store


@pytest.fixture(scope="module")
def linter() -> lint.Linter:
    return lint.Linter.default()


def add(db: store.PhraseStore, body: str, code: str = "", **extra: object) -> models.Phrase:
    stage = str(extra.pop("stage", "shipping"))
    return db.add(
        models.Phrase(stage_id=stage, title=str(extra.pop("title", body[:8])), code=code, body=body, **extra)
    )  # type: ignore[arg-type]


def read_only_pack(db: store.PhraseStore, read_only: bool = True) -> str:
    pack_id = "trainer" if read_only else "team"
    db.add_pack(
        models.PackInfo(id=pack_id, name="培训话术" if read_only else "团队话术", read_only=read_only)
    )
    return pack_id


class CountingLinter(lint.Linter):
    """The shipped rules, counting the texts it lints."""

    calls = 0

    def lint(self, text, channel="chat", kinds=lint.lintrules.KINDS):  # type: ignore[no-untyped-def]
        CountingLinter.calls += 1
        return super().lint(text, channel, kinds)


def test_only_phrases_with_errors_need_a_fix_and_warnings_are_listed_apart(library, linter):
    particle = add(library, "好的哦,今天下午发出", "w1")
    turn = add(library, "这款是活动价,但是可以送您赠品", "w2")
    emoticon = add(library, "已经发出啦^_^", "w3")
    add(library, "已经为您加急处理,请放心", "w4")
    checker = library_lint.Checker(linter)
    found = checker.scan(library.phrases())
    assert [f.phrase.id for f in found] == [particle.id, turn.id]  # the default library is clean
    assert [f.rule_id for f in found[0].errors] == ["svc.particles"] and found[0].fixable
    with_warnings = checker.scan(library.phrases(), warnings=True)
    assert [f.phrase.id for f in with_warnings] == [particle.id, turn.id, emoticon.id]
    assert not with_warnings[-1].needs_fix and [f.rule_id for f in with_warnings[-1].warnings] == [
        "svc.emoticon"
    ]


def test_each_distinct_body_is_linted_once(library):
    for n in range(5):
        add(library, "好的哦,马上为您安排", f"s{n}", title=f"同一句{n}")
    counting = CountingLinter.load(lint.default_files())
    checker = library_lint.Checker(counting)
    phrases = library.phrases()
    CountingLinter.calls = 0
    assert len(checker.scan(phrases)) == 5
    assert CountingLinter.calls == len({p.body for p in phrases})
    checker.scan(phrases)
    assert CountingLinter.calls == len({p.body for p in phrases})  # the second pass is lookups only
    assert checker.known("好的哦,马上为您安排") and not checker.known("没有见过的句子")


def test_the_list_follows_the_rules_not_a_stored_flag(library, linter):
    praise = add(library, "这款口碑不错", "kb")
    assert library_lint.Checker(linter).needs_fix(praise)
    shop = lint.Linter.default(allow=["不错"])  # the shop allows 不错 in its own rule file
    assert not library_lint.Checker(shop).needs_fix(praise)


def test_an_own_phrase_is_fixed_in_place_and_the_fix_undone(library, linter):
    mine = add(library, "好的哦,这款是活动价,但是可以送您赠品", "w1")
    fixed = library_lint.fix(library, linter, mine.id)
    assert fixed.changed and fixed.clean and fixed.copied_from is None
    assert library.get(mine.id).body == "好的,这款是活动价,只是可以送您赠品" == fixed.phrase.body
    assert {f.rule_id for f in fixed.applied} == {"svc.particles", "svc.danshi"}
    back = library_lint.undo(library, fixed)
    assert back is not None and back.id == mine.id and back.body == mine.body


def test_several_choices_are_not_applied_but_offered(library, linter):
    mine = add(library, "亲,不要着急,今天会发出", "w1")
    fixed = library_lint.fix(library, linter, mine.id)
    assert not fixed.changed and not fixed.clean
    assert library.get(mine.id).updated_at == mine.updated_at  # nothing written
    [choice] = fixed.choices
    assert choice.match == "不要" and choice.suggestions == ["请勿", "无需"]
    chosen = library_lint.choose(library, linter, mine.id, choice, "无需")
    assert chosen.clean and library.get(mine.id).body == "亲,无需着急,今天会发出"
    assert library_lint.undo(library, chosen).body == mine.body  # type: ignore[union-attr]


def test_a_choice_for_a_phrase_edited_since_is_refused(library, linter):
    mine = add(library, "亲,不要着急,今天会发出", "w1")
    [choice] = library_lint.fix(library, linter, mine.id).choices
    library.update(mine.id, body="亲亲,不要着急,今天会发出")  # 不要 moved two characters on
    with pytest.raises(library_lint.StaleFinding):
        library_lint.choose(library, linter, mine.id, choice, "无需")
    assert library.get(mine.id).body == "亲亲,不要着急,今天会发出"


def test_what_has_no_suggestion_is_left_for_a_person(library, linter):
    mine = add(library, "好的哦,这款不会掉色", "w1")
    fixed = library_lint.fix(library, linter, mine.id)
    assert fixed.changed and not fixed.clean and not fixed.choices
    assert [f.rule_id for f in fixed.remaining] == ["svc.bu.any"]
    assert library.get(mine.id).body == "好的,这款不会掉色"


def test_a_read_only_pack_phrase_is_refused_or_copied_as_own_and_fixed(library, linter):
    pack_id = read_only_pack(library)
    theirs = add(library, "好的哦,马上为您安排发货", "ap", pack_id=pack_id)
    with pytest.raises(store.ReadOnly, match="只读短语包「培训话术」"):
        library_lint.fix(library, linter, theirs.id)
    count = library.phrase_count()
    fixed = library_lint.fix(library, linter, theirs.id, copy_read_only=True)
    assert fixed.copied_from == theirs.id and fixed.phrase.id != theirs.id and fixed.phrase.pack_id is None
    assert fixed.phrase.body == "好的,马上为您安排发货" and fixed.phrase.code == "ap"
    assert library.get(theirs.id).body == theirs.body and library.phrase_count() == count + 1
    again = library_lint.fix(library, linter, theirs.id, copy_read_only=True)  # no second copy
    assert not again.changed and again.phrase.id == fixed.phrase.id and library.phrase_count() == count + 1
    back = library_lint.undo(library, fixed)
    assert back is not None and back.id == theirs.id and library.phrase_count() == count


def test_an_editable_pack_phrase_is_fixed_in_place(library, linter):
    pack_id = read_only_pack(library, read_only=False)
    theirs = add(library, "嗯,已经为您备注了", "bz", pack_id=pack_id)
    fixed = library_lint.fix(library, linter, theirs.id)
    assert fixed.copied_from is None and library.get(theirs.id).body == "已经为您备注了"


def test_an_undo_after_a_later_edit_is_refused(library, linter):
    mine = add(library, "好的哦,已经发出", "w1")
    fixed = library_lint.fix(library, linter, mine.id)
    library.update(mine.id, body="好的,已经发出了,请留意物流")
    with pytest.raises(store.StoreError, match="无法撤销"):
        library_lint.undo(library, fixed)
    assert library.get(mine.id).body == "好的,已经发出了,请留意物流"


def test_fix_all_fixes_what_it_may_in_one_transaction(library, linter):
    pack_id = read_only_pack(library)
    first = add(library, "好的哦,已经发出", "w1")
    second = add(library, "这款是活动价,但是可以送您赠品", "w2")
    locked = add(library, "嗯,马上为您安排", "ap", pack_id=pack_id)
    events = []
    library.subscribe(events.append)
    done, refused = library_lint.fix_all(library, linter, [first, locked, second])
    assert [f.phrase.id for f in done] == [first.id, second.id] and all(f.clean for f in done)
    assert [(p.id, "只读短语包" in why) for p, why in refused] == [(locked.id, True)]
    assert library.get(locked.id).body == locked.body
    assert library_lint.Checker(linter).scan(library.phrases()) == [
        library_lint.Flagged(library.get(locked.id), linter.lint(locked.body))
    ]
    assert events  # committed once, at the end


def test_the_whole_library_from_its_rows_in_library_order(library, linter):
    late = add(library, "嗯,收到了", "z1", stage="closing")
    early = add(library, "好的哦,在的", "a1", stage="greeting")
    middle = add(library, "但是今天发不出", "m1", stage="shipping")
    checker = library_lint.Checker(linter)
    rows = library_lint.rows(library)
    assert len(rows) == library.phrase_count()
    assert set(checker.unknown(rows)) == {p.body for p in library.phrases()}
    assert checker.count(rows) == 3 and checker.unknown(rows) == []
    needing = checker.needing(library, rows)
    assert [f.phrase.id for f in needing] == [early.id, middle.id, late.id]
    assert needing[0].phrase == library.get(early.id)
    assert [f.phrase.id for f in needing] == [f.phrase.id for f in checker.scan(library.phrases())]
