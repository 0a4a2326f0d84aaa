"""Facts: extraction from news writing, curated facts, and the facts command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa import Bot, KnowledgeError
from article_qa.facts import Fact, load_curated
from article_qa.passages import build_passages
from article_qa.sources import load_sources
from conftest import ROOT, write_source

NEWS = ROOT / "tests" / "data" / "news"


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


# -- curated facts --------------------------------------------------------------------


def curated_folder(tmp_path: Path, facts_yaml: str) -> Path:
    write_source(tmp_path, "port", "The port handled 412 ships in 2015.\n\nIt hired staff.")
    (tmp_path / "facts.yaml").write_text(facts_yaml, encoding="utf-8")
    return tmp_path


def test_curated_fact_is_added_and_answers(tmp_path: Path) -> None:
    folder = curated_folder(
        tmp_path,
        "facts:\n  - kind: quantity\n    subject: dock workers\n    value: '37'\n"
        "    action: hired\n    source: port\n    paragraph: 2\n",
    )
    bot = Bot.load(folder)
    fact = find(bot.facts, "quantity", "dock workers")
    assert (fact.origin, fact.number, fact.citation.paragraph) == ("curated", 37, 2)
    assert bot.ask("how many dock workers were hired?").text == "37"


def test_curated_fact_replaces_the_extracted_one(tmp_path: Path) -> None:
    folder = curated_folder(
        tmp_path,
        "facts:\n  - kind: quantity\n    subject: ships\n    value: '421'\n"
        "    source: port\n    paragraph: 1\n",
    )
    ships = [f for f in Bot.load(folder).facts if f.subject == "ships"]
    assert [(f.value, f.origin) for f in ships] == [("421", "curated")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("facts:\n  - kind: quantity\n    subjct: x\n", "facts.yaml:3: unknown field 'subjct'"),
        ("facts:\n  - kind: amount\n    subject: x\n    value: 1\n    source: port\n    paragraph: 1\n",
         "facts.yaml:2: kind must be one of"),
        ("facts:\n  - kind: quantity\n    subject: x\n    value: 1\n    source: port\n    paragraph: one\n",
         "facts.yaml:6: paragraph must be a whole number"),
        ("facts:\n  - kind: quantity\n    subject: x\n    value: 1\n    source: nope\n    paragraph: 1\n",
         "facts.yaml:5: no paragraph 1 in a source 'nope'"),
        ("facts:\n  - kind: quantity\n    subject: x\n", "facts.yaml:2: fact is missing value, source, paragraph"),
        ("facts:\n  - kind: quantity\n    subject: [a, b]\n", "facts.yaml:3: subject must be a single value"),
        ("facts: {a: 1}\n", "facts.yaml:1: 'facts' must be a list"),
        ("facts:\n  - kind: [\n", "facts.yaml:3: not valid YAML"),
        ("other: 1\n", "facts.yaml:1: unknown field 'other'"),
    ],
)  # fmt: skip
def test_bad_curated_facts_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    folder = curated_folder(tmp_path, text)
    with pytest.raises(KnowledgeError) as error:
        Bot.load(folder)
    assert message in str(error.value)


def test_empty_or_missing_curated_file_holds_no_facts(tmp_path: Path) -> None:
    passages = build_passages(load_sources(curated_folder(tmp_path, "")))
    assert load_curated(tmp_path / "facts.yaml", passages) == []
    assert load_curated(tmp_path / "absent.yaml", passages) == []


def test_bundled_curated_file_loads(bot: Bot) -> None:
    assert (ROOT / "knowledge" / "facts.yaml").exists()
    assert load_curated(ROOT / "knowledge" / "facts.yaml", bot.passages) == []


# -- the facts command ----------------------------------------------------------------


def run_facts(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "article_qa", "facts", *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_facts_command_lists_facts_with_sources() -> None:
    result = run_facts()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("girls = 80" in line and "paragraph 13" in line for line in lines)
    assert any(
        "Danette Buskovick" in line and "Office of Justice Programs" in line for line in lines
    )
    assert any("= 31" in line and "time: 2012" in line and "derived" in line for line in lines)


def test_facts_command_filters_and_prints_json() -> None:
    result = run_facts("--json", "boys")
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["subject"], f["value"]) for f in facts] == [("boys", "11")]
    assert facts[0]["sources"][0]["passage"] == 13
    assert run_facts("no such thing").stdout == ""


def test_ask_json_carries_the_facts_used() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask", "--json", "how many children were being helped?"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    answer = json.loads(result.stdout)
    assert answer["answer"] == "91" and answer["working"] == "11 boys + 80 girls"
    assert [f["subject"] for f in answer["facts"]] == ["boys", "girls"]
