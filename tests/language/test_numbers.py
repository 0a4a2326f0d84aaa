"""One number parser: figures in digits, words or both."""

from __future__ import annotations

import pytest

from article_qa.language.numbers import amount, first_number, parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["80"], 80.0),
        (["1,200"], 1200.0),
        (["3.5", "million"], 3_500_000.0),
        (["a", "dozen"], 12.0),
        (["twenty", "five"], 25.0),
        (["two", "hundred", "and", "twelve"], 212.0),
        (["one", "thousand", "nine", "hundred"], 1900.0),
        (["girls"], None),
        ([], None),
    ],
)
def test_parse_number(words: list[str], value: float | None) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("$1,200", 1200.0), ("45 percent", 45.0), ("38%", 38.0), ("five", 5.0), ("", None)],
)
def test_amount(text: str, value: float | None) -> None:
    assert amount(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("about 2.0 times", 2.0), ("a dozen", 12.0), ("$1.9 million", 1.9), ("none", None)],
)
def test_first_number(text: str, value: float | None) -> None:
    assert first_number(text) == value
