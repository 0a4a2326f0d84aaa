"""Answer stage: candidates from the retrieved sentences, their ranking, and the choice
to stay silent.

The hand-written rules here propose typed candidates (a number before the noun asked
about, a quote's speaker, a title before a name, the clause after the asked words) and
judge how well each sentence covers the question; ``ranker.py`` adds every short run of
words and scores them all with learned weights. When the ranker's answerable
probability is below its threshold, the answer is an explicit "no answer" with its
reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .facts import Fact
from .passages import Citation, Passage, Sentence
from .question import AnswerType, Question
from .ranker import (
    RANKED_SENTENCES,
    RULE_SCORE,
    RULES_CHOICE,
    Ranker,
    RuleCandidate,
    SentenceEvidence,
    SpanCandidate,
    decline_features,
    sentence_candidates,
    softmax,
)
from .spans import Span, find_spans
from .text import NEGATIONS, STOPWORDS, terms, tokenize

# The rules alone answer only from a sentence that covers at least this share of the
# question's required terms (weighted by IDF), none of them missing altogether for a
# question of under four words.
MIN_COVERAGE = 0.5
# Each candidate sentence is judged with its own paragraph as context; a term found
# only there counts for this much of a term found in the sentence itself.
CONTEXT_WEIGHT = 0.5

_REASON_RE = re.compile(
    r"\b(?:because(?: of)?|since|due to|as a result of|so that|in order to)\s", re.I
)
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


@dataclass(frozen=True)
class Hit:
    """A retrieved sentence with its paragraph and retrieval score."""

    sentence: Sentence
    passage: Passage
    score: float


@dataclass(frozen=True)
class Candidate:
    """One possible short answer and why it scored as it did."""

    text: str
    kind: str
    score: float
    coverage: float
    hit: Hit
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question.

    ``text`` is the short answer, or None when there is none; then ``no_answer_reason``
    says why. ``highlight`` gives the answer's offsets inside ``sentence`` when it is
    quoted from it. An answer computed from facts carries them in ``facts`` (each with
    its own sentence and citation) and shows its arithmetic in ``working``.
    """

    question: str
    text: str | None
    no_answer_reason: str | None
    sentence: str | None
    highlight: tuple[int, int] | None
    citation: Citation | None
    confidence: float
    understood: Question | None = None
    considered: tuple[Candidate, ...] = field(default=(), repr=False)
    retrieved: tuple[Hit, ...] = field(default=(), repr=False)
    working: str | None = None
    facts: tuple[Fact, ...] = ()
    answerable: float | None = field(default=None, repr=False)

    @property
    def found(self) -> bool:
        """True when the bot has an answer."""
        return self.text is not None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the answer."""
        citation = self.citation
        return {
            "question": self.question,
            "answer": self.text,
            "no_answer_reason": self.no_answer_reason,
            "sentence": self.sentence,
            "highlight": list(self.highlight) if self.highlight else None,
            "source": citation.source_id if citation else None,
            "source_title": citation.source_title if citation else None,
            "passage": citation.paragraph if citation else None,
            "line": citation.line if citation else None,
            "confidence": self.confidence,
            "answer_type": self.understood.answer_type.value if self.understood else None,
            "working": self.working,
            "facts": [fact.to_dict() for fact in self.facts],
        }


def no_answer(question: str, reason: str, understood: Question | None = None, **trace) -> Answer:
    """An explicit "no answer" with its reason."""
    return Answer(question, None, reason, None, None, None, 0.0, understood, **trace)


@dataclass(frozen=True)
class Context:
    """What the answer stage may ask of the knowledge besides the retrieved sentences."""

    idf: Callable[[str], float]
    passage_terms: Callable[[str], frozenset[str]]
    referent: Callable[[Sentence], str | None]
    speaker: Callable[[Sentence], str | None]
    is_person_name: Callable[[str], bool]
    known: Callable[[str], bool]  # whether any sentence of the knowledge holds the term


def gather_candidates(
    question: Question, hits: Sequence[Hit], context: Context
) -> list[tuple[SpanCandidate, Hit, SentenceEvidence]]:
    """Every candidate answer in the best few retrieved sentences, with its features."""
    if not hits:
        return []
    top_score = hits[0].score
    gathered = []
    for rank, hit in enumerate(hits[:RANKED_SENTENCES]):
        if not _meets_constraints(question, hit):
            continue  # a year the question names must stand near its answer
        coverage, complete, elsewhere, nowhere = _coverage(question, hit, context)
        evidence = SentenceEvidence(
            rank=rank,
            retrieval=hit.score / top_score if top_score else 0.0,
            coverage=coverage,
            complete=complete,
            missing_elsewhere=elsewhere,
            missing_nowhere=nowhere,
        )
        rules = [RuleCandidate(*found) for found in _candidates(question, hit, context)]
        for candidate in sentence_candidates(
            question, hit.sentence.text, evidence, rules, context.idf
        ):
            gathered.append((candidate, hit, evidence))
    _mark_rules_choice(gathered)
    return gathered


def _mark_rules_choice(gathered: list[tuple[SpanCandidate, Hit, SentenceEvidence]]) -> None:
    """Mark the candidate the hand-written rules alone would answer with: their best in a
    sentence that covers enough of the question (the ranker gives it a fixed prior)."""
    chosen = [
        (candidate.features[RULE_SCORE] + 2.0 * evidence.coverage + evidence.retrieval, n)
        for n, (candidate, _, evidence) in enumerate(gathered)
        if RULE_SCORE in candidate.features and evidence.complete
        and evidence.coverage >= MIN_COVERAGE
    ]  # fmt: skip
    if chosen:
        best = min(chosen, key=lambda item: (-item[0], item[1]))[1]
        gathered[best][0].features[RULES_CHOICE] = 1.0


def choose_answer(
    question: Question, hits: Sequence[Hit], context: Context, ranker: Ranker
) -> Answer:
    """Pick the best supported short answer among ``hits``, or explain why there is none."""
    if not question.focus:
        return no_answer(question.text, "the question has no words to look up", question)
    if not hits:
        return no_answer(question.text, "nothing in the knowledge matches the question", question)
    gathered = gather_candidates(question, hits, context)
    if not gathered:
        return no_answer(
            question.text,
            "the knowledge does not say; no sentence holds a possible answer",
            question,
            retrieved=tuple(hits),
        )
    scores = [ranker.score(candidate.features) for candidate, _, _ in gathered]
    probabilities = softmax(scores)
    order = sorted(
        range(len(gathered)),
        key=lambda n: (
            -scores[n],
            gathered[n][1].passage.id,
            gathered[n][1].sentence.index,
            gathered[n][0].start or 0,
        ),
    )
    considered = tuple(
        Candidate(
            gathered[n][0].text, gathered[n][0].kind, round(probabilities[n], 4),
            gathered[n][2].coverage, gathered[n][1], gathered[n][0].start, gathered[n][0].end,
        )
        for n in order[:10]
    )  # fmt: skip
    best, hit, evidence = gathered[order[0]]
    answerable = ranker.answerable_probability(
        decline_features(question, best, probabilities[order[0]], evidence)
    )
    trace = {"retrieved": tuple(hits), "considered": considered, "answerable": answerable}
    if answerable < ranker.threshold:
        return no_answer(
            question.text,
            "the knowledge does not say; no sentence covers what the question asks",
            question,
            **trace,
        )
    return Answer(
        question=question.text,
        text=best.text,
        no_answer_reason=None,
        sentence=hit.sentence.text,
        highlight=(best.start, best.end)
        if best.start is not None and best.end is not None
        else None,
        citation=hit.passage.citation,
        confidence=round(answerable, 2),
        understood=question,
        **trace,
    )


def _coverage(question: Question, hit: Hit, context: Context) -> tuple[float, bool, int, int]:
    """Share of the question's required terms (IDF-weighted) the sentence covers; whether
    few enough are missing altogether for it to answer; and how many missing ones the
    knowledge holds elsewhere or nowhere."""
    sentence_terms = set(hit.sentence.terms)
    referent = context.referent(hit.sentence)
    if referent:
        sentence_terms.update(terms(referent))
    paragraph_terms = context.passage_terms(hit.passage.id)
    weight_total = covered = 0.0
    elsewhere = nowhere = 0
    for term in question.required:
        weight = context.idf(term)
        weight_total += weight
        if term in sentence_terms:
            covered += weight
        elif term in paragraph_terms:
            covered += CONTEXT_WEIGHT * weight
        elif context.known(term):
            elsewhere += 1
        else:
            nowhere += 1
    if not weight_total:
        return 0.0, False, elsewhere, nowhere
    # Long questions may carry one word the text words differently; short ones may not.
    complete = elsewhere + nowhere <= len(question.required) // 4
    return covered / weight_total, complete, elsewhere, nowhere


def _meets_constraints(question: Question, hit: Hit) -> bool:
    """Every year or time the question names must stand in the sentence or its paragraph."""
    text = hit.passage.text.lower()
    return all(constraint in text for constraint in question.constraints)


def _candidates(question: Question, hit: Hit, context: Context):
    """(text, kind, score, start, end) for every candidate answer in the hit's sentence."""
    sentence = hit.sentence.text
    spans = [_retype(span, context) for span in find_spans(sentence)]
    spans = [span for span in spans if not _echoes_question(span.text, question)]
    kind = question.answer_type
    if kind is AnswerType.NUMBER:
        yield from _number_candidates(question, sentence, spans)
    elif kind is AnswerType.TIME:
        yield from _typed(spans, "time", question, sentence, 1.5)
    elif kind is AnswerType.PERSON:
        yield from _person_candidates(question, hit, spans, context)
    elif kind is AnswerType.ORGANISATION:
        yield from _typed(spans, "organisation", question, sentence, 1.5)
        yield from _typed(spans, "name", question, sentence, 0.3)
    elif kind is AnswerType.PLACE:
        yield from _typed(spans, "place", question, sentence, 1.5)
        if question.wh == "where":  # "which city" wants a name, not a description
            yield from _phrase_candidates(sentence, question, 0.8, place=True)
    elif kind is AnswerType.REASON:
        match = _REASON_RE.search(sentence)
        if match:
            yield _clause_from(sentence, match.start(), 1.5)
        yield from _phrase_candidates(sentence, question, 0.5)
    elif kind is AnswerType.YES_NO:
        yield _yes_no(question, sentence)
    else:
        if question.asks_role:
            yield from _role_candidates(question, spans, find_spans(sentence))
        if question.target:
            yield from _kind_of_candidates(question, sentence, spans)
        yield from _phrase_candidates(sentence, question, 1.0)


