"""Facts stage: what the sources state, as structured records with provenance.

Extraction runs over every passage when the knowledge is loaded. It finds quantities
(a number, what it counts, the action, who acted, when), changes ("rose from 31 to 63",
"doubled between 2012 and last year"), people with their roles and organisations,
organisations, times and thresholds ("under 18"). Every rule describes English news
writing in general. Curated facts (``facts.yaml``) add what extraction misses and
replace what it gets wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .passages import Citation, Passage, Sentence
from .sources import KnowledgeError
from .spans import Span, find_spans, has_personal_pronoun, is_speaker, parse_number, speaks
from .text import IRREGULAR_VERBS, SPEECH_VERBS, STOPWORDS, Token, split_sentences, terms, tokenize

FACT_KINDS = ("quantity", "change", "person", "organisation", "time", "threshold")
QUALIFIERS = ("action", "agent", "time", "place", "role", "organisation", "unit", "from", "to",
              "factor", "parent")  # fmt: skip

_CHANGE_VERBS = frozenset(
    """
    rose risen rise rises increased increase increases grew grown climbed jumped soared
    surged fell fallen dropped declined decreased shrank slipped plunged went
    """.split()
)
_FACTOR_VERBS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5}
_BOUND_RE = re.compile(
    r"\b(under|over|below|above|at least|at most|more than|less than|fewer than|"
    r"younger than|older than|up to)\s+(\d+(?:\.\d+)?)(?:[- ](years?)[- ]old)?",
    re.IGNORECASE,
)
_NOT_VERBS = frozenset("need seed speed feed bed red hundred kindred breed".split())
_WINDOW = 40  # tokens looked at around a number for its verb and subject
_TIME_WORDS = frozenset("next last earlier later ago previous past".split())
_POSSESSIVE_RE = re.compile(r"\b[Tt]he (\w+)'s\b")
_APPOSITION_END_RE = re.compile(r",\s+(?:said|says|she|he|they|added)\b|[.;!?\"”]\s*$|[.;!?]\s")


@dataclass(frozen=True)
class Fact:
    """One thing a source states.

    ``subject`` is what the fact is about (what a number counts, a person's name, an
    organisation); ``value`` is what is stated of it, as written; ``number`` is its
    numeric value where it has one. ``qualifiers`` hold the rest (action, agent,
    time, role, organisation, unit, from, to, factor, parent). ``origin`` is
    "extracted", "derived" (joined from two sentences) or "curated".
    """

    kind: str
    subject: str
    value: str
    number: float | None
    qualifiers: tuple[tuple[str, str], ...]
    citation: Citation
    sentence: str
    origin: str = "extracted"
    also_cites: tuple[tuple[Citation, str], ...] = ()

    def qualifier(self, name: str) -> str | None:
        """One qualifier's value, or None."""
        return dict(self.qualifiers).get(name)

    @property
    def subject_head(self) -> str:
        """The stem of the subject's last content word ("girl" for "girls")."""
        subject_terms = terms(self.subject)
        return subject_terms[-1] if subject_terms else ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the fact with its provenance."""
        cited = [(self.citation, self.sentence), *self.also_cites]
        return {
            "kind": self.kind,
            "subject": self.subject,
            "value": self.value,
            "number": self.number,
            **{name: value for name, value in self.qualifiers},
            "origin": self.origin,
            "sources": [
                {"source": c.source_id, "passage": c.paragraph, "line": c.line, "sentence": s}
                for c, s in cited
            ],
        }

    def describe(self) -> str:
        """The fact in one line: kind, subject, value and qualifiers."""
        extras = "; ".join(f"{name}: {value}" for name, value in self.qualifiers)
        text = f"{self.kind:<12} {self.subject} = {self.value}"
        return f"{text}  [{extras}]" if extras else text


def extract_facts(passages: Sequence[Passage], sentences: Sequence[Sentence]) -> list[Fact]:
    """Every fact extraction finds in the passages, source by source in reading order.

    Each source is read on its own (what "the office" or a bare surname means never
    crosses into another source), so the result is the same however the sources are
    shared out among processes.
    """
    by_passage: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_passage.setdefault(sentence.passage_id, []).append(sentence)
    facts: list[Fact] = []
    source: list[Fact] = []
    organisations: list[str] = []
    source_id = None
    for passage in passages:
        if passage.source_id != source_id:
            facts += _drop_repeated_people(source) + _join_changes(source)
            source_id, source, organisations = passage.source_id, [], []
        for sentence in by_passage.get(passage.id, []):
            reader = _SentenceReader(sentence.text, passage.citation, organisations)
            source.extend(reader.facts())
            organisations.extend(reader.organisation_names)
    return facts + _drop_repeated_people(source) + _join_changes(source)


def _drop_repeated_people(facts: list[Fact]) -> list[Fact]:
    """A later bare mention ("Buskovick said") adds nothing to the fact that names the
    person in full with a role."""
    described = {f.subject.split()[-1] for f in facts if f.kind == "person" and f.qualifier("role")}
    return [
        f
        for f in facts
        if not (
            f.kind == "person" and not f.qualifier("role") and f.subject.split()[-1] in described
        )
    ]


class _SentenceReader:
    """Reads the facts of one sentence."""

    def __init__(self, text: str, citation: Citation, known_organisations: list[str]):
        self.text = text
        self.citation = citation
        self.known_organisations = known_organisations
        self.tokens = tokenize(text)
        self._starts = [t.start for t in self.tokens]
        self._bounds = [(m.start(2), m.end(2)) for m in _BOUND_RE.finditer(text)]
        self.spans = find_spans(text)
        self.organisation_names = [s.text for s in self.spans if s.kind == "organisation"]

    def fact(self, kind: str, subject: str, value: str, number=None, **qualifiers) -> Fact:
        kept = tuple((k, str(v)) for k, v in qualifiers.items() if v not in (None, ""))
        return Fact(kind, subject, value, number, kept, self.citation, self.text)

    def facts(self) -> list[Fact]:
        changes = self.changes()
        used = {(f.qualifier("from"), f.qualifier("to")) for f in changes}
        used_numbers = {n for pair in used for n in pair if n}
        stated = [*changes, *self.quantities(skip=used_numbers), *self.thresholds()]
        return [*stated, *self.people(), *self.organisations(), *self.times(stated)]

    # -- numbers ---------------------------------------------------------------------

    def numbers(self) -> list[Span]:
        return [s for s in self.spans if s.kind == "number"]

    def quantities(self, skip: set[str]) -> list[Fact]:
        found: list[Fact] = []
        previous: Span | None = None
        for span in self.numbers():
            # "one" is more often a pronoun or determiner ("one issue", "one of") than a count
            if span.text in skip or self._is_bound(span) or span.text.lower() == "one":
                continue
            counted, unit = self.counted_after(span)
            if not counted:
                counted, unit = self._counted_later_in_list(span)
            if not counted:
                continue
            action, agent = self.action_for(span), self.agent_for(span)
            if (
                previous is not None
                and found
                and not action
                and self._continues_list(previous, span)
            ):
                # "employs 84 teachers and 31 aides": the list shares its verb
                action, agent = (
                    found[-1].qualifier("action") or "",
                    found[-1].qualifier("agent") or "",
                )
            found.append(
                self.fact(
                    "quantity", counted, span.text, span.value,
                    action=action, agent=agent, time=self.time_near(span), unit=unit,
                )
            )  # fmt: skip
            previous = span
        return found

    def _counted_later_in_list(self, span: Span) -> tuple[str, str]:
        """ "45 and 90 people": a number joined to the next one counts what it counts."""
        later = [s for s in self.numbers() if s.start > span.end]
        if later and re.fullmatch(
            r"\s*(?:,|and|or|to)\s*|\s+(?:and|or|to)\s+", self.text[span.end : later[0].start]
        ):
            return self.counted_after(later[0])
        return "", ""

    def _continues_list(self, previous: Span, span: Span) -> bool:
        between = self.text[previous.end : span.start]
        return bool(re.fullmatch(r"[\w\s-]*?(?:,\s*|\s+and\s+|\s+or\s+)", between))

    def _is_bound(self, span: Span) -> bool:
        return any(start <= span.start < end for start, end in self._bounds)

    def counted_after(self, span: Span) -> tuple[str, str]:
        """What a number counts: the words right after it ("80 girls"), or after
        "percent of" ("45 percent of students")."""
        unit = ""
        if span.text.startswith("$"):
            unit = "dollars"
        if span.text.endswith(("%", "percent", "per cent")):
            unit = "percent"
        following = self._tokens_after(span.end)
        if unit == "percent" and following and following[0].lower == "of":
            following = following[1:]
        words: list[str] = []
        for token in following:
            word = token.lower
            if (
                word in STOPWORDS
                or word[0].isdigit()
                or word in _TIME_WORDS
                or self._is_verb(token)
            ):
                break
            if words and _is_plural(words[-1]) and not _is_plural(word):
                break  # "45 percent of students qualify": the noun phrase ended
            words.append(token.text)
            if len(words) == 3:
                break
        return " ".join(words), unit

    def _window(self, start: int, end: int, most: int = _WINDOW) -> Sequence[Token]:
        """The tokens that start in [start, end), at most the last ``most`` of them: a
        number's verb and subject stand near it, and looking no further keeps a very
        long sentence from costing the square of its length."""
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end)
        return self.tokens[max(first, last - most) : last]

    def _tokens_after(self, position: int) -> list[Token]:
        """The tokens after ``position`` up to the first punctuation mark."""
        result = []
        previous_end = position
        for token in self.tokens[bisect_left(self._starts, position) :]:
            if self.text[previous_end : token.start].strip():
                break
            result.append(token)
            previous_end = token.end
        return result

    def action_for(self, span: Span) -> str:
        """The verb that governs a number (see ``_action_token``), lower case."""
        token = self._action_token(span)
        return token.lower if token else ""

    def _action_token(self, span: Span) -> Token | None:
        """The nearest verb before a number in its clause, walking back over a list
        ("helping 80 girls, 79 women"), else the first verb after it."""
        clause_start = self._clause_start(span.start)
        before = self._window(clause_start, span.start)
        for token in reversed(before):
            if self._is_verb(token) and token.lower not in SPEECH_VERBS:
                return token
        # a plain word right before the number is most often its verb ("employs 84")
        if before and _plain_word(before[-1]) and before[-1].end + 1 >= span.start:
            return before[-1]
        for token in self.tokens[bisect_left(self._starts, span.end) :][:_WINDOW]:
            if "." in self.text[span.end : token.start] or token.lower in STOPWORDS:
                continue
            if self._is_verb(token):
                return token
        return None

    def agent_for(self, span: Span) -> str:
        """Who acted: the noun phrase before the action's verb ("The organizations
        surveyed for the report" were helping ...)."""
        action = self._action_token(span)
        if action is None or action.start > span.start:
            return ""
        words = self.subject_before(action.start).split()
        while words and words[-1].lower() in STOPWORDS:
            words.pop()
        return " ".join(words)

    def time_near(self, span: Span) -> str:
        """The time stated in the same clause (nearest to the number)."""
        times = [s for s in self.spans if s.kind == "time"]
        if not times:
            return ""
        return min(times, key=lambda t: abs(t.start - span.start)).text

    def _clause_start(self, position: int) -> int:
        cut = max(self.text.rfind(mark, 0, position) for mark in (";", ":", '"', "“", "”"))
        return cut + 1 if cut >= 0 else 0

    @staticmethod
    def _is_verb(token: Token) -> bool:
        word = token.lower
        if word in IRREGULAR_VERBS or word in _CHANGE_VERBS or word in _FACTOR_VERBS:
            return True
        if not word.isalpha() or word in _NOT_VERBS or token.text[0].isupper():
            return False
        return (word.endswith("ed") and len(word) > 4) or (word.endswith("ing") and len(word) > 5)

    # -- changes -----------------------------------------------------------------------

    def changes(self) -> list[Fact]:
        numbers = self.numbers()
        found = []
        for first, second in zip(numbers, numbers[1:], strict=False):
            between = self.text[first.end : second.start]
            match = re.fullmatch(
                r"\s+(?:(?P<counted>[a-z]+(?:\s+[a-z]+)?)\s+)?(?:in\s+(?P<t1>[^,]+?)\s+)?to\s+",
                between,
            )
            lead = re.search(
                r"(?P<verb>\w+)\s+(?:by\s+\S+\s+)?from\s+$",
                self.text[max(0, first.start - 60) : first.start],
            )
            if not match or not lead or lead.group("verb").lower() not in _CHANGE_VERBS:
                continue
            # "Enrollment fell from 1,200 students ...": the subject, counted in students
            subject = self.subject_before(lead.start("verb")) or match.group("counted") or ""
            end_time = self._time_after(second.end)
            found.append(
                self.fact(
                    "change", subject, f"from {first.text} to {second.text}", second.value,
                    action=lead.group("verb").lower(), **{"from": first.text, "to": second.text},
                    unit=match.group("counted") if match.group("counted") != subject else "",
                    factor=_ratio(first.value, second.value),
                    time=_join_times(match.group("t1"), end_time),
                )
            )  # fmt: skip
        # "counted 214 people last week, up from 160 in January"
        for earlier, later in zip(numbers, numbers[1:], strict=False):
            lead = re.search(r"\b(up|down)\s+from\s+$", self.text[earlier.end : later.start])
            if not lead:
                continue
            counted, _ = self.counted_after(earlier)
            subject = counted or self.subject_before(earlier.start)
            now_time = (
                self.time_near(earlier)
                if self.time_near(earlier) != self._time_after(later.end)
                else ""
            )
            found.append(
                self.fact(
                    "change", subject, f"from {later.text} to {earlier.text}", earlier.value,
                    action="rose" if lead.group(1) == "up" else "fell",
                    **{"from": later.text, "to": earlier.text},
                    factor=_ratio(later.value, earlier.value),
                    time=_join_times(self._time_after(later.end), now_time) if now_time else "",
                )
            )  # fmt: skip
        for token in self.tokens:
            if token.lower in _FACTOR_VERBS:
                times = re.match(
                    r"\s+(?:between|from)\s+(?P<t1>.+?)\s+(?:and|to)\s+(?P<t2>[^,.;]+)",
                    self.text[token.end : token.end + 200],
                )
                subject = self.subject_before(token.start)
                if subject:
                    found.append(
                        self.fact(
                            "change", subject, token.lower, None, action=token.lower,
                            factor=_FACTOR_VERBS[token.lower],
                            time=_join_times(*(times.groups() if times else ("", ""))),
                        )
                    )  # fmt: skip
        return found

    def subject_before(self, position: int) -> str:
        """The noun phrase a verb at ``position`` is said of: from the clause start, or
        from after a speech verb or "that" ("the department says [the number ...]")."""
        start = self._clause_start(position)
        # "at the time of the survey, ..., the organizations that responded were helping":
        # the subject stands after the last comma before its verb
        start = max(start, self.text.rfind(",", start, position) + 1)
        words: list[Token] = []
        for token in self._window(start, position):
            # "says that [the number ...]" starts the subject afresh; "organizations that
            # responded" keeps it
            after_verb = token.lower == "that" and (not words or self._is_verb(words[-1]))
            if token.lower in SPEECH_VERBS or after_verb:
                words = []
                continue
            words.append(token)
        text = " ".join(t.text for t in words)
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(
            r"^(?:number|numbers|count|total|amount) of\s+", "", text, flags=re.IGNORECASE
        )
        text = re.sub(r"\s+(?:nearly|almost|about|roughly|more than)$", "", text)
        return text

    def _time_after(self, position: int) -> str:
        for span in self.spans:
            if span.kind == "time" and 0 <= span.start - position <= 4:
                return span.text
        return ""

    # -- bounds, people, organisations, times ------------------------------------------

    def thresholds(self) -> list[Fact]:
        found = []
        for match in _BOUND_RE.finditer(self.text):
            before = [t for t in self._window(0, match.start()) if t.lower not in STOPWORDS]
            subject = before[-1].text if before else ""
            unit = "years old" if match.group(3) else ""
            value = f"{match.group(1).lower()} {match.group(2)}"
            found.append(self.fact("threshold", subject, value, float(match.group(2)), unit=unit))
        return found

    def people(self) -> list[Fact]:
        found = []
        for index, span in enumerate(self.spans):
            if span.kind != "person":
                continue
            role = (
                self.spans[index - 1].text if index and self.spans[index - 1].kind == "role" else ""
            )
            organisation = ""
            apposition = self._apposition(span)
            if apposition:
                role, organisation = self._resolve_possessive(apposition)
            found.append(
                self.fact("person", span.text, role or "named", None, role=role,
                          organisation=organisation)
            )  # fmt: skip
        return found

    def _apposition(self, span: Span) -> str:
        """ "Jane Doe, the city's mayor, said": the phrase after a name that describes it."""
        rest = self.text[span.end : span.end + 300]
        match = re.match(r",\s+((?:the|a|an|its|his|her)\s.+)", rest)
        if not match:
            return ""
        phrase = match.group(1)
        end = _APPOSITION_END_RE.search(phrase)
        return phrase[: end.start()].strip(" ,") if end else phrase.strip(" ,")

    def _resolve_possessive(self, phrase: str) -> tuple[str, str]:
        """ "the office's director of ..." -> ("director of ...", the last organisation
        whose name holds "office")."""
        match = _POSSESSIVE_RE.match(phrase)
        if not match:
            return re.sub(r"^(?:the|a|an)\s+", "", phrase), ""
        word = match.group(1).lower()
        organisation = next(
            (name for name in reversed(self.known_organisations + self.organisation_names)
             if word in name.lower().split()),
            "",
        )  # fmt: skip
        return phrase[match.end() :].strip(), organisation

    def organisations(self) -> list[Fact]:
        found = []
        for span in (s for s in self.spans if s.kind == "organisation"):
            parent = ""
            possessive = _POSSESSIVE_RE.search(self.text[max(0, span.start - 30) : span.start])
            if possessive:
                word = possessive.group(1).lower()
                parent = next(
                    (n for n in reversed(self.known_organisations) if word in n.lower().split()), ""
                )
            found.append(self.fact("organisation", span.text, span.text, None, parent=parent))
        return found

    def times(self, stated: Iterable[Fact] = ()) -> list[Fact]:
        """Times the sentence names that no other fact of it already carries."""
        carried = " ".join(f.qualifier("time") or "" for f in stated)
        return [
            self.fact("time", self._event(span), span.text, span.value)
            for span in self.spans
            if span.kind == "time" and span.text not in carried
        ]

    def _event(self, span: Span) -> str:
        """The sentence with the time taken out: what happened then."""
        text = " ".join((self.text[: span.start] + self.text[span.end :]).split())
        return re.sub(r"\s+([,.;])", r"\1", text)


