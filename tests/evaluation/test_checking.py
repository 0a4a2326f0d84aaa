"""Running question sets: judging each answer, the reports, --since and --record."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from article_qa.evaluation.question_sets import load_set
from article_qa.ui.exits import EXIT_FAILED, EXIT_OK
from support import ROOT, SETS, run


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
        "is below 0.99",  # the confidence itself follows the calibration
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
    assert load_set(path).cases[0].steps[0].expected == {"answer": "11"}
    again = run("check", "--record", str(path))
    assert "recorded" not in again.stderr
    assert again.stdout.splitlines()[-1] == "2 passed, 1 failed"


def test_unaskable_question_in_a_set_fails_its_case(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(f"cases:\n  - ask: {'why ' * 300}\n    no_answer: true\n")
    result = run("check", str(path))
    assert result.returncode == 1 and "too long" in result.stdout
    assert "Traceback" not in result.stderr


def test_record_skips_questions_it_cannot_write_under_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    knowledge = ROOT / "knowledge"
    original = (
        f"knowledge: {knowledge}\n"
        "cases:\n"
        '  - {ask: "how many boys were being helped?"}\n'
        "  - ask: |\n      how many girls were being helped?\n"
        "  - ask: how many women were\n      being helped?\n"
        '  - ask: "how many men were being helped?"\n'
    )
    path.write_text(original)
    path.chmod(0o644)
    result = run("check", "--record", str(path))
    assert "recorded 1 expectation(s)" in result.stderr
    assert path.read_text() == original + '    answer: "5"\n'
    assert os.stat(path).st_mode & 0o777 == 0o644
    assert run("check", str(path)).returncode == 0
