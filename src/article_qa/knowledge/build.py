"""Build stage: everything loading derives from the passages: sentences, facts, who
pronouns point to, and the two search indexes (passages and sentences).

Sentence splitting, stemming and fact extraction are the slow part of loading; over a
large folder the sources are shared out among worker processes. Each source is read
on its own, so the result is the same however they are shared out.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..model import Fact, Passage, Sentence
from .facts import SourceFacts, read_source
from .index import SearchIndex
from .passages import split_passage

# Below this many passages the work is done in this process; above it, sources are
# shared out among worker processes (one per core, at most four).
PARALLEL_FROM = 4000

FactKey = tuple[str, str, str]  # (kind, subject, unit): enough to index a fact by its words


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
    groups = _by_source(passages)
    workers = min(4, os.cpu_count() or 1, len(groups))
    if len(passages) >= PARALLEL_FROM and workers > 1:
        # contiguous runs of sources, so that joining the parts keeps reading order
        share = -(-len(groups) // workers)
        chunks = [groups[i : i + share] for i in range(0, len(groups), share)]
        with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
            parts = [part for chunk in pool.map(_read_sources, chunks) for part in chunk]
    else:
        parts = _read_sources(groups)
    sentences = [s for part_sentences, _ in parts for s in part_sentences]
    facts = [f for _, read in parts for f in read.facts]
    referents = {k: v for _, read in parts for k, v in read.referents.items()}
    person_words = frozenset(w for _, read in parts for w in read.person_words)
    passage_index, sentence_index = _indexes(passages, sentences)
    position = {p.id: n for n, p in enumerate(passages)}
    sentence_passage = np.fromiter(
        (position[s.passage_id] for s in sentences), dtype=np.int64, count=len(sentences)
    )
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
