"""Passages: a source's usable paragraphs, numbered, and their sentences with offsets."""

from __future__ import annotations

from pathlib import Path

from article_qa.knowledge.passages import build_passages, split_passage
from article_qa.knowledge.sources import load_sources
from support import write_source


def test_passages_are_numbered_without_excluded_paragraphs(tmp_path: Path) -> None:
    body = "One.\n\n<!-- exclude: advert -->\nBuy now.\n<!-- /exclude -->\n\nTwo.\n\n<!-- a note -->\nThree."
    write_source(tmp_path, "story", body)
    passages = build_passages(load_sources(tmp_path))
    assert [(p.paragraph, p.text) for p in passages] == [(1, "One."), (2, "Two."), (3, "Three.")]
    assert passages[1].line == 11


def test_sentences_keep_offsets_and_terms(tmp_path: Path) -> None:
    write_source(tmp_path, "story", "The port grew. It hired 37 workers.")
    (passage,) = build_passages(load_sources(tmp_path))
    first, second = split_passage(passage)
    assert passage.text[second.start : second.end] == second.text == "It hired 37 workers."
    assert second.terms == ("hire", "37", "worker") and first.index == 0
