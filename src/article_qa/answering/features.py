"""Ranking stage, features: every candidate span of a retrieved sentence, described.

Every short run of words in the best few sentences is a candidate (up to
``MAX_SPAN_TOKENS`` tokens, not starting or ending in a function word, not crossing a
clause mark), together with the spans the rules propose (``candidates.py``). Each is
described by features of English in general: its length and shape (digits, capitals,
a year, a month), the typed span it matches (person, place, time, ...), the words just
before and after it, how close it stands to the question's words, and how well its
sentence matches the question. Most are paired with the kind of question ("who",
"what year", ...), so that "a capitalised name right after 'by'" can count for "who"
questions and against "when" ones. Feature names are the weights' names in
``ranker-weights.json``: renaming one loses its weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..language.lexicon import MONTHS, STOPWORDS
from ..language.tokens import tokenize
from ..model import AnswerType, Candidate, Features, Proposal, Question, SentenceEvidence
from .reading import Reading

RULE_SCORE = "rule-score"
RULES_CHOICE = "rules-choice"  # the one candidate the rules alone would answer with
MAX_SPAN_TOKENS = 8
# Marks between two words that a short answer does not run across.
_CLAUSE_MARKS = frozenset(';:()[]"“”?!')
_PERCENT_RE = re.compile(r"%|\bper ?cent", re.IGNORECASE)
_YEAR_PREFIXES = ("15", "16", "17", "18", "19", "20")


@dataclass
class Described:
    """A candidate being described (mutable while its features are gathered; it becomes
    a frozen ``Candidate`` once they are complete)."""

    text: str
    start: int | None
    end: int | None
    kind: str
    features: dict[str, float] = field(default_factory=dict)
    rule_score: float | None = None

    def freeze(self, reading: Reading, evidence: SentenceEvidence) -> Candidate:
        """The finished candidate, its features read-only."""
        features = Features(self.features)
        return Candidate(
            self.text, self.kind, self.start, self.end, reading.hit, evidence, features
        )


def describe(
    reading: Reading, evidence: SentenceEvidence, proposals: Sequence[Proposal]
) -> list[Described]:
    """Every candidate span of one sentence, with its features."""
    question = reading.question
    shared = _sentence_features(evidence)
    by_offsets = {(p.start, p.end): p for p in proposals if p.start is not None}
    seen: set[tuple[int, int]] = set()
    found: list[Described] = []
    required = _spans_required(question, reading, proposals)
    for first, last in _token_spans(reading):
        start, end = reading.tokens[first].start, reading.tokens[last].end
        if required is not None and not any(start <= a and b <= end for a, b in required):
            continue
        seen.add((start, end))
        described = Described(reading.sentence[start:end], start, end, "span")
        described.features = span_features(reading, first, last)
        rule = by_offsets.get((start, end))
        if rule is not None:
            _add_rule(described, rule, question.kind)
        described.features.update(shared)
        found.append(described)
    for rule in proposals:
        if rule.start is not None and (rule.start, rule.end) in seen:
            continue
        if required is not None and not any(
            rule.start is not None and rule.end is not None and rule.start <= a and b <= rule.end
            for a, b in required
        ):
            continue
        described = Described(rule.text, rule.start, rule.end, rule.kind)
        _rule_only_features(described, rule, question)
        described.features.update(shared)
        found.append(described)
    return found


def _spans_required(
    question: Question, reading: Reading, proposals: Sequence[Proposal]
) -> list[tuple[int, int]] | None:
    """For a question that asks for a number or a time, the spans an answer must hold:
    for "how many X" the numbers the rules accept (counting X, or nothing named), for
    other number questions any number, for time questions any time or number. None
    when any span may answer."""
    if question.answer_type is AnswerType.TIME:  # a time, or a number such as a year
        return [(a, b) for (a, b), kind in reading.kind_at.items() if kind in ("time", "number")]
    if question.answer_type is not AnswerType.NUMBER:
        return None
    if question.wh == "how many":
        return [
            (p.start, p.end)
            for p in proposals
            if p.kind == "number" and p.start is not None and p.end is not None
        ]
    numbers = [(a, b) for (a, b), kind in reading.kind_at.items() if kind == "number"]
    if _PERCENT_RE.search(question.text):  # a share is answered by a percentage
        numbers = [(a, b) for a, b in numbers if _PERCENT_RE.search(reading.sentence[a : b + 9])]
    return numbers


def _token_spans(reading: Reading) -> Iterator[tuple[int, int]]:
    """(first, last) token positions of the n-gram candidates; none for a yes/no
    question, which is answered "Yes" or "No", never by a run of words."""
    if reading.question.answer_type is AnswerType.YES_NO:
        return
    tokens = reading.tokens
    for first in range(len(tokens)):
        if tokens[first].lower in STOPWORDS:
            continue
        for last in range(first, min(len(tokens), first + MAX_SPAN_TOKENS)):
            if last > first and _CLAUSE_MARKS.intersection(reading.gaps[last]):
                break
            if tokens[last].lower in STOPWORDS:
                continue
            if all(
                reading.matches[i] or not reading.token_terms[i] for i in range(first, last + 1)
            ):
                continue  # only repeats the question
            yield first, last


def _context_word(reading: Reading, position: int) -> str:
    """A neighbouring word as a feature value: function words as themselves, others by shape."""
    if position < 0:
        return "<start>"
    if position >= len(reading.tokens):
        return "<end>"
    token = reading.tokens[position]
    if token.lower in STOPWORDS:
        return token.lower
    return "<q>" if reading.matches[position] else f"<{reading.shapes[position]}>"


def _bucket(length: int) -> str:
    return str(length) if length <= 4 else ("5-6" if length <= 6 else "7+")


def _distance_bucket(distance: int) -> str:
    if distance <= 2:
        return str(distance)
    return "3-4" if distance <= 4 else ("5-8" if distance <= 8 else "9+")


class _Features:
    """The features of one span, each added twice: with the question's kind
    ("who/person|...") and with its answer type alone ("t:person|...")."""

    def __init__(self, reading: Reading, first: int, last: int):
        self.reading, self.first, self.last = reading, first, last
        self.values: dict[str, float] = {}
        self.kind = reading.question.kind
        self.type = reading.question.answer_type.value
        self.tokens = reading.tokens[first : last + 1]
        self.words = [t.lower for t in self.tokens]
        self.shapes = reading.shapes[first : last + 1]

    def add(self, name: str, value: float = 1.0) -> None:
        self.values[f"{self.kind}|{name}"] = value
        self.values[f"t:{self.type}|{name}"] = value


def span_features(reading: Reading, first: int, last: int) -> dict[str, float]:
    """The features of the run of tokens ``first`` to ``last`` (inclusive)."""
    features = _Features(reading, first, last)
    _shape_features(features)
    exact = _type_features(features)
    _context_features(features)
    _head_features(features, exact)
    if reading.match_positions:
        _match_features(features)
    else:
        features.add("no-match")
    if reading.question.target:
        _target_features(features, reading.question.target)
    return features.values


def _shape_features(f: _Features) -> None:
    length = _bucket(f.last - f.first + 1)
    f.add(f"len={length}")
    f.add(f"len={length}|{'cap' if f.tokens[0].text[0].isupper() else 'low'}")
    shapes = set(f.shapes)
    if "num" in shapes:
        f.add("has-digit")
    if all(s.startswith("cap") or w in STOPWORDS for s, w in zip(f.shapes, f.words, strict=True)):
        f.add("all-capitalised")
    if "cap" in shapes:
        f.add("has-capital")
    if shapes == {"low"}:
        f.add("lower-case")
    if any(w in MONTHS for w in f.words):
        f.add("has-month")
    if any(len(w) == 4 and w.isdigit() and w[:2] in _YEAR_PREFIXES for w in f.words):
        f.add("has-year")
    if any(w.endswith("%") or w in ("percent", "per") for w in f.words):
        f.add("percent")
    if any(mark in f.reading.gaps[f.first] for mark in "$£€"):
        f.add("money")


def _type_features(f: _Features) -> str | None:
    """Which typed span the candidate is, or lies in; returns the exact type, if any."""
    reading = f.reading
    exact = reading.kind_at.get((f.tokens[0].start, f.tokens[-1].end))
    if exact:
        f.add(f"typed={exact}")
        return exact
    inside = {reading.inside[i] for i in range(f.first, f.last + 1)}
    if len(inside) == 1 and None not in inside:
        f.add(f"part-of={inside.pop()}")
    elif inside - {None}:
        f.add("mixed-types")
    return None


def _context_features(f: _Features) -> None:
    reading, first, last = f.reading, f.first, f.last
    f.add(f"left={_context_word(reading, first - 1)}")
    f.add(f"right={_context_word(reading, last + 1)}")
    # an ordinary word next to the span ("called", "named", "located"): kept only when
    # it occurs across articles, by the trainer's rule
    for name, position in (("left-word", first - 1), ("right-word", last + 1)):
        if 0 <= position < len(reading.tokens):
            word = reading.tokens[position]
            if word.lower not in STOPWORDS and word.text.islower():
                f.values[f"t:{f.type}|{name}={word.lower}"] = 1.0
    f.add(f"left2={_context_word(reading, first - 2)}")
    gap_before = reading.gaps[first]
    if "," in gap_before:
        f.add("comma-before")
    if last + 1 < len(reading.tokens) and "," in reading.gaps[last + 1]:
        f.add("comma-after")
    if "(" in gap_before:
        f.add("paren-before")
    f.add(f"first={f.words[0] if f.words[0] in STOPWORDS else f.shapes[0]}")
    inner = [w for w in f.words[1:-1] if w in STOPWORDS]
    if inner:
        f.add(f"inner={inner[0]}")
    last_word = f.words[-1]
    if last_word.isalpha() and len(last_word) > 4 and not f.tokens[-1].text[0].isupper():
        f.add(f"suffix={last_word[-3:]}")


def _head_features(f: _Features, exact: str | None) -> None:
    head = f.reading.question.head
    if not head:
        return
    shapes = set(f.shapes)
    shape = "num" if "num" in shapes else ("cap" if "cap" in shapes or "cap0" in shapes else "low")
    f.values[f"head={head}|{shape}"] = 1.0
    if exact:
        f.values[f"head={head}|typed={exact}"] = 1.0


def _match_features(f: _Features) -> None:
    """How the span stands to the question's words in the sentence."""
    reading, first, last = f.reading, f.first, f.last
    before = [p for p in reading.match_positions if p < first]
    after = [p for p in reading.match_positions if p > last]
    if before:
        f.add(f"match-before={_distance_bucket(first - before[-1] - 1)}")
    if after:
        f.add(f"match-after={_distance_bucket(after[0] - last - 1)}")
    if before and after:
        f.add("between-matches")
    for position in reading.final_positions:
        gap = [t.lower for t in reading.tokens[position + 1 : first]]
        if position < first and len(gap) <= 2 and all(w in STOPWORDS for w in gap):
            f.add("after-final-word")
    for width in (3, 10):
        left_weight = sum(reading.weights[max(0, first - width) : first])
        right_weight = sum(reading.weights[last + 1 : last + 1 + width])
        f.add(f"matched-left-{width}", left_weight)
        f.add(f"matched-right-{width}", right_weight)
        f.add(f"matched-around-{width}", left_weight + right_weight)
    window = sum(1 for p in reading.match_positions if first - 4 <= p <= last + 4)
    f.add(f"matches-near={min(window, 4)}")
    inside_matches = sum(1 for p in range(first, last + 1) if reading.matches[p])
    if inside_matches:
        f.add("repeats-question", inside_matches / (last - first + 1))


