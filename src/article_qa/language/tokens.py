"""Language tools: tokens with their offsets, and the stemmed search terms of a text.

Tokens come from one regular expression; stems from NLTK's Snowball stemmer, which
needs no downloaded data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

from .lexicon import IRREGULAR_VERBS, STOPWORDS

# One token: an initialism with stops (U.S.), a number (1,200 / 3.5 / 45%), or a word
# that may hold inner apostrophes and hyphens (don't, victim-centered).
_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|\d+(?:[.,]\d+)*%?"
    r"|[^\W_]+(?:['’\-][^\W_]+)*"
)
# British -ise/-isation spellings are folded into -ize/-ization before stemming, on both
# sides of a match, so "organisations" finds "organizations".
_BRITISH_ISE_RE = re.compile(r"(?<=\w{3})is(?=(?:e|ed|es|ing|ation|ations)$)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Token:
    """A token of a text, where it stands in that text, and its lower-case form (with
    typographic apostrophes made plain)."""

    text: str
    start: int
    end: int
    lower: str


def normalise(text: str) -> str:
    r"""Unicode-normalise a piece of text and collapse its white space.

    >>> normalise("  two\n lines ")
    'two lines'
    """
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub(" ", text).strip()


def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into tokens that keep their character offsets.

    >>> [t.text for t in tokenize("U.S. convictions rose 1,200%.")]
    ['U.S.', 'convictions', 'rose', '1,200%']
    """
    return tuple(
        Token(
            match.group(), match.start(), match.end(), match.group().lower().translate(_APOSTROPHES)
        )
        for match in _TOKEN_RE.finditer(text)
    )


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word (remembered: words repeat).

    >>> stem("convictions")
    'convict'
    """
    return str(_stemmer().stem(word))


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


def token_terms(token: Token) -> tuple[str, ...]:
    """The search terms one token contributes: stemmed content words and numbers."""
    return word_terms(token.lower)


@lru_cache(maxsize=65536)
def word_terms(word: str) -> tuple[str, ...]:
    """The search terms of one lower-case token (remembered: words repeat).

    >>> word_terms("victim-centered"), word_terms("1,200%"), word_terms("the")
    (('victim', 'center'), ('1200',), ())
    """
    if word[0].isdigit():
        return (word.replace(",", "").rstrip("%"),)
    if not word.isascii():
        word = fold_accents(word)
    if "." in word:  # an initialism such as u.s.
        return (word.replace(".", ""),)
    found = []
    for part in word.split("-"):
        if part in STOPWORDS:
            continue
        if part.endswith("n't"):
            part = part[:-3]
        elif "'" in part:
            part = part.split("'", 1)[0]
        if part and part not in STOPWORDS:
            part = _BRITISH_ISE_RE.sub("iz", IRREGULAR_VERBS.get(part, part))
            found.append(stem(part))
    return tuple(found)


def fold_accents(word: str) -> str:
    """The word without its accents, so a question typed without them ("Gospic")
    finds the name as published ("Gospić").

    >>> fold_accents("gospić"), fold_accents("café")
    ('gospic', 'cafe')
    """
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order, repeats kept (what BM25 indexes).

    >>> terms("Convictions rose from 31 to 63")
    ['convict', 'rise', '31', '63']
    """
    return [term for token in tokenize(text) for term in token_terms(token)]


def stems(words: frozenset[str] | set[str]) -> frozenset[str]:
    """The search terms of a list of words, as one set."""
    return frozenset(term for word in words for term in word_terms(word.lower()))
