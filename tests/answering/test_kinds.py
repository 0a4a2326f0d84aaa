"""Kinds of answer: which pieces of a sentence can answer a question of each kind."""

from __future__ import annotations

import pytest

from article_qa.answering.kinds import fits_number_question, fits_place_question, fits_time_question
from article_qa.answering.question import analyse


@pytest.mark.parametrize(
    ("question", "sentence", "answer", "fits"),
    [
        # a share is a percentage, a budget is money
        ("What share of the vote went to Ann Roe?", "Roe got 4,812 votes, or 33%.", "4,812", False),
        ("What share of the vote went to Ann Roe?", "Roe got 4,812 votes, or 33%.", "33%", True),
        ("What is the office's annual budget?", "Turnout was 28% of 52,400 voters.", "28%", False),
        (
            "What is the office's annual budget?",
            "Its budget is $1.2 million.",
            "$1.2 million",
            True,
        ),
        # "how much money": a sum of money, said of whom the question names
        ("How much money would the levy raise?", "It passed with 58% of the vote.", "58%", False),
        (
            "How much money did Dettmer's campaign raise?",
            "Greene raised $118,400, according to campaign finance reports.",
            "$118,400",
            False,
        ),
        (
            "How much money did Greene's campaign raise?",
            "Greene raised $118,400, according to campaign finance reports.",
            "$118,400",
            True,
        ),
        # "right now": not the figure a change will reach
        (
            "What is the minimum wage right now?",
            "The council voted to raise the minimum wage to $15.50 by 2027.",
            "$15.50",
            False,
        ),
        (
            "What is the minimum right now?",
            "The minimum, now $12.75, will rise to $14.",
            "$14",
            False,
        ),
        (
            "What is the minimum right now?",
            "The minimum, now $12.75, will rise to $14.",
            "$12.75",
            True,
        ),
        (
            "What will the minimum rise to?",
            "The minimum, now $12.75, will rise to $14.",
            "$14",
            True,
        ),
        # an answer holding the earlier end of "from A to B" is stale
        ("What will a pass cost?", "The pass will go from $45 to $60.", "45 to $60", False),
        ("What will a pass cost?", "The pass will go from $45 to $60.", "$60", True),
        (
            "How much is in the fund?",
            "It shrank from $3.6 million to about $900,000.",
            "$3.6 million",
            False,
        ),
        ("How big will classes be?", "Classes would rise from 19 students to 23.", "19", False),
        # a change proposed and rejected leaves the figure where it was
        (
            "What does a fare cost?",
            "It rejected a plan to raise the fare from $1.75 to $2.",
            "$2",
            False,
        ),
        (
            "What does a fare cost?",
            "It rejected a plan to raise the fare from $1.75 to $2.",
            "$1.75",
            True,
        ),
    ],
)
def test_a_number_of_the_kind_asked(question: str, sentence: str, answer: str, fits: bool) -> None:
    start = sentence.index(answer)
    assert fits_number_question(analyse(question), sentence, start, start + len(answer)) is fits


def test_a_number_said_of_someone_else_is_not_the_answer() -> None:
    sentence = (
        "Under the deal, the city would pay $92 million and the arena's main tenant, the"
        " hockey team, would pay $56 million."
    )
    for question, right, wrong in (
        ("How much would the city pay toward the arena?", "$92 million", "$56 million"),
        ("How much would the team pay toward the arena?", "$56 million", "$92 million"),
    ):
        asked = analyse(question)
        for answer, fits in ((right, True), (wrong, False)):
            start = sentence.index(answer)
            assert fits_number_question(asked, sentence, start, start + len(answer)) is fits


@pytest.mark.parametrize(
    ("question", "sentence", "answer", "fits"),
    [
        (
            "When does the permit requirement begin?",
            "The board voted in March to require permits, starting Memorial Day weekend.",
            "March",
            False,
        ),
        (
            "When does the permit requirement begin?",
            "The board voted in March to require permits, starting Memorial Day weekend.",
            "Memorial Day",
            True,
        ),
        (
            "When is the arena scheduled to open?",
            "Work is to start next spring, and the arena is to open in the fall of 2028.",
            "2028",
            True,
        ),
        (
            "When is the arena scheduled to open?",
            "Work is to start next spring, and the arena is to open in the fall of 2028.",
            "next spring",
            False,
        ),
    ],
)
def test_when_something_starts(question: str, sentence: str, answer: str, fits: bool) -> None:
    start = sentence.index(answer)
    asked = frozenset(analyse(question).required)
    assert fits_time_question(sentence, start, start + len(answer), asked) is fits


@pytest.mark.parametrize(
    ("sentence", "answer", "fits"),
    [
        # a sentence's first word is capitalised whatever it is
        ("Students whose families earn less will not pay, he said.", "Students", False),
        ("Shelbyton Road is closed, he said.", "Shelbyton Road", True),
        # a title is no place, nor is a part of a person's name
        ("Associate Vice President Bo Ickes said so.", "Associate Vice President", False),
        ("Mayor Benedikt Sauer, 64, said the town agrees.", "Benedikt", False),
        ("Harper Vosburgh of Cottonwood Bend won.", "Cottonwood Bend", True),
    ],
)
def test_a_place_answer_names_a_place(sentence: str, answer: str, fits: bool) -> None:
    start = sentence.find(answer)
    people = {"Benedikt Sauer", "Bo Ickes", "Harper Vosburgh"}.__contains__
    assert fits_place_question(sentence, start, start + len(answer), people) is fits
