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
import hashlib
import os
import signal
from array import array
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..model import Citation, Passage
from .facts import read_source
from .index import grouped_postings
from .passages import PassageList, split_passage, text_lengths
from .records import (
    Derived,
    EncodedFacts,
    FactKey,
    FactRecord,
    FactTable,
    FactTableJoin,
    Stored,
    derived_from,
    fact_key,
    fact_record,
)

if TYPE_CHECKING:  # a load from the cache never imports the worker pool's modules
    from concurrent.futures import Executor, Future

__all__ = ["Derived", "FactKey", "derive", "fact_key", "stored_build"]

# Below this many passages the work is done in this process; above it, sources are
# shared out among worker processes (one per core, at most four).
PARALLEL_FROM = 4000

# How many pieces the sources are cut into per worker: a finer cut reports progress
# more often and evens out the workers' loads, at a small cost of sending more pieces.
PIECES_PER_WORKER = 8
# How many tasks each worker may have sent to it and not yet taken back: enough to keep
# it busy, few enough that the passages made for tasks are a small part of the folder.
TASKS_AHEAD_PER_WORKER = 2
# The most passages one worker's task holds: what a worker holds at once is one task's
# sentences and facts, so a bound here bounds its memory at any size of folder.
MOST_PASSAGES_PER_TASK = 2500
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


def stored_build(
    passages: Sequence[Passage], previous: Stored | None = None, unchanged: Collection[str] = ()
) -> Stored:
    """Compute the derived data in the compact form the cache keeps. Sources whose
    passages are as they were in ``previous`` (an earlier build of the same folder by
    the same engine) are taken from it; only the others are read. The sources named
    in ``unchanged`` are known to be as ``previous`` read them (kept with it in the
    cache, their files untouched since): they are taken without a look at their text."""
    with building():
        joined = _Joined(len(passages))
        for piece in _pieces(passages, previous, frozenset(unchanged)):
            joined.add(piece)
        report("indexing", 0, 1)
        stored = joined.stored()
        report("indexing", 1, 1)
    return stored


@dataclass(frozen=True)
class Span:
    """One source's passages: its id, where its first passage stands, how many."""

    source_id: str
    first: int
    size: int


def _pieces(
    passages: Sequence[Passage], previous: Stored | None, unchanged: frozenset[str]
) -> Iterator[Piece]:
    """The pieces of every source in reading order: runs of sources unchanged since
    ``previous`` taken from it, the others read."""
    spans = source_spans(passages)
    earlier = _Earlier(previous, passages, unchanged) if previous is not None else None
    fresh = [s for s in spans if earlier is None or not earlier.has(s)]
    total, done = sum(s.size for s in fresh), 0
    for reused, run in _runs(spans, earlier):
        if reused and earlier is not None:
            yield earlier.piece(run)
        else:
            yield from _read_all(run, passages, total, done)
            done += sum(s.size for s in run)


def _runs(spans: list[Span], earlier: _Earlier | None) -> Iterator[tuple[bool, list[Span]]]:
    """Maximal runs of sources that are all read, or all reused and in the order the
    earlier build had them (so that each run is one stretch of its arrays)."""
    run: list[Span] = []
    reused = False
    for span in spans:
        this = earlier is not None and earlier.has(span)
        follows = this and reused and earlier is not None and earlier.follows(run[-1], span)
        if run and (this != reused or (this and not follows)):
            yield reused, run
            run = []
        run.append(span)
        reused = this
    if run:
        yield reused, run


def source_spans(passages: Sequence[Passage]) -> list[Span]:
    """Each source's stretch of passages, in order (a ``PassageList`` knows them
    without making its passages)."""
    if isinstance(passages, PassageList):
        return [Span(*found) for found in passages.source_spans()]
    spans: list[Span] = []
    for position, passage in enumerate(passages):
        if spans and spans[-1].source_id == passage.source_id:
            last = spans[-1]
            spans[-1] = Span(last.source_id, last.first, last.size + 1)
        else:
            spans.append(Span(passage.source_id, position, 1))
    if len({s.source_id for s in spans}) != len(spans):
        raise ValueError("a source's passages do not stand together")
    return spans


