"""Candidates stage: the spans the hand-written rules propose in a retrieved sentence.

The rules know news writing's patterns: a number before the noun asked about, the
speaker of a quote, a title before a name, the clause after the asked words, a reason
after "because". Each proposal carries a score; the ranker adds every other short run
of words and weighs them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ..language.clauses import is_plural, is_verb
from ..language.lexicon import (
    AUXILIARIES,
    MEASURE_UNITS,
    MONEY_NOUNS,
    NEGATIONS,
    PEOPLE_NOUNS,
    PERCENT_UNITS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    SCALES,
    STOPWORDS,
)
from ..language.senses import same_sense
from ..language.spans import Span, find_spans
from ..language.tokens import Token, stem, stems, terms, token_terms, tokenize
from ..model import AnswerType, Proposal, Question, Sentence
from .arithmetic import Operation, operation_asked
from .reading import Reading
from .yes_no import denies

_REASON_RE = re.compile(
    r"\b(?:because(?: of)?|since|due to|as a result of|so that|in order to)\s", re.I
)
# "launched an initiative to combat human trafficking": " to " and a word in a verb's
# base form (not a function word, not a plural like "to reporters") after an object
_PURPOSE_RE = re.compile(r"(?<=[a-z]) to (?P<verb>[a-z]+)\b")
_ATTRIBUTION_RE = re.compile(
    r"(?:,\s*|\s+)(?:(?:he|she|they|it|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+)?"
    r"(?:said|says|added|told \w+|explained|noted)(?:\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)?"
    r"[.!?\"”']*\s*$"
)
_LEADING_ATTRIBUTION_RE = re.compile(
    r"^(?:(?:he|she|they|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+(?:said|says|added|thinks|believes)"
    r"(?:\s+that)?\s+)",
)
# a full stop ends a clause, except inside an initialism ("U.S. citizens")
_CLAUSE_END_RE = re.compile(r"[;:!?\"”()]|(?<![A-Z])\.(?!\w)")
_COMMA_RE = re.compile(r",\s+")
# "training, research and communications": a list ends in "and"/"or" within a few words
_LIST_GOES_ON_RE = re.compile(r"^(?:[^\s,;:.()]+\s+){1,3}(?:and|or)\b")
_PLACE_WORD_RE = re.compile(r"\b(?:in|at|across|throughout|near|where|from)\b")

Speaker = Callable[[Sentence], "str | None"]


def propose(reading: Reading, speaker: Speaker) -> Iterator[Proposal]:
    """Every answer the rules propose in the sentence, by the kind of answer asked for;
    ``speaker`` says who a quote by pronoun ("...," she said) is by."""
    question, sentence = reading.question, reading.sentence
    spans = [span for span in reading.spans if not echoes_question(span.text, question)]
    kind = question.answer_type
    if kind is AnswerType.NUMBER:
        yield from _numbers(reading, spans)
    elif kind is AnswerType.TIME:
        yield from _typed(reading, spans, "time", 1.5)
    elif kind is AnswerType.PERSON:
        yield from _people(reading, spans, speaker)
    elif kind is AnswerType.ORGANISATION:
        yield from _typed(reading, spans, "organisation", 1.5)
        yield from _typed(reading, spans, "name", 0.3)
    elif kind is AnswerType.PLACE:
        yield from _typed(reading, spans, "place", 1.5)
        if question.wh == "where":  # "which city" wants a name, not a description
            yield from _phrases(reading, 0.8, place=True)
    elif kind is AnswerType.REASON:
        start = _reason_start(sentence)
        if start is not None:
            yield _clause_from(sentence, start, 1.5)
        yield from _phrases(reading, 0.5)
    elif kind is AnswerType.YES_NO:
        yield _yes_no(reading)
    else:
        yield from _descriptions(reading, spans)


_ROLE_STEMS = frozenset(stem(word) for word in ROLE_NOUNS)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+$")
_TO_BEFORE_RE = re.compile(r"\bto\s+$")
_TO_AFTER_RE = re.compile(r"(?:\s+(?:a|per|an)\s+\w+|\s+[a-z]+)?(?:\s+in\s+\w+)?\s+to\s+\$?\d")
# "rejected a proposal to raise the base fare from $1.75 to $2": the change did not happen
_PROPOSAL_REJECTED_RE = re.compile(
    r"\b(?:rejected|declined|refused|voted down|turned down|blocked|defeated|tabled)\s+"
    r"(?:a|an|the)\s+(?:\w+\s+)?(?:proposal|plan|request|bid|motion|measure)\s+to\b"
)
_EARLIER_WORDS = frozenset(["before", "previously", "earlier", "used", "start", "began"])
_ASIDE_RE = re.compile(r",\s+(?:who|which)\s[^,;]*,")
_YEARISH_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\b", re.I)
_AGE_BEFORE_RE = re.compile(r"\b[A-Z][\w'-]+,\s$")


def _descriptions(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    question = reading.question
    if question.asks_role:
        yield from _roles(reading, spans)
    if question.target:
        yield from _kind_of(reading, spans)
    yield from _phrases(reading, 1.0)


def echoes_question(text: str, question: Question) -> bool:
    """True when a span only repeats words of the question (it cannot be the answer)."""
    span_terms = terms(text)
    if not span_terms:
        return text.lower() in question.text.lower()
    return all(term in question.focus for term in span_terms)


def _typed(reading: Reading, spans: list[Span], kind: str, base: float) -> Iterator[Proposal]:
    for span in spans:
        if span.kind == kind:
            yield Proposal(span.text, kind, base + reading.nearness(span), span.start, span.end)


_START_STEMS = stems(frozenset(["start", "begin", "effect", "open", "launch"]))
_STARTS_AT_RE = re.compile(
    r"\b(?P<cue>starting|beginning|effective|take effect|takes effect|took effect|start|starts"
    r"|begin|begins|open|opens)(?:\s+(?:in|on|at|with|by))?(?:\s+the)?"
    r"(?:\s+(?:fall|spring|summer|winter|end|middle|start)\s+of)?\s+$",
    re.I,
)
# "when will it open?" is asked of an opening, not of when work starts
_OPENING_STEMS = stems(frozenset(["open", "launch"]))


def _numbers(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """Numbers, best when they count the question's target ("80 girls" for "how many
    girls"); a number that plainly counts something else ("80 girls" for "how many
    organizations") is not a candidate."""
    target = reading.question.target
    # "jobs" counted as "positions": the words of the target's sense count as it; and
    # people counted under another name ("people" as "visitors", "fairgoers" as "people")
    targets = same_sense(target) if target else frozenset()
    if target and _names_people(target):
        targets = targets | {t for ts in reading.token_terms for t in ts if _names_people(t)}
    sentence_terms = {term for ts in reading.token_terms for term in ts}
    for span in spans:
        if span.kind != "number" or is_apposed_age(reading.hit.sentence.text, span):
            continue  # "Ann Roe, 54, said": an age answers only "how old" (about_people)
        # "31 open nursing positions": what is counted stands within three words
        following = [n for n, t in enumerate(reading.tokens) if t.start >= span.end][:3]
        counted = [term for n in following[:1] for term in reading.token_terms[n]]
        if asks_amount(reading.question) and _counts_things(reading, following):
            continue  # "two diners" answers "how many", not "how much"
        if asks_percent(reading.question) and _is_percent(reading.hit.sentence.text, span):
            # "Greene received 4,812 votes, or 33%": a share counts nothing after it;
            # "38% said they did not own a car": what it is a share of follows it
            score = 3.0 if _said_after(reading, span, spans) else 2.0
        elif target and targets & {term for n in following for term in reading.token_terms[n]}:
            score = 3.0
        elif target and (counted or not targets & sentence_terms):
            continue
        else:
            score = 1.0
        yield Proposal(span.text, "number", score + reading.nearness(span), span.start, span.end)


