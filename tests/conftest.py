"""Shared fixtures: the bundled bot (loaded once) and helpers for writing knowledge folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot over the bundled knowledge (built without the user's cache: a session
    fixture is made before the per-test folders are set)."""
    folder = ROOT / "knowledge"
    return Bot(load_sources(folder), folder)


@pytest.fixture(autouse=True)
def _isolated_user_folders(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    # a developer's own $ARTICLE_QA_KNOWLEDGE, cache and history must not change what
    # the tests see, nor be changed by them
    monkeypatch.delenv("ARTICLE_QA_KNOWLEDGE", raising=False)
    monkeypatch.delenv("ARTICLE_QA_CACHE", raising=False)
    home = tmp_path_factory.getbasetemp() / "user"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


def write_source(folder: Path, name: str, body: str, title: str = "A test story") -> Path:
    """Write one source file in the documented format and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
    return path
