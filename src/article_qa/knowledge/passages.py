"""Passages stage: turn sources into numbered passages (made when first read) and
sentences that keep their offsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..language.sentences import sentence_spans
from ..language.tokens import terms
from ..model import Paragraph, Passage, Sentence, Source
from .kept_sources import usable_count, usable_lengths, usable_paragraphs
from .made_when_read import MadeWhenRead


def build_passages(sources: Iterable[Source]) -> PassageList:
    """The usable paragraphs of all sources, in source and reading order; each is
    numbered within its source, excluded paragraphs not counted."""
    return PassageList(list(sources))


class PassageList(MadeWhenRead[Passage]):
    """The passages of a list of sources, each made the first time it is read (a load
    over 100,000 paragraphs taken back from the cache makes none of them)."""

    def __init__(self, sources: list[Source]):
        """The passages of ``sources``, in order."""
        self._sources = sources
        counts = np.fromiter((usable_count(s) for s in sources), dtype=np.int64, count=len(sources))
        self._starts = np.zeros(len(sources) + 1, dtype=np.int64)
        np.cumsum(counts, out=self._starts[1:])
        self._position_of = {s.id: n for n, s in enumerate(sources)}
        self._usable: dict[int, Sequence[Paragraph]] = {}

    def __len__(self) -> int:
        return int(self._starts[-1])

    def make(self, index: int) -> Passage:
        """The passage at ``index``."""
        number = int(np.searchsorted(self._starts, index, side="right")) - 1
        source = self._sources[number]
        usable = self._usable.get(number)
        if usable is None:
            usable = self._usable[number] = usable_paragraphs(source)
        paragraph_number = index - int(self._starts[number]) + 1
        paragraph = usable[paragraph_number - 1]
        return Passage(
            id=f"{source.id}#{paragraph_number}",
            source_id=source.id,
            source_title=source.title,
            paragraph=paragraph_number,
            line=paragraph.line,
            text=paragraph.text,
        )

    def position(self, passage_id: str) -> int | None:
        """Where the passage with this id ("source#3") stands, if there is one."""
        source_id, _, number = passage_id.rpartition("#")
        found = self._position_of.get(source_id)
        if found is None or not number.isdigit():
            return None
        paragraph = int(number)
        start, end = int(self._starts[found]), int(self._starts[found + 1])
        return start + paragraph - 1 if 1 <= paragraph <= end - start else None

    def get(self, passage_id: str) -> Passage | None:
        """The passage with this id, if there is one."""
        position = self.position(passage_id)
        return None if position is None else self[position]

    def of_source(self, source_id: str) -> list[Passage]:
        """The passages of one source, in order (none for an unknown id)."""
        found = self._position_of.get(source_id)
        if found is None:
            return []
        return self[int(self._starts[found]) : int(self._starts[found + 1])]

    def source_spans(self) -> list[tuple[str, int, int]]:
        """Each source that has passages: its id, its first passage's position, and
        how many it has."""
        starts, sources = self._starts, self._sources
        return [
            (source.id, int(starts[n]), int(starts[n + 1] - starts[n]))
            for n, source in enumerate(sources)
            if starts[n + 1] > starts[n]
        ]

    def text_lengths(self) -> np.ndarray:
        """The length in characters of every passage's text (without making them)."""
        parts = [usable_lengths(s) for s in self._sources]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def text_lengths(passages: Sequence[Passage]) -> np.ndarray:
    """The length in characters of every passage's text (a ``PassageList``'s without
    making its passages)."""
    if isinstance(passages, PassageList):
        return passages.text_lengths()
    return np.fromiter((len(p.text) for p in passages), dtype=np.int64, count=len(passages))


def split_passage(passage: Passage) -> list[Sentence]:
    """The sentences of one passage, each with its offsets and search terms."""
    sentences = []
    for index, (start, end) in enumerate(sentence_spans(passage.text)):
        text = passage.text[start:end]
        sentences.append(Sentence(passage.id, index, start, end, text, tuple(terms(text))))
    return sentences