_PEOPLE_STEMS = stems(PEOPLE_NOUNS)
# endings of English nouns for people who do something: visitors, voters, residents,
# attendees, fairgoers (stemmed: "visitor", "resid", "attende", "fairgoer")
_AGENT_ENDINGS = ("er", "or", "goer", "ent", "ant", "ist", "ee")


def _names_people(term: str) -> bool:
    """True for a stemmed noun for people: a general one ("peopl") or one for people
    who do something ("visitor", "voter", "fairgoer")."""
    return term in _PEOPLE_STEMS or (len(term) > 4 and term.endswith(_AGENT_ENDINGS))


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
    tokens = tokenize(sentence)
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
    return found is not None and not found[0] & set(terms(sentence))


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


def _said_after(reading: Reading, span: Span, spans: list[Span]) -> bool:
    """True when a word the question requires stands between a number and the next
    number of the sentence (what "38% said ..." says of it), or with the figure it
    restates ("4,812 votes, or 33%")."""
    numbers = [s for s in spans if s.kind == "number"]
    start = span.end
    earlier = [s for s in numbers if s.end <= span.start]
    text = reading.hit.sentence.text
    if earlier and _RESTATED_RE.fullmatch(text[earlier[-1].end : span.start]):
        start = earlier[-1].end  # "4,812 votes, or 33%": the figure it restates says what
    end = min((s.start for s in numbers if s.start > span.start), default=len(text))
    required = set(reading.question.required)
    return any(
        required & set(reading.token_terms[n])
        for n, token in enumerate(reading.tokens)
        if start <= token.start < end and not span.start <= token.start < span.end
    )


