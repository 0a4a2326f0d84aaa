"""Evaluation: ask every question of a SQuAD-format file and score the answers.

For each article a fresh knowledge base is built from that article's paragraphs only;
the bot is never told which paragraph holds the answer. Scores follow the official
SQuAD evaluation (Rajpurkar et al., 2016): answers are normalised (lower case, no
punctuation, no articles a/an/the, single spaces), exact match and token F1 are the
maximum over the gold answers, and a question without gold answers (SQuAD 2.0) is
right only when the bot gives no answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answering.bot import Bot
from ..answering.question import question_word
from ..answering.ranker import Ranker
from ..files import compose_yaml, read_text, yaml_value
from ..language.tokens import tokenize
from ..model import KnowledgeError, Paragraph, QuestionError, Source
from .metrics import exact_match, f1_score

# Each article is also asked every third question of the next article, which it does not answer.
CROSS_ARTICLE_EVERY = 3
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
    best: str = ""  # the best candidate, answered or not
    probability: float = 0.0  # how likely the bot judged it answerable

    @property
    def answerable(self) -> bool:
        """True when the question has gold answers."""
        return bool(self.golds)


# The largest SQuAD file read (the full v2.0 training set is about 40 MB).
MAX_SQUAD_BYTES = 256 * 1024 * 1024


def load_squad(path: Path) -> list[Article]:
    """Read a SQuAD v1.1 or v2.0 JSON file; KnowledgeError says what is wrong with one
    that cannot be used (unreadable, not JSON, or a value of the wrong type)."""
    text = read_text(path, KnowledgeError, MAX_SQUAD_BYTES)
    try:
        data = json.loads(text)
        articles = [_article(entry) for entry in _list(_field(data, "data"), "data")]
    except RecursionError:
        raise KnowledgeError(f"{path}: not a SQuAD JSON file (nested too deeply)") from None
    except (ValueError, _WrongShape) as error:
        raise KnowledgeError(f"{path}: not a SQuAD JSON file ({error})") from None
    if not articles:
        raise KnowledgeError(f"{path}: holds no articles")
    return articles


class _WrongShape(Exception):
    """A value in a SQuAD file that is not of the kind the format says."""


def _field(value: object, key: str, kind: type | tuple[type, ...] = object) -> Any:
    if not isinstance(value, dict) or key not in value:
        raise _WrongShape(f"'{key}' is missing")
    found = value[key]
    if not isinstance(found, kind) or isinstance(found, bool):
        raise _WrongShape(f"'{key}' has the wrong type")
    return found


def _list(value: object, key: str) -> list[Any]:
    if not isinstance(value, list):
        raise _WrongShape(f"'{key}' must be a list")
    return value


def _article(entry: object) -> Article:
    title = (
        _field(entry, "title", str) if isinstance(entry, dict) and "title" in entry else "untitled"
    )
    paragraphs: list[str] = []
    questions: list[tuple[str, str, tuple[str, ...], int]] = []
    for number, paragraph in enumerate(_list(_field(entry, "paragraphs"), "paragraphs")):
        paragraphs.append(_field(paragraph, "context", str))
        for qa in _list(_field(paragraph, "qas"), "qas"):
            impossible = isinstance(qa, dict) and qa.get("is_impossible") is True
            answers = [] if impossible else _list(_field(qa, "answers"), "answers")
            golds = tuple(_field(a, "text", str) for a in answers)
            question_id = _field(qa, "id", (str, int))
            questions.append((str(question_id), _field(qa, "question", str), golds, number))
    return Article(title, tuple(paragraphs), tuple(questions))


def article_bot(article: Article, ranker: Ranker | None = None) -> Bot:
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
    return Bot.from_sources([source], ranker)


def question_type(question: str) -> str:
    """The question's type by its question word: who, when, how many (or much), what, ..."""
    word = question_word(tuple(t.lower for t in tokenize(question)))
    return "how many" if word == "how much" else word


def load_near_miss(path: Path) -> list[dict[str, str]]:
    """Read a near-miss file: a YAML list of entries with ``article`` and ``question``."""
    root = compose_yaml(path, KnowledgeError)
    entries = yaml_value(root, path, KnowledgeError) if root is not None else []
    if not isinstance(entries, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("article"), str)
        and isinstance(e.get("question"), str)
        for e in entries
    ):
        raise KnowledgeError(f"{path}: expected a list of entries with 'article' and 'question'")
    return [{"article": e["article"], "question": e["question"]} for e in entries]


def unanswerable_questions(
    articles: list[Article],
    near_miss: list[dict[str, str]] | None = None,
    every: int = CROSS_ARTICLE_EVERY,
) -> list[list[str]]:
    """Questions each article does not answer, by article position: every ``every``-th
    question of the next article (it is about something else), and the near-miss
    questions written for it (``article`` and ``question`` entries)."""
    asked: list[list[str]] = [[] for _ in articles]
    for number in range(len(articles)):
        if len(articles) > 1 and every:
            other = articles[(number + 1) % len(articles)]
            asked[number] += [q for _, q, _, _ in other.questions[::every]]
    titles = {a.title.lower(): n for n, a in enumerate(articles)}
    for entry in near_miss or []:
        found = titles.get(str(entry.get("article", "")).lower())
        if found is not None:
            asked[found].append(str(entry["question"]))
    return asked


