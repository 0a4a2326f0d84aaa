"""Records: the typed values that pass between the stages, and the errors a user can cause.

The flow is sources -> passages and sentences -> index and facts -> question -> answer
-> presentation. Every stage hands the next one of these frozen records; none of them
is changed after it is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

# -- errors ------------------------------------------------------------------------------


class ArticleQAError(Exception):
    """A problem the user can cause and fix; its message is one line that says what."""


class KnowledgeError(ArticleQAError):
    """The knowledge folder or one of its files cannot be used."""


class UsageError(ArticleQAError, ValueError):
    """An argument that cannot be used (a bad source id, a bad date)."""


class QuestionError(UsageError):
    """The question cannot be asked at all (empty, too long, not valid text)."""


class IngestError(UsageError):
    """The input cannot become a source (the message says why, in one line)."""


class SetError(ArticleQAError):
    """A question set that cannot be used; the message names file, line and key."""


# -- sources, passages, sentences ----------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source as written in its file."""

    text: str
    line: int
    excluded: bool = False
    excluded_why: str = ""


@dataclass(frozen=True)
class Source:
    """One source document: its id (the file name without ``.md``), metadata and paragraphs."""

    id: str
    path: Path
    metadata: tuple[tuple[str, str], ...]
    paragraphs: Sequence[Paragraph]  # a tuple, or made from UTF-8 when read (a loaded folder's)
    digest: str = ""  # sha256 of the file's bytes: derived data is cached under it
    # the file's size, modification and change times (ns), inode and device when read:
    # a file with the same stamp is read back from the cache rather than parsed
    stamp: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        """The source's title."""
        return dict(self.metadata)["title"]

    def meta(self, key: str) -> str | None:
        """One metadata value, or None when the file does not give it."""
        return dict(self.metadata).get(key)


@dataclass(frozen=True)
class Citation:
    """Where a sentence stands: source, paragraph number and file line."""

    source_id: str
    source_title: str
    paragraph: int
    line: int

    def __str__(self) -> str:
        return f"{self.source_id}, paragraph {self.paragraph}"


@dataclass(frozen=True)
class Passage:
    """One paragraph of a source that may be used for answers.

    ``paragraph`` counts the source's usable paragraphs from 1 (excluded ones are
    skipped); ``line`` is where the paragraph starts in the source file.
    """

    id: str
    source_id: str
    source_title: str
    paragraph: int
    line: int
    text: str

    @property
    def citation(self) -> Citation:
        """How answers from this passage are cited."""
        return Citation(self.source_id, self.source_title, self.paragraph, self.line)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage; ``start`` and ``end`` are offsets into the passage text."""

    passage_id: str
    index: int
    start: int
    end: int
    text: str
    terms: tuple[str, ...]


# -- facts ---------------------------------------------------------------------------------

FACT_KINDS = ("quantity", "change", "person", "organisation", "time", "threshold")
QUALIFIERS = (
    "action",
    "agent",
    "time",
    "place",
    "role",
    "organisation",
    "unit",
    "from",
    "to",
    "factor",
    "parent",
)


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
    def cited(self) -> tuple[tuple[Citation, str], ...]:
        """Every sentence the fact rests on, with its citation, its own first."""
        return ((self.citation, self.sentence), *self.also_cites)


# -- questions -----------------------------------------------------------------------------


class AnswerType(str, Enum):
    """The kind of short answer a question expects."""

    NUMBER = "number"
    PERSON = "person"
    ORGANISATION = "organisation"
    TIME = "time"
    PLACE = "place"
    REASON = "reason"
    YES_NO = "yes/no"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class Question:
    """A question as understood, parsed once and read by every later stage.

    ``words`` are its tokens in lower case; ``question_word`` is its question word
    ("how many", "who", ... or "other"); ``wh`` is the phrase that set the answer type
    ("how many", "which office"); ``head`` is the word after what/which/how.
    ``focus`` holds the stemmed terms the question is about (what retrieval searches
    for); ``required`` is the part of it an answer's sentence must cover (words that
    only name the answer's type, such as "number" or "year", are not required);
    ``target`` is the stem of the thing asked about in "how many X" / "which X";
    ``constraints`` are the times it names, which must stand near its answer.
    """

    text: str
    words: tuple[str, ...]
    question_word: str
    answer_type: AnswerType
    wh: str
    head: str | None
    focus: tuple[str, ...]
    required: tuple[str, ...]
    target: str | None
    constraints: tuple[str, ...]
    negated: bool
    asks_role: bool = False  # "who is Jane Doe?", "what is her job/title/role?"

    @property
    def kind(self) -> str:
        """The question's word and expected answer type: "who/person", "what/time", ..."""
        return f"{self.question_word}/{self.answer_type.value}"


