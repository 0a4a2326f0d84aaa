"""Loaded knowledge: retrieval, figures by word, who pronouns mean, and what it covers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from article_qa.knowledge.knowledge import Knowledge
from article_qa.language.tokens import terms
from article_qa.model import KnowledgeError, Paragraph, Source
from support import ROOT, write_source


@pytest.fixture(scope="module")
def seed() -> Knowledge:
    return Knowledge.load(ROOT / "knowledge", use_cache=False)


def test_retrieve_ranks_the_sentence_that_holds_the_words(seed: Knowledge) -> None:
    hits = seed.retrieve(terms("girls helped"), 3)
    assert "80 girls" in hits[0].sentence.text and hits[0].sentence.terms
    assert hits[0].passage.paragraph == 13
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert seed.retrieve(terms("zebra"), 3) == []


def test_rank_passages(seed: Knowledge) -> None:
    (first, _), *_ = seed.rank_passages(terms("initiative human trafficking"), 2)
    assert first.paragraph == 7


def test_figures_about_a_word(seed: Knowledge) -> None:
    found = seed.figures_about(set(terms("girls")))
    assert [(f.subject, f.value) for f in found] == [("girls", "80")]


def test_referents_and_words(seed: Knowledge) -> None:
    quote = next(s for s in seed.sentences if s.text.startswith("\"It's a crime"))
    assert seed.speaker(quote) == "Danette Buskovick"
    assert seed.is_person_name("Buskovick") and not seed.is_person_name("Minnesota")
    elsewhere = replace(quote, passage_id="no-such-source#1")
    assert seed.speaker(elsewhere) is None and seed.referent(elsewhere) is None
    assert seed.referent(replace(quote, index=10_000)) == seed.speaker(quote)  # its paragraph's
    assert seed.knows("girl") and not seed.knows("zebra")
    assert seed.idf("zebra") >= seed.idf("girl") > 0


def test_topics_name_people_and_counted_things(seed: Knowledge) -> None:
    topics = seed.topics()
    assert "Danette Buskovick" in topics and "girls" in topics


def test_knowledge_from_sources_in_memory(tmp_path: Path) -> None:
    source = Source(
        "s", tmp_path / "s.md", (("title", "T"),), (Paragraph("It hired 37 workers.", 5),)
    )
    knowledge = Knowledge.from_sources([source])
    assert knowledge.folder is None and knowledge.stats.sentences == 1
    empty = Source("e", tmp_path / "e.md", (("title", "T"),), (Paragraph("Ad.", 5, excluded=True),))
    with pytest.raises(KnowledgeError):
        Knowledge.from_sources([empty])


def test_curated_facts_join_the_extracted_ones(tmp_path: Path) -> None:
    write_source(tmp_path, "port", "The port handled 412 ships in 2015.\n\nIt hired staff.")
    (tmp_path / "facts.yaml").write_text(
        "facts:\n  - kind: quantity\n    subject: dock workers\n    value: '37'\n"
        "    source: port\n    paragraph: 2\n"
    )
    knowledge = Knowledge.load(tmp_path, use_cache=False)
    assert [f.value for f in knowledge.figures_about({"dock"})] == ["37"]


def test_the_story_that_holds_every_word_of_the_question_ranks_first(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "school",
        "Board Chair Ann Lee opened the school board meeting.\n\n"
        "The board voted to close two schools.\n",
    )
    write_source(
        tmp_path,
        "county",
        "The county board heard a housing report on Tuesday.\n\n"
        "Board Chair Nora Lind said rents are too high.\n\n"
        "The county board meets again in May.\n",
    )
    knowledge = Knowledge.load(tmp_path, use_cache=False)
    question = terms("Who chairs the county board?")
    assert knowledge.rank_stories(question)[0][0] == "county"
    assert knowledge.rank_stories(terms("Ann Lee school"))[0][0] == "school"


def test_adjacent_passage_stays_in_its_story(seed: Knowledge) -> None:
    first, second = seed.passages[0], seed.passages[1]
    assert seed.adjacent_passage(first, 1) == second
    assert seed.adjacent_passage(second, -1) == first
    assert seed.adjacent_passage(first, -1) is None
    last = [p for p in seed.passages if p.source_id == first.source_id][-1]
    assert seed.adjacent_passage(last, 1) is None
