"""Facts stage, figures: quantities, changes and thresholds stated in a sentence.

A quantity is a number with what it counts ("80 girls"), the verb that governs it
("helping"), who acted and when. A change is a figure that moved ("rose from 31 to 63",
"up from 160 in January", "doubled between 2012 and last year"). A threshold bounds
something ("under 18"). Changes stated with figures but no times are joined to a
change about the same thing, with times, in a neighbouring paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..language.clauses import WINDOW, SentenceParts, is_plain_word, is_plural, is_verb
from ..language.lexicon import (
    CHANGE_VERBS,
    CURRENCY_SIGNS,
    CURRENCY_UNITS,
    FACTOR_VERBS,
    GENERIC_SUBJECT_WORDS,
    MEASURE_UNITS,
    SPEECH_VERBS,
    STOPWORDS,
    TIME_WORDS,
)
from ..language.numbers import parse_number
from ..language.spans import Span
from ..language.tokens import Token, terms
from ..model import Citation, Fact

_BOUND_RE = re.compile(
    r"\b(under|over|below|above|at least|at most|more than|less than|fewer than|"
    r"younger than|older than|up to)\s+(\d+(?:\.\d+)?)(?:[- ](years?)[- ]old)?",
    re.IGNORECASE,
)
_FROM_TO_RE = re.compile(
    r"\s+(?:(?P<counted>[a-z]+(?:\s+[a-z]+)?)\s+)?(?:in\s+(?P<t1>[^,]+?)\s+)?to\s+"
)
# "rose from", "fell by 12% from", "fell by more than half, from"
_CHANGE_LEAD_RE = re.compile(
    r"(?P<verb>\w+)\s+(?:by\s+(?:[\w.%$-]+\s+){0,3}?[\w.%$-]+,?\s+)?from\s+$"
)
_UP_FROM_RE = re.compile(r"\b(up|down)\s+from\s+$")
_FACTOR_TIMES_RE = re.compile(r"\s+(?:between|from)\s+(?P<t1>.+?)\s+(?:and|to)\s+(?P<t2>[^,.;]+)")
_JOINED_NUMBERS_RE = re.compile(r"\s*(?:,|and|or|to)\s*|\s+(?:and|or|to)\s+")
# ", Alder Leah Johansson " / " and Hillview " right before a number, in a gapped list
_GAPPED_NAME_RE = re.compile(
    r"(?:,\s+|\s+and\s+)(?:[\w.'-]+\s+){0,4}?(?P<name>(?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)\s+$"
)
_OF_WHAT_RE = re.compile(r"\s+of\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)")
_HAVE = frozenset(["has", "have", "had"])
_MODALS = frozenset(["will", "would", "can", "could", "may", "might", "must", "should", "shall"])
_COMPARED_RE = re.compile(r"\bcompared (?:with|to)\b")
# what stands between the numbers of a bare list: "214, 131 and 42"
_LIST_ONLY_RE = re.compile(r"(?:\s*(?:,|and|,\s*and)\s*\$?[\d,.]+%?)*\s*(?:,|and|,\s*and)\s*")
_LIST_GAP_RE = re.compile(r"[\w\s-]*?(?:,\s*|\s+and\s+|\s+or\s+)")
_GENERIC = frozenset(terms(" ".join(sorted(GENERIC_SUBJECT_WORDS))))

MakeFact = Callable[..., Fact]


def _modifies_next(tokens: Sequence[Token], n: int) -> bool:
    """ "9 teaching positions", "118 aggravated assaults": a word in -ing or -ed right
    after a number and before a noun describes the noun; it is not the clause's verb."""
    nxt = tokens[n + 1] if n + 1 < len(tokens) else None
    return (
        n == 0
        and tokens[n].lower.endswith(("ing", "ed"))
        and nxt is not None
        and nxt.lower not in STOPWORDS
        and nxt.text.isalpha()
        and nxt.text.islower()
        and not is_verb(nxt)
    )


