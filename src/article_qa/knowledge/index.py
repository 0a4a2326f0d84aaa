"""Index stage: BM25 ranking over pre-tokenised documents, as an inverted index.

The scores are rank-bm25's Okapi BM25 (``BM25Okapi``: term frequency saturated by k1,
length normalised by b) with one change: rank-bm25 computes IDF as
log((N - df + 0.5) / (df + 0.5)), which is zero or negative for a term found in half
or more of the documents (rank_bm25 issues #39 and #43) and is then floored to a
fraction of the *average* IDF, itself negative on tiny corpora. Over one article,
where a topic word is in most paragraphs, that ranks the wrong way. We use the IDF of
Lucene, log(1 + (N - df + 0.5) / (df + 0.5)): positive for every term, smaller as a
term gets commoner, and a document that shares no term with the query scores 0.

``PositiveIdfBM25`` is that model on rank-bm25 itself, kept as the reference the
tests and the benchmark compare against. ``SearchIndex`` computes the same scores
from postings lists, touching only the documents that hold a query term, so a query
costs what its terms' postings cost rather than a pass over every document: its
``matches`` are the documents that score, with their scores, and nothing of the
size of the whole corpus is made, zeroed or scanned per query. Each posting holds
its share of the score already weighted (IDF times the saturated, length-normalised
frequency), as bm25s stores its index: a query only adds shares up.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

K1 = 1.2
B = 0.75
_POSTINGS_AT_ONCE = 1 << 17  # bounds the temporary arrays (a dozen of this many numbers)


def lucene_idf(documents: int, document_frequency: np.ndarray) -> np.ndarray:
    """log(1 + (N - df + 0.5) / (df + 0.5)): positive for every df from 0 to N."""
    return np.log1p((documents - document_frequency + 0.5) / (document_frequency + 0.5))


class PositiveIdfBM25(BM25Okapi):  # type: ignore[misc]  # rank-bm25 ships no type information
    """rank-bm25's Okapi BM25 with Lucene's IDF, which never falls to zero or below."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, doc_freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - doc_freq + 0.5) / (doc_freq + 0.5))


@dataclass(frozen=True)
class IndexArrays:
    """An index as plain arrays: each term's postings (``doc_ids`` and ``weights`` from
    ``pointers[t]`` to ``pointers[t + 1]``), every document's length, and k1, b. A
    posting's weight is what the term adds to the document's score."""

    vocabulary: list[str]
    pointers: np.ndarray
    doc_ids: np.ndarray
    weights: np.ndarray
    lengths: np.ndarray
    k1: float = K1
    b: float = B

    def as_dict(self) -> dict[str, np.ndarray]:
        """The arrays by name, as the cache stores them (the vocabulary is kept apart)."""
        return {
            "pointers": self.pointers,
            "doc_ids": self.doc_ids,
            "weights": self.weights,
            "lengths": self.lengths,
            "params": np.array([self.k1, self.b]),
        }


