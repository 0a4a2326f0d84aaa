"""Facts stage, from the text: totals, differences, percent changes and percentage
points computed from the figures of the best matching paragraphs, when the question
asks for one and the extracted facts did not answer it.

News writing states the figures a reader combines in a few common shapes, and these
are what is read here (never the words of any one story):
- a list: "hired 14 drivers, 3 mechanics and 2 dispatchers", "voted 9-4";
- a change: "rose from A in 2019 to B", "B last year, up from A in 2021";
- figures tied to names or times: "Greene received 4,812 votes, ... Johansson 3,951",
  "161 burglaries ... in 2024, compared with 214 ... in 2023".
Every figure used is cited with its sentence and the working is shown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ..language.lexicon import (
    CHANGE_QUESTION_WORDS,
    IDENTIFIER_NOUNS,
    MONEY_NOUNS,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
)
from ..language.numbers import NOW_BEFORE_RE, TALLY_RE
from ..language.sentences import refers_back, sentence_spans
from ..language.spans import find_spans
from ..language.tokens import stems, terms
from ..model import Answer, Citation, Fact, Passage, Question, fact_answer
from .question import question_names

# How many of the best matching paragraphs are searched for figures.
PASSAGES_SEARCHED = 3
# Figures in one list stand at most this many words apart ("400 riders a day, Route 22 about 900").
LIST_GAP_WORDS = 6
# A figure belongs to a name or a time at most this many words away.
BINDING_WORDS = 8
# The raw score of a computed answer; what it is worth is measured and mapped by the
# calibration (see README, "Confidence").
RAW_CONFIDENCE = 0.85


class Operation(Enum):
    """The arithmetic a question asks for."""

    TOTAL = "total"
    DIFFERENCE = "difference"
    PERCENT_CHANGE = "percent change"
    POINTS = "percentage points"
    SHARE = "share of a whole"
    COMPLEMENT = "rest of a whole"
    VOTE_SIDE = "one side of a vote tally"


_SHARE_RE = re.compile(r"\bpercent(?:age)? of\b")  # a share, not a change
# "what percentage of the damaged homes ...": a part of a whole the text gives as "N of M"
_PART_OF_RE = re.compile(
    r"\b(?:what|which)\s+(?:percent(?:age)?|share|portion|proportion|fraction)\s+of\s+"
    r"(?:the|its|their|all)\b"
)
# "how many of the floor beams were free of corrosion?": the rest of a whole
_HOW_MANY_OF_RE = re.compile(r"\bhow many of (?:the|its|their|all)\b")
_NOT_RE = re.compile(
    r"\b(?:not|no|never|none|without|free of|n't|remain(?:ed|s)?|left|rest|other)\b|n't\b"
)
# between a part and its whole: "22 of the bridge's 48 beams", "31 of 193 homes"
_OF_WHOLE_GAP_RE = re.compile(r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|all)\s+)?(?:[\w-]+'s\s+)?$")
# "Of the 112 people arrested for auto theft, 74 were under 18": the whole first
_WHOLE_FIRST_LEAD_RE = re.compile(r"\b[Oo]f (?:the|its|their|all)\s+\$?$")
_WHOLE_FIRST_GAP_RE = re.compile(r"[\w\s'-]{0,60},\s*")
_BELOW_RE = re.compile(r"\b(?:under|younger than|less than|fewer than|below)\s+\d")
_ABOVE_RE = re.compile(
    r"\b(?:over|older than|more than|at least|above)\s+\d|\d+\s+(?:or|and)\s+(?:older|over|more|up)\b"
)
# "how many voted in favor?", "how many members voted against it?": one side of a tally
_VOTE_SIDE_RE = re.compile(
    r"\bhow many\b.*\bvot(?:ed|es)\b.*?\b(?P<side>in favou?r|for|yes|against|no|opposed)\b"
)
_AGAINST_WORDS = frozenset(["against", "no", "opposed"])
# "how many people voted against the levy?": a ballot's count, not a board's tally
_BALLOT_RE = re.compile(r"\b(?:people|voters|residents|citizens|ballots)\b")
# "31 of the damaged homes": a part whose whole the story states elsewhere
_PART_OF_THE_RE = re.compile(
    r"(?<![\w$.,])(?P<part>\d[\d,]*)\s+of\s+(?:the|its|their)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<head>[a-z]+s)\b"
)
_POINTS_RE = re.compile(r"\bpercentage points?\b")
_PERCENT_RE = re.compile(r"\b(?:percent|percentage|per cent)\b|%")
# "go up", "went down": a change asked in two words
_PHRASAL_CHANGE_RE = re.compile(r"\b(?:go|goes|going|gone|went) (?:up|down)\b")
_CHANGE_STEMS = stems(CHANGE_QUESTION_WORDS)
_DIFFERENCE_RE = re.compile(
    r"\bhow (?:many|much)\b.*\b(?:more|fewer|less|longer|shorter|higher|lower|above|below|"
    r"bigger|smaller|larger|separated?)\b|\bby how (?:many|much)\b|\bdifference\b|\bgap\b|"
    r"\bhow (?:many|much)\b.*\bcompared (?:with|to)\b"
)
_TOTAL_RE = re.compile(
    r"\b(?:in total|total|altogether|all together|combined|overall|in all|between them|"
    r"together)\b"
)
_COMPARED_RE = re.compile(r"\bcompared (?:with|to)\b|\bversus\b")
_UP_FROM_RE = re.compile(r"\b(?:up|down|rising|falling|increasing|decreasing)\s+from\b")
# "That is up from 162 minutes ... and well above the statewide median of 171 minutes":
# what a figure in a sentence that refers back is compared with the statement before it by
_COMPARED_BACK_RE = re.compile(
    r"\b(?:(?:up|down) from|above|below|compared (?:with|to)|"
    r"(?:more|less|fewer|higher|lower|greater|longer|shorter) than)\b"
)
_CLAUSE_END_RE = re.compile(r",|;|\band\b|\bbut\b")
_LIST_JOINT_RE = re.compile(r",|\band\b|\bor\b|\bcompared with\b|\bversus\b")
_OPERATION_TERMS = frozenset(
    terms(
        "total altogether combined together difference percent percentage point points more"
        " fewer less longer shorter higher lower above below separated gap rise rose increase"
        " grow grew climb jump fall fell drop decline decrease shrink change go gone went up"
        " down many much compared"
    )
)
# Units the text writes as symbols ("$", "%"): a question's "dollars" is no word to find.
_UNIT_TERMS = frozenset(terms("dollar dollars cent cents percent percentage point points"))
# "How many people did it hire in total?" adds up drivers, mechanics and dispatchers.
_GENERAL_NOUNS = frozenset(terms(" ".join(PEOPLE_NOUNS) + " things items"))
_AMOUNT_TERMS = frozenset(terms("number count amount total share"))
_MONEY_TERMS = frozenset(terms(" ".join(MONEY_NOUNS)))
_NUMBER_TERMS = frozenset(terms(" ".join(NUMBER_WORDS)))
_TIME_IN_GAP_RE = re.compile(r"\b(?:(?:19|20)\d\d|last|this|next|ago)\b")
_LATER_TIMES = ("this year", "this fall", "this spring", "this month", "now", "today")
_RELATIVE_TIMES = ("last year", *_LATER_TIMES)


@dataclass(frozen=True)
class Figure:
    """A number as written in a paragraph, with its unit ("$", "%" or "") and the
    span of the sentence it stands in."""

    value: float
    text: str
    unit: str
    start: int
    end: int
    passage: Passage
    sentence: tuple[int, int]


def operation_asked(question: Question) -> Operation | None:
    """The arithmetic the question asks for, or None for a plain lookup."""
    text = question.text.lower()
    if _POINTS_RE.search(text):
        return Operation.POINTS
    if _PART_OF_RE.search(text):
        return Operation.SHARE
    if _HOW_MANY_OF_RE.search(text):
        return Operation.COMPLEMENT  # the rest, or the part itself when nothing is denied
    asks_change = bool(set(question.focus) & _CHANGE_STEMS) or _PHRASAL_CHANGE_RE.search(text)
    if _PERCENT_RE.search(text) and asks_change and not _SHARE_RE.search(text):
        return Operation.PERCENT_CHANGE
    if _DIFFERENCE_RE.search(text):
        return Operation.DIFFERENCE
    if _TOTAL_RE.search(text) and re.search(r"\bhow (?:many|much)\b|\bnumber of\b", text):
        return Operation.TOTAL
    if _VOTE_SIDE_RE.search(text) and not _BALLOT_RE.search(text):
        return Operation.VOTE_SIDE
    return None


def subject_terms(question: Question) -> tuple[str, ...]:
    """The question's search terms without the words of the operation it asks for
    ("fewer", "total", "percent"): what the figures are about, to find their story.
    The focus as it is when nothing else is left, or no operation is asked."""
    if operation_asked(question) is None:
        return question.focus
    left = tuple(t for t in question.focus if t not in _OPERATION_TERMS | _UNIT_TERMS)
    return left or question.focus


def compute_from_text(
    question: Question,
    passages: Sequence[Passage],
    idf: Callable[[str], float],
    known: Callable[[str], bool],
    adjacent: Callable[[Passage, int], Passage | None] = lambda passage, step: None,
) -> Answer | None:
    """The computed answer from the first of ``passages`` (best first) that holds the
    figures it needs, or None. Only the best passage's story is read: a figure from
    another story is never combined with it. ``adjacent(passage, step)`` gives the
    story's paragraph before (-1) or after (+1) one, for a sentence that compares
    its figure with the statement before it ("That is up from ...")."""
    operation = operation_asked(question)
    if operation is None or not passages:
        return None
    story = passages[0].source_id
    for passage in [p for p in passages if p.source_id == story][:PASSAGES_SEARCHED]:
        # "how many members voted?" of "the council voted 9-4": the tally says who
        tallied = "voted" in question.words and _tally(passage) is not None
        if not (tallied or _covers(question, passage, known)):
            continue
        figures = figures_in(passage)
        if operation in (Operation.SHARE, Operation.COMPLEMENT):
            found = _part_of_whole(question, passage, figures, operation)
        elif operation is Operation.TOTAL:
            found = _total(question, passage, figures)
        elif operation is Operation.VOTE_SIDE:
            tally = _tally(passage)
            found = _tally_answer(question, passage, tally) if tally else None
        else:
            found = _pair(question, passage, figures, operation, idf, adjacent)
        if found is not None:
            return found
    if operation in (Operation.SHARE, Operation.COMPLEMENT):
        told = [p for p in passages if p.source_id == story][:PASSAGES_SEARCHED]
        return _part_of_stated_whole(question, told, operation)
    return None


def _covers(question: Question, passage: Passage, known: Callable[[str], bool]) -> bool:
    """Whether the paragraph speaks of what the question asks about: what it counts
    stands there, and so does at least half of the rest of its required words that
    the knowledge uses anywhere (the operation's own words and numbers aside)."""
    present = set(terms(passage.text))
    counted = _counted(question)
    # "the price of the pass" may be written "the pass will go from $45 to $60"
    priced = counted in _MONEY_TERMS and "$" in passage.text
    if (
        counted
        and counted not in _GENERAL_NOUNS
        and not _stands_in(counted, present)
        and not priced
    ):
        return False
    required = [
        t
        for t in question.required
        if t not in _OPERATION_TERMS and not t[:1].isdigit() and t not in _NUMBER_TERMS and known(t)
    ]
    missing = [t for t in required if t not in present]
    return 2 * len(missing) <= len(required)


def _stands_in(counted: str, present: set[str]) -> bool:
    """Whether each word of what is counted stands in the paragraph, in a form of its own
    ("one-bedroom"; "visits" for "visitors")."""
    return all(any(t.startswith(word) for t in present) for word in terms(counted))


def _counted(question: Question) -> str | None:
    """What the question counts: its target ("how many riders"), or the noun after
    "the number of" ("by what percentage did the number of teachers rise?")."""
    if question.target and question.target not in _UNIT_TERMS | _AMOUNT_TERMS:
        return question.target
    words = question.words
    for n, word in enumerate(words[:-2]):
        if word in ("number", "count", "amount") and words[n + 1] == "of":
            following = terms(" ".join(words[n + 2 : n + 4]))
            return following[0] if following else None
    return None


def figures_in(passage: Passage) -> list[Figure]:
    """The quantities of a paragraph: its numbers, without the ones that name something
    ("Route 14", "Ward 3") or give a person's age ("Albrecht, 58,")."""
    text = passage.text
    found = []
    for span in find_spans(text):
        if span.kind != "number" or span.value is None:
            continue
        before = text[: span.start]
        previous = re.search(r"(\w+)\s$", before)
        if previous and previous.group(1).lower() in IDENTIFIER_NOUNS:
            continue  # an identifier: "Route 14"
        if re.search(r"[A-Z][a-z]+,\s$", before) and text[span.end : span.end + 1] == ",":
            continue  # an age: "Albrecht, 58,"
        unit = _unit(text, span.end, span.text)
        sentence = _sentence_at(text, span.start)
        found.append(Figure(span.value, span.text, unit, span.start, span.end, passage, sentence))
    return found


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds ``offset``."""
    for start, end in _sentences(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)


@lru_cache(maxsize=32)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    # the same paragraph is looked at by several steps of one question
    return tuple(sentence_spans(text))


def _unit(text: str, end: int, written: str) -> str:
    after = text[end : end + 20].lower()
    if written.startswith("$"):
        return "$"
    if written.endswith("%") or after.startswith((" percent", " per cent", " percentage")):
        return "%"
    return ""


# -- parts of a whole ------------------------------------------------------------------------


def _part_of_whole(
    question: Question, passage: Passage, figures: list[Figure], operation: Operation
) -> Answer | None:
    """A share ("what percentage of the homes had insurance?") or the rest ("how many
    of the beams were free of corrosion?") from a part written with its whole: "31 of
    the 193 damaged homes had insurance", "corrosion on 22 of the bridge's 48 beams"."""
    for part, whole in _parts_with_wholes(passage.text, figures):
        return _share_or_rest(question, part, whole, operation)
    return None


def _share_or_rest(question: Question, part: Figure, whole: Figure, operation: Operation) -> Answer:
    """The share or the rest the question asks for, of a part and its whole."""
    rest = whole.value - part.value
    text = part.passage.text
    # "how many were not ...", or "18 or older" of "74 were under 18": the rest
    wanted_rest = _NOT_RE.search(question.text.lower()) is not None or _opposite_bounds(
        question.text, text[part.end : part.end + 40]
    )
    if operation is Operation.COMPLEMENT:
        if not wanted_rest:
            working = f"{part.text} of {whole.text}, as stated"
            return _answer(question, _format(part.value, ""), [part, whole], working)
        working = f"{whole.text} - {part.text} = {_format(rest, '')}"
        return _answer(question, _format(rest, ""), [whole, part], working)
    # a share of what the question names: of the part as written, or of the rest
    share = 100 * (rest if wanted_rest else part.value) / whole.value
    shown = f"({whole.text} - {part.text})" if wanted_rest else part.text
    working = f"{shown} / {whole.text} = {share:.1f}%"
    return _answer(question, f"{share:.0f}%", [part, whole], working)


def _part_of_stated_whole(
    question: Question, passages: Sequence[Passage], operation: Operation
) -> Answer | None:
    """A part written against a whole the story states in another sentence: "Only 31
    of the damaged homes had flood insurance" with "The July flood damaged 193 homes"."""
    for passage in passages:
        for match in _PART_OF_THE_RE.finditer(passage.text):
            head = match.group("head")
            if not set(terms(head)) & set(question.focus):
                continue
            part = _figure_at(passage, match.start("part"))
            whole = _whole_of(head, passages, part)
            if part is not None and whole is not None:
                return _share_or_rest(question, part, whole, operation)
    return None


def _whole_of(head: str, passages: Sequence[Passage], part: Figure | None) -> Figure | None:
    """The first count of ``head`` in the story's paragraphs that is larger than the part
    and is no part itself ("damaged 193 homes", not "31 of the damaged homes")."""
    if part is None:
        return None
    pattern = re.compile(rf"(?<![\w$.,])\d[\d,]*(?=\s+(?:[a-z-]+\s+){{0,2}}?{re.escape(head)}\b)")
    for passage in passages:
        for found in pattern.finditer(passage.text):
            if re.match(r"\s+of\b", passage.text[found.end() :]):
                continue
            whole = _figure_at(passage, found.start())
            if whole is not None and whole.value > part.value and not whole.unit:
                return whole
    return None


def _figure_at(passage: Passage, offset: int) -> Figure | None:
    """The figure of the paragraph that starts at ``offset``."""
    return next((f for f in figures_in(passage) if f.start == offset), None)


def _parts_with_wholes(text: str, figures: list[Figure]) -> Iterator[tuple[Figure, Figure]]:
    """(part, whole) pairs written as "22 of the bridge's 48 beams" or "of the 112
    people arrested, 74 were ...", counts in one sentence, the part no larger."""
    for first, second in zip(figures, figures[1:], strict=False):
        if first.sentence != second.sentence or first.unit or second.unit:
            continue
        gap = text[first.end : second.start]
        if _OF_WHOLE_GAP_RE.fullmatch(" " + gap.lstrip()):
            part, whole = first, second
        elif _WHOLE_FIRST_LEAD_RE.search(text[: first.start]) and _WHOLE_FIRST_GAP_RE.fullmatch(
            gap
        ):
            part, whole = second, first
        else:
            continue
        if 0 < part.value <= whole.value:
            yield part, whole


def _opposite_bounds(question: str, after_part: str) -> bool:
    """True when the question bounds the other way from the text's part: "18 or older"
    asked of "74 were under 18"."""
    asked, stated = _bound_side(question), _bound_side(after_part)
    return asked is not None and stated is not None and asked != stated


def _bound_side(text: str) -> str | None:
    """ "above" for "18 or older", "over 18", "at least 18"; "below" for "under 18",
    "younger than 18"; None when the text sets no bound."""
    lowered = text.lower()
    if _BELOW_RE.search(lowered):
        return "below"
    if _ABOVE_RE.search(lowered):
        return "above"
    return None


# -- totals ----------------------------------------------------------------------------------


def _total(question: Question, passage: Passage, figures: list[Figure]) -> Answer | None:
    if "voted" in question.words:
        tally = _tally(passage)
        if tally is not None:
            return _tally_answer(question, passage, tally)
    wanted = _item_count(question)
    counts = [f for f in figures if f.unit != "%"]
    named = _bound_to_names(question, passage, counts)
    if len(named) >= 2:
        return _sum_answer(question, named)
    runs = [
        run
        for unit in ("", "$")
        for run in _runs(passage.text, [f for f in counts if f.unit == unit])
    ]
    if wanted is not None:
        runs += _joined_runs(runs, wanted)
    labelled = _labelled(question, passage, counts)
    ranked = sorted(
        runs,
        key=lambda r: (-len(set(r) & set(labelled)), -_run_matches(question, passage, r)),
    )
    for run in ranked:
        if len(run) >= 2 and (wanted is None or len(run) == wanted):
            return _sum_answer(question, run)
    if len(labelled) >= 2 and (wanted is None or len(labelled) == wanted):
        return _sum_answer(question, labelled)  # figures named one by one, apart
    return None


def _joined_runs(runs: list[list[Figure]], wanted: int) -> list[list[Figure]]:
    """Lists of one unit that follow each other in the paragraph and together hold as
    many figures as the question says ("the four candidates": three in one sentence,
    the fourth in the next)."""
    joined = []
    for n, run in enumerate(runs):
        combined = list(run)
        for later in runs[n + 1 :]:
            if later[0].unit != run[0].unit or len(combined) >= wanted:
                break
            combined += later
        if len(combined) == wanted and len(combined) > len(run):
            joined.append(combined)
    return joined


def _tally(passage: Passage) -> tuple[int, int, int] | None:
    """A vote tally in the paragraph: (for, against, offset)."""
    match = TALLY_RE.search(passage.text)
    if match is None or not re.search(
        r"\bvot", passage.text[max(0, match.start() - 30) : match.start()]
    ):
        return None
    return int(match.group(1)), int(match.group(2)), match.start()


def _tally_answer(question: Question, passage: Passage, tally: tuple[int, int, int]) -> Answer:
    """How many voted (both sides of a tally added), or how many voted for or against."""
    yes, no, start = tally
    written = f"{yes}-{no}"
    sentence = _sentence_at(passage.text, start)
    side = _VOTE_SIDE_RE.search(question.text.lower())
    if side is not None:
        against = side.group("side") in _AGAINST_WORDS
        count = no if against else yes
        figure = Figure(float(count), written, "", start, start + len(written), passage, sentence)
        working = f"{written}: {count} {'against' if against else 'for'}"
        return _answer(question, _format(count, ""), [figure], working)
    figure = Figure(float(yes + no), written, "", start, start + len(written), passage, sentence)
    working = f"{yes} for + {no} against = {yes + no}"
    return _answer(question, _format(yes + no, ""), [figure], working)


def _item_count(question: Question) -> int | None:
    """How many items the question says it adds up ("the four new routes")."""
    for word in question.words:
        if word in NUMBER_WORDS and 2 <= NUMBER_WORDS[word] <= 12:
            return NUMBER_WORDS[word]
    return None


def _labelled(question: Question, passage: Passage, figures: list[Figure]) -> list[Figure]:
    """Figures whose counted noun (the words just after them) is one the question names,
    one figure per noun: "18 nurses, 6 physician assistants and 2 emergency physicians"."""
    asked = set(question.focus)
    chosen: list[Figure] = []
    seen: set[str] = set()
    for figure in figures:
        label = terms(passage.text[figure.end : figure.end + 40])[:3]
        hits = [t for t in label if t in asked]
        if hits and hits[0] not in seen:
            seen.add(hits[0])
            chosen.append(figure)
    return chosen if len(seen) >= 2 else []


def _runs(text: str, figures: list[Figure]) -> list[list[Figure]]:
    """Figures of one unit written as a list: close together, joined by commas or "and"."""
    runs: list[list[Figure]] = []
    for figure in figures:
        if runs:
            last = runs[-1][-1]
            gap = text[last.end : figure.start]
            if (
                figure.unit == last.unit
                and len(gap.split()) <= LIST_GAP_WORDS
                and _LIST_JOINT_RE.search(gap)
                and figure.sentence == last.sentence
                and not _TIME_IN_GAP_RE.search(gap)
            ):
                runs[-1].append(figure)
                continue
        runs.append([figure])
    return runs


def _run_matches(question: Question, passage: Passage, run: list[Figure]) -> int:
    """How many of the question's terms stand in the sentence of a list."""
    start, end = run[0].sentence
    return len(set(terms(passage.text[start:end])) & set(question.focus))


def _sum_answer(question: Question, parts: list[Figure]) -> Answer:
    unit = parts[0].unit
    total = sum(f.value for f in parts)
    working = " + ".join(f.text for f in parts) + f" = {_format(total, unit)}"
    return _answer(question, _format(total, unit), parts, working)


# -- differences, percent changes, percentage points ---------------------------------------


def _pair(
    question: Question,
    passage: Passage,
    figures: list[Figure],
    operation: Operation,
    idf: Callable[[str], float],
    adjacent: Callable[[Passage, int], Passage | None],
) -> Answer | None:
    usable = [f for f in figures if _fits(question, operation, f)]
    finders: list[Callable[[], list[Figure]]] = [
        lambda: _bound_to_names(question, passage, usable),
        lambda: _bound_to_times(question, passage, usable),
        lambda: _change_pattern(question, passage, usable, idf),
        lambda: _compared_back(question, passage, adjacent, operation, idf),
    ]
    for finder in finders:
        pair = finder()
        if len(pair) == 2 and pair[0].unit == pair[1].unit:
            return _pair_answer(question, pair[0], pair[1], operation)
    return None


def _fits(question: Question, operation: Operation, figure: Figure) -> bool:
    """Whether a figure can be one side of the pair: percentages for points; for a
    difference, the unit asked in; for a percent change, any figure but a percentage,
    unless the question is about a rate or share."""
    if operation is Operation.POINTS:
        return figure.unit == "%"
    if operation is Operation.DIFFERENCE:
        return figure.unit == _unit_asked(question)
    return figure.unit != "%" or bool({"rate", "share"} & set(question.words))


def _unit_asked(question: Question) -> str:
    """The unit a difference is asked in: dollars for money, else a count."""
    words = set(question.words)
    if words & {"dollars", "dollar", "$", "cost", "costs", "price", "money", "spend", "spent"}:
        return "$"
    if words & {"percent", "percentage", "%", "rate"}:
        return "%"
    return ""


def _bound_to_names(question: Question, passage: Passage, figures: list[Figure]) -> list[Figure]:
    """For each name the question gives that the paragraph holds, the figure that belongs
    to it: the nearest after it, else before it, not past another name; where the two
    names' nearest figures count different things ("25 minutes" and "34 stops"), the
    other side's figure that counts the same."""
    text = passage.text
    places = {}
    for name in question_names(question):
        found = re.search(rf"\b{re.escape(name)}\b", text)
        if found:
            places[name] = (found.start(), found.end())
    if len(places) < 2:
        return []
    options = [
        _near(text, span, figures, {p[0] for n, p in places.items() if p != span})
        for span in places.values()
    ]
    if any(not found for found in options):
        return []
    pairs = [[a, b] for a in options[0] for b in options[1] if a is not b]
    alike = [pair for pair in pairs if _label(text, pair[0]) == _label(text, pair[1])]
    return (alike or pairs or [[]])[0]


def _label(text: str, figure: Figure) -> str:
    """The first word after a figure, stemmed: what it counts."""
    following = terms(text[figure.end : figure.end + 30])
    return following[0] if following else ""


def _near(
    text: str, span: tuple[int, int], figures: list[Figure], others: set[int]
) -> list[Figure]:
    """The nearest figure after a name and the nearest before it, within the sentence
    and not past another name (the one after first)."""
    start, end = span
    sentence = _sentence_at(text, start)
    after = [
        f
        for f in figures
        if f.start >= end
        and f.sentence == sentence
        and len(text[end : f.start].split()) <= BINDING_WORDS
        and not any(end < o < f.start for o in others)
    ]
    before = [
        f
        for f in figures
        if f.end <= start
        and f.sentence == sentence
        and len(text[f.end : start].split()) <= BINDING_WORDS
        and not any(f.end < o < start for o in others)
    ]
    return after[:1] + before[-1:]


def _bound_to_times(question: Question, passage: Passage, figures: list[Figure]) -> list[Figure]:
    """For two times the question names, the figure stated for each: the list just
    before the time, at the place in it of the thing asked about."""
    text = passage.text
    lowered = text.lower()
    times = [t for t in _question_times(question) if t in lowered]
    if len(times) < 2:
        return []
    runs = _runs(text, figures)
    chosen: list[list[Figure]] = []
    for time in times[:2]:
        at = lowered.find(time)
        before = [r for r in runs if r[-1].end <= at and len(text[r[-1].end : at].split()) <= 3]
        after = [
            r
            for r in runs
            if r[0].start > at
            and r[0].sentence == _sentence_at(text, at)
            and len(text[at : r[0].start].split()) <= 5
        ]
        if not before and not after:
            return []
        chosen.append(before[-1] if before else after[0])
    position = _labelled_position(question, text, chosen)
    if any(position >= len(run) for run in chosen):
        return []
    return _oldest_first([run[position] for run in chosen], times[:2])


def _labelled_position(question: Question, text: str, runs: list[list[Figure]]) -> int:
    """The place in parallel lists ("161 burglaries, 118 assaults ... compared with
    214, 131 ...") of the figure whose noun the question names; the first by default."""
    asked = {t for t in question.focus if not t[:1].isdigit()}
    for run in runs:
        for i, figure in enumerate(run):
            if set(terms(text[figure.end : figure.end + 30])[:2]) & asked:
                return i
    return 0


def _question_times(question: Question) -> list[str]:
    """The years and relative times a question names, in its order."""
    text = question.text.lower()
    found = [(m.start(), m.group()) for m in re.finditer(r"\b(?:19|20)\d\d\b", text)]
    found += [(text.find(t), t) for t in _RELATIVE_TIMES if t in text]
    return [t for _, t in sorted(found)]


def _oldest_first(pair: list[Figure], times: list[str]) -> list[Figure]:
    return pair if _time_rank(times[0]) <= _time_rank(times[1]) else [pair[1], pair[0]]


def _time_rank(time: str) -> float:
    if time.isdigit():
        return float(time)
    return 10_000.0 if time == "last year" else 10_001.0


def _change_pattern(
    question: Question, passage: Passage, figures: list[Figure], idf: Callable[[str], float]
) -> list[Figure]:
    """A change written out with two figures side by side; of several, the one whose
    own words repeat the question most. Returns [old, new]."""
    text = passage.text
    found: list[list[Figure]] = []
    for first, second in zip(figures, figures[1:], strict=False):
        gap = text[first.end : second.start]
        if len(gap.split()) > BINDING_WORDS or first.sentence != second.sentence:
            continue
        lead = text[max(0, first.start - 6) : first.start]
        if _UP_FROM_RE.search(gap) or _COMPARED_RE.search(gap):
            found.append([second, first])  # "B, up from A", "B, compared with A last year"
        elif re.search(r"\bfrom\s*$", lead) and re.search(r"\bto\b", gap):
            found.append([first, second])  # "from A in 2019 to B"
        elif re.search(r"\bto\s*$", lead) and re.search(r"\bfrom\b", gap):
            found.append([second, first])  # "rose to B from A"
    found += _steps_from_now(question, text, figures)
    if not found:
        return []
    return max(found, key=lambda pair: _own_words_weight(question, passage, figures, pair, idf))


def _steps_from_now(question: Question, text: str, figures: list[Figure]) -> list[list[Figure]]:
    """ "The minimum, now $12.75, will rise to $14 next January and to $15.50 in
    January 2027": from the figure now to the step the question names by its time,
    else to the last step ("overall"), as [old, new]."""
    for first in figures:
        if not NOW_BEFORE_RE.search(text[max(0, first.start - 12) : first.start]):
            continue
        steps = [
            f
            for f in figures
            if f.start > first.end
            and f.sentence == first.sentence
            and f.unit == first.unit
            and re.search(r"\bto\s*$", text[max(0, f.start - 4) : f.start])
        ]
        if not steps:
            continue
        for step in steps:
            after = text[step.end : step.end + 24].lower()
            if any(c in after for c in question.constraints):
                return [[first, step]]
        return [[first, steps[-1]]]
    return []


def _compared_back(
    question: Question,
    passage: Passage,
    adjacent: Callable[[Passage, int], Passage | None],
    operation: Operation,
    idf: Callable[[str], float],
) -> list[Figure]:
    """A figure a sentence that refers back compares with the statement before it,
    paired with that statement's figure of the same unit and noun: "spent a median of
    238 minutes there. // That is up from 162 minutes in 2021 and well above the
    statewide median of 171 minutes" gives [162, 238] and [171, 238]; of several, the
    one whose own words repeat the question most. The statement before may end the
    paragraph before. Returns [reference, stated]."""
    found: list[tuple[float, list[Figure]]] = []
    for later, earlier in _back_references(passage, adjacent):
        for reference in _compared_figures(later):
            if not _fits(question, operation, reference):
                continue
            text = reference.passage.text
            stated = _stated_like(earlier, reference)
            if stated is not None:
                own = set(terms(_own_clause(text, reference)))
                weight = sum(idf(term) for term in own & set(question.focus))
                found.append((weight, [reference, stated]))
    return max(found, key=lambda item: item[0])[1] if found else []


def _back_references(
    passage: Passage, adjacent: Callable[[Passage, int], Passage | None]
) -> Iterator[tuple[tuple[Passage, tuple[int, int]], tuple[Passage, tuple[int, int]]]]:
    """Each sentence of the paragraph, or the first of the next one, that refers back,
    with the sentence before it: (passage, sentence span) pairs, later one first."""
    spans = _sentences(passage.text)
    for n, span in enumerate(spans):
        if not refers_back(passage.text[span[0] : span[1]]):
            continue
        if n:
            yield (passage, span), (passage, spans[n - 1])
        else:
            before = adjacent(passage, -1)
            if before is not None and _sentences(before.text):
                yield (passage, span), (before, _sentences(before.text)[-1])
    after = adjacent(passage, 1)
    if after is not None and spans and _sentences(after.text):
        first = _sentences(after.text)[0]
        if refers_back(after.text[first[0] : first[1]]):
            yield (after, first), (passage, spans[-1])


def _stated_like(earlier: tuple[Passage, tuple[int, int]], reference: Figure) -> Figure | None:
    """The figure of the statement before that a reference is compared with: the last
    of its unit that counts the same noun ("238 minutes" for "162 minutes"), else the
    one nearest its size, within a factor of ten ("412,000 trips", not "four branches",
    for "355,000 visits")."""
    passage, span = earlier
    alike = [
        f
        for f in figures_in(passage)
        if f.sentence == span and f.unit == reference.unit and f.value > 0
    ]
    label = _label(reference.passage.text, reference)
    same = [f for f in alike if _label(passage.text, f) == label]
    if same:
        return same[-1]
    if reference.value <= 0 or not alike:
        return None
    nearest = min(alike, key=lambda f: abs(math.log(f.value / reference.value)))
    return nearest if abs(math.log(nearest.value / reference.value)) <= math.log(10) else None


def _compared_figures(later: tuple[Passage, tuple[int, int]]) -> list[Figure]:
    """The figures of a sentence that a comparison introduces ("up from 162", "above
    the statewide median of 171"), no other figure between."""
    passage, span = later
    figures = [f for f in figures_in(passage) if f.sentence == span]
    compared = []
    for n, figure in enumerate(figures):
        start = figures[n - 1].end if n else span[0]
        if _COMPARED_BACK_RE.search(passage.text[start : figure.start]):
            compared.append(figure)
    return compared


def _own_clause(text: str, figure: Figure) -> str:
    """The words of the clause a figure stands in: from the comparison before it to
    the end of its clause ("well above the statewide median of 171 minutes")."""
    before = text[figure.sentence[0] : figure.start]
    cues = list(_COMPARED_BACK_RE.finditer(before))
    start = figure.sentence[0] + cues[-1].start() if cues else figure.start
    after = text[figure.end : figure.sentence[1]]
    end = _CLAUSE_END_RE.search(after)
    return text[start : figure.end + (end.start() if end else len(after))]


def _own_words_weight(
    question: Question,
    passage: Passage,
    figures: list[Figure],
    pair: list[Figure],
    idf: Callable[[str], float],
) -> float:
    """How much of the question the words leading up to a pair repeat (rare words
    weigh more): "and soybeans at 41 bushels, down from 57" is about soybeans."""
    first = min(pair, key=lambda f: f.start)
    last = max(pair, key=lambda f: f.end)
    earlier = [f.end for f in figures if f.end <= first.start and f not in pair]
    start = max([first.sentence[0], *earlier])
    own = set(terms(passage.text[start : last.end]))
    return sum(idf(term) for term in own & set(question.focus))


def _pair_answer(
    question: Question, first: Figure, second: Figure, operation: Operation
) -> Answer | None:
    unit = first.unit
    if operation is Operation.PERCENT_CHANGE:
        old, new = first, second
        if old.value == 0:
            return None  # no percent change from nothing
        change = (new.value - old.value) / old.value * 100
        working = f"({new.text} - {old.text}) / {old.text} = {change:+.1f}%"
        return _answer(question, f"{abs(change):.0f}%", [old, new], working)
    gap = abs(first.value - second.value)
    if operation is Operation.POINTS:
        text = f"{_format(gap, '')} percentage points"
        working = f"{first.text} - {second.text} = {_format(second.value - first.value, '')} points"
        return _answer(question, text, [first, second], working)
    working = (
        f"{first.text} - {second.text}"
        if first.value >= second.value
        else f"{second.text} - {first.text}"
    )
    return _answer(
        question, _format(gap, unit), [first, second], f"{working} = {_format(gap, unit)}"
    )


def _format(value: float, unit: str) -> str:
    written = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"${written}" if unit == "$" else f"{written}%" if unit == "%" else written


def _answer(question: Question, text: str, used: list[Figure], working: str) -> Answer:
    facts = tuple(_as_fact(f) for f in used)
    return fact_answer(question, text, facts, RAW_CONFIDENCE, working)


def _as_fact(figure: Figure) -> Fact:
    """A figure as a fact, cited with the sentence it stands in."""
    text = figure.passage.text
    start, end = figure.sentence
    sentence = text[start:end]
    label = " ".join(text[figure.end :].split()[:2]).strip(",.;")
    passage = figure.passage
    citation = Citation(passage.source_id, passage.source_title, passage.paragraph, passage.line)
    return Fact("quantity", label, figure.text, figure.value, (), citation, sentence, "derived")
