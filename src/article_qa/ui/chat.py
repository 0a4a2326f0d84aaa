"""The chat: a prompt-toolkit REPL on a terminal, one question per line otherwise.

``handle_line`` is the whole logic of a turn and needs no terminal; ``run_repl`` wraps
it in a ``PromptSession`` (history kept across runs, suggestions, completion, a
toolbar) and ``run_plain`` in a loop over standard input.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import create_app_session
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.output import ColorDepth, create_output
from prompt_toolkit.styles import Style

from ..answering.bot import Bot
from ..answering.conversation import FOLLOW_UP_WITHOUT_CONTEXT, take_turn
from ..files import data_dir
from ..model import QuestionError
from .commands import COMMANDS, ChatState, collect_paste, run_command
from .presentation import HANG, Fragments, answer_fragments, plain
from .references import main_source
from .terminal import NOT_UTF8, raw_stream, safe
from .user_knowledge import user_knowledge_dir

STYLE = Style.from_dict(
    {
        "answer": "bold",
        "working": "",
        "highlight": "bold underline",
        "sentence": "",
        "citation": "ansicyan",
        "dim": "ansibrightblack",
        "noanswer": "bold ansiyellow",
        "error": "ansired",
        "title": "bold",
        "bottom-toolbar": "noreverse ansibrightblack",
    }
)


# Typed without the slash, these words do what they say (never asked as questions).
BARE_COMMANDS = {"help": "/help", "exit": "/quit", "quit": "/quit"}


def handle_line(state: ChatState, line: str) -> Fragments:
    """One turn: a slash command, or a question resolved against the conversation and
    answered. Returns what to show; sets ``state.done`` when the user leaves."""
    if state.pasting is not None:
        return collect_paste(state, line)
    text = line.strip()
    if not text:
        return []
    if text.startswith("/"):
        return run_command(state, text)
    if bare := BARE_COMMANDS.get(text.lower().rstrip(".!?;:, ")):
        return run_command(state, bare)
    try:
        turn = take_turn(state.bot, state.conversation, text)
    except QuestionError as error:
        return [("class:error", f"{error}\n")]
    answer = turn.answer
    if answer.no_answer_reason == FOLLOW_UP_WITHOUT_CONTEXT and not answer.analysis:
        return [
            ("class:noanswer", f"No answer: {FOLLOW_UP_WITHOUT_CONTEXT}."),
            (
                "class:dim",
                "\n  Ask a full question first; a follow-up such as 'and last year?'"
                " or 'when?' comes after it.\n",
            ),
        ]
    state.last_answer = answer
    understood = turn.resolved if turn.rewritten else None
    covers = None if answer.found else state.bot.knowledge.topics()
    return [*answer_fragments(answer, understood, covers), ("", "\n")]


def banner(bot: Bot) -> Fragments:
    """The first lines of a chat: what is loaded (the article first) and how to get
    help."""
    stats = bot.stats
    main = main_source(bot.sources)
    ordered = sorted(bot.sources, key=lambda source: source is not main)
    titles = ", ".join(safe(s.title) for s in ordered[:2])
    more = f" and {len(ordered) - 2} more" if len(ordered) > 2 else ""
    out: Fragments = [
        ("class:title", "article-qa  "),
        HANG,
        ("", f"{titles}{more}\n"),
        (
            "class:dim",
            f"  {stats.sources} source(s), {stats.passages} passages, {stats.facts} facts",
        ),
    ]
    if bot.folder is not None and bot.folder == user_knowledge_dir():
        out += [("class:dim", " in your folder "), ("class:dim", safe(str(bot.folder)))]
    out.append(("class:dim", "\nAsk a question, or /help for commands. Ctrl-D or /quit leaves.\n"))
    return out


def run_plain(bot: Bot, lines: Iterable[str | None], out: TextIO) -> int:
    """The chat without a terminal: one line in, plain text out, context kept. A line
    that is not UTF-8 (None) is refused in one line on standard error and the rest
    still answered; the exit code is then 2."""
    state = ChatState(bot)
    status = 0
    for number, line in enumerate(lines, start=1):
        if line is None:
            print(f"article-qa: line {number}: {NOT_UTF8}", file=sys.stderr)
            status = 2
            continue
        shown = plain(handle_line(state, line))
        if shown:
            out.write(shown if shown.endswith("\n") else shown + "\n")
            out.flush()
        if state.done:
            break
    return status


def run_repl(bot: Bot, state: ChatState | None = None) -> int:
    """The interactive chat on a terminal (``state`` may be given to inspect it after)."""
    with _terminal_output():
        return _repl(bot, state or ChatState(bot))


@contextlib.contextmanager
def _terminal_output() -> Iterator[None]:
    """prompt-toolkit writes to the terminal itself (with its own escape sequences for
    colour), so it gets the stream under the output sanitiser; every text the chat hands
    it is sanitised first (``_printer``)."""
    raw = raw_stream(sys.stdout)
    if raw is sys.stdout:
        yield
        return
    with create_app_session(output=create_output(stdout=raw)):
        yield


def _repl(bot: Bot, state: ChatState) -> int:
    colour = _colour_wanted()
    show = _printer(colour)
    history, warning = _history()
    if warning:
        show([("class:error", f"{warning}\n")])
    session: PromptSession[str] = PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(lambda: state.bot),
        complete_while_typing=False,
        bottom_toolbar=lambda: _toolbar(state.bot, state),
        style=STYLE,
        color_depth=None if colour else ColorDepth.MONOCHROME,
    )
    show(banner(bot))
    while not state.done:
        try:
            line = session.prompt("paste> " if state.pasting is not None else "? ")
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            break
        show(handle_line(state, line))
    return 0


def _printer(colour: bool) -> Callable[[Fragments], None]:
    def show(fragments: Fragments) -> None:
        if not fragments:
            return
        if colour:
            clean = [(style, safe(text)) for style, text in fragments]
            print_formatted_text(FormattedText(clean), style=STYLE, end="")
        else:
            sys.stdout.write(plain(fragments))
            sys.stdout.flush()

    return show


def _colour_wanted() -> bool:
    """Colours follow the terminal: none under NO_COLOR or on a dumb terminal."""
    return "NO_COLOR" not in os.environ and os.environ.get("TERM", "") not in ("dumb", "")


def history_path() -> Path:
    """Where the chat keeps its history: the user's data folder."""
    return data_dir() / "history"


