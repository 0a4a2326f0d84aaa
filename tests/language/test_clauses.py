"""One sentence read for its structure: verbs, subjects, clauses and times."""

from __future__ import annotations

import pytest

from article_qa.language.clauses import SentenceParts, is_plural, is_verb
from article_qa.language.tokens import tokenize


@pytest.mark.parametrize(
    ("word", "verb"),
    [("rose", True), ("helping", True), ("reported", True), ("girls", False), ("need", False)],
)
def test_is_verb(word: str, verb: bool) -> None:
    assert is_verb(tokenize(word)[0]) is verb


def test_is_plural() -> None:
    assert is_plural("girls") and not is_plural("class") and not is_plural("bus")


def test_subject_before_a_verb() -> None:
    text = (
        "Buskovick said at the time of the survey, which was conducted earlier this year, the"
        " organizations that responded were helping 5 men."
    )
    parts = SentenceParts(text)
    assert parts.subject_before(text.index("were helping")) == "organizations that responded"
    says = "The department says the number of convictions doubled."
    assert SentenceParts(says).subject_before(says.index("doubled")) == "convictions"


def test_clause_start_and_times() -> None:
    text = 'It fell; "the count rose to 63 last year," she said.'
    parts = SentenceParts(text)
    assert parts.clause_start(text.index("count")) == text.index("the count")
    number = parts.numbers()[0]
    assert parts.time_near(number) == "last year"
    assert parts.time_after(number.end) == "last year"


def test_a_time_that_closes_one_figure_is_not_the_next_ones() -> None:
    text = "That is up from 162 minutes in 2021 and well above the statewide median of 171 minutes."
    parts = SentenceParts(text)
    earlier, statewide = parts.numbers()
    assert parts.time_near(earlier) == "2021"
    assert parts.time_near(statewide) == ""
    listed = SentenceParts("Officers recorded 161 burglaries and 39 robberies in 2024.")
    assert [listed.time_near(n) for n in listed.numbers()] == ["2024", "2024"]
