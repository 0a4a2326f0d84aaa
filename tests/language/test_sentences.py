"""Sentence splitting with Punkt and our parameters, without any NLTK data."""

from __future__ import annotations

import pytest

from article_qa.language.sentences import sentence_spans, split_sentences

SENTENCE_CASES = [
    (
        "At the federal level, there's also been more of an effort. U.S. Attorney for Minnesota"
        " Andy Luger launched an initiative earlier this year to combat human trafficking.",
        [
            "At the federal level, there's also been more of an effort.",
            "U.S. Attorney for Minnesota Andy Luger launched an initiative earlier this year to"
            " combat human trafficking.",
        ],
    ),
    (
        "Buskovick said most of the victims of trafficking are U.S. citizens or permanent residents.",
        [
            "Buskovick said most of the victims of trafficking are U.S. citizens or permanent residents."
        ],
    ),
    (
        "\"It's a crime often the victims are misidentified. They don't identify themselves as the"
        ' victim," she said.',
        [
            "\"It's a crime often the victims are misidentified.",
            "They don't identify themselves as the victim,\" she said.",
        ],
    ),
    ("Dr. Smith met Mr. Jones at 3 p.m. Monday.", ["Dr. Smith met Mr. Jones at 3 p.m. Monday."]),
    ("Prices rose 3.5 percent. Rents fell.", ["Prices rose 3.5 percent.", "Rents fell."]),
    ("The St. Paul office opened in Jan. 2014.", ["The St. Paul office opened in Jan. 2014."]),
    ("Is it? Yes! It is.", ["Is it?", "Yes!", "It is."]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_spans_point_at_the_sentences() -> None:
    text = "Prices rose 3.5 percent. Rents fell."
    assert [text[a:b] for a, b in sentence_spans(text)] == split_sentences(text)
