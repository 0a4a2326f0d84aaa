"""Calibration: each route's raw score maps to the share right measured for it."""

from __future__ import annotations

from pathlib import Path

from article_qa.answering.calibration import EDGES, ROUTES, Calibration, bucket


def test_buckets_split_at_the_edges() -> None:
    assert bucket(0.0) == 0 and bucket(0.49) == 0
    assert bucket(EDGES[0]) == 1 and bucket(0.99) == len(EDGES)


def test_a_route_maps_its_bucket_and_an_unknown_route_passes_through() -> None:
    calibration = Calibration({"ranker": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)})
    assert calibration.confidence("ranker", 0.85) == 0.5
    assert calibration.confidence("facts", 0.85) == 0.85


def test_the_shipped_table_covers_every_route_and_never_decreases() -> None:
    shipped = Calibration.load()
    assert set(shipped.shares) == set(ROUTES)
    for shares in shipped.shares.values():
        assert list(shares) == sorted(shares) and all(0 < v < 1 for v in shares)


def test_a_missing_or_broken_table_leaves_raw_scores(tmp_path: Path) -> None:
    assert Calibration.load(tmp_path / "none.json").shares == {}
    broken = tmp_path / "broken.json"
    broken.write_text('{"ranker": [0.5]}')
    assert Calibration.load(broken).shares == {}