Group = list[tuple[int, Passage]]  # the passages of one source, with their positions


def _group(span: Span, passages: Sequence[Passage]) -> Group:
    # a PassageList's passages are made for the build without being kept by the list:
    # a cold build of a million passages would otherwise hold them all to the end
    make = passages.make if isinstance(passages, PassageList) else passages.__getitem__
    return [(n, make(n)) for n in range(span.first, span.first + span.size)]


def passages_digest(group: Group) -> str:
    """A hash of one source's passages as the build reads them (ids, titles, numbers,
    lines and text): equal hashes, equal derived data."""
    digest = hashlib.sha256()
    for _, p in group:
        fields = (p.id, p.source_title, str(p.paragraph), str(p.line), p.text)
        digest.update("\0".join(fields).encode("utf-8", "surrogatepass") + b"\1")
    return digest.hexdigest()


@dataclass(frozen=True)
class Piece:
    """What is read out of a run of whole sources: sentence rows (passage position,
    number in it, start, end), every sentence's terms as numbers in the piece's own
    vocabulary (``terms``, ``term_counts`` per sentence), the facts as encoded
    records pointing to the piece's sentences by number (counted from its first), and
    who pronouns mean in each sentence and passage (numbers in ``names``, -1 for no
    one)."""

    rows: np.ndarray
    vocabulary: list[str]
    terms: np.ndarray
    term_counts: np.ndarray
    facts: EncodedFacts
    names: list[str]
    sentence_referents: np.ndarray
    passage_referents: np.ndarray
    sources: list[list[Any]]  # [id, passages digest, passages, sentences, facts, person words]


_READING = "reading sentences and facts"


