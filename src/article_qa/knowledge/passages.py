"""Passages stage: turn sources into numbered passages and sentences that keep their offsets."""

from __future__ import annotations

from collections.abc import Iterable

from ..language.sentences import sentence_spans
from ..language.tokens import terms
from ..model import Passage, Sentence, Source


def build_passages(sources: Iterable[Source]) -> list[Passage]:
    """The usable paragraphs of all sources, in source and reading order; each is
    numbered within its source, excluded paragraphs not counted."""
    passages: list[Passage] = []
    for source in sources:
        title = source.title
        usable = [p for p in source.paragraphs if not p.excluded]
        for number, paragraph in enumerate(usable, start=1):
            passages.append(
                Passage(
                    id=f"{source.id}#{number}",
                    source_id=source.id,
                    source_title=title,
                    paragraph=number,
                    line=paragraph.line,
                    text=paragraph.text,
                )
            )
    return passages


def split_passage(passage: Passage) -> list[Sentence]:
    """The sentences of one passage, each with its offsets and search terms."""
    sentences = []
    for index, (start, end) in enumerate(sentence_spans(passage.text)):
        text = passage.text[start:end]
        sentences.append(Sentence(passage.id, index, start, end, text, tuple(terms(text))))
    return sentences
