"""The ranker's weights: readable, sorted, and scores that do not depend on order."""

from __future__ import annotations

import json
import math

from article_qa.answering.ranker import WEIGHTS_FILE, Ranker, softmax


def test_weights_file_is_readable_and_sorted() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert 0.0 < data["threshold"] < 1.0
    assert list(data["span"]) == sorted(data["span"]) and len(data["span"]) > 100
    assert list(data["answerable"]) == sorted(data["answerable"])
    assert all(math.isfinite(w) for w in data["span"].values())


def test_scores_do_not_depend_on_feature_order() -> None:
    ranker = Ranker({"a": 0.1, "b": 0.2, "c": 1e16}, {"bias": 0.0}, 0.5)
    features = {"a": 1.0, "b": 1.0, "c": 1.0}
    reordered = dict(reversed(list(features.items())))
    assert ranker.score(features) == ranker.score(reordered)
    assert ranker.answerable_probability({"bias": 1.0}) == 0.5
    assert softmax([1.0, 1.0]) == [0.5, 0.5] and softmax([1000.0, 0.0])[1] == 0.0