_RESTATED_RE = re.compile(r"[\w\s-]*,?\s+or\s+")


def reason_clause(sentence: str) -> Proposal | None:
    """The clause of a sentence that gives a cause or purpose, if it has one."""
    start = _reason_start(sentence)
    return _clause_from(sentence, start, 1.5) if start is not None else None


def gives_reason(sentence: str) -> bool:
    """True when a sentence states a cause or a purpose ("because", "due to", "to
    combat ...")."""
    return _reason_start(sentence) is not None


def _reason_start(sentence: str) -> int | None:
    """Where a sentence's cause ("because ...") or purpose ("to combat ...") begins."""
    cause = _REASON_RE.search(sentence)
    if cause:
        return cause.start()
    for purpose in _PURPOSE_RE.finditer(sentence):
        verb = purpose.group("verb")
        if verb not in STOPWORDS and (not verb.endswith("s") or verb.endswith("ss")):
            return purpose.start()
    return None


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
# "how much has the detour cost?", "how much did it spend?": a sum of money
_MONEY_VERBS = frozenset(
    "cost costs pay pays paid spend spends spent charge charges charged earn earns earned".split()
)


def asks_money(question: Question) -> bool:
    """ "What is the office's budget?", "what does a fare cost?", "how much has it
    cost?": a sum of money."""
    # not "how much will he raise prices?": that may be answered "5%"
    if question.question_word == "how much":
        return bool(_MONEY_VERBS & set(question.words))
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
    asks_age = "old" in question.words or "age" in question.words
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
    for number in numbers:
        if not _dated_as_asked(question, spans, number):
            continue
        if is_apposed_age(sentence, number) and not asks_age:
            continue
        if asks_amount(question) and not _is_measure(sentence, number):
            continue
        if asks_percent(question) and not _is_percent(sentence, number):
            continue
        if question.question_word == "how many" and _is_percent(sentence, number):
            continue  # "43% of students" does not say how many students
        if asks_money(question) and not _is_money(sentence, number):
            continue
        return True
    return False


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
    left = _words_left(sentence, start, end, ("number", "time", "person"))
    if is_person_name is None or not left:
        return bool(left)
    named = {s.text for s in spans_in(sentence[start:end]) if s.kind in ("name", "initial")}
    people = {w.lower() for name in named if is_person_name(name) for w in name.split()}
    capitalised = {t.lower for t in tokenize(sentence[start:end]) if t.text[:1].isupper()}
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
        for t in spans_in(text)
        # "this year's budget": a time that modifies a noun dates no event
        if t.kind == "time" and not sentence[start + t.end :].startswith(("'s", "’s"))
    ]
    if not times and not _YEARISH_RE.search(text):
        return False
    starts_at = _time_it_starts(sentence, question_terms & _START_STEMS)
    if starts_at is not None and not (start <= starts_at < end):
        return False  # "voted in March to require permits, starting Memorial Day weekend"
    return not (question_terms and _in_aside_without(sentence, start, question_terms))


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
    """The content words of ``start:end`` outside spans of the given kinds."""
    text = sentence[start:end]
    for span in sorted(spans_in(text), key=lambda s: -s.start):
        if span.kind in kinds:
            text = text[: span.start] + " " + text[span.end :]
    return [t.lower for t in tokenize(text) if t.lower not in STOPWORDS and t.text.isalpha()]


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


def _is_measure(sentence: str, number: Span) -> bool:
    """True for money, a percentage, or a number before a unit or a scale ("$5",
    "12%", "3 inches", "1.2 million"): what "how much" asks for."""
    if number.text.startswith("$") or number.text.endswith("%"):
        return True
    following = tokenize(sentence[number.end :])
    word = following[0].lower if following else ""
    return word in MEASURE_UNITS or word in SCALES or word in PERCENT_UNITS


def _denial_in(sentence: str) -> bool:
    """True when a sentence says "not", "no", "never" or "without"."""
    return any(
        t.lower in NEGATIONS or t.lower.endswith("n't") or t.lower == "without"
        for t in tokenize(sentence)
    )


