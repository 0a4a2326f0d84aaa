"""article-qa: ask questions about a news article, offline, and get short cited answers.

The names below load on first use, so that ``article-qa`` starts (and Ctrl-C is
caught) before the heavier libraries are imported.
"""

from __future__ import annotations

from .version import __version__

# Not ``typing.TYPE_CHECKING``: importing typing takes 20 ms, a window in which Ctrl-C
# would still print a traceback (type checkers treat this name the same way).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from .answering.bot import Bot
    from .model import Answer, Citation, KnowledgeError, QuestionError

__all__ = ["Answer", "Bot", "Citation", "KnowledgeError", "QuestionError", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Bot":
        from .answering.bot import Bot

        return Bot
    if name in ("Answer", "Citation", "KnowledgeError", "QuestionError"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'article_qa' has no attribute {name!r}")
