"""article-qa: ask questions about a news article, offline, and get short cited answers."""

from .answering.bot import Bot
from .model import Answer, Citation, KnowledgeError, QuestionError
from .version import __version__

__all__ = ["Answer", "Bot", "Citation", "KnowledgeError", "QuestionError", "__version__"]
