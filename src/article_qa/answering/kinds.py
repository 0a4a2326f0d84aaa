"""Candidates stage, kinds: whether a piece of a sentence is an answer of the kind the
question asks for.

A number question is answered with a number of the asked kind (a count, an amount of
money, a percentage, never a person's age unless asked), bound to whom the question
asks about and dated as asked; a place with a place; a time with the time that dates
what is asked. ``choose`` keeps only the candidates these checks pass; the proposal
rules in ``candidates`` use the same tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..language.clauses import is_verb
from ..language.lexicon import (
    AUXILIARIES,
    CURRENCY_SIGNS,
    MEASURE_UNITS,
    MONEY_NOUNS,
    MONEY_VERBS,
    MONTHS,
    NEGATIONS,
    PERCENT_UNITS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    SCALES,
    STOPWORDS,
    WEEKDAYS,
)
from ..language.numbers import NOW_BEFORE_RE
from ..language.spans import Span, find_spans
from ..language.tokens import Token, stem, stems, terms, token_terms, tokenize
from ..model import Question
from .arithmetic import Operation, operation_asked
from .question import question_names

_ROLE_STEMS = frozenset(stem(word) for word in ROLE_NOUNS)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+$")
_TO_BEFORE_RE = re.compile(r"\bto\s+$")
_TO_AFTER_RE = re.compile(
    r"(?:\s+(?:a|per|an)\s+\w+|\s+[a-z]+)?(?:\s+in\s+\w+)?\s+to\s+"
    r"(?:(?:about|around|roughly|nearly|almost|just|over|under)\s+)?\$?\d"
)

# "rejected a proposal to raise the base fare from $1.75 to $2": the change did not happen
_PROPOSAL_REJECTED_RE = re.compile(
    r"\b(?:rejected|declined|refused|voted down|turned down|blocked|defeated|tabled)\s+"
    r"(?:a|an|the)\s+(?:\w+\s+)?(?:proposal|plan|request|bid|motion|measure)\s+to\b"
)
_EARLIER_WORDS = frozenset(["before", "previously", "earlier", "used", "start", "began"])
_ASIDE_RE = re.compile(r",\s+(?:who|which)\s[^,;]*,")

_YEARISH_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\b", re.I)

_RELATIVE_DAYS = frozenset(["today", "yesterday", "tomorrow", "tonight"])
# "right now" asked; "now $12.75" and "will rise to $14" in the text
_NOW_WORDS = frozenset(["now", "currently", "presently"])
_FUTURE_VALUE_RE = re.compile(r"\b(?:will|would|to)\s+(?:[\w'’-]+\s+){0,6}?to\s+(?:about\s+)?\$?$")
_AGE_BEFORE_RE = re.compile(r"\b[A-Z][\w'-]+,\s$")

_START_STEMS = stems(frozenset(["start", "begin", "effect", "open", "launch"]))

_STARTS_AT_RE = re.compile(
    r"\b(?P<cue>starting|beginning|effective|take effect|takes effect|took effect|start|starts"
    r"|begin|begins|open|opens)(?:\s+(?:in|on|at|with|by))?(?:\s+the)?"
    r"(?:\s+(?:fall|spring|summer|winter|end|middle|start)\s+of)?\s+$",
    re.I,
)

# "when will it open?" is asked of an opening, not of when work starts
_OPENING_STEMS = stems(frozenset(["open", "launch"]))


@lru_cache(maxsize=4096)
def _tokens_of(sentence: str) -> tuple[Token, ...]:
    """A sentence's tokens, remembered: each candidate of a sentence checks it again."""
    return tuple(tokenize(sentence))


def subject_bound(question: Question, sentence: str, span: Span) -> bool | None:
    """Whether a number's clause is said of whom the question asks about: in "the city
    would pay $92 million and the team would pay $56 million", asked "how much would
    the city pay?", $92 million is, $56 million is not. None when the number follows
    no verb of the question, or the question names no one before that verb."""
    found = _subject_and_clause(question, sentence, span)
    return None if found is None else bool(found[0] & found[1])


