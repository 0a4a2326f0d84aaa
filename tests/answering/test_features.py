"""Features: which spans are candidates, and what describes each of them."""

from __future__ import annotations

from collections.abc import Sequence

from article_qa import Bot
from article_qa.answering.features import (
    MAX_SPAN_TOKENS,
    Described,
    decline_features,
    describe,
    for_decline,
)
from article_qa.answering.question import analyse
from article_qa.answering.reading import Reading
from article_qa.language.clauses import SentenceParts
from article_qa.language.lexicon import STOPWORDS
from article_qa.language.tokens import terms, tokenize
from article_qa.model import Hit, Passage, Proposal, Sentence, SentenceEvidence

PASSAGE = Passage("s#1", "s", "S", 1, 1, "")
EVIDENCE = SentenceEvidence(rank=0, retrieval=1.0, coverage=0.8, complete=True)


def candidates(question: str, sentence: str, rules: Sequence[Proposal] = ()) -> list[Described]:
    hit = Hit(Sentence("s#1", 0, 0, len(sentence), sentence, tuple(terms(sentence))), PASSAGE, 1.0)
    reading = Reading(
        analyse(question), hit, SentenceParts(sentence), lambda t: 1.0, lambda n: False
    )
    return describe(reading, EVIDENCE, list(rules))


def test_candidate_spans_are_short_clean_runs_of_words() -> None:
    sentence = "The museum, which opened in 1854 (after a long fight), holds glass from Venice; it is free."
    found = candidates("What does the museum hold?", sentence)
    texts = [c.text for c in found]
    assert "1854" in texts and "Venice" in texts and "glass from Venice" in texts
    for candidate in found:
        words = tokenize(candidate.text)
        assert len(words) <= MAX_SPAN_TOKENS
        assert words[0].lower not in STOPWORDS and words[-1].lower not in STOPWORDS
        assert not set(candidate.text) & set(";()"), candidate.text  # no clause mark inside
    assert "museum" not in texts  # only repeats the question


def test_features_describe_shape_type_and_context() -> None:
    found = candidates("When did the museum open?", "The museum opened in 1854 after a long fight.")
    year = next(c for c in found if c.text == "1854")
    assert year.features["when/time|has-year"] == 1.0
    assert year.features["when/time|typed=time"] == 1.0
    assert year.features["when/time|left=in"] == 1.0
    assert year.features["coverage"] == EVIDENCE.coverage
    assert 0 < year.features["when/time|matched-left-3"] <= 1.0


def test_rule_candidates_join_the_spans() -> None:
    rule = Proposal("opened in 1854", "phrase", 1.5, 11, 25)
    found = candidates(
        "When did the museum open?", "The museum opened in 1854 after a fight.", [rule]
    )
    assert any(c.features.get("rule-score") == 1.5 for c in found)
    yes = candidates(
        "Is the museum open?",
        "The museum is open.",
        [Proposal("Yes", "yes/no", 1.0)],
    )
    assert [c.text for c in yes] == ["Yes"]  # a yes/no question gets no runs of words


def test_decline_features_read_the_best_candidate() -> None:
    found = candidates("When did the museum open?", "The museum opened in 1854 after a long fight.")
    frozen = [c for c in found if c.text == "1854"][0]
    question = analyse("When did the museum open?")
    hit = Hit(Sentence("s#1", 0, 0, 1, "x", ()), PASSAGE, 1.0)
    candidate = frozen.freeze(
        Reading(question, hit, SentenceParts("x"), lambda t: 1.0, lambda n: False), EVIDENCE
    )
    features = decline_features(question, candidate, 0.7)
    assert features["span-probability"] == 0.7 and features["best|t:time|has-year"] == 1.0
    assert decline_features(question, None, 0.0)["no-candidate"] == 1.0


def test_a_candidate_kept_for_the_decline_gives_the_same_decline_features(bot: Bot) -> None:
    question, gathered = bot.candidates("how many girls were being helped?")
    assert gathered
    for candidate in gathered[:20]:
        kept = for_decline(candidate)
        assert len(kept.features) < len(candidate.features)
        assert decline_features(question, kept, 0.5) == decline_features(question, candidate, 0.5)