class FigureReader:
    """Reads the figures of one sentence; ``make`` turns a kind, subject, value, number
    and qualifiers into a Fact cited to the sentence."""

    def __init__(self, parts: SentenceParts, make: MakeFact):
        self.parts = parts
        self.text = parts.text
        self.make = make
        self._bounds = [(m.start(2), m.end(2)) for m in _BOUND_RE.finditer(self.text)]

    def facts(self) -> list[Fact]:
        """Changes, then quantities (figures a change already holds left out), then thresholds."""
        changes = self.changes()
        used = {n for f in changes for n in (f.qualifier("from"), f.qualifier("to")) if n}
        quantities = self.quantities(skip=used)
        return [*changes, *quantities, *self.respective(quantities), *self.thresholds()]

    # -- quantities ------------------------------------------------------------------

    def quantities(self, skip: set[str]) -> list[Fact]:
        """A quantity for every number that counts something."""
        found: list[Fact] = []
        previous: Span | None = None
        for span in self.parts.numbers():
            # "one" is more often a pronoun or determiner ("one issue", "one of") than a count
            if span.text in skip or self._is_bound(span) or span.text.lower() == "one":
                continue
            counted, unit = self.counted_after(span)
            if not counted:
                counted, unit = self._counted_later_in_list(span)
            if not counted:
                gapped = self._gapped(span, found)
                if gapped is not None:
                    found.append(gapped)
                continue
            action, agent = self.action_for(span), self.agent_for(span)
            token = self._action_token(span)
            if (
                previous is not None
                and found
                and (token is None or token.start > span.start)
                and self._continues_list(previous, span)
            ):
                # "employs 84 teachers and 31 aides": the list shares its verb (not one
                # found after the number)
                action = found[-1].qualifier("action") or ""
                agent = found[-1].qualifier("agent") or ""
            found.append(
                self.make(
                    "quantity",
                    counted,
                    span.text,
                    span.value,
                    action=action,
                    agent=agent,
                    time=self.parts.time_near(span),
                    unit=unit,
                    of=self._of_what(span, counted),
                )
            )
            previous = span
        return found

    def respective(self, found: list[Fact]) -> list[Fact]:
        """ "161 burglaries, 118 assaults and 39 robberies in 2024, compared with 214,
        131 and 42 in 2023": the later list gives, item by item, the same counts for
        another time."""
        match = _COMPARED_RE.search(self.text)
        if match is None:
            return []
        before = [f for f in found if self.text.find(f.value) < match.start()]
        later = [n for n in self.parts.numbers() if n.start > match.end()]
        if len(later) < 2 or len(later) != len(before):
            return []
        between = self.text[later[0].end : later[-1].start]
        if not _LIST_ONLY_RE.fullmatch(between):
            return []
        time = self.parts.time_after(later[-1].end) or self.parts.time_near(later[-1])
        return [
            self._like(fact, number, fact.qualifier("agent") or "", time)
            for fact, number in zip(before, later, strict=True)
        ]

    def _like(self, fact: Fact, number: Span, agent: str, time: str) -> Fact:
        """A quantity of the same thing and verb as ``fact``, for another who or when."""
        return self.make(
            "quantity",
            fact.subject,
            number.text,
            number.value,
            action=fact.qualifier("action"),
            agent=agent,
            time=time,
            unit=fact.qualifier("unit"),
        )

    def _gapped(self, span: Span, found: list[Fact]) -> Fact | None:
        """ "Greene received 4,812 votes, Johansson 3,951": a name and a number after a
        figure the clause already stated share its verb and what it counts; the name
        is who the number is for."""
        # only the words just before the number can name it (and a long sentence of
        # many numbers is not searched from its start for each)
        match = _GAPPED_NAME_RE.search(self.text[max(0, span.start - 120) : span.start])
        first = found[0] if found else None
        if match is None or first is None or not first.qualifier("action"):
            return None
        time = self.parts.time_near(span) or first.qualifier("time") or ""
        return self._like(first, span, match.group("name"), time)

    def _counted_later_in_list(self, span: Span) -> tuple[str, str]:
        """ "45 and 90 people": a number joined to the next one counts what it counts."""
        later = [s for s in self.parts.numbers() if s.start > span.end]
        if later and _JOINED_NUMBERS_RE.fullmatch(self.text[span.end : later[0].start]):
            return self.counted_after(later[0])
        return "", ""

    def _continues_list(self, previous: Span, span: Span) -> bool:
        return bool(_LIST_GAP_RE.fullmatch(self.text[previous.end : span.start]))

    def _is_bound(self, span: Span) -> bool:
        return any(start <= span.start < end for start, end in self._bounds)

    def counted_after(self, span: Span) -> tuple[str, str]:
        """What a number counts: the words right after it ("80 girls"), or after
        "percent of" ("45 percent of students"); and its unit (dollars, percent)."""
        unit = ""
        if span.text.startswith(tuple(CURRENCY_SIGNS)):
            unit = CURRENCY_UNITS[span.text[0]]
        if span.text.endswith(("%", "percent", "per cent")):
            unit = "percent"
        following = self.parts.tokens_after(span.end)
        if unit == "percent" and following and following[0].lower == "of":
            following = following[1:]
        words: list[str] = []
        for n, token in enumerate(following):
            word = token.lower
            if word in STOPWORDS or word[0].isdigit() or word in TIME_WORDS:
                break
            if is_verb(token) and not _modifies_next(following, n):
                break
            if words and is_plural(words[-1]) and not is_plural(word):
                break  # "45 percent of students qualify": the noun phrase ended
            words.append(token.text)
            if len(words) == 3:
                break
        return " ".join(words), unit

    def _of_what(self, span: Span, counted: str) -> str:
        """ "540 acres of soybeans": what a measure counts is measured of."""
        if counted.split()[-1].lower() not in MEASURE_UNITS:
            return ""
        match = _OF_WHAT_RE.match(self.text, self.text.find(counted, span.end) + len(counted))
        words = match.group(1).split() if match else []
        while words and words[-1] in STOPWORDS:
            words.pop()
        return " ".join(words)

    def action_for(self, span: Span) -> str:
        """The verb that governs a number (see ``_action_token``), lower case."""
        token = self._action_token(span)
        return token.lower if token else ""

    def _action_token(self, span: Span) -> Token | None:
        """The nearest verb before a number in its clause, walking back over a list
        ("helping 80 girls, 79 women"), else the first verb after it."""
        before = self.parts.window(self.parts.clause_start(span.start), span.start)
        for n in range(len(before) - 1, -1, -1):
            token = before[n]
            after_number = n > 0 and before[n - 1].text[:1].isdigit()
            # "will lay off 340 workers": a word after a modal is its verb
            after_modal = n > 0 and before[n - 1].lower in _MODALS and token.text.isalpha()
            if (
                (is_verb(token) or after_modal)
                and token.lower not in SPEECH_VERBS
                and not after_number
            ):
                return token
            if token.lower in _HAVE and not any(is_verb(t) for t in before[n + 1 :]):
                return token  # "and now has at least two nurses": having, not "hired"
        # a plain word right before the number is most often its verb ("employs 84")
        if before and is_plain_word(before[-1]) and before[-1].end + 1 >= span.start:
            return before[-1]
        for token in self.parts.tokens_from(span.end)[:WINDOW]:
            if "." in self.text[span.end : token.start] or token.lower in STOPWORDS:
                continue
            if is_verb(token):
                return token
        return None

    def agent_for(self, span: Span) -> str:
        """Who acted: the noun phrase before the action's verb ("the organizations that
        responded" were helping ...)."""
        action = self._action_token(span)
        if action is None or action.start > span.start:
            return ""
        words = self.parts.subject_before(action.start).split()
        while words and words[-1].lower() in STOPWORDS:
            words.pop()
        return " ".join(words)

    # -- changes -----------------------------------------------------------------------

    def changes(self) -> list[Fact]:
        """Every change the sentence states, in its three shapes."""
        return [*self._from_to_changes(), *self._up_from_changes(), *self._factor_changes()]

    def _from_to_changes(self) -> list[Fact]:
        """ "Enrollment fell from 1,200 students in 2015 to 950 last year"."""
        numbers = self.parts.numbers()
        found = []
        for first, second in zip(numbers, numbers[1:], strict=False):
            match = _FROM_TO_RE.fullmatch(self.text[first.end : second.start])
            lead = _CHANGE_LEAD_RE.search(self.text[max(0, first.start - 60) : first.start])
            if not match or not lead or lead.group("verb").lower() not in CHANGE_VERBS:
                continue
            # "Enrollment fell from 1,200 students ...": the subject, counted in students
            lead_start = max(0, first.start - 60) + lead.start("verb")
            subject = self.parts.subject_before(lead_start) or match.group("counted") or ""
            found.append(
                self.make(
                    "change",
                    subject,
                    f"from {first.text} to {second.text}",
                    second.value,
                    action=lead.group("verb").lower(),
                    **{"from": first.text, "to": second.text},
                    unit=match.group("counted") if match.group("counted") != subject else "",
                    factor=_ratio(first.value, second.value),
                    time=_join_times(match.group("t1"), self.parts.time_after(second.end)),
                )
            )
        return found

    def _up_from_changes(self) -> list[Fact]:
        """ "counted 214 people last week, up from 160 in January"."""
        numbers = self.parts.numbers()
        found = []
        for earlier, later in zip(numbers, numbers[1:], strict=False):
            lead = _UP_FROM_RE.search(self.text[earlier.end : later.start])
            if not lead:
                continue
            counted, _ = self.counted_after(earlier)
            subject = counted or self.parts.subject_before(earlier.start)
            then = self.parts.time_after(later.end)
            now = self.parts.time_near(earlier)
            now = now if now != then else ""
            found.append(
                self.make(
                    "change",
                    subject,
                    f"from {later.text} to {earlier.text}",
                    earlier.value,
                    action="rose" if lead.group(1) == "up" else "fell",
                    **{"from": later.text, "to": earlier.text},
                    factor=_ratio(later.value, earlier.value),
                    time=_join_times(then, now) if now else "",
                )
            )
        return found

    def _factor_changes(self) -> list[Fact]:
        """ "the number of convictions doubled between 2012 and last year"."""
        found = []
        for token in self.parts.tokens:
            if token.lower not in FACTOR_VERBS:
                continue
            times = _FACTOR_TIMES_RE.match(self.text[token.end : token.end + 200])
            subject = self.parts.subject_before(token.start)
            if subject:
                found.append(
                    self.make(
                        "change",
                        subject,
                        token.lower,
                        None,
                        action=token.lower,
                        factor=FACTOR_VERBS[token.lower],
                        time=_join_times(*(times.groups() if times else ("", ""))),
                    )
                )
        return found

    # -- bounds ------------------------------------------------------------------------

    def thresholds(self) -> list[Fact]:
        """ "youth under 18-years-old": a bound, and the word it bounds."""
        found = []
        for match in _BOUND_RE.finditer(self.text):
            before = [t for t in self.parts.window(0, match.start()) if t.lower not in STOPWORDS]
            subject = before[-1].text if before else ""
            unit = "years old" if match.group(3) else ""
            value = f"{match.group(1).lower()} {match.group(2)}"
            found.append(self.make("threshold", subject, value, float(match.group(2)), unit=unit))
        return found


