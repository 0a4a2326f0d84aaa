"""Every question set under tests/questions/ runs through the product's own runner, one
test per case, so a failure names the question."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.evaluation.checking import run_case
from article_qa.evaluation.question_sets import Case, find_set_files, load_set

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
SETS = [load_set(path) for path in find_set_files([QUESTIONS_DIR])]
_bots: dict[Path, Bot] = {}


def bot_for(knowledge: Path | None, bundled: Bot) -> Bot:
    if knowledge is None:
        return bundled
    if knowledge not in _bots:
        _bots[knowledge] = Bot.load(knowledge, use_cache=False)
    return _bots[knowledge]


@pytest.mark.parametrize(
    ("knowledge", "case"),
    [pytest.param(s.knowledge, c, id=c.id) for s in SETS for c in s.cases],
)
def test_case(bot: Bot, knowledge: Path | None, case: Case) -> None:
    result = run_case(bot_for(knowledge, bot), case)
    problems = [
        f"{s.resolved!r} -> {s.answer.text!r} ({s.answer.no_answer_reason or s.answer.citation}):"
        f" {'; '.join(s.failures)}"
        for s in result.steps
        if s.failures
    ]
    assert result.passed, "\n".join(problems)
    assert not result.unchecked, "every case in tests/questions states what it expects"


def test_the_seed_set_is_large_enough() -> None:
    seed = [s for s in SETS if s.path.name == "seed-article.yaml"][0]
    assert len(seed.cases) >= 40
    assert sum(1 for c in seed.cases if c.steps[0].expected.get("no_answer")) >= 8
