"""Ranking stage: candidate answer spans of the retrieved sentences, their features,
and the learned weights that score them.

Every short run of words in the best few sentences is a candidate (up to
``MAX_SPAN_TOKENS`` tokens, not starting or ending in a function word, not crossing
a clause mark), together with the spans the hand-written rules in ``answer.py``
propose. Each candidate is described by binary and real-valued features of English in
general: its length and shape (digits, capitals, a year, a month), the typed span it
matches (person, place, time, ...), the words just before and after it, how close it
stands to the question's words, and how well its sentence matches the question. Most
are paired with the kind of question ("who", "what year", ...), so that "a capitalised
name right after 'by'" can count for "who" questions and against "when" ones.

A linear model scores the features (a softmax over each question's candidates,
trained by ``scripts/train-ranker`` on a reading-comprehension set, cross-validated by
article); a second small logistic model turns question-level evidence into the
probability that the knowledge answers the question at all. The weights live in
``ranker-weights.json`` beside this file, one readable name per weight; scores are
exactly rounded sums, so they are the same on every machine.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .question import AnswerType, Question, question_word
from .spans import MONTHS, find_spans
from .text import STOPWORDS, Token, token_terms, tokenize

WEIGHTS_FILE = Path(__file__).with_name("ranker-weights.json")
# A fixed weight, added at answer time to the learned ones, for the candidate the
# hand-written rules alone would answer with. Their patterns for news writing (the
# speaker of a quote, a title before a name, the clause after the asked words) are rare
# in the training set, so the learned weights cannot know them; the trainer learns
# without this prior and reports what it costs on the held-out articles.
RULE_SCORE = "rule-score"
RULES_CHOICE = "rules-choice"  # the one candidate the rules alone would answer with
PRIORS = {RULES_CHOICE: 4.0}
# How many of the best retrieved sentences give candidates, and how long one may be.
RANKED_SENTENCES = 5
MAX_SPAN_TOKENS = 8
# Marks between two words that a short answer does not run across.
_CLAUSE_MARKS = frozenset(';:()[]"“”?!')
_PERCENT_RE = re.compile(r"%|\bper ?cent", re.IGNORECASE)


@dataclass(frozen=True)
class SentenceEvidence:
    """How one retrieved sentence matches the question (shared by its candidates)."""

    rank: int
    retrieval: float  # its score over the best sentence's
    coverage: float  # IDF-weighted share of the question's required words it (or its paragraph) has
    complete: bool  # few enough required words missing altogether
    missing_elsewhere: int = 0  # required words absent here that the knowledge has elsewhere
    missing_nowhere: int = 0  # required words the knowledge never uses


@dataclass(frozen=True)
class RuleCandidate:
    """A span proposed by the hand-written rules, with their score and kind."""

    text: str
    kind: str
    score: float
    start: int | None
    end: int | None


@dataclass(frozen=True)
class SpanCandidate:
    """One candidate answer in one sentence, with its features."""

    text: str
    start: int | None
    end: int | None
    kind: str
    features: dict[str, float]


def question_class(question: Question) -> str:
    """The question's word and expected answer type: "who/person", "what/time", ..."""
    return f"{question_word(question.text)}/{question.answer_type.value}"


def question_head(question: Question) -> str | None:
    """The word after "what"/"which"/"how" ("what year", "how long"), lower case."""
    words = [t.lower for t in tokenize(question.text)]
    for index, word in enumerate(words[:-1]):
        if word in ("what", "which", "how"):
            following = words[index + 1]
            if following in ("is", "was", "are", "were", "did", "does", "do", "the", "a"):
                return None
            return following
    return None


