"""Knowledge: one folder's sources loaded with everything derived from them, and the
lookups the answer stage asks of it (sentences for a question, facts by word, who a
pronoun means, how rare a word is).

``Knowledge.load`` reads the folder and the cache; the constructor does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..language.clauses import SentenceParts
from ..language.spans import speaks
from ..language.tokens import terms
from ..model import Fact, Hit, KnowledgeError, Passage, Sentence, Source
from .build import Derived, FactKey, derive, fact_key
from .curated import CURATED_FILE, load_curated, merge_curated
from .index import top_matches
from .passages import PassageList, build_passages
from .records import figures_by_term, positions_of_kind
from .sources import folder_stamps, load_sources
from .store import DamagedCache, load_derived, open_cache

# How much a sentence's paragraph adds to its own retrieval score.
PASSAGE_SCORE_WEIGHT = 0.3
# A story's score: its best passage's plus this share of its second best's.
SECOND_PASSAGE_WEIGHT = 0.5
# How many of the best passages are read to rank the stories they come from.
STORY_PASSAGES_READ = 50
# How many parsed sentences are kept: retrieval brings back the same few often.
_PARSED_KEPT = 4096


@dataclass(frozen=True)
class Stats:
    """What a knowledge base holds."""

    sources: int
    passages: int
    sentences: int
    facts: int


class Knowledge:
    """The sources of one folder with their passages, sentences, facts and indexes."""

    def __init__(
        self,
        sources: Sequence[Source],
        folder: Path | None,
        passages: PassageList,
        derived: Derived,
        facts: Sequence[Fact],
        fact_keys: Sequence[FactKey],
        warnings: Sequence[str] = (),
    ):
        """Put loaded parts together (see ``load`` and ``from_sources``)."""
        self.sources = list(sources)
        self.folder = folder
        self.passages = passages
        self.sentences = derived.sentences
        self.facts = facts
        self.warnings = list(warnings)
        self._derived = derived
        self._fact_keys = fact_keys
        self._passage_terms: dict[str, frozenset[str]] = {}
        self._facts_by_term: dict[str, list[int]] | None = None
        self._people: list[Fact] | None = None
        self._parsed: dict[tuple[str, int], SentenceParts] = {}

    @classmethod
    def load(cls, folder: Path, use_cache: bool = True) -> Knowledge:
        """Load a knowledge folder, its derived data from the cache when fresh (and
        ``use_cache``).

        Raises ``KnowledgeError`` when the folder cannot be used. A source file that
        cannot be parsed is skipped with a warning (in ``warnings``) naming its line.
        """
        try:
            return cls._load(folder, use_cache, True, [])
        except DamagedCache as problem:  # found only now: load again without it
            return cls._load(folder, use_cache, False, [str(problem)])

    @classmethod
    def _load(
        cls, folder: Path, use_cache: bool, read_cache: bool, warnings: list[str]
    ) -> Knowledge:
        """A load; raises DamagedCache when the cache read turns out damaged (its
        checksum, computed meanwhile, is waited for before anything is returned)."""
        opened = None
        stamps = folder_stamps(folder)
        if use_cache and read_cache:
            source_bytes = sum(stamp[0] for stamp in stamps.values() if stamp)
            opened = open_cache(folder, source_bytes, warnings.append)
        sources = load_sources(folder, warnings, opened.kept.get if opened else None, stamps)
        passages = build_passages(sources)
        if use_cache:
            derived = load_derived(folder, sources, passages, warnings.append, opened)
        else:
            derived = derive(passages)
        curated = load_curated(folder / CURATED_FILE, passages, warnings.append)
        if opened is not None:
            opened.check()
        return cls._assemble(sources, folder, passages, derived, curated, warnings)

    @classmethod
    def from_sources(cls, sources: Sequence[Source]) -> Knowledge:
        """Knowledge over sources held in memory (no folder, no cache, no curated facts)."""
        if not any(not p.excluded for s in sources for p in s.paragraphs):
            raise KnowledgeError("no source has text to answer from")
        passages = build_passages(sources)
        return cls._assemble(sources, None, passages, derive(passages), [], [])

    @classmethod
    def _assemble(
        cls,
        sources: Sequence[Source],
        folder: Path | None,
        passages: PassageList,
        derived: Derived,
        curated: list[Fact],
        warnings: list[str],
    ) -> Knowledge:
        if not curated:
            return cls(
                sources, folder, passages, derived, derived.facts, derived.fact_keys, warnings
            )
        facts = merge_curated(derived.facts, curated)
        keys = [fact_key(f) for f in facts]
        return cls(sources, folder, passages, derived, facts, keys, warnings)

    @property
    def stats(self) -> Stats:
        """Counts of what is loaded."""
        return Stats(len(self.sources), len(self.passages), len(self.sentences), len(self.facts))

    # -- retrieval -----------------------------------------------------------------------

    def retrieve(self, query_terms: Iterable[str], k: int) -> list[Hit]:
        """The ``k`` sentences that best match the terms, their paragraph's match counted in."""
        query = tuple(query_terms)
        sentences = self._derived.sentence_index.matches(query)
        if not len(sentences):
            return []
        passages = self._derived.sentence_passage[sentences.documents]
        combined = sentences.scores + PASSAGE_SCORE_WEIGHT * (
            self._derived.passage_index.scores_of(query, passages)
        )
        hits = []
        for position, score in top_matches(sentences.documents, combined, k):
            sentence = self._with_terms(self.sentences[position], position)
            passage = self.passages[int(self._derived.sentence_passage[position])]
            hits.append(Hit(sentence, passage, score))
        return hits

    def rank_passages(self, query_terms: Iterable[str], k: int = 5) -> list[tuple[Passage, float]]:
        """The ``k`` passages that best match the terms, with their scores.

        A passage's own score plus half its best sentence's: a passage that answers
        holds one sentence that matches well (80.9% right first on the development
        set, against 79.2% for the passage score alone).
        """
        query = tuple(query_terms)
        passages = self._derived.passage_index.matches(query)
        sentences = self._derived.sentence_index.matches(query)
        # a passage's terms are its sentences' terms: each matched sentence's passage
        # is among the matched passages
        best = np.zeros(len(self.passages), dtype=np.float64)
        np.maximum.at(best, self._derived.sentence_passage[sentences.documents], sentences.scores)
        combined = passages.scores + 0.5 * best[passages.documents]
        return [
            (self.passages[i], score) for i, score in top_matches(passages.documents, combined, k)
        ]

    def rank_stories(self, query_terms: Iterable[str], k: int = 10) -> list[tuple[str, float]]:
        """Up to ``k`` source ids with their scores, the story the terms point to first.

        A story scores as its best passage (``rank_passages``'s score) plus
        ``SECOND_PASSAGE_WEIGHT`` times its second best: a story whose paragraphs
        between them hold the question's words ("Board Chair Nora Lind" in one, "the
        county board" in another) is the one asked about, more than a story with one
        paragraph that matches most of them.
        """
        ranked = self.rank_passages(query_terms, STORY_PASSAGES_READ)
        stories: dict[str, list[float]] = {}
        for passage, score in ranked:
            kept = stories.setdefault(passage.source_id, [])
            if len(kept) < 2:
                kept.append(score)
        scored = [
            (source_id, scores[0] + SECOND_PASSAGE_WEIGHT * sum(scores[1:]))
            for source_id, scores in stories.items()
        ]
        scored.sort(key=lambda pair: -pair[1])  # stable: ties keep the best passage's order
        return scored[:k]

    def bm25_passages(self, query_terms: Iterable[str], k: int) -> list[tuple[int, float]]:
        """The positions of the ``k`` passages with the best BM25 score of their own (what
        a plain BM25 library would rank; the benchmark compares the two)."""
        return self._derived.passage_index.top(query_terms, k)

    def parts(self, sentence: Sentence) -> SentenceParts:
        """The sentence's tokens and typed spans (kept for the sentences asked about most
        recently: retrieval brings the same ones back question after question)."""
        key = (sentence.passage_id, sentence.index)
        found = self._parsed.get(key)
        if found is None:
            if len(self._parsed) >= _PARSED_KEPT:
                self._parsed.clear()
            found = self._parsed[key] = SentenceParts(sentence.text)
        return found

    def _with_terms(self, sentence: Sentence, position: int) -> Sentence:
        # sentences loaded from the cache carry no terms; the few retrieved get them back,
        # read from the build's own where the cache keeps them
        if sentence.terms:
            return sentence
        terms_of = self._derived.terms_of
        found = terms_of(position) if terms_of is not None else tuple(terms(sentence.text))
        return replace(sentence, terms=found)

    # -- words -----------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        """How rare a term is among the sentences; a term no sentence holds weighs as much
        as the rarest term that is held."""
        index = self._derived.sentence_index
        found = index.idf(term)
        return found if found > 0 else index.max_idf

    def knows(self, term: str) -> bool:
        """True when some sentence of the knowledge holds the term."""
        return self._derived.sentence_index.idf(term) > 0

    def passage_terms(self, passage_id: str) -> frozenset[str]:
        """The search terms of one passage."""
        found = self._passage_terms.get(passage_id)
        if found is None:
            passage = self.passages.get(passage_id)
            found = frozenset(terms(passage.text)) if passage else frozenset()
            self._passage_terms[passage_id] = found
        return found

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, if any."""
        return self.passages.get(passage_id)

    def adjacent_passage(self, passage: Passage, step: int) -> Passage | None:
        """The paragraph ``step`` places after ``passage`` in its source (before it when
        ``step`` is negative), if there is one."""
        return self.passages.get(f"{passage.source_id}#{passage.paragraph + step}")

    # -- people ------------------------------------------------------------------------------

    def referent(self, sentence: Sentence) -> str | None:
        """Who "he" or "she" in the sentence most likely means."""
        return self._referent(sentence, own=True)

    def speaker(self, sentence: Sentence) -> str | None:
        """Who speaks in the sentence when it quotes someone by pronoun ("...," she said)."""
        return self._referent(sentence, own=speaks(sentence.text))

    def _referent(self, sentence: Sentence, own: bool) -> str | None:
        """The sentence's own referent (when ``own``), else its paragraph's speaker."""
        position = self.passages.position(sentence.passage_id)
        if position is None:
            return None
        referents = self._derived.referents
        number = self._sentence_number(position, sentence.index)
        found = referents.in_sentence(number) if own and number is not None else None
        return found or referents.in_passage(position)

    def _sentence_number(self, position: int, index: int) -> int | None:
        """The number of sentence ``index`` of the passage at ``position``, if it has one."""
        of_passage = self._derived.sentence_passage
        number = int(np.searchsorted(of_passage, position)) + index
        fits = index >= 0 and number < len(of_passage) and of_passage[number] == position
        return number if fits else None

    def is_person_name(self, name: str) -> bool:
        """True when the name's last word ends a person's name somewhere in the knowledge."""
        return name.split()[-1] in self._derived.person_words

    # -- facts -------------------------------------------------------------------------------

    def figures_about(self, wanted: Iterable[str]) -> list[Fact]:
        """The facts holding figures (quantities, changes, thresholds) whose subject or
        unit holds one of the wanted terms, in reading order."""
        if self._facts_by_term is None:  # a stored table's terms are stored: none is parsed
            self._facts_by_term = figures_by_term(self._fact_keys)
        chosen = {n for term in wanted for n in self._facts_by_term.get(term, [])}
        return [self.facts[n] for n in sorted(chosen)]

    def people(self) -> list[Fact]:
        """The person facts, in reading order (only these records are read)."""
        if self._people is None:
            self._people = [self.facts[n] for n in positions_of_kind(self._fact_keys, "person")]
        return self._people

    def topics(self, limit: int = 8) -> list[str]:
        """What the knowledge speaks of, for telling a user what can be asked: the
        people, organisations and counted things its facts name, in reading order."""
        kinds = ("person", "organisation", "quantity", "change")
        by_kind: dict[str, dict[str, str]] = {k: {} for k in kinds}
        for kind, subject, _ in self._fact_keys[:3000]:  # the first facts say enough
            if kind in by_kind:
                by_kind[kind].setdefault(subject.lower(), subject)
        seen: dict[str, str] = {}
        for subjects in by_kind.values():
            for lower, subject in subjects.items():
                seen.setdefault(lower, subject)
        return list(seen.values())[:limit]