def _plain_word(token: Token) -> bool:
    word = token.lower
    return (
        word.isalpha()
        and word not in STOPWORDS
        and word not in SPEECH_VERBS
        and not token.text[0].isupper()
    )


def _is_plural(word: str) -> bool:
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _ratio(first: float | None, second: float | None) -> str:
    if not first or second is None:
        return ""
    return f"{second / first:.2f}"


def _join_times(first: str | None, second: str | None) -> str:
    if first and second:
        return f"{first.strip()} -> {second.strip()}"
    return (first or second or "").strip()


def _join_changes(facts: list[Fact]) -> list[Fact]:
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
        times, also = _times_of(change), ()
        if len(times) != 2:
            timed = next((f for f in changes if _is_partner(f, change)), None)
            if timed is None:
                continue
            times, also = _times_of(timed), ((timed.citation, timed.sentence),)
        for value, time in zip(
            (change.qualifier("from"), change.qualifier("to")), times, strict=True
        ):
            derived.append(
                Fact(
                    "quantity", change.qualifier("unit") or change.subject, value or "",
                    parse_number([value or ""]),
                    tuple((name, value) for name, value in (
                        ("action", change.qualifier("action") or ""), ("time", time),
                        ("agent", change.subject if change.qualifier("unit") else ""),
                    ) if value),
                    change.citation, change.sentence, "derived", also,
                )
            )  # fmt: skip
    return derived


