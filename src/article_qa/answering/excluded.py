"""Answer stage: notice a question about text that is never answered from.

A source keeps its promotional paragraphs (a donation appeal, a newsletter sign-up)
marked as excluded. Someone may still ask about them ("what do new members get?").
Such a question must not be answered from whatever news sentence happens to share a
word with it: when an excluded paragraph holds more of the question's words than any
paragraph that may answer, the honest reply is that the text asked about is not used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..knowledge.kept_sources import excluded_paragraphs
from ..language.tokens import terms
from ..model import Paragraph, Question, Source

# An excluded paragraph is what a question is about when it holds at least this share
# of the question's required words, and at least two of them.
MIN_SHARE = 0.5
MIN_WORDS = 2


@dataclass(frozen=True)
class ExcludedParagraph:
    """A run of paragraphs a source marks as excluded, with why and its search terms."""

    source_id: str
    why: str
    terms: frozenset[str]


class ExcludedText:
    """The excluded paragraphs of the loaded sources."""

    def __init__(self, sources: Sequence[Source]):
        """Read every excluded block of ``sources`` once: a run of excluded paragraphs
        is one block, so a heading ("Election coverage you count on") goes with the
        appeal under it."""
        self.paragraphs: list[ExcludedParagraph] = []
        for source in sources:
            block: list[Paragraph] = []
            last = -2
            for position, paragraph in excluded_paragraphs(source):
                if block and position != last + 1:
                    self.paragraphs.append(_block(source.id, block))
                    block = []
                block.append(paragraph)
                last = position
            if block:
                self.paragraphs.append(_block(source.id, block))

    def asked_about(
        self, question: Question, usable_terms: Callable[[], Sequence[frozenset[str]]]
    ) -> str | None:
        """Why the question cannot be answered when it is about excluded text (e.g. "it
        asks about text marked as donation appeal, which is never used for answers"), else None.

        ``usable_terms`` gives the terms of the best usable passages; it is called only
        when an excluded paragraph matches, so most questions pay nothing for it.
        """
        required = set(question.required)
        if len(required) < MIN_WORDS:
            return None
        best = max(self.paragraphs, key=lambda p: len(required & p.terms), default=None)
        if best is None:
            return None
        held = len(required & best.terms)
        if held < MIN_WORDS or held < MIN_SHARE * len(required):
            return None
        if any(len(required & found) >= held for found in usable_terms()):
            return None
        why = best.why or "excluded"
        return f"it asks about text marked as {why}, which is never used for answers"


def _block(source_id: str, paragraphs: list[Paragraph]) -> ExcludedParagraph:
    why = next((p.excluded_why for p in reversed(paragraphs) if p.excluded_why), "")
    words = frozenset(term for p in paragraphs for term in terms(p.text))
    return ExcludedParagraph(source_id, why, words)