def _retype(span: Span, context: Context) -> Span:
    """A plain name that the knowledge elsewhere uses as a person's becomes a person; a
    lone capitalised word opening the sentence is otherwise no name at all."""
    if span.kind in ("name", "initial") and context.is_person_name(span.text):
        return Span("person", span.start, span.end, span.text, span.value)
    if span.kind == "initial":
        return Span("word", span.start, span.end, span.text, span.value)
    return span


def _echoes_question(text: str, question: Question) -> bool:
    """True when a span only repeats words of the question (it cannot be the answer)."""
    span_terms = terms(text)
    if not span_terms:
        return text.lower() in question.text.lower()
    return all(term in question.focus for term in span_terms)


def _typed(spans: list[Span], kind: str, question: Question, sentence: str, base: float):
    for span in spans:
        if span.kind == kind:
            yield span.text, kind, base + _nearness(question, sentence, span), span.start, span.end


def _nearness(question: Question, sentence: str, span: Span) -> float:
    """Up to 1.0 for a span that stands close to the question's words in the sentence."""
    positions = [
        token.start
        for token in tokenize(sentence)
        if any(term in question.focus for term in terms(token.text))
    ]
    if not positions:
        return 0.0
    distance = min(abs(span.start - p) for p in positions)
    return 1.0 / (1.0 + distance / 20.0)