def _history() -> tuple[History, str | None]:
    """The history kept across runs, or one in memory (with a warning) when the data
    folder cannot be used."""
    path = history_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # private to the user, and never through a symlink
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags, 0o600)
        try:
            if os.fstat(descriptor).st_uid == getattr(os, "getuid", lambda: -1)():
                os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)
        return FileHistory(str(path)), None
    except OSError as error:
        return InMemoryHistory(), f"History is not kept this time ({path}: {error.strerror})."


def _toolbar(bot: Bot, state: ChatState) -> FormattedText:
    stats = bot.stats
    turns = len(state.conversation.turns)
    return FormattedText(
        [
            (
                "class:bottom-toolbar",
                f" {stats.sources} source(s) · {stats.passages} passages · {stats.facts} facts"
                f" · {turns} turn(s) · /help · Ctrl-D quits ",
            ),
        ]
    )


class ChatCompleter(Completer):
    """Completes slash commands at the start of a line, and names from the sources
    (people, organisations, counted things) elsewhere."""

    def __init__(self, current_bot: Callable[[], Bot]):
        self.commands = [f"/{name}" for name in COMMANDS]
        self.current_bot = current_bot
        self._names_of: tuple[int, list[str]] | None = None

    @property
    def names(self) -> list[str]:
        """Names from the sources of the bot in use (made again after an /add)."""
        bot = self.current_bot()
        if self._names_of is None or self._names_of[0] != id(bot):
            kinds = ("person", "organisation", "quantity")
            names = {fact.subject for fact in bot.facts if fact.kind in kinds}
            self._names_of = (id(bot), sorted(names, key=str.lower))
        return self._names_of[1]

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        """Commands after a "/" at the start; names from the sources elsewhere."""
        text = document.text_before_cursor
        if text.startswith("/") and " " not in text:
            for command in self.commands:
                if command.startswith(text.lower()):
                    yield Completion(command, start_position=-len(text))
            return
        word = document.get_word_before_cursor(WORD=True)
        if len(word) < 2:
            return
        for name in self.names:
            if name.lower().startswith(word.lower()) and name != word:
                yield Completion(name, start_position=-len(word))