def _ratio(first: float | None, second: float | None) -> str:
    if not first or second is None:
        return ""
    return f"{second / first:.2f}"


def _join_times(first: str | None, second: str | None) -> str:
    if first and second:
        return f"{first.strip()} -> {second.strip()}"
    return (first or second or "").strip()


def join_changes(facts: list[Fact]) -> list[Fact]:
    """Quantities with their times, from changes stated with figures.

    The times come from the change itself ("from 150 in 2019 to 162 this year") or,
    when it has none, from a change about the same thing in a neighbouring paragraph
    of the same source: news writing often gives the trend with its times ("doubled
    between 2012 and last year") in one paragraph and the figures ("rose from 31 to
    63") in the next. A quantity joined that way cites both sentences.
    """
    changes = [f for f in facts if f.kind == "change"]
    derived = []
    for change in (f for f in changes if f.qualifier("from")):
        times = _times_of(change)
        also: tuple[tuple[Citation, str], ...] = ()
        if len(times) != 2:
            timed = next((f for f in changes if _is_partner(f, change)), None)
            if timed is None:
                continue
            times, also = _times_of(timed), ((timed.citation, timed.sentence),)
        ends = (change.qualifier("from"), change.qualifier("to"))
        for value, time in zip(ends, times, strict=True):
            derived.append(_dated_quantity(change, value or "", time, also))
    return derived


def _dated_quantity(
    change: Fact, value: str, time: str, also: tuple[tuple[Citation, str], ...]
) -> Fact:
    unit = change.qualifier("unit")
    qualifiers = (
        ("action", change.qualifier("action") or ""),
        ("time", time),
        ("agent", change.subject if unit else ""),
    )
    return Fact(
        "quantity",
        unit or change.subject,
        value,
        parse_number([value]),
        tuple((name, text) for name, text in qualifiers if text),
        change.citation,
        change.sentence,
        "derived",
        also,
    )


def _times_of(change: Fact) -> list[str]:
    times = (change.qualifier("time") or "").split(" -> ")
    return times if len(times) == 2 else []


def _is_partner(timed: Fact, change: Fact) -> bool:
    return (
        timed is not change
        and len(_times_of(timed)) == 2
        and timed.citation.source_id == change.citation.source_id
        and abs(timed.citation.paragraph - change.citation.paragraph) <= 1
        and bool((set(terms(timed.subject)) & set(terms(change.subject))) - _GENERIC)
    )