def _number_candidates(question: Question, sentence: str, spans: list[Span]):
    """Numbers, best when they count the question's target ("80 girls" for "how many
    girls"); a number that plainly counts something else ("80 girls" for "how many
    organizations") is not a candidate."""
    tokens = tokenize(sentence)
    sentence_terms = {term for t in tokens for term in terms(t.text)}
    for span in spans:
        if span.kind != "number":
            continue
        following = [t for t in tokens if t.start >= span.end][:2]
        counted = [term for t in following[:1] for term in terms(t.text)]
        if question.target and question.target in [
            term for t in following for term in terms(t.text)
        ]:
            score = 3.0
        elif question.target and (counted or question.target not in sentence_terms):
            continue
        else:
            score = 1.0
        yield span.text, "number", score + _nearness(question, sentence, span), span.start, span.end


def _person_candidates(question: Question, hit: Hit, spans: list[Span], context: Context):
    sentence = hit.sentence.text
    found = False
    for span in spans:
        if span.kind == "person":
            found = True
            yield (
                span.text,
                "person",
                2.0 + _nearness(question, sentence, span),
                span.start,
                span.end,
            )
    # "he" or "she" answers "who" only as the speaker of a quote ("...," she said):
    # elsewhere a pronoun's referent is too often someone else
    speaker = context.speaker(hit.sentence)
    if speaker and not found and not _echoes_question(speaker, question):
        yield speaker, "speaker", 1.8, None, None
    for span in spans:
        if span.kind == "organisation":
            yield span.text, "organisation", 0.6, span.start, span.end


def _kind_of_candidates(question: Question, sentence: str, spans: list[Span]):
    """ "What festival ...?", "Which network ...?", "What type of antenna ...?": a name
    the sentence gives that the question does not, or the words that qualify the noun
    asked about where the sentence uses it ("high-gain S-band antenna")."""
    for span in spans:
        if span.kind in ("name", "organisation", "place", "person"):
            ends_in_target = terms(span.text)[-1:] == [question.target]
            yield (
                span.text,
                "name",
                (2.2 if ends_in_target else 1.4) + _nearness(question, sentence, span),
                span.start,
                span.end,
            )
    tokens = tokenize(sentence)
    for position, token in enumerate(tokens):
        if question.target not in terms(token.text):
            continue
        start = position
        while start > 0 and _modifier(tokens[start - 1]) and position - start < 4:
            start -= 1
        if start < position and not all(
            t in question.focus for t in terms(sentence[tokens[start].start : token.start])
        ):
            yield (
                sentence[tokens[start].start : token.end],
                "phrase",
                2.0,
                tokens[start].start,
                token.end,
            )


