"""The common shop exceptions (``resources/rules/common-exceptions.toml``) as allow-words of a linter."""

from quickreply.core import lint, lint_exceptions


def test_the_catalogue_offers_the_usual_exceptions_with_unique_ids():
    entries = lint_exceptions.catalogue()
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids) and all(i.isascii() for i in ids)
    assert {"不客气", "不错", "不用", "不好意思"} <= {w for e in entries for w in e.words}
    assert all(e.words and e.label and any(w in e.label for w in e.words) for e in entries)


def test_each_exception_lets_its_words_through_and_nothing_else():
    strict = lint.Linter.default()
    for entry in lint_exceptions.catalogue():
        allowing = lint.Linter.default(allow=lint_exceptions.words([entry.id]))
        for word in entry.words:
            text = f"{word}，这款很好"  # at a clause start, where every one of them is reported
            assert strict.lint(text) or entry.id.startswith("phone"), word  # the strict standard reports it
            assert allowing.lint(text) == [], word
        assert [f.rule_id for f in allowing.lint("这款不会掉色")] == ["svc.bu.any"]


def test_unknown_ids_allow_nothing():
    assert lint_exceptions.words(["nope"]) == []
