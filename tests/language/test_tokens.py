"""Tokens with their offsets, and the stemmed search terms of a text."""

from __future__ import annotations

import pytest

from article_qa.language.tokens import normalise, stems, terms, tokenize


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
        # a name typed without its accents finds the name as published
        ("Gospić, Zürich", ["gospic", "zurich"]),
    ],
)
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_normalise_folds_unicode_and_white_space() -> None:
    assert normalise("ﬁve\u00a0 girls \n") == "five girls"


def test_stems_of_a_word_list() -> None:
    assert stems({"Organisations", "girls"}) == {"organ", "girl"}
