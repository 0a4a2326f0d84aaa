"""Question stage: what kind of answer is asked for, the words it is about, and its constraints."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .spans import TITLE_WORDS, find_spans
from .text import NEGATIONS, STOPWORDS, normalise, stem, token_terms, tokenize

MAX_QUESTION_CHARS = 1000


class QuestionError(ValueError):
    """The question cannot be asked at all (empty, or longer than the limit)."""


class AnswerType(str, Enum):
    """The kind of short answer a question expects."""

    NUMBER = "number"
    PERSON = "person"
    ORGANISATION = "organisation"
    TIME = "time"
    PLACE = "place"
    REASON = "reason"
    YES_NO = "yes/no"
    DESCRIPTION = "description"


# Nouns that say which kind of answer "what X" / "which X" asks for.
_TYPE_NOUNS: dict[AnswerType, frozenset[str]] = {
    AnswerType.NUMBER: frozenset(
        """
        number numbers amount total count figure figures percentage percent share proportion
        rate sum quantity age
        """.split()
    ),
    AnswerType.PERSON: frozenset(
        """
        person people man woman official officials name spokesman spokeswoman spokesperson
        director leader chief head attorney lawyer prosecutor judge officer expert author
        reporter executive president minister governor mayor
        """.split()
    ),
    AnswerType.ORGANISATION: frozenset(
        """
        organization organizations organisation organisations agency agencies office
        department company firm group institution body unit bureau ministry team association
        foundation university court council committee party
        """.split()
    ),
    AnswerType.TIME: frozenset(
        ["year", "years", "month", "date", "day", "time", "decade", "century", "period", "season"]
    ),
    AnswerType.PLACE: frozenset(
        """
        place city state country town county region area location village province continent
        neighborhood neighbourhood
        """.split()
    ),
    AnswerType.REASON: frozenset(["reason", "reasons", "cause", "causes", "purpose"]),
    # "what is her job?": the answer describes a role, so these words need not be matched
    AnswerType.DESCRIPTION: frozenset(
        ["job", "role", "title", "position", "occupation", "profession", "work"]
    ),
}

_WH_TYPES = {
    "who": AnswerType.PERSON,
    "whom": AnswerType.PERSON,
    "whose": AnswerType.PERSON,
    "when": AnswerType.TIME,
    "where": AnswerType.PLACE,
    "why": AnswerType.REASON,
}
_HOW_NUMBER = frozenset(
    ["many", "much", "old", "long", "far", "often", "large", "big", "high", "tall"]
)
AUXILIARIES = frozenset(
    """
    is are was were am do does did can could will would has have had should shall may might
    must isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't
    hasn't haven't hadn't shouldn't
    """.split()
)
# Words about the asking rather than the topic ("according to the article, ...").
_ASKING_WORDS = frozenset(
    """
    article story text passage say says said tell tells told according mention mentioned
    mentions
    """.split()
)
_ASKING_STEMS = frozenset(stem(w) for w in _ASKING_WORDS)
# Words naming a category that is the sum of its parts ("children": boys and girls).
_CATEGORY_STEMS = frozenset(
    stem(w)
    for w in "children child kids minors juveniles females female males male adults adult".split()
)
_ROLE_STEMS = frozenset(stem(w) for w in _TYPE_NOUNS[AnswerType.DESCRIPTION])
# Words that only say what kind of answer is wanted; an answer's sentence need not hold them.
_ALWAYS_OPTIONAL = frozenset(stem(w) for w in _TYPE_NOUNS[AnswerType.DESCRIPTION] | _HOW_NUMBER)
# People's titles and roles, and kinds of organisation and place: a question that
# names one ("the governor", "which university") asks about one of that kind.
_KIND_NOUNS = frozenset(
    _TYPE_NOUNS[AnswerType.PERSON]
    | _TYPE_NOUNS[AnswerType.ORGANISATION]
    | _TYPE_NOUNS[AnswerType.PLACE]
    | TITLE_WORDS
) - frozenset("person people man woman name official officials place area group body unit".split())
_OF_WORDS = frozenset(("of", "for", "in", "that", "which", ""))


@dataclass(frozen=True)
class Question:
    """A question as understood.

    ``focus`` holds the stemmed terms the question is about (what retrieval searches
    for); ``required`` is the part of it an answer's sentence must cover (words that
    only name the answer's type, such as "number" or "year", are not required);
    ``target`` is the stem of the thing asked about in "how many X" / "which X".
    """

    text: str
    answer_type: AnswerType
    wh: str
    focus: tuple[str, ...]
    required: tuple[str, ...]
    target: str | None
    constraints: tuple[str, ...]
    negated: bool

    @property
    def asks_role(self) -> bool:
        """True for "who is Jane Doe?" and "what is her job/title/role?"."""
        return self.wh.startswith("who") or any(term in _ROLE_STEMS for term in self.focus)


def check_question(text: str) -> str:
    """Return the question normalised, or raise QuestionError if it cannot be asked."""
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is too long: {len(text):,} characters (the limit is {MAX_QUESTION_CHARS:,})"
        )
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise QuestionError("the question is not valid UTF-8 text")
    cleaned = normalise("".join(ch if ch.isprintable() else " " for ch in text))
    if not cleaned:
        raise QuestionError("the question is empty")
    return cleaned


def analyse(text: str) -> Question:
    """Analyse a question: its answer type, focus terms, target and constraints."""
    cleaned = check_question(text)
    tokens = tokenize(cleaned)
    words = [t.lower for t in tokens]
    answer_type, wh, target_word = _classify(words)
    # "which office ...": "office" names the answer's type, so the text need not repeat it
    optional = _ALWAYS_OPTIONAL | {stem(w) for w in wh.split()[1:]}
    focus: list[str] = []
    required: list[str] = []
    for token in tokens:
        for term in token_terms(token):
            if term in _ASKING_STEMS or term in focus:
                continue
            focus.append(term)
            if term not in optional:
                required.append(term)
    target = stem(target_word) if target_word else None
    # a year or time the question names must also stand near its answer
    constraints = tuple(
        dict.fromkeys(span.text.lower() for span in find_spans(cleaned) if span.kind == "time")
    )
    negated = any(w in NEGATIONS or w.endswith("n't") for w in words)
    return Question(
        text=cleaned,
        answer_type=answer_type,
        wh=wh,
        focus=tuple(focus),
        required=tuple(required),
        target=target,
        constraints=constraints,
        negated=negated,
    )


def _classify(words: list[str]) -> tuple[AnswerType, str, str | None]:
    """Answer type, the question phrase that set it, and the noun asked about (if any)."""
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "how":
            if following in _HOW_NUMBER:
                # "how many times more X": the thing compared is X
                skip = 3 if words[i + 2 : i + 3] == ["times"] else 2
                return AnswerType.NUMBER, f"how {following}", _counted_noun(words, i + skip)
            return AnswerType.DESCRIPTION, "how", None
        if word in ("what", "which"):
            noun, position = _next_content_word(words, i + 1, stop_at_verb=True)
            after_noun = words[position + 1] if position + 1 < len(words) else ""
            if position > i + 1 and words[i + 1] in AUXILIARIES and after_noun not in _OF_WORDS:
                # "what is the state doing": the noun is the subject, not what is asked
                return AnswerType.DESCRIPTION, word, None
            for answer_type, nouns in _TYPE_NOUNS.items():
                if noun in nouns and answer_type is not AnswerType.DESCRIPTION:
                    target = noun
                    if answer_type is AnswerType.NUMBER:
                        # "what number of X": the thing counted is X (if any is named)
                        target = _next_content_word(words, position + 1)[0]
                    return answer_type, f"{word} {noun}", target
            return AnswerType.DESCRIPTION, word, noun
        if word in ("who", "whom") and _asks_who_someone_is(words[i + 1 :]):
            return AnswerType.DESCRIPTION, f"{word} {following}", None
        if word in _WH_TYPES:
            return _WH_TYPES[word], word, None
    if words and words[0] in AUXILIARIES:
        return AnswerType.YES_NO, words[0], None
    return AnswerType.DESCRIPTION, "", None


_TIME_OPENERS = frozenset("last next this earlier later previous past".split())


def _counted_noun(words: list[str], start: int) -> str | None:
    """The head of the noun phrase after "how many": "sworn officers" -> "officers";
    a category word ("female victims" -> "female") wins, as it says what to add up."""
    first, position = _next_content_word(words, start)
    if first is None:
        return None
    phrase = [first]
    for word in words[position + 1 :]:
        if word in STOPWORDS or word in AUXILIARIES or word in _TIME_OPENERS or word[0].isdigit():
            break
        phrase.append(word)
    for word in phrase:
        if stem(word) in _CATEGORY_STEMS:
            return word
    return phrase[-1]


def _asks_who_someone_is(rest: list[str]) -> bool:
    """ "who is Jane Doe?" asks for a description of a named person; "who is the mayor?" for a name."""
    if len(rest) < 2 or rest[0] not in ("is", "was", "are", "were"):
        return False
    subject = rest[1:]
    return len(subject) <= 3 and subject[0] not in STOPWORDS


def _next_content_word(
    words: list[str], start: int, stop_at_verb: bool = False
) -> tuple[str | None, int]:
    """The first content word from ``start`` on, and its position.

    With ``stop_at_verb``, an auxiliary ends the search ("what does the law say" names
    no answer type), except a copula before a determiner ("what is the number of ...").
    """
    for position, word in enumerate(words[start:], start=start):
        if stop_at_verb and word in AUXILIARIES:
            following = words[position + 1] if position + 1 < len(words) else ""
            if word in ("is", "was", "are", "were") and following in ("the", "a", "an"):
                continue
            return None, position
        if word not in STOPWORDS and word not in _HOW_NUMBER and not word[0].isdigit():
            return word, position
    return None, len(words)


def unknown_names(question: Question, known: Callable[[str], bool]) -> list[str]:
    """The names and kinds the question uses that the knowledge never does ("Wisconsin",
    "governor", "university"): a question about them cannot be answered from it.
    Capitalised words after the first count as names; nouns for titles and roles and
    for kinds of organisation and place count as kinds."""
    unknown = []
    for position, token in enumerate(tokenize(question.text)):
        is_name = position > 0 and token.text[0].isupper() and token.lower not in STOPWORDS
        is_title = token.lower in _KIND_NOUNS
        if not (is_name or is_title):
            continue
        found = token_terms(token)
        if found and not any(known(term) for term in found) and token.text not in unknown:
            unknown.append(token.text)
    return unknown


_QUESTION_WORDS = frozenset(["when", "where", "why", "what", "which", "how"])
_WORD_RE = re.compile(r"[a-z]+")


def question_word(text: str) -> str:
    """The question's question word: "how many", "how much", "who" (also whom and
    whose), "when", "where", "why", "what", "which" or "how"; "other" when it has none."""
    words = _WORD_RE.findall(text.lower())
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "how" and following in ("many", "much"):
            return f"how {following}"
        if word in ("who", "whom", "whose"):
            return "who"
        if word in _QUESTION_WORDS:
            return word
    return "other"