def sentence_candidates(
    question: Question,
    sentence: str,
    evidence: SentenceEvidence,
    rules: Sequence[RuleCandidate],
    idf: Callable[[str], float],
) -> list[SpanCandidate]:
    """Every candidate span of one sentence, with its features; ``idf`` weighs words."""
    reading = _Reading(question, sentence, idf)
    shared = _sentence_features(evidence)
    by_offsets = {(r.start, r.end): r for r in rules if r.start is not None}
    seen: set[tuple[int, int]] = set()
    found: list[SpanCandidate] = []
    # a yes/no question is answered "Yes" or "No", never by a run of words
    runs = () if question.answer_type is AnswerType.YES_NO else _token_spans(reading)
    required = _spans_required(question, reading, rules)
    for first, last in runs:
        start, end = reading.tokens[first].start, reading.tokens[last].end
        if required is not None and not any(start <= a and b <= end for a, b in required):
            continue
        seen.add((start, end))
        features = _span_features(reading, first, last)
        rule = by_offsets.get((start, end))
        if rule is not None:
            _add_rule(features, rule, reading.qclass)
        features.update(shared)
        found.append(SpanCandidate(sentence[start:end], start, end, "span", features))
    for rule in rules:
        if rule.start is not None and (rule.start, rule.end) in seen:
            continue
        if required is not None and not any(
            rule.start is not None and rule.start <= a and b <= rule.end for a, b in required
        ):
            continue
        features = _rule_only_features(reading, rule)
        features.update(shared)
        found.append(SpanCandidate(rule.text, rule.start, rule.end, rule.kind, features))
    return found


def _spans_required(
    question: Question, reading: _Reading, rules: Sequence[RuleCandidate]
) -> list[tuple[int, int]] | None:
    """For a question that asks for a number or a time, the spans an answer must hold:
    for "how many X" the numbers the rules accept (counting X, or nothing named), for
    other number questions any number, for time questions any time or number. None
    when any span may answer."""
    if question.answer_type is AnswerType.TIME:  # a time, or a number such as a year
        return [(a, b) for (a, b), kind in reading.spans.items() if kind in ("time", "number")]
    if question.answer_type is not AnswerType.NUMBER:
        return None
    if question.wh == "how many":
        return [(r.start, r.end) for r in rules if r.kind == "number" and r.start is not None]
    numbers = [(a, b) for (a, b), kind in reading.spans.items() if kind == "number"]
    if _PERCENT_RE.search(question.text):  # a share is answered by a percentage
        numbers = [(a, b) for a, b in numbers if _PERCENT_RE.search(reading.sentence[a : b + 9])]
    return numbers


class _Reading:
    """A sentence read against a question: its tokens, where question words match, and
    the typed spans, worked out once for all of its candidates."""

    def __init__(self, question: Question, sentence: str, idf: Callable[[str], float]):
        self.question = question
        self.sentence = sentence
        self.qclass = question_class(question)
        self.qtype = question.answer_type.value
        self.head = question_head(question)
        self.tokens: tuple[Token, ...] = tokenize(sentence)
        focus = set(question.focus)
        self.token_terms = [token_terms(t) for t in self.tokens]
        self.matches = [any(term in focus for term in ts) for ts in self.token_terms]
        self.match_positions = [i for i, hit in enumerate(self.matches) if hit]
        # where the question's last word stands ("what did she launch?": after "launched")
        final = question.focus[-1] if question.focus else None
        self.final_positions = [i for i, ts in enumerate(self.token_terms) if final in ts]
        # each matched word's share of the question's total IDF weight
        total = sum(idf(term) for term in focus) or 1.0
        self.weights = [
            sum(idf(term) for term in set(ts) & focus) / total for ts in self.token_terms
        ]
        self.spans = {(s.start, s.end): s.kind for s in find_spans(sentence)}
        self.inside: list[str | None] = [None] * len(self.tokens)
        for (start, end), kind in self.spans.items():
            for i, token in enumerate(self.tokens):
                if token.start >= start and token.end <= end:
                    self.inside[i] = kind
        self.shapes = [_shape(token, i) for i, token in enumerate(self.tokens)]
        self.gaps = [
            sentence[self.tokens[i - 1].end : self.tokens[i].start] if i else ""
            for i in range(len(self.tokens))
        ]


def _token_spans(reading: _Reading) -> Iterable[tuple[int, int]]:
    """(first, last) token positions of the n-gram candidates."""
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


def _shape(token: Token, position: int) -> str:
    word = token.text
    if word[0].isdigit():
        return "num"
    if word[0].isupper():
        return "cap0" if position == 0 else "cap"
    return "low"


def _context_word(reading: _Reading, position: int) -> str:
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


