"""Words of one sense in news writing, and words that must never be taken for each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.knowledge.sources import parse_source
from article_qa.language.senses import same_sense, stated_in
from article_qa.language.tokens import word_terms

STORY = """---
title: District budget
---

The district will eliminate 9 teaching positions and hire 4 counselors next year.

Officers issued 6,850 traffic citations last year.
"""


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("cut", "eliminated", True),
        ("got", "received", True),
        ("tickets", "citations", True),
        ("hired", "laid", False),
        ("rose", "fell", False),
        ("state", "said", False),
        ("TV", "television", True),
        ("declared", "designated", True),
        ("U.S.", "American", True),
    ],
)
def test_same_sense(one: str, other: str, same: bool) -> None:
    (term,), (other_term,) = word_terms(one.lower()), word_terms(other.lower())
    assert (other_term in same_sense(term)) is same
    assert stated_in(term, {other_term}) is same


@pytest.fixture(scope="module")
def district() -> Bot:
    return Bot.from_sources([parse_source(STORY, Path("district.md"))])


def test_a_figure_asked_for_in_other_words_is_found(district: Bot) -> None:
    assert district.ask("How many teaching jobs will the district cut?").text == "9"
    assert district.ask("How many traffic tickets were issued last year?").text == "6,850"


def test_an_act_of_another_sense_is_still_not_answered(district: Bot) -> None:
    assert district.ask("How many counselors will the district lay off?").text is None
