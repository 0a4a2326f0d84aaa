"""Yes/no readings of what news writing says without the word "no"."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.answering.question import analyse
from article_qa.answering.reading import Reading
from article_qa.answering.yes_no import denies
from article_qa.knowledge.sources import parse_source

STORY = """---
title: Park and plant
---

The park has 14 year-round employees and hires about 30 seasonal workers each summer, the same as in 2019.

The foundry and the paint line will close in March, while the repair shop and the parts warehouse will stay open.

The board voted 7-2 to raise fees; trustees Ann Cole and Bo Diaz voted against the increase.

FEMA has approved buyouts for 14 homes but has not ruled on the others.

The council asked the state to run a shuttle, but the department rejected the request.
"""


@pytest.fixture(scope="module")
def bot() -> Bot:
    return Bot.from_sources([parse_source(STORY, Path("park.md"))])


@pytest.mark.parametrize(
    ("question", "sentence_holds", "denied"),
    [
        ("Has the park added year-round employees since 2019?", "the same as", True),
        ("Does the park have year-round employees?", "the same as", False),
        ("Is the whole plant closing?", "will stay open", True),
        ("Is the foundry closing?", "will stay open", False),
        ("Did a majority of the board vote to raise fees?", "voted against", False),
        ("Did trustee Ann Cole vote against the increase?", "voted against", False),
        # a plain "not" in a clause after "but" is about something else; a rejection is not
        ("Has FEMA approved any buyouts yet?", "not ruled", False),
        ("Will the state run a shuttle?", "rejected the request", True),
    ],
)
def test_what_the_deciding_sentence_says(
    bot: Bot, question: str, sentence_holds: str, denied: bool
) -> None:
    asked = analyse(question)
    knowledge = bot.knowledge
    hit = next(h for h in knowledge.retrieve(asked.focus, 5) if sentence_holds in h.sentence.text)
    reading = Reading(
        asked, hit, knowledge.parts(hit.sentence), knowledge.idf, knowledge.is_person_name
    )
    assert denies(reading) is denied
