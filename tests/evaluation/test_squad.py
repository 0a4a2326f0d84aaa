"""The SQuAD benchmark: scoring, unanswerable questions, the curve, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from article_qa.evaluation.squad import Article, evaluate
from article_qa.ui.exits import EXIT_OK
from support import ROOT, run

SQUAD = ROOT / "tests" / "data" / "squad-mini.json"


def test_eval_on_a_small_set(tmp_path: Path) -> None:
    predictions = tmp_path / "predictions.json"
    result = run(
        "eval", "--squad", str(SQUAD), "--predictions", str(predictions), "--json",
        "--cross-article", "0",
    )  # fmt: skip
    assert result.returncode == EXIT_OK, result.stderr
    figures = json.loads(result.stdout)
    assert figures["overall"]["questions"] == 6
    assert figures["unanswerable"]["questions"] == 1
    written = json.loads(predictions.read_text())
    assert set(written) == {"q1", "q2", "q3", "q4", "q5", "q6"}
    assert written["q1"] == "1854" and written["q3"] == ""
    assert figures["unanswerable"]["exact_match"] == 100.0
    table = run(
        "eval", "--squad", str(SQUAD), "--article", "glass_museum", "--limit", "1",
        "--cross-article", "0",
    )  # fmt: skip
    assert "overall" in table.stdout and "time per question" in table.stdout
    assert table.stdout.split("overall")[1].split()[0] == "1"


def test_eval_reports_answer_and_decline_rates_and_the_curve(tmp_path: Path) -> None:
    near_miss = tmp_path / "near-miss.yaml"
    near_miss.write_text(
        "- article: Glass_Museum\n  question: Who painted the ceiling of the museum?\n"
        "- article: Nowhere\n  question: ignored, no such article?\n"
    )
    result = run("eval", "--squad", str(SQUAD), "--near-miss", str(near_miss), "--json")
    assert result.returncode == EXIT_OK, result.stderr
    figures = json.loads(result.stdout)
    # 5 answerable; 1 unanswerable in the file, 3 asked of the other article, 1 near-miss
    assert figures["answerable"]["questions"] == 5
    assert figures["unanswerable"]["questions"] == 5
    assert 0 <= figures["answered_answerable"] <= 100
    assert 0 <= figures["declined_unanswerable"] <= 100
    curve = figures["curve"]
    assert [point["threshold"] for point in curve] == [n / 10 for n in range(10)]
    answered = [point["answered"] for point in curve]
    declined = [point["declined"] for point in curve]
    assert answered == sorted(answered, reverse=True) and declined == sorted(declined)
    table = run("eval", "--squad", str(SQUAD), "--near-miss", str(near_miss))
    assert "unanswerable questions declined" in table.stdout
    assert "threshold" in table.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("- question: no article\n")
    failed = run("eval", "--squad", str(SQUAD), "--near-miss", str(broken))
    assert failed.returncode == 3 and "article" in failed.stderr
    assert run("eval", "--squad", str(SQUAD), "--cross-article", "-1").returncode == 2


def test_eval_bad_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert run("eval", "--squad", str(bad)).returncode == 3
    assert run("eval", "--squad", str(SQUAD), "--article", "nope").returncode == 2
    assert run("eval", "--squad", str(SQUAD), "--limit", "0").returncode == 2
    missing = run("eval", "--squad", str(tmp_path / "none.json"))
    assert missing.returncode == 3 and "cannot read" in missing.stderr


def test_eval_on_the_development_set_if_present(tmp_path: Path) -> None:
    dev = ROOT.parent / "shared" / "data" / "squad-v1.1-dev-13-articles.json"
    if not dev.exists():
        pytest.skip("the shared development set is not beside this checkout")
    local = tmp_path / "dev.json"
    shutil.copy(dev, local)
    result = run("eval", "--squad", str(local), "--limit", "50", "--json")
    assert json.loads(result.stdout)["overall"]["questions"] == 50


def test_eval_skips_an_article_without_text() -> None:
    empty = Article("Empty", ("   ",), (("q1", "What?", ("x",), 0),))
    assert evaluate([empty]) == []
