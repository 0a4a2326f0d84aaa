"""The benchmark keeps working: run at a tiny size. No test asserts a time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "120", "--runs", "1",
         "--workdir", str(tmp_path / "work"), "--json", str(figures)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "start-up (median of 1 new processes)" in result.stdout
    assert "seed questions in one process" in result.stdout
    data = json.loads(figures.read_text())
    assert data["seed"]["questions"] >= 40
    squad = ROOT.parent / "shared" / "data" / "squad-v1.1-dev-13-articles.json"
    if squad.exists():
        (row,) = data["scale"]
        assert row["size"] == 120 and row["warm"]["passages"] == 120
        assert row["warm"]["top10_agree"] == "20/20"  # the index ranks as rank-bm25 does
        assert not row["warm"]["warnings"]
