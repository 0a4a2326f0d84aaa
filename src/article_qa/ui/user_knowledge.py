"""Where the chat keeps sources added with ``/add`` and ``/paste`` when it runs on the
bundled article: never in the bundled folder (part of the program, and in a clone
part of the repository), but in the user's own knowledge folder,
``$XDG_DATA_HOME/article-qa/knowledge``, beside a copy of the bundled article so the
article stays answerable. Later chats on the default knowledge open that folder."""

from __future__ import annotations

import os
from pathlib import Path

from ..files import data_dir, write_atomically
from ..knowledge.curated import CURATED_FILE
from ..knowledge.sources import KNOWLEDGE_ENV, bundled_knowledge_dir, source_files
from ..model import KnowledgeError


def user_knowledge_dir() -> Path:
    """The user's own knowledge folder for the chat."""
    return data_dir() / "knowledge"


def is_bundled(folder: Path | None) -> bool:
    """True when ``folder`` is the knowledge folder that ships with article-qa."""
    if folder is None:
        return False
    try:
        return folder.resolve() == bundled_knowledge_dir().resolve()
    except OSError:
        return False


def chat_folder(explicit: str | None) -> Path | None:
    """The folder the chat opens: the one named (``--knowledge`` or
    ``$ARTICLE_QA_KNOWLEDGE``); else the user's folder once a source was added to it
    (the bundled article refreshed in it first); else None, the bundled article."""
    if explicit or os.environ.get(KNOWLEDGE_ENV):
        return Path(explicit) if explicit else None
    folder = user_knowledge_dir()
    try:
        if not folder.is_dir() or not source_files(folder):
            return None
    except KnowledgeError:
        return None
    seed(folder)
    return folder


def seed(folder: Path) -> None:
    """Make ``folder`` (created if missing) hold the bundled article as shipped, and
    the bundled curated facts unless it has a curated file of its own."""
    bundled = bundled_knowledge_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in source_files(bundled):
            _copy_if_changed(path, folder / path.name)
        curated = bundled / CURATED_FILE
        if curated.is_file() and not (folder / CURATED_FILE).exists():
            _copy_if_changed(curated, folder / CURATED_FILE)
    except OSError as error:
        raise KnowledgeError(f"cannot use {folder}: {error.strerror}") from None


def _copy_if_changed(source: Path, target: Path) -> None:
    data = source.read_bytes()
    if target.is_file() and target.read_bytes() == data:
        return
    write_atomically(target, lambda out: out.write(data))
