"""Questions about promotional text are declined, not answered from news sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.knowledge.sources import parse_source

STORY = """---
title: Ferry carries more cars
---

The county ferry carried 58,000 cars this season, up from 51,000 last year, the port
director said on Friday.

<!-- exclude: subscription prompt -->
Ferry news first
<!-- /exclude -->

<!-- exclude: subscription prompt -->
Sign up for our Dockside newsletter and get ferry schedules in your inbox every Monday.
<!-- /exclude -->

The port will add a second boat on Mondays next summer, director Ruth Amsel said.
"""


@pytest.fixture(scope="module")
def ferry_bot() -> Bot:
    return Bot.from_sources([parse_source(STORY, Path("ferry.md"))])


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the ferry newsletter?",
        "On what day do ferry schedules reach your inbox?",
    ],
)
def test_a_question_about_an_excluded_block_is_declined_with_why(
    ferry_bot: Bot, question: str
) -> None:
    answer = ferry_bot.ask(question)
    assert answer.text is None
    assert answer.no_answer_reason == (
        "it asks about text marked as subscription prompt, which is never used for answers"
    )


def test_a_question_the_news_text_answers_better_is_answered(ferry_bot: Bot) -> None:
    # "Monday" and "ferry" are in the appeal too, but the news paragraph holds more
    answer = ferry_bot.ask("On which day will the port add a second ferry boat?")
    assert answer.text is not None and "second boat" in (answer.sentence or "")
