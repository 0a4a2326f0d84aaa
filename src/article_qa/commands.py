"""Slash commands of the chat, registered in one table that ``/help`` is built from."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .facts import facts_matching
from .presentation import Fragments, format_fact, safe, why_fragments

if TYPE_CHECKING:
    from .bot import Bot
    from .repl import ChatState


@dataclass(frozen=True)
class Command:
    """One slash command: its name, how to call it, what it does, and its handler."""

    name: str
    usage: str
    help: str
    run: Callable[[ChatState, str], Fragments]


def _help(state: ChatState, argument: str) -> Fragments:
    out: Fragments = [("class:title", "Ask a question in plain English, or use a command:\n")]
    for command in COMMANDS.values():
        out.append(("class:answer", f"  {command.usage:<16}"))
        out.append(("", f" {command.help}\n"))
    out.append(
        ("class:dim", "Follow-ups work: after a question, try 'and last year?', 'when?' or 'who said that?'.\n"
                      "Ctrl-C clears the line; Ctrl-D or /quit leaves.\n")
    )  # fmt: skip
    return out


def sources_fragments(bot: Bot) -> Fragments:
    """Each source: id, title, passages, and the paragraphs excluded with why."""
    out: Fragments = []
    for source in bot.sources:
        used = sum(1 for p in bot.passages if p.source_id == source.id)
        reasons = sorted({p.excluded_why for p in source.paragraphs if p.excluded})
        excluded = sum(1 for p in source.paragraphs if p.excluded)
        out.append(("class:answer", safe(source.id)))
        out.append(("", f"  {safe(source.title)}\n"))
        why = f" ({safe(', '.join(reasons))})" if reasons else ""
        out.append(("class:dim", f"  {used} passages, {excluded} paragraphs excluded{why}\n"))
    return out


def _sources(state: ChatState, argument: str) -> Fragments:
    return sources_fragments(state.bot)


def _source(state: ChatState, argument: str) -> Fragments:
    wanted = argument.strip()
    if not wanted:
        return [("class:error", "Usage: /source ID (a source id, ID#N for its passage N, or N)\n")]
    source_id, _, number = wanted.partition("#")
    if source_id.isdigit() and not number:
        source_id, number = state.bot.sources[0].id, source_id
    passages = [
        p
        for p in state.bot.passages
        if p.source_id == source_id and (not number or str(p.number) == number)
    ]
    if not passages:
        known = ", ".join(s.id for s in state.bot.sources)
        return [("class:error", f"No passage {safe(wanted)}. Sources: {safe(known)}\n")]
    out: Fragments = []
    for passage in passages:
        out.append(("class:citation", f"{passage.citation} (line {passage.line})\n"))
        out.append(("", f"  {safe(passage.text)}\n"))
    return out


def _facts(state: ChatState, argument: str) -> Fragments:
    found = facts_matching(state.bot.facts, argument)
    if not found:
        return [("class:dim", f"No fact holds {safe(argument)!r}.\n")]
    return [("", format_fact(fact) + "\n") for fact in found]


def _why(state: ChatState, argument: str) -> Fragments:
    if state.last_answer is None:
        return [("class:dim", "Nothing asked yet: /why explains the last answer.\n")]
    return why_fragments(state.last_answer)


def _reset(state: ChatState, argument: str) -> Fragments:
    state.conversation.reset()
    state.last_answer = None
    return [("class:dim", "Conversation forgotten; the next question starts afresh.\n")]


def _add(state: ChatState, argument: str) -> Fragments:
    from .ingest import add_source, read_input
    from .repl import add_and_reload

    path = Path(argument.strip()).expanduser()
    if not argument.strip():
        return [("class:error", "Usage: /add PATH (a .txt, .md or .html file)\n")]

    def adding():
        text, kind = read_input(path)
        return add_source(state.bot.folder, text, kind, path.stem)

    return add_and_reload(state, adding)


def _paste(state: ChatState, argument: str) -> Fragments:
    state.pasting, state.paste_title = [], argument.strip() or None
    return [("class:dim", "Paste the text; end it with a line holding only '.'.\n")]


def _quit(state: ChatState, argument: str) -> Fragments:
    state.done = True
    return []


COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command("help", "/help", "this list", _help),
        Command("sources", "/sources", "the loaded sources", _sources),
        Command("source", "/source ID", "a passage in full (ID, ID#N, or N)", _source),
        Command("facts", "/facts [FILTER]", "the facts found, optionally filtered", _facts),
        Command("why", "/why", "how the last answer was found", _why),
        Command("add", "/add PATH", "add a source from a .txt, .md or .html file", _add),
        Command("paste", "/paste [TITLE]", "add a source by pasting its text", _paste),
        Command("reset", "/reset", "forget the conversation so far", _reset),
        Command("quit", "/quit", "leave", _quit),
    )
}


def run_command(state: ChatState, line: str) -> Fragments:
    """Run one slash command line; an unknown command gets a hint, not an error."""
    name, _, argument = line[1:].partition(" ")
    command = COMMANDS.get(name.lower())
    if command is None:
        close = difflib.get_close_matches(name.lower(), COMMANDS, n=1)
        hint = f" Did you mean /{close[0]}?" if close else ""
        return [("class:error", f"Unknown command /{safe(name)}.{hint} Type /help for the list.\n")]
    return command.run(state, argument)
