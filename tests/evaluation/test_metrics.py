"""The SQuAD metric: normalised exact match and token F1."""

from __future__ import annotations

import pytest

from article_qa.evaluation.metrics import exact_match, f1_score, normalise_answer
from article_qa.evaluation.squad import question_type


@pytest.mark.parametrize(
    ("prediction", "golds", "em", "f1"),
    [
        ("The Lake Ferry Company", ("the Lake Ferry Company",), 1.0, 1.0),
        ("Lake Ferry", ("the Lake Ferry Company",), 0.0, 0.8),  # p=2/2, r=2/3
        ("4,200", ("About 4,200", "4,200"), 1.0, 1.0),
        ("about 4200 people", ("About 4,200",), 0.0, 0.8),  # "4,200" -> "4200": p=2/3, r=2/2
        ("", ("1854",), 0.0, 0.0),
        ("", (), 1.0, 1.0),  # no gold answer: only "no answer" is right
        ("Lena Park", (), 0.0, 0.0),
    ],
)
def test_squad_metric(prediction: str, golds: tuple, em: float, f1: float) -> None:
    assert exact_match(prediction, golds) == em
    assert f1_score(prediction, golds) == pytest.approx(f1)


def test_normalise_and_question_types() -> None:
    assert normalise_answer("  The  U.S.  Army!") == "us army"
    assert question_type("How many people live there?") == "how many"
    assert question_type("In which year?") == "which"
    assert question_type("Name the mayor.") == "other"