def index_arrays(documents: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> IndexArrays:
    """The postings of a list of documents, each a sequence of terms."""
    if not documents:
        raise ValueError("cannot index an empty list of documents")
    # (term, document) pairs as flat integer arrays: far lighter than lists of
    # tuples when there are millions of them
    term_ids: dict[str, int] = {}
    term_column = array("i")
    for document in documents:
        for term in document:
            term_column.append(term_ids.setdefault(term, len(term_ids)))
    lengths = np.fromiter((len(d) for d in documents), dtype=np.int64, count=len(documents))
    doc_column = np.repeat(np.arange(len(documents), dtype=np.int32), lengths)
    terms_column = np.frombuffer(term_column, dtype=np.int32)
    return postings(terms_column, doc_column, lengths, list(term_ids), k1, b)


def postings(
    term_ids: np.ndarray,
    doc_ids: np.ndarray,
    lengths: np.ndarray,
    vocabulary: list[str],
    k1: float = K1,
    b: float = B,
) -> IndexArrays:
    """The postings of documents given as one (term, document) pair per occurrence:
    ``term_ids`` are positions in ``vocabulary``, ``doc_ids`` positions in ``lengths``
    (each document's number of terms)."""
    pairs, counts = _counted(_keys(term_ids, doc_ids, len(lengths)))
    return _indexed(pairs, counts, lengths, vocabulary, k1, b)


def grouped_postings(
    term_ids: np.ndarray,
    lengths: np.ndarray,
    vocabulary: list[str],
    group_of: np.ndarray,
    groups: int,
    k1: float = K1,
    b: float = B,
) -> tuple[IndexArrays, IndexArrays]:
    """The postings of documents given one after another (``term_ids``: every
    document's terms in turn, ``lengths``: how many each has), and of the ``groups``
    they stand in, document ``d`` in group ``group_of[d]`` (a passage's sentences in
    their passage). Each group is a stretch of consecutive documents, so one sort
    serves both: a group's postings follow, in order, from those of its documents."""
    if len(group_of) != len(lengths) or (len(group_of) > 1 and (np.diff(group_of) < 0).any()):
        raise ValueError("groups must be stretches of consecutive documents")
    doc_ids = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    keys = _keys(term_ids, doc_ids, len(lengths))
    del doc_ids
    pairs, counts = _counted(keys)
    documents = _indexed(pairs, counts, lengths, vocabulary, k1, b)
    # what is large is let go as soon as it is done with: a large build's peak
    del keys, pairs
    group_lengths = np.bincount(group_of, weights=lengths, minlength=groups)
    return documents, _grouped_index(documents, counts, group_of, group_lengths, k1, b)


def _keys(term_ids: np.ndarray, doc_ids: np.ndarray, size: int) -> np.ndarray:
    """One key per occurrence, term * size + document (sorting them orders the
    occurrences by term, then document)."""
    if not size:
        raise ValueError("cannot index an empty list of documents")
    keys = term_ids.astype(np.int64) * size
    keys += doc_ids
    return keys


def _grouped_index(
    documents: IndexArrays,
    counts: np.ndarray,
    group_of: np.ndarray,
    group_lengths: np.ndarray,
    k1: float,
    b: float,
) -> IndexArrays:
    """The index of the groups, from that of their documents (``counts``: each
    posting's count, used up: the groups' counts are written over it) when
    ``group_of`` never decreases: a term's documents are in order, so its groups are
    too, and the postings of one (term, group) follow one another.

    A run of them is told apart by its group and the parity of its term's rank among
    the terms with postings (two such terms side by side differ in it): a key of half
    the bytes of term * groups + group. The runs' groups are then written over the
    front of the keys, as the groups' postings."""
    pointers, doc_ids = documents.pointers, documents.doc_ids
    held = np.flatnonzero(np.diff(pointers))
    key_type = _group_key_type(len(group_lengths))
    parity = np.zeros(len(documents.vocabulary), dtype=key_type)
    parity[held] = np.arange(len(held)) % 2
    keys = np.empty(len(doc_ids), dtype=key_type)
    for start in range(0, len(doc_ids), _POSTINGS_AT_ONCE):
        end = min(start + _POSTINGS_AT_ONCE, len(doc_ids))
        block = keys[start:end]
        np.multiply(group_of[doc_ids[start:end]], 2, out=block)
        block += parity[_terms_between(pointers, start, end)]
    runs, sums = _summed_runs(keys, counts)
    group_pointers = _run_pointers(runs, held, len(documents.vocabulary))
    np.right_shift(runs, 1, out=runs)
    group_ids = runs.astype(np.int32, copy=False)
    lengths = group_lengths.astype(np.float32)
    idf, norms = lucene_idf(len(lengths), np.diff(group_pointers)), _norms(lengths, k1, b)
    weights = np.empty(len(group_ids), dtype=np.float32)
    for start in range(0, len(group_ids), _POSTINGS_AT_ONCE):
        end = min(start + _POSTINGS_AT_ONCE, len(group_ids))
        terms = _terms_between(group_pointers, start, end)
        weights[start:end] = _shares(terms, group_ids[start:end], sums[start:end], idf, norms, k1)
    return IndexArrays(documents.vocabulary, group_pointers, group_ids, weights, lengths, k1, b)


def _group_key_type(groups: int) -> type[np.signedinteger]:
    """The smallest integer type that holds 2 * group + 1 for every group."""
    return np.int32 if 2 * groups < np.iinfo(np.int32).max else np.int64


def _run_pointers(runs: np.ndarray, held: np.ndarray, terms: int) -> np.ndarray:
    """Where each term's runs start (``held``: the terms with postings, in order; a
    run's key is odd or even by its term's rank among them), as index pointers."""
    starts = [np.zeros(min(1, len(runs)), dtype=np.int64)]
    for start in range(1, len(runs), _POSTINGS_AT_ONCE):
        block = runs[start - 1 : start + _POSTINGS_AT_ONCE]
        starts.append(np.flatnonzero((block[1:] ^ block[:-1]) & 1) + start)
    held_starts = np.concatenate(starts)
    if len(held_starts) != len(held):
        raise ValueError("a term's runs are not together")
    pointers = np.full(terms + 1, len(runs), dtype=np.int64)
    pointers[held] = held_starts
    # a term with no postings starts where the next one with postings does
    return np.ascontiguousarray(np.minimum.accumulate(pointers[::-1])[::-1])


def _terms_between(pointers: np.ndarray, start: int, end: int) -> np.ndarray:
    """The term of each posting from ``start`` to ``end`` (term t's are those from
    ``pointers[t]`` to ``pointers[t + 1]``)."""
    first = int(np.searchsorted(pointers, start, side="right")) - 1
    last = int(np.searchsorted(pointers, end, side="left"))
    sizes = np.diff(np.clip(pointers[first : last + 1], start, end))
    return np.repeat(np.arange(first, last, dtype=np.int64), sizes)


def _indexed(
    pairs: np.ndarray,
    counts: np.ndarray,
    lengths: np.ndarray,
    vocabulary: list[str],
    k1: float,
    b: float,
) -> IndexArrays:
    """The index of sorted, distinct (term * size + document) pairs and their counts."""
    size = len(lengths)
    starts = np.arange(len(vocabulary) + 1, dtype=np.int64) * size
    pointers = np.searchsorted(pairs, starts).astype(np.int64)
    lengths = lengths.astype(np.float32)
    idf, norms = lucene_idf(size, np.diff(pointers)), _norms(lengths, k1, b)
    doc_ids, weights = _weighted(pairs, counts, size, idf, norms, k1)
    return IndexArrays(vocabulary, pointers, doc_ids, weights, lengths, k1, b)


def _norms(lengths: np.ndarray, k1: float, b: float) -> np.ndarray:
    """Each document's k1 * (1 - b + b * length / average length)."""
    average = float(lengths.mean())
    if not average:
        return np.zeros(len(lengths), dtype=np.float64)  # no document has a term
    return (k1 * (1 - b + b * lengths / average)).astype(np.float64)


def _weighted(
    pairs: np.ndarray, counts: np.ndarray, size: int, idf: np.ndarray, norms: np.ndarray, k1: float
) -> tuple[np.ndarray, np.ndarray]:
    """The document of each (term * size + document) pair, and its BM25 share from its
    count: computed in float64, kept as float32 (the bytes the counts took)."""
    documents = np.empty(len(pairs), dtype=np.int32)
    weights = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), _POSTINGS_AT_ONCE):
        end = start + _POSTINGS_AT_ONCE
        terms, documents[start:end] = _split_keys(pairs[start:end], size)
        weights[start:end] = _shares(terms, documents[start:end], counts[start:end], idf, norms, k1)
    return documents, weights


