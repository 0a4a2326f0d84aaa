"""Facts stage of answering: answer number questions from facts, computing where asked.

A fact answers only when it matches the question: what it counts is what is asked
about ("girls"), and every other word the question requires (the action, who, when)
is stated with it. On top of lookups: totals, differences, percent change and ratios,
and groups from a small lexicon of English categories (children are boys and girls).
Every answer shows its working and cites every fact it used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..language.lexicon import (
    AUXILIARIES,
    CHANGE_QUESTION_WORDS,
    COMPARATIVES,
    GROUP_WORDS,
    NUMBER_WORDS,
    OPERATION_WORDS,
    PEOPLE_NOUNS,
    TYPE_NOUNS,
)
from ..language.numbers import amount
from ..language.senses import same_sense, stated_in
from ..language.tokens import stem, stems, terms, token_terms, tokenize
from ..model import Answer, AnswerType, Fact, Question, fact_answer
from .arithmetic import Operation, operation_asked
from .kinds import asks_percent
from .question import is_past_form

# Each category's stem -> the stems of the parts it is the sum of.
GROUPS = {
    stem(word): tuple(stem(part) for part in parts)
    for words, parts in GROUP_WORDS.items()
    for word in words
}
# Nouns for people in general: a total of "victims" or "people" adds up every group
# of people counted together.
PEOPLE = stems(PEOPLE_NOUNS)
# "how many times more/as ...": a ratio; "how many times was he sacked?" is a count
_RATIO_RE = re.compile(
    rf"\bhow many times (?:as|{'|'.join(sorted(COMPARATIVES))})\b|\bby what factor\b"
)
_THRESHOLD_RE = re.compile(
    r"\bwhat age\b|\b(?:under|over|below|above|older than|younger than|at least)\s+what\b"
)
# "longer", "fewer": the comparison is the operation, not a word the facts must state
_OPERATION_STEMS = stems(OPERATION_WORDS) | stems(COMPARATIVES)
_CHANGE_STEMS = stems(CHANGE_QUESTION_WORDS)


def subject_head(fact: Fact) -> str:
    """The stem of the last content word of what a fact counts ("girl" for "girls")."""
    subject_terms = terms(fact.subject)
    return subject_terms[-1] if subject_terms else ""


def answer_from_facts(question: Question, facts: Sequence[Fact]) -> Answer | None:
    """An answer computed from facts, or None when no fact matches the question."""
    if question.answer_type is not AnswerType.NUMBER or not question.target:
        return None
    text = question.text.lower()
    quantities = [f for f in facts if f.kind == "quantity" and f.number is not None]
    if _THRESHOLD_RE.search(text):
        return _threshold(question, facts)
    operation = operation_asked(question)
    if operation is Operation.COMPLEMENT and question.negated:
        return None  # "how many ... were not ...": the count stated is the other part
    if operation is Operation.SHARE or (operation is None and asks_percent(question)):
        return None  # a share is stated as a percentage or computed from "N of M", not counted
    if _RATIO_RE.search(text) or operation is Operation.PERCENT_CHANGE:
        change = _change(question, facts)
        if change:
            return change
    if operation is Operation.DIFFERENCE:
        return _difference(question, quantities)
    if operation is Operation.TOTAL and question.target not in GROUPS:
        return _total(question, quantities)
    grouped = _group(question, quantities) if question.target in GROUPS else None
    if grouped is not None:
        return grouped
    found = _lookup(question, quantities)
    if found is None and question.target in PEOPLE:
        # "how many victims were helped?" when only girls, women, ... are counted
        return _total(question, quantities)
    if found is None and not question.constraints:
        return _where_change_ended(question, facts)
    return found


def counted_otherwise(
    question: Question, facts: Sequence[Fact], sentences: Sequence[str] = ()
) -> Fact | None:
    """A fact counting what a "how many X ... VERB?" question asks about, when the facts
    count X only with another action: the question's last word (its verb, as in "how
    many girls were convicted?") never stands with a count of X ("helping 80 girls").
    Then the knowledge does not say. ``sentences`` (the retrieved ones) that hold X and
    a figure the facts did not read ("an 11-year veteran", "four of his hymns") count
    as stating their words too."""
    if question.answer_type is not AnswerType.NUMBER or not question.target:
        return None
    if asks_percent(question):
        return None  # a share is no count of the target
    last = _verb_after_target(question) or _last_word_of_main_clause(question)
    if last is None or last == question.target or last[:1].isdigit() or last in _TIME_STEMS:
        return None  # "how many people came ... this year?": a time is no action
    counting = [
        f
        for f in facts
        if f.kind == "quantity"
        and f.number is not None
        and subject_head(f) in same_sense(question.target)
    ]
    if not counting or not all(f.qualifier("action") for f in counting):
        return None
    if _matching(question, counting, question.target, use_constraints=False):
        return None
    stated = {t for f in counting for t in terms(f"{f.sentence} {f.qualifier('action')}")}
    for sentence in sentences:
        if _counts(sentence, question.target):
            stated.update(terms(sentence))
    return None if stated_in(last, stated) else counting[0]


def _counts(sentence: str, target: str) -> bool:
    """True when a figure of the sentence counts the noun (or a word of its sense): the
    noun follows it closely ("11-year", "four of his hymns")."""
    words = tokenize(sentence)
    return any(
        (word.lower[0].isdigit() or word.lower in NUMBER_WORDS)
        and any(stated_in(target, set(token_terms(w))) for w in words[n + 1 : n + 1 + _COUNT_REACH])
        for n, word in enumerate(words)
    )


# Verbs that say little of their own ("got permits", "turned out"): the story may use any.
_LIGHT_VERBS = frozenset("got gotten turned made took did had gave came went put used".split())
_TIME_STEMS = stems(TYPE_NOUNS["time"])
# How many words after a figure the noun it counts may stand ("four of his hymns").
_COUNT_REACH = 3
_DO_FORMS = frozenset(["do", "does", "did"])
_CLAUSE_OPENERS = frozenset("before after when while since until because if unless".split())


def _clause_start(words: list[str]) -> int:
    """Where a clause of its own begins in the question's words: "before" or "when"
    with a verb after it ("before trucks were banned", not "before noon"); else the end."""
    for n, word in enumerate(words):
        following = words[n + 1 : n + 4]
        if word in _CLAUSE_OPENERS and any(w in AUXILIARIES or is_past_form(w) for w in following):
            return n
    return len(words)


def _last_word_of_main_clause(question: Question) -> str | None:
    """The stem of the question's last required word before a clause of its own
    ("how many girls does it serve?": "serv"; not "ban" of "... before trucks were
    banned")."""
    words = list(question.words)
    main = {t for word in words[: _clause_start(words)] for t in terms(word)}
    found = [t for t in question.required if t in main]
    return found[-1] if found else None


def _verb_after_target(question: Question) -> str | None:
    """The stem of the question's verb when it is a past form after what is counted
    ("how many students answered the survey?": "answer"; "how many nurses has the
    hospital laid off?": "laid"), else None."""
    words = list(question.words)
    targets = [n for n, word in enumerate(words) if stem(word) == question.target]
    end = _clause_start(words)  # "... before trucks were banned": another clause's verb
    for following in words[targets[0] + 1 : end] if targets else []:
        if following in _DO_FORMS:
            return None  # "how many hymns did Luther write based on ...": the verb is base form
        if following in AUXILIARIES:
            continue  # "were demolished": the verb is the participle
        if is_past_form(following) and following not in _LIGHT_VERBS:
            found = terms(following)
            return found[0] if found and found[0] in question.required else None
    return None


def _lookup(question: Question, quantities: Sequence[Fact]) -> Answer | None:
    matches = _best_described(
        question, _for_whom_asked(question, _matching(question, quantities, question.target))
    )
    if not matches:
        return None
    latest = matches[-1]
    others = [f for f in matches[:-1] if f.value != latest.value]
    if not others:
        return _answer(question, latest.value, [latest], None)
    if not any(f.qualifier("time") for f in matches):
        # several figures with nothing to tell them apart ("hold 45 and 90 people")
        return _answer(question, " and ".join(f.value for f in matches), list(matches), None)
    # several figures for different times and no time asked: the latest, with the others
    earlier = "; ".join(f"{f.value} {_time_phrase(f)}".strip() for f in others)
    working = f"{_time_phrase(latest)}; earlier {earlier}".strip("; ")
    return _answer(question, latest.value, [latest, *others], working)


def _for_whom_asked(question: Question, matches: list[Fact]) -> list[Fact]:
    """ "How many votes did Dettmer get?" when a sentence gives each candidate's: the
    figures whose agent the question names, when there are such."""
    if not any(word[:1].isupper() for word in question.text.split()[1:]):
        return matches  # the question names no one to tell the figures apart by
    named = [f for f in matches if _agent_names(f) & set(question.focus)]
    if named:
        return named
    # "How many did Lincoln enroll?": not the figure the sentence gives for Hillview
    return [f for f in matches if not _agent_names(f)]


def _best_described(question: Question, matches: list[Fact]) -> list[Fact]:
    """ "How many paraprofessional jobs ...?" when a sentence lists "9 teaching
    positions, 8 paraprofessional jobs": the figures whose own words (what they count
    and their verb) hold the most of the question's."""
    required = set(question.required)

    def described(fact: Fact) -> int:
        acted = {
            sense for term in terms(fact.qualifier("action") or "") for sense in same_sense(term)
        }
        described = terms(f"{fact.subject} {fact.qualifier('of') or ''}")
        return len(required & set(described)) + len(required & acted)

    most = max((described(f) for f in matches), default=0)
    return [f for f in matches if described(f) == most]


def _agent_names(fact: Fact) -> set[str]:
    """The stemmed capitalised words of a figure's agent ("Alder Leah Johansson")."""
    return {stem(word) for word in (fact.qualifier("agent") or "").split() if word[:1].isupper()}


def _group(question: Question, quantities: Sequence[Fact]) -> Answer | None:
    parts = []
    for part in GROUPS[question.target or ""]:
        matches = _matching(question, quantities, part, ignore=question.target)
        if len(matches) != 1:
            return None
        parts.append(matches[0])
    return _sum_answer(question, parts)


def _total(question: Question, quantities: Sequence[Fact]) -> Answer | None:
    target = question.target
    matches = _matching(question, quantities, None, ignore=target)
    by_sentence: dict[tuple[str, int, str], list[Fact]] = {}
    for fact in matches:
        key = (fact.citation.source_id, fact.citation.paragraph, fact.sentence)
        by_sentence.setdefault(key, []).append(fact)
    for group in by_sentence.values():
        heads = {subject_head(f) for f in group}
        if target in heads:
            group = [f for f in group if subject_head(f) == target]
        elif not (target in PEOPLE and heads <= PEOPLE):
            continue
        named = _for_whom_asked(question, group)
        if len(named) == 1 and len(group) > 1:
            # "how many children attend Hillview?" of "Lincoln 212 students, Hillview 187"
            return _answer(question, named[0].value, named, None)
        if len(group) >= 2:
            return _sum_answer(question, group)
    return None


def _sum_answer(question: Question, parts: list[Fact]) -> Answer:
    total = sum(f.number or 0 for f in parts)
    working = " + ".join(f"{f.value} {f.subject}" for f in parts)
    return _answer(question, _format_number(total), parts, working)


def _difference(question: Question, quantities: Sequence[Fact]) -> Answer | None:
    if len(question.constraints) == 2:
        pair = []
        for constraint in question.constraints:
            matches = [
                f
                for f in _matching(question, quantities, question.target, use_constraints=False)
                if _time_matches(f, constraint)
            ]
            if len(matches) != 1:
                return None
            pair.append(matches[0])
        labels = [f"{f.value} {_time_phrase(f)}" for f in pair]
    else:
        heads = [t for t in question.focus if any(subject_head(f) == t for f in quantities)]
        if len(heads) != 2:
            return None
        pair = []
        for head in heads:
            matches = _matching(
                question, quantities, head, ignore=heads[0] if head != heads[0] else heads[1]
            )
            if len(matches) != 1:
                return None
            pair.append(matches[0])
        labels = [f"{f.value} {f.subject}" for f in pair]
    first, second = pair
    difference = abs((first.number or 0) - (second.number or 0))
    return _answer(question, _format_number(difference), pair, f"{labels[0]} - {labels[1]}")


def _threshold(question: Question, facts: Sequence[Fact]) -> Answer | None:
    """ "Under what age ...?": a stated bound whose sentence covers the question."""
    bounds = [
        f
        for f in facts
        if f.kind == "threshold" and _covers(question, f, ignore={question.target, stem("age")})
    ]
    if len(bounds) != 1:
        return None
    return _answer(question, _format_number(bounds[0].number or 0), bounds, None)


def _changes_about(question: Question, facts: Sequence[Fact], end: str) -> list[Fact]:
    """The changes about the question's target, with a stated ``end`` ("from" or "to"),
    whose sentences cover the question."""
    return [
        f
        for f in facts
        if f.kind == "change"
        and f.qualifier(end)
        and question.target in terms(f"{f.subject} {f.qualifier('unit') or ''}")
        and _covers(question, f, ignore={question.target})
    ]


def _change(question: Question, facts: Sequence[Fact]) -> Answer | None:
    changes = _changes_about(question, facts, "from")
    if len(changes) != 1:
        return None
    change = changes[0]
    start, end = amount(change.qualifier("from")), amount(change.qualifier("to"))
    if not start or end is None:
        return None
    if _RATIO_RE.search(question.text.lower()):
        ratio = end / start
        text = f"about {ratio:.1f} times"
        working = f"{change.qualifier('to')} / {change.qualifier('from')} = {ratio:.2f}"
    else:
        percent = (end - start) / start * 100
        rounded = abs(round(percent))  # the question says which way ("rise", "fall")
        text = f"{rounded}%" if abs(abs(percent) - rounded) < 0.05 else f"about {rounded}%"
        working = (
            f"({change.qualifier('to')} - {change.qualifier('from')}) / {change.qualifier('from')}"
            f" = {percent:.1f}%"
        )
    return _answer(question, text, [change], working)


def _where_change_ended(question: Question, facts: Sequence[Fact]) -> Answer | None:
    """ "What is the vacancy rate now?" when the text says only that it "fell from 6.8%
    to 2.9%": the figure it moved to, from the one change about the target."""
    changes = _changes_about(question, facts, "to")
    if len(changes) != 1:
        return None
    change = changes[0]
    working = f"{change.qualifier('action') or 'changed'} from {change.qualifier('from')}"
    return _answer(question, change.qualifier("to") or "", [change], working)


def _matching(
    question: Question,
    facts: Sequence[Fact],
    head: str | None,
    ignore: str | None = None,
    use_constraints: bool = True,
) -> list[Fact]:
    """Facts counting ``head`` (any, for None) whose qualifiers cover the question."""
    skip = {question.target, ignore, head} - {None}
    found = []
    for fact in facts:
        if head is not None and not same_sense(head) & {subject_head(fact), *terms(fact.subject)}:
            continue
        if not _covers(question, fact, ignore=skip):
            continue
        if use_constraints and not all(_time_matches(fact, c) for c in question.constraints):
            continue
        found.append(fact)
    return found


def _covers(question: Question, fact: Fact, ignore: set[str | None]) -> bool:
    """Every word the question requires, besides what it counts, is stated with the fact."""
    stated = set(terms(fact.sentence)) | set(terms(fact.subject))
    stated.update(_headline_names(fact.citation.source_title))
    for _, value in fact.qualifiers:
        stated.update(terms(value))
    for _, sentence in fact.also_cites:
        stated.update(terms(sentence))
    constraint_terms = {t for c in question.constraints for t in terms(c)}
    for term in question.required:
        if term in ignore or term in _OPERATION_STEMS or term in constraint_terms:
            continue
        # "female victims": the group already says they are people
        if term in GROUPS or (term in PEOPLE and (question.target in set(GROUPS) | PEOPLE)):
            continue
        if not stated_in(term, stated):
            return False
    return True


@lru_cache(maxsize=256)
def _headline_names(title: str) -> tuple[str, ...]:
    """The terms of the headline's capitalised words ("Tamarack County"), which name
    what every sentence of the story is about; a word of change in it ("Rents Climb")
    says nothing of any one figure."""
    named = " ".join(word for word in title.split() if word[:1].isupper())
    return tuple(term for term in terms(named) if term not in _CHANGE_STEMS)


def _time_matches(fact: Fact, constraint: str) -> bool:
    time = (fact.qualifier("time") or "").lower()
    return bool(time) and (constraint in time or time in constraint)


def _time_phrase(fact: Fact) -> str:
    time = fact.qualifier("time") or ""
    return f"in {time}" if time[:1].isdigit() else time


def _format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _answer(question: Question, text: str, used: list[Fact], working: str | None) -> Answer:
    primary = used[0]
    start = primary.sentence.find(text) if len(used) == 1 else -1
    highlight = (start, start + len(text)) if start >= 0 and not working else None
    confidence = 0.95 if working is None else 0.9
    return fact_answer(question, text, tuple(used), confidence, working, highlight)
