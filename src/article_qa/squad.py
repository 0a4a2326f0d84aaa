"""Benchmark sets: ask every question of a SQuAD-format file and score the answers.

For each article a fresh knowledge base is built from that article's paragraphs only;
the bot is never told which paragraph holds the answer. Scores follow the official
SQuAD evaluation (Rajpurkar et al., 2016): answers are normalised (lower case, no
punctuation, no articles a/an/the, single spaces), exact match and token F1 are the
maximum over the gold answers, and a question without gold answers (SQuAD 2.0) is
right only when the bot gives no answer.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .bot import Bot
from .checks import normalise_answer as normalise
from .sources import KnowledgeError, Paragraph, Source

QUESTION_TYPES = ("who", "when", "how many", "what", "which", "where", "why", "how", "other")


@dataclass(frozen=True)
class Article:
    """One article of a benchmark set: its title, paragraphs and questions."""

    title: str
    paragraphs: tuple[str, ...]
    questions: tuple[tuple[str, str, tuple[str, ...], int], ...]  # id, question, golds, paragraph


@dataclass(frozen=True)
class Scored:
    """One question's outcome."""

    id: str
    article: str
    question: str
    kind: str
    golds: tuple[str, ...]
    prediction: str
    exact: float
    f1: float
    paragraph_first: bool
    seconds: float

    @property
    def answerable(self) -> bool:
        """True when the question has gold answers."""
        return bool(self.golds)


def load_squad(path: Path) -> list[Article]:
    """Read a SQuAD v1.1 or v2.0 JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = []
        for entry in data["data"]:
            paragraphs, questions = [], []
            for number, paragraph in enumerate(entry["paragraphs"]):
                paragraphs.append(paragraph["context"])
                for qa in paragraph["qas"]:
                    golds = (
                        () if qa.get("is_impossible") else tuple(a["text"] for a in qa["answers"])
                    )
                    questions.append((str(qa["id"]), qa["question"], golds, number))
            articles.append(
                Article(entry.get("title", "untitled"), tuple(paragraphs), tuple(questions))
            )
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(f"{path}: cannot read: {error}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise KnowledgeError(
            f"{path}: not a SQuAD JSON file ({type(error).__name__}: {error})"
        ) from None
    return articles


def article_bot(article: Article) -> Bot:
    """A bot over one article's paragraphs, each paragraph one passage."""
    source = Source(
        id="article",
        path=Path(f"{article.title}.md"),
        metadata=(("title", article.title.replace("_", " ")),),
        paragraphs=tuple(
            Paragraph(" ".join(text.split()), line=n + 1)
            for n, text in enumerate(article.paragraphs)
        ),
    )
    return Bot([source], Path("<benchmark>"))


def exact_match(prediction: str, golds: tuple[str, ...]) -> float:
    """1.0 when the normalised prediction equals a normalised gold answer."""
    if not golds:
        return float(prediction == "")
    return max(float(normalise(prediction) == normalise(g)) for g in golds)


def f1_score(prediction: str, golds: tuple[str, ...]) -> float:
    """Token F1 of the prediction against the best gold answer."""
    if not golds:
        return float(prediction == "")
    return max(_f1(prediction, gold) for gold in golds)


def _f1(prediction: str, gold: str) -> float:
    predicted, expected = normalise(prediction).split(), normalise(gold).split()
    common = Counter(predicted) & Counter(expected)
    overlap = sum(common.values())
    if not predicted or not expected:
        return float(predicted == expected)
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(predicted), overlap / len(expected)
    return 2 * precision * recall / (precision + recall)


def question_type(question: str) -> str:
    """The question's type by its question word: who, when, how many, what, ..."""
    words = re.findall(r"[a-z]+", question.lower())
    for index, word in enumerate(words):
        if word == "how" and index + 1 < len(words) and words[index + 1] in ("many", "much"):
            return "how many"
        if word in ("who", "whom", "whose"):
            return "who"
        if word in QUESTION_TYPES:
            return word
    return "other"


def evaluate(
    articles: list[Article],
    limit: int | None = None,
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Scored]:
    """Ask every question (or the first ``limit``) of the articles (or the one titled
    ``title``) and score the answers."""
    chosen = [a for a in articles if title is None or a.title.lower() == title.lower()]
    total = sum(len(a.questions) for a in chosen)
    if limit is not None:
        total = min(total, limit)
    results: list[Scored] = []
    for article in chosen:
        if len(results) >= total:
            break
        if not any(text.strip() for text in article.paragraphs):
            continue  # an article without text has nothing to ask about
        bot = article_bot(article)
        for qid, question, golds, paragraph in article.questions:
            if len(results) >= total:
                break
            started = time.perf_counter()
            try:
                answer = bot.ask(question)
                prediction = answer.text or ""
                seconds = time.perf_counter() - started
                ranked = bot.rank_passages(question, 1)
                first = bool(ranked) and ranked[0][0].number == paragraph + 1
            except ValueError:  # an unaskable question counts as no answer
                prediction, seconds, first = "", time.perf_counter() - started, False
            results.append(
                Scored(qid, article.title, question, question_type(question), golds, prediction,
                       exact_match(prediction, golds), f1_score(prediction, golds), first, seconds)
            )  # fmt: skip
            if progress:
                progress(len(results), total)
    return results


def summary(results: list[Scored]) -> dict[str, object]:
    """Overall, answerable, unanswerable and per-type figures."""

    def block(items: list[Scored]) -> dict[str, float]:
        if not items:
            return {"questions": 0}
        answered = [r for r in items if r.prediction]
        return {
            "questions": len(items),
            "exact_match": 100 * sum(r.exact for r in items) / len(items),
            "f1": 100 * sum(r.f1 for r in items) / len(items),
            "answered": 100 * len(answered) / len(items),
            "paragraph_first": 100 * sum(r.paragraph_first for r in items) / len(items),
        }

    answerable = [r for r in results if r.answerable]
    return {
        "overall": block(results),
        "answerable": block(answerable),
        "unanswerable": block([r for r in results if not r.answerable]),
        "by_type": {
            kind: block([r for r in answerable if r.kind == kind]) for kind in QUESTION_TYPES
        },
        "ms_per_question": 1000 * sum(r.seconds for r in results) / max(1, len(results)),
    }


def format_summary(figures: dict) -> str:
    """The figures as a small table."""
    lines = [f"{'':<14}{'questions':>10}{'EM':>8}{'F1':>8}{'answered':>10}{'para. 1st':>11}"]

    def row(name: str, block: dict) -> None:
        if not block.get("questions"):
            return
        lines.append(
            f"{name:<14}{block['questions']:>10}{block['exact_match']:>8.1f}{block['f1']:>8.1f}"
            f"{block['answered']:>9.1f}%{block['paragraph_first']:>10.1f}%"
        )

    row("overall", figures["overall"])
    row("answerable", figures["answerable"])
    row("unanswerable", figures["unanswerable"])
    for kind, block in figures["by_type"].items():
        row(f"  {kind}", block)
    lines.append(f"time per question: {figures['ms_per_question']:.1f} ms")
    return "\n".join(lines)
