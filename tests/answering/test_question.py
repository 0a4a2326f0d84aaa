"""Question analysis: the answer type, the words that must be matched, the constraints."""

from __future__ import annotations

import pytest

from article_qa.answering.question import MAX_QUESTION_CHARS, analyse, question_word, unknown_names
from article_qa.model import AnswerType, QuestionError

TYPE_CASES = [
    ("how many girls were being helped?", AnswerType.NUMBER, "girl"),
    ("What number of boys were helped", AnswerType.NUMBER, "boy"),
    ("what was the number of convictions last year", AnswerType.NUMBER, "convict"),
    ("how much money was spent", AnswerType.NUMBER, "money"),
    # a verb of price asks for an amount
    ("What does a basic fare cost?", AnswerType.NUMBER, None),
    ("What does a two-bedroom apartment rent for?", AnswerType.NUMBER, None),
    ("What was the elevator paying for a bushel of corn?", AnswerType.NUMBER, None),
    ("What is the median stay?", AnswerType.NUMBER, None),
    ("What will the city's minimum be next January?", AnswerType.NUMBER, None),
    ("What will an annual pass cost?", AnswerType.NUMBER, None),
    # "how much" before a verb names no kind of amount: not "aside", "falls" or "worth"
    ("How much did Garner County set aside for job training?", AnswerType.NUMBER, None),
    ("How much has Marlowe Falls spent on repairs?", AnswerType.NUMBER, None),
    ("How much is the repair contract worth?", AnswerType.NUMBER, None),
    # a verb ends what is counted
    ("How many townhomes got building permits last year?", AnswerType.NUMBER, "townhom"),
    ("How many votes were cast?", AnswerType.NUMBER, "vote"),
    ("How many nursing jobs remain unfilled?", AnswerType.NUMBER, "job"),
    ("how many fewer aggravated assaults were there?", AnswerType.NUMBER, "assault"),
    ("Which county commissioner opposed it?", AnswerType.PERSON, None),
    # a comparative ends what is counted
    ("How many minutes longer was the stay than in 2021?", AnswerType.NUMBER, "minut"),
    ("Who launched the initiative?", AnswerType.PERSON, None),
    ("who is the director of the office", AnswerType.PERSON, None),
    ("Who is Danette Buskovick?", AnswerType.DESCRIPTION, None),
    ("which office reported it", AnswerType.ORGANISATION, "offic"),
    ("When did he launch it?", AnswerType.TIME, None),
    ("in what year did convictions rise", AnswerType.TIME, "year"),
    ("Where does trafficking happen", AnswerType.PLACE, None),
    ("what city is it in", AnswerType.PLACE, "citi"),
    ("Why are victims misidentified?", AnswerType.REASON, None),
    ("Did convictions double?", AnswerType.YES_NO, None),
    ("is it a victimless crime", AnswerType.YES_NO, None),
    ("What does the approach include?", AnswerType.DESCRIPTION, None),
    ("what is her job", AnswerType.DESCRIPTION, None),
    # a noun for an amount asks for a figure, however the question opens
    ("What soybean yield does she expect?", AnswerType.NUMBER, "yield"),
    ("What was average weekday ridership in 2021?", AnswerType.NUMBER, "ridership"),
    ("what is the median rent", AnswerType.NUMBER, "rent"),
    ("What is the county's rental vacancy rate now?", AnswerType.NUMBER, "rate"),
    ("Which supervisor voted against it?", AnswerType.PERSON, None),
]


@pytest.mark.parametrize(("text", "answer_type", "target"), TYPE_CASES)
def test_answer_type_and_target(text: str, answer_type: AnswerType, target: str | None) -> None:
    question = analyse(text)
    assert question.answer_type is answer_type
    assert question.target == target


def test_focus_leaves_out_question_and_asking_words() -> None:
    question = analyse("According to the article, how many girls were being helped?")
    assert question.focus == ("girl", "help")
    assert question.required == ("girl", "help")


def test_type_words_are_searched_but_not_required() -> None:
    question = analyse("Which office reported the rise?")
    assert "offic" in question.focus and "offic" not in question.required
    assert analyse("Who is the governor of Minnesota?").required == ("governor", "minnesota")


def test_constraints_and_negation() -> None:
    question = analyse("How many convictions were there in 2012 and earlier this year?")
    assert question.constraints == ("2012", "earlier this year")
    assert analyse("Why don't victims come forward?").negated
    assert not analyse("Why do victims come forward?").negated


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01"])
def test_empty_questions_are_refused(text: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        analyse(text)


def test_oversized_questions_are_refused() -> None:
    with pytest.raises(QuestionError, match="too long"):
        analyse("why " * (MAX_QUESTION_CHARS // 4 + 1))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who founded the museum?", "who/person"),
        ("When did the port open?", "when/time"),
        ("In what year did the port open?", "what/time"),
        ("How many ships docked?", "how many/number"),
        ("What does the museum hold?", "what/description"),
        ("Which city hosted the games?", "which/place"),
        ("Why did the plant close?", "why/reason"),
        ("Name the mayor.", "other/description"),
    ],
)
def test_question_class(question: str, expected: str) -> None:
    assert analyse(question).kind == expected


def test_question_head_and_word() -> None:
    assert analyse("What year did it open?").head == "year"
    assert analyse("How long is the bridge?").head == "long"
    assert analyse("What is the bridge made of?").head is None
    assert question_word(("who's", "there")) == "who"
    assert analyse("how much did it cost").question_word == "how much"


def test_names_and_kinds_the_knowledge_never_uses() -> None:
    known = {"penalti", "john", "minnesota", "report", "publish"}.__contains__
    assert unknown_names(analyse("What is the penalty for johns in Wisconsin?"), known) == [
        "Wisconsin"
    ]
    assert unknown_names(analyse("Who is the governor of Minnesota?"), known) == ["governor"]
    assert unknown_names(analyse("Which university published the report?"), known) == ["university"]
    # the first word's capital says nothing; known names and plain words pass
    assert unknown_names(analyse("Penalties for johns in Minnesota?"), known) == []
    assert unknown_names(analyse("What did the report describe?"), known) == []
    # an abbreviation is known by its full form, a general place word is no kind
    known = {"televis", "broadcast", "game", "vote"}.__contains__
    assert unknown_names(analyse("Who broadcast the game on TV?"), known) == []
    assert unknown_names(analyse("Where is the location of the vote?"), known) == []


def test_roles_are_asked_by_who_is_and_job_words() -> None:
    assert analyse("Who is Danette Buskovick?").asks_role
    assert analyse("what is her job").asks_role
    assert not analyse("how many girls were helped").asks_role
