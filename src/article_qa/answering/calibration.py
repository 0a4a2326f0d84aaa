"""Answer stage, last step: a confidence that means how often such answers are right.

Each route to an answer (computed from the text, from the facts, a yes/no reading,
the ranker's choice) gives a raw score; ``calibration.json`` beside this file maps
each route's raw score, by bucket, to the share of such answers that were right on
the development question sets (made monotone, smoothed toward one half for small
buckets). ``scripts/calibrate`` measures and writes it; the README shows the table.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
# Raw-score bucket edges shared by every route.
EDGES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
ROUTES = ("computed", "facts", "people", "reason", "yes/no", "ranker")


@dataclass(frozen=True)
class Calibration:
    """Per route, the measured share right of each raw-score bucket."""

    shares: dict[str, tuple[float, ...]]

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        """The shipped table; raw scores pass through unchanged where it is missing."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            shares = {route: tuple(float(v) for v in data[route]) for route in ROUTES}
        except (OSError, ValueError, KeyError, TypeError):
            return cls({})
        if any(len(values) != len(EDGES) + 1 for values in shares.values()):
            return cls({})
        return cls(shares)

    def confidence(self, route: str, raw: float) -> float:
        """The calibrated confidence of an answer with this raw score on this route."""
        shares = self.shares.get(route)
        if shares is None:
            return raw
        return shares[bucket(raw)]


def bucket(raw: float) -> int:
    """Which raw-score bucket a score falls in (0 for below the first edge)."""
    return bisect_right(EDGES, raw)
