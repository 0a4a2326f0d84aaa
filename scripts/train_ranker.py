"""Train the answer ranker (src/article_qa/ranker-weights.json) and measure it held out.

Reads a SQuAD-format set (by default the development set beside the project), asks
every question of a fresh bot over its own article, and learns:

1. span weights: a softmax over each question's candidate spans, trained to put its
   probability on the candidates that best match a gold answer (token F1), with L2
   regularisation; a feature is kept only when it occurs in at least
   ``MIN_ARTICLES`` articles, so no weight can be about one article's words;
2. answerable weights: a logistic regression that tells answerable questions from
   unanswerable ones (each article's questions asked of another article, and the
   near-miss questions of tests/data/squad-near-miss.yaml), from question-level
   evidence including the span model's held-out probability;
3. the threshold: the default operating point, set to answer ``ANSWER_SHARE`` of the
   answerable questions.

Every figure it prints is held out by article (13-fold cross-validation: each
article is answered by weights trained on the other twelve), through the same
``Bot.ask`` that users run. The weights it writes are then trained on all articles.
Deterministic: no random numbers, fixed iteration counts, sorted names.

    scripts/train-ranker [--squad FILE]... [--near-miss FILE] [--out FILE] [--jobs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from article_qa.answering.features import decline_features, for_decline
from article_qa.answering.ranker import PRIORS, WEIGHTS_FILE, Ranker
from article_qa.evaluation.metrics import exact_match, f1_score
from article_qa.evaluation.squad import (
    Article,
    article_bot,
    evaluate,
    format_curve,
    format_summary,
    load_near_miss,
    load_squad,
    summary,
    unanswerable_questions,
)
from article_qa.model import Candidate, Question, QuestionError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQUAD = ROOT.parent / "shared" / "data" / "squad-v1.1-dev-13-articles.json"
DEFAULT_NEAR_MISS = ROOT / "tests" / "data" / "squad-near-miss.yaml"
MIN_ARTICLES = 3
ANSWER_SHARE = 0.91
SPAN_L2 = 3e-3
SPAN_STEPS = 160
DECLINE_L2 = 1e-3
DECLINE_STEPS = 400


@dataclass
class Asked:
    """One question asked of one article's bot, with its candidates in numeric form."""

    article: int  # the article whose knowledge was asked
    golds: tuple[str, ...]
    origin: str  # "answerable", "cross-article" or "near-miss"
    names: list[str]  # this question's feature names
    entries: np.ndarray  # (candidate, local feature, value) rows
    f1: np.ndarray  # each candidate's F1 against the golds
    question: Question  # the analysed question
    candidates: list[Candidate]


def ask_article(job: tuple[int, Article, list[tuple[str, tuple[str, ...], str]]]) -> list[Asked]:
    """Ask one article's bot a list of (question, golds, origin); runs in a worker process."""
    number, article, questions = job
    bot = article_bot(article)
    asked = []
    for text, golds, origin in questions:
        try:
            question, gathered = bot.candidates(text)
        except QuestionError:
            continue
        local: dict[str, int] = {}
        rows = []
        scores = []
        for position, candidate in enumerate(gathered):
            for name, value in candidate.features.items():
                rows.append((position, local.setdefault(name, len(local)), value))
            scores.append(f1_score(candidate.text, golds) if golds else 0.0)
        asked.append(
            Asked(
                number, golds, origin, list(local), np.array(rows, dtype=np.float64).reshape(-1, 3),
                np.array(scores), question, [for_decline(c) for c in gathered],
            )
        )  # fmt: skip
    return asked


