"""Text stage: sentences, tokens with offsets, and search terms (the only place NLTK is used).

Everything here runs without NLTK's downloadable data: the Punkt sentence splitter is
given its parameters (abbreviations, sentence starters) by us instead of a trained
model, tokens come from one regular expression, and the stop-word list is our own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Abbreviations that end in a full stop but seldom end a sentence in English news
# writing: titles, initialisms written with stops, months, street and company words.
# Punkt wants them lower case, without the final stop.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st rev hon gen col lt sgt capt cmdr adm gov sen rep pres u.s u.k
    u.n e.u d.c l.a n.y a.m p.m e.g i.e etc vs al approx dept est inc corp co ltd jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun no nos
    vol ft mt ave blvd rd ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass
    mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)

# Words that, capitalised after an abbreviation, almost always open a new sentence.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those there then but and so yet however
    meanwhile after before when while in on at
    """.split()
)

# English function words and question words. They carry no topic, so they are left
# out of search terms (NLTK's own list needs a download).
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each either else ever every few for from further
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
    herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its
    itself just let's many may me might more most much must mustn't my myself neither no nor
    not now of off on once only or other ought our ours ourselves out over own per rather
    same shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're
    they've this those though through to too under until up upon us very was wasn't we we'd
    we'll we're we've were weren't what what's whatever when when's where where's whether
    which while who who's whom whose why why's will with within without won't would wouldn't
    yet you you'd you'll you're you've your yours yourself yourselves
    """.split()
)

# Past forms of common irregular English verbs, so that "rose" matches "rise" and
# "grew" matches "growing" (a stemmer only strips regular endings).
IRREGULAR_VERBS = {
    form: base
    for base, forms in {
        "arise": "arose arisen", "be": "was were been", "bear": "bore borne born",
        "beat": "beaten", "become": "became", "begin": "began begun", "bite": "bitten",
        "break": "broke broken", "bring": "brought", "build": "built", "buy": "bought",
        "catch": "caught", "choose": "chose chosen", "come": "came", "deal": "dealt",
        "do": "did done", "draw": "drew drawn", "drive": "drove driven", "eat": "ate eaten",
        "fall": "fell fallen", "feel": "felt", "fight": "fought",
        "flee": "fled", "fly": "flew flown", "forget": "forgot forgotten",
        "freeze": "froze frozen", "get": "got gotten", "give": "gave given",
        "go": "went gone", "grow": "grew grown", "hang": "hung", "have": "had",
        "hear": "heard", "hide": "hid hidden", "hold": "held", "keep": "kept",
        "know": "knew known", "lead": "led", "lend": "lent", "lose": "lost",
        "make": "made", "mean": "meant", "meet": "met", "pay": "paid", "ride": "rode ridden",
        "ring": "rang rung", "rise": "rose risen", "run": "ran", "say": "said", "see": "seen",
        "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook shaken",
        "shoot": "shot", "show": "shown", "sing": "sang sung", "sink": "sank sunk",
        "sit": "sat", "sleep": "slept", "speak": "spoke spoken", "spend": "spent",
        "stand": "stood", "steal": "stole stolen", "strike": "struck", "swear": "swore sworn",
        "swim": "swam swum", "take": "took taken", "teach": "taught", "tear": "tore torn",
        "tell": "told", "think": "thought", "throw": "threw thrown",
        "understand": "understood", "wake": "woke woken", "wear": "wore worn",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}  # fmt: skip

# Words that turn a statement into its opposite ("n't" endings count too).
NEGATIONS = frozenset("not no never nobody nothing none neither nor".split())

# Verbs that report speech: "X said", "she added".
SPEECH_VERBS = frozenset("said says say added told asked explained noted according".split())

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
    """Unicode-normalise a piece of text and collapse its white space."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _sentence_splitter() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) character spans of the sentences in ``text``."""
    if not text.strip():
        return []
    return [(start, end) for start, end in _sentence_splitter().span_tokenize(text)]


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences."""
    return [text[start:end] for start, end in sentence_spans(text)]


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into tokens that keep their character offsets.

    Remembered for recent texts: every stage tokenizes the same sentences again.
    """
    return tuple(
        Token(word, m.start(), m.end(), word.lower().translate(_APOSTROPHES))
        for m in _TOKEN_RE.finditer(text)
        for word in (m.group(),)
    )


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word."""
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


def token_terms(token: Token) -> tuple[str, ...]:
    """The search terms one token contributes: stemmed content words and numbers."""
    return word_terms(token.lower)


@lru_cache(maxsize=65536)
def word_terms(word: str) -> tuple[str, ...]:
    """The search terms of one lower-case token (remembered: words repeat)."""
    if word[0].isdigit():
        return (word.replace(",", "").rstrip("%"),)
    if "." in word:  # an initialism such as u.s.
        return (word.replace(".", ""),)
    terms = []
    for part in word.split("-"):
        if part in STOPWORDS:
            continue
        if part.endswith("n't"):
            part = part[:-3]
        elif "'" in part:
            part = part.split("'", 1)[0]
        if part and part not in STOPWORDS:
            part = _BRITISH_ISE_RE.sub("iz", IRREGULAR_VERBS.get(part, part))
            terms.append(stem(part))
    return tuple(terms)


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order, repeats kept (what BM25 indexes)."""
    return [term for token in tokenize(text) for term in token_terms(token)]