def _target_features(f: _Features, target: str) -> None:
    reading, first, last = f.reading, f.first, f.last
    span_terms = {t for ts in reading.token_terms[first : last + 1] for t in ts}
    if target in span_terms:
        f.add("has-target")
    if last + 1 < len(reading.tokens) and target in reading.token_terms[last + 1]:
        f.add("target-after")
    if any(target in ts for ts in reading.token_terms[max(0, first - 3) : first]):
        f.add("target-before")


def _add_rule(described: Described, rule: Proposal, kind: str) -> None:
    described.features[f"{kind}|rule={rule.kind}"] = 1.0
    described.features[RULE_SCORE] = rule.score
    described.rule_score = rule.score


def _rule_only_features(described: Described, rule: Proposal, question: Question) -> None:
    """Features of a rule's candidate that is not a plain run of words (a clause, a
    speaker named elsewhere, a yes/no reply)."""
    _add_rule(described, rule, question.kind)
    described.features[f"t:{question.answer_type.value}|rule-only={rule.kind}"] = 1.0
    length = len(tokenize(rule.text))
    described.features[f"{question.kind}|rule-only|len={_bucket(length)}"] = 1.0


def _sentence_features(evidence: SentenceEvidence) -> dict[str, float]:
    return {
        f"sentence-rank={evidence.rank}": 1.0,
        "retrieval": evidence.retrieval,
        "coverage": evidence.coverage,
        "incomplete": 0.0 if evidence.complete else 1.0,
    }