def _modifier(token) -> bool:
    """A word that may stand before a noun as part of its phrase (not a function word
    or a verb form)."""
    word = token.lower
    return (
        word not in STOPWORDS
        and not word.endswith(("ed", "ing"))
        and not word.isdigit()
        or "-" in word
    )


def _role_candidates(question: Question, spans: list[Span], all_spans: list[Span]):
    """A title before a name the question asks about: "U.S. Attorney for Minnesota Andy Luger"."""
    for role in (s for s in spans if s.kind == "role"):
        named = [s for s in all_spans if s.kind == "person" and s.start > role.end]
        if named and any(term in question.focus for term in terms(named[0].text)):
            yield role.text, "role", 2.5, role.start, role.end


def _yes_no(question: Question, sentence: str):
    words = {token.lower for token in tokenize(sentence)}
    negative = any(w in NEGATIONS or w.endswith("n't") for w in words)
    reply = "No" if negative != question.negated else "Yes"
    return reply, "yes/no", 1.0, None, None


def _phrase_candidates(sentence: str, question: Question, base: float, place: bool = False):
    """The part of the sentence that says what the question does not: after its last
    question word, else before its first."""
    tokens = tokenize(sentence)
    matched = [t for t in tokens if any(term in question.focus for term in terms(t.text))]
    if not matched:
        return
    end = matched[-1].end
    if matched[-1].text[0].isupper():
        # the question named part of a name ("Andy"): the rest of the name is not an answer
        for token in tokens[tokens.index(matched[-1]) + 1 :]:
            if not token.text[0].isupper() or sentence[end : token.start].strip():
                break
            end = token.end
    after = _trim(sentence, end, len(sentence), question)
    if place:
        match = re.search(
            r"\b(?:in|at|across|throughout|near|where|from)\b", sentence[matched[0].start :]
        )
        if not match:
            return  # "where" is answered by a place phrase, not by any words that follow
        after = _trim(sentence, matched[0].start + match.start(), len(sentence))
    if after and _content_words(sentence[after[0] : after[1]]) >= 1:
        # "Jane Doe, the city's mayor": an apposition right after the name describes it
        apposition = sentence[matched[-1].end :].startswith(", ") and sentence[after[0] :].split()[
            0
        ].lower() in ("the", "a", "an")
        score = base + (1.0 if apposition else 0.0)
        yield sentence[after[0] : after[1]], "phrase", score, after[0], after[1]
        return
    # "putting [dedicated resources] toward it": the unasked part between asked words
    gaps = [
        (left.end, right.start)
        for left, right in zip(matched, matched[1:], strict=False)
        if _content_words(sentence[left.end : right.start]) >= 1
    ]
    if gaps:
        begin, end = max(gaps, key=lambda gap: gap[1] - gap[0])
        span = _trim(sentence, begin, end, question)
        if span:
            yield sentence[span[0] : span[1]], "phrase", base * 0.9, span[0], span[1]
            return
    start = 0
    leading = _LEADING_ATTRIBUTION_RE.match(sentence)
    if leading:
        start = leading.end()
    before = _trim(sentence, start, matched[0].start)
    if before and _content_words(sentence[before[0] : before[1]]) >= 1:
        yield sentence[before[0] : before[1]], "phrase", base * 0.8, before[0], before[1]


def _clause_from(sentence: str, start: int, score: float):
    span = _trim(sentence, start, len(sentence))
    if span is None:
        return sentence.strip(), "phrase", score * 0.5, None, None
    return sentence[span[0] : span[1]], "phrase", score, span[0], span[1]


def _trim(
    sentence: str, start: int, end: int, question: Question | None = None
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
    end = start + _clause_comma(piece)
    skip = {"is", "are", "was", "were", "that", "to", "and", "which"}
    if question is not None:
        skip |= {t.lower for t in tokenize(question.text)} & STOPWORDS
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


def _clause_comma(piece: str) -> int:
    """Where a comma ends the clause: the first one that does not continue a list
    ("training, research and communications" goes on; ", which ..." does not)."""
    for comma in _COMMA_RE.finditer(piece, 1):
        rest = piece[comma.end() :]
        if not _LIST_GOES_ON_RE.match(rest) or rest.lower().startswith(
            ("which", "who", "but", "she", "he")
        ):
            return comma.start()
    return len(piece)


def _content_words(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.lower not in STOPWORDS)
