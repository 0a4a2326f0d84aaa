"""Questions about a named person are answered from what is bound to that person, and
declined when the text names them but does not say; a role leads to its holder."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.answering.about_people import PeopleIndex, _head_noun, same_person
from article_qa.knowledge.sources import parse_source

STORY = """---
title: Ferry service grows
---

Port Director Ruth Amsel, 61, said the county ferry carried 58,000 cars this season.

Deputy Port Director Sam Okafor, who oversees the docks, said 12 crew members were hired.

Ben Ruiz, 44, a deckhand from Gull Harbor, said the boats are full on weekends.

Ines Marr, 39, runs a bait shop beside the landing. She said sales rose 20%.

Amsel's daughter, Kit, 30, who pilots the night boat, said the crossings run late.

The county's dock inspector, Pia Stone, said the docks were rebuilt in 2019.

Noor Haddad, the line's chief engineer, said the new boat is faster.

County engineer Lena Moss said the ramp will be rebuilt next spring for $2 million.
"""

OTHER = """---
title: Library board meets
---

Library Director Tomas Vik said the board will vote on longer hours in May.
"""


@pytest.fixture(scope="module")
def ferry_bot() -> Bot:
    sources = [parse_source(STORY, Path("ferry.md")), parse_source(OTHER, Path("library.md"))]
    return Bot.from_sources(sources)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("How old is Ruth Amsel?", "61"),
        ("how old is Ben Ruiz?", "44"),
        ("Who is Ben Ruiz?", "a deckhand from Gull Harbor"),
        ("Who is Sam Okafor?", "Deputy Port Director"),
        ("What is Lena Moss's job?", "County engineer"),
        ("Who is Ines Marr?", "runs a bait shop beside the landing"),
        ("Who is the port director?", "Ruth Amsel"),
        ("Who is the deputy port director?", "Sam Okafor"),
        ("Who is the library director?", "Tomas Vik"),
        ("Who is Kit Amsel?", "Amsel's daughter"),
        ("How old is Kit Amsel?", "30"),
        ("Who is Pia Stone?", "The county's dock inspector"),
        ("Who is Noor Haddad?", "the line's chief engineer"),
        ("Who pilots the night boat?", "Kit"),
        ("Who oversees the docks?", "Sam Okafor"),
    ],
)
def test_what_the_text_binds_to_a_person(ferry_bot: Bot, question: str, answer: str) -> None:
    got = ferry_bot.ask(question)
    assert got.text == answer
    assert got.sentence is not None and answer in got.sentence


@pytest.mark.parametrize("name", ["Sam Okafor", "Lena Moss"])
def test_an_age_the_text_does_not_give_is_declined_not_taken_from_a_nearby_figure(
    ferry_bot: Bot, name: str
) -> None:
    got = ferry_bot.ask(f"How old is {name}?")
    assert got.text is None
    assert got.no_answer_reason == f"the knowledge names {name} but does not give {name}'s age"


def test_a_person_the_text_never_names_is_not_answered(ferry_bot: Bot) -> None:
    assert ferry_bot.ask("How old is Maria Delgado?").text is None


def test_same_person_needs_the_same_first_name_when_both_give_one() -> None:
    assert same_person("Amsel", "Ruth Amsel")
    assert same_person("Ruth Amsel", "Amsel")
    assert not same_person("Tom Amsel", "Ruth Amsel")


def test_a_gapped_list_binds_each_figure_to_its_name() -> None:
    story = """---
title: Primary results
---

Ames received 4,812 votes, Alder Jo Berg 3,951 and retired teacher Al Dunn 3,920.
"""
    bot = Bot.from_sources([parse_source(story, Path("primary.md"))])
    assert bot.ask("How many votes did Dunn receive?").text == "3,920"
    assert bot.ask("How many votes did Berg receive?").text == "3,951"
    assert bot.ask("How many votes did Ames receive?").text == "4,812"


def test_a_list_of_figures_answers_with_the_one_its_words_describe() -> None:
    story = """---
title: Schools
---

The district will eliminate 9 teaching positions, 8 paraprofessional jobs and 5 custodial positions.

Lincoln enrolled 212 students this fall, Hillview 187.
"""
    bot = Bot.from_sources([parse_source(story, Path("schools.md"))])
    assert bot.ask("How many paraprofessional jobs are being cut?").text == "8"
    assert bot.ask("How many children attend Hillview this fall?").text == "187"


def test_who_voted_against_is_read_from_the_names_before_the_vote() -> None:
    story = """---
title: Fares
---

