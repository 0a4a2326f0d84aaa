"""Records: the derived data of a knowledge base in compact form, as the build hands it
over and the cache keeps it, and the ``Derived`` view made from it.

Sentences are rows of four integers (their passage's position, their number in it, and
their offsets in its text); the two indexes are arrays of postings over one shared
vocabulary; facts are short JSON records, one after another in a byte array
(``FactTable``), that point to their sentence by number. Nothing here holds a Python
object per sentence or per fact: a ``Sentence`` or a ``Fact`` is made the first time
it is read (``LazyList``), so a large knowledge base costs what its arrays cost. A
fact record is checked when it is read (``check_fact_record``): a load reads none.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NoReturn, TypeVar

import numpy as np

from ..language.tokens import terms
from ..model import FACT_KINDS, Citation, Fact, Passage, Sentence
from .index import SearchIndex
from .made_when_read import MadeWhenRead

T = TypeVar("T")
FactKey = tuple[str, str, str]  # (kind, subject, unit): enough to index a fact by its words
FactRecord = list[Any]  # [kind, subject, value, number, qualifiers, where, origin, [where...]]
# ``where`` is a sentence's number (counted from the fact's ``base``), or
# [source id, title, paragraph, line, sentence text]
OTHER_KIND = 255  # the kind code of a fact whose kind is not in FACT_KINDS


class LazyList(MadeWhenRead[T]):
    """A read-only sequence built from stored records: an item is made the first time
    it is read, so a start over a large knowledge base makes only what it uses."""

    def __init__(self, records: Sequence[Any] | np.ndarray, build: Callable[[Any], T]):
        self._records = records
        self._build = build

    def __len__(self) -> int:
        return len(self._records)

    def make(self, index: int) -> T:
        """The item of record ``index``."""
        return self._build(self._records[index])


@dataclass(frozen=True)
class Derived:
    """What loading computes from the passages: sentences (with the position of each
    one's passage), facts (and their keys, readable without making the facts), who
    pronouns point to, the words that end people's names, and the two indexes."""

    sentences: Sequence[Sentence]
    sentence_passage: np.ndarray
    facts: Sequence[Fact]
    fact_keys: Sequence[FactKey]
    referents: Referents
    person_words: frozenset[str]
    passage_index: SearchIndex
    sentence_index: SearchIndex
    # a stored sentence's terms by its position (None: the sentences carry their own)
    terms_of: Callable[[int], tuple[str, ...]] | None = None


class Referents:
    """Who "he" or "she" most likely means in each sentence (by number, in reading
    order) and in each paragraph whose quotes a pronoun attributes (by passage
    position): a position in ``names`` for each, -1 for no one. Arrays, as the cache
    keeps them: about one sentence in six of the bench's has a referent, 75,514 of
    them at 100,000 passages, too many to keep as a dict of strings."""

    __hash__ = None  # type: ignore[assignment]  # equal by content, and mutable arrays

    def __init__(self, names: Sequence[str], in_sentences: np.ndarray, in_passages: np.ndarray):
        self.names, self.in_sentences, self.in_passages = names, in_sentences, in_passages

    def in_sentence(self, number: int) -> str | None:
        """Who the pronouns of sentence ``number`` most likely mean, if anyone."""
        return self._name(self.in_sentences, number)

    def in_passage(self, position: int) -> str | None:
        """Who the pronoun quoting someone in a paragraph most likely means, if anyone."""
        return self._name(self.in_passages, position)

    def _name(self, numbers: np.ndarray, at: int) -> str | None:
        if not 0 <= at < len(numbers):
            return None
        name = int(numbers[at])
        return self.names[name] if 0 <= name < len(self.names) else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Referents):
            return NotImplemented
        return self.resolved() == other.resolved()

    def resolved(self) -> tuple[list[str | None], list[str | None]]:
        """Every sentence's referent and every passage's, None for no one."""
        return (
            [self.in_sentence(n) for n in range(len(self.in_sentences))],
            [self.in_passage(n) for n in range(len(self.in_passages))],
        )


@dataclass(frozen=True)
class Stored:
    """The derived data as records and arrays: ``record`` is JSON-ready (the names
    referents point to, person words, the vocabulary); ``arrays`` hold the sentence
    rows (``sentences``), both indexes' postings (``passage_*``, ``sentence_*``), the
    referents (``*_referents``, see ``Referents``) and the facts (``fact_*``, see
    ``FactTable``)."""

    record: dict[str, Any]
    arrays: dict[str, np.ndarray]


