"""Command line: ``article-qa`` and its subcommands, a thin layer over the library.

Exit codes: 0 success (a "no answer" is a success), 1 some question-set cases failed,
2 bad usage or a question that cannot be asked, 3 the knowledge folder cannot be used,
4 a question set is broken, 70 internal error, 130 interrupted. Every error a user can
cause is one line on standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..knowledge.sources import KNOWLEDGE_ENV, MAX_SOURCE_BYTES
from ..model import KnowledgeError, SetError, UsageError
from ..version import __version__
from . import subcommands
from .exits import (
    EXIT_BROKEN_SET,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_KNOWLEDGE,
    EXIT_OK,
    EXIT_USAGE,
)
from .progress import progress_on_terminal
from .terminal import guarded_output

if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]


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
    for add in (_ask, _chat, _facts, _add, _sources, _remove, _check, _eval):
        add(commands, knowledge)
    return parser


def _ask(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
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


def _chat(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    commands.add_parser(
        "chat", parents=[knowledge], help="ask questions one after another (the default command)"
    )


def _facts(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
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


def _add(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    add = commands.add_parser(
        "add",
        parents=[knowledge],
        help="add a source (.txt, .md, .html file, or - for standard input)",
        description="Store a new source in the knowledge folder (created if missing)."
        f" Files up to {MAX_SOURCE_BYTES // (1024 * 1024)} MB; promotional boilerplate is"
        " kept in the file but excluded from answers.",
    )
    add.add_argument(
        "path", metavar="PATH", help="a .txt, .md or .html file, or - to read standard input"
    )
    add.add_argument("--title", help="the title (default: from the text)")
    add.add_argument("--url", help="where the text comes from")
    add.add_argument("--date", help="its date, YYYY-MM-DD")
    add.add_argument(
        "--id", dest="source_id", metavar="ID", help="the id (default: from the title)"
    )


def _sources(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    commands.add_parser("sources", parents=[knowledge], help="list the loaded sources")


def _remove(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    remove = commands.add_parser("remove", parents=[knowledge], help="delete a source by id")
    remove.add_argument("source_id", metavar="ID")


def _check(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    check = commands.add_parser(
        "check",
        parents=[knowledge],
        help="run question sets (YAML) as regression tests",
        description="Run the question sets in each PATH (a file, or a folder searched for"
        " *.yaml); print the failures and 'N passed, M failed'. Exit 0 when all pass, 1 when"
        " some fail, 4 when a set file is broken.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--junit", metavar="FILE", help="also write JUnit XML to FILE")
    check.add_argument(
        "--json", action="store_true", help="print a JSON report instead of the table"
    )
    check.add_argument(
        "-k", dest="pattern", metavar="PATTERN", help="only cases whose name holds PATTERN"
    )
    check.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only cases tagged T"
    )
    check.add_argument(
        "--record",
        action="store_true",
        help="write the current answers as expectations for cases that have none",
    )
    check.add_argument(
        "--since",
        metavar="REPORT",
        help="list the cases whose answers changed since a --json report",
    )


def _eval(commands: _Commands, knowledge: argparse.ArgumentParser) -> None:
    evaluate = commands.add_parser(
        "eval",
        help="score the bot on a reading-comprehension set (SQuAD v1.1 or v2.0 JSON)",
        description="For each article, build a knowledge base from its paragraphs only, ask"
        " every question and print EM and F1 by the SQuAD metric, then how many answerable"
        " questions were answered and unanswerable ones declined, and the trade-off curve over"
        " the answer threshold. Unanswerable questions are every Nth question of the next"
        " article (--cross-article) and those of a near-miss file (--near-miss).",
    )
    evaluate.add_argument("--squad", required=True, metavar="FILE", help="a SQuAD JSON file")
    evaluate.add_argument("--predictions", metavar="OUT", help="write {id: answer or ''} to OUT")
    evaluate.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    evaluate.add_argument("--article", metavar="TITLE", help="only the article with this title")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument(
        "--cross-article",
        type=int,
        default=3,
        metavar="N",
        help="also ask each article every Nth question of the next article (default 3; 0: none)",
    )
    evaluate.add_argument(
        "--near-miss",
        metavar="FILE",
        help="YAML list of {article, question} that the article does not answer",
    )


_RUNS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "ask": subcommands.run_ask,
    "facts": subcommands.run_facts,
    "add": subcommands.run_add,
    "sources": subcommands.run_sources,
    "remove": subcommands.run_remove,
    "check": subcommands.run_check,
    "eval": subcommands.run_eval,
    "chat": subcommands.run_chat,
    None: subcommands.run_chat,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Everything it prints passes through
    the terminal sanitiser."""
    with guarded_output(), progress_on_terminal():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help and --version, or a usage error argparse reported
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return _RUNS[args.command](args)
    except KnowledgeError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    except UsageError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SetError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_BROKEN_SET
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``| head``); nothing more to say to it
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # the last line of defence: one line, never a traceback
        print(f"article-qa: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL
