"""Test set-up for the whole repository (tests and the doctests in src): a developer's
own $ARTICLE_QA_KNOWLEDGE, cache and history must not change what the tests see, nor
be changed by them."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.delenv("ARTICLE_QA_KNOWLEDGE", raising=False)
    monkeypatch.delenv("ARTICLE_QA_CACHE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    home = tmp_path_factory.getbasetemp() / "user"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
