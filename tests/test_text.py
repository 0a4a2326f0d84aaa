"""Sentences and terms, without any NLTK data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa.text import split_sentences, terms, tokenize

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


def test_tokens_keep_their_offsets() -> None:
    text = "U.S. convictions rose 1,200% in 2013, didn't they?"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert [t.text for t in tokenize(text)][:4] == ["U.S.", "convictions", "rose", "1,200%"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many girls were being helped?", ["girl", "help"]),
        ("Convictions rose from 31 to 63", ["convict", "rise", "31", "63"]),
        ("the victim-centered approach", ["victim", "center", "approach"]),
        ("The department's office doesn't", ["depart", "offic"]),
        ("U.S. citizens", ["us", "citizen"]),
        ("the of and to", []),
    ],
)
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_works_with_no_nltk_data(tmp_path: Path) -> None:
    """With NLTK_DATA pointing at an empty folder the bot still splits and answers."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    script = (
        "import nltk\n"
        "try:\n"
        "    nltk.data.find('tokenizers/punkt_tab')\n"
        "    raise SystemExit('punkt data was found: the test proves nothing')\n"
        "except LookupError:\n"
        "    pass\n"
        "from article_qa import Bot\n"
        "from article_qa.text import split_sentences\n"
        "assert len(split_sentences('U.S. Attorney Andy Luger spoke. He left.')) == 2\n"
        "print(Bot.load().ask('how many girls were being helped?').text)\n"
    )
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    env.pop("ARTICLE_QA_KNOWLEDGE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "80"
