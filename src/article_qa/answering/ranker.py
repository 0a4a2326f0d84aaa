"""Ranking stage, weights: the learned weights that score candidates and decide whether
to answer at all.

A linear model scores each candidate's features (a softmax over each question's
candidates, trained by ``scripts/train-ranker`` on a reading-comprehension set,
cross-validated by article); a second small logistic model turns question-level
evidence into the probability that the knowledge answers the question at all. The
weights live in ``ranker-weights.json`` beside this file, one readable name per
weight; scores are exactly rounded sums, so they are the same on every machine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .features import RULES_CHOICE

WEIGHTS_FILE = Path(__file__).with_name("ranker-weights.json")
# A fixed weight, added at answer time to the learned ones, for the candidate the
# hand-written rules alone would answer with. Their patterns for news writing (the
# speaker of a quote, a title before a name, the clause after the asked words) are rare
# in the training set, so the learned weights cannot know them; the trainer learns
# without this prior and reports what it costs on the held-out articles.
PRIORS = {RULES_CHOICE: 4.0}


@dataclass(frozen=True)
class Ranker:
    """Learned weights: ``span`` scores candidates, ``answerable`` decides whether to
    answer; ``threshold`` is the default operating point for the latter."""

    span: Mapping[str, float]
    answerable: Mapping[str, float]
    threshold: float

    @staticmethod
    def load(path: Path = WEIGHTS_FILE) -> Ranker:
        """Read weights written by ``scripts/train-ranker``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return Ranker(dict(data["span"]), dict(data["answerable"]), float(data["threshold"]))

    def score(self, features: Mapping[str, float]) -> float:
        """A candidate's score: the learned weights summed over its features, plus the
        rules' prior. ``math.fsum`` rounds exactly once, so the order of the features
        cannot change the result on any machine."""
        weights = self.span
        learned = math.fsum(weights.get(name, 0.0) * value for name, value in features.items())
        return learned + math.fsum(
            prior * features.get(name, 0.0) for name, prior in PRIORS.items()
        )

    def answerable_probability(self, features: Mapping[str, float]) -> float:
        """Probability that the question is answered by the knowledge at all."""
        z = math.fsum(self.answerable.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """The weights as readable JSON, names sorted."""
        return json.dumps(
            {
                "threshold": self.threshold,
                "answerable": dict(sorted(self.answerable.items())),
                "span": dict(sorted(self.span.items())),
            },
            indent=1,
            ensure_ascii=False,
        )


def softmax(scores: Sequence[float]) -> list[float]:
    """Probabilities from scores (numerically safe).

    >>> [round(p, 3) for p in softmax([0.0, 0.0, 1.0])]
    [0.212, 0.212, 0.576]
    """
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = math.fsum(exps)
    return [e / total for e in exps]
