"""Command line: ``article-qa`` (the chat), ``ask`` and ``facts``, a thin layer over ``Bot``.

Exit codes: 0 success (a "no answer" is a success), 1 internal error, 2 bad usage or a
question that cannot be asked, 3 the knowledge folder cannot be used, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence

from . import __version__
from .answer import no_answer
from .bot import Bot
from .conversation import FOLLOW_UP_WITHOUT_CONTEXT, Conversation
from .facts import facts_matching
from .presentation import format_answer, format_fact, format_json
from .question import QuestionError
from .repl import run_plain, run_repl
from .sources import KNOWLEDGE_ENV, KnowledgeError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_KNOWLEDGE = 3
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--knowledge",
        metavar="DIR",
        # suppressed so that a subcommand's unset option does not hide the main one's
        default=argparse.SUPPRESS,
        help=f"knowledge folder to use (default: ${KNOWLEDGE_ENV}, else the bundled article)",
    )
    parser = argparse.ArgumentParser(
        prog="article-qa",
        description="Ask questions about a news article, offline; answers are short and cited.",
        parents=[knowledge],
    )
    parser.add_argument("--version", action="version", version=f"article-qa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask = commands.add_parser(
        "ask",
        parents=[knowledge],
        help="answer questions given as arguments, or one per line on standard input",
        description="Answer each QUESTION; with none, read one question per line from standard input.",
    )
    ask.add_argument("questions", nargs="*", metavar="QUESTION")
    ask.add_argument(
        "--json", action="store_true", help="print one JSON object per answer, per line"
    )
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="treat the questions as turns of one conversation (follow-ups are resolved)",
    )
    commands.add_parser(
        "chat", parents=[knowledge], help="ask questions one after another (the default command)"
    )
    facts = commands.add_parser(
        "facts",
        parents=[knowledge],
        help="list the facts found in the sources, with where each comes from",
        description="List the facts (extracted and curated); FILTER keeps those whose line holds it.",
    )
    facts.add_argument("filter", nargs="?", default="", metavar="FILTER")
    facts.add_argument(
        "--json", action="store_true", help="print one JSON object per fact, per line"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        bot = Bot.load(getattr(args, "knowledge", None))
        if args.command == "ask":
            return run_ask(bot, args.questions, args.json, args.conversation)
        if args.command == "facts":
            return run_facts(bot, args.filter, args.json)
        return run_chat(bot)
    except KnowledgeError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``| head``); nothing more to say to it
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last line of defence: one line, never a traceback
        print(f"article-qa: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


def run_ask(bot: Bot, questions: Sequence[str], as_json: bool, conversation: bool = False) -> int:
    """Answer questions from the arguments, or from standard input when there are none.

    Questions are independent unless ``conversation`` is set; then each is a turn and
    follow-ups ("and boys?") are resolved against the turns before it.
    """
    from_stdin = not questions
    lines: Iterable[str] = sys.stdin if from_stdin else questions
    turns = Conversation() if conversation else None
    status = EXIT_OK
    for line in lines:
        question = line.rstrip("\r\n")
        if from_stdin and not question.strip():
            continue
        if turns is not None and turns.needs_context(question):
            answer = no_answer(question, FOLLOW_UP_WITHOUT_CONTEXT)
            print(format_json(answer) if as_json else format_answer(answer), flush=True)
            continue
        resolved = turns.resolve(question) if turns else question
        try:
            answer = bot.ask(resolved)
        except QuestionError as error:
            print(f"article-qa: {error}", file=sys.stderr)
            if as_json:  # keep one output line per question
                print(json.dumps({"question": question[:200], "error": str(error)}), flush=True)
            status = EXIT_USAGE
            continue
        understood = None
        if turns is not None:
            turns.record(question, resolved, answer)
            understood = resolved
        shown = understood if understood != " ".join(question.split()) else None
        print(
            format_json(answer, understood) if as_json else format_answer(answer, shown), flush=True
        )
    return status


def run_facts(bot: Bot, needle: str, as_json: bool) -> int:
    """Print the facts whose description holds ``needle``."""
    for fact in facts_matching(bot.facts, needle):
        print(json.dumps(fact.to_dict(), ensure_ascii=False) if as_json else format_fact(fact))
    return EXIT_OK


def run_chat(bot: Bot) -> int:
    """The chat: the REPL on a terminal, plain lines otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return run_repl(bot)
    return run_plain(bot, sys.stdin, sys.stdout)
