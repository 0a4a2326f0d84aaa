"""Derived data in compact form: fact records and their sentence numbers, sequences
made when read, and the view made from stored records."""

from __future__ import annotations

import numpy as np

from article_qa.knowledge import build
from article_qa.knowledge.passages import build_passages
from article_qa.knowledge.records import (
    EncodedFacts,
    FactKeys,
    FactTable,
    LazyList,
    Referents,
    derived_from,
    figures_by_term,
    positions_of_kind,
    record_key,
    renumber,
)
from article_qa.knowledge.sources import load_sources
from support import NEWS


def test_a_lazy_list_makes_each_item_once_and_only_when_read() -> None:
    made: list[int] = []

    def make(n: int) -> str:
        made.append(n)
        return f"item {n}"

    items = LazyList([1, 2, 3], make)
    assert len(items) == 3 and made == []
    assert items[-1] == "item 3" and items[2] == "item 3" and made == [3]
    assert items[0:2] == ["item 1", "item 2"] and list(items)[1] == "item 2"
    assert made == [3, 1, 2]


def test_renumbering_moves_sentence_numbers_only() -> None:
    whole = ["s", "t", "my", "title", 1, 4]
    record = ["quantity", "girls", "80", 80.0, [["unit", "girls"]], 3, "extracted", [5, whole]]
    moved = renumber(record, 10)
    assert moved[5] == 13 and moved[7] == [15, whole]
    assert moved[:5] == record[:5] and moved[6] == "extracted"
    assert renumber(record, 0) is record
    assert record_key(record) == ("quantity", "girls", "girls")


def test_the_stored_view_gives_what_the_build_read() -> None:
    passages = build_passages(load_sources(NEWS))
    stored = build.stored_build(passages)
    derived = derived_from(stored, passages)
    rows = stored.arrays["sentences"]
    assert len(derived.sentences) == len(rows) == derived.sentence_index.size
    assert derived.passage_index.size == len(passages)
    for sentence, (position, index, start, end) in zip(derived.sentences, rows, strict=True):
        passage = passages[position]
        assert sentence.passage_id == passage.id and sentence.index == index
        assert sentence.text == passage.text[start:end]
    for fact in derived.facts:
        assert fact.sentence in {s.text for s in derived.sentences}
    assert [build.fact_key(f) for f in derived.facts] == list(derived.fact_keys)


def test_a_fact_table_gives_back_its_records_with_their_sentence_numbers() -> None:
    first = ["quantity", "girls", "80", 80.0, [], 0, "extracted", []]
    second = ["person", "Jane Doe", "Jane Doe", None, [["role", "chief"]], 2, "extracted", [1]]
    other = ["rumour", "x", "y", None, [], ["s", "t", 1, 2, "A sentence."], "extracted", []]
    pieces = [(EncodedFacts.of([first]), 0), (EncodedFacts.of([second, other]), 5)]
    table = FactTable(FactTable.arrays(pieces))
    assert len(table) == 3
    assert table.record(0) == first
    assert table.record(1) == [*second[:5], 7, "extracted", [6]]
    assert table.record(2) == other
    keys = FactKeys(table)
    assert positions_of_kind(keys, "person") == [1] and positions_of_kind(keys, "rumour") == []
    assert positions_of_kind(keys, "quantity") == positions_of_kind(list(keys), "quantity") == [0]
    assert keys[1] == ("person", "Jane Doe", "") and keys[-1] == ("rumour", "x", "")
    again = FactTable(FactTable.arrays([(table.run(1, 3, first_sentence=4), 10)]))
    assert again.record(0) == [*second[:5], 13, "extracted", [12]]


def test_the_stored_figure_terms_find_what_the_keys_find() -> None:
    """The terms stored beside each figure fact give the facts by word that the keys
    give, parsed one by one; runs of a table taken again keep them."""
    passages = build_passages(load_sources(NEWS))
    derived = derived_from(build.stored_build(passages), passages)
    stored = figures_by_term(derived.fact_keys)
    assert stored and stored == figures_by_term(list(derived.fact_keys))
    table = FactTable(build.stored_build(passages).arrays)
    half = len(table) // 2
    rejoined = FactTable(
        FactTable.arrays([(table.run(0, half, 0), 0), (table.run(half, len(table), 0), 0)])
    )
    assert rejoined.figures_by_term() == stored


def test_referents_name_someone_only_for_numbers_they_hold() -> None:
    referents = Referents(["Ann Lee", "Bo Ek"], np.array([1, -1, 7, 0]), np.array([-1, 0]))
    assert referents.in_sentence(0) == "Bo Ek" and referents.in_sentence(3) == "Ann Lee"
    assert referents.in_sentence(1) is None  # no one
    assert referents.in_sentence(2) is None  # a number no name has (a damaged cache)
    assert referents.in_sentence(4) is None and referents.in_sentence(-1) is None
    assert referents.in_passage(0) is None and referents.in_passage(1) == "Ann Lee"
    renamed = Referents(["Bo Ek", "Ann Lee"], np.array([0, -1, -1, 1]), np.array([-1, 1]))
    assert referents == renamed  # equal by whom they name
    assert referents != Referents(["Bo Ek"], np.array([0, -1, -1, -1]), np.array([-1, -1]))