def _subject_and_clause(
    question: Question, sentence: str, span: Span
) -> tuple[set[str], set[str]] | None:
    """Whom the question asks about (its words between auxiliary and verb) and the
    words of the number's clause before that verb; None when either cannot be read."""
    tokens = _tokens_of(sentence)
    before = [n for n, token in enumerate(tokens) if token.end <= span.start][-3:]
    verb, verb_at = None, 0
    for n in reversed(before):
        found = [t for t in token_terms(tokens[n]) if t in question.focus]
        if found and (is_verb(tokens[n]) or (n and tokens[n - 1].lower in AUXILIARIES)):
            verb, verb_at = found[0], n
            break
    asked = _question_subject(question, verb) if verb else set()
    if not asked:
        return None
    earlier = [s.end for s in spans_in(sentence) if s.kind == "number" and s.end <= span.start]
    start = max([0, *earlier, sentence.rfind(";", 0, span.start) + 1])
    said_of = {
        term for token in tokens[:verb_at] if token.start >= start for term in token_terms(token)
    }
    return asked, said_of


def _said_of_another(question: Question, sentence: str, span: Span) -> bool:
    """True when the number's clause is said of something the whole sentence never
    names as the question does ("a new bridge would cost $15.2 million", asked what
    the detour cost)."""
    found = _subject_and_clause(question, sentence, span)
    if found is None:
        return False
    # a name the question gives its subject must stand in the sentence: "how much did
    # Dettmer's campaign raise?" is not answered by "Greene raised ... campaign reports"
    named = {t for name in question_names(question) for t in terms(name)} & found[0]
    return not (named or found[0]) & set(terms(sentence))


def _question_subject(question: Question, verb: str) -> set[str]:
    """The terms between the question's auxiliary and its verb ("how much would [the
    city] pay ...?"): whom the question asks about."""
    words = list(question.words)
    at = next((n for n, word in enumerate(words) if verb in terms(word)), None)
    if at is None:
        return set()
    aux = max((n for n, word in enumerate(words[:at]) if word in AUXILIARIES), default=None)
    if aux is None:
        return set()
    return {term for word in words[aux + 1 : at] for term in terms(word)}


@lru_cache(maxsize=4096)
def spans_in(text: str) -> tuple[Span, ...]:
    """The typed spans of a sentence or a piece of one (remembered: the same sentence
    is checked for many candidates of one question)."""
    return find_spans(text)


def asks_amount(question: Question) -> bool:
    """ "How much ...?", "what does it cost?": an amount is asked for, not a count."""
    return question.question_word == "how much" or question.wh.endswith(" price")


_PERCENT_NOUNS = frozenset(["percentage", "percent", "share", "proportion", "portion"])


def asks_percent(question: Question) -> bool:
    """ "What share of the vote ...?", "what percentage of ...": a percentage is asked
    for (not "how many percentage points", a difference)."""
    return question.wh.startswith(("what ", "which ")) and question.wh.split()[-1] in _PERCENT_NOUNS


_MONEY_STEMS = stems(MONEY_NOUNS)


def asks_money(question: Question) -> bool:
    """ "What is the office's budget?", "what does a fare cost?", "how much has it
    cost?": a sum of money."""
    # not "how much will he raise prices?": that may be answered "5%"
    if question.question_word == "how much":
        # "how much did it spend?", "how much money ...?"
        return bool(MONEY_VERBS & set(question.words)) or question.target in _MONEY_STEMS
    return question.wh.startswith(("what ", "which ")) and (
        question.wh.endswith(" price") or stem(question.wh.split()[-1]) in _MONEY_STEMS
    )


