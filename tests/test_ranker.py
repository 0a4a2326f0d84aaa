"""The learned answer ranker: which spans are candidates, what describes them, the
weights file, and the choice to answer or decline."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.question import analyse, unknown_names
from article_qa.ranker import (
    MAX_SPAN_TOKENS,
    WEIGHTS_FILE,
    Ranker,
    RuleCandidate,
    SentenceEvidence,
    question_class,
    question_head,
    sentence_candidates,
    softmax,
)
from article_qa.text import STOPWORDS, tokenize

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = SentenceEvidence(rank=0, retrieval=1.0, coverage=0.8, complete=True)


def candidates(question: str, sentence: str, rules=()):
    return sentence_candidates(analyse(question), sentence, EVIDENCE, list(rules), lambda t: 1.0)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who founded the museum?", "who/person"),
        ("When did the port open?", "when/time"),
        ("In what year did the port open?", "what/time"),
        ("How many ships docked?", "how many/number"),
        ("What does the museum hold?", "what/description"),
        ("Which city hosted the games?", "which/place"),
        ("Why did the plant close?", "why/reason"),
        ("Name the mayor.", "other/description"),
    ],
)
def test_question_class(question: str, expected: str) -> None:
    assert question_class(analyse(question)) == expected


def test_question_head() -> None:
    assert question_head(analyse("What year did it open?")) == "year"
    assert question_head(analyse("How long is the bridge?")) == "long"
    assert question_head(analyse("What is the bridge made of?")) is None


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
    rule = RuleCandidate("opened in 1854", "phrase", 1.5, 11, 25)
    found = candidates(
        "When did the museum open?", "The museum opened in 1854 after a fight.", [rule]
    )
    assert any(c.features.get("rule-score") == 1.5 for c in found)
    yes = candidates(
        "Is the museum open?",
        "The museum is open.",
        [RuleCandidate("Yes", "yes/no", 1.0, None, None)],
    )
    assert [c.text for c in yes] == ["Yes"]  # a yes/no question gets no runs of words


def test_weights_file_is_readable_and_sorted() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert 0.0 < data["threshold"] < 1.0
    assert list(data["span"]) == sorted(data["span"]) and len(data["span"]) > 100
    assert list(data["answerable"]) == sorted(data["answerable"])
    assert all(math.isfinite(w) for w in data["span"].values())


def test_scores_do_not_depend_on_feature_order() -> None:
    ranker = Ranker({"a": 0.1, "b": 0.2, "c": 1e16}, {"bias": 0.0}, 0.5)
    features = {"a": 1.0, "b": 1.0, "c": 1.0}
    reordered = dict(reversed(list(features.items())))
    assert ranker.score(features) == ranker.score(reordered)
    assert ranker.answerable_probability({"bias": 1.0}) == 0.5
    assert softmax([1.0, 1.0]) == [0.5, 0.5] and softmax([1000.0, 0.0])[1] == 0.0


def test_the_same_question_gets_the_same_answer() -> None:
    bot = Bot.load()
    first = bot.ask("who is Andy Luger?")
    again = bot.ask("who is Andy Luger?")
    assert first == again and first.answerable is not None


def test_low_answerable_probability_declines() -> None:
    bot = Bot.load()
    answer = bot.ask("what did Andy Luger eat for breakfast?")
    assert not answer.found and answer.answerable is not None
    assert answer.answerable < bot.ranker.threshold


def test_training_script_runs_on_a_small_set(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ranker.py"), "--squad",
         str(ROOT / "tests" / "data" / "squad-mini.json"), "--near-miss", "/dev/null",
         "--folds", "2", "--out", str(out), "--jobs", "1", "--min-articles", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "held out" in result.stdout and "answerable" in result.stdout
    weights = Ranker.load(out)
    assert weights.span and 0.0 <= weights.threshold <= 1.0


# -- what the knowledge cannot say ---------------------------------------------------------


def test_names_and_kinds_the_knowledge_never_uses() -> None:
    known = {"penalti", "john", "minnesota", "report", "publish"}.__contains__
    assert unknown_names(analyse("What is the penalty for johns in Wisconsin?"), known) == [
        "Wisconsin"
    ]
    assert unknown_names(analyse("Who is the governor of Minnesota?"), known) == ["governor"]
    assert unknown_names(analyse("Which university published the report?"), known) == ["university"]
    # the first word's capital says nothing; known names and plain words pass
    assert unknown_names(analyse("Penalties for johns in Minnesota?"), known) == []
    assert unknown_names(analyse("What did the report describe?"), known) == []


def test_declines_a_count_the_facts_hold_only_for_something_else() -> None:
    bot = Bot.load()
    answer = bot.ask("how many girls were convicted?")
    assert not answer.found and "counts girls only as in" in (answer.no_answer_reason or "")
    assert bot.ask("how many girls were being helped?").text == "80"
    never = bot.ask("What is the penalty for johns in Wisconsin?")
    assert not never.found and "never mentions Wisconsin" in (never.no_answer_reason or "")