class FactTable:
    """Fact records in arrays: each record's JSON in one byte array (``fact_bytes``,
    record n from ``fact_offsets[n]`` to ``fact_offsets[n + 1]``), the number its
    sentence numbers count from (``fact_base``), and its kind as a code
    (``fact_kinds``, a position in ``FACT_KINDS``), readable without parsing."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        """The table held in ``arrays``."""
        self.bytes = arrays["fact_bytes"]
        self.offsets = arrays["fact_offsets"]
        self.base = arrays["fact_base"]
        self.kinds = arrays["fact_kinds"]
        self.terms = arrays["fact_terms"]
        self.term_offsets = arrays["fact_term_offsets"]
        sizes = {len(self.offsets), len(self.base) + 1, len(self.kinds) + 1, len(self.term_offsets)}
        if len(sizes) != 1:
            raise ValueError("the fact table does not fit together")

    def __len__(self) -> int:
        return len(self.base)

    def record(self, n: int) -> FactRecord:
        """Fact record ``n``, its sentence numbers counted from 0."""
        start, end = int(self.offsets[n]), int(self.offsets[n + 1])
        record = json.loads(self.bytes[start:end].tobytes())
        if not isinstance(record, list) or len(record) != 8:
            raise ValueError("a fact record has the wrong shape")
        return renumber(record, int(self.base[n]))

    @staticmethod
    def arrays(pieces: Sequence[tuple[EncodedFacts, int]]) -> dict[str, np.ndarray]:
        """The arrays of a table made of runs of encoded facts, in order, each with the
        number of the first sentence of its piece."""
        bases = [p.bases + first for p, first in pieces]
        return {
            "fact_bytes": np.frombuffer(b"".join(p.bytes for p, _ in pieces), dtype=np.uint8),
            "fact_offsets": _offsets([p.lengths for p, _ in pieces]),
            "fact_base": np.concatenate(bases or [np.zeros(0, np.int64)]),
            "fact_kinds": np.concatenate([p.kinds for p, _ in pieces] or [np.zeros(0, np.uint8)]),
            "fact_terms": np.frombuffer(b"".join(p.terms for p, _ in pieces), dtype=np.uint8),
            "fact_term_offsets": _offsets([p.term_lengths for p, _ in pieces]),
        }

    def run(self, first: int, end: int, first_sentence: int) -> EncodedFacts:
        """Facts ``first`` to ``end`` as encoded facts of a piece whose first sentence
        is ``first_sentence``."""
        start, stop = int(self.offsets[first]), int(self.offsets[end])
        terms_start, terms_stop = int(self.term_offsets[first]), int(self.term_offsets[end])
        return EncodedFacts(
            self.bytes[start:stop].tobytes(),
            np.diff(self.offsets[first : end + 1]),
            self.kinds[first:end].copy(),
            self.base[first:end] - first_sentence,
            self.terms[terms_start:terms_stop].tobytes(),
            np.diff(self.term_offsets[first : end + 1]),
        )

    def figures_by_term(self) -> dict[str, list[int]]:
        """The facts holding figures by the terms of their subject and unit (what
        ``figures_by_term`` makes from the keys), from the terms stored beside them."""
        lines = self.terms.tobytes().decode("utf-8").split("\n")
        if len(lines) != len(self) + 1:
            raise ValueError("the fact table does not fit together")
        found: dict[str, list[int]] = {}
        for position in np.flatnonzero(np.isin(self.kinds, _FIGURE_CODES)).tolist():
            for term in lines[position].split():
                found.setdefault(term, []).append(position)
        return found


def _offsets(lengths: Sequence[np.ndarray]) -> np.ndarray:
    """Where each of a run of records starts (and the last ends), from their lengths."""
    joined = np.concatenate(list(lengths) or [np.zeros(0, np.int64)])
    offsets = np.zeros(len(joined) + 1, dtype=np.int64)
    np.cumsum(joined, out=offsets[1:])
    return offsets


class FactTableJoin:
    """Runs of encoded facts joined as they come: their bytes go into one growing
    buffer each (so a large build never holds its fact table twice), the rest is
    kept per run."""

    def __init__(self) -> None:
        """An empty table."""
        self.bytes = bytearray()
        self.terms = bytearray()
        self.runs: list[tuple[EncodedFacts, int]] = []

    def add(self, facts: EncodedFacts, first_sentence: int) -> None:
        """Join a run of facts whose piece starts at sentence ``first_sentence``."""
        self.bytes += facts.bytes
        self.terms += facts.terms
        self.runs.append((replace(facts, bytes=b"", terms=b""), first_sentence))

    def arrays(self) -> dict[str, np.ndarray]:
        """The table's arrays (see ``FactTable``); the buffers are not to grow after."""
        arrays = FactTable.arrays(self.runs)
        arrays["fact_bytes"] = np.frombuffer(self.bytes, dtype=np.uint8)
        arrays["fact_terms"] = np.frombuffer(self.terms, dtype=np.uint8)
        return arrays


