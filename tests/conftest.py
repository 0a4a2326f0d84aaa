"""Shared fixtures: the bundled bot (loaded once) and helpers for writing knowledge folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot over the bundled knowledge."""
    return Bot.load(ROOT / "knowledge")


@pytest.fixture(autouse=True)
def _no_knowledge_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # a developer's own $ARTICLE_QA_KNOWLEDGE must not change what the tests see
    monkeypatch.delenv("ARTICLE_QA_KNOWLEDGE", raising=False)


def write_source(folder: Path, name: str, body: str, title: str = "A test story") -> Path:
    """Write one source file in the documented format and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
    return path
