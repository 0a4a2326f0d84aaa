"""The chat's prompt on a terminal: a prompt-toolkit session with history kept across
runs, suggestions, completion, Up filtered by what is typed, a toolbar that fits,
and input over several lines.

A line goes on past Enter after Meta-Enter (Esc then Enter) or when it ends in a
backslash. A paste of several lines at the prompt is not one question: each pasted
line is asked in turn (the chat says so); at the ``paste>`` prompt of ``/paste`` the
lines are the text, up to the line holding only ".".
"""

from __future__ import annotations

from collections.abc import Iterator

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import History
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from ..answering.bot import Bot
from .commands import ChatState
from .completion import ChatCompleter
from .screen import Screen
from .terminal import safe

CONTINUATION = "... "


def prompt_text(state: ChatState) -> str:
    """The prompt: "paste> " while /paste collects text, else "? "."""
    return "paste> " if state.pasting is not None else "? "


def prompted_lines(state: ChatState, screen: Screen, history: History) -> Iterator[str]:
    """The lines the user enters, until Ctrl-D; Ctrl-C clears the line."""
    pasted: list[str] = []
    session: PromptSession[str] = PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(lambda: state.bot),
        complete_while_typing=False,
        enable_history_search=True,  # Up recalls only lines that start as typed
        bottom_toolbar=lambda: toolbar(state.bot, state),
        style=screen.style,
        color_depth=screen.depth,
        key_bindings=_bindings(pasted),
        prompt_continuation=CONTINUATION,
    )
    while not state.done:
        try:
            line = session.prompt(prompt_text(state))
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        if pasted:
            pasted.clear()
            yield from _each_pasted_line(state, screen, history, line)
        else:
            yield line


def _each_pasted_line(
    state: ChatState, screen: Screen, history: History, text: str
) -> Iterator[str]:
    """The lines of a paste one by one: at the question prompt each is shown as asked."""
    lines = text.rstrip("\n").split("\n")
    if state.pasting is None:
        screen.show([("class:dim", f"Pasted {len(lines)} lines: asking each in turn.\n")])
    for line in lines:
        if state.done:
            return
        if state.pasting is None and line.strip():
            screen.show([("class:dim", prompt_text(state)), ("", f"{safe(line)}\n")])
            history.append_string(line)
        yield line


def _bindings(pasted: list[str]) -> KeyBindings:
    """Meta-Enter and a final backslash continue the line; a paste of several lines
    ends the prompt with the pasted text, marked in ``pasted``."""
    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _new_line(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    ends_in_backslash = Condition(
        lambda: (
            get_app().current_buffer.document.text_before_cursor.endswith("\\")
            and get_app().current_buffer.document.is_cursor_at_the_end
        )
    )

    @bindings.add("enter", filter=ends_in_backslash)
    def _continue(event: KeyPressEvent) -> None:
        event.current_buffer.delete_before_cursor(1)
        event.current_buffer.insert_text("\n")

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        buffer = event.current_buffer
        if "\n" not in data.strip("\n"):
            buffer.insert_text(data.strip("\n"))
            return
        document = buffer.document
        pasted.append("yes")
        event.app.exit(result=document.text_before_cursor + data + document.text_after_cursor)

    return bindings


def toolbar(bot: Bot, state: ChatState, columns: int | None = None) -> FormattedText:
    """The bottom toolbar, shortened to fit the terminal's width (read at each redraw)."""
    if columns is None:
        columns = get_app().output.get_size().columns
    stats = bot.stats
    parts = [
        f"{stats.sources} source(s)",
        f"{stats.passages} passages",
        f"{stats.facts} facts",
        f"{len(state.conversation.turns)} turn(s)",
        "/help",
        "Ctrl-D quits",
    ]
    # the least needed go first when there is no room
    for dropped in ("passages", "facts", "source", "turn"):
        if len(" " + " · ".join(parts) + " ") <= columns:
            break
        parts = [part for part in parts if dropped not in part]
    text = (" " + " · ".join(parts) + " ")[:columns]
    return FormattedText([("class:bottom-toolbar", text)])
