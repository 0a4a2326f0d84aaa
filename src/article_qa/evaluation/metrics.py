"""Evaluation: how an answer is compared with an expected one (the SQuAD rules).

Answers are normalised (lower case, no punctuation, no articles a/an/the, single
spaces); exact match and token F1 are the maximum over the gold answers (Rajpurkar et
al., 2016); a question without gold answers is right only when the bot declines.
"""

from __future__ import annotations

import re
import string
from collections import Counter

_ARTICLES_RE = re.compile(r"\b(a|an|the)\b")


def normalise_answer(text: str) -> str:
    """Lower case, no punctuation, no articles a/an/the, single spaces (the SQuAD rule).

    >>> normalise_answer("The Office of Justice Programs.")
    'office of justice programs'
    """
    text = text.lower()
    text = "".join(ch for ch in text if ch not in string.punctuation)
    return " ".join(_ARTICLES_RE.sub(" ", text).split())


def exact_match(prediction: str, golds: tuple[str, ...]) -> float:
    """1.0 when the normalised prediction equals a normalised gold answer."""
    if not golds:
        return float(prediction == "")
    return max(float(normalise_answer(prediction) == normalise_answer(g)) for g in golds)


def f1_score(prediction: str, golds: tuple[str, ...]) -> float:
    """Token F1 of the prediction against the best gold answer.

    >>> round(f1_score("Andy Luger", ("U.S. Attorney Andy Luger",)), 2)
    0.67
    """
    if not golds:
        return float(prediction == "")
    return max(_f1(prediction, gold) for gold in golds)


def _f1(prediction: str, gold: str) -> float:
    predicted, expected = normalise_answer(prediction).split(), normalise_answer(gold).split()
    if not predicted or not expected:
        return float(predicted == expected)
    overlap = sum((Counter(predicted) & Counter(expected)).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(expected)
    return 2 * precision * recall / (precision + recall)
