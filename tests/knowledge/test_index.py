"""BM25 scores stay positive and meaningful, even on tiny corpora."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from article_qa.knowledge.index import PositiveIdfBM25, SearchIndex, index_arrays, top_of

DOCS = [
    ["traffick", "convict", "rise"],
    ["traffick", "girl", "help"],
    ["traffick", "victim", "law"],
]


def test_term_in_every_document_still_scores_positive() -> None:
    # the trap: Okapi's own IDF is negative for a term in more than half the documents
    two_docs = [["traffick", "girl"], ["traffick", "boy"]]
    assert all(score < 0 for score in BM25Okapi(two_docs).get_scores(["traffick"]))
    assert all(score > 0 for score in SearchIndex.build(two_docs).scores(["traffick"]))
    assert all(score > 0 for score in SearchIndex.build(DOCS).scores(["traffick"]))


def test_one_document_corpus_scores_positive() -> None:
    assert SearchIndex.build([["girl", "help"]]).scores(["girl"])[0] > 0


def test_document_without_query_terms_scores_zero() -> None:
    scores = SearchIndex.build(DOCS).scores(["girl"])
    assert scores[1] > 0
    assert scores[0] == 0 and scores[2] == 0


def test_rarer_terms_weigh_more() -> None:
    index = SearchIndex.build(DOCS)
    assert index.idf("girl") > index.idf("traffick") > 0
    assert index.max_idf > index.idf("girl")
    assert index.idf("absent") == 0


def test_top_breaks_ties_by_position_and_drops_zero_scores() -> None:
    index = SearchIndex.build([["a"], ["b"], ["a"], ["c"]])
    assert [i for i, _ in index.top(["a"], 10)] == [0, 2]


def test_repeated_query_terms_count_once() -> None:
    index = SearchIndex.build(DOCS)
    assert list(index.scores(["girl", "girl"])) == list(index.scores(["girl"]))


def test_empty_corpus_is_refused_and_termless_corpus_scores_zero() -> None:
    with pytest.raises(ValueError):
        SearchIndex.build([])
    assert list(SearchIndex.build([[], []]).scores(["x"])) == [0.0, 0.0]


def test_scores_equal_rank_bm25_with_the_positive_idf() -> None:
    """The inverted index computes exactly rank-bm25's Okapi scores (with Lucene's IDF)."""
    rng = random.Random(7)
    words = [f"w{n}" for n in range(60)]
    documents = [
        [rng.choice(words[: rng.randint(5, 60)]) for _ in range(rng.randint(0, 30))]
        for _ in range(300)
    ]
    reference = PositiveIdfBM25(documents, k1=1.2, b=0.75)
    index = SearchIndex.build(documents, k1=1.2, b=0.75)
    for _ in range(50):
        query = rng.sample(words, rng.randint(1, 6))
        assert np.allclose(index.scores(query), reference.get_scores(list(dict.fromkeys(query))))


def test_arrays_round_trip() -> None:
    index = SearchIndex.build(DOCS)
    arrays, vocabulary = index.to_arrays()
    again = SearchIndex.from_arrays(arrays, vocabulary)
    assert list(again.scores(["girl", "traffick"])) == list(index.scores(["girl", "traffick"]))
    arrays["doc_ids"] = arrays["doc_ids"] + 99
    with pytest.raises(ValueError):
        SearchIndex.from_arrays(arrays, vocabulary)


def test_top_of_keeps_ties_in_index_order() -> None:
    scores = np.array([0.0, 2.0, 1.0, 2.0, 2.0, 0.5])
    assert top_of(scores, 2) == [(1, 2.0), (3, 2.0)]
    assert top_of(scores, 10) == [(1, 2.0), (3, 2.0), (4, 2.0), (2, 1.0), (5, 0.5)]
    assert top_of(np.zeros(3), 5) == []


@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=6), min_size=1, max_size=12))
def test_postings_hold_each_term_s_documents_in_order_with_their_counts(
    documents: list[list[str]],
) -> None:
    arrays = index_arrays(documents)
    for position, term in enumerate(arrays.vocabulary):
        start, end = arrays.pointers[position], arrays.pointers[position + 1]
        holding = [n for n, document in enumerate(documents) if term in document]
        assert arrays.doc_ids[start:end].tolist() == holding
        assert arrays.frequencies[start:end].tolist() == [documents[n].count(term) for n in holding]
    assert arrays.pointers[-1] == len(arrays.doc_ids)
