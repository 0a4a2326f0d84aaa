"""Candidates stage, shared: one retrieved sentence read against the question, once.

Its tokens and their terms, which of them repeat the question's words (and how much
each weighs), its typed spans (as found, and retyped with what the knowledge knows of
people), the shape of each token and the marks between them. The rules that propose
answers and the features the ranker scores all read this one record.
"""

from __future__ import annotations

from collections.abc import Callable

from ..language.clauses import SentenceParts
from ..language.spans import Span
from ..language.tokens import Token, token_terms
from ..model import Hit, Question


class Reading:
    """A sentence read against a question (made once per retrieved sentence)."""

    def __init__(
        self,
        question: Question,
        hit: Hit,
        parts: SentenceParts,
        idf: Callable[[str], float],
        is_person_name: Callable[[str], bool],
    ):
        self.question = question
        self.hit = hit
        self.sentence = hit.sentence.text
        self.tokens: tuple[Token, ...] = parts.tokens
        focus = set(question.focus)
        self.token_terms = [token_terms(t) for t in self.tokens]
        self.matches = [any(term in focus for term in ts) for ts in self.token_terms]
        self.match_positions = [i for i, hit_ in enumerate(self.matches) if hit_]
        # where the question's last word stands ("what did she launch?": after "launched")
        final = question.focus[-1] if question.focus else None
        self.final_positions = [i for i, ts in enumerate(self.token_terms) if final in ts]
        # each matched word's share of the question's total IDF weight
        total = sum(idf(term) for term in focus) or 1.0
        self.weights = [
            sum(idf(term) for term in set(ts) & focus) / total for ts in self.token_terms
        ]
        self.found_spans = parts.spans
        self.spans = [_retype(span, is_person_name) for span in self.found_spans]
        self.kind_at = {(s.start, s.end): s.kind for s in self.found_spans}
        self.inside = self._kinds_inside()
        self.shapes = [_shape(token, i) for i, token in enumerate(self.tokens)]
        self.gaps = [
            self.sentence[self.tokens[i - 1].end : self.tokens[i].start] if i else ""
            for i in range(len(self.tokens))
        ]

    def _kinds_inside(self) -> list[str | None]:
        """For each token, the kind of the found span it lies in (the last such), or None."""
        inside: list[str | None] = [None] * len(self.tokens)
        for (start, end), kind in self.kind_at.items():
            for i, token in enumerate(self.tokens):
                if token.start >= start and token.end <= end:
                    inside[i] = kind
        return inside

    def nearness(self, span: Span) -> float:
        """Up to 1.0 for a span that stands close to the question's words in the sentence."""
        positions = [self.tokens[i].start for i in self.match_positions]
        if not positions:
            return 0.0
        distance = min(abs(span.start - p) for p in positions)
        return 1.0 / (1.0 + distance / 20.0)


def _retype(span: Span, is_person_name: Callable[[str], bool]) -> Span:
    """A plain name that the knowledge elsewhere uses as a person's becomes a person; a
    lone capitalised word opening the sentence is otherwise no name at all."""
    if span.kind in ("name", "initial") and is_person_name(span.text):
        return Span("person", span.start, span.end, span.text, span.value)
    if span.kind == "initial":
        return Span("word", span.start, span.end, span.text, span.value)
    return span


def _shape(token: Token, position: int) -> str:
    word = token.text
    if word[0].isdigit():
        return "num"
    if word[0].isupper():
        return "cap0" if position == 0 else "cap"
    return "low"
