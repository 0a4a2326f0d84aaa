"""Conversations: follow-ups resolved against the turns before them, one turn function."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.answering.conversation import (
    CANNOT_RESOLVE,
    FOLLOW_UP_WITHOUT_CONTEXT,
    Conversation,
    take_turn,
)
from article_qa.model import no_answer
from support import write_source


def test_her_as_object_is_not_possessive(bot: Bot) -> None:
    conversation = Conversation()
    question = "Who is the director of training, research and communications?"
    conversation.record(question, question, bot.ask(question))
    assert conversation.resolve("what did they ask her to do?").endswith(
        "ask Danette Buskovick to do?"
    )
    assert conversation.resolve("what is her job?") == "what is Danette Buskovick's job?"


def test_take_turn_resolves_answers_and_remembers(bot: Bot) -> None:
    conversation = Conversation()
    first = take_turn(bot, conversation, "how many girls were being helped?")
    assert first.answer.text == "80" and not first.rewritten
    second = take_turn(bot, conversation, "and boys?")
    assert second.resolved == "how many boys were being helped?" and second.rewritten
    assert second.answer.text == "11"
    assert [t.answer.text for t in conversation.turns] == ["80", "11"]


def test_a_follow_up_with_nothing_before_it(bot: Bot) -> None:
    conversation = Conversation()
    turn = take_turn(bot, conversation, "and boys?")
    assert turn.answer.no_answer_reason == FOLLOW_UP_WITHOUT_CONTEXT
    assert conversation.turns == []


@pytest.mark.parametrize(
    ("first", "follow_up", "resolved"),
    [
        (
            "how many girls were being helped?",
            "What about women?",
            "how many women were being helped?",
        ),
        (
            "how many convictions were there in 2012?",
            "And last year?",
            "how many convictions were there last year?",
        ),
        (
            "Who launched an initiative to combat human trafficking?",
            "what is his title?",
            "what is Andy Luger's title?",
        ),
    ],
)
def test_follow_ups(bot: Bot, first: str, follow_up: str, resolved: str) -> None:
    conversation = Conversation()
    take_turn(bot, conversation, first)
    assert take_turn(bot, conversation, follow_up).resolved == resolved


def test_reset_forgets(bot: Bot) -> None:
    conversation = Conversation()
    take_turn(bot, conversation, "how many girls were being helped?")
    conversation.reset()
    assert conversation.needs_context("and boys?") and conversation.last is None


def test_a_pointing_follow_up_after_an_unanswered_turn_changes_nothing(bot: Bot) -> None:
    conversation = Conversation()
    take_turn(bot, conversation, "how many girls were being helped?")
    take_turn(bot, conversation, "how many dragons were seen in 1850?")  # no answer
    when = take_turn(bot, conversation, "when?")
    # "when?" points at the last answer given, never at a rewrite of a rewrite
    assert when.resolved.startswith("when ") and "when when" not in when.resolved
    assert "80 girls" in when.resolved
    again = take_turn(bot, conversation, "why?")
    assert "when" not in again.resolved.split()[1:]


def test_who_said_that_with_nothing_answered_says_so(bot: Bot) -> None:
    conversation = Conversation()
    take_turn(bot, conversation, "how many dragons were seen in 1850?")
    turn = take_turn(bot, conversation, "who said that?")
    assert turn.answer.no_answer_reason == CANNOT_RESOLVE
    assert len(conversation.turns) == 1


@pytest.mark.parametrize(
    ("first", "follow_up", "resolved"),
    [
        ("Who is Andy Luger?", "how old is he?", "how old is Andy Luger?"),
        (
            "How many girls would the organizations help?",
            "And the office?",
            "How many girls would the office help?",
        ),
    ],
)
def test_people_asked_about_and_new_subjects(
    bot: Bot, first: str, follow_up: str, resolved: str
) -> None:
    conversation = Conversation()
    take_turn(bot, conversation, first)
    assert conversation.resolve(follow_up) == resolved


def test_a_comparison_without_its_noun_takes_the_last_thing_and_the_other_time() -> None:
    conversation = Conversation()
    for asked in (
        "How many aggravated assaults were recorded in 2024?",
        "How many aggravated assaults were recorded in 2023?",
    ):
        conversation.record(asked, asked, no_answer(asked, "not asked of a bot here"))
    assert conversation.resolve("So how many fewer were there in 2024?") == (
        "how many fewer aggravated assaults were there in 2024 than in 2023?"
    )


def test_it_is_the_whole_thing_asked_about_with_its_article() -> None:
    conversation = Conversation()
    asked = "What soybean yield does Kara Lind expect this year?"
    conversation.record(asked, asked, no_answer(asked, "not asked of a bot here"))
    assert conversation.resolve("And what was it last year?") == (
        "what was the soybean yield last year?"
    )


def test_she_is_never_an_office_answered_before() -> None:
    conversation = Conversation()
    asked = "who reported the figures?"
    office = replace(no_answer(asked, ""), text="Office of Justice Programs", no_answer_reason=None)
    conversation.record(asked, asked, office)
    assert "Office" not in (conversation.resolve("who is she?") or "")
    assert conversation.resolve("what does it say about victims?") == (
        "what does Office of Justice Programs say about victims?"
    )


def test_a_follow_up_stays_with_the_story_of_the_conversation(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "arena",
        "The City Council voted 9-4 late Monday to approve the arena plan.\n\n"
        "Council members Ann Roe and Bo Lee voted against the arena plan.\n",
        title="Council approves arena",
    )
    write_source(
        tmp_path,
        "primary",
        "Only a few dozen votes separated the second- and third-place finishers in the"
        " primary.\n\nGreene received 4,812 votes.\n",
        title="Greene tops primary",
    )
    bot = Bot.load(tmp_path)
    conversation = Conversation()
    take_turn(bot, conversation, "Which council members voted against the arena plan?")
    assert conversation.story == "arena"
    in_favour = take_turn(bot, conversation, "How many voted in favor?")
    assert in_favour.answer.text == "9" and in_favour.answer.working == "9-4: 9 for"
    assert take_turn(bot, conversation, "How many voted against it?").answer.text == "4"