def _shares(
    terms: np.ndarray,
    documents: np.ndarray,
    counts: np.ndarray,
    idf: np.ndarray,
    norms: np.ndarray,
    k1: float,
) -> np.ndarray:
    """The BM25 share of postings (each's term, document and count), in float64."""
    frequency = counts.astype(np.float64)
    shares: np.ndarray = idf[terms] * frequency * (k1 + 1) / (frequency + norms[documents])
    return shares


def _split_keys(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The terms and documents of (term * size + document) keys: ``np.divmod``, at a
    third of its time (dividing by one number is fast; divmod's remainder is not)."""
    terms = keys // size
    documents = terms * size
    np.subtract(keys, documents, out=documents)
    return terms, documents


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each occurs: ``np.unique(keys,
    return_counts=True)``, but sorting ``keys`` in place (np.unique sorts a copy, and a
    build of a million passages has some 65 million keys)."""
    keys.sort()
    return _summed_runs(keys, None)


def _summed_runs(keys: np.ndarray, counts: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``keys`` made distinct, written over the front of ``keys`` itself (a view
    of it is returned), and for each the sum of its int32 ``counts`` (each key
    counting 1 when None), written over the front of ``counts`` likewise. Done a
    block at a time: nothing of the size of every key is made."""
    if counts is not None and counts.dtype != np.int32:
        raise ValueError("counts must be int32")
    sums = counts if counts is not None else np.empty(_distinct(keys), dtype=np.int32)
    written = 0
    for start in range(0, len(keys), _POSTINGS_AT_ONCE):
        block = keys[start : start + _POSTINGS_AT_ONCE]
        heads = np.empty(len(block), dtype=bool)
        # the last key written is the last one seen: a block may go on with its run
        heads[0] = not written or block[0] != keys[written - 1]
        np.not_equal(block[1:], block[:-1], out=heads[1:])
        starts = np.flatnonzero(heads)
        if counts is None:
            bounds = np.append(starts, len(block))
            leading, runs = int(bounds[0]), np.diff(bounds)
        else:
            weights = counts[start : start + len(block)]
            leading = int(weights[: starts[0] if len(starts) else len(block)].sum())
            runs = np.add.reduceat(weights, starts, dtype=np.int32) if len(starts) else starts
        if leading:
            sums[written - 1] += leading
        # written <= start: what this overwrites, no later block reads
        keys[written : written + len(starts)] = block[starts]
        sums[written : written + len(starts)] = runs
        written += len(starts)
    return keys[:written], sums[:written]


def _distinct(keys: np.ndarray) -> int:
    """How many distinct values sorted ``keys`` hold (a block at a time)."""
    found = 1 if len(keys) else 0
    for start in range(1, len(keys), _POSTINGS_AT_ONCE):
        block = keys[start - 1 : start + _POSTINGS_AT_ONCE]
        found += int(np.count_nonzero(block[1:] != block[:-1]))
    return found


@dataclass(frozen=True)
class Matches:
    """The documents a query matches (a score above 0), each once, in no set order,
    and their scores."""

    documents: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.documents)

    def top(self, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (document, score) pairs, best first, ties to the earlier document."""
        return top_matches(self.documents, self.scores, k)


class SearchIndex:
    """Ranks a fixed list of documents, each a sequence of terms, against a query."""

    def __init__(self, arrays: IndexArrays):
        """An index over postings already made (see ``build`` and ``from_arrays``)."""
        vocabulary, pointers, doc_ids = arrays.vocabulary, arrays.pointers, arrays.doc_ids
        weights, lengths = arrays.weights, arrays.lengths
        if len(pointers) != len(vocabulary) + 1 or len(doc_ids) != len(weights) or not len(lengths):
            raise ValueError("index arrays do not fit together")
        self.k1, self.b = arrays.k1, arrays.b
        self.size = len(lengths)
        self._vocabulary = list(vocabulary)
        self._term_ids = {term: position for position, term in enumerate(self._vocabulary)}
        self._pointers, self._doc_ids = pointers, doc_ids
        self._weights, self._lengths = weights, lengths
        if len(doc_ids) and (int(doc_ids.max()) >= self.size or int(doc_ids.min()) < 0):
            raise ValueError("index arrays do not fit together")
        self._idf = lucene_idf(self.size, np.diff(pointers))
        # one score per document, all 0 between queries; made at the first query
        self._totals: np.ndarray | None = None
        self._totals_lock = threading.Lock()
        self._last: tuple[tuple[int, ...], Matches] | None = None

    @classmethod
    def build(cls, documents: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> SearchIndex:
        """An index of a list of documents, each a sequence of terms."""
        return cls(index_arrays(documents, k1, b))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], vocabulary: list[str]) -> SearchIndex:
        """An index rebuilt from ``to_arrays()`` (how the cache stores it)."""
        k1, b = (float(v) for v in arrays["params"])
        return cls(
            IndexArrays(
                vocabulary,
                arrays["pointers"],
                arrays["doc_ids"],
                arrays["weights"],
                arrays["lengths"],
                k1,
                b,
            )
        )

    def to_arrays(self) -> tuple[dict[str, np.ndarray], list[str]]:
        """The index as plain arrays and its vocabulary, for the cache."""
        arrays = IndexArrays(
            self._vocabulary,
            self._pointers,
            self._doc_ids,
            self._weights,
            self._lengths,
            self.k1,
            self.b,
        )
        return arrays.as_dict(), self._vocabulary

    @property
    def max_idf(self) -> float:
        """The IDF a term held by no document would have: more than any held term's."""
        return float(lucene_idf(self.size, np.zeros(1))[0])

    def idf(self, term: str) -> float:
        """The term's IDF, or 0.0 for a term no document holds."""
        position = self._term_ids.get(term)
        return 0.0 if position is None else float(self._idf[position])

    def scores(self, query_terms: Iterable[str]) -> np.ndarray:
        """The BM25 score of every document for the query (each distinct term counted once)."""
        found = self.matches(query_terms)
        totals = np.zeros(self.size, dtype=np.float64)
        totals[found.documents] = found.scores
        return totals

    def matches(self, query_terms: Iterable[str]) -> Matches:
        """The documents with a score above 0 for the query, and their scores (the same
        figures ``scores`` has for them).

        The last query's matches are kept: answering one question asks each index the
        same terms more than once (the story, then the sentences), a third of the
        postings read at 100,000 passages. Its arrays are read-only, shared by callers.
        """
        positions = self._positions(query_terms)
        with self._totals_lock:
            if self._last is None or self._last[0] != positions:
                self._last = None  # a query stopped midway leaves nothing kept
                self._last = (positions, self._matched(positions))
            return self._last[1]

    def scores_of(self, query_terms: Iterable[str], documents: np.ndarray) -> np.ndarray:
        """The query's score of each of ``documents`` (0 for one it does not match),
        read from its matches (kept for a later ``matches`` of the same terms)."""
        found = self.matches(query_terms)
        with self._totals_lock:
            totals = self._zeroed_totals()
            totals[found.documents] = found.scores
            try:
                scores: np.ndarray = totals[documents]
                return scores
            finally:
                totals[found.documents] = 0.0

    def _positions(self, query_terms: Iterable[str]) -> tuple[int, ...]:
        """The query's distinct terms that some document holds, by position, in order."""
        found = (self._term_ids.get(term) for term in dict.fromkeys(query_terms))
        return tuple(position for position in found if position is not None)

    def _zeroed_totals(self) -> np.ndarray:
        """One score per document, all 0 (the caller holds the lock and leaves them so)."""
        if self._totals is None:
            self._totals = np.zeros(self.size, dtype=np.float64)
        return self._totals

    def _matched(self, positions: tuple[int, ...]) -> Matches:
        """The documents the terms at ``positions`` score, and their scores, the totals
        all 0 again afterwards, whatever happens while they are read (the caller holds
        the lock)."""
        totals, touched = self._summed(positions)
        try:
            documents, scores = touched, totals[touched]
        finally:
            totals[touched] = 0.0
        documents.flags.writeable = False
        scores.flags.writeable = False
        return Matches(documents, scores)

    def _summed(self, positions: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Adds each term's BM25 share into the documents' totals; returns the totals
        and the documents touched, each once. The caller sets the touched totals back
        to 0; if the adding is stopped (Ctrl-C in the chat goes on to the next
        question), they are set back here."""
        totals = self._zeroed_totals()
        touched: list[np.ndarray] = []
        try:
            for position in positions:
                start, end = self._pointers[position], self._pointers[position + 1]
                # indexing with the machine's own integers spares numpy a conversion per use
                ids = self._doc_ids[start:end].astype(np.intp)
                shares = self._weights[start:end].astype(np.float64)
                # every share is above 0, so a total still at 0 is a document not yet touched
                touched.append(ids[totals[ids] == 0.0] if touched else ids)
                np.add.at(totals, ids, shares)  # a term's documents are distinct: one add each
        except BaseException:
            for ids in touched:
                totals[ids] = 0.0
            raise
        if not touched:
            return totals, np.zeros(0, dtype=np.intp)
        return totals, np.concatenate(touched)

    def top(self, query_terms: Iterable[str], k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (document index, score) pairs with a positive score, best first.

        Ties go to the earlier document, so the order is the same on every machine.
        """
        return self.matches(query_terms).top(k)


def top_of(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best positive entries of ``scores``, ties to the lower index."""
    candidates = np.flatnonzero(scores > 0)
    return top_matches(candidates, scores[candidates], k)


def top_matches(documents: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best of ``documents`` (distinct, in any order) with a positive score,
    best first, ties to the lower document."""
    positive = scores > 0
    if not positive.all():
        documents, scores = documents[positive], scores[positive]
    if len(documents) > k > 0:
        # keep every entry tied with the k-th best, then order exactly
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        kept = scores >= kth
        documents, scores = documents[kept], scores[kept]
    order = np.lexsort((documents, -scores))[:k]
    return [(int(documents[i]), float(scores[i])) for i in order]
