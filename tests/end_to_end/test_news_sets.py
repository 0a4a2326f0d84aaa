"""The news question sets, each story folder added to one knowledge folder as a user
would: the score is printed, and every case that passed when the baseline was recorded
must still pass (a regression guard, not a fixed figure).

The baseline, tests/data/news-baseline.json, lists the passing case ids per set;
rewrite it with ``scripts/news-baseline`` after an improvement.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import ROOT, run

pytestmark = pytest.mark.slow

BASELINE = ROOT / "tests" / "data" / "news-baseline.json"
NEWS_SETS = {
    "news-more": ROOT / "tests" / "data" / "news-more",
    "news-holdout": ROOT / "tests" / "data" / "news-holdout",
    "news-calib": ROOT / "tests" / "data" / "news-calib",
    "news-dev": ROOT.parent / "shared" / "data" / "news-dev",
}


def passing_cases(folder: Path, knowledge: Path) -> tuple[set[str], int]:
    """Add a folder's stories to ``knowledge``, check its sets; the passing ids and the total."""
    for story in sorted((folder / "stories").glob("*.txt")):
        added = run("--knowledge", str(knowledge), "add", str(story))
        assert added.returncode == 0, added.stderr
    checked = run("--knowledge", str(knowledge), "check", "--json", str(folder))
    report = json.loads(checked.stdout)
    return {case["id"] for case in report["cases"] if case["passed"]}, len(report["cases"])


@pytest.mark.parametrize("name", sorted(NEWS_SETS))
def test_what_passed_keeps_passing(name: str, tmp_path: Path) -> None:
    folder = NEWS_SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not beside the project (../shared is absent)")
    passed, total = passing_cases(folder, tmp_path / "knowledge")
    print(f"{name}: {len(passed)} of {total} cases pass ({100 * len(passed) / total:.0f}%)")
    expected = set(json.loads(BASELINE.read_text(encoding="utf-8"))[name])
    lost = sorted(expected - passed)
    assert not lost, f"{len(lost)} case(s) passed at the baseline and fail now: {lost}"