def fits_number_question(question: Question, sentence: str, start: int, end: int) -> bool:
    """Whether the text at ``start:end`` of a sentence can answer a number question:
    it holds a number that is no person's age (unless an age is asked) and, for "how
    much", is an amount (money, a percentage, a measure), not a count ("two diners");
    a share asked is a percentage, a budget or price asked is money; and it does not
    hold the earlier end of "from A to B".

    >>> from article_qa.answering.question import analyse
    >>> ask = analyse("How much will Al Poe raise prices?")
    >>> s = "Al Poe, 63, who owns two diners, will raise prices 5% or $2."
    >>> spans = ("63", "two diners", "5%", "$2")
    >>> [fits_number_question(ask, s, s.find(t), s.find(t) + len(t)) for t in spans]
    [False, False, True, True]
    """
    spans = spans_in(sentence)
    numbers = [n for n in spans if n.kind == "number" and n.start < end and n.end > start]
    if any(_earlier_end(question, sentence, number) for number in numbers):
        return False  # "from $45 to $60": an answer holding the earlier end is stale
    if (
        question.negated
        and operation_asked(question) is Operation.COMPLEMENT
        and not _denial_in(sentence)
    ):
        return False  # "how many will not be offered jobs?" of "65 will be offered jobs"
    if any(subject_bound(question, sentence, number) is False for number in numbers) and any(
        subject_bound(question, sentence, other) for other in spans if other.kind == "number"
    ):
        return False  # said of someone else, where the sentence has the one asked about
    if asks_money(question) and any(_said_of_another(question, sentence, n) for n in numbers):
        return False  # a price or cost is of the thing asked about, named in its sentence
    return any(_number_fits(question, sentence, spans, number) for number in numbers)


def _number_fits(question: Question, sentence: str, spans: tuple[Span, ...], number: Span) -> bool:
    """Whether one number of a sentence is of the kind asked, for the time asked."""
    if not _dated_as_asked(question, spans, number):
        return False
    if is_apposed_age(sentence, number) and not (
        "old" in question.words or "age" in question.words
    ):
        return False
    if _NOW_WORDS & set(question.words) and not _is_now(sentence, number):
        return False  # "right now": not the figure a change will reach
    if asks_amount(question) and not _is_measure(sentence, number):
        return False
    if asks_percent(question) and not is_percent(sentence, number):
        return False
    if question.question_word == "how many" and is_percent(sentence, number):
        return False  # "43% of students" does not say how many students
    return not (asks_money(question) and not _is_money(sentence, number))


def fits_place_question(
    sentence: str, start: int, end: int, is_person_name: Callable[[str], bool] | None = None
) -> bool:
    """Whether ``start:end`` can answer "where" (or "who is X?"): not only figures,
    times and people's names ("550", "in 1938", "Tyler", a name ``is_person_name``
    knows from elsewhere).

    >>> s = "The farm his grandfather started in 1938 is near Wexford."
    >>> [fits_place_question(s, s.find(t), s.find(t) + len(t)) for t in ("in 1938", "near Wexford")]
    [False, True]
    """
    if is_person_name is None:
        return bool(_words_left(sentence, start, end, ("number", "time", "person")))
    left = _words_left(sentence, start, end, ("number", "time", "person", "role"))
    named = {
        sentence[s.start : s.end]
        for s in spans_in(sentence)
        if s.kind in ("name", "initial") and s.start < end and s.end > start
    }
    people = {w.lower() for name in named if is_person_name(name) for w in name.split()}
    capitalised = {
        t.lower
        for t in tokenize(sentence[start:end])
        # a sentence's first word is capitalised whatever it is ("Students whose ...")
        if t.text[:1].isupper() and start + t.start > 0
    }
    # what is left must name a place: a capitalised name, or a noun for a place
    return any(w not in people and (w in capitalised or w in PLACE_NOUNS) for w in left)


def fits_name_question(sentence: str, start: int, end: int) -> bool:
    """Whether ``start:end`` can answer "who" or "which": not only figures and times
    ("Monday", "58,000")."""
    return bool(_words_left(sentence, start, end, ("number", "time")))


