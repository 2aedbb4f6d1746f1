"""Splitting typed text into chunks that fit the spare keycodes (the X11 typing itself runs in tests/e2e)."""

from quickreply.platform import x11_typing


def test_chunks_never_need_more_keycodes_than_are_spare():
    pieces = x11_typing.chunks("亲亲您好,您好呀", 3)
    assert "".join(pieces) == "亲亲您好,您好呀"
    assert pieces == ["亲亲您好", ",您好", "呀"]
    assert all(len(set(piece)) <= 3 for piece in pieces)


def test_chunks_of_nothing_and_of_one_spare():
    assert x11_typing.chunks("", 4) == []
    assert x11_typing.chunks("aab", 1) == ["aa", "b"]
