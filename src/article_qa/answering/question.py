"""Question stage: what kind of answer is asked for, the words it is about, and its
constraints, worked out once into a ``Question`` that every later stage reads."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..language.lexicon import (
    ARTICLES,
    ASKING_WORDS,
    AUXILIARIES,
    COMPARATIVES,
    COPULAS,
    GENERAL_KIND_NOUNS,
    GROUP_WORDS,
    HOW_NUMBER,
    IRREGULAR_VERBS,
    MEASURE_NOUNS,
    MONEY_VERBS,
    NEGATIONS,
    NOT_VERBS,
    OF_WORDS,
    ROLE_NOUNS,
    STOPWORDS,
    TIME_OPENERS,
    TITLE_WORDS,
    TYPE_NOUNS,
)
from ..language.senses import same_sense
from ..language.spans import find_spans
from ..language.tokens import normalise, stem, stems, terms, token_terms, tokenize
from ..model import AnswerType, Question, QuestionError

MAX_QUESTION_CHARS = 1000

_WH_TYPES = {
    "who": AnswerType.PERSON,
    "whom": AnswerType.PERSON,
    "whose": AnswerType.PERSON,
    "when": AnswerType.TIME,
    "where": AnswerType.PLACE,
    "why": AnswerType.REASON,
}
_TYPE_NOUNS = {AnswerType(kind): nouns for kind, nouns in TYPE_NOUNS.items()}
_ASKING_STEMS = stems(ASKING_WORDS)
# Words naming a category that is the sum of its parts ("children": boys and girls).
_CATEGORY_STEMS = stems({word for words in GROUP_WORDS for word in words})
ROLE_STEMS = stems(TYPE_NOUNS["description"])
# Words that only say what kind of answer is wanted; an answer's sentence need not hold them.
# "go" is a light verb: "what share went to Greene" is said as "Greene received"
_ALWAYS_OPTIONAL = stems(TYPE_NOUNS["description"] | HOW_NUMBER | {"go", "went", "gone"})
# People's titles and roles, and kinds of organisation and place: a question that
# names one ("the governor", "which university") asks about one of that kind.
KIND_NOUNS = (
    TYPE_NOUNS["person"] | TYPE_NOUNS["organisation"] | TYPE_NOUNS["place"] | TITLE_WORDS
) - GENERAL_KIND_NOUNS
_QUESTION_WORD_ORDER = frozenset(["when", "where", "why", "what", "which", "how"])


def check_question(text: str) -> str:
    """Return the question normalised, or raise QuestionError if it cannot be asked.

    >>> check_question("  how many   girls?  ")
    'how many girls?'
    """
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
    """Analyse a question: its answer type, focus terms, target and constraints.

    >>> question = analyse("How many girls were being helped?")
    >>> question.answer_type.value, question.target, question.focus
    ('number', 'girl', ('girl', 'help'))
    """
    cleaned = check_question(text)
    tokens = tokenize(cleaned)
    words = tuple(t.lower for t in tokens)
    answer_type, wh, target_word = _classify(list(words))
    # "which office ...": "office" names the answer's type, so the text need not repeat it
    optional = _ALWAYS_OPTIONAL | {stem(w) for w in wh.split()[1:]} | _attributed(cleaned)
    focus: list[str] = []
    required: list[str] = []
    for token in tokens:
        for term in token_terms(token):
            if term in _ASKING_STEMS or term in focus:
                continue
            focus.append(term)
            if term not in optional:
                required.append(term)
    # a year or time the question names must also stand near its answer
    constraints = tuple(
        dict.fromkeys(span.text.lower() for span in find_spans(cleaned) if span.kind == "time")
    )
    return Question(
        text=cleaned,
        words=words,
        question_word=question_word(words),
        answer_type=answer_type,
        wh=wh,
        head=_head(words),
        focus=tuple(focus),
        required=tuple(required),
        target=stem(target_word) if target_word else None,
        constraints=constraints,
        negated=any(w in NEGATIONS or w.endswith("n't") for w in words),
        asks_role=wh.startswith("who") or any(term in ROLE_STEMS for term in focus),
    )


_ATTRIBUTED_RE = re.compile(r"\baccording to ([^,?.;]+)", re.IGNORECASE)


def _attributed(text: str) -> set[str]:
    """The terms of whom the question attributes its answer to ("..., according to
    Ostrander?"): they find the paragraph, but the sentence may say "he"."""
    return {term for match in _ATTRIBUTED_RE.finditer(text) for term in terms(match.group(1))}


def question_word(words: tuple[str, ...] | list[str]) -> str:
    """The question word: "how many", "how much", "who" (also whom and whose), "when",
    "where", "why", "what", "which" or "how"; "other" when there is none.

    >>> question_word(("in", "what", "year")), question_word(("is", "it"))
    ('what', 'other')
    """
    words = [w.split("'")[0] for w in words]  # "who's" asks "who"
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "how" and following in ("many", "much"):
            return f"how {following}"
        if word in ("who", "whom", "whose"):
            return "who"
        if word in _QUESTION_WORD_ORDER:
            return word
    return "other"


def _head(words: tuple[str, ...]) -> str | None:
    """The word after "what"/"which"/"how" ("what year", "how long"), unless it is a
    verb or an article."""
    for index, word in enumerate(words[:-1]):
        if word in ("what", "which", "how"):
            following = words[index + 1]
            if following in ("is", "was", "are", "were", "did", "does", "do", "the", "a"):
                return None
            return following
    return None


def _classify(words: list[str]) -> tuple[AnswerType, str, str | None]:
    """Answer type, the question phrase that set it, and the noun asked about (if any)."""
    if words and words[0] in AUXILIARIES:  # "did it change how it counts?" asks yes or no
        return AnswerType.YES_NO, words[0], None
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "how":
            return _classify_how(words, i, following)
        if word in ("what", "which"):
            return _classify_what(words, i, word)
        if word in ("who", "whom") and _asks_who_someone_is(words[i + 1 :]):
            return AnswerType.DESCRIPTION, f"{word} {following}", None
        if word in _WH_TYPES:
            return _WH_TYPES[word], word, None
    return AnswerType.DESCRIPTION, "", None


def _classify_how(words: list[str], i: int, following: str) -> tuple[AnswerType, str, str | None]:
    if following == "much" and words[i + 2 : i + 3] and words[i + 2] in AUXILIARIES:
        # "how much did the county set aside?", "how much is the contract worth?": an
        # amount of what the clause is about, no noun for it named
        return AnswerType.NUMBER, "how much", None
    if following in HOW_NUMBER:
        # "how many times more X": the thing compared is X; "how many times was he
        # sacked?" counts times
        after_times = (
            words[i + 3] if words[i + 2 : i + 3] == ["times"] and len(words) > i + 3 else ""
        )
        compared = after_times in COMPARATIVES or after_times == "as"
        skip = 3 if compared else 2
        return AnswerType.NUMBER, f"how {following}", _counted_noun(words, i + skip)
    return AnswerType.DESCRIPTION, "how", None


def _classify_what(words: list[str], i: int, word: str) -> tuple[AnswerType, str, str | None]:
    measured = _measure_noun(words, i + 1)
    if measured in _STATISTIC_NOUNS:
        # "what is the median stay?": a figure, of whatever unit the text gives
        return AnswerType.NUMBER, f"{word} {measured}", None
    if measured:
        return AnswerType.NUMBER, f"{word} {measured}", measured
    if _asks_price(words[i + 1 :]):
        return AnswerType.NUMBER, f"{word} price", None
    noun, position = _next_content_word(words, i + 1, stop_at_verb=True)
    after_noun = words[position + 1] if position + 1 < len(words) else ""
    if position > i + 1 and words[i + 1] in AUXILIARIES and after_noun not in OF_WORDS:
        # "what is the state doing": the noun is the subject, not what is asked
        return AnswerType.DESCRIPTION, word, None
    if (
        word == "which"
        and after_noun in ROLE_NOUNS
        and any(noun in n for n in _TYPE_NOUNS.values())
    ):
        noun = after_noun  # "which county commissioner ...": the head is the role, not a place
    if word == "which" and noun in ROLE_NOUNS and noun not in _TYPE_NOUNS[AnswerType.NUMBER]:
        # "which supervisor voted no?", "which board members ...": a person
        return AnswerType.PERSON, f"{word} {noun}", None
    for answer_type, nouns in _TYPE_NOUNS.items():
        if noun in nouns and answer_type is not AnswerType.DESCRIPTION:
            target: str | None = noun
            if answer_type is AnswerType.NUMBER:
                # "what number of X": the thing counted is X (if any is named)
                target = _next_content_word(words, position + 1)[0]
            return answer_type, f"{word} {noun}", target
    return AnswerType.DESCRIPTION, word, noun


def _measure_noun(words: list[str], start: int) -> str | None:
    """ "what soybean yield ...", "what was average weekday ridership ...": the noun
    for an amount in the phrase after "what" (its copula and article passed over)."""
    position = start
    if position < len(words) and (
        words[position] in COPULAS
        or (words[position] in _FUTURE and "be" in words[position + 1 : position + 6])
    ):
        position += 1  # "what is ...", "what will the minimum be ..." (not "will it cost")
    statistic = None
    for word in words[position : position + 6]:
        if word in _STATISTIC_NOUNS:
            statistic = statistic or word
        elif word in MEASURE_NOUNS or word in _RATE_NOUNS:
            return word
        if word in AUXILIARIES or (word in STOPWORDS and word not in ARTICLES) or word[0].isdigit():
            break
    return statistic


_RATE_NOUNS = frozenset(["rate"])
_FUTURE = frozenset(["will", "would"])
# "the median rent", "the average stay": what kind of figure, not what it counts
_STATISTIC_NOUNS = frozenset(["median", "average", "mean", "minimum", "maximum"])
# "what does an apartment rent for?": a verb that names a price with "for" after it
# (the verbs of money themselves, "cost", "paying", are lexicon.MONEY_VERBS)
_FOR_PRICE_VERBS = frozenset(
    ["rent", "rents", "renting", "sell", "sells", "selling", "sold", "go", "goes", "going"]
)


def _asks_price(rest: list[str]) -> bool:
    """ "what" followed, within its clause, by a verb that asks what something costs."""
    if not rest or rest[0] not in AUXILIARIES:
        return False  # "what cost cuts ..." names a noun, not a price asked for
    for position, word in enumerate(rest[1:9], start=1):
        following = rest[position + 1] if position + 1 < len(rest) else ""
        if word in MONEY_VERBS or (word in _FOR_PRICE_VERBS and following == "for"):
            return True
    return False


def _counted_noun(words: list[str], start: int) -> str | None:
    """The head of the noun phrase after "how many": "sworn officers" -> "officers";
    a category word ("female victims" -> "female") wins, as it says what to add up."""
    first, position = _next_content_word(words, start)
    while first in COMPARATIVES:  # "how many fewer assaults"
        first, position = _next_content_word(words, position + 1)
    if first is None:
        return None
    phrase = [first]
    for word in words[position + 1 :]:
        if (
            word in STOPWORDS
            or word in AUXILIARIES
            or word in TIME_OPENERS
            or word in COMPARATIVES
            or word[0].isdigit()
            or is_past_form(word)
            or word in _LINKING_VERBS
        ):
            break
        phrase.append(word)
    for word in phrase:
        if stem(word) in _CATEGORY_STEMS:
            return word
    return phrase[-1]


# "got", "held", but not "born" or "sworn", which stand before nouns as adjectives
_PAST_FORMS = frozenset(IRREGULAR_VERBS) - {"born", "sworn", "built", "given", "known"}


# Verbs that link what is counted to what is said of it ("how many jobs remain unfilled?")
_LINKING_VERBS = frozenset(["remain", "remains", "stay", "stays", "exist", "exists"])


def is_past_form(word: str) -> bool:
    """ "got", "received": a verb's past form, which ends the noun phrase before it."""
    return word in _PAST_FORMS or (word.endswith("ed") and len(word) > 4 and word not in NOT_VERBS)


def _asks_who_someone_is(rest: list[str]) -> bool:
    """ "who is Jane Doe?" asks for a description of a named person; "who is the mayor?" for a name."""
    if len(rest) < 2 or rest[0] not in COPULAS:
        return False
    subject = rest[1:]
    return len(subject) <= 3 and subject[0] not in STOPWORDS


def _next_content_word(
    words: list[str], start: int, stop_at_verb: bool = False
) -> tuple[str | None, int]:
    """The first content word from ``start`` on, and its position.

    With ``stop_at_verb``, an auxiliary ends the search ("what does the law say" names
    no answer type), except a copula before an article ("what is the number of ...").
    """
    for position, word in enumerate(words[start:], start=start):
        if stop_at_verb and word in AUXILIARIES:
            following = words[position + 1] if position + 1 < len(words) else ""
            if word in COPULAS and following in ARTICLES:
                continue
            return None, position
        if word not in STOPWORDS and word not in HOW_NUMBER and not word[0].isdigit():
            return word, position
    return None, len(words)


def question_names(question: Question) -> list[str]:
    """The capitalised words of the question, its first word aside, run together into
    names with a number that follows ("Greene", "Route 40", "Dettmer" of "Dettmer's")."""
    found = re.findall(
        r"(?<!^)\b[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*(?:\s+\d+\b)?", question.text.strip()
    )
    return [re.sub(r"['’]s$", "", n) for n in found]


def unknown_names(
    question: Question,
    known: Callable[[str], bool],
    spelled_out: Callable[[str], bool] = lambda acronym: False,
) -> list[str]:
    """The names and kinds the question uses that the knowledge never does ("Wisconsin",
    "governor", "university"): a question about them cannot be answered from it.
    Capitalised words after the first count as names; nouns for titles and roles and
    for kinds of organisation and place count as kinds. An acronym ("USDA") is known
    when ``spelled_out`` finds its name written out."""
    unknown = []
    for position, token in enumerate(tokenize(question.text)):
        is_name = position > 0 and token.text[0].isupper() and token.lower not in STOPWORDS
        if not (is_name or token.lower in KIND_NOUNS):
            continue
        found = token_terms(token)
        if not found or token.text in unknown:
            continue
        if any(known(word) for term in found for word in same_sense(term)):
            continue
        if not (_is_acronym(token.text) and spelled_out(token.text)):
            unknown.append(token.text)
    return unknown


def _is_acronym(word: str) -> bool:
    """ "USDA", "FEMA", "U.N.": two to six capital letters, stops allowed."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
