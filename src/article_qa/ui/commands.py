"""The chat's state and its slash commands, registered in one table that ``/help`` is
built from."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..answering.bot import Bot
from ..answering.conversation import Conversation
from ..knowledge.folder import Added, add_source
from ..knowledge.ingest import read_input
from ..model import Answer, IngestError, KnowledgeError
from .presentation import (
    HANG,
    Fragments,
    fact_fragments,
    facts_matching,
    sources_fragments,
    why_fragments,
)
from .references import ACCEPTED, main_source, parse_reference
from .terminal import safe
from .user_knowledge import is_bundled, seed, user_knowledge_dir


@dataclass
class ChatState:
    """What a chat remembers between lines."""

    bot: Bot
    conversation: Conversation = field(default_factory=Conversation)
    last_answer: Answer | None = None
    done: bool = False
    pasting: list[str] | None = None  # lines collected by /paste, until a lone "."
    paste_title: str | None = None


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
        out += [("class:answer", f"  {command.usage:<16} "), HANG, ("", f"{command.help}\n")]
    out.append(
        (
            "class:dim",
            "Follow-ups work: after a question, try 'and last year?', 'when?' or 'who said that?'.\n"
            f"/source N shows paragraph N of {_main_name(state)}.\n"
            "Tab completes commands, names, source ids and paths; Up recalls the lines that"
            " start as typed.\n"
            "Meta-Enter (Esc, Enter) or a line ending in \\ goes on to the next line; pasted"
            " lines are asked one by one.\n"
            "Ctrl-C clears the line; Ctrl-D, /quit, 'quit' or 'exit' leaves; 'help' shows this.\n",
        )
    )
    return out


def _sources(state: ChatState, argument: str) -> Fragments:
    return sources_fragments(state.bot.sources)


def _source(state: ChatState, argument: str) -> Fragments:
    if not argument.strip():
        return [("class:error", f"Usage: /source followed by {_accepted(state)}.\n")]
    reference = parse_reference(argument, state.bot.sources)
    if isinstance(reference, str):
        return [("class:error", f"{safe(reference)}\n")]
    whole = state.bot.passages.of_source(reference.source_id)
    passages = [p for p in whole if reference.paragraph in (None, p.paragraph)]
    if not passages:
        count = len(whole)
        return [
            (
                "class:error",
                f"{safe(reference.source_id)} has no paragraph {reference.paragraph}"
                f" (it has paragraphs 1 to {count}).\n",
            )
        ]
    out: Fragments = []
    for passage in passages:
        out.append(("class:citation", f"{passage.citation} (line {passage.line})\n"))
        out += [("", "  "), HANG, ("", f"{safe(passage.text)}\n")]
    return out


def _accepted(state: ChatState) -> str:
    return ACCEPTED.format(main=_main_name(state))


def _main_name(state: ChatState) -> str:
    """The source a bare paragraph number means, as help names it."""
    main = main_source(state.bot.sources)
    return safe(main.id) if main else "one source (with several loaded, name it)"


def _facts(state: ChatState, argument: str) -> Fragments:
    found = facts_matching(state.bot.facts, argument)
    if not found:
        return [("class:dim", f"No fact holds {safe(argument)!r}.\n")]
    return [fragment for fact in found for fragment in fact_fragments(fact)]


def _why(state: ChatState, argument: str) -> Fragments:
    if state.last_answer is None:
        return [("class:dim", "Nothing asked yet: /why explains the last answer.\n")]
    return why_fragments(state.last_answer)


def _reset(state: ChatState, argument: str) -> Fragments:
    state.conversation.reset()
    state.last_answer = None
    return [("class:dim", "Conversation forgotten; the next question starts afresh.\n")]


def _add(state: ChatState, argument: str) -> Fragments:
    path = Path(argument.strip()).expanduser()
    if not argument.strip():
        return [("class:error", "Usage: /add PATH (a .txt, .md or .html file)\n")]

    def adding(folder: Path) -> Added:
        text, kind = read_input(path)
        return add_source(folder, text, kind, path.stem)

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
        Command(
            "source",
            "/source ID",
            "a passage in full: ID, 'ID, paragraph N' (a citation as printed), or N",
            _source,
        ),
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


def collect_paste(state: ChatState, line: str) -> Fragments:
    """Paste mode: keep lines until a lone "." ends the text, then add it as a source."""
    if state.pasting is None:
        return []
    if line.strip() != ".":
        state.pasting.append(line.rstrip("\n"))
        return []
    text, title = "\n".join(state.pasting), state.paste_title
    state.pasting, state.paste_title = None, None
    if not text.strip():
        return [("class:error", "Nothing was pasted; nothing added.\n")]
    return add_and_reload(
        state, lambda folder: add_source(folder, text, "text", "pasted text", title)
    )


def add_and_reload(state: ChatState, adding: Callable[[Path], Added]) -> Fragments:
    """Run an add into the bot's knowledge folder (the user's own folder when the bot
    runs on the bundled article, which is never written), reload the knowledge so the
    new source answers at once, and say where the source was stored."""
    folder = state.bot.folder
    if folder is None:
        return [("class:error", "This knowledge has no folder to add to.\n")]
    try:
        if is_bundled(folder):
            folder = user_knowledge_dir()
            seed(folder)
        added = adding(folder)
    except (IngestError, KnowledgeError) as error:
        return [("class:error", f"{error}\n")]
    if added.duplicate:
        return [("class:dim", f"Already present as {added.source_id}; nothing stored.\n")]
    state.bot = Bot.load(folder)
    excluded = f", {added.excluded} excluded as boilerplate" if added.excluded else ""
    return [
        ("class:answer", f"Added {safe(added.source_id)}"),
        ("", f": {safe(added.title)} ({added.passages} passages{excluded}). Ask away.\n"),
        ("class:dim", "  stored in "),
        HANG,
        ("class:dim", f"{safe(str(added.path))}\n"),
    ]
