"""Build stage: everything loading derives from the passages: sentences, facts, who
pronouns point to, and the two search indexes (passages and sentences).

Sentence splitting, stemming and fact extraction are the slow part of loading; over a
large folder the sources are shared out among worker processes. Each source is read
on its own, so the result is the same however they are shared out. What a worker
sends back is compact (``Piece``: rows of integers, term numbers, fact records), and
the pieces are joined as they arrive, so no process holds a Python object per
sentence. A long build tells whoever watches (``progress_reported_to``: the command
line's progress bar) how far it is.
"""

from __future__ import annotations

import contextlib
import os
import signal
from array import array
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from ..model import Citation, Passage
from .facts import read_source
from .index import postings
from .passages import split_passage
from .records import (
    Derived,
    EncodedFacts,
    FactKey,
    FactRecord,
    FactTable,
    Stored,
    derived_from,
    fact_key,
    fact_record,
)

__all__ = ["Derived", "FactKey", "derive", "fact_key", "stored_build"]

# Below this many passages the work is done in this process; above it, sources are
# shared out among worker processes (one per core, at most four).
PARALLEL_FROM = 4000

# How many pieces the sources are cut into per worker: a finer cut reports progress
# more often and evens out the workers' loads, at a small cost of sending more pieces.
PIECES_PER_WORKER = 8
SERIAL_REPORT_EVERY = 500  # passages, when the build runs in this process


class Progress(Protocol):
    """Told how far a build is (``step``), and when it is over (``end``)."""

    def step(self, stage: str, done: int, total: int) -> None:
        """``done`` of ``total`` units of ``stage`` are done."""

    def end(self) -> None:
        """The build is over (whether it finished or failed)."""


class _Watching:
    """Who watches builds, and how many builds are under way (nested ones count once)."""

    watchers: list[Progress] = []
    depth = 0


@contextlib.contextmanager
def progress_reported_to(progress: Progress) -> Iterator[None]:
    """Report the progress of every build started inside the block to ``progress``."""
    _Watching.watchers.append(progress)
    try:
        yield
    finally:
        _Watching.watchers.remove(progress)


@contextlib.contextmanager
def building() -> Iterator[None]:
    """A build under way: when the outermost one ends, the watchers are told."""
    _Watching.depth += 1
    try:
        yield
    finally:
        _Watching.depth -= 1
        if not _Watching.depth:
            for watcher in _Watching.watchers:
                watcher.end()


def report(stage: str, done: int, total: int) -> None:
    """Tell the watchers how far the build is."""
    for watcher in _Watching.watchers:
        watcher.step(stage, done, total)


def derive(passages: Sequence[Passage]) -> Derived:
    """Compute the derived data (the slow part of loading)."""
    return derived_from(stored_build(passages), passages)


def stored_build(passages: Sequence[Passage]) -> Stored:
    """Compute the derived data in the compact form the cache keeps."""
    with building():
        joined = _Joined(len(passages))
        for piece in _read_all(_by_source(passages), len(passages)):
            joined.add(piece)
        report("indexing", 0, 1)
        stored = joined.stored()
        report("indexing", 1, 1)
    return stored


@dataclass(frozen=True)
class Piece:
    """What is read out of a run of whole sources: sentence rows (passage position,
    number in it, start, end), every sentence's terms as numbers in the piece's own
    vocabulary (``terms``, ``term_counts`` per sentence), and the facts as encoded
    records pointing to the piece's sentences by number (counted from its first)."""

    rows: np.ndarray
    vocabulary: list[str]
    terms: np.ndarray
    term_counts: np.ndarray
    facts: EncodedFacts
    referents: dict[str, str]
    person_words: list[str]


_READING = "reading sentences and facts"
Group = list[tuple[int, Passage]]  # the passages of one source, with their positions


