"""The pipeline: load knowledge into an index, then answer questions (``Bot.load``, ``Bot.ask``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .answer import Answer, Context, Hit, choose_answer, gather_candidates, no_answer
from .cache import derive, fact_key, load_derived
from .facts import CURATED_FILE, Fact, load_curated, merge_curated
from .index import top_of
from .passages import Passage, Sentence, build_passages
from .question import AnswerType, Question, analyse, unknown_names
from .ranker import Ranker, SentenceEvidence, SpanCandidate
from .reasoning import GROUPS, PEOPLE, answer_from_facts, counted_otherwise
from .sources import Source, knowledge_dir, load_sources
from .spans import speaks
from .text import terms

# How many sentences the answer stage looks at, and how much a sentence's paragraph
# adds to its own retrieval score.
SENTENCES_CONSIDERED = 8
PASSAGE_SCORE_WEIGHT = 0.3


@dataclass(frozen=True)
class Stats:
    """What a bot has loaded."""

    sources: int
    passages: int
    sentences: int
    facts: int


class Bot:
    """Answers questions about the sources in one knowledge folder.

    >>> bot = Bot.load()
    >>> bot.ask("how many girls were being helped?").text
    '80'
    """

    def __init__(
        self,
        sources: list[Source],
        folder: Path,
        use_cache: bool = False,
        ranker: Ranker | None = None,
    ):
        """Build a bot over ``sources``; ``use_cache`` keeps the derived data between runs
        (see ``cache.py``); ``ranker`` replaces the shipped answer-ranking weights.
        Warnings (an ignored cache, say) collect in ``warnings``."""
        self.folder = folder
        self.ranker = ranker or Ranker.load()
        self.sources = sources
        self.warnings: list[str] = []
        self.passages: list[Passage] = build_passages(sources)
        derived = (
            load_derived(folder, sources, self.passages, self.warnings.append)
            if use_cache
            else derive(self.passages)
        )
        self.sentences: Sequence[Sentence] = derived.sentences
        self._passage_by_id = {p.id: p for p in self.passages}
        self._sentence_passage = derived.sentence_passage
        self._passage_index = derived.passage_index
        self._sentence_index = derived.sentence_index
        self._passage_terms: dict[str, frozenset[str]] = {}
        self._referents, self._person_words = derived.referents, derived.person_words
        curated = load_curated(folder / CURATED_FILE, self.passages)
        self.facts: Sequence[Fact] = merge_curated(derived.facts, curated)
        self._facts_by_term: dict[str, list[int]] | None = None
        self._context = Context(
            idf=self._idf,
            passage_terms=self._terms_of_passage,
            referent=lambda s: (
                self._referents.get(f"{s.passage_id}|{s.index}")
                or self._referents.get(s.passage_id)
            ),
            speaker=lambda s: (
                (self._referents.get(f"{s.passage_id}|{s.index}") if speaks(s.text) else None)
                or self._referents.get(s.passage_id)
            ),
            is_person_name=lambda name: name.split()[-1] in self._person_words,
            known=lambda term: self._sentence_index.idf(term) > 0,
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Bot:
        """Load a knowledge folder: ``path``, else ``$ARTICLE_QA_KNOWLEDGE``, else the bundled one.

        Raises ``KnowledgeError`` when the folder cannot be used. A source file that
        cannot be parsed is skipped with a warning (in ``warnings``) naming its line.
        """
        folder = knowledge_dir(path)
        problems: list[str] = []
        bot = cls(load_sources(folder, problems), folder, use_cache=True)
        bot.warnings[:0] = problems
        return bot

    @property
    def stats(self) -> Stats:
        """Counts of what is loaded."""
        return Stats(len(self.sources), len(self.passages), len(self.sentences), len(self.facts))

    def topics(self, limit: int = 8) -> list[str]:
        """What the knowledge speaks of, for telling a user what can be asked: the
        people, organisations and counted things its facts name, in reading order."""
        by_kind: dict[str, dict[str, str]] = {
            k: {} for k in ("person", "organisation", "quantity", "change")
        }
        for position in range(min(len(self.facts), 3000)):  # the first facts say enough
            kind, subject, _ = fact_key(self.facts, position)
            if kind in by_kind:
                by_kind[kind].setdefault(subject.lower(), subject)
        seen: dict[str, str] = {}
        for subjects in by_kind.values():
            for lower, subject in subjects.items():
                seen.setdefault(lower, subject)
        return list(seen.values())[:limit]

    def ask(self, question: str) -> Answer:
        """Answer one question; raises ``QuestionError`` for an empty or oversized one."""
        understood = analyse(question)
        facts = self._facts_about(understood)
        from_facts = answer_from_facts(understood, facts)
        if from_facts is not None:
            return from_facts
        other = counted_otherwise(understood, facts)
        if other is not None:
            return no_answer(
                understood.text,
                f"the knowledge counts {other.subject} only as in: {other.sentence.rstrip('. ')}",
                understood,
            )
        unknown = unknown_names(understood, self._context.known)
        if unknown:
            return no_answer(
                understood.text, f"the knowledge never mentions {', '.join(unknown)}", understood
            )
        hits = self.retrieve(understood.focus)
        return choose_answer(understood, hits, self._context, self.ranker)

    def candidates(
        self, question: str
    ) -> tuple[Question, list[tuple[SpanCandidate, Hit, SentenceEvidence]]]:
        """The question as understood and every candidate answer the ranker would score
        (what ``scripts/train-ranker`` learns from)."""
        understood = analyse(question)
        hits = self.retrieve(understood.focus)
        return understood, gather_candidates(understood, hits, self._context)

    def rank_passages(self, question: str, k: int = 5) -> list[tuple[Passage, float]]:
        """The ``k`` passages that best match a question, with their BM25 scores."""
        focus = analyse(question).focus
        # a passage's own score plus half its best sentence's: a passage that answers
        # holds one sentence that matches well (80.9% right first on the development
        # set, against 79.2% for the passage score alone)
        scores = self._passage_index.scores(focus)
        sentence_scores = self._sentence_index.scores(focus)
        best = np.zeros_like(scores)
        np.maximum.at(best, self._sentence_passage, sentence_scores)
        return [(self.passages[i], score) for i, score in top_of(scores + 0.5 * best, k)]

    def retrieve(self, query_terms: tuple[str, ...], k: int = SENTENCES_CONSIDERED) -> list[Hit]:
        """The ``k`` sentences that best match the terms, their paragraph's match counted in."""
        sentence_scores = self._sentence_index.scores(query_terms)
        matched = np.flatnonzero(sentence_scores > 0)
        if not len(matched):
            return []
        passage_scores = self._passage_index.scores(query_terms)
        combined = np.zeros_like(sentence_scores)
        combined[matched] = (
            sentence_scores[matched]
            + PASSAGE_SCORE_WEIGHT * passage_scores[self._sentence_passage[matched]]
        )
        hits = []
        for i, score in top_of(combined, k):
            sentence = self._with_terms(self.sentences[i])
            hits.append(Hit(sentence, self._passage_by_id[sentence.passage_id], score))
        return hits

    @staticmethod
    def _with_terms(sentence: Sentence) -> Sentence:
        # sentences loaded from the cache carry no terms; the few retrieved get them back
        return sentence if sentence.terms else replace(sentence, terms=tuple(terms(sentence.text)))

    def _facts_about(self, question: Question) -> list[Fact]:
        """The facts a number question could use: those whose subject or unit holds
        one of its words (people in general for "victims", a group's parts for
        "children"), so that a question never scans every fact."""
        if question.answer_type is not AnswerType.NUMBER:
            return []
        if self._facts_by_term is None:
            self._facts_by_term = {}
            for position in range(len(self.facts)):
                kind, subject, unit = fact_key(self.facts, position)
                if kind in ("quantity", "change", "threshold"):
                    for term in set(terms(f"{subject} {unit}")):
                        self._facts_by_term.setdefault(term, []).append(position)
        wanted = set(question.focus)
        if question.target in PEOPLE or question.target in GROUPS:
            wanted |= PEOPLE | set(GROUPS.get(question.target or "", ()))
        chosen = {n for term in wanted for n in self._facts_by_term.get(term, [])}
        return [self.facts[n] for n in sorted(chosen)]  # in reading order, as the facts are

    def _terms_of_passage(self, passage_id: str) -> frozenset[str]:
        found = self._passage_terms.get(passage_id)
        if found is None:
            passage = self._passage_by_id.get(passage_id)
            found = frozenset(terms(passage.text)) if passage else frozenset()
            self._passage_terms[passage_id] = found
        return found

    def _idf(self, term: str) -> float:
        idf = self._sentence_index.idf(term)
        # A word no sentence holds weighs as much as the rarest word that is held.
        return idf if idf > 0 else self._sentence_index.max_idf
