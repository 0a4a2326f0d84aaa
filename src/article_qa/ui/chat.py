"""The chat: a REPL on a terminal, one question per line otherwise.

``handle_line`` is the whole logic of a turn and needs no terminal. ``run_repl`` reads
lines from the prompt-toolkit session of ``prompt.py`` (history kept across runs,
suggestions, completion, a toolbar, input over several lines), or on a dumb terminal
from the plain editor of ``line_editor.py``, and shows each turn through ``Screen``
(wrapped to the width, paged when tall). ``run_plain`` loops over standard input.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from prompt_toolkit.application import create_app_session
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.output import create_output

from ..answering.bot import Bot
from ..answering.conversation import FOLLOW_UP_WITHOUT_CONTEXT, take_turn
from ..files import data_dir
from ..model import QuestionError
from .commands import ChatState, collect_paste, run_command
from .line_editor import read_lines
from .presentation import HANG, Fragments, answer_fragments, plain
from .prompt import prompt_text, prompted_lines
from .references import main_source
from .screen import Screen, terminal_kind
from .terminal import NOT_UTF8, raw_stream, safe
from .user_knowledge import user_knowledge_dir

# Typed without the slash, these words do what they say (never asked as questions).
BARE_COMMANDS = {"help": "/help", "exit": "/quit", "quit": "/quit"}


def handle_line(state: ChatState, line: str) -> Fragments:
    """One turn: a slash command, or a question resolved against the conversation and
    answered. Returns what to show; sets ``state.done`` when the user leaves."""
    if "\n" in line:
        if state.pasting is not None:  # pasted text: each line, the "." one ends it
            return [shown for part in line.split("\n") for shown in handle_line(state, part)]
        line = " ".join(line.split())  # one question typed over several lines
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
    it is sanitised first (``Screen.show``)."""
    raw = raw_stream(sys.stdout)
    if raw is sys.stdout:
        yield
        return
    with create_app_session(output=create_output(stdout=raw)):
        yield


def _repl(bot: Bot, state: ChatState) -> int:
    screen = Screen(terminal_kind())
    history, warning = _history()
    if warning:
        screen.show([("class:error", f"{warning}\n")])
    screen.show(banner(bot))
    if screen.kind == "dumb":
        lines = read_lines(lambda: prompt_text(state), history)
    else:
        lines = prompted_lines(state, screen, history)
    for line in lines:
        screen.show(handle_line(state, line))
        if state.done:
            break
    return 0


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