def _read_all(groups: list[Group], total: int) -> Iterator[Piece]:
    """The pieces of every source, in reading order, from worker processes when there
    are many (contiguous runs of sources, so joining keeps the order)."""
    workers = min(4, os.cpu_count() or 1, len(groups))
    if total < PARALLEL_FROM or workers <= 1:
        yield from _read_here(groups, total)
        return
    share = -(-len(groups) // (workers * PIECES_PER_WORKER))
    runs = [groups[i : i + share] for i in range(0, len(groups), share)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
        for run, piece in zip(runs, pool.map(read_piece, runs), strict=True):
            done += sum(len(group) for group in run)
            report(_READING, done, total)
            yield piece


def _read_here(groups: list[Group], total: int) -> Iterator[Piece]:
    done = reported = 0
    for group in groups:
        yield read_piece([group])
        done += len(group)
        if done - reported >= SERIAL_REPORT_EVERY:
            report(_READING, done, total)
            reported = done


def read_piece(groups: list[Group]) -> Piece:
    """The sentences and facts of whole sources, in compact form (a worker's task)."""
    vocabulary: dict[str, int] = {}
    terms, counts, rows = array("i"), array("i"), array("i")
    facts: list[FactRecord] = []
    referents: dict[str, str] = {}
    person_words: set[str] = set()
    number: dict[tuple[str, str], int] = {}  # (passage id, sentence text): the sentence's number

    def numbered(citation: Citation, text: str) -> int | None:
        return number.get((f"{citation.source_id}#{citation.paragraph}", text))

    for group in groups:
        position = {p.id: n for n, p in group}
        passages = [p for _, p in group]
        sentences = [s for p in passages for s in split_passage(p)]
        read = read_source(passages, sentences)
        for sentence in sentences:
            number[sentence.passage_id, sentence.text] = len(counts)
            rows.extend(
                (position[sentence.passage_id], sentence.index, sentence.start, sentence.end)
            )
            counts.append(len(sentence.terms))
            terms.extend(vocabulary.setdefault(t, len(vocabulary)) for t in sentence.terms)
        facts.extend(fact_record(f, numbered) for f in read.facts)
        referents.update(read.referents)
        person_words.update(read.person_words)
    return Piece(
        np.frombuffer(rows, dtype=np.int32).reshape(-1, 4),
        list(vocabulary),
        np.frombuffer(terms, dtype=np.int32),
        np.frombuffer(counts, dtype=np.int32),
        EncodedFacts.of(facts),
        referents,
        sorted(person_words),
    )


class _Joined:
    """Pieces joined in reading order into one vocabulary, one sentence table and one
    list of facts; then indexed."""

    def __init__(self, passages: int):
        self.passages = passages
        self.vocabulary: dict[str, int] = {}
        self.terms: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.facts: list[EncodedFacts] = []
        self.referents: dict[str, str] = {}
        self.person_words: set[str] = set()
        self.sentences = 0

    def add(self, piece: Piece) -> None:
        """Join one more piece (the next in reading order)."""
        setdefault = self.vocabulary.setdefault
        mapping = np.fromiter(
            (setdefault(t, len(self.vocabulary)) for t in piece.vocabulary),
            dtype=np.int32,
            count=len(piece.vocabulary),
        )
        self.terms.append(mapping[piece.terms])
        self.counts.append(piece.term_counts)
        self.rows.append(piece.rows)
        self.facts.append(replace(piece.facts, base=self.sentences))
        self.referents.update(piece.referents)
        self.person_words.update(piece.person_words)
        self.sentences += len(piece.rows)

    def stored(self) -> Stored:
        """Everything joined, with the postings of both indexes."""
        terms = _joined(self.terms, np.int32)
        counts = _joined(self.counts, np.int32).astype(np.int64)
        rows = _joined(self.rows, np.int32).reshape(-1, 4)
        vocabulary = list(self.vocabulary)
        sentence_docs = np.repeat(np.arange(len(rows), dtype=np.int32), counts)
        arrays = _named("sentence_", postings(terms, sentence_docs, counts, vocabulary).as_dict())
        del sentence_docs
        passage_of = rows[:, 0]
        passage_lengths = np.bincount(passage_of, weights=counts, minlength=self.passages)
        passage_docs = np.repeat(passage_of, counts)
        index = postings(terms, passage_docs, passage_lengths, vocabulary)
        arrays.update(_named("passage_", index.as_dict()))
        arrays["sentences"] = rows
        arrays.update(FactTable.arrays(self.facts))
        record: dict[str, Any] = {
            "referents": self.referents,
            "person_words": sorted(self.person_words),
            "vocabulary": vocabulary,
        }
        return Stored(record, arrays)


def _joined(parts: list[np.ndarray], dtype: type[np.generic]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _named(prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {prefix + name: array for name, array in arrays.items()}


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool and exits 130);
    a worker that heard it too would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _by_source(passages: Sequence[Passage]) -> list[Group]:
    groups: dict[str, Group] = {}
    for position, passage in enumerate(passages):
        groups.setdefault(passage.source_id, []).append((position, passage))
    return list(groups.values())
