"""Choice stage: gather the candidates of the best retrieved sentences, rank them, and
answer with the best one, or explain why there is no answer.

Each of the best few sentences is judged for how well it covers the question; the
rules propose their candidates (``candidates.py``) and the ranker's features describe
every candidate (``features.py``). When the ranker's answerable probability is below
its threshold, the answer is an explicit "no answer" with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..knowledge.knowledge import Knowledge
from ..language.lexicon import CURRENCY_SIGNS
from ..language.senses import stated_in
from ..language.tokens import terms
from ..model import (
    Answer,
    AnswerType,
    Candidate,
    Hit,
    Question,
    SentenceEvidence,
    Weighed,
    no_answer,
    quoted_answer,
)
from .candidates import propose, reason_clause
from .features import RULES_CHOICE, Described, decline_features, describe
from .kinds import (
    fits_name_question,
    fits_number_question,
    fits_place_question,
    fits_time_question,
    names_a_day,
    spans_in,
)
from .ranker import Ranker, softmax
from .reading import Reading

# How many of the best retrieved sentences give candidates.
RANKED_SENTENCES = 5
# The rules alone answer only from a sentence that covers at least this share of the
# question's required terms (weighted by IDF), none of them missing altogether for a
# question of under four words.
MIN_COVERAGE = 0.5
# Each candidate sentence is judged with its own paragraph as context; a term found
# only there counts for this much of a term found in the sentence itself.
CONTEXT_WEIGHT = 0.5
# "Why" is answered from a stated cause in one of the best few sentences that covers
# this share of the question's words and holds its rarest; its raw score is calibrated
# like every route's.
REASON_SENTENCES = 3
REASON_COVERAGE = 0.5
REASON_RAW_CONFIDENCE = 0.8
# How many candidates the trace keeps for ``/why``.
TRACE_CANDIDATES = 10
# Words for money itself, which the text writes as a sign ("$", "£", "€").
_CURRENCY_TERMS = frozenset(terms("money dollar dollars"))
# The share of the question an amount of no named kind must cover in its sentence.
AMOUNT_COVERAGE = 0.5


def gather_candidates(
    question: Question, hits: Sequence[Hit], knowledge: Knowledge
) -> list[Candidate]:
    """Every candidate answer in the best few retrieved sentences, with its features."""
    if not hits:
        return []
    top_score = hits[0].score
    gathered: list[tuple[Described, Reading, SentenceEvidence]] = []
    for rank, hit in enumerate(hits[:RANKED_SENTENCES]):
        if not _meets_constraints(question, hit):
            continue  # a year the question names must stand near its answer
        evidence = sentence_evidence(question, hit, knowledge, rank, top_score)
        parts = knowledge.parts(hit.sentence)
        reading = Reading(question, hit, parts, knowledge.idf, knowledge.is_person_name)
        proposals = list(propose(reading, knowledge.speaker))
        gathered += [(d, reading, evidence) for d in describe(reading, evidence, proposals)]
    chosen = _rules_choice(gathered)
    if chosen is not None:
        gathered[chosen][0].features[RULES_CHOICE] = 1.0
    return [described.freeze(reading, evidence) for described, reading, evidence in gathered]


def _rules_choice(gathered: list[tuple[Described, Reading, SentenceEvidence]]) -> int | None:
    """The candidate the hand-written rules alone would answer with: their best in a
    sentence that covers enough of the question (the ranker gives it a fixed prior)."""
    scored = [
        (described.rule_score + 2.0 * evidence.coverage + evidence.retrieval, n)
        for n, (described, _, evidence) in enumerate(gathered)
        if described.rule_score is not None
        and evidence.complete
        and evidence.coverage >= MIN_COVERAGE
    ]
    if not scored:
        return None
    return min(scored, key=lambda item: (-item[0], item[1]))[1]


def choose_answer(
    question: Question, hits: Sequence[Hit], knowledge: Knowledge, ranker: Ranker
) -> Answer:
    """Pick the best supported short answer among ``hits``, or explain why there is none."""
    if not question.focus:
        return no_answer(question.text, "the question has no words to look up", question)
    if not hits:
        return no_answer(question.text, "nothing in the knowledge matches the question", question)
    gathered = gather_candidates(question, hits, knowledge)
    if not gathered:
        reason = "the knowledge does not say; no sentence holds a possible answer"
        return no_answer(question.text, reason, question, retrieved=tuple(hits))
    scores = [ranker.score(candidate.features) for candidate in gathered]
    probabilities = softmax(scores)
    order = sorted(
        range(len(gathered)),
        key=lambda n: (
            -scores[n],
            gathered[n].hit.passage.id,
            gathered[n].hit.sentence.index,
            gathered[n].start or 0,
        ),
    )
    considered = tuple(
        Weighed(gathered[n], round(probabilities[n], 4)) for n in order[:TRACE_CANDIDATES]
    )
    fitting = [n for n in order if _fits(question, gathered[n], knowledge.is_person_name)]
    if question.question_word == "how much" and question.target is None:
        # "how much did the county set aside?": no noun says what the amount is of,
        # so the sentence must be about what the question names
        fitting = [n for n in fitting if _about_what_is_asked(question, gathered[n], knowledge)]
    if not fitting:
        reason = "the knowledge does not say; no sentence gives an answer of the kind asked"
        return no_answer(question.text, reason, question, tuple(hits), considered)
    best = gathered[fitting[0]]
    answerable = ranker.answerable_probability(
        decline_features(question, best, _support(question, gathered, probabilities, fitting))
    )
    if answerable < ranker.threshold:
        reason = "the knowledge does not say; no sentence covers what the question asks"
        return no_answer(question.text, reason, question, tuple(hits), considered, answerable)
    start, end = _narrowed(question, best)
    return Answer(
        question=question.text,
        text=best.text if start is None or end is None else best.hit.sentence.text[start:end],
        no_answer_reason=None,
        sentence=best.hit.sentence.text,
        highlight=(start, end) if start is not None and end is not None else None,
        citation=best.hit.passage.citation,
        confidence=round(answerable, 2),
        analysis=question,
        considered=considered,
        retrieved=tuple(hits),
        answerable=answerable,
    )


def reason_answer(question: Question, hits: Sequence[Hit], knowledge: Knowledge) -> Answer | None:
    """For "why": the cause or purpose a well-matching sentence states outright
    ("Hillview was chosen in part because its roof ... needs replacing"), when the
    sentence covers the question (with words of one sense); None when none does."""
    if not hits:
        return None
    for rank, hit in enumerate(hits[:REASON_SENTENCES]):
        clause = reason_clause(hit.sentence.text)
        if clause is None or clause.start is None or clause.end is None:
            continue
        evidence = sentence_evidence(question, hit, knowledge, rank, hits[0].score)
        if evidence.coverage < REASON_COVERAGE or not _holds_rarest(
            hit, question.required, knowledge
        ):
            continue
        span = (clause.start, clause.end)
        return quoted_answer(question, hit, span, REASON_RAW_CONFIDENCE, tuple(hits))
    return None


def _holds_rarest(hit: Hit, words: Sequence[str], knowledge: Knowledge, count: int = 1) -> bool:
    """Whether the sentence holds one of the ``count`` rarest of the question's
    ``words`` (what it is most surely about: "Hillview", "Westgate"), or a word of one
    sense with it."""
    rarest = sorted(words, key=lambda term: -knowledge.idf(term))[:count]
    held = set(hit.sentence.terms)
    return any(stated_in(term, held) for term in rarest)


def _about_what_is_asked(question: Question, candidate: Candidate, knowledge: Knowledge) -> bool:
    """For an amount of no named kind: whether the candidate's sentence holds one of
    the two rarest required words of the question that the knowledge uses anywhere,
    and covers at least half of the question ("how much does the department spend on
    overtime?" is not answered from "add $1.2 million to this year's police budget")."""
    known = [term for term in question.required if knowledge.knows(term)]
    return candidate.evidence.coverage >= AMOUNT_COVERAGE and _holds_rarest(
        candidate.hit, known, knowledge, count=2
    )


def _support(
    question: Question, gathered: list[Candidate], probabilities: list[float], fitting: list[int]
) -> float:
    """How much of the ranker's belief the best candidate carries. For a number, every
    span around the same figure ("$61 million", "pay for a $61 million rebuild") backs
    that figure, so their shares add up."""
    best = gathered[fitting[0]]
    figure = _figure_in(best) if question.answer_type is AnswerType.NUMBER else None
    if figure is None:
        return probabilities[fitting[0]]
    return sum(probabilities[n] for n in fitting if _figure_in(gathered[n]) == figure)


def _figure_in(candidate: Candidate) -> tuple[str, int] | None:
    """The sentence and offset of the first number inside a candidate, if any."""
    if candidate.start is None or candidate.end is None:
        return None
    text = candidate.hit.sentence.text
    for span in spans_in(text[candidate.start : candidate.end]):
        if span.kind == "number":
            return (
                candidate.hit.passage.id + f"|{candidate.hit.sentence.index}",
                candidate.start + span.start,
            )
    return None


def _narrowed(question: Question, candidate: Candidate) -> tuple[int | None, int | None]:
    """The answer's offsets in its sentence; for "when", only the one time it holds
    ("earlier this year", not "survey, which was conducted earlier this year")."""
    start, end = candidate.start, candidate.end
    if question.answer_type is not AnswerType.TIME or start is None or end is None:
        return start, end
    sentence = candidate.hit.sentence.text
    times = [t for t in spans_in(sentence[start:end]) if t.kind == "time"]
    if len(times) != 1:
        return start, end
    return start + times[0].start, start + times[0].end


def _fits(question: Question, candidate: Candidate, is_person_name: Callable[[str], bool]) -> bool:
    """A number question is answered only with a number of the asked kind, a place
    question never with a bare figure or time, a time question only with a time."""
    if candidate.start is None:
        return True
    sentence = candidate.hit.sentence.text
    end = candidate.end if candidate.end is not None else len(sentence)
    if question.answer_type is AnswerType.NUMBER:
        return fits_number_question(question, sentence, candidate.start, end)
    if question.answer_type is AnswerType.PLACE:
        return fits_place_question(sentence, candidate.start, end, is_person_name)
    if question.answer_type in (AnswerType.PERSON, AnswerType.ORGANISATION):
        return fits_name_question(sentence, candidate.start, end)
    if question.answer_type is AnswerType.DESCRIPTION and question.asks_role:
        # "who is X?" is not answered with a figure or a date
        return fits_place_question(sentence, candidate.start, end)
    if question.answer_type is AnswerType.TIME:
        if question.target == "day" and not names_a_day(sentence[candidate.start : end]):
            return False  # "on what day ...?" is not answered "2027"
        return fits_time_question(sentence, candidate.start, end, frozenset(question.required))
    return True


def sentence_evidence(
    question: Question, hit: Hit, knowledge: Knowledge, rank: int, top_score: float
) -> SentenceEvidence:
    """How one retrieved sentence covers the question: the share of its required terms
    (IDF-weighted) the sentence holds, the sentence's paragraph counting for less;
    whether few enough are missing altogether for it to answer; and how many missing
    ones the knowledge holds elsewhere or nowhere."""
    sentence_terms = set(hit.sentence.terms)
    referent = knowledge.referent(hit.sentence)
    if referent:
        sentence_terms.update(terms(referent))
    paragraph_terms = knowledge.passage_terms(hit.passage.id)
    weight_total = covered = 0.0
    elsewhere = nowhere = 0
    for term in question.required:
        weight = knowledge.idf(term)
        weight_total += weight
        if stated_in(term, sentence_terms) or (
            term in _CURRENCY_TERMS and any(sign in hit.sentence.text for sign in CURRENCY_SIGNS)
        ):
            covered += weight  # "how much money ...?" of "lose about $96,000"
        elif stated_in(term, paragraph_terms):
            covered += CONTEXT_WEIGHT * weight
        elif knowledge.knows(term):
            elsewhere += 1
        else:
            nowhere += 1
    # Long questions may carry one word the text words differently; short ones may not.
    complete = bool(weight_total) and elsewhere + nowhere <= len(question.required) // 4
    return SentenceEvidence(
        rank=rank,
        retrieval=hit.score / top_score if top_score else 0.0,
        coverage=covered / weight_total if weight_total else 0.0,
        complete=complete,
        missing_elsewhere=elsewhere,
        missing_nowhere=nowhere,
    )


def _meets_constraints(question: Question, hit: Hit) -> bool:
    """Every year or time the question names must stand in the sentence or its paragraph."""
    text = hit.passage.text.lower()
    return all(constraint in text for constraint in question.constraints)