def _read_all(
    spans: list[Span], passages: Sequence[Passage], total: int, done: int = 0
) -> Iterator[Piece]:
    """The pieces of these sources, in reading order, from worker processes when there
    are many (contiguous runs of sources, so joining keeps the order)."""
    workers = _workers(len(spans))
    size = sum(s.size for s in spans)
    if size < PARALLEL_FROM or workers <= 1:
        yield from _read_here(spans, passages, total, done)
        return
    runs = _cut(spans, min(MOST_PASSAGES_PER_TASK, -(-size // (workers * PIECES_PER_WORKER))))
    # imported here: a load from the cache (and an answer) never starts a worker
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # workers start as new interpreters, not forks of this process: a fork's RSS counts
    # every page of this one it inherits (the passages, the pieces joined so far)
    context = multiprocessing.get_context("spawn")
    joined = 0
    pool = ProcessPoolExecutor(workers, context, initializer=_ignore_interrupts)
    try:
        tasks = (_Task([_group(span, passages) for span in run]) for run in runs)
        pieces = _in_order(pool, tasks, TASKS_AHEAD_PER_WORKER * workers)
        for run, piece in zip(runs, pieces, strict=True):
            done += sum(span.size for span in run)
            joined += 1
            report(_READING, done, total)
            yield piece
    except BrokenProcessPool:
        # a worker could not start (a script that loads knowledge when imported, not
        # under ``if __name__ == "__main__"``): the rest is read here, with the same result
        rest = [span for run in runs[joined:] for span in run]
        yield from _read_here(rest, passages, total, done)
    finally:
        # stopped early (Ctrl-C, SIGTERM, an error): the tasks not yet started are
        # dropped, not run to the end
        pool.shutdown(wait=True, cancel_futures=True)


def _workers(sources: int) -> int:
    """How many worker processes read this many sources: one per core, at most four."""
    return min(4, os.cpu_count() or 1, sources)


def _in_order(pool: Executor, tasks: Iterator[_Task], ahead: int) -> Iterator[Piece]:
    """Each task's piece, in order, with at most ``ahead`` tasks sent and not yet
    taken: a task's passages are made only when it is sent (``Executor.map`` would
    send them all at once, and the sent tasks hold every passage of the folder)."""
    sent: deque[Future[Piece]] = deque()
    for task in tasks:
        sent.append(pool.submit(_read_task, task))
        if len(sent) >= ahead:
            yield sent.popleft().result()
    while sent:
        yield sent.popleft().result()


class _Task:
    """A worker's run of whole sources. Pickled, it sends each passage's text as UTF-8
    bytes made at that moment: CPython pickles a str that is not all ASCII through a
    UTF-8 copy it then keeps inside the string for as long as the string lives. A
    loaded folder's passages are made for the task and dropped with it, but sources
    given in memory (``Knowledge.from_sources``) hold their paragraphs to the end of
    the load (28.6 MB of such copies at 100,000 passages of the bench's text)."""

    def __init__(self, run: list[Group]):
        self.run = run

    def __reduce__(self) -> tuple[Any, ...]:
        encoded = [
            [
                (n, p.id, p.source_id, p.source_title, p.paragraph, p.line, _utf8(p.text))
                for n, p in group
            ]
            for group in self.run
        ]
        return _decoded_task, (encoded,)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # encode() makes a copy it does not keep


def _decoded_task(encoded: list[list[tuple[int, str, str, str, int, int, bytes]]]) -> _Task:
    return _Task(
        [
            [
                (n, Passage(passage_id, source_id, title, number, line, _text(raw)))
                for n, passage_id, source_id, title, number, line, raw in group
            ]
            for group in encoded
        ]
    )


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogatepass")


def _read_task(task: _Task) -> Piece:
    """The piece of a task (in a worker)."""
    return read_piece(task.run)


def _cut(spans: list[Span], most: int) -> list[list[Span]]:
    """Runs of whole sources in order, each of at most ``most`` passages (or one source)."""
    runs: list[list[Span]] = []
    size = 0
    for span in spans:
        if not runs or (size + span.size > most and runs[-1]):
            runs.append([])
            size = 0
        runs[-1].append(span)
        size += span.size
    return runs


def _read_here(
    spans: list[Span], passages: Sequence[Passage], total: int, done: int
) -> Iterator[Piece]:
    reported = done
    for span in spans:
        yield read_piece([_group(span, passages)])
        done += span.size
        if done - reported >= SERIAL_REPORT_EVERY:
            report(_READING, done, total)
            reported = done


def read_piece(groups: list[Group]) -> Piece:
    """The sentences and facts of whole sources, in compact form (a worker's task)."""
    vocabulary: dict[str, int] = {}
    terms, counts, rows = array("i"), array("i"), array("i")
    facts: list[FactRecord] = []
    names: dict[str, int] = {}
    in_sentences, in_passages = array("i"), array("i")
    read_sources: list[list[Any]] = []
    number: dict[tuple[str, str], int] = {}  # (passage id, sentence text): the sentence's number

    def numbered(citation: Citation, text: str) -> int | None:
        return number.get((f"{citation.source_id}#{citation.paragraph}", text))

    for group in groups:
        position = {p.id: n for n, p in group}
        passages = [p for _, p in group]
        sentences = [s for p in passages for s in split_passage(p)]
        read = read_source(passages, sentences)
        focus = read.in_focus
        in_passages.extend(_numbered(names, focus.in_passages.get(p.id)) for p in passages)
        for sentence in sentences:
            number[sentence.passage_id, sentence.text] = len(counts)
            rows.extend(
                (position[sentence.passage_id], sentence.index, sentence.start, sentence.end)
            )
            counts.append(len(sentence.terms))
            terms.extend(vocabulary.setdefault(t, len(vocabulary)) for t in sentence.terms)
            referent = focus.in_sentences.get((sentence.passage_id, sentence.index))
            in_sentences.append(_numbered(names, referent))
        facts.extend(fact_record(f, numbered) for f in read.facts)
        read_sources.append(
            [
                passages[0].source_id,
                passages_digest(group),
                len(passages),
                len(sentences),
                len(read.facts),
                sorted(focus.person_words),
            ]
        )
    return Piece(
        np.frombuffer(rows, dtype=np.int32).reshape(-1, 4),
        list(vocabulary),
        np.frombuffer(terms, dtype=np.int32),
        np.frombuffer(counts, dtype=np.int32),
        EncodedFacts.of(facts),
        list(names),
        np.frombuffer(in_sentences, dtype=np.int32),
        np.frombuffer(in_passages, dtype=np.int32),
        read_sources,
    )


def _numbered(names: dict[str, int], name: str | None) -> int:
    """The name's number in ``names`` (added when new), -1 for no name."""
    return -1 if name is None else names.setdefault(name, len(names))


class _Joined:
    """Pieces joined in reading order into one vocabulary, one sentence table and one
    list of facts; then indexed."""

    def __init__(self, passages: int):
        self.passages = passages
        self.vocabulary: dict[str, int] = {}
        self.terms: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.facts = FactTableJoin()
        self.names: dict[str, int] = {}
        self.referents: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
        self.sources: list[list[Any]] = []
        self.sentences = 0

    def add(self, piece: Piece) -> None:
        """Join one more piece (the next in reading order)."""
        self.terms.append(_renumbering(self.vocabulary, piece.vocabulary)[piece.terms])
        self.counts.append(piece.term_counts)
        self.rows.append(piece.rows)
        self.facts.add(piece.facts, self.sentences)
        names = _renumbering(self.names, piece.names)
        for joined, referents in zip(
            self.referents, (piece.sentence_referents, piece.passage_referents), strict=True
        ):
            known = referents >= 0
            renumbered = np.full(len(referents), -1, dtype=np.int32)
            renumbered[known] = names[referents[known]]
            joined.append(renumbered)
        self.sources.extend(piece.sources)
        self.sentences += len(piece.rows)

    def stored(self) -> Stored:
        """Everything joined, with the postings of both indexes."""
        terms = _joined(self.terms, np.int32)
        counts = _joined(self.counts, np.int32).astype(np.int64)
        rows = _joined(self.rows, np.int32).reshape(-1, 4)
        self.terms, self.counts, self.rows = [], [], []  # held once, joined
        vocabulary = list(self.vocabulary)
        # sentences stand in reading order, so each passage's are consecutive
        by_sentence, by_passage = grouped_postings(
            terms, counts, vocabulary, rows[:, 0], self.passages
        )
        arrays = _named("sentence_", by_sentence.as_dict())
        arrays.update(_named("passage_", by_passage.as_dict()))
        arrays["sentences"] = rows
        arrays["sentence_terms"] = terms  # what a later build reuses for unchanged sources
        arrays.update(self.facts.arrays())
        arrays["sentence_referents"], arrays["passage_referents"] = (
            _joined(parts, np.int32) for parts in self.referents
        )
        record: dict[str, Any] = {
            "referent_names": list(self.names),
            "person_words": sorted({w for source in self.sources for w in source[5]}),
            "vocabulary": vocabulary,
            "sources": self.sources,
        }
        return Stored(record, arrays)


def _renumbering(joined: dict[str, int], words: list[str]) -> np.ndarray:
    """Each of a piece's ``words`` by its number in ``joined`` (new ones added)."""
    setdefault = joined.setdefault
    return np.fromiter(
        (setdefault(w, len(joined)) for w in words), dtype=np.int32, count=len(words)
    )


def _joined(parts: list[np.ndarray], dtype: type[np.generic]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _named(prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {prefix + name: array for name, array in arrays.items()}


class _Earlier:
    """An earlier build of the same folder, by source: what it read from each, and
    where that stands in its arrays."""

    def __init__(self, previous: Stored, passages: Sequence[Passage], unchanged: frozenset[str]):
        self.arrays = previous.arrays
        self.passages = passages
        self.unchanged = unchanged
        self.vocabulary = [str(t) for t in previous.record["vocabulary"]]
        self.facts = FactTable(previous.arrays)
        self.terms, self.term_starts = _sentence_terms(previous.arrays)
        self.where: dict[str, tuple[str, list[int], list[Any]]] = {}
        self.order: dict[str, int] = {}
        at = [0, 0, 0]  # the first passage, sentence and fact of each source
        for number, entry in enumerate(previous.record["sources"]):
            source_id, digest, counts = str(entry[0]), str(entry[1]), entry[2:5]
            self.where[source_id] = (digest, list(at), entry)
            self.order[source_id] = number
            at = [a + int(c) for a, c in zip(at, counts, strict=True)]
        self.same: dict[str, bool] = {}  # whether each source is as it was, once each
        self.names = [str(name) for name in previous.record["referent_names"]]
        self._lengths: np.ndarray | None = None

    def has(self, span: Span) -> bool:
        """True when the source's passages are as they were."""
        found = self.where.get(span.source_id)
        if found is None or int(found[2][2]) != span.size:
            return False
        if span.source_id not in self.same:
            self.same[span.source_id] = span.source_id in self.unchanged or found[
                0
            ] == passages_digest(_group(span, self.passages))
        return self.same[span.source_id]

    def follows(self, before: Span, span: Span) -> bool:
        """True when the earlier build had ``span``'s source right after ``before``'s."""
        return self.order[span.source_id] == self.order[before.source_id] + 1

    def piece(self, run: list[Span]) -> Piece:
        """A run of unchanged sources as a piece, as if read again."""
        _, (passage, sentence, fact), _ = self.where[run[0].source_id]
        entries = [self.where[span.source_id][2] for span in run]
        passages, sentences, facts = (sum(int(e[i]) for e in entries) for i in (2, 3, 4))
        rows = np.array(self.arrays["sentences"][sentence : sentence + sentences])
        rows[:, 0] += run[0].first - passage  # the passages' positions now
        if len(rows) and not _rows_fit(rows, run, self.lengths()):
            raise ValueError("an earlier build does not fit its sources")
        terms = self.terms[self.term_starts[sentence] : self.term_starts[sentence + sentences]]
        counts = np.diff(self.term_starts[sentence : sentence + sentences + 1]).astype(np.int32)
        in_sentences = self.arrays["sentence_referents"][sentence : sentence + sentences]
        in_passages = self.arrays["passage_referents"][passage : passage + passages]
        if (len(in_sentences), len(in_passages)) != (sentences, passages):
            raise ValueError("an earlier build's referents do not fit its sources")
        return Piece(
            rows,
            self.vocabulary,
            terms,
            counts,
            self.facts.run(fact, fact + facts, sentence),
            self.names,
            in_sentences,
            in_passages,
            [list(e) for e in entries],
        )

    def lengths(self) -> np.ndarray:
        """Every passage's length in characters (read once)."""
        if self._lengths is None:
            self._lengths = text_lengths(self.passages)
        return self._lengths


def _rows_fit(rows: np.ndarray, run: list[Span], lengths: np.ndarray) -> bool:
    """True when every sentence row lies inside a passage of the run (``lengths``:
    every passage's length)."""
    first, end = run[0].first, run[-1].first + run[-1].size
    local = rows[:, 0] - first
    if local.min() < 0 or local.max() >= end - first:
        return False
    own = lengths[first:end]
    return bool(np.all(rows[:, 2] <= rows[:, 3]) and np.all(rows[:, 3] <= own[local]))


def _sentence_terms(arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every sentence's terms (vocabulary numbers, one sentence after another, as the
    build read them) and where each sentence's start (and the last ends): what a build
    needs to index them again without reading them. Raises ValueError when they do not
    fit the sentence index."""
    terms, lengths = arrays["sentence_terms"], arrays["sentence_lengths"]
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths.astype(np.int64), out=starts[1:])
    vocabulary = len(arrays["sentence_pointers"]) - 1
    if starts[-1] != len(terms) or (
        len(terms) and not 0 <= terms.min() <= terms.max() < vocabulary
    ):
        raise ValueError("an earlier build's terms do not fit its index")
    return terms, starts


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool and exits 130);
    a worker that heard it too would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
