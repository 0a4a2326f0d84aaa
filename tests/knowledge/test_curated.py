"""Curated facts: added, replacing extracted ones, and every mistake named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot, KnowledgeError
from article_qa.knowledge.curated import load_curated
from article_qa.knowledge.passages import build_passages
from article_qa.knowledge.sources import load_sources
from article_qa.model import Fact
from support import ROOT, write_source


def find(facts: list[Fact], kind: str, subject: str) -> Fact:
    (found,) = [f for f in facts if f.kind == kind and f.subject == subject]
    return found


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


def test_a_fact_about_a_source_that_is_not_loaded_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = curated_folder(
        tmp_path,
        "facts:\n  - kind: quantity\n    subject: x\n    value: '1'\n    source: nope\n"
        "    paragraph: 1\n  - kind: quantity\n    subject: dock workers\n    value: '37'\n"
        "    source: port\n    paragraph: 2\n",
    )
    bot = Bot.load(folder)
    assert any("facts.yaml:5: no paragraph 1 in a source 'nope'" in w for w in bot.warnings)
    assert bot.ask("how many dock workers?").text == "37"
