"""Language tools: sentences, split by NLTK's Punkt algorithm with parameters we give it.

Punkt is data-driven, but it runs without its downloadable model when it is handed
its parameters: the abbreviations that do not end a sentence and the words that open
one, both from the lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .lexicon import ABBREVIATIONS, SENTENCE_STARTERS

# "That is up from 162 minutes in 2021": a sentence whose subject is the statement
# before it
_REFERS_BACK_RE = re.compile(r"(?:That|This|It)(?:\s+(?:is|was|would be)|'s)\s")


@lru_cache(maxsize=1)
def _splitter() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the sentences in ``text``."""
    if not text.strip():
        return []
    return list(_splitter().span_tokenize(text))


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences.

    >>> split_sentences("Dr. Smith met Mr. Jones at 3 p.m. Monday. He left.")
    ['Dr. Smith met Mr. Jones at 3 p.m. Monday.', 'He left.']
    """
    return [text[start:end] for start, end in sentence_spans(text)]


def refers_back(sentence: str) -> bool:
    """Whether the sentence's subject is the statement before it, so that its figures
    are about what that statement said.

    >>> refers_back("That is up from 162 minutes in 2021."), refers_back("That vote failed.")
    (True, False)
    """
    return _REFERS_BACK_RE.match(sentence) is not None
