"""The question-set runner (`article-qa check`) and the benchmark (`article-qa eval`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from article_qa.checks import SetError, load_set, number_in
from article_qa.cli import EXIT_BROKEN_SET, EXIT_FAILED, EXIT_OK
from article_qa.squad import exact_match, f1_score, normalise, question_type
from conftest import ROOT

SETS = ROOT / "tests" / "data" / "sets"
SQUAD = ROOT / "tests" / "data" / "squad-mini.json"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ARTICLE_QA_KNOWLEDGE"}
    return subprocess.run(
        [sys.executable, "-m", "article_qa", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120,
    )  # fmt: skip


def test_passing_set_exits_zero_with_the_summary_line() -> None:
    result = run("check", str(SETS / "passing.yaml"))
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "4 passed, 0 failed"


def test_failing_set_reports_why_each_assertion_failed() -> None:
    result = run("check", str(SETS / "failing.yaml"))
    assert result.returncode == EXIT_FAILED
    out = result.stdout
    assert out.splitlines()[-1] == "0 passed, 11 failed"
    for reason in (
        "answer is not '79'",
        "answer does not contain 'twelve'",
        "answer contains '79'",
        "answer does not match /^x/",
        "number is not 60 ± 2",
        "answer is none of 'Danette Buskovick', 'Jane Doe'",
        "expected no answer",
        "expected an answer, got none",
        "cites paragraph 13, expected 3",
        "confidence 0.95 is below 0.99",
        "understood as 'how many boys were being helped?', expected 'how many men",
    ):
        assert reason in out.replace("\n", " ").replace("…", ""), reason
    header = out.splitlines()[0]
    for column in ("case", "question", "expected", "got", "cited"):
        assert column in header
    assert "failing.yaml:" in out and "paragraph 13" in out


def test_folders_are_searched_and_cases_selected_by_pattern_and_tag() -> None:
    assert run("check", str(SETS), "-k", "France").stdout.splitlines()[-1] == "1 passed, 1 failed"
    tagged = run("check", str(SETS / "passing.yaml"), "--tag", "computed")
    assert tagged.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_junit_report_parses_back(tmp_path: Path) -> None:
    junit = tmp_path / "report.xml"
    run("check", str(SETS), "--junit", str(junit))
    root = ElementTree.parse(junit).getroot()
    suites = {Path(s.get("name")).name: s for s in root.iter("testsuite")}
    assert suites["failing.yaml"].get("failures") == "11"
    assert suites["passing.yaml"].get("failures") == "0"
    cases = list(suites["failing.yaml"].iter("testcase"))
    assert len(cases) == 11 and all(c.find("failure") is not None for c in cases)
    assert "answer is not '79'" in cases[0].find("failure").get("message")


def test_json_report_and_since(tmp_path: Path) -> None:
    before = run("check", "--json", str(SETS / "passing.yaml"))
    report = json.loads(before.stdout)
    assert report["passed"] == 4 and report["cases"][0]["turns"][0]["answer"] == "80"
    saved = tmp_path / "before.json"
    report["cases"][0]["turns"][0]["answer"] = "81"  # as if the engine once said 81
    saved.write_text(json.dumps(report))
    after = run("check", str(SETS / "passing.yaml"), "--since", str(saved))
    assert "Changed since" in after.stderr
    assert 'how many girls were being helped?: "81" -> "80"' in after.stderr


def test_record_writes_missing_expectations_only(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    path.write_text(
        f"knowledge: {ROOT / 'knowledge'}\n"
        "cases:\n"
        "  - ask: how many boys were being helped?   # a comment stays\n"
        "  - ask: What is the capital of France?\n"
        "  - ask: how many girls were being helped?\n"
        '    answer: "79"\n',
        encoding="utf-8",
    )
    first = run("check", "--record", str(path))
    assert "recorded 2 expectation(s)" in first.stderr
    text = path.read_text()
    assert (
        '  - ask: how many boys were being helped?   # a comment stays\n    answer: "11"\n' in text
    )
    assert "  - ask: What is the capital of France?\n    no_answer: true\n" in text
    assert text.count('answer: "79"') == 1  # an existing expectation is never overwritten
    assert load_set(path).cases[0].turns[0].expected == {"answer": "11"}
    again = run("check", "--record", str(path))
    assert "recorded" not in again.stderr
    assert again.stdout.splitlines()[-1] == "2 passed, 1 failed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases:\n  - ask: hi\n    answr: x\n", "bad.yaml:3: answr: unknown key in a case"),
        ("cases:\n  - ask: hi\n    number: lots\n", "bad.yaml:3: number: must be"),
        (
            "cases:\n  - ask: hi\n    no_answer: maybe\n",
            "bad.yaml:3: no_answer: must be true/false",
        ),
        (
            "cases:\n  - ask: hi\n    regex: '('\n",
            "bad.yaml:3: regex: not a valid regular expression",
        ),
        ("cases:\n  - ask: hi\n    cites: {page: 2}\n", "bad.yaml:3: cites: must be a mapping"),
        (
            "cases:\n  - ask: hi\n    min_confidence: 2\n",
            "bad.yaml:3: min_confidence: must be between",
        ),
        ("cases:\n  - ask: hi\n    tolerance: 1\n", "bad.yaml:3: tolerance: goes with number"),
        ("cases:\n  - answer: x\n", "bad.yaml:2: ask: missing"),
        ("cases: {}\n", "bad.yaml:1: cases: must be a list"),
        ("knowledg: x\ncases: []\n", "bad.yaml:1: knowledg: unknown key in a set"),
        ("cases:\n  - ask: [\n", "bad.yaml:3: not valid YAML"),
        ("- ask: hi\n", "bad.yaml:1: a question set is a mapping"),
    ],
)
def test_malformed_sets_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SetError) as error:
        load_set(path)
    assert message in str(error.value)
    result = run("check", str(path))
    assert result.returncode == EXIT_BROKEN_SET
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_set_path_is_a_broken_set(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == EXIT_BROKEN_SET and "no such file" in result.stderr


def test_the_projects_own_sets_pass() -> None:
    result = run("check", str(ROOT / "tests" / "questions"))
    assert result.returncode == EXIT_OK, result.stdout[-2000:]


# -- the SQuAD metric and eval ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "golds", "em", "f1"),
    [
        ("The Lake Ferry Company", ("the Lake Ferry Company",), 1.0, 1.0),
        ("Lake Ferry", ("the Lake Ferry Company",), 0.0, 0.8),  # p=2/2, r=2/3
        ("4,200", ("About 4,200", "4,200"), 1.0, 1.0),
        ("about 4200 people", ("About 4,200",), 0.0, 0.8),  # "4,200" -> "4200": p=2/3, r=2/2
        ("", ("1854",), 0.0, 0.0),
        ("", (), 1.0, 1.0),  # no gold answer: only "no answer" is right
        ("Lena Park", (), 0.0, 0.0),
    ],
)
def test_squad_metric(prediction: str, golds: tuple, em: float, f1: float) -> None:
    assert exact_match(prediction, golds) == em
    assert f1_score(prediction, golds) == pytest.approx(f1)


def test_normalise_and_question_types() -> None:
    assert normalise("  The  U.S.  Army!") == "us army"
    assert question_type("How many people live there?") == "how many"
    assert question_type("In which year?") == "which"
    assert question_type("Name the mayor.") == "other"
    assert number_in("about 2.0 times") == 2.0 and number_in("a dozen") == 12


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
