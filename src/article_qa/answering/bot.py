"""The pipeline: a question analysed, answered from facts where it asks for a figure,
else from the retrieved sentences (``Bot.load``, ``Bot.ask``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..knowledge.knowledge import Knowledge, Stats
from ..knowledge.passages import PassageList
from ..knowledge.sources import knowledge_dir
from ..language.senses import same_sense
from ..language.spans import spells_out
from ..model import Answer, AnswerType, Candidate, Fact, Hit, Passage, Question, Source, no_answer
from .about_people import PeopleIndex, about_person, asks_who_opposed, opposed_in, where_is
from .arithmetic import (
    PASSAGES_SEARCHED,
    Operation,
    compute_from_text,
    operation_asked,
    subject_terms,
)
from .calibration import Calibration
from .candidates import gives_reason
from .choose import choose_answer, gather_candidates, reason_answer
from .excluded import ExcludedText
from .from_facts import GROUPS, PEOPLE, answer_from_facts, counted_otherwise
from .question import analyse, unknown_names
from .ranker import Ranker

# How many sentences the answer stage looks at.
SENTENCES_CONSIDERED = 8
# How many of the best-matching paragraphs are read for an acronym's name written out.
ACRONYM_PASSAGES = 10
# With several stories, how many paragraphs are searched for those of the best story.
STORY_PASSAGES_SEARCHED = 60
# With several stories, how many sentences are searched for those of the best story.
STORY_SENTENCES_SEARCHED = 32
# In a conversation, the story so far is kept while the question's words point to it
# with at least this share of the best story's score.
PREFERRED_STORY_SHARE = 0.5
# For "why", a sentence giving a reason is read first when it scores this share of the best.
REASON_SCORE_SHARE = 0.4


class Bot:
    """Answers questions about the sources of one knowledge base.

    >>> bot = Bot.load()
    >>> bot.ask("how many girls were being helped?").text
    '80'
    """

    def __init__(
        self, knowledge: Knowledge, ranker: Ranker, calibration: Calibration | None = None
    ):
        """A bot over loaded knowledge, with the given answer-ranking weights and
        confidence calibration (none: raw scores) (no I/O: see ``load``)."""
        self.knowledge = knowledge
        self.ranker = ranker
        self.calibration = calibration or Calibration({})
        self._excluded: ExcludedText | None = None
        self._story_order: tuple[tuple[str, ...], str | None, list[str]] | None = None
        self._preferred_story: str | None = None
        self._people: PeopleIndex | None = None

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, use_cache: bool = True) -> Bot:
        """Load a knowledge folder: ``path``, else ``$ARTICLE_QA_KNOWLEDGE``, else the bundled one.

        Raises ``KnowledgeError`` when the folder cannot be used. A source file that
        cannot be parsed is skipped with a warning (in ``warnings``) naming its line.
        """
        return cls(
            Knowledge.load(knowledge_dir(path), use_cache), Ranker.load(), Calibration.load()
        )

    @classmethod
    def from_sources(cls, sources: Sequence[Source], ranker: Ranker | None = None) -> Bot:
        """A bot over sources held in memory (no folder, no cache)."""
        return cls(Knowledge.from_sources(sources), ranker or Ranker.load(), Calibration.load())

    @property
    def folder(self) -> Path | None:
        """The knowledge folder, if the knowledge came from one."""
        return self.knowledge.folder

    @property
    def sources(self) -> list[Source]:
        """The loaded sources."""
        return self.knowledge.sources

    @property
    def passages(self) -> PassageList:
        """The passages answers come from."""
        return self.knowledge.passages

    @property
    def facts(self) -> Sequence[Fact]:
        """The facts found in the sources (and curated)."""
        return self.knowledge.facts

    @property
    def warnings(self) -> list[str]:
        """What went wrong while loading but did not stop it (a skipped file, a cache)."""
        return self.knowledge.warnings

    @property
    def stats(self) -> Stats:
        """Counts of what is loaded."""
        return self.knowledge.stats

    def ask(self, question: str, story: str | None = None) -> Answer:
        """Answer one question; raises ``QuestionError`` for an empty or oversized one.

        ``story`` (a source id: a conversation's story so far) is preferred when the
        question's words point to it nearly as well as to any other story.
        """
        route, answer = self.answer_and_route(question, story)
        if answer.text is None:
            return answer
        confidence = self.calibration.confidence(route, answer.confidence)
        return replace(answer, confidence=round(confidence, 2))

    def answer_and_route(self, question: str, story: str | None = None) -> tuple[str, Answer]:
        """The answer with its raw confidence, and which route gave it ("computed",
        "facts", "people", "reason", "yes/no" or "ranker"; what ``scripts/calibrate``
        measures)."""
        understood = analyse(question)
        self._preferred_story = story
        person = about_person(
            understood,
            self._people_index,
            lambda: self._source_order(understood),
            self.knowledge.knows,
        )
        if person is not None:
            return "people", person
        facts = self._figures_about(understood)
        if facts and len(self.sources) > 1:
            # only the story the question points to; none from another story (when no
            # paragraph holds its words, "how many children?", the facts' one story)
            first = self._source_order(understood)[:1]
            if first or len({fact.citation.source_id for fact in facts}) > 1:
                facts = [fact for fact in facts if fact.citation.source_id in first]
        from_facts = answer_from_facts(understood, facts)
        computed = self._computed(understood)
        if computed is not None and (
            from_facts is None
            # the text's own list, when the facts hold one figure or only part of it
            or (
                (not from_facts.working or operation_asked(understood) is Operation.TOTAL)
                and len(computed.facts) > len(from_facts.facts)
            )
        ):
            return "computed", computed
        if from_facts is not None:
            return "facts", from_facts
        return self._read(understood, facts)

    def _spelled_out(self, question: Question, acronym: str) -> bool:
        """Whether a paragraph the question's other words lead to writes the acronym's
        name out ("U.S. Department of Agriculture" for "USDA")."""
        ranked = self.knowledge.rank_passages(question.focus, ACRONYM_PASSAGES)
        return any(spells_out(acronym, passage.text) for passage, _ in ranked)

    def _people_index(self) -> PeopleIndex:
        """The person facts, indexed on first use (only questions about people read them)."""
        if self._people is None:
            self._people = PeopleIndex(self.knowledge.people())
        return self._people

    def _read(self, understood: Question, facts: list[Fact]) -> tuple[str, Answer]:
        """The answer read from the best retrieved sentences, or why there is none."""
        route = "yes/no" if understood.answer_type is AnswerType.YES_NO else "ranker"
        hits = self._from_one_story(understood)
        other = counted_otherwise(understood, facts, [hit.sentence.text for hit in hits])
        if other is not None:
            reason = (
                f"the knowledge counts {other.subject} only as in: {other.sentence.rstrip('. ')}"
            )
            return route, no_answer(understood.text, reason, understood)
        unknown = unknown_names(
            understood, self.knowledge.knows, lambda acronym: self._spelled_out(understood, acronym)
        )
        if unknown:
            reason = f"the knowledge never mentions {', '.join(unknown)}"
            return route, no_answer(understood.text, reason, understood)
        promotional = self._about_excluded(understood)
        if promotional:
            return route, no_answer(understood.text, promotional, understood)
        placed = where_is(understood, hits)
        if placed is not None:
            return "people", placed  # bound to a name like a person's role
        if asks_who_opposed(understood):
            opposed = opposed_in(understood, hits)
            if opposed is not None:
                return "people", opposed
        if understood.answer_type is AnswerType.REASON:
            stated = reason_answer(understood, hits, self.knowledge)
            if stated is not None:
                return "reason", stated
        return route, choose_answer(understood, hits, self.knowledge, self.ranker)

    def _from_one_story(self, question: Question) -> list[Hit]:
        """The best sentences of the one story the question points to (the first of
        ``_source_order``): an answer never comes from another story."""
        terms = _with_senses(question.focus)
        hits = self.knowledge.retrieve(terms, STORY_SENTENCES_SEARCHED)
        if len({hit.passage.source_id for hit in hits}) > 1:
            story = (self._source_order(question) or [hits[0].passage.source_id])[0]
            hits = [hit for hit in hits if hit.passage.source_id == story]
            if not hits:  # the story's sentences rank below other stories' best ones
                wider = self.knowledge.retrieve(terms, 8 * STORY_SENTENCES_SEARCHED)
                hits = [hit for hit in wider if hit.passage.source_id == story]
        if question.answer_type is AnswerType.REASON:
            hits = _reasons_first(hits)
        return hits[:SENTENCES_CONSIDERED]

    def _source_order(self, question: Question) -> list[str]:
        """Source ids, the story that best matches the question first (by its two best
        paragraphs; a conversation's story kept first while it matches about as well),
        ranked once per question: the people, facts and sentence stages each ask."""
        looked_up = subject_terms(question)  # "fewer" or "total" says nothing of the story
        key = (looked_up, self._preferred_story)
        if self._story_order is None or self._story_order[:2] != key:
            ranked = self.knowledge.rank_stories(looked_up) or self.knowledge.rank_stories(
                _with_senses(looked_up)  # only words of the same sense are in the text
            )
            order = [story for story, _ in ranked]
            preferred = self._preferred_story
            scores = dict(ranked)
            if preferred in scores and scores[preferred] >= PREFERRED_STORY_SHARE * ranked[0][1]:
                order = [preferred, *(s for s in order if s != preferred)]
            self._story_order = (*key, order)
        return self._story_order[2]

    def _about_excluded(self, question: Question) -> str | None:
        """Why not, when the question is about a paragraph marked as excluded."""
        if self._excluded is None:
            self._excluded = ExcludedText(self.sources)

        def usable() -> list[frozenset[str]]:
            ranked = self.knowledge.rank_passages(question.focus, 3)
            return [self.knowledge.passage_terms(passage.id) for passage, _ in ranked]

        return self._excluded.asked_about(question, usable)

    def _computed(self, question: Question) -> Answer | None:
        """A total, difference or change the question asks for, from the text."""
        if question.answer_type is not AnswerType.NUMBER or operation_asked(question) is None:
            return None  # a plain lookup: no second retrieval on the answer path
        wide = 2 * PASSAGES_SEARCHED if len(self.sources) == 1 else STORY_PASSAGES_SEARCHED
        looked_up = subject_terms(question)
        passages = [passage for passage, _ in self.knowledge.rank_passages(looked_up, wide)]
        if len(self.sources) > 1:
            story = self._source_order(question)[:1]
            passages = [p for p in passages if p.source_id in story][: 2 * PASSAGES_SEARCHED]
        knowledge = self.knowledge
        return compute_from_text(
            question, passages, knowledge.idf, knowledge.knows, knowledge.adjacent_passage
        )

    def candidates(self, question: str) -> tuple[Question, list[Candidate]]:
        """The question as understood and every candidate answer the ranker would score
        (what ``scripts/train-ranker`` learns from)."""
        understood = analyse(question)
        hits = self.knowledge.retrieve(understood.focus, SENTENCES_CONSIDERED)
        return understood, gather_candidates(understood, hits, self.knowledge)

    def rank_passages(self, question: str, k: int = 5) -> list[tuple[Passage, float]]:
        """The ``k`` passages that best match a question, with their scores."""
        return self.knowledge.rank_passages(analyse(question).focus, k)

    def _figures_about(self, question: Question) -> list[Fact]:
        """The facts a number question could use: those whose subject or unit holds
        one of its words (people in general for "victims", a group's parts for
        "children"), so that a question never scans every fact."""
        if question.answer_type is not AnswerType.NUMBER:
            return []
        wanted = set(_with_senses(question.focus))
        if question.target in PEOPLE or question.target in GROUPS:
            wanted |= PEOPLE | set(GROUPS.get(question.target or "", ()))
        return self.knowledge.figures_about(wanted)


def _with_senses(focus: Sequence[str]) -> tuple[str, ...]:
    """The question's terms and the words of one sense with them ("picked": "chosen")."""
    return tuple(dict.fromkeys(word for term in focus for word in sorted(same_sense(term))))


def _reasons_first(hits: list[Hit]) -> list[Hit]:
    """For "why", a well-matching sentence that gives a cause or purpose ("because",
    "due to", "so that") is read before one that does not."""
    if not hits:
        return hits
    top = hits[0].score
    giving = [
        h for h in hits if h.score >= REASON_SCORE_SHARE * top and gives_reason(h.sentence.text)
    ]
    return giving + [h for h in hits if h not in giving]
