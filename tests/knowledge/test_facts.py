"""Facts read out of the sources: figures, changes, people, organisations, times and
thresholds, on the bundled article and on a few news stories of other shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.model import Fact
from support import NEWS, write_source


def find(facts: list[Fact], kind: str, subject: str, value: str | None = None) -> Fact:
    matches = [
        f for f in facts if f.kind == kind and f.subject == subject and value in (None, f.value)
    ]
    assert len(matches) == 1, f"{kind} {subject}={value}: {[f.describe() for f in facts]}"
    return matches[0]


@pytest.fixture(scope="module")
def news_facts() -> list[Fact]:
    return Bot.load(NEWS).facts


def test_seed_quantities_carry_what_they_count_and_the_action(bot: Bot) -> None:
    for subject, value in (("girls", "80"), ("women", "79"), ("boys", "11"), ("men", "5")):
        fact = find(bot.facts, "quantity", subject, value)
        assert fact.number == float(value)
        assert fact.qualifier("action") == "helping"
        assert fact.qualifier("agent") == "organizations that responded"
        assert fact.citation.paragraph == 13


def test_seed_change_is_tied_to_the_times_of_the_neighbouring_paragraph(bot: Bot) -> None:
    change = find(bot.facts, "change", "Sex trafficking convictions")
    assert (change.qualifier("from"), change.qualifier("to")) == ("31", "63")
    trend = find(bot.facts, "change", "convictions for sex trafficking in the state")
    assert trend.qualifier("factor") == "2.0"
    assert trend.qualifier("time") == "2012 -> last year"
    before = find(bot.facts, "quantity", "Sex trafficking convictions", "31")
    after = find(bot.facts, "quantity", "Sex trafficking convictions", "63")
    assert (before.qualifier("time"), after.qualifier("time")) == ("2012", "last year")
    assert before.origin == "derived"
    assert [c.paragraph for c, _ in before.also_cites] == [1]


def test_seed_people_and_organisations(bot: Bot) -> None:
    buskovick = find(bot.facts, "person", "Danette Buskovick")
    assert buskovick.qualifier("role") == "director of training, research and communications"
    assert buskovick.qualifier("organisation") == "Office of Justice Programs"
    assert (
        find(bot.facts, "person", "Andy Luger").qualifier("role") == "U.S. Attorney for Minnesota"
    )
    office = find(bot.facts, "organisation", "Office of Justice Programs")
    assert office.qualifier("parent") == "Minnesota Department of Public Safety"
    find(bot.facts, "organisation", "Minnesota Department of Public Safety")
    assert not [f for f in bot.facts if f.kind == "person" and f.subject == "Buskovick"]


def test_seed_times_and_thresholds(bot: Bot) -> None:
    youth = find(bot.facts, "threshold", "youth")
    assert (youth.value, youth.number, youth.qualifier("unit")) == ("under 18", 18.0, "years old")
    launch = find(
        bot.facts, "time", next(f.subject for f in bot.facts if f.value == "earlier this year")
    )
    assert "Andy Luger launched an initiative" in launch.subject


def test_excluded_paragraphs_give_no_facts(bot: Bot) -> None:
    assert not [f for f in bot.facts if "MPR" in f.sentence or "gift" in f.sentence]


def test_numbers_in_words_and_with_separators(news_facts: list[Fact]) -> None:
    assert find(news_facts, "quantity", "dispatchers").number == 5
    assert find(news_facts, "quantity", "community service officers").number == 12
    assert find(news_facts, "quantity", "budget").number == 3_500_000
    assert find(news_facts, "quantity", "budget").qualifier("unit") == "dollars"
    assert find(news_facts, "quantity", "women", "1,045").number == 1045
    lunch = find(news_facts, "quantity", "students", "45 percent")
    assert (lunch.number, lunch.qualifier("unit")) == (45, "percent")
    assert not [
        f for f in news_facts if f.kind == "quantity" and f.value in ("2015", "2019", "2023")
    ]


def test_lists_share_their_verb_and_time(news_facts: list[Fact]) -> None:
    men = find(news_facts, "quantity", "men", "890")
    assert (men.qualifier("action"), men.qualifier("time")) == ("treated", "2023")
    assert men.qualifier("agent") == "Northwoods Health Alliance"
    assert find(news_facts, "quantity", "aides").qualifier("action") == "employs"


def test_changes_with_their_own_times(news_facts: list[Fact]) -> None:
    officers = find(news_facts, "quantity", "sworn officers", "150")
    assert officers.qualifier("time") == "2019" and not officers.also_cites
    enrollment = find(news_facts, "change", "Enrollment in the Lakeview School District")
    assert enrollment.qualifier("unit") == "students"
    assert find(news_facts, "quantity", "students", "950").qualifier("time") == "last year"
    asthma = find(news_facts, "change", "visits for asthma")
    assert (asthma.qualifier("factor"), asthma.qualifier("time")) == ("3.0", "2020 -> 2023")


def test_people_with_titles_and_appositions(news_facts: list[Fact]) -> None:
    assert find(news_facts, "person", "Mike Tusken").qualifier("role") == "Police Chief"
    raman = find(news_facts, "person", "Priya Raman")
    assert raman.qualifier("role") == "medical director"
    assert raman.qualifier("organisation") == "Northwoods Health Alliance"
    assert find(news_facts, "threshold", "Patients").value == "over 65"


def test_a_very_long_sentence_is_read(tmp_path: Path) -> None:
    sentence = ", ".join(f"the board approved {n} permits" for n in range(1500)) + "."
    write_source(tmp_path, "long", sentence)
    bot = Bot.load(tmp_path)
    assert sum(1 for f in bot.facts if f.kind == "quantity") == 1500


def test_lists_compared_item_by_item_and_adjectives_before_nouns(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "crime",
        "Officers recorded 161 burglaries, 118 aggravated assaults and 39 robberies in"
        " 2024, compared with 214, 131 and 42 in 2023.\n\n"
        "The home has hired nine nurses and now has at least two registered nurses on"
        " every shift.\n",
    )
    facts = Bot.load(tmp_path).facts
    assert find(facts, "quantity", "aggravated assaults", "118").qualifier("time") == "2024"
    assert find(facts, "quantity", "aggravated assaults", "131").qualifier("time") == "2023"
    robberies = find(facts, "quantity", "robberies", "42")
    assert robberies.qualifier("time") == "2023" and robberies.qualifier("action") == "recorded"
    assert find(facts, "quantity", "registered nurses", "two").qualifier("action") == "has"


def test_measures_keep_what_they_measure_and_lists_their_verb(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "farm",
        "Ann Roe planted 860 acres of corn, 540 acres of soybeans and 75 acres of alfalfa"
        " this spring.\n",
    )
    bot = Bot.load(tmp_path)
    soybeans = find(bot.facts, "quantity", "acres", "540")
    assert soybeans.qualifier("of") == "soybeans" and soybeans.qualifier("action") == "planted"
    assert bot.ask("How many acres of soybeans did Ann Roe plant?").text == "540"


def test_a_sentence_about_the_one_before_cites_it_too(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "er",
        "Patients last year had a median stay of 238 minutes in the emergency room. That is"
        " up from 162 minutes in 2021.\n",
    )
    bot = Bot.load(tmp_path)
    earlier = find(bot.facts, "quantity", "minutes", "162")
    assert [sentence for _, sentence in earlier.also_cites] == [
        "Patients last year had a median stay of 238 minutes in the emergency room."
    ]
    answer = bot.ask("How many minutes longer was the median stay last year than in 2021?")
    assert answer.text == "76"


def test_a_title_before_the_name_is_the_role_and_the_apposition_describes(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "arena",
        "River Hawks owner Curtis Vanderploeg, 66, a trucking executive, said the team"
        " would sign a 30-year lease.\n",
    )
    bot = Bot.load(tmp_path)
    owner = find(bot.facts, "person", "Curtis Vanderploeg")
    assert owner.qualifier("role") == "River Hawks owner"
    assert owner.qualifier("described") == "a trucking executive"
    assert bot.ask("Who owns the team?").text == "Curtis Vanderploeg"
