"""Text wrapped to the terminal's width at word boundaries, with hanging indents."""

from __future__ import annotations

import re

import pytest

from article_qa import Bot
from article_qa.ui.chat import banner, handle_line
from article_qa.ui.commands import ChatState
from article_qa.ui.layout import wrap
from article_qa.ui.presentation import HANG, plain

CHAT = [
    "how many girls were being helped?",
    "/why",
    "who launched an initiative?",
    "/why",
    "What is the capital of France?",
    "/facts",
    "/sources",
    "/source mpr-sex-trafficking-convictions",
    "/help",
    "/source nosuch",
]


def assert_wrapped_at_words(original: str, wrapped: str, width: int) -> None:
    """Every line fits, and the words are those of the original: a line may end
    inside a word only just after a hyphen."""
    for line in wrapped.splitlines():
        assert len(line) <= width, line
    rejoined = re.sub(r"-\n *", "-", wrapped)
    assert rejoined.split() == original.split()


@pytest.mark.parametrize("width", [40, 100])
def test_nothing_the_chat_prints_breaks_inside_a_word(bot: Bot, width: int) -> None:
    state = ChatState(bot)
    for fragments in [banner(bot), *(handle_line(state, line) for line in CHAT)]:
        assert_wrapped_at_words(plain(fragments), plain(wrap(fragments, width)), width)


def test_continuation_lines_hang_at_the_marker() -> None:
    fragments = [("class:citation", "  -- "), HANG, ("class:citation", "one two three four five")]
    assert plain(wrap(fragments, 16)) == "  -- one two\n     three four\n     five"


def test_without_a_marker_lines_hang_at_their_leading_spaces() -> None:
    assert plain(wrap([("", "  alpha beta gamma delta")], 14)) == "  alpha beta\n  gamma delta"


def test_styles_survive_wrapping() -> None:
    fragments = [("class:a", "alpha "), ("class:b", "beta gamma")]
    assert wrap(fragments, 8) == [
        ("class:a", "alpha"),
        ("", "\n"),
        ("class:b", "beta"),
        ("", "\n"),
        ("class:b", "gamma"),
    ]


def test_a_long_word_breaks_after_a_hyphen_else_at_the_width() -> None:
    assert plain(wrap([("", "see mpr-sex-trafficking")], 12)) == "see mpr-sex-\ntrafficking"
    assert plain(wrap([("", "abcdefghijkl")], 8)) == "abcdefgh\nijkl"


def test_wide_characters_count_two_cells() -> None:
    assert plain(wrap([("", "日本語 日本語")], 8)) == "日本語\n日本語"


def test_short_lines_and_empty_lines_are_kept() -> None:
    fragments = [("", "a\n\nb  c\n")]
    assert wrap(fragments, 40) == [("", "a"), ("", "\n"), ("", "\n"), ("", "b  c"), ("", "\n")]