def _times_of(change: Fact) -> list[str]:
    times = (change.qualifier("time") or "").split(" -> ")
    return times if len(times) == 2 else []


def _is_partner(timed: Fact, change: Fact) -> bool:
    return (
        timed is not change
        and len(_times_of(timed)) == 2
        and timed.citation.source_id == change.citation.source_id
        and abs(timed.citation.paragraph - change.citation.paragraph) <= 1
        and _same_subject(timed.subject, change.subject)
    )


_GENERIC = frozenset(terms("number numbers state year people"))


def _same_subject(first: str, second: str) -> bool:
    return bool((set(terms(first)) & set(terms(second))) - _GENERIC)


def facts_matching(facts: Iterable[Fact], needle: str) -> list[Fact]:
    """Facts whose line (description, source, paragraph, origin) holds ``needle``,
    ignoring case; all for an empty needle."""
    needle = needle.lower().strip()
    return [
        f
        for f in facts
        if not needle
        or needle
        in f"{f.describe()} {f.citation.source_id} paragraph {f.citation.paragraph} {f.origin}".lower()
    ]


CURATED_FILE = "facts.yaml"
_CURATED_REQUIRED = ("kind", "subject", "value", "source", "paragraph")
_CURATED_FIELDS = (*_CURATED_REQUIRED, "number", *QUALIFIERS)