class SpanData:
    """All answerable questions' candidates as flat arrays over one feature vocabulary."""

    def __init__(self, asked: list[Asked], min_articles: int = MIN_ARTICLES):
        self.min_articles = min_articles
        self.vocabulary: dict[str, int] = {}
        feature, value, candidate, question_of = [], [], [], []
        self.question_start = [0]
        self.articles = np.array([a.article for a in asked])
        offset = 0
        for number, item in enumerate(asked):
            ids = np.array(
                [self.vocabulary.setdefault(n, len(self.vocabulary)) for n in item.names]
            )
            rows = item.entries
            feature.append(ids[rows[:, 1].astype(int)] if len(rows) else np.zeros(0, int))
            value.append(rows[:, 2])
            candidate.append(rows[:, 0].astype(int) + offset)
            count = len(item.f1)
            question_of.append(np.full(count, number))
            offset += count
            self.question_start.append(offset)
        self.feature = np.concatenate(feature)
        self.value = np.concatenate(value)
        self.candidate = np.concatenate(candidate)
        self.question_of = np.concatenate(question_of)
        self.starts = np.array(self.question_start[:-1])
        self.f1 = np.concatenate([a.f1 for a in asked])
        best = np.maximum.reduceat(self.f1, self.starts)
        # the candidates that match a gold answer best are the targets (none: no target)
        self.target = (self.f1 >= best[self.question_of] - 1e-9) & (best[self.question_of] > 0)
        mask = np.zeros(len(self.vocabulary), dtype=np.int64)
        for article in np.unique(self.articles):
            in_article = np.isin(self.question_of, np.flatnonzero(self.articles == article))
            used = np.unique(self.feature[in_article[self.candidate]])
            mask[used] |= 1 << int(article)
        self.article_mask = mask
        fixed = np.zeros(len(self.vocabulary))
        for name, prior in PRIORS.items():
            if name in self.vocabulary:
                fixed[self.vocabulary[name]] = prior
        self.prior = np.bincount(
            self.candidate, weights=fixed[self.feature] * self.value, minlength=len(self.f1)
        )

    def usable(self, held_out: np.ndarray) -> np.ndarray:
        """Features seen in at least MIN_ARTICLES training articles."""
        bits = sum(1 << int(a) for a in held_out)
        mask = self.article_mask & ~bits
        counts = np.array([bin(int(m)).count("1") for m in mask])
        usable = counts >= self.min_articles
        for name in PRIORS:  # fixed priors, not learned (see ranker.py)
            if name in self.vocabulary:
                usable[self.vocabulary[name]] = False
        return usable

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """Every candidate's score."""
        return self.prior + np.bincount(
            self.candidate, weights=weights[self.feature] * self.value, minlength=len(self.f1)
        )


_DATA: SpanData | None = None


def _train_task(task: tuple[np.ndarray, np.ndarray, float, int]) -> np.ndarray:
    assert _DATA is not None
    return train_spans(_DATA, *task)


def group_softmax(scores: np.ndarray, starts: np.ndarray, question_of: np.ndarray) -> np.ndarray:
    """Softmax of the scores within each question."""
    top = np.maximum.reduceat(scores, starts)
    exps = np.exp(scores - top[question_of])
    return exps / np.add.reduceat(exps, starts)[question_of]


def train_spans(
    data: SpanData,
    questions: np.ndarray,
    usable: np.ndarray,
    l2: float = SPAN_L2,
    steps: int = SPAN_STEPS,
) -> np.ndarray:
    """Span weights from the given questions: full-batch Adam on the log probability of
    the target candidates, fixed step count (deterministic)."""
    chosen = np.zeros(len(data.articles), dtype=bool)
    chosen[questions] = True
    has_target = np.add.reduceat(data.target.astype(float), data.starts) > 0
    chosen &= has_target
    in_training = chosen[data.question_of]
    entry_in = in_training[data.candidate] & usable[data.feature]
    feature, value, candidate = (
        data.feature[entry_in],
        data.value[entry_in],
        data.candidate[entry_in],
    )
    weights = np.zeros(len(data.vocabulary))
    moment, second = np.zeros_like(weights), np.zeros_like(weights)
    count = chosen.sum()
    for step in range(1, steps + 1):
        scores = np.bincount(candidate, weights=weights[feature] * value, minlength=len(data.f1))
        probability = group_softmax(scores, data.starts, data.question_of)
        on_target = np.where(data.target, probability, 0.0)
        mass = np.add.reduceat(on_target, data.starts)[data.question_of]
        wanted = np.where(data.target, probability / np.maximum(mass, 1e-12), 0.0)
        push = np.where(in_training, probability - wanted, 0.0) / count
        gradient = np.bincount(feature, weights=value * push[candidate], minlength=len(weights))
        gradient += l2 * weights
        moment = 0.9 * moment + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        rate = 0.05 * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        weights -= rate * moment / (np.sqrt(second) + 1e-8)
    return np.where(usable, weights, 0.0)