def fits_time_question(
    sentence: str, start: int, end: int, question_terms: frozenset[str] = frozenset()
) -> bool:
    """Whether ``start:end`` can answer "when": it holds a time or a date that dates
    an event (not "this year's budget"), and not one in an aside about something the
    question (given by its ``question_terms``) does not ask about.

    >>> s = "Roe, who became chief in 2021, set this year's budget on March 17."
    >>> asked = frozenset(["set", "budget"])
    >>> [fits_time_question(s, s.find(t), s.find(t) + len(t), asked)
    ...  for t in ("2021", "this year", "March 17", "Roe")]
    [False, False, True, False]
    """
    text = sentence[start:end]
    times = [
        t
        for t in spans_in(sentence)  # read in the sentence: "in 1186" is a year, "1186" alone not
        # "this year's budget": a time that modifies a noun dates no event
        if t.kind == "time"
        and start <= t.start
        and t.end <= end
        and not sentence[t.end :].startswith(("'s", "’s"))
    ]
    if not times and not _YEARISH_RE.search(text):
        return False
    starts_at = _time_it_starts(sentence, question_terms & _START_STEMS)
    if starts_at is not None and not (start <= starts_at < end):
        return False  # "voted in March to require permits, starting Memorial Day weekend"
    return not (question_terms and _in_aside_without(sentence, start, question_terms))


def names_a_day(text: str) -> bool:
    """Whether a time names a day: a weekday, a month and its day, or a day relative to
    today ("Tuesday night", "March 17", "17 March"; not "2027" or "in March").

    >>> [names_a_day(t) for t in ("Tuesday night", "March 17", "17 March", "2027", "in March")]
    [True, True, True, False, False]
    """
    words = [t.lower for t in tokenize(text)]
    if any(w in WEEKDAYS or w[:-1] in WEEKDAYS or w in _RELATIVE_DAYS for w in words):
        return True
    return any(
        (w in MONTHS and following.isdigit()) or (w.isdigit() and following in MONTHS)
        for w, following in zip(words, words[1:], strict=False)
    )


def _time_it_starts(sentence: str, asked: frozenset[str]) -> int | None:
    """Where the time begins that the sentence says starts what the question asks
    about ("starting Memorial Day weekend", "take effect January 6", "scheduled to open
    in the fall of 2028" for "open"), or None."""
    if not asked:
        return None
    wanted = _OPENING_STEMS if asked <= _OPENING_STEMS else _START_STEMS - _OPENING_STEMS
    for span in spans_in(sentence):
        cue = _STARTS_AT_RE.search(sentence[max(0, span.start - 24) : span.start])
        if span.kind == "time" and cue and stem(cue.group("cue").split()[-1]) in wanted:
            return span.start
    return None


def _in_aside_without(sentence: str, start: int, question_terms: frozenset[str]) -> bool:
    """True when ``start`` lies in a ", who/which ...," aside that holds none of the
    question's words: "Roe, who became chief in 2021, will report on March 17" dates
    her becoming chief, not the report."""
    asked = question_terms - _ROLE_STEMS  # "the chief" names whom an aside is about
    for aside in _ASIDE_RE.finditer(sentence):
        if aside.start() <= start < aside.end():
            return not set(terms(aside.group(0))) & asked
    return False


def _words_left(sentence: str, start: int, end: int, kinds: tuple[str, ...]) -> list[str]:
    """The content words of ``start:end`` outside the sentence's spans of the given
    kinds, read in the whole sentence: a span may reach past the candidate ("Benedikt"
    of "Mayor Benedikt Sauer" is in a person's name)."""
    masked = sentence
    for span in spans_in(sentence):
        if span.kind in kinds and span.start < end and span.end > start:
            masked = masked[: span.start] + " " * (span.end - span.start) + masked[span.end :]
    return [
        t.lower
        for t in tokenize(masked[start:end])
        if t.lower not in STOPWORDS and t.text.isalpha()
    ]


