"""Tab completion in the chat: commands with what they do, source ids after
``/source``, file paths after ``/add``, and elsewhere every name the knowledge holds,
found by any of its words ("Busk" offers "Buskovick" and "Danette Buskovick")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from ..answering.bot import Bot
from .commands import COMMANDS
from .terminal import safe

NAME_KINDS = ("person", "organisation", "quantity")
ADDABLE = (".txt", ".md", ".html", ".htm")
_TYPED_WORD_RE = re.compile(r"[\w.'-]+$")


class ChatCompleter(Completer):
    """Completes what the chat's line holds so far (see the module's description)."""

    def __init__(self, current_bot: Callable[[], Bot]):
        self.current_bot = current_bot
        self._names_of: tuple[int, list[tuple[str, str]]] | None = None
        self._paths = PathCompleter(expanduser=True, file_filter=_addable)

    @property
    def names(self) -> list[tuple[str, str]]:
        """Each name of the bot in use, with its kind (made again after an /add)."""
        bot = self.current_bot()
        if self._names_of is None or self._names_of[0] != id(bot):
            found = {
                fact.subject: fact.kind
                for fact in reversed(bot.facts)
                if fact.kind in NAME_KINDS and fact.subject.strip()
            }
            self._names_of = (id(bot), sorted(found.items(), key=lambda item: item[0].lower()))
        return self._names_of[1]

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        """What may follow the text before the cursor."""
        text = document.text_before_cursor
        if text.startswith("/") and " " not in text:
            yield from _commands(text)
        elif text.lower().startswith("/source "):
            yield from self._source_ids(text[len("/source ") :])
        elif text.lower().startswith("/add "):
            yield from self._addable_paths(text[len("/add ") :], complete_event)
        elif not text.startswith("/"):
            yield from _names(self.names, text)

    def _source_ids(self, typed: str) -> Iterator[Completion]:
        for source in self.current_bot().sources:
            if source.id.startswith(typed.strip().lower()):
                yield Completion(
                    source.id,
                    start_position=-len(typed.lstrip()),
                    display_meta=safe(source.title),
                )

    def _addable_paths(self, typed: str, event: CompleteEvent) -> Iterator[Completion]:
        for found in self._paths.get_completions(Document(typed, len(typed)), event):
            yield Completion(
                found.text,
                start_position=found.start_position,
                display=safe(found.display_text),
                display_meta="folder" if found.display_text.endswith("/") else "file",
            )


def _commands(typed: str) -> Iterator[Completion]:
    for command in COMMANDS.values():
        name = f"/{command.name}"
        if name.startswith(typed.lower()):
            yield Completion(name, start_position=-len(typed), display_meta=command.help)


def _names(names: Iterable[tuple[str, str]], text: str) -> Iterator[Completion]:
    """Names one of whose words starts with the word being typed: the whole name, and
    the matching word alone ("Buskovick") when it is not the first; when the words
    before it are already typed, just the rest."""
    match = _TYPED_WORD_RE.search(text)
    typed = match.group() if match else ""
    if len(typed) < 2:
        return
    before = text[: len(text) - len(typed)].lower()
    offered: set[str] = set()
    for name, kind in names:
        words = name.split()
        for index, word in enumerate(words):
            if not word.lower().startswith(typed.lower()) or word == typed:
                continue
            lead = " ".join(words[:index]).lower()
            typed_lead = index > 0 and before.rstrip().endswith(lead) and before.endswith(" ")
            choices = [word] if typed_lead else [name, word] if index else [name]
            for choice in choices:
                if choice not in offered:
                    offered.add(choice)
                    yield Completion(choice, start_position=-len(typed), display_meta=kind)


def _addable(name: str) -> bool:
    path = Path(name)
    return path.is_dir() or path.suffix.lower() in ADDABLE