def _span_features(reading: _Reading, first: int, last: int) -> dict[str, float]:
    qc, qt = reading.qclass, reading.qtype
    tokens = reading.tokens[first : last + 1]
    features: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        features[f"{qc}|{name}"] = value
        features[f"t:{qt}|{name}"] = value

    length = _bucket(last - first + 1)
    add(f"len={length}")
    add(f"len={length}|{'cap' if tokens[0].text[0].isupper() else 'low'}")
    span_shapes = reading.shapes[first : last + 1]
    shapes = set(span_shapes)
    words = [t.lower for t in tokens]
    if "num" in shapes:
        add("has-digit")
    if all(s.startswith("cap") or w in STOPWORDS for s, w in zip(span_shapes, words, strict=True)):
        add("all-capitalised")
    if "cap" in shapes:
        add("has-capital")
    if shapes == {"low"}:
        add("lower-case")
    if any(w in MONTHS for w in words):
        add("has-month")
    if any(
        len(w) == 4 and w.isdigit() and w[:2] in ("15", "16", "17", "18", "19", "20") for w in words
    ):
        add("has-year")
    if any(w.endswith("%") or w in ("percent", "per") for w in words):
        add("percent")
    gap_before = reading.gaps[first]
    if "$" in gap_before or "£" in gap_before or "€" in gap_before:
        add("money")
    kinds = reading.spans
    exact = kinds.get((tokens[0].start, tokens[-1].end))
    if exact:
        add(f"typed={exact}")
    else:
        inside = {reading.inside[i] for i in range(first, last + 1)}
        if len(inside) == 1 and None not in inside:
            add(f"part-of={inside.pop()}")
        elif inside - {None}:
            add("mixed-types")
    left = _context_word(reading, first - 1)
    right = _context_word(reading, last + 1)
    add(f"left={left}")
    add(f"right={right}")
    # an ordinary word next to the span ("called", "named", "located"): kept only when
    # it occurs across articles, by the trainer's rule
    for name, position in (("left-word", first - 1), ("right-word", last + 1)):
        if 0 <= position < len(reading.tokens):
            word = reading.tokens[position]
            if word.lower not in STOPWORDS and word.text.islower():
                features[f"t:{qt}|{name}={word.lower}"] = 1.0
    add(f"left2={_context_word(reading, first - 2)}")
    if "," in gap_before:
        add("comma-before")
    if last + 1 < len(reading.tokens) and "," in reading.gaps[last + 1]:
        add("comma-after")
    if "(" in gap_before:
        add("paren-before")
    add(f"first={words[0] if words[0] in STOPWORDS else span_shapes[0]}")
    inner = [w for w in words[1:-1] if w in STOPWORDS]
    if inner:
        add(f"inner={inner[0]}")
    last_word = words[-1]
    if last_word.isalpha() and len(last_word) > 4 and not tokens[-1].text[0].isupper():
        add(f"suffix={last_word[-3:]}")
    if reading.head:
        head_shape = (
            "num" if "num" in shapes else ("cap" if "cap" in shapes or "cap0" in shapes else "low")
        )
        features[f"head={reading.head}|{head_shape}"] = 1.0
        if exact:
            features[f"head={reading.head}|typed={exact}"] = 1.0
    # how the span stands to the question's words in the sentence
    if reading.match_positions:
        before = [p for p in reading.match_positions if p < first]
        after = [p for p in reading.match_positions if p > last]
        if before:
            add(f"match-before={_distance_bucket(first - before[-1] - 1)}")
        if after:
            add(f"match-after={_distance_bucket(after[0] - last - 1)}")
        if before and after:
            add("between-matches")
        for position in reading.final_positions:
            gap = [t.lower for t in reading.tokens[position + 1 : first]]
            if position < first and len(gap) <= 2 and all(w in STOPWORDS for w in gap):
                add("after-final-word")
        for width in (3, 10):
            left_weight = sum(reading.weights[max(0, first - width) : first])
            right_weight = sum(reading.weights[last + 1 : last + 1 + width])
            add(f"matched-left-{width}", left_weight)
            add(f"matched-right-{width}", right_weight)
            add(f"matched-around-{width}", left_weight + right_weight)
        window = sum(1 for p in reading.match_positions if first - 4 <= p <= last + 4)
        add(f"matches-near={min(window, 4)}")
        inside_matches = sum(1 for p in range(first, last + 1) if reading.matches[p])
        if inside_matches:
            add("repeats-question", inside_matches / (last - first + 1))
    else:
        add("no-match")
    target = reading.question.target
    if target:
        span_terms = {t for ts in reading.token_terms[first : last + 1] for t in ts}
        if target in span_terms:
            add("has-target")
        if last + 1 < len(reading.tokens) and target in reading.token_terms[last + 1]:
            add("target-after")
        near = reading.token_terms[max(0, first - 3) : first]
        if any(target in ts for ts in near):
            add("target-before")
    return features