def _is_money(sentence: str, number: Span) -> bool:
    """True for "$5", "$1.2 million", "40 dollars", "75 cents"."""
    if number.text.startswith("$") or number.text.lower().endswith(tuple(_MONEY_UNITS)):
        return True
    following = tokenize(sentence[number.end :])
    words = [token.lower for token in following[:2]]
    return bool(words) and (words[0] in _MONEY_UNITS or words[-1] in _MONEY_UNITS)


_MONEY_UNITS = frozenset(["dollar", "dollars", "cents", "cent"])


def _is_percent(sentence: str, number: Span) -> bool:
    """True for "33%", "33 percent", "33 per cent"."""
    if number.text.endswith("%") or number.text.lower().endswith(("percent", "per cent")):
        return True
    following = tokenize(sentence[number.end :])
    return bool(following) and following[0].lower in PERCENT_UNITS


def _counts_things(reading: Reading, following: list[int]) -> bool:
    """True when the word after a number is a plural noun that is no unit of measure."""
    if not following:
        return False
    word = reading.tokens[following[0]].lower
    return word.isalpha() and is_plural(word) and word not in MEASURE_UNITS | STOPWORDS


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


def _people(reading: Reading, spans: list[Span], speaker: Speaker) -> Iterator[Proposal]:
    found = False
    for span in spans:
        if span.kind == "person":
            found = True
            yield Proposal(span.text, "person", 2.0 + reading.nearness(span), span.start, span.end)
    # "he" or "she" answers "who" only as the speaker of a quote ("...," she said):
    # elsewhere a pronoun's referent is too often someone else
    named = speaker(reading.hit.sentence)
    if named and not found and not echoes_question(named, reading.question):
        yield Proposal(named, "speaker", 1.8)
    for span in spans:
        if span.kind == "organisation":
            yield Proposal(span.text, "organisation", 0.6, span.start, span.end)


