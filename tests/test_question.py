"""Question analysis: the answer type, the words that must be matched, the constraints."""

from __future__ import annotations

import pytest

from article_qa.question import MAX_QUESTION_CHARS, AnswerType, QuestionError, analyse

TYPE_CASES = [
    ("how many girls were being helped?", AnswerType.NUMBER, "girl"),
    ("What number of boys were helped", AnswerType.NUMBER, "boy"),
    ("what was the number of convictions last year", AnswerType.NUMBER, "convict"),
    ("how much money was spent", AnswerType.NUMBER, "money"),
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


@pytest.mark.parametrize("text", ["?!?...", "the of and to", "🙂🙂🙂", "Что это такое?"])
def test_questions_without_searchable_words_have_no_answer(bot, text: str) -> None:
    answer = bot.ask(text)
    assert not answer.found
    assert answer.no_answer_reason
