"""Shared fixtures: the bundled bot (loaded once), and user folders that are never the
developer's own."""

from __future__ import annotations

import pytest

from article_qa import Bot
from support import ROOT


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot over the bundled knowledge (built without the user's cache: a session
    fixture is made before the per-test folders are set)."""
    return Bot.load(ROOT / "knowledge", use_cache=False)
