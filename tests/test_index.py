"""BM25 scores stay positive and meaningful, even on tiny corpora."""

from __future__ import annotations

import pytest
from rank_bm25 import BM25Okapi

from article_qa.index import SearchIndex

DOCS = [
    ["traffick", "convict", "rise"],
    ["traffick", "girl", "help"],
    ["traffick", "victim", "law"],
]


def test_term_in_every_document_still_scores_positive() -> None:
    # the trap: Okapi's own IDF is negative for a term in more than half the documents
    two_docs = [["traffick", "girl"], ["traffick", "boy"]]
    assert all(score < 0 for score in BM25Okapi(two_docs).get_scores(["traffick"]))
    assert all(score > 0 for score in SearchIndex(two_docs).scores(["traffick"]))
    assert all(score > 0 for score in SearchIndex(DOCS).scores(["traffick"]))


def test_one_document_corpus_scores_positive() -> None:
    assert SearchIndex([["girl", "help"]]).scores(["girl"])[0] > 0


def test_document_without_query_terms_scores_zero() -> None:
    scores = SearchIndex(DOCS).scores(["girl"])
    assert scores[1] > 0
    assert scores[0] == 0 and scores[2] == 0


def test_rarer_terms_weigh_more() -> None:
    index = SearchIndex(DOCS)
    assert index.idf("girl") > index.idf("traffick") > 0
    assert index.max_idf > index.idf("girl")
    assert index.idf("absent") == 0


def test_top_breaks_ties_by_position_and_drops_zero_scores() -> None:
    index = SearchIndex([["a"], ["b"], ["a"], ["c"]])
    assert [i for i, _ in index.top(["a"], 10)] == [0, 2]


def test_repeated_query_terms_count_once() -> None:
    index = SearchIndex(DOCS)
    assert index.scores(["girl", "girl"]) == index.scores(["girl"])


def test_empty_corpus_is_refused_and_termless_corpus_scores_zero() -> None:
    with pytest.raises(ValueError):
        SearchIndex([])
    assert SearchIndex([[], []]).scores(["x"]) == [0.0, 0.0]