def _earlier_end(question: Question, sentence: str, number: Span) -> bool:
    """True for the first figure of "from A to B" when the question names no time and
    does not ask for the earlier one: the text's figure now is B ("the vacancy rate fell
    from 6.8% to 2.9%"); but for B when the change was proposed and rejected."""
    if question.constraints or _EARLIER_WORDS & set(question.words):
        return False
    starts = bool(
        _FROM_BEFORE_RE.search(sentence[max(0, number.start - 6) : number.start])
        and _TO_AFTER_RE.match(sentence, number.end)
    )
    ends = bool(_TO_BEFORE_RE.search(sentence[max(0, number.start - 4) : number.start]))
    if _PROPOSAL_REJECTED_RE.search(sentence[: number.start]):
        return ends  # what stays is where the rejected change would have started
    return starts


def _dated_as_asked(question: Question, spans: tuple[Span, ...], number: Span) -> bool:
    """With a time asked and several in the sentence, the number's nearest time must be
    the one asked: "rose to 6,200 last year, up from 4,800 in 2021" answers "last year"
    with 6,200."""
    times = [s for s in spans if s.kind == "time" and not (s.start <= number.start < s.end)]
    if not question.constraints or len({t.text.lower() for t in times}) < 2:
        return True
    # "from 93 in 2023 to 186 in 2024": a time right after a number is its own
    nearest = min(
        times,
        key=lambda t: t.start - number.end if t.start >= number.end else number.start - t.end + 5,
    )
    return any(c in nearest.text.lower() or nearest.text.lower() in c for c in question.constraints)


def _is_now(sentence: str, number: Span) -> bool:
    """Whether a figure can be what something is now: not the figure a change will
    reach ("will rise to $14", "voted to raise the minimum wage to $15.50"), nor,
    where the sentence marks one figure as now ("The minimum, now $12.75, ..."), another."""
    before = sentence[: number.start]
    if _FUTURE_VALUE_RE.search(before):
        return False
    marked = [
        n
        for n in spans_in(sentence)
        if n.kind == "number" and NOW_BEFORE_RE.search(sentence[: n.start])
    ]
    return not marked or number in marked


def _is_measure(sentence: str, number: Span) -> bool:
    """True for money, a percentage, or a number before a unit or a scale ("$5",
    "12%", "3 inches", "1.2 million"): what "how much" asks for."""
    if number.text.startswith(tuple(CURRENCY_SIGNS)) or number.text.endswith("%"):
        return True
    following = tokenize(sentence[number.end :])
    word = following[0].lower if following else ""
    return word in MEASURE_UNITS or word in SCALES or word in PERCENT_UNITS


def _denial_in(sentence: str) -> bool:
    """True when a sentence says "not", "no", "never" or "without"."""
    return any(
        t.lower in NEGATIONS or t.lower.endswith("n't") or t.lower == "without"
        for t in _tokens_of(sentence)
    )


def _is_money(sentence: str, number: Span) -> bool:
    """True for "$5", "$1.2 million", "£20,427", "40 dollars", "75 cents"."""
    if number.text.startswith(tuple(CURRENCY_SIGNS)) or number.text.lower().endswith(
        tuple(_MONEY_UNITS)
    ):
        return True
    following = tokenize(sentence[number.end :])
    words = [token.lower for token in following[:2]]
    return bool(words) and (words[0] in _MONEY_UNITS or words[-1] in _MONEY_UNITS)


_MONEY_UNITS = frozenset(["dollar", "dollars", "cents", "cent"])


def is_percent(sentence: str, number: Span) -> bool:
    """True for "33%", "33 percent", "33 per cent"."""
    if number.text.endswith("%") or number.text.lower().endswith(("percent", "per cent")):
        return True
    following = tokenize(sentence[number.end :])
    return bool(following) and following[0].lower in PERCENT_UNITS


def is_apposed_age(sentence: str, span: Span) -> bool:
    """True for a number set off by commas right after a capitalised name: a person's
    age in news style ("Ann Roe, 54, said").

    >>> from article_qa.language.spans import find_spans
    >>> [is_apposed_age(s, n) for s in ["Ann Roe, 54, said so."] for n in find_spans(s)[1:]]
    [True]
    """
    before = sentence[: span.start]
    return (
        bool(_AGE_BEFORE_RE.search(before))
        and sentence[span.end : span.end + 1] == ","
        and span.text.isdigit()
    )
