"""Passages stage: turn sources into numbered passages and sentences that keep their offsets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .sources import Source
from .text import sentence_spans, terms


@dataclass(frozen=True)
class Citation:
    """Where a sentence stands: source, paragraph number and file line."""

    source_id: str
    source_title: str
    paragraph: int
    line: int

    def __str__(self) -> str:
        return f"{self.source_id}, paragraph {self.paragraph}"


@dataclass(frozen=True)
class Passage:
    """One paragraph of a source that may be used for answers.

    ``number`` counts the source's usable paragraphs from 1 (excluded ones are skipped);
    ``line`` is where the paragraph starts in the source file.
    """

    id: str
    source_id: str
    source_title: str
    number: int
    line: int
    text: str

    @property
    def citation(self) -> Citation:
        """How answers from this passage are cited."""
        return Citation(self.source_id, self.source_title, self.number, self.line)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage; ``start`` and ``end`` are offsets into the passage text."""

    passage_id: str
    index: int
    start: int
    end: int
    text: str
    terms: tuple[str, ...]


def build_passages(sources: Iterable[Source]) -> list[Passage]:
    """The usable paragraphs of all sources, in source and reading order."""
    passages: list[Passage] = []
    for source in sources:
        number = 0
        for paragraph in source.paragraphs:
            if paragraph.excluded:
                continue
            number += 1
            passages.append(
                Passage(
                    id=f"{source.id}#{number}",
                    source_id=source.id,
                    source_title=source.title,
                    number=number,
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
