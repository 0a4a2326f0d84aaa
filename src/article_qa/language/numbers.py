"""Language tools: the value of a number written in digits, words or both.

One parser for the whole engine: figures in sources ("3.5 million", "a dozen"), stated
amounts ("$1,200", "45 percent") and the numbers answers state.
"""

from __future__ import annotations

import math
import re

from .lexicon import CURRENCY_SIGNS, NUMBER_WORDS, SCALES

_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
_FIRST_FIGURE_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# A vote tally, "voted 9-4" (for, against).
TALLY_RE = re.compile(r"\b(\d{1,3})\s*[-–]\s*(\d{1,3})\b")
# "The minimum, now $12.75, ...": the text just before a figure marks it as what is now.
NOW_BEFORE_RE = re.compile(r"\b(?:now|currently|today)\s*,?\s*\$?$")
_MONEY_AND_PERCENT_RE = re.compile(rf"[{re.escape(CURRENCY_SIGNS)}%]|\bper ?cent\b")


def parse_number(words: list[str]) -> float | None:
    """The value of a number written in digits and/or words, or None.

    >>> parse_number(["3.5", "million"]), parse_number(["a", "dozen"]), parse_number(["five"])
    (3500000.0, 12.0, 5.0)
    """
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        word = raw.lower().replace(",", "")
        if word in ("a", "an") and not seen:
            current, seen = 1.0, True
            continue
        if _DIGITS_RE.fullmatch(word):
            current += float(word)
        elif word in SCALES:
            current = max(current, 1.0) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif word == "dozen":
            current = max(current, 1.0) * 12
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word == "and" and seen:
            continue
        else:
            return None
        seen = True
    value = total + current
    return value if seen and math.isfinite(value) else None


def amount(text: str | None) -> float | None:
    """The number in a stated figure ("$1,200", "£950", "45 percent", "five"), or None.

    >>> amount("$1,200"), amount("£950"), amount("45 percent"), amount(None)
    (1200.0, 950.0, 45.0, None)
    """
    if not text:
        return None
    cleaned = _MONEY_AND_PERCENT_RE.sub(" ", text.replace(",", ""))
    return parse_number(cleaned.split())


def first_number(text: str) -> float | None:
    """The first number a piece of text states, in digits or words.

    >>> first_number("about 2.0 times"), first_number("a dozen"), first_number("none")
    (2.0, 12.0, None)
    """
    digits = _FIRST_FIGURE_RE.search(text)
    if digits:
        return float(digits.group().replace(",", ""))
    words = [w.strip(".,;:!?\"'()") for w in text.split()]
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            value = parse_number(words[start:end])
            if value is not None:
                return value
    return None
