"""Typed spans: numbers, times, people with roles, organisations and places."""

from __future__ import annotations

import pytest

from article_qa.language.spans import (
    find_spans,
    has_personal_pronoun,
    is_speaker,
    speaks,
    spells_out,
)


def kinds(sentence: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find_spans(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Convictions rose from 31 to 63.",
            [("initial", "Convictions"), ("number", "31"), ("number", "63")],
        ),
        ("It cost $3.5 million in 2019.", [("number", "$3.5 million"), ("time", "2019")]),
        ("About 45 percent qualify.", [("number", "45 percent")]),
        ("It opened earlier this year.", [("time", "earlier this year")]),
        (
            "U.S. Attorney for Minnesota Andy Luger spoke.",
            [("role", "U.S. Attorney for Minnesota"), ("person", "Andy Luger")],
        ),
        (
            "the department's Office of Justice Programs reported.",
            [("organisation", "Office of Justice Programs")],
        ),
        ("She lives in Duluth now.", [("place", "Duluth")]),
        ("Ortega said it would.", [("person", "Ortega")]),
        # names listed after a plural role are people, one each
        (
            "Commissioners Jean Palmquist, Derek Stoll and Amy Rademacher voted no.",
            [
                ("role", "Commissioners"),
                ("person", "Jean Palmquist"),
                ("person", "Derek Stoll"),
                ("person", "Amy Rademacher"),
            ],
        ),
        (
            "Two board members, Aaron Feld and Joyce Mbatha, objected.",
            [("number", "Two"), ("person", "Aaron Feld"), ("person", "Joyce Mbatha")],
        ),
        (
            "The Department of Health and Human Services said so.",
            [("organisation", "Department of Health and Human Services")],
        ),
        # a year before 1500 after "in"; a count of the same size is no year
        ("The fort fell in 1186, and again in 1215.", [("time", "1186"), ("time", "1215")]),
        ("It logged 1186 cases in 1990.", [("number", "1186"), ("time", "1990")]),
        # a day written before its month, and sums in pounds and euros
        (
            "On 12 January 1943 the mill paid £20,427 and €3 million.",
            [
                ("time", "12 January 1943"),
                ("number", "12"),
                ("number", "£20,427"),
                ("number", "€3 million"),
            ],
        ),
    ],
)
def test_spans(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(sentence) == expected


def test_offsets_point_at_the_text() -> None:
    sentence = "Service on the new routes begins Aug. 18 in Port Alden."
    for span in find_spans(sentence):
        assert sentence[span.start : span.end] == span.text


def test_speech() -> None:
    sentence = "The numbers show it, said Danette Buskovick."
    person = [s for s in find_spans(sentence) if s.kind == "person"][0]
    assert is_speaker(sentence, person) and speaks(sentence)
    assert has_personal_pronoun("she added") and not has_personal_pronoun("they added")


def test_holidays_are_times() -> None:
    found = find_spans("Permits start Memorial Day weekend and end by Thanksgiving.")
    assert [(s.kind, s.text) for s in found if s.kind == "time"] == [
        ("time", "Memorial Day"),
        ("time", "Thanksgiving"),
    ]


@pytest.mark.parametrize(
    ("acronym", "text", "spelled"),
    [
        ("USDA", "The U.S. Department of Agriculture has not acted.", True),
        ("FEMA", "The Federal Emergency Management Agency paid for it.", True),
        ("EPA", "The Environmental Protection Agency fined the plant.", True),
        ("FBI", "The Federal Reserve raised rates.", False),
        ("DNR", "the department of natural resources said so", False),  # no capitals: no name
    ],
)
def test_an_acronym_spelled_out(acronym: str, text: str, spelled: bool) -> None:
    assert spells_out(acronym, text) is spelled
