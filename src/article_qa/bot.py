"""The pipeline: load knowledge into an index, then answer questions (``Bot.load``, ``Bot.ask``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer, Context, Hit, choose_answer
from .cache import derive, load_derived
from .facts import CURATED_FILE, Fact, load_curated, merge_curated
from .index import SearchIndex
from .passages import Passage, Sentence, build_passages
from .question import analyse
from .reasoning import answer_from_facts
from .sources import Source, knowledge_dir, load_sources

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

    def __init__(self, sources: list[Source], folder: Path, use_cache: bool = False):
        """Build a bot over ``sources``; ``use_cache`` keeps the derived data between runs
        (see ``cache.py``). Warnings (an ignored cache, say) collect in ``warnings``."""
        self.folder = folder
        self.sources = sources
        self.warnings: list[str] = []
        self.passages: list[Passage] = build_passages(sources)
        derived = (
            load_derived(folder, sources, self.passages, self.warnings.append)
            if use_cache
            else derive(self.passages)
        )
        self.sentences: list[Sentence] = derived.sentences
        self._passage_by_id = {p.id: p for p in self.passages}
        self._passage_position = {p.id: i for i, p in enumerate(self.passages)}
        passage_terms: dict[str, list[str]] = {p.id: [] for p in self.passages}
        for sentence in self.sentences:
            passage_terms[sentence.passage_id].extend(sentence.terms)
        self._passage_index = SearchIndex([passage_terms[p.id] for p in self.passages])
        self._sentence_index = SearchIndex([s.terms for s in self.sentences])
        self._passage_terms = {pid: frozenset(found) for pid, found in passage_terms.items()}
        self._referents, self._person_words = derived.referents, derived.person_words
        curated = load_curated(folder / CURATED_FILE, self.passages)
        self.facts: list[Fact] = merge_curated(derived.facts, curated)
        self._context = Context(
            idf=self._idf,
            passage_terms=lambda pid: self._passage_terms.get(pid, frozenset()),
            referent=lambda s: (
                self._referents.get(f"{s.passage_id}|{s.index}")
                or self._referents.get(s.passage_id)
            ),
            is_person_name=lambda name: name.split()[-1] in self._person_words,
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
        seen: dict[str, None] = {}
        for kind in ("person", "organisation", "quantity", "change"):
            for fact in self.facts:
                if fact.kind == kind and fact.subject.lower() not in {t.lower() for t in seen}:
                    seen[fact.subject] = None
        return list(seen)[:limit]

    def ask(self, question: str) -> Answer:
        """Answer one question; raises ``QuestionError`` for an empty or oversized one."""
        understood = analyse(question)
        from_facts = answer_from_facts(understood, self.facts)
        if from_facts is not None:
            return from_facts
        hits = self.retrieve(understood.focus)
        return choose_answer(understood, hits, self._context)

    def rank_passages(self, question: str, k: int = 5) -> list[tuple[Passage, float]]:
        """The ``k`` passages that best match a question, with their BM25 scores."""
        focus = analyse(question).focus
        return [(self.passages[i], score) for i, score in self._passage_index.top(focus, k)]

    def retrieve(self, query_terms: tuple[str, ...], k: int = SENTENCES_CONSIDERED) -> list[Hit]:
        """The ``k`` sentences that best match the terms, their paragraph's match counted in."""
        passage_scores = self._passage_index.scores(query_terms)
        sentence_scores = self._sentence_index.scores(query_terms)
        scored = []
        for i, sentence in enumerate(self.sentences):
            if sentence_scores[i] <= 0:
                continue
            passage_score = passage_scores[self._passage_position[sentence.passage_id]]
            scored.append((sentence_scores[i] + PASSAGE_SCORE_WEIGHT * passage_score, i))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [
            Hit(self.sentences[i], self._passage_by_id[self.sentences[i].passage_id], score)
            for score, i in scored[:k]
        ]

    def _idf(self, term: str) -> float:
        idf = self._sentence_index.idf(term)
        # A word no sentence holds weighs as much as the rarest word that is held.
        return idf if idf > 0 else self._sentence_index.max_idf
