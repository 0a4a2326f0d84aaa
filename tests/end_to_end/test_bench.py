"""The benchmark keeps working: run at a tiny size. No test asserts a time."""

from __future__ import annotations

import importlib.util
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
        assert row["cold"]["at_once_rss_mb"] >= row["cold"]["rss_mb"] > 0
        assert not row["warm"]["warnings"]
        assert row["added"]["passages"] == 170 and row["added"]["answered_from_it"]
        assert not row["added"]["warnings"]
        _check_peer(row, result.stdout)


def _check_peer(row: dict, printed: str) -> None:
    """With bm25s installed, its columns; without it, a message that says so."""
    if importlib.util.find_spec("bm25s") is None:
        assert "peer: bm25s is not installed" in printed
        assert "peer" not in row
        return
    peer = row["peer"]
    assert peer["passages"] == 120 and len(peer["top10"]) == len(row["warm"]["top10"])
    # fed the same terms, bm25s picks the same top 10: only the tokenisers differ
    assert peer["same_terms_agree"] == "20/20"
    assert 0.3 < peer["overlap"] <= 1.0
    assert "peer: bm25s 0.3.16" in printed


def test_the_peer_line_says_why_bm25s_has_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    row = {"size": 1_000_000}
    monkeypatch.setattr(bench, "have_peer", lambda: True)
    assert bench.peer_report([row]) == [
        "",
        "peer: bm25s left out at these sizes (--reference-up-to)",
    ]
    monkeypatch.setattr(bench, "have_peer", lambda: False)
    assert bench.peer_report([row])[-1] == "peer: bm25s is not installed (scripts/setup bench)"
    assert bench.peer_report([]) == []