# The features of the best candidate that say whether it is the kind of answer asked for.
_TELLING = ("has-digit", "has-year", "has-month", "has-capital", "lower-case", "typed=", "part-of=")


def decline_features(
    question: Question, best: Candidate | None, probability: float
) -> dict[str, float]:
    """Question-level evidence that the knowledge answers the question at all."""
    kind = question.answer_type.value
    features = {"bias": 1.0, f"type={kind}": 1.0}
    if best is None:
        features["no-candidate"] = 1.0
        return features
    evidence = best.evidence
    features["span-probability"] = probability
    features["coverage"] = evidence.coverage
    features["coverage-squared"] = evidence.coverage**2
    features["incomplete"] = 0.0 if evidence.complete else 1.0
    features["required-words"] = min(len(question.required), 10) / 10
    features[f"missing-elsewhere={min(evidence.missing_elsewhere, 2)}"] = 1.0
    features[f"missing-nowhere={min(evidence.missing_nowhere, 2)}"] = 1.0
    features[f"sentence-rank={evidence.rank}"] = 1.0
    prefix = f"t:{kind}|"
    for name in best.features:
        if name.startswith(prefix) and name[len(prefix) :].startswith(_TELLING):
            features[f"best|{name}"] = 1.0
    if RULE_SCORE in best.features:
        features[f"{kind}|best-from-rules"] = 1.0
    return features


def for_decline(candidate: Candidate) -> Candidate:
    """The candidate with only the features ``decline_features`` reads of it (the
    trainer holds every candidate of thousands of questions)."""
    kept = {
        name: value
        for name, value in candidate.features.items()
        if name == RULE_SCORE or (name.startswith("t:") and _telling(name))
    }
    return replace(candidate, features=Features(kept))


def _telling(name: str) -> bool:
    """Whether a typed feature name ("t:number|has-digit") is one the decline reads."""
    return name.partition("|")[2].startswith(_TELLING)
