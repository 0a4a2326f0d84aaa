"""Language tools: one sentence read for its structure: clauses, verbs, subjects, times.

``SentenceParts`` tokenizes a sentence and finds its typed spans once; the facts
extraction asks it where a clause starts, which verb governs a position and what noun
phrase a verb is said of. The rules are about English writing in general.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from .lexicon import (
    CHANGE_VERBS,
    FACTOR_VERBS,
    IRREGULAR_VERBS,
    NOT_VERBS,
    SPEECH_VERBS,
    STOPWORDS,
)
from .spans import Span, find_spans
from .tokens import Token, tokenize

WINDOW = 40  # tokens looked at around a position for its verb and subject
_CLAUSE_MARKS = (";", ":", '"', "“", "”")


def is_verb(token: Token) -> bool:
    """True for a word that reads as a verb form: an irregular past, a verb of change,
    or a lower-case word ending in -ed or -ing.

    >>> is_verb(tokenize("rose")[0]), is_verb(tokenize("helping")[0]), is_verb(tokenize("girls")[0])
    (True, True, False)
    """
    word = token.lower
    if word in IRREGULAR_VERBS or word in CHANGE_VERBS or word in FACTOR_VERBS:
        return True
    if not word.isalpha() or word in NOT_VERBS or token.text[0].isupper():
        return False
    return (word.endswith("ed") and len(word) > 4) or (word.endswith("ing") and len(word) > 5)


def is_plain_word(token: Token) -> bool:
    """A lower-case content word that is not a verb of speech."""
    word = token.lower
    return (
        word.isalpha()
        and word not in STOPWORDS
        and word not in SPEECH_VERBS
        and not token.text[0].isupper()
    )


def is_plural(word: str) -> bool:
    """A rough test for an English plural noun ("girls", not "class")."""
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


class SentenceParts:
    """A sentence with its tokens and typed spans, and questions about its structure."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.spans = find_spans(text)

    def numbers(self) -> list[Span]:
        """The sentence's numbers, in order."""
        return [s for s in self.spans if s.kind == "number"]

    def window(self, start: int, end: int, most: int = WINDOW) -> Sequence[Token]:
        """The tokens that start in [start, end), at most the last ``most`` of them: a
        number's verb and subject stand near it, and looking no further keeps a very
        long sentence from costing the square of its length."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return self.tokens[max(first, last - most) : last]

    def tokens_from(self, position: int) -> Sequence[Token]:
        """The tokens that start at or after ``position``."""
        return self.tokens[bisect_left(self.starts, position) :]

    def tokens_after(self, position: int) -> list[Token]:
        """The tokens after ``position`` up to the first punctuation mark."""
        result = []
        previous_end = position
        for token in self.tokens_from(position):
            if self.text[previous_end : token.start].strip():
                break
            result.append(token)
            previous_end = token.end
        return result

    def clause_start(self, position: int) -> int:
        """Where the clause holding ``position`` starts (after a semicolon, colon or quote)."""
        cut = max(self.text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS)
        return cut + 1 if cut >= 0 else 0

    def subject_before(self, position: int) -> str:
        """The noun phrase a verb at ``position`` is said of: from the clause start, or
        from after a speech verb or "that" ("the department says [the number ...]")."""
        start = self.clause_start(position)
        # "at the time of the survey, ..., the organizations that responded were helping":
        # the subject stands after the last comma before its verb
        start = max(start, self.text.rfind(",", start, position) + 1)
        words: list[Token] = []
        for token in self.window(start, position):
            # "says that [the number ...]" starts the subject afresh; "organizations that
            # responded" keeps it
            after_verb = token.lower == "that" and (not words or is_verb(words[-1]))
            if token.lower in SPEECH_VERBS or after_verb:
                words = []
                continue
            words.append(token)
        text = " ".join(t.text for t in words)
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(
            r"^(?:number|numbers|count|total|amount) of\s+", "", text, flags=re.IGNORECASE
        )
        return re.sub(r"\s+(?:nearly|almost|about|roughly|more than)$", "", text)

    def time_near(self, span: Span) -> str:
        """The time stated in the sentence nearest to a span, or "".

        A time that closes another figure's phrase ("up from 162 minutes in 2021")
        belongs to that figure and to figures before it, never to one after it ("and
        well above the statewide median of 171 minutes").
        """
        numbers = self.numbers()
        times = [
            s
            for s in self.spans
            if s.kind == "time" and not (s.end <= span.start and self._closes_figure(s, numbers))
        ]
        if not times:
            return ""
        return min(times, key=lambda t: abs(t.start - span.start)).text

    def _closes_figure(self, time: Span, numbers: Sequence[Span]) -> bool:
        """True when a figure stands just before the time, in the same phrase: a few
        words, no comma or clause mark between ("162 minutes in 2021")."""
        before = [n for n in numbers if n.end <= time.start]
        if not before:
            return False
        between = self.text[before[-1].end : time.start]
        return len(between.split()) <= 3 and not re.search(r"[,;:()\"]", between)

    def time_after(self, position: int) -> str:
        """A time that starts within a few characters after ``position``, or ""."""
        for span in self.spans:
            if span.kind == "time" and 0 <= span.start - position <= 4:
                return span.text
        return ""
