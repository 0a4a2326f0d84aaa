"""Every question set under tests/questions/ runs as one test per case."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from article_qa import Bot
from article_qa.conversation import Conversation
from article_qa.spans import parse_number

QUESTIONS_DIR = Path(__file__).parent / "questions"
KNOWN_KEYS = {
    "ask",
    "answer",
    "contains",
    "number",
    "working",
    "no_answer",
    "cites",
    "understood_as",
}
_bots: dict[Path, Bot] = {}


def load_cases() -> list:
    params = []
    for path in sorted(QUESTIONS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        knowledge = (path.parent / data["knowledge"]).resolve() if "knowledge" in data else None
        for number, case in enumerate(data["cases"], start=1):
            turns = case.get("conversation", [case])
            for turn in turns:
                unknown = set(turn) - KNOWN_KEYS
                assert not unknown, f"{path.name} case {number}: unknown keys {sorted(unknown)}"
            name = " / ".join(turn["ask"] for turn in turns)
            params.append(pytest.param(knowledge, turns, id=f"{path.stem}:{name}"))
    return params


def bot_for(knowledge: Path | None, bundled: Bot) -> Bot:
    if knowledge is None:
        return bundled
    if knowledge not in _bots:
        _bots[knowledge] = Bot.load(knowledge)
    return _bots[knowledge]


def normalise(text: str) -> str:
    """Lower case, no punctuation, no articles, single spaces (the SQuAD normalisation)."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in string.punctuation)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


@pytest.mark.parametrize(("knowledge", "turns"), load_cases())
def test_case(bot: Bot, knowledge: Path | None, turns: list[dict]) -> None:
    """One case, or one conversation whose turns share context."""
    bot = bot_for(knowledge, bot)
    conversation = Conversation()
    for case in turns:
        resolved = conversation.resolve(case["ask"])
        if "understood_as" in case:
            assert resolved == case["understood_as"]
        answer = bot.ask(resolved)
        conversation.record(case["ask"], resolved, answer)
        check(bot, case, answer)


def check(bot: Bot, case: dict, answer) -> None:
    got = f"{answer.text!r} from {answer.sentence!r} ({answer.no_answer_reason})"
    if case.get("no_answer"):
        assert not answer.found, f"expected no answer, got {got}"
        assert answer.no_answer_reason
        return
    assert answer.found, f"expected an answer, got none: {answer.no_answer_reason}"
    if "answer" in case:
        assert normalise(answer.text) == normalise(str(case["answer"])), got
    if "contains" in case:
        assert normalise(str(case["contains"])) in normalise(answer.text), got
    if "number" in case:
        value = _number_in(answer.text)
        assert value is not None and abs(value - float(case["number"])) < 0.5, got
    if "working" in case:
        assert answer.working and case["working"] in answer.working, (
            f"{got} working {answer.working!r}"
        )
    if "cites" in case:
        assert answer.citation is not None
        assert answer.citation.paragraph == case["cites"]["paragraph"], got
        assert answer.sentence and answer.sentence in _paragraph_text(bot, answer)
        if "source" in case["cites"]:
            assert answer.citation.source_id == case["cites"]["source"], got


def _number_in(text: str) -> float | None:
    """The number an answer states, in digits ("about 2.0 times") or words ("a dozen")."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if digits:
        return float(digits.group().replace(",", ""))
    return parse_number(text.split())


def _paragraph_text(bot: Bot, answer) -> str:
    return next(
        p.text
        for p in bot.passages
        if p.source_id == answer.citation.source_id and p.number == answer.citation.paragraph
    )


def test_the_seed_set_is_large_enough() -> None:
    cases = [turn for p in load_cases() if p.values[0] is None for turn in p.values[1]]
    assert len(cases) >= 40
    assert sum(1 for c in cases if c.get("no_answer")) >= 8