The transit commission voted 5-3 on Tuesday to add four routes.

Commissioners Jean Park, Derek Stoll and Amy Rees voted against the plan, saying the agency should first restore Sunday service.
"""
    bot = Bot.from_sources([parse_source(story, Path("fares.md"))])
    opposed = bot.ask("Which commissioners voted against the plan?")
    assert opposed.text == "Jean Park, Derek Stoll and Amy Rees"


def test_where_is_a_place_set_off_after_its_name() -> None:
    story = """---
title: Schools
---

Lincoln, on the city's north side, enrolled 212 students this fall.

The board voted to close Lincoln and Hillview, at the end of next school year.

Hillview, near the Cedar Street rail yard, was built for about 400 students.
"""
    bot = Bot.from_sources([parse_source(story, Path("schools.md"))])
    assert bot.ask("Where is Hillview?").text == "near the Cedar Street rail yard"
    assert bot.ask("Where is Lincoln?").text == "on the city's north side"


def test_where_a_named_thing_goes_and_what_someone_served_on() -> None:
    story = """---
title: Transit and politics
---

The new lines are Route 14 to Port Alden Regional Airport; Route 31 to the Westgate industrial park.

Planners expect Route 14 to carry about 400 riders a day.

Former school board member Marcus Greene finished first in Tuesday's primary.
"""
    bot = Bot.from_sources([parse_source(story, Path("transit.md"))])
    assert bot.ask("Where will Route 31 take riders?").text == "to the Westgate industrial park"
    assert bot.ask("Where does Route 14 go?").text == "to Port Alden Regional Airport"
    served = bot.ask("What did Marcus Greene serve on before running?").text
    assert served is not None and "school board" in served


def test_the_people_index_finds_what_a_scan_of_every_person_finds() -> None:
    story = (
        "---\ntitle: Council\n---\n\n"
        "City Clerk Dana Ruiz, 51, who ran the count, said turnout was high.\n\n"
        "Deputy City Clerk Omar Ruiz said the count ended at 11 p.m.\n\n"
        "Mayor Tyler Albrecht, who sponsored the ordinance, praised it. Albrecht is 44.\n\n"
        "Police Chief Ann Roe said officers wrote 12 tickets.\n"
    )
    facts = Bot.from_sources([parse_source(story, Path("council.md"))]).knowledge.people()
    index = PeopleIndex(facts)
    for name in ("Dana Ruiz", "Ruiz", "Omar Ruiz", "Tyler Albrecht", "Albrecht", "Roe"):
        scanned = [f for f in facts if same_person(name, f.subject)]
        assert index.named(name) == scanned and scanned
    assert index.named("Tyler") == [] and index.named("Dana Albrecht") == []
    for head in ("clerk", "mayor", "chief"):
        scanned = [f for f in facts if _head_noun(f.qualifier("role") or "") == head]
        assert index.in_role(head) == scanned and scanned
    assert [f.subject for f, _ in index.with_clause] == ["Dana Ruiz", "Tyler Albrecht"]


def test_ages_written_as_year_old() -> None:
    story = (
        "---\ntitle: Wage\n---\n\n"
        "Maricela Dunaway, a 27-year-old cashier at a grocery store, earns $13 an hour.\n\n"
        "Its chairman, 70-year-old Royce Petrakis, spoke against the levy.\n"
    )
    bot = Bot.from_sources([parse_source(story, Path("wage.md"))])
    assert bot.ask("How old is Maricela Dunaway?").text == "27"
    assert bot.ask("How old is Royce Petrakis?").text == "70"
    # the apposition that gives the age ends at its comma, before the sentence's verb
    assert (
        bot.ask("What does Maricela Dunaway do?").text == "a 27-year-old cashier at a grocery store"
    )


def test_a_role_set_off_before_an_age_and_its_organisation() -> None:
    story = (
        "---\ntitle: Health\n---\n\n"
        "The Minnesota Department of Health released the figures on Monday. Its"
        " commissioner, 61-year-old Jan Malcolm, said they were worrying.\n\n"
        "The champion steer, shown by 15-year-old Harper Vosburgh of Cottonwood Bend, sold.\n"
    )
    bot = Bot.from_sources([parse_source(story, Path("health.md"))])
    # the role before the age is hers ("its" is left as written: which name it means
    # is not read)
    assert bot.ask("Who is Jan Malcolm?").text == "Its commissioner"
    assert bot.ask("How old is Jan Malcolm?").text == "61"
    assert bot.ask("How old is Harper Vosburgh?").text == "15"
