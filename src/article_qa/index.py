"""Index stage: BM25 ranking (rank-bm25) over pre-tokenised documents.

rank-bm25's ``BM25Okapi`` computes IDF as log((N - df + 0.5) / (df + 0.5)), which is
zero or negative for a term found in half or more of the documents (rank_bm25 issues
#39 and #43) and is then floored to a fraction of the *average* IDF, itself negative
on tiny corpora. Over one article, where a topic word is in most paragraphs, that
ranks the wrong way. We keep Okapi's term-frequency part and use the IDF of Lucene,
log(1 + (N - df + 0.5) / (df + 0.5)), which is positive for every term, shrinks as a
term gets commoner, and leaves a document that shares no term with the query at 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rank_bm25 import BM25Okapi


class PositiveIdfBM25(BM25Okapi):
    """Okapi BM25 whose IDF never falls to zero or below."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, doc_freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - doc_freq + 0.5) / (doc_freq + 0.5))


class SearchIndex:
    """Ranks a fixed list of documents, each a sequence of terms, against a query."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75):
        if not documents:
            raise ValueError("cannot index an empty list of documents")
        self.size = len(documents)
        # rank-bm25 divides by the average length, so a corpus without a single term
        # gets no model: every query then scores 0.
        has_terms = any(len(doc) for doc in documents)
        self._bm25 = (
            PositiveIdfBM25([list(doc) for doc in documents], k1=k1, b=b) if has_terms else None
        )

    @property
    def max_idf(self) -> float:
        """The IDF a term held by no document would have: more than any held term's."""
        return math.log(1 + (self.size + 0.5) / 0.5)

    def idf(self, term: str) -> float:
        """The term's IDF, or 0.0 for a term no document holds."""
        return self._bm25.idf.get(term, 0.0) if self._bm25 else 0.0

    def scores(self, query_terms: Iterable[str]) -> list[float]:
        """The BM25 score of every document for the query (each distinct term counted once)."""
        unique = list(dict.fromkeys(query_terms))
        if self._bm25 is None or not unique:
            return [0.0] * self.size
        return [float(score) for score in self._bm25.get_scores(unique)]

    def top(self, query_terms: Iterable[str], k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (document index, score) pairs with a positive score, best first.

        Ties go to the earlier document, so the order is the same on every machine.
        """
        scored = [(i, s) for i, s in enumerate(self.scores(query_terms)) if s > 0]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:k]