def load_curated(path: Path, passages: Sequence[Passage]) -> list[Fact]:
    """Read curated facts from ``path`` (a missing file holds none).

    Raises KnowledgeError naming the file and line for bad YAML, an unknown field, a
    bad value, or a source or paragraph that is not loaded.
    """
    if not path.exists():
        return []
    import yaml  # only when there is a curated file to read

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(f"{path}: cannot read: {error}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        raise KnowledgeError(f"{path}:{line}: not valid YAML") from None
    if root is None:
        return []
    items = _facts_list(root, path)
    by_place = {(p.source_id, p.number): p for p in passages}
    return [_curated_fact(item, path, by_place) for item in items]


def _facts_list(root, path: Path) -> list:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(f"{path}:{root.start_mark.line + 1}: expected 'facts:' and a list")
    for key, value in root.value:
        if key.value != "facts":
            raise KnowledgeError(f"{path}:{key.start_mark.line + 1}: unknown field {key.value!r}")
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~"):
            return []
        if not isinstance(value, yaml.SequenceNode):
            raise KnowledgeError(f"{path}:{value.start_mark.line + 1}: 'facts' must be a list")
        for item in value.value:
            if not isinstance(item, yaml.MappingNode):
                raise KnowledgeError(
                    f"{path}:{item.start_mark.line + 1}: a fact is a set of fields"
                )
        return value.value
    return []


def _curated_fact(node, path: Path, by_place: dict) -> Fact:
    import yaml

    fields: dict[str, str] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if key.value not in _CURATED_FIELDS:
            known = ", ".join(_CURATED_FIELDS)
            raise KnowledgeError(f"{path}:{line}: unknown field {key.value!r} (known: {known})")
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            raise KnowledgeError(f"{path}:{line}: {key.value} must be a single value")
        fields[key.value] = str(value.value).strip()
    start = node.start_mark.line + 1
    missing = [f for f in _CURATED_REQUIRED if f not in fields]
    if missing:
        raise KnowledgeError(f"{path}:{start}: fact is missing {', '.join(missing)}")
    line_of = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    if fields["kind"] not in FACT_KINDS:
        raise KnowledgeError(
            f"{path}:{line_of['kind']}: kind must be one of {', '.join(FACT_KINDS)}"
        )
    if not re.fullmatch(r"[0-9]{1,9}", fields["paragraph"]):
        raise KnowledgeError(f"{path}:{line_of['paragraph']}: paragraph must be a whole number")
    passage = by_place.get((fields["source"], int(fields["paragraph"])))
    if passage is None:
        raise KnowledgeError(
            f"{path}:{line_of['source']}: no paragraph {fields['paragraph']} in a source "
            f"{fields['source']!r}"
        )
    number = parse_number(fields.get("number", fields["value"]).replace("%", "").split())
    if "number" in fields and number is None:
        raise KnowledgeError(f"{path}:{line_of['number']}: number must be a number")
    qualifiers = tuple((q, fields[q]) for q in QUALIFIERS if q in fields)
    sentence = _sentence_holding(passage.text, fields["value"])
    return Fact(fields["kind"], fields["subject"], fields["value"], number, qualifiers,
                passage.citation, sentence, "curated")  # fmt: skip


def _sentence_holding(paragraph: str, value: str) -> str:
    sentences = split_sentences(paragraph)
    return next((s for s in sentences if value in s), sentences[0] if sentences else paragraph)


def merge_curated(extracted: Sequence[Fact], curated: list[Fact]) -> Sequence[Fact]:
    """Curated facts replace extracted ones of the same kind and subject in the same
    paragraph, and are added otherwise (with none, the extracted ones are kept as
    they are, unread)."""
    if not curated:
        return extracted
    replaced = {
        (f.kind, f.subject.lower(), f.citation.source_id, f.citation.paragraph) for f in curated
    }
    kept = [
        f
        for f in extracted
        if (f.kind, f.subject.lower(), f.citation.source_id, f.citation.paragraph) not in replaced
    ]
    return kept + curated


def people_in_focus(
    passages: list[Passage], sentences: list[Sentence]
) -> tuple[dict[str, str], frozenset[str]]:
    """Who "he" or "she" most likely means in each sentence (keyed "passage id|sentence
    index") and paragraph (keyed by passage id), and every word that ends a person's
    name somewhere in the knowledge.

    The referent is the last person named before the pronoun in the same source; a
    later mention by surname alone ("Buskovick") maps back to the full name.
    """
    by_passage = {p.id: p for p in passages}
    referents: dict[str, str] = {}
    person_words: set[str] = set()
    full_names: dict[str, str] = {}
    last_person: str | None = None
    last_speaker: str | None = None
    current_source = None
    for sentence in sentences:
        source_id = by_passage[sentence.passage_id].source_id
        if source_id != current_source:
            current_source, last_person, last_speaker, full_names = source_id, None, None, {}
            source_words: set[str] = set()
        spans = find_spans(sentence.text)
        people = [
            s.text
            for s in spans
            if s.kind == "person" or (s.kind == "name" and s.text.split()[-1] in source_words)
        ]
        # "she said" points back to the last person quoted; other pronouns to the last named
        referent = (last_speaker if speaks(sentence.text) else None) or last_person
        if has_personal_pronoun(sentence.text) and (referent or people):
            referent = referent or people[0]
            referents[f"{sentence.passage_id}|{sentence.index}"] = referent
            if speaks(sentence.text):
                # a quote's speaker is named once for the whole paragraph ("...," she said.)
                referents.setdefault(sentence.passage_id, referent)
        for name in people:
            surname = name.split()[-1]
            person_words.add(surname)
            source_words.add(surname)
            full_names.setdefault(surname, name)
            if len(name.split()) > len(full_names[surname].split()):
                full_names[surname] = name
            last_person = full_names[surname]
        for span in spans:
            surname = span.text.split()[-1]
            named = span.kind in ("person", "name") and surname in source_words
            if named and is_speaker(sentence.text, span):
                last_speaker = full_names.get(surname, span.text)
    return referents, frozenset(person_words)