def train_logistic(
    rows: list[dict[str, float]], labels: np.ndarray, balance: np.ndarray
) -> dict[str, float]:
    """A weighted binary logistic regression over named features (Newton steps, fixed count)."""
    names = sorted({name for row in rows for name in row})
    index = {name: n for n, name in enumerate(names)}
    matrix = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            matrix[r, index[name]] = value
    weights = np.zeros(len(names))
    balance = balance * len(rows) / balance.sum()
    for _ in range(DECLINE_STEPS):
        p = 1 / (1 + np.exp(-(matrix @ weights)))
        gradient = matrix.T @ (balance * (p - labels)) / len(rows) + DECLINE_L2 * weights
        hessian = (matrix.T * (balance * p * (1 - p))) @ matrix / len(rows)
        weights -= np.linalg.solve(hessian + DECLINE_L2 * np.eye(len(names)), gradient)
    return {name: round(float(w), 6) for name, w in zip(names, weights, strict=True)}


def decline_rows(asked: list[Asked], probabilities: list[np.ndarray], scores: list[np.ndarray]):
    """Question-level features for the answerable model, from held-out span scores."""
    rows = []
    for item, probability, score in zip(asked, probabilities, scores, strict=True):
        if not len(score):
            rows.append(decline_features(item.question, None, 0.0))
            continue
        best = int(np.argmax(score))
        rows.append(
            decline_features(item.question, item.candidates[best], float(probability[best]))
        )  # fmt: skip
    return rows


def _shape(text: str) -> str:
    if any(c.isdigit() for c in text):
        return "number"
    return "name" if text[:1].isupper() else "words"


