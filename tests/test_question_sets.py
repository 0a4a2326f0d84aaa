"""Every question set under tests/questions/ runs through the product's own runner, one
test per case, so a failure names the question."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.checks import Case, find_set_files, load_set, run_case

QUESTIONS_DIR = Path(__file__).parent / "questions"
SETS = [load_set(path) for path in find_set_files([QUESTIONS_DIR])]
_bots: dict[Path, Bot] = {}


def bot_for(knowledge: Path | None, bundled: Bot) -> Bot:
    if knowledge is None:
        return bundled
    if knowledge not in _bots:
        _bots[knowledge] = Bot.load(knowledge)
    return _bots[knowledge]


@pytest.mark.parametrize(
    ("knowledge", "case"),
    [pytest.param(s.knowledge, c, id=c.id) for s in SETS for c in s.cases],
)
def test_case(bot: Bot, knowledge: Path | None, case: Case) -> None:
    result = run_case(bot_for(knowledge, bot), case)
    problems = [
        f"{t.resolved!r} -> {t.answer.text!r} ({t.answer.no_answer_reason or t.answer.citation}):"
        f" {'; '.join(t.failures)}"
        for t in result.turns
        if t.failures
    ]
    assert result.passed, "\n".join(problems)
    assert not result.unchecked, "every case in tests/questions states what it expects"


def test_the_seed_set_is_large_enough() -> None:
    seed = [s for s in SETS if s.path.name == "seed-article.yaml"][0]
    assert len(seed.cases) >= 40
    assert sum(1 for c in seed.cases if c.turns[0].expected.get("no_answer")) >= 8
