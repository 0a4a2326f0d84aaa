"""BM25 scores stay positive and meaningful, even on tiny corpora."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from article_qa.knowledge import index as index_module
from article_qa.knowledge.index import (
    Matches,
    PositiveIdfBM25,
    SearchIndex,
    grouped_postings,
    index_arrays,
    postings,
    top_matches,
    top_of,
)

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
def test_postings_hold_each_term_s_documents_in_order_with_their_bm25_shares(
    documents: list[list[str]],
) -> None:
    arrays = index_arrays(documents)
    if not any(documents):
        assert not len(arrays.doc_ids)
        return
    reference = PositiveIdfBM25(documents, k1=arrays.k1, b=arrays.b)
    for position, term in enumerate(arrays.vocabulary):
        start, end = arrays.pointers[position], arrays.pointers[position + 1]
        holding = [n for n, document in enumerate(documents) if term in document]
        assert arrays.doc_ids[start:end].tolist() == holding
        # a posting's weight is what the term alone scores the document
        alone = reference.get_scores([term])[holding]
        assert np.allclose(arrays.weights[start:end], alone, rtol=1e-6)
        assert (arrays.weights[start:end] > 0).all()
    assert arrays.pointers[-1] == len(arrays.doc_ids)


def test_weights_and_groups_are_made_the_same_in_pieces_as_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents, _, _ = _random_corpus(14)
    whole = index_arrays(documents)
    monkeypatch.setattr(index_module, "_POSTINGS_AT_ONCE", 7)
    pieces = index_arrays(documents)
    assert pieces.weights.tolist() == whole.weights.tolist()
    group_of = np.arange(len(documents)) // 3
    lengths = np.array([len(d) for d in documents])
    terms = np.array([whole.vocabulary.index(t) for d in documents for t in d], dtype=np.int32)
    in_pieces = grouped_postings(terms, lengths, whole.vocabulary, group_of, 67)
    monkeypatch.undo()
    at_once = grouped_postings(terms, lengths, whole.vocabulary, group_of, 67)
    for made, expected in zip(in_pieces, at_once, strict=True):
        assert made.weights.tolist() == expected.weights.tolist()
        assert made.doc_ids.tolist() == expected.doc_ids.tolist()


def _random_corpus(seed: int) -> tuple[list[list[str]], list[str], random.Random]:
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(40)]
    documents = [
        [rng.choice(words[: rng.randint(3, 40)]) for _ in range(rng.randint(0, 20))]
        for _ in range(200)
    ]
    return documents, words, rng


def test_matches_are_the_scoring_documents_with_their_scores_query_after_query() -> None:
    documents, words, rng = _random_corpus(11)
    index = SearchIndex.build(documents)
    reference = PositiveIdfBM25(documents, k1=1.2, b=0.75)
    for _ in range(40):
        query = rng.sample(words, rng.randint(1, 5)) + ["absent"]
        found = index.matches(query)
        expected = reference.get_scores(list(dict.fromkeys(query)))
        assert sorted(found.documents.tolist()) == np.flatnonzero(expected > 0).tolist()
        assert np.allclose(found.scores, expected[found.documents])
        # nothing of one query is left over for the next: the same query again is the same
        again = index.matches(query)
        assert _pairs(again) == _pairs(found)


def _pairs(found: Matches) -> list[tuple[int, float]]:
    return sorted(zip(found.documents.tolist(), found.scores.tolist(), strict=True))


def test_scores_of_reads_the_query_s_scores_at_given_documents() -> None:
    documents, words, rng = _random_corpus(12)
    index = SearchIndex.build(documents)
    for _ in range(20):
        query = rng.sample(words, 3)
        wanted = np.array(rng.sample(range(len(documents)), 30))
        assert index.scores_of(query, wanted).tolist() == index.scores(query)[wanted].tolist()
    assert index.scores_of(["absent"], np.array([0, 1])).tolist() == [0.0, 0.0]


def test_top_matches_orders_like_top_of_whatever_order_the_documents_come_in() -> None:
    rng = random.Random(5)
    for _ in range(50):
        scores = np.array([rng.choice([0.0, 0.5, 1.0, 2.0, rng.random()]) for _ in range(30)])
        documents = np.arange(30)
        rng.shuffle(documents)
        for k in (0, 1, 3, 10, 40):
            assert top_matches(documents, scores[documents], k) == top_of(scores, k)


def test_the_last_query_s_matches_are_kept_read_only_and_only_for_the_same_terms() -> None:
    documents, words, rng = _random_corpus(17)
    index = SearchIndex.build(documents)
    fresh = SearchIndex.build(documents)
    sums: list[tuple[int, ...]] = []
    summed = index._summed

    def counted(positions: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        sums.append(positions)
        return summed(positions)

    index._summed = counted  # type: ignore[method-assign]
    query = ["w1", "w2", "w3"]
    first = index.matches(query)
    # unknown and repeated terms add nothing, so they ask the same of the index
    assert index.matches(["w1", "absent", "w2", "w1", "w3"]) is first
    wanted = np.arange(len(documents))
    assert index.scores_of(query, wanted).tolist() == fresh.scores_of(query, wanted).tolist()
    assert len(sums) == 1
    with pytest.raises(ValueError):
        first.scores[0] = 99.0
    # the same terms in another order are summed in that order: another query
    other = index.matches(["w3", "w2", "w1"])
    assert _pairs(other) == _pairs(fresh.matches(["w3", "w2", "w1"]))
    assert _pairs(index.matches(["w4"])) == _pairs(fresh.matches(["w4"]))
    assert _pairs(index.matches(query)) == _pairs(first)
    assert len(sums) == 4


def test_matches_of_a_termless_corpus_are_empty() -> None:
    index = SearchIndex.build([[], []])
    assert len(index.matches(["x"])) == 0
    assert index.top(["x"], 5) == []


def test_queries_from_several_threads_get_their_own_scores() -> None:
    documents, words, rng = _random_corpus(13)
    index = SearchIndex.build(documents)
    queries = [rng.sample(words, 4) for _ in range(200)]
    expected = [index.top(q, 5) for q in queries]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda q: index.top(q, 5), queries)) == expected


@given(
    st.lists(
        st.lists(st.lists(st.sampled_from("abcdef"), max_size=5), min_size=0, max_size=4),
        min_size=1,
        max_size=8,
    )
)
def test_grouped_postings_are_those_of_the_groups_indexed_whole(
    groups: list[list[list[str]]],
) -> None:
    """Sentences grouped into passages: one sort gives both indexes, each exactly what
    indexing the sentences, and the passages, on their own gives."""
    sentences = [sentence for group in groups for sentence in group]
    if not sentences:
        return
    group_of = np.array([n for n, group in enumerate(groups) for _ in group], dtype=np.int32)
    term_ids: dict[str, int] = {}
    terms = np.array(
        [term_ids.setdefault(t, len(term_ids)) for s in sentences for t in s], dtype=np.int32
    )
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    docs = np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)
    vocabulary = list(term_ids)
    by_sentence, by_group = grouped_postings(terms, lengths, vocabulary, group_of, len(groups))
    alone = postings(terms, docs, lengths, vocabulary)
    whole = postings(
        terms,
        np.repeat(group_of, lengths),
        np.bincount(group_of, weights=lengths, minlength=len(groups)),
        vocabulary,
    )
    for made, expected in ((by_sentence, alone), (by_group, whole)):
        for name, array in made.as_dict().items():
            assert array.tolist() == expected.as_dict()[name].tolist(), name


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=0, max_size=4),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 5),
    st.sampled_from([np.int32, np.int64]),
)
def test_group_postings_are_made_alike_whatever_the_block_key_type_and_unused_terms(
    groups: list[list[list[int]]], block: int, key_type: type[np.signedinteger]
) -> None:
    """Terms with no postings among those with some (neighbours in the vocabulary
    whose runs must not merge), blocks of any size and either key type give the
    postings of the groups indexed whole."""
    sentences = [sentence for group in groups for sentence in group]
    if not sentences:
        return
    group_of = np.array([n for n, group in enumerate(groups) for _ in group], dtype=np.int32)
    terms = np.array([t for s in sentences for t in s], dtype=np.int32)
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    vocabulary = [f"w{n}" for n in range(10)]
    real_block, real_type = index_module._POSTINGS_AT_ONCE, index_module._group_key_type
    index_module._POSTINGS_AT_ONCE = block
    index_module._group_key_type = lambda groups: key_type  # type: ignore[assignment]
    try:
        _, by_group = grouped_postings(terms, lengths, vocabulary, group_of, len(groups))
    finally:
        index_module._POSTINGS_AT_ONCE, index_module._group_key_type = real_block, real_type
    whole = postings(
        terms,
        np.repeat(group_of, lengths),
        np.bincount(group_of, weights=lengths, minlength=len(groups)),
        vocabulary,
    )
    for name, array in by_group.as_dict().items():
        assert array.tolist() == whole.as_dict()[name].tolist(), name
    assert by_group.doc_ids.dtype == np.int32


def test_group_keys_are_int32_while_every_key_fits() -> None:
    assert index_module._group_key_type(2**30 - 1) is np.int32
    assert index_module._group_key_type(2**30) is np.int64


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), max_size=60),
    st.integers(1, 9),
    st.booleans(),
)
def test_runs_of_sorted_keys_are_summed_a_block_at_a_time(
    values: list[int], block: int, weighted: bool
) -> None:
    """Whatever the block size, the distinct keys and their summed counts are those
    counted one by one."""
    keys = np.array(sorted(values), dtype=np.int64)
    counts = np.arange(1, len(keys) + 1, dtype=np.int32) if weighted else None
    expected: dict[int, int] = {}
    for position, key in enumerate(keys.tolist()):
        expected[key] = expected.get(key, 0) + (position + 1 if weighted else 1)
    real = index_module._POSTINGS_AT_ONCE
    index_module._POSTINGS_AT_ONCE = block
    try:
        distinct, sums = index_module._summed_runs(keys, counts)
    finally:
        index_module._POSTINGS_AT_ONCE = real
    assert distinct.tolist() == list(expected) and sums.tolist() == list(expected.values())
    assert sums.dtype == np.int32
    # like the keys, the sums are written over the front of the counts, not beside them
    assert counts is None or not len(keys) or np.shares_memory(sums, counts)


def test_grouped_postings_refuse_groups_out_of_order() -> None:
    with pytest.raises(ValueError):
        grouped_postings(
            np.array([0, 0], dtype=np.int32),
            np.array([1, 1]),
            ["a"],
            np.array([1, 0]),
            2,
        )


class _WeightsThatStop:
    """Stored weights whose second read is interrupted, as Ctrl-C would interrupt it."""

    def __init__(self, weights: np.ndarray):
        self.weights, self.reads = weights, 0

    def __getitem__(self, where: slice) -> np.ndarray:
        self.reads += 1
        if self.reads == 2:
            raise KeyboardInterrupt
        return np.asarray(self.weights[where])


def test_a_query_stopped_or_failing_midway_leaves_no_score_to_the_next() -> None:
    documents, words, rng = _random_corpus(16)
    index = SearchIndex.build(documents)
    fresh = SearchIndex.build(documents)
    query = ["w1", "w2", "w3"]
    with pytest.raises(IndexError):
        index.scores_of(query, np.array([len(documents) + 5]))
    stopped = ["w3", "w2", "w1"]  # the failing query's matches are kept; this one is new
    real = index._weights
    index._weights = _WeightsThatStop(real)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        index.matches(stopped)
    index._weights = real
    for other in (stopped, query, ["w4", "w1"], words[:10], stopped):
        assert index.scores(other).tolist() == fresh.scores(other).tolist()
