"""Candidate answers: what the rules propose in a sentence for a number question."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.answering.candidates import gives_reason
from support import write_source


def test_a_count_of_a_word_of_the_same_sense_is_a_candidate(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "nurses",
        "Officer Ben Whitcomb said the hospital still has 31 open nursing positions.\n",
    )
    assert Bot.load(tmp_path).ask("How many nursing jobs remain unfilled?").text == "31"


def test_people_counted_under_another_name(tmp_path: Path) -> None:
    write_source(
        tmp_path, "park", "Juniper Rim State Park drew a record 587,000 visitors last year.\n"
    )
    write_source(
        tmp_path, "fair", "Emergency crews treated 37 people for heat illness at the fair.\n"
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("How many people visited Juniper Rim State Park last year?").text == "587,000"
    assert bot.ask("How many fairgoers were treated for heat illness?").text == "37"


def test_where_someone_is_from_is_the_place_after_of(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "fair",
        "The grand champion steer, shown by 15-year-old Harper Vosburgh of Cottonwood Bend,"
        " sold for $21,500 to the Haskett Grain Exchange.\n",
    )
    assert Bot.load(tmp_path).ask("Where is Harper Vosburgh from?").text == "Cottonwood Bend"


@pytest.mark.parametrize(
    ("sentence", "gives"),
    [
        ("The city added two buses to ease crowding on Route 9.", True),
        ("Fares rose because fuel costs doubled.", True),
        # what someone declined or voted to do is no reason
        ("The cap expired in June, when lawmakers declined to renew it.", False),
        ("Trustees voted 7-2 on Friday to raise tuition.", False),
    ],
)
def test_a_purpose_is_not_what_someone_decided_to_do(sentence: str, gives: bool) -> None:
    assert gives_reason(sentence) is gives
