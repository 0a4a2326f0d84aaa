"""Candidates stage, yes/no: whether the deciding sentence affirms or denies what the
question asks.

News writing denies in more ways than "not": a motion is "rejected", a suit
"dismissed", a member "voted against" or "declined" to act, and a vote of 8-4 is not
unanimous. A word of denial counts only where it speaks of the question's matter:
the question's own words ("was the suit dismissed?") and reported speech or quotes
that hold none of the question's words ("..., said the city could not afford ...")
do not turn the answer.
"""

from __future__ import annotations

import re

from ..language.lexicon import NEGATIONS, NEGATIVE_OUTCOMES, SPEECH_VERBS, UNANIMITY_WORDS
from ..language.numbers import TALLY_RE
from .reading import Reading

# a question of change, and a sentence saying nothing changed
_CHANGE_ASKED = frozenset(
    "added add increased increase grown grow raised raise cut reduced changed change expanded".split()
)
_UNCHANGED_RE = re.compile(
    r"\b(?:the same as|unchanged|remained? (?:flat|steady|the same)|stayed? (?:flat|the same)"
    r"|no change)\b",
    re.I,
)
_MAJORITY_WORDS = frozenset(["majority", "most"])
_VOTE_WORDS = frozenset(["vote", "voted", "votes", "voting"])
# a question about all of something, and a sentence where part of it goes on
_WHOLE_WORDS = frozenset("whole entire all every completely entirely".split())
_IN_PART_RE = re.compile(
    r"\b(?:while|but|although)\b[^.;]*\b(?:would|will|to)\s+(?:stay|remain|keep|continue)\b"
    r"|\bpart of\b|\bsome of\b",
    re.I,
)
# "voted against it, saying the port should not borrow": the reason given, not the act
_SPEECH_PARTICIPLES = frozenset("saying arguing adding noting claiming contending".split())
_QUOTES = '"“”'
_CONTRASTS = frozenset(["but", "although", "though", "while", "yet"])


def decides(reading: Reading) -> bool:
    """Whether the sentence can decide the question at all: "did a majority vote for
    it?" is decided by a vote's tally in the sentence's paragraph, not by a sentence
    naming the members who voted against."""
    asked = set(reading.question.words)
    if asked & _MAJORITY_WORDS and asked & _VOTE_WORDS:
        return _majority_for(reading.hit.passage.text) is not None
    return True


def denies(reading: Reading) -> bool:
    """True when the sentence says the opposite of what the question asks."""
    question = reading.question
    asked = set(question.words)
    cues = [
        i
        for i, token in enumerate(reading.tokens)
        # the question's own word, in any form ("did it fail?" and "failed"), is no denial
        if not (token.lower in asked or reading.matches[i]) and _is_denial(token.lower)
    ]
    ignored = _aside(reading)
    # "..., but has not ruled on the others": a plain "not" there is about something
    # else; "..., but the department rejected the request" still turns the answer
    elsewhere = {
        i for i in _other_clauses(reading) if reading.tokens[i].lower not in NEGATIVE_OUTCOMES
    }
    negative = any(i not in ignored and i not in elsewhere for i in cues)
    if asked & UNANIMITY_WORDS and _split_vote(reading.sentence):
        negative = True
    if asked & _CHANGE_ASKED and _UNCHANGED_RE.search(reading.sentence):
        negative = True  # "has it added staff?" - "the same as in 2019"
    majority = _majority_for(reading.hit.passage.text) if asked & _MAJORITY_WORDS else None
    if majority is not None:
        negative = not majority  # "did most vote for it?" - "voted 7-2", whoever dissented
    if asked & _WHOLE_WORDS and _IN_PART_RE.search(reading.sentence):
        negative = True  # "is the whole plant closing?" - "..., while the shop would stay"
    return negative != question.negated


def _is_denial(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't") or word in NEGATIVE_OUTCOMES


def _aside(reading: Reading) -> set[int]:
    """Token positions in reported speech or quotes that hold none of the question's
    words: what someone said about something else."""
    tokens = reading.tokens
    ignored: set[int] = set()
    for start, end in _speech_parts(reading):
        if not any(reading.matches[start:end]):
            ignored.update(range(start, end))
    return ignored if len(ignored) < len(tokens) else set()


def _other_clauses(reading: Reading) -> set[int]:
    """Token positions of a clause after "but", "although", "though" or "while" that
    holds none of the question's words: "FEMA has approved buyouts for 14 homes but has
    not ruled on the others" affirms the approval."""
    tokens = reading.tokens
    for i, token in enumerate(tokens):
        if token.lower in _CONTRASTS and i > 0 and any(reading.matches[:i]):
            end = next(
                (j for j in range(i + 1, len(tokens)) if any(m in reading.gaps[j] for m in ";:")),
                len(tokens),
            )
            if not any(reading.matches[i + 1 : end]):
                return set(range(i + 1, end))
    return set()


def _speech_parts(reading: Reading) -> list[tuple[int, int]]:
    """Spans of token positions: what follows a verb of speech up to the end of the
    sentence, and each quotation."""
    tokens = reading.tokens
    parts: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        if (token.lower in SPEECH_VERBS or token.lower in _SPEECH_PARTICIPLES) and i + 1 < len(
            tokens
        ):
            parts.append((i + 1, len(tokens)))
            break
    opened: int | None = None
    for i, token in enumerate(tokens):
        if any(mark in reading.gaps[i] for mark in _QUOTES) or token.text in _QUOTES:
            if opened is None:
                opened = i
            else:
                parts.append((opened, i))
                opened = None
    return parts


def _majority_for(paragraph: str) -> bool | None:
    """Whether the paragraph's vote tally has more for than against (None: no tally)."""
    match = TALLY_RE.search(paragraph)
    if match is None:
        return None
    return int(match.group(1)) > int(match.group(2))


def _split_vote(sentence: str) -> bool:
    """A vote with members on both sides ("voted 9-4"), or one against."""
    for match in TALLY_RE.finditer(sentence):
        first, second = int(match.group(1)), int(match.group(2))
        if first > 0 and second > 0:
            return True
    return False
