"""Records: the derived data of a knowledge base in compact form, as the build hands it
over and the cache keeps it, and the ``Derived`` view made from it.

Sentences are rows of four integers (their passage's position, their number in it, and
their offsets in its text); the two indexes are arrays of postings over one shared
vocabulary; facts are short JSON-ready lists that point to their sentence by number.
Nothing here holds a Python object per sentence: a ``Sentence`` or a ``Fact`` is made
the first time it is read (``LazyList``), so a large knowledge base costs what its
arrays cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import numpy as np

from ..model import Citation, Fact, Passage, Sentence
from .index import SearchIndex

T = TypeVar("T")
FactKey = tuple[str, str, str]  # (kind, subject, unit): enough to index a fact by its words
FactRecord = list[Any]  # [kind, subject, value, number, qualifiers, where, origin, [where...]]
# ``where`` is a sentence's number, or [source id, title, paragraph, line, sentence text]


class LazyList(Sequence[T]):
    """A read-only sequence built from stored records: an item is made the first time
    it is read, so a start over a large knowledge base makes only what it uses."""

    def __init__(self, records: Sequence[Any] | np.ndarray, build: Callable[[Any], T]):
        self._records = records
        self._build = build
        self._items: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        item = self._items.get(index)
        if item is None:
            item = self._items[index] = self._build(self._records[index])
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))


@dataclass(frozen=True)
class Derived:
    """What loading computes from the passages: sentences (with the position of each
    one's passage), facts (and their keys, readable without making the facts), who
    pronouns point to, the words that end people's names, and the two indexes."""

    sentences: Sequence[Sentence]
    sentence_passage: np.ndarray
    facts: Sequence[Fact]
    fact_keys: Sequence[FactKey]
    referents: dict[str, str]
    person_words: frozenset[str]
    passage_index: SearchIndex
    sentence_index: SearchIndex


@dataclass(frozen=True)
class Stored:
    """The derived data as records and arrays: ``record`` is JSON-ready (facts,
    referents, person words, the vocabulary); ``arrays`` hold the sentence rows
    (``sentences``) and both indexes' postings (``passage_*``, ``sentence_*``)."""

    record: dict[str, Any]
    arrays: dict[str, np.ndarray]


def fact_key(fact: Fact) -> FactKey:
    """The kind, subject and unit of a fact."""
    return fact.kind, fact.subject, fact.qualifier("unit") or ""


def record_key(record: FactRecord) -> FactKey:
    """The kind, subject and unit of a fact record (without making the fact)."""
    kind, subject, _, _, qualifiers, *_ = record
    unit = next((str(v) for k, v in qualifiers if k == "unit"), "")
    return str(kind), str(subject), unit


def fact_record(fact: Fact, sentence_number: Callable[[Citation, str], int | None]) -> FactRecord:
    """A fact as a record; its sentences by number where ``sentence_number`` knows them."""

    def where(citation: Citation, sentence: str) -> object:
        number = sentence_number(citation, sentence)
        # a sentence not in the list (none today) is stored whole
        return number if number is not None else [*_citation_record(citation), sentence]

    return [
        fact.kind,
        fact.subject,
        fact.value,
        fact.number,
        [list(q) for q in fact.qualifiers],
        where(fact.citation, fact.sentence),
        fact.origin,
        [where(c, s) for c, s in fact.also_cites],
    ]


def _citation_record(citation: Citation) -> list[object]:
    return [citation.source_id, citation.source_title, citation.paragraph, citation.line]


def renumber(record: FactRecord, offset: int) -> FactRecord:
    """A fact record whose sentence numbers are moved on by ``offset`` (when pieces
    of records are joined)."""
    if not offset:
        return record
    moved = [p + offset if isinstance(p, int) else p for p in (record[5], *record[7])]
    return [*record[:5], moved[0], record[6], moved[1:]]


def derived_from(stored: Stored, passages: Sequence[Passage]) -> Derived:
    """The ``Derived`` view of stored data: sentences and facts made when read."""
    rows = stored.arrays["sentences"]
    sentences = stored_sentences(rows, passages)
    records = stored.record["facts"]
    vocabulary = [str(t) for t in stored.record["vocabulary"]]
    passage_index, sentence_index = (
        SearchIndex.from_arrays(prefixed(stored.arrays, prefix), vocabulary)
        for prefix in ("passage_", "sentence_")
    )
    return Derived(
        sentences,
        rows[:, 0].astype(np.int64),
        LazyList(records, fact_maker(sentences, passages)),
        [record_key(r) for r in records],
        {str(k): str(v) for k, v in dict(stored.record["referents"]).items()},
        frozenset(map(str, stored.record["person_words"])),
        passage_index,
        sentence_index,
    )


def prefixed(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    """The arrays whose names start with ``prefix``, named without it."""
    return {k.removeprefix(prefix): v for k, v in arrays.items() if k.startswith(prefix)}


def stored_sentences(rows: np.ndarray, passages: Sequence[Passage]) -> LazyList[Sentence]:
    """Sentences made from their rows (passage position, number, start, end) when read."""

    def sentence(row: Any) -> Sentence:
        position, index, start, end = (int(v) for v in row)
        passage = passages[position]
        # terms are left out: the index holds them, and retrieval restores them for hits
        return Sentence(passage.id, index, start, end, passage.text[start:end], ())

    return LazyList(rows, sentence)


def fact_maker(
    sentences: Sequence[Sentence], passages: Sequence[Passage]
) -> Callable[[FactRecord], Fact]:
    """Makes a fact from its record, citing its sentences."""
    by_id = {p.id: p for p in passages}

    def where(stored: Any) -> tuple[Citation, str]:
        if isinstance(stored, int):
            found = sentences[stored]
            return by_id[found.passage_id].citation, found.text
        *citation, text = stored
        return Citation(*citation), str(text)

    def fact(record: FactRecord) -> Fact:
        kind, subject, value, number, qualifiers, place, origin, also = record
        citation, text = where(place)
        return Fact(
            str(kind),
            str(subject),
            str(value),
            None if number is None else float(number),
            tuple((str(a), str(b)) for a, b in qualifiers),
            citation,
            text,
            str(origin),
            tuple(where(item) for item in also),
        )

    return fact
