"""Command line: ``article-qa ask`` and a plain question loop, a thin layer over ``Bot``.

Exit codes: 0 success (a "no answer" is a success), 1 internal error, 2 bad usage or a
question that cannot be asked, 3 the knowledge folder cannot be used, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence

from . import __version__
from .bot import Bot
from .facts import facts_matching
from .presentation import format_answer, format_fact, format_json
from .question import QuestionError
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
            return run_ask(bot, args.questions, args.json)
        if args.command == "facts":
            return run_facts(bot, args.filter, args.json)
        return run_loop(bot)
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


def run_ask(bot: Bot, questions: Sequence[str], as_json: bool) -> int:
    """Answer questions from the arguments, or from standard input when there are none."""
    from_stdin = not questions
    lines: Iterable[str] = sys.stdin if from_stdin else questions
    status = EXIT_OK
    for line in lines:
        question = line.rstrip("\r\n")
        if from_stdin and not question.strip():
            continue
        try:
            answer = bot.ask(question)
        except QuestionError as error:
            print(f"article-qa: {error}", file=sys.stderr)
            if as_json:  # keep one output line per question
                print(json.dumps({"question": question[:200], "error": str(error)}), flush=True)
            status = EXIT_USAGE
            continue
        print(format_json(answer) if as_json else format_answer(answer), flush=True)
    return status


def run_facts(bot: Bot, needle: str, as_json: bool) -> int:
    """Print the facts whose description holds ``needle``."""
    for fact in facts_matching(bot.facts, needle):
        print(json.dumps(fact.to_dict(), ensure_ascii=False) if as_json else format_fact(fact))
    return EXIT_OK


def run_loop(bot: Bot) -> int:
    """A plain question loop: a prompt on a terminal, one question per line otherwise."""
    interactive = sys.stdin.isatty()
    status = EXIT_OK
    if interactive:
        stats = bot.stats
        print(
            f"article-qa {__version__}: {stats.sources} source(s), {stats.passages} passages."
            " Ask a question; 'quit' or Ctrl-D leaves."
        )
    while True:
        try:
            line = input("? " if interactive else "")
        except EOFError:
            return status
        question = line.strip()
        if not question:
            continue
        if interactive and question.lower() in ("quit", "exit", "/quit"):
            return status
        try:
            print(format_answer(bot.ask(question)), flush=True)
        except QuestionError as error:
            print(f"article-qa: {error}", file=sys.stderr)
            status = status if interactive else EXIT_USAGE