def evaluate(
    articles: list[Article],
    limit: int | None = None,
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    ranker: Ranker | None = None,
    unanswerable: dict[str, list[str]] | None = None,
) -> list[Scored]:
    """Ask every question (or the first ``limit``) of the articles (or the one titled
    ``title``) and score the answers; ``unanswerable`` adds questions, by article title,
    that the article does not answer."""
    chosen = [a for a in articles if title is None or a.title.lower() == title.lower()]
    extra = unanswerable or {}
    total = sum(len(a.questions) + len(extra.get(a.title, ())) for a in chosen)
    if limit is not None:
        total = min(total, limit)
    results: list[Scored] = []
    for article in chosen:
        if len(results) >= total:
            break
        if not any(text.strip() for text in article.paragraphs):
            continue  # an article without text has nothing to ask about
        bot = article_bot(article, ranker)
        asked = list(article.questions) + [
            (f"{article.title}/unanswerable/{n}", q, (), -1)
            for n, q in enumerate(extra.get(article.title, ()))
        ]
        for qid, question, golds, paragraph in asked:
            if len(results) >= total:
                break
            results.append(_ask(bot, article.title, qid, question, golds, paragraph))
            if progress:
                progress(len(results), total)
    return results


def _ask(
    bot: Bot, title: str, qid: str, question: str, golds: tuple[str, ...], paragraph: int
) -> Scored:
    started = time.perf_counter()
    try:
        answer = bot.ask(question)
        seconds = time.perf_counter() - started
        best = answer.text or (answer.considered[0].candidate.text if answer.considered else "")
        probability = (
            1.0 if answer.text and answer.answerable is None else (answer.answerable or 0.0)
        )
        ranked = bot.rank_passages(question, 1)
        first = bool(ranked) and ranked[0][0].paragraph == paragraph + 1
    except QuestionError:  # an unaskable question counts as no answer
        answer, best, probability = None, "", 0.0
        seconds, first = time.perf_counter() - started, False
    prediction = (answer.text or "") if answer else ""
    return Scored(
        qid,
        title,
        question,
        question_type(question),
        golds,
        prediction,
        exact_match(prediction, golds),
        f1_score(prediction, golds),
        first,
        seconds,
        best,
        probability,
    )


def summary(results: list[Scored]) -> dict[str, object]:
    """Overall, answerable, unanswerable and per-type figures, and the trade-off curve."""

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
    unanswerable = [r for r in results if not r.answerable]
    return {
        "overall": block(results),
        "answerable": block(answerable),
        "unanswerable": block(unanswerable),
        "by_type": {
            kind: block([r for r in answerable if r.kind == kind]) for kind in QUESTION_TYPES
        },
        "answered_answerable": _share(answerable, lambda r: bool(r.prediction)),
        "declined_unanswerable": _share(unanswerable, lambda r: not r.prediction),
        "curve": trade_off_curve(results),
        "ms_per_question": 1000 * sum(r.seconds for r in results) / max(1, len(results)),
    }


def _share(items: list[Scored], test: Callable[[Scored], bool]) -> float | None:
    return 100 * sum(1 for r in items if test(r)) / len(items) if items else None


def trade_off_curve(results: list[Scored], steps: int = 10) -> list[dict[str, float]]:
    """For thresholds 0.0, 0.1, ... 0.9 on the answerable probability: the share of
    answerable questions answered, the EM and F1 over them (a declined one scores 0),
    and the share of unanswerable questions declined."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    curve = []
    for step in range(steps):
        threshold = step / steps
        answered = [r for r in answerable if r.best and r.probability >= threshold]
        declined = [r for r in unanswerable if not r.best or r.probability < threshold]
        total = max(1, len(answerable))
        curve.append(
            {
                "threshold": threshold,
                "answered": 100 * len(answered) / total if answerable else 0.0,
                "exact_match": 100 * sum(exact_match(r.best, r.golds) for r in answered) / total,
                "f1": 100 * sum(f1_score(r.best, r.golds) for r in answered) / total,
                "declined": 100 * len(declined) / len(unanswerable) if unanswerable else 0.0,
            }
        )
    return curve


def format_summary(figures: dict[str, Any]) -> str:
    """The figures as a small table."""
    lines = [f"{'':<14}{'questions':>10}{'EM':>8}{'F1':>8}{'answered':>10}{'para. 1st':>11}"]

    def row(name: str, block: dict[str, Any]) -> None:
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
    if figures["answered_answerable"] is not None:
        lines.append(f"answerable questions answered: {figures['answered_answerable']:.1f}%")
    if figures["declined_unanswerable"] is not None:
        lines.append(f"unanswerable questions declined: {figures['declined_unanswerable']:.1f}%")
    lines.append(f"time per question: {figures['ms_per_question']:.1f} ms")
    return "\n".join(lines)


def format_curve(figures: dict[str, Any]) -> str:
    """The trade-off curve as a table: answering more answerable questions means
    declining fewer unanswerable ones."""
    lines = [f"{'threshold':>9}{'answered':>10}{'EM':>7}{'F1':>7}{'declined':>10}"]
    for point in figures["curve"]:
        lines.append(
            f"{point['threshold']:>9.1f}{point['answered']:>9.1f}%{point['exact_match']:>7.1f}"
            f"{point['f1']:>7.1f}{point['declined']:>9.1f}%"
        )
    return "\n".join(lines)