def error_analysis(answerable: list[Asked], best: list[int]) -> str:
    """Split the held-out loss of the best candidates into where it comes from."""
    kinds: dict[str, list[tuple[float, Asked, str]]] = {}
    for item, chosen in zip(answerable, best, strict=True):
        oracle = int(np.argmax(item.f1)) if len(item.f1) else -1
        got = item.candidates[chosen].text if chosen >= 0 else ""
        f1 = item.f1[chosen] if chosen >= 0 else 0.0
        if oracle < 0 or item.f1[oracle] == 0:
            kind = "retrieval: no candidate in the 5 best sentences overlaps a gold answer"
        elif f1 == 1.0:
            kind = "right"
        elif f1 > 0:
            kind = "span boundaries: overlaps a gold answer, not exactly"
        elif item.candidates[chosen].evidence.rank != item.candidates[oracle].evidence.rank:
            kind = "sentence: the answer stands in another of the 5 sentences"
        elif _shape(got) != _shape(item.golds[0]):
            kind = "answer type: right sentence, wrong kind of span"
        else:
            kind = "span choice: right sentence and kind, another span"
        kinds.setdefault(kind, []).append((1.0 - f1, item, got))
    lines = [f"{'share':>7}{'F1 lost':>9}  where"]
    total = len(answerable)
    for kind, items in sorted(kinds.items(), key=lambda kv: -sum(i[0] for i in kv[1])):
        lost = 100 * sum(i[0] for i in items) / total
        lines.append(f"{100 * len(items) / total:>6.1f}%{lost:>9.1f}  {kind}")
        if kind != "right":
            for _, item, got in items[:: max(1, len(items) // 2)][:2]:
                lines.append(
                    f"{'':18}e.g. {item.question.text!r} -> {got!r} (gold {item.golds[0]!r})"
                )
    return "\n".join(lines)


def per_question(values: np.ndarray, starts: list[int]) -> list[np.ndarray]:
    return [values[a:b] for a, b in zip(starts, starts[1:], strict=False)]


def parse_options() -> argparse.Namespace:
    """The trainer's command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--squad",
        type=Path,
        action="append",
        help="a SQuAD-format file; repeat to learn from several (default: the development file)",
    )
    parser.add_argument("--near-miss", type=Path, default=DEFAULT_NEAR_MISS)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--folds", type=int, default=13, help="article folds (default: one per article)"
    )
    parser.add_argument("--l2", type=float, default=SPAN_L2, help="span-weight L2 penalty")
    parser.add_argument("--steps", type=int, default=SPAN_STEPS, help="span-weight training steps")
    parser.add_argument(
        "--predictions", type=Path, help="write held-out best candidates (TSV) here"
    )
    parser.add_argument(
        "--min-articles",
        type=int,
        default=MIN_ARTICLES,
        help="keep features seen in this many articles",
    )
    parser.add_argument("--no-eval", action="store_true", help="skip the held-out bot run")
    options = parser.parse_args()
    options.squad = options.squad or [DEFAULT_SQUAD]
    return options


@dataclass
class Corpus:
    """The articles, the unanswerable questions asked of each, and every question asked."""

    articles: list[Article]
    unanswerable: list[list[str]]
    everything: list[Asked]

    @property
    def answerable(self) -> list[Asked]:
        return [a for a in self.everything if a.golds]


def ask_everything(options: argparse.Namespace) -> Corpus:
    """Ask every article's bot its own questions and the unanswerable ones, in workers."""
    read = [(path.name, article) for path in options.squad for article in load_squad(path)]
    articles = [article for _, article in read]
    options.file_of = [name for name, _ in read]
    near_miss = load_near_miss(options.near_miss)
    unanswerable = unanswerable_questions(articles, near_miss)
    near = {str(e["question"]) for e in near_miss}
    jobs = []
    for number, article in enumerate(articles):
        asked = [(q, golds, "answerable") for _, q, golds, _ in article.questions]
        asked += [
            (q, (), "near-miss" if q in near else "cross-article") for q in unanswerable[number]
        ]
        jobs.append((number, article, asked))
    with ProcessPoolExecutor(options.jobs) as pool:
        everything = [item for batch in pool.map(ask_article, jobs) for item in batch]
    return Corpus(articles, unanswerable, everything)


def train_span_folds(
    data: SpanData, options: argparse.Namespace, article_count: int
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Span weights for each fold (its articles held out) and for all articles; the
    fold of each article, and every candidate's held-out score."""
    global _DATA
    _DATA = data
    fold_of = np.arange(article_count) % options.folds
    tasks = [
        (np.flatnonzero(~np.isin(data.articles, np.flatnonzero(fold_of == f))),
         data.usable(np.flatnonzero(fold_of == f)), options.l2, options.steps)
        for f in range(options.folds)
    ]  # fmt: skip
    everything = np.arange(len(data.articles))
    tasks.append((everything, data.usable(np.array([], dtype=int)), options.l2, options.steps))
    with multiprocessing.get_context("fork").Pool(options.jobs) as pool:
        trained = pool.map(_train_task, tasks)
    final_span = trained.pop()
    fold_weights = [trained[fold_of[a]] for a in range(article_count)]
    held_scores = np.zeros(len(data.f1))
    for held_out in range(article_count):
        in_fold = (data.articles == held_out)[data.question_of]
        held_scores[in_fold] = data.scores(fold_weights[held_out])[in_fold]
    return final_span, fold_weights, held_scores


def report_spans(
    corpus: Corpus, data: SpanData, held_scores: np.ndarray, options: argparse.Namespace
) -> None:
    """Print where the span model's held-out loss comes from, and its EM and F1."""
    answerable = corpus.answerable
    best = [
        int(np.argmax(s)) if len(s) else -1 for s in per_question(held_scores, data.question_start)
    ]
    top_f1 = [
        f[b] if len(f) else 0.0
        for f, b in zip(per_question(data.f1, data.question_start), best, strict=True)
    ]
    top_em = [
        exact_match(item.candidates[b].text, item.golds) if b >= 0 else 0.0
        for item, b in zip(answerable, best, strict=True)
    ]
    if options.predictions:
        with options.predictions.open("w", encoding="utf-8") as out:
            for item, b, f1 in zip(answerable, best, top_f1, strict=True):
                got = item.candidates[b].text if b >= 0 else ""
                golds = " | ".join(item.golds)
                out.write(
                    f"{f1:.2f}\t{item.question.answer_type.value}\t{item.question.text}\t{got}\t{golds}\n"
                )
    print(error_analysis(answerable, best))
    without = [
        f[int(np.argmax(s - p))] if len(f) else 0.0
        for f, s, p in zip(
            per_question(data.f1, data.question_start),
            per_question(held_scores, data.question_start),
            per_question(data.prior, data.question_start),
            strict=True,
        )
    ]
    print(f"(without the rules' prior: best candidate F1 {100 * np.mean(without):.1f})")
    print(
        f"span model, held out, best candidate EM {100 * np.mean(top_em):.1f} F1 {100 * np.mean(top_f1):.1f}"
    )


def unanswerable_scores(
    items: list[Asked], data: SpanData, fold_weights: list[np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Held-out candidate scores and probabilities of the unanswerable questions."""
    scores, probabilities = [], []
    for item in items:
        weights = fold_weights[item.article]
        local = np.array(
            [weights[data.vocabulary[n]] if n in data.vocabulary else 0.0 for n in item.names]
        )
        local += np.array([PRIORS.get(n, 0.0) for n in item.names])
        rows = item.entries
        score = (
            np.bincount(rows[:, 0].astype(int), weights=local[rows[:, 1].astype(int)] * rows[:, 2],
                        minlength=len(item.f1)) if len(rows) else np.zeros(0)
        )  # fmt: skip
        scores.append(score)
        exps = np.exp(score - score.max()) if len(score) else score
        probabilities.append(exps / exps.sum() if len(score) else score)
    return scores, probabilities


def decline_balance(origin: np.ndarray) -> np.ndarray:
    """Answerable and unanswerable questions weigh half each; near-misses as much as
    wrong-article ones."""
    groups = {"answerable": 0.5, "cross-article": 0.25, "near-miss": 0.25}
    present = {g: (origin == g).sum() for g in groups if (origin == g).any()}
    unanswerable_share = sum(groups[g] for g in present if g != "answerable")
    return np.array([
        groups[o] / present[o] * (1 if o == "answerable" else 0.5 / unanswerable_share)
        for o in origin
    ])  # fmt: skip


def train_decline(
    corpus: Corpus,
    data: SpanData,
    held_scores: np.ndarray,
    fold_weights: list[np.ndarray],
    options: argparse.Namespace,
) -> tuple[dict[str, float], list[dict[str, float]], float]:
    """The answerable model for all articles and per fold, and its threshold."""
    answerable = corpus.answerable
    unanswerable_items = [a for a in corpus.everything if not a.golds]
    scores = per_question(held_scores, data.question_start)
    probabilities = per_question(
        group_softmax(held_scores, data.starts, data.question_of), data.question_start
    )
    extra_scores, extra_probabilities = unanswerable_scores(unanswerable_items, data, fold_weights)
    ordered = answerable + unanswerable_items
    rows = decline_rows(ordered, probabilities + extra_probabilities, scores + extra_scores)
    labels = np.array([1.0 if a.golds else 0.0 for a in ordered])
    article_of = np.array([a.article for a in ordered])
    origin = np.array([a.origin for a in ordered])
    balance = decline_balance(origin)
    fold_of = np.arange(len(corpus.articles)) % options.folds
    held_p = np.zeros(len(rows))
    by_fold = []
    for fold in range(options.folds):
        train = fold_of[article_of] != fold
        weights = train_logistic(
            [r for r, t in zip(rows, train, strict=True) if t], labels[train], balance[train]
        )
        by_fold.append(weights)
        ranker = Ranker({}, weights, 0.0)
        for n in np.flatnonzero(~train):
            held_p[n] = ranker.answerable_probability(rows[n])
    threshold = float(np.quantile(held_p[labels == 1], 1 - ANSWER_SHARE))
    for name in ("cross-article", "near-miss"):
        chosen = origin == name
        if chosen.any():
            print(
                f"held out: {name} declined {100 * np.mean(held_p[chosen] < threshold):.1f}% of {chosen.sum()}"
            )
    fold_decline = [by_fold[fold_of[a]] for a in range(len(corpus.articles))]
    return train_logistic(rows, labels, balance), fold_decline, threshold


def evaluate_held_out(
    corpus: Corpus,
    names: list[str],
    fold_weights: list[np.ndarray],
    fold_decline: list[dict[str, float]],
    threshold: float,
    options: argparse.Namespace,
) -> None:
    """The held-out figures, through Bot.ask with each fold's weights."""
    results = []
    by_file: dict[str, list] = {}
    for held_out, article in enumerate(corpus.articles):
        span = {names[n]: float(w) for n, w in enumerate(fold_weights[held_out]) if w}
        ranker = Ranker(span, fold_decline[held_out], threshold)
        answered = evaluate(
            [article], ranker=ranker, unanswerable={article.title: corpus.unanswerable[held_out]}
        )
        results += answered
        by_file.setdefault(options.file_of[held_out], []).extend(answered)
    figures = summary(results)
    if len(by_file) > 1:
        for name, part in by_file.items():
            print(f"held out, articles of {name}:")
            print(format_summary(summary(part)))
    if options.predictions:
        with options.predictions.with_suffix(".bot.tsv").open("w", encoding="utf-8") as out:
            for r in results:
                golds = " | ".join(r.golds)
                out.write(
                    f"{r.f1:.2f}\t{r.probability:.3f}\t{r.kind}\t{r.question}\t{r.prediction}\t{golds}\n"
                )
    print(format_summary(figures))
    print(format_curve(figures))


def main() -> int:
    """Train, report held out, and write the weights trained on every article."""
    options = parse_options()
    started = time.perf_counter()
    corpus = ask_everything(options)
    print(f"asked {len(corpus.everything)} questions in {time.perf_counter() - started:.0f} s")
    data = SpanData(corpus.answerable, options.min_articles)
    final_span, fold_weights, held_scores = train_span_folds(data, options, len(corpus.articles))
    report_spans(corpus, data, held_scores, options)
    print(f"({time.perf_counter() - started:.0f} s)")
    final_decline, fold_decline, threshold = train_decline(
        corpus, data, held_scores, fold_weights, options
    )
    names = list(data.vocabulary)
    span = {names[n]: round(float(w), 6) for n, w in enumerate(final_span) if abs(w) >= 1e-6}
    options.out.write_text(Ranker(span, final_decline, round(threshold, 4)).to_json() + "\n")
    print(f"wrote {options.out} ({len(span)} span weights, threshold {threshold:.3f})")
    if not options.no_eval:
        evaluate_held_out(corpus, names, fold_weights, fold_decline, threshold, options)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
