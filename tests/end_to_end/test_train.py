"""The ranker's training script runs end to end on a small set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from article_qa.answering.ranker import Ranker
from support import ROOT

pytestmark = pytest.mark.slow


def test_training_script_runs_on_a_small_set(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    empty = tmp_path / "near-miss.yaml"
    empty.write_text("[]\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ranker.py"), "--squad",
         str(ROOT / "tests" / "data" / "squad-mini.json"), "--near-miss", str(empty),
         "--folds", "2", "--out", str(out), "--jobs", "1", "--min-articles", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "held out" in result.stdout and "answerable" in result.stdout
    weights = Ranker.load(out)
    assert weights.span and 0.0 <= weights.threshold <= 1.0
