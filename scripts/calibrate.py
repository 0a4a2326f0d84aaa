"""Calibrate the answers' confidence (src/article_qa/answering/calibration.json).

Asks every question of the development sets (the seed sets in tests/questions, the
second development set tests/data/news-more, the calibration set tests/data/news-calib
and, when present beside the project,
../shared/data/news-dev, each story folder added to a fresh knowledge folder) with raw
confidences, and records for each answer its route, its raw score and whether the set
judges it right. Per route and raw-score bucket, the lower end of the share right's
Wilson interval (z = 1), made monotone by pool-adjacent-violators, is the calibrated
confidence.

It then prints the reliability table (confidence bucket, answers, share right) of the
calibrated confidences, on the development sets and on each --report folder (such as
tests/data/news-holdout, which calibration never reads).

    scripts/calibrate [--write] [--report FOLDER ...]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from article_qa.answering.bot import Bot
from article_qa.answering.calibration import CALIBRATION_FILE, EDGES, ROUTES, Calibration, bucket
from article_qa.evaluation.checking import run_case
from article_qa.evaluation.question_sets import Case, find_set_files, load_set
from article_qa.knowledge.folder import add_source
from article_qa.knowledge.ingest import read_input
from article_qa.model import Answer

ROOT = Path(__file__).resolve().parent.parent
NEWS_DEV = ROOT.parent / "shared" / "data" / "news-dev"
# news-calib: stories written after the rules, for calibration only (never to choose a
# rule), so that confidences are measured on writing the rules were not fitted to
DEVELOPMENT = [
    ROOT / "tests" / "data" / "news-more",
    ROOT / "tests" / "data" / "news-calib",
    NEWS_DEV,
]
RELIABILITY_BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
# How many standard errors below the measured share a confidence is set (about the
# 84th percentile, one-sided): chosen before it was measured on the held-out set.
WILSON_Z = 1.0


@dataclass(frozen=True)
class Outcome:
    """One answer given: its route, raw and calibrated confidence, and whether right."""

    route: str
    raw: float
    right: bool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write calibration.json")
    parser.add_argument("--report", nargs="*", type=Path, default=[], help="story folders")
    args = parser.parse_args()
    development = list(_seed_outcomes())
    for folder in DEVELOPMENT:
        if folder.is_dir():
            development += _folder_outcomes(folder)
    calibration = fit(development)
    print_raw(development)
    print_reliability("development sets", development, calibration)
    for folder in args.report:
        print_reliability(str(folder), list(_folder_outcomes(folder)), calibration)
    if args.write:
        shares = {route: list(calibration.shares[route]) for route in ROUTES}
        CALIBRATION_FILE.write_text(json.dumps(shares, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE.relative_to(ROOT)}")
    return 0


def _seed_outcomes() -> Iterator[Outcome]:
    for path in find_set_files([ROOT / "tests" / "questions"]):
        question_set = load_set(path)
        folder = question_set.knowledge or ROOT / "knowledge"
        yield from _outcomes(Bot.load(folder), question_set.cases)


def _folder_outcomes(folder: Path) -> list[Outcome]:
    """Add a folder's stories to a fresh knowledge folder and ask its sets."""
    with tempfile.TemporaryDirectory() as scratch:
        knowledge = Path(scratch) / "knowledge"
        for story in sorted((folder / "stories").glob("*.txt")):
            text, kind = read_input(story)
            add_source(knowledge, text, kind, story.stem)
        bot = Bot.load(knowledge, use_cache=False)
        cases = [c for path in find_set_files([folder]) for c in load_set(path).cases]
        return list(_outcomes(bot, cases))


class _RouteRecorder:
    """A bot without calibration (raw scores) that notes the route of each answer."""

    def __init__(self, bot: Bot):
        self.bot = Bot(bot.knowledge, bot.ranker)
        self.routes: list[str] = []

    def ask(self, question: str, story: str | None = None) -> Answer:
        route, answer = self.bot.answer_and_route(question, story)
        self.routes.append(route)
        return answer


def _outcomes(bot: Bot, cases: list[Case]) -> Iterator[Outcome]:
    for case in cases:
        recorder = _RouteRecorder(bot)
        for step, route in zip(run_case(recorder, case).steps, recorder.routes, strict=False):
            if step.turn.answer.text is not None:
                yield Outcome(route, step.turn.answer.confidence, not step.failures)


def fit(outcomes: list[Outcome]) -> Calibration:
    """Per route and bucket, the smoothed share right, made non-decreasing."""
    shares = {}
    for route in ROUTES:
        counts = [[0, 0] for _ in range(len(EDGES) + 1)]
        for outcome in outcomes:
            if outcome.route == route:
                counts[bucket(outcome.raw)][0] += outcome.right
                counts[bucket(outcome.raw)][1] += 1
        bounded = [(lower_bound(right, n), n + 2) for right, n in counts]
        shares[route] = tuple(round(v, 3) for v in _monotone(bounded))
    return Calibration(shares)


def lower_bound(right: int, answers: int, z: float = WILSON_Z) -> float:
    """The Wilson score interval's lower end for ``right`` of ``answers`` (one half for
    no answers): a confidence is a promise, so a bucket with few answers, or a share
    measured on the very stories it is fitted to, promises less than it scored."""
    if not answers:
        return 0.5
    share = right / answers
    spread = z * math.sqrt(share * (1 - share) / answers + z * z / (4 * answers * answers))
    return (share + z * z / (2 * answers) - spread) / (1 + z * z / answers)


def _monotone(values: list[tuple[float, int]]) -> list[float]:
    """Pool adjacent violators: the closest non-decreasing sequence, by weight."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for value, weight in values:
        blocks.append([value, float(weight), 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, length2 = blocks.pop()
            mean1, weight1, length1 = blocks.pop()
            total = weight1 + weight2
            blocks.append([(mean1 * weight1 + mean2 * weight2) / total, total, length1 + length2])
    return [mean for mean, _, length in blocks for _ in range(int(length))]


def print_raw(outcomes: list[Outcome]) -> None:
    print("raw score by route (development sets): bucket from, answers, right")
    for route in ROUTES:
        mine = [o for o in outcomes if o.route == route]
        cells = []
        for n, start in enumerate((0.0, *EDGES)):
            inside = [o for o in mine if bucket(o.raw) == n]
            if inside:
                cells.append(f"{start:.2f}: {sum(o.right for o in inside)}/{len(inside)}")
        print(f"  {route:9} " + "  ".join(cells))


def print_reliability(name: str, outcomes: list[Outcome], calibration: Calibration) -> None:
    print(f"\nreliability on {name}: confidence, answers, share right")
    scored = [(calibration.confidence(o.route, o.raw), o.right) for o in outcomes]
    for n, start in enumerate(RELIABILITY_BUCKETS):
        end = RELIABILITY_BUCKETS[n + 1] if n + 1 < len(RELIABILITY_BUCKETS) else 1.01
        inside = [right for confidence, right in scored if start <= confidence < end]
        share = f"{100 * sum(inside) / len(inside):5.1f}%" if inside else "     -"
        print(f"  {start:.1f}-{min(end, 1.0):.1f}  {len(inside):5}  {share}")
    high = [right for confidence, right in scored if confidence >= 0.8]
    if high:
        print(f"  >= 0.8: {len(high)} answers, {100 * sum(high) / len(high):.1f}% right")


if __name__ == "__main__":
    sys.exit(main())