def _kind_of(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """ "What festival ...?", "Which network ...?", "What type of antenna ...?": a name
    the sentence gives that the question does not, or the words that qualify the noun
    asked about where the sentence uses it ("high-gain S-band antenna")."""
    question, sentence = reading.question, reading.sentence
    for span in spans:
        if span.kind in ("name", "organisation", "place", "person"):
            ends_in_target = terms(span.text)[-1:] == [question.target]
            base = 2.2 if ends_in_target else 1.4
            yield Proposal(span.text, "name", base + reading.nearness(span), span.start, span.end)
    tokens = reading.tokens
    for position, token in enumerate(tokens):
        if question.target not in reading.token_terms[position]:
            continue
        start = position
        while start > 0 and _modifier(tokens[start - 1]) and position - start < 4:
            start -= 1
        if start < position and not all(
            t in question.focus for t in terms(sentence[tokens[start].start : token.start])
        ):
            text = sentence[tokens[start].start : token.end]
            yield Proposal(text, "phrase", 2.0, tokens[start].start, token.end)


def _modifier(token: Token) -> bool:
    """A word that may stand before a noun as part of its phrase (not a function word
    or a verb form)."""
    word = token.lower
    return (
        word not in STOPWORDS and not word.endswith(("ed", "ing")) and not word.isdigit()
    ) or "-" in word


def _roles(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """A title before a name the question asks about: "U.S. Attorney for Minnesota Andy Luger"."""
    for role in (s for s in spans if s.kind == "role"):
        named = [s for s in reading.found_spans if s.kind == "person" and s.start > role.end]
        if named and any(term in reading.question.focus for term in terms(named[0].text)):
            yield Proposal(role.text, "role", 2.5, role.start, role.end)


def _yes_no(reading: Reading) -> Proposal:
    return Proposal("No" if denies(reading) else "Yes", "yes/no", 1.0)


def _phrases(reading: Reading, base: float, place: bool = False) -> Iterator[Proposal]:
    """The part of the sentence that says what the question does not: after its last
    question word, else between two of them, else before its first."""
    sentence, question = reading.sentence, reading.question
    matched = [t for t, hit in zip(reading.tokens, reading.matches, strict=True) if hit]
    if not matched:
        return
    after = _after_matches(reading, matched, place)
    if after is _NOT_A_PLACE:
        return  # "where" is answered by a place phrase, not by any words that follow
    if isinstance(after, tuple) and _content_words(sentence[after[0] : after[1]]) >= 1:
        # "Jane Doe, the city's mayor": an apposition right after the name describes it
        apposition = sentence[matched[-1].end :].startswith(", ") and sentence[after[0] :].split()[
            0
        ].lower() in ("the", "a", "an")
        score = base + (1.0 if apposition else 0.0)
        yield Proposal(sentence[after[0] : after[1]], "phrase", score, after[0], after[1])
        return
    between = _between_matches(sentence, matched, question)
    if between:
        yield Proposal(sentence[between[0] : between[1]], "phrase", base * 0.9, *between)
        return
    start = 0
    leading = _LEADING_ATTRIBUTION_RE.match(sentence)
    if leading:
        start = leading.end()
    before = _trim(sentence, start, matched[0].start)
    if before and _content_words(sentence[before[0] : before[1]]) >= 1:
        yield Proposal(sentence[before[0] : before[1]], "phrase", base * 0.8, *before)


_NOT_A_PLACE = object()


def _after_matches(
    reading: Reading, matched: list[Token], place: bool
) -> tuple[int, int] | None | object:
    """The clause after the question's last word; for a place, the clause from the
    first place word after its first (``_NOT_A_PLACE`` when there is none)."""
    sentence, question = reading.sentence, reading.question
    end = matched[-1].end
    if matched[-1].text[0].isupper():
        # the question named part of a name ("Andy"): the rest of the name is not an answer
        for token in reading.tokens[reading.tokens.index(matched[-1]) + 1 :]:
            if not token.text[0].isupper() or sentence[end : token.start].strip():
                break
            end = token.end
    if not place:
        return _trim(sentence, end, len(sentence), question)
    match = _PLACE_WORD_RE.search(sentence[matched[0].start :])
    if not match:
        return _NOT_A_PLACE
    return _trim(sentence, matched[0].start + match.start(), len(sentence))


def _between_matches(
    sentence: str, matched: list[Token], question: Question
) -> tuple[int, int] | None:
    """ "putting [dedicated resources] toward it": the unasked part between asked words."""
    gaps = [
        (left.end, right.start)
        for left, right in zip(matched, matched[1:], strict=False)
        if _content_words(sentence[left.end : right.start]) >= 1
    ]
    if not gaps:
        return None
    begin, end = max(gaps, key=lambda gap: gap[1] - gap[0])
    return _trim(sentence, begin, end, question)


def _clause_from(sentence: str, start: int, score: float) -> Proposal:
    # a reason goes on through the clause that says when or how it worked
    span = _trim(sentence, start, len(sentence), keep_subordinate=True)
    if span is None:
        return Proposal(sentence.strip(), "phrase", score * 0.5)
    return Proposal(sentence[span[0] : span[1]], "phrase", score, span[0], span[1])


def _trim(
    sentence: str,
    start: int,
    end: int,
    question: Question | None = None,
    keep_subordinate: bool = False,
) -> tuple[int, int] | None:
    """Shrink [start, end) to one clause, without attribution, edge punctuation, or the
    linking words the question itself ends with ("cracking down on" -> "trafficking")."""
    piece = sentence[start:end]
    attribution = _ATTRIBUTION_RE.search(piece)
    if attribution:
        piece = piece[: attribution.start()]
    stop = _CLAUSE_END_RE.search(piece, 1)
    if stop:
        piece = piece[: stop.start()]
    end = start + _clause_comma(piece, keep_subordinate)
    skip = {"is", "are", "was", "were", "that", "to", "and", "which"}
    if question is not None:
        skip |= set(question.words) & STOPWORDS
    edge = " ,;:-\"'“”"
    while start < end and sentence[start] in edge:
        start += 1
    while True:  # leading linking words, each with the spaces after it
        word = re.match(r"(\S+)\s+", sentence[start:end])
        if not word or word.group(1).lower() not in skip:
            break
        start += word.end()
    while end > start and sentence[end - 1] in edge:
        end -= 1
    return (start, end) if end > start else None


def _clause_comma(piece: str, keep_subordinate: bool = False) -> int:
    """Where a comma ends the clause: the first one that does not continue a list
    ("training, research and communications" goes on; ", which ..." does not), nor,
    with ``keep_subordinate``, a clause of time or manner (", when the crop was ...")."""
    for comma in _COMMA_RE.finditer(piece, 1):
        rest = piece[comma.end() :]
        if keep_subordinate and re.match(r"\s*(?:when|while|as|after|before|since)\b", rest):
            continue
        if not _LIST_GOES_ON_RE.match(rest) or rest.lower().startswith(
            ("which", "who", "but", "she", "he")
        ):
            return comma.start()
    return len(piece)


def _content_words(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.lower not in STOPWORDS)