# -- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A retrieved sentence with its paragraph and retrieval score."""

    sentence: Sentence
    passage: Passage
    score: float


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
class Proposal:
    """A span the hand-written rules propose, with their score and its kind."""

    text: str
    kind: str
    score: float
    start: int | None = None
    end: int | None = None


class Features(dict[str, float]):
    """A candidate's features by name: read-only once made (it still pickles, so
    candidates can cross between processes)."""

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a candidate's features do not change once it is made")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[Features], tuple[dict[str, float]]]:
        return (Features, (dict(self),))


@dataclass(frozen=True)
class Candidate:
    """One possible short answer in one retrieved sentence, with the features it is
    scored by. ``start`` and ``end`` are offsets in the sentence (None for a reply such
    as "Yes", or a speaker named elsewhere)."""

    text: str
    kind: str
    start: int | None
    end: int | None
    hit: Hit
    evidence: SentenceEvidence
    features: Features


@dataclass(frozen=True)
class Weighed:
    """A candidate with the probability the ranker gave it among its question's."""

    candidate: Candidate
    probability: float


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question.

    ``text`` is the short answer, or None when there is none; then ``no_answer_reason``
    says why. ``highlight`` gives the answer's offsets inside ``sentence`` when it is
    quoted from it. An answer computed from facts carries them in ``facts`` (each with
    its own sentence and citation) and shows its arithmetic in ``working``.
    ``analysis`` is the question as analysed; ``retrieved``, ``considered`` and
    ``answerable`` are the trace that ``/why`` shows.
    """

    question: str
    text: str | None
    no_answer_reason: str | None
    sentence: str | None
    highlight: tuple[int, int] | None
    citation: Citation | None
    confidence: float
    analysis: Question | None = None
    considered: tuple[Weighed, ...] = field(default=(), repr=False)
    retrieved: tuple[Hit, ...] = field(default=(), repr=False)
    working: str | None = None
    facts: tuple[Fact, ...] = ()
    answerable: float | None = field(default=None, repr=False)

    @property
    def found(self) -> bool:
        """True when the bot has an answer."""
        return self.text is not None


def no_answer(
    question: str,
    reason: str,
    analysis: Question | None = None,
    retrieved: tuple[Hit, ...] = (),
    considered: tuple[Weighed, ...] = (),
    answerable: float | None = None,
) -> Answer:
    """An explicit "no answer" with its reason (and what was weighed, for ``/why``)."""
    return Answer(
        question,
        None,
        reason,
        None,
        None,
        None,
        0.0,
        analysis,
        considered=considered,
        retrieved=retrieved,
        answerable=answerable,
    )


def quoted_answer(
    question: Question,
    hit: Hit,
    span: tuple[int, int],
    confidence: float,
    retrieved: tuple[Hit, ...] = (),
) -> Answer:
    """The piece ``span`` of a retrieved sentence as the answer, quoted with it."""
    sentence = hit.sentence.text
    return Answer(
        question=question.text,
        text=sentence[span[0] : span[1]],
        no_answer_reason=None,
        sentence=sentence,
        highlight=span,
        citation=hit.passage.citation,
        confidence=confidence,
        analysis=question,
        retrieved=retrieved,
    )


def fact_answer(
    question: Question,
    text: str,
    facts: tuple[Fact, ...],
    confidence: float,
    working: str | None = None,
    highlight: tuple[int, int] | None = None,
) -> Answer:
    """An answer read or computed from facts, quoting and citing the first of them."""
    return Answer(
        question=question.text,
        text=text,
        no_answer_reason=None,
        sentence=facts[0].sentence,
        highlight=highlight,
        citation=facts[0].citation,
        confidence=confidence,
        analysis=question,
        working=working,
        facts=facts,
    )


# -- conversations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One turn of a conversation: what was typed, the complete question it was
    resolved to, and the answer that question got."""

    asked: str
    resolved: str
    answer: Answer

    @property
    def rewritten(self) -> bool:
        """True when the turn was a follow-up, rewritten into a complete question."""
        return self.resolved != " ".join(self.asked.split())
