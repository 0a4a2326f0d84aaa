"""Build stage: everything loading derives from the passages: sentences, facts, who
pronouns point to, and the two search indexes (passages and sentences).

Sentence splitting, stemming and fact extraction are the slow part of loading; over a
large folder the sources are shared out among worker processes. Each source is read
on its own, so the result is the same however they are shared out. A long build tells
whoever watches (``progress_reported_to``: the command line's progress bar) how far it is.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..model import Fact, Passage, Sentence
from .facts import SourceFacts, read_source
from .index import SearchIndex
from .passages import split_passage

# Below this many passages the work is done in this process; above it, sources are
# shared out among worker processes (one per core, at most four).
PARALLEL_FROM = 4000

# How many pieces the sources are cut into per worker: a finer cut reports progress
# more often and evens out the workers' loads, at a small cost of sending more pieces.
PIECES_PER_WORKER = 8
SERIAL_REPORT_EVERY = 500  # passages, when the build runs in this process

FactKey = tuple[str, str, str]  # (kind, subject, unit): enough to index a fact by its words


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


def fact_key(fact: Fact) -> FactKey:
    """The kind, subject and unit of a fact."""
    return fact.kind, fact.subject, fact.qualifier("unit") or ""


def derive(passages: Sequence[Passage]) -> Derived:
    """Compute the derived data (the slow part of loading)."""
    with building():
        parts = _read_all(_by_source(passages), len(passages))
        report("indexing", 0, 1)
        sentences = [s for part_sentences, _ in parts for s in part_sentences]
        facts = [f for _, read in parts for f in read.facts]
        referents = {k: v for _, read in parts for k, v in read.referents.items()}
        person_words = frozenset(w for _, read in parts for w in read.person_words)
        passage_index, sentence_index = _indexes(passages, sentences)
        position = {p.id: n for n, p in enumerate(passages)}
        sentence_passage = np.fromiter(
            (position[s.passage_id] for s in sentences), dtype=np.int64, count=len(sentences)
        )
        report("indexing", 1, 1)
    return Derived(
        sentences,
        sentence_passage,
        facts,
        [fact_key(f) for f in facts],
        referents,
        person_words,
        passage_index,
        sentence_index,
    )


_READING = "reading sentences and facts"


def _read_all(groups: list[list[Passage]], total: int) -> list[tuple[list[Sentence], SourceFacts]]:
    """The sentences and facts of every source, in reading order, in worker processes
    when there are many (contiguous runs of sources, so joining keeps the order)."""
    workers = min(4, os.cpu_count() or 1, len(groups))
    if total < PARALLEL_FROM or workers <= 1:
        return _read_here(groups, total)
    share = -(-len(groups) // (workers * PIECES_PER_WORKER))
    pieces = [groups[i : i + share] for i in range(0, len(groups), share)]
    parts: list[tuple[list[Sentence], SourceFacts]] = []
    done = 0
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
        for piece, read in zip(pieces, pool.map(_read_sources, pieces), strict=True):
            parts.extend(read)
            done += sum(len(group) for group in piece)
            report(_READING, done, total)
    return parts


def _read_here(groups: list[list[Passage]], total: int) -> list[tuple[list[Sentence], SourceFacts]]:
    parts = []
    done = reported = 0
    for group in groups:
        parts.extend(_read_sources([group]))
        done += len(group)
        if done - reported >= SERIAL_REPORT_EVERY:
            report(_READING, done, total)
            reported = done
    return parts


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool and exits 130);
    a worker that heard it too would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _indexes(
    passages: Sequence[Passage], sentences: Sequence[Sentence]
) -> tuple[SearchIndex, SearchIndex]:
    by_passage: dict[str, list[str]] = {p.id: [] for p in passages}
    for sentence in sentences:
        by_passage[sentence.passage_id].extend(sentence.terms)
    passage_index = SearchIndex.build([by_passage[p.id] for p in passages])
    return passage_index, SearchIndex.build([s.terms for s in sentences])


def _by_source(passages: Sequence[Passage]) -> list[list[Passage]]:
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.source_id, []).append(passage)
    return list(groups.values())


def _read_sources(groups: list[list[Passage]]) -> list[tuple[list[Sentence], SourceFacts]]:
    """The sentences and facts of whole sources (a worker's share)."""
    parts = []
    for passages in groups:
        sentences = [s for p in passages for s in split_passage(p)]
        parts.append((sentences, read_source(passages, sentences)))
    return parts
