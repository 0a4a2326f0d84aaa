"""article-qa: ask questions about a news article, offline, and get short cited answers."""

from .answer import Answer
from .bot import Bot
from .passages import Citation
from .question import QuestionError
from .sources import KnowledgeError

__all__ = ["Answer", "Bot", "Citation", "KnowledgeError", "QuestionError"]
__version__ = "0.1.0"