@dataclass(frozen=True)
class EncodedFacts:
    """A run of fact records as JSON, one after another, with each one's length and
    kind code, and the number its sentence numbers count from (``bases``, counted from
    the first sentence of the piece the run belongs to); and for each a line of the
    search terms of its subject and unit when it holds a figure (``terms``, an empty
    line for other facts), so that a load finds the figures about a word unparsed."""

    bytes: bytes
    lengths: np.ndarray
    kinds: np.ndarray
    bases: np.ndarray
    terms: builtins.bytes  # (the field above hides the type's name)
    term_lengths: np.ndarray

    @classmethod
    def of(cls, records: Sequence[FactRecord]) -> EncodedFacts:
        """Records encoded (their sentence numbers counted from the piece's first)."""
        encoded = [encode(r) for r in records]
        kinds = [FACT_KINDS.index(r[0]) if r[0] in FACT_KINDS else OTHER_KIND for r in records]
        lines = [_figure_terms_line(r) for r in records]
        return cls(
            b"".join(encoded),
            np.array([len(e) for e in encoded], dtype=np.int64),
            np.array(kinds, dtype=np.uint8),
            np.zeros(len(encoded), dtype=np.int64),
            b"".join(lines),
            np.array([len(line) for line in lines], dtype=np.int64),
        )


FIGURE_KINDS = ("quantity", "change", "threshold")
_FIGURE_CODES = [FACT_KINDS.index(kind) for kind in FIGURE_KINDS if kind in FACT_KINDS]


def key_terms(key: FactKey) -> set[str]:
    """The search terms of a fact's subject and unit (what finds it by word)."""
    _, subject, unit = key
    return set(terms(f"{subject} {unit}"))


def _figure_terms_line(record: FactRecord) -> bytes:
    if record[0] not in FIGURE_KINDS:
        return b"\n"
    return (" ".join(sorted(key_terms(record_key(record)))) + "\n").encode("utf-8")


def figures_by_term(keys: Sequence[FactKey]) -> dict[str, list[int]]:
    """The positions of the facts holding figures (quantities, changes, thresholds),
    by each term of their subject or unit, in reading order: from the stored terms
    when the keys are a stored table's, else made from the keys."""
    if isinstance(keys, FactKeys):
        return keys.figures_by_term()
    found: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key[0] in FIGURE_KINDS:
            for term in key_terms(key):
                found.setdefault(term, []).append(position)
    return found


def encode(record: FactRecord) -> bytes:
    """A fact record as compact JSON."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FactKeys(LazyList[FactKey]):
    """The keys of a fact table, each parsed when read; ``kinds`` needs no parsing."""

    def __init__(self, table: FactTable, record: Callable[[int], FactRecord] | None = None):
        """The keys of ``table``'s facts (each record read by ``record``, by default
        the table's own)."""
        read = record or table.record
        super().__init__(range(len(table)), lambda n: record_key(read(n)))
        self.kind_codes = table.kinds  # positions in FACT_KINDS
        self.figures_by_term = table.figures_by_term


def positions_of_kind(keys: Sequence[FactKey], kind: str) -> list[int]:
    """The positions of the facts of one kind, without parsing a stored table's records."""
    if isinstance(keys, FactKeys):
        if kind not in FACT_KINDS:
            return []
        return [int(n) for n in np.flatnonzero(keys.kind_codes == FACT_KINDS.index(kind))]
    return [n for n, key in enumerate(keys) if key[0] == kind]


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


