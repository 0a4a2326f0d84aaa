"""Arithmetic on the text's figures: what a question asks to compute, and the words
that find the story its figures are in (the worked cases are in
tests/questions/news-shapes.yaml)."""

from __future__ import annotations

import pytest

from article_qa.answering.arithmetic import Operation, operation_asked, subject_terms
from article_qa.answering.question import analyse


@pytest.mark.parametrize(
    ("question", "operation"),
    [
        ("How many fewer people attended than the year before?", Operation.DIFFERENCE),
        ("How many minutes above the statewide median was the stay?", Operation.DIFFERENCE),
        ("By what percent did the median stay increase from 2021?", Operation.PERCENT_CHANGE),
        ("How many riders will the routes carry combined?", Operation.TOTAL),
        ("How many people attended?", None),
    ],
)
def test_operation_asked(question: str, operation: Operation | None) -> None:
    assert operation_asked(analyse(question)) is operation


def test_subject_terms_leave_out_the_operation() -> None:
    question = analyse("How many fewer people attended than the year before?")
    assert "fewer" in question.focus
    assert "fewer" not in subject_terms(question)
    assert "attend" in subject_terms(question)


def test_subject_terms_are_the_focus_without_an_operation() -> None:
    question = analyse("How many people attended the fair?")
    assert subject_terms(question) == question.focus
