"""Command line: ``article-qa`` (the chat), ``ask`` and ``facts``, a thin layer over ``Bot``.

Exit codes: 0 success (a "no answer" is a success), 1 some question-set cases failed,
2 bad usage or a question that cannot be asked, 3 the knowledge folder cannot be used,
4 a question set is broken, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from pathlib import Path

from . import __version__
from .answer import no_answer
from .bot import Bot
from .conversation import FOLLOW_UP_WITHOUT_CONTEXT, Conversation
from .facts import facts_matching
from .ingest import MAX_SOURCE_BYTES, IngestError, add_source, decode, read_input
from .presentation import format_answer, format_fact, format_json, plain, safe, to_json
from .question import QuestionError
from .sources import (
    KNOWLEDGE_ENV,
    KnowledgeError,
    folder_lock,
    knowledge_dir,
    remove_source,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_KNOWLEDGE = 3
EXIT_BROKEN_SET = 4
EXIT_INTERNAL = 70
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
    commands.add_parser("sources", parents=[knowledge], help="list the loaded sources")
    remove = commands.add_parser("remove", parents=[knowledge], help="delete a source by id")
    remove.add_argument("source_id", metavar="ID")
    check = commands.add_parser(
        "check",
        parents=[knowledge],
        help="run question sets (YAML) as regression tests",
        description="Run the question sets in each PATH (a file, or a folder searched for"
        " *.yaml); print the failures and 'N passed, M failed'. Exit 0 when all pass, 1 when"
        " some fail, 4 when a set file is broken.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
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
    facts.add_argument(
        "--json", action="store_true", help="print one JSON object per fact, per line"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args, lambda: Bot.load(getattr(args, "knowledge", None)))
        if args.command == "eval":
            return run_eval(args)
        if args.command == "add":
            return run_add(args)
        if args.command == "remove":
            return run_remove(args)
        bot = Bot.load(getattr(args, "knowledge", None))
        for warning in bot.warnings:
            print(f"article-qa: warning: {safe(warning)}", file=sys.stderr)
        if args.command == "ask":
            return run_ask(bot, args.questions, args.json, args.conversation)
        if args.command == "facts":
            return run_facts(bot, args.filter, args.json)
        if args.command == "sources":
            return run_sources(bot)
        return run_chat(bot)
    except KnowledgeError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    except IngestError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_USAGE
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
                print(to_json({"question": question[:200], "error": str(error)}), flush=True)
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
        print(to_json(fact.to_dict()) if as_json else format_fact(fact))
    return EXIT_OK


def run_check(args: argparse.Namespace, default_bot: Callable[[], Bot]) -> int:
    """Run question sets; see ``article-qa check --help``."""
    # imported here, not at the top: `ask` and the chat start faster without them
    from .checks import SetError

    try:
        return _check(args, default_bot)
    except SetError as error:
        print(f"article-qa: {error}", file=sys.stderr)
        return EXIT_BROKEN_SET


def _check(args: argparse.Namespace, default_bot: Callable[[], Bot]) -> int:
    from .checks import CaseResult, find_set_files, load_set, record_expectations, run_case, select
    from .reports import changes_since, failure_table, json_report, junit_xml, summary_line

    sets = [load_set(path) for path in find_set_files(args.paths)]
    earlier = _read_report(args.since) if args.since else None
    bots: dict[Path | None, Bot] = {}
    results: list[CaseResult] = []
    for question_set in sets:
        if question_set.knowledge not in bots:
            knowledge = question_set.knowledge
            bots[knowledge] = Bot.load(knowledge) if knowledge else default_bot()
        bot = bots[question_set.knowledge]
        for case in select(question_set.cases, args.pattern, args.tag):
            results.append(run_case(bot, case))
    if args.json:
        print(to_json(json_report(results), indent=2))
    else:
        table = failure_table(results)
        if table:
            print(table)
    if args.junit:
        Path(args.junit).write_text(junit_xml(results), encoding="utf-8")
    if args.record:
        for question_set in sets:
            written = record_expectations(question_set.path, results)
            if written:
                print(f"recorded {written} expectation(s) in {question_set.path}", file=sys.stderr)
    unchecked = sum(1 for r in results if r.unchecked)
    if unchecked and not args.record:
        print(f"{unchecked} case(s) have no expectation; --record writes them", file=sys.stderr)
    if earlier is not None:
        changes = changes_since(earlier, results)
        print(f"Changed since {args.since}: {len(changes) or 'nothing'}", file=sys.stderr)
        for line in changes:
            print(f"  {line}", file=sys.stderr)
    print(summary_line(results), file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


def run_add(args: argparse.Namespace) -> int:
    """Add a source from a file or standard input."""
    folder = knowledge_dir(getattr(args, "knowledge", None))
    if args.path == "-":
        text, kind, name = (
            decode(sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1), "standard input"),
            "text",
            "pasted text",
        )
    else:
        path = Path(args.path)
        text, kind = read_input(path)
        name = path.stem
    added = add_source(folder, text, kind, name, args.title, args.url, args.date, args.source_id)
    if added.duplicate:
        print(f"already present as {added.source_id}; nothing stored")
        return EXIT_OK
    excluded = f", {added.excluded} excluded as boilerplate" if added.excluded else ""
    print(
        f"added {added.source_id}: {added.title} ({added.passages} passages{excluded}) -> {added.path}"
    )
    return EXIT_OK


def run_sources(bot: Bot) -> int:
    """List the loaded sources: id, title, passages, excluded paragraphs."""
    from .commands import sources_fragments

    for line in plain(sources_fragments(bot)).splitlines():
        print(line)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """Delete one source."""
    folder = knowledge_dir(getattr(args, "knowledge", None))
    if any(bad in args.source_id for bad in ("/", "\\", "..")) or not args.source_id.strip():
        print(
            f"article-qa: bad source id {args.source_id!r}: no path separators or '..'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with folder_lock(folder) if folder.is_dir() else nullcontext():
        path = remove_source(folder, args.source_id)
    print(f"removed {args.source_id} ({path})")
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    """Score the bot on a SQuAD-format file; see ``article-qa eval --help``."""
    from . import squad

    if args.limit is not None and args.limit < 1:
        print("article-qa: --limit must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.cross_article < 0:
        print("article-qa: --cross-article must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    articles = squad.load_squad(Path(args.squad))
    near_miss = squad.load_near_miss(Path(args.near_miss)) if args.near_miss else []
    extra = squad.unanswerable_questions(articles, near_miss, args.cross_article)
    if args.article and not any(a.title.lower() == args.article.lower() for a in articles):
        titles = ", ".join(a.title for a in articles[:20])
        print(f"article-qa: no article titled {args.article!r} (titles: {titles})", file=sys.stderr)
        return EXIT_USAGE
    show_progress = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        filled = int(30 * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    results = squad.evaluate(
        articles,
        args.limit,
        args.article,
        progress if show_progress else None,
        unanswerable={a.title: questions for a, questions in zip(articles, extra, strict=True)},
    )
    figures = squad.summary(results)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(squad.format_summary(figures))
        print(squad.format_curve(figures))
    if args.predictions:
        predictions = {r.id: r.prediction for r in results}
        Path(args.predictions).write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return EXIT_OK


def _read_report(path: str) -> dict:
    from .checks import SetError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SetError(f"{path}: not a report written by 'check --json' ({error})") from None
    if not isinstance(data, dict) or "cases" not in data:
        raise SetError(f"{path}: not a report written by 'check --json'")
    return data


def run_chat(bot: Bot) -> int:
    """The chat: the REPL on a terminal, plain lines otherwise."""
    from .repl import run_plain, run_repl  # prompt-toolkit loads only for the chat

    if sys.stdin.isatty() and sys.stdout.isatty():
        return run_repl(bot)
    return run_plain(bot, sys.stdin, sys.stdout)
