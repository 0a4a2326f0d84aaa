"""Deriving sentences, facts and indexes: the same result whether the sources are read
in this process or shared out among workers."""

from __future__ import annotations

import pytest

from article_qa.knowledge import build
from article_qa.knowledge.passages import build_passages
from article_qa.knowledge.sources import load_sources
from support import NEWS


def test_workers_give_the_same_result_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    passages = build_passages(load_sources(NEWS))
    alone = build.derive(passages)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    shared = build.derive(passages)
    assert list(shared.sentences) == list(alone.sentences)
    assert list(shared.facts) == list(alone.facts)
    assert shared.referents == alone.referents and shared.person_words == alone.person_words
    assert list(shared.sentence_passage) == list(alone.sentence_passage)
    assert list(shared.fact_keys) == [build.fact_key(f) for f in alone.facts]