def derived_from(
    stored: Stored,
    passages: Sequence[Passage],
    damaged: Callable[[ValueError], NoReturn] | None = None,
) -> Derived:
    """The ``Derived`` view of stored data: sentences and facts made when read, each
    fact record checked then (``damaged`` is told of one that fails; by default the
    ValueError is raised)."""
    rows = stored.arrays["sentences"]
    sentences = stored_sentences(rows, passages)
    table = FactTable(stored.arrays)
    vocabulary = [str(t) for t in stored.record["vocabulary"]]
    passage_index, sentence_index = (
        SearchIndex.from_arrays(prefixed(stored.arrays, prefix), vocabulary)
        for prefix in ("passage_", "sentence_")
    )
    make = fact_maker(sentences, lambda n: passages[int(rows[n, 0])])
    terms_of = _stored_terms(stored.arrays, vocabulary)

    def record(n: int) -> FactRecord:
        found = table.record(n)
        check_fact_record(found, int(table.kinds[n]), sentences)
        return found

    def guarded(read: Callable[[int], T]) -> Callable[[int], T]:
        def read_checked(n: int) -> T:
            try:
                return read(n)
            except (ValueError, TypeError, IndexError, KeyError) as problem:
                if damaged is None:
                    raise ValueError(f"a fact record is damaged ({problem})") from problem
                damaged(ValueError(str(problem)))

        return read_checked

    return Derived(
        sentences,
        rows[:, 0].astype(np.int64),
        LazyList(range(len(table)), guarded(lambda n: make(record(n)))),
        FactKeys(table, guarded(record)),
        Referents(
            [str(name) for name in stored.record["referent_names"]],
            stored.arrays["sentence_referents"],
            stored.arrays["passage_referents"],
        ),
        frozenset(map(str, stored.record["person_words"])),
        passage_index,
        sentence_index,
        terms_of,
    )


def _stored_terms(
    arrays: dict[str, np.ndarray], vocabulary: Sequence[str]
) -> Callable[[int], tuple[str, ...]] | None:
    """A sentence's terms read back from the build's own (``sentence_terms``, one
    sentence after another, ``sentence_lengths`` long each): a retrieved sentence needs
    its terms, and tokenising it again cost half an answer's time in a large folder."""
    ids, lengths = arrays.get("sentence_terms"), arrays.get("sentence_lengths")
    if ids is None or lengths is None or int(lengths.sum()) != len(ids):
        return None
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths.astype(np.int64), out=starts[1:])

    def terms_of(position: int) -> tuple[str, ...]:
        return tuple(vocabulary[int(n)] for n in ids[starts[position] : starts[position + 1]])

    return terms_of


def check_fact_record(record: FactRecord, kind_code: int, sentences: Sequence[Sentence]) -> None:
    """Raise ValueError unless a fact record fits the knowledge: its kind is the one
    its table gives, it points to sentences, and every figure it holds stands in the
    sentences it cites (a stored "86" for a text that says "80" is damage, not
    knowledge)."""
    kind = record[0] if record[0] in FACT_KINDS else ""
    if kind != (FACT_KINDS[kind_code] if kind_code < len(FACT_KINDS) else ""):
        raise ValueError("a fact's kind does not match its record")
    places = (record[5], *record[7]) if isinstance(record[7], list) else (None,)
    for place in places:
        if isinstance(place, bool) or not isinstance(place, (int, list)):
            raise ValueError("a fact points to no sentence")
        if isinstance(place, int) and not 0 <= place < len(sentences):
            raise ValueError("a fact points to no sentence")
    if kind not in ("quantity", "change", "threshold"):
        return
    cited = " ".join(
        sentences[place].text if isinstance(place, int) else str(place[-1]) for place in places
    )
    for figure in _FIGURE_RE.findall(str(record[2])):
        if figure not in cited:
            raise ValueError("a stored figure does not stand in the sentence it cites")


_FIGURE_RE = re.compile(r"\d[\d,.]*\d|\d")


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
    sentences: Sequence[Sentence], passage_of: Callable[[int], Passage]
) -> Callable[[FactRecord], Fact]:
    """Makes a fact from its record, citing its sentences (``passage_of`` gives a
    sentence's passage by the sentence's number)."""

    def where(stored: Any) -> tuple[Citation, str]:
        if isinstance(stored, int):
            return passage_of(stored).citation, sentences[stored].text
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