def _add_rule(features: dict[str, float], rule: RuleCandidate, qclass: str) -> None:
    features[f"{qclass}|rule={rule.kind}"] = 1.0
    features[RULE_SCORE] = rule.score


def _rule_only_features(reading: _Reading, rule: RuleCandidate) -> dict[str, float]:
    """Features of a rule's candidate that is not a plain run of words (a clause, a
    speaker named elsewhere, a yes/no reply)."""
    features: dict[str, float] = {}
    _add_rule(features, rule, reading.qclass)
    features[f"t:{reading.qtype}|rule-only={rule.kind}"] = 1.0
    length = len(tokenize(rule.text))
    features[f"{reading.qclass}|rule-only|len={_bucket(length)}"] = 1.0
    return features


def _sentence_features(evidence: SentenceEvidence) -> dict[str, float]:
    return {
        f"sentence-rank={evidence.rank}": 1.0,
        "retrieval": evidence.retrieval,
        "coverage": evidence.coverage,
        "incomplete": 0.0 if evidence.complete else 1.0,
    }


# -- answering or declining ------------------------------------------------------------


# The features of the best candidate that say whether it is the kind of answer asked for.
_TELLING = ("has-digit", "has-year", "has-month", "has-capital", "lower-case", "typed=", "part-of=")


def decline_features(
    question: Question,
    best: SpanCandidate | None,
    probability: float,
    evidence: SentenceEvidence | None,
) -> dict[str, float]:
    """Question-level evidence that the knowledge answers the question at all."""
    kind = question.answer_type.value
    features = {"bias": 1.0, f"type={kind}": 1.0}
    if best is None or evidence is None:
        features["no-candidate"] = 1.0
        return features
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


@dataclass(frozen=True)
class Ranker:
    """Learned weights: ``span`` scores candidates, ``answerable`` decides whether to
    answer; ``threshold`` is the default operating point for the latter."""

    span: dict[str, float]
    answerable: dict[str, float]
    threshold: float

    @staticmethod
    def load(path: Path = WEIGHTS_FILE) -> Ranker:
        """Read weights written by ``scripts/train-ranker``."""
        return _load(str(path))

    def score(self, features: dict[str, float]) -> float:
        """The candidate's score: the learned weights summed over its features, plus the
        rules' prior. ``math.fsum`` rounds exactly once, so the order of the features
        cannot change the result on any machine."""
        weights = self.span
        learned = math.fsum(weights.get(name, 0.0) * value for name, value in features.items())
        return learned + math.fsum(
            prior * features.get(name, 0.0) for name, prior in PRIORS.items()
        )

    def answerable_probability(self, features: dict[str, float]) -> float:
        """Probability that the question is answered by the knowledge at all."""
        weights = self.answerable
        z = math.fsum(weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """The weights as readable JSON, names sorted."""
        return json.dumps(
            {
                "threshold": self.threshold,
                "answerable": dict(sorted(self.answerable.items())),
                "span": dict(sorted(self.span.items())),
            },
            indent=1,
            ensure_ascii=False,
        )


@lru_cache(maxsize=4)
def _load(path: str) -> Ranker:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Ranker(dict(data["span"]), dict(data["answerable"]), float(data["threshold"]))


def softmax(scores: Sequence[float]) -> list[float]:
    """Probabilities from scores (numerically safe)."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = math.fsum(exps)
    return [e / total for e in exps]
