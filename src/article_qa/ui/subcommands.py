"""What each subcommand of ``article-qa`` does, given its parsed arguments; each returns
its exit code. Library errors reach ``cli.main``, which turns them into one line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..answering.bot import Bot
from ..answering.conversation import Conversation, take_turn
from ..files import is_utf8, write_atomically
from ..knowledge.curated import CURATED_FILE, curated_sources
from ..knowledge.folder import add_source, remove_source
from ..knowledge.ingest import decode, read_input
from ..knowledge.sources import MAX_SOURCE_BYTES, knowledge_dir
from ..model import QuestionError, SetError, UsageError
from .exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ..evaluation.checking import CaseResult
    from ..evaluation.question_sets import QuestionSet
from .presentation import (
    answer_fragments,
    fact_json,
    facts_matching,
    format_fact,
    format_json,
    plain,
    sources_fragments,
    to_json,
)
from .terminal import NOT_UTF8, input_lines, safe


def load_bot(args: argparse.Namespace, folder: Path | None = None) -> Bot:
    """The bot over ``folder``, else the knowledge folder the arguments name; warnings
    go to stderr."""
    bot = Bot.load(folder or getattr(args, "knowledge", None))
    for warning in bot.warnings:
        print(f"article-qa: warning: {safe(warning)}", file=sys.stderr)
    return bot


def run_ask(args: argparse.Namespace) -> int:
    """Answer questions from the arguments, or from standard input when there are none.

    Questions are independent unless ``--conversation`` is given; then each is a turn
    and follow-ups ("and boys?") are resolved against the turns before it.
    """
    bot = load_bot(args)
    from_stdin = not args.questions
    lines: Iterable[str | None] = input_lines(sys.stdin) if from_stdin else args.questions
    shared = Conversation() if args.conversation else None
    status = EXIT_OK
    for number, question in enumerate(lines, start=1):
        if from_stdin and question is not None and not question.strip():
            continue
        try:
            if question is None:
                raise QuestionError(f"line {number}: the question is {NOT_UTF8}")
            turn = take_turn(bot, shared or Conversation(), question)
        except QuestionError as error:
            print(f"article-qa: {error}", file=sys.stderr)
            if args.json:  # keep one output line per question
                shown = (question or "")[:200]
                print(to_json({"question": shown, "error": str(error)}), flush=True)
            status = EXIT_USAGE
            continue
        understood = turn.resolved if shared is not None else None
        if args.json:
            print(format_json(turn.answer, understood), flush=True)
        else:
            rewritten = understood if turn.rewritten else None
            print(plain(answer_fragments(turn.answer, rewritten)), flush=True)
    return status


def run_facts(args: argparse.Namespace) -> int:
    """Print the facts whose line holds the filter."""
    bot = load_bot(args)
    for fact in facts_matching(bot.facts, args.filter):
        print(to_json(fact_json(fact)) if args.json else format_fact(fact))
    return EXIT_OK


def run_sources(args: argparse.Namespace) -> int:
    """List the loaded sources: id, title, passages, excluded paragraphs."""
    bot = load_bot(args)
    print(plain(sources_fragments(bot.sources)), end="")
    return EXIT_OK


def run_chat(args: argparse.Namespace) -> int:
    """The chat: the REPL on a terminal, plain lines otherwise."""
    from .chat import run_plain, run_repl  # prompt-toolkit loads only for the chat
    from .user_knowledge import chat_folder

    bot = load_bot(args, chat_folder(getattr(args, "knowledge", None)))
    if sys.stdin.isatty() and sys.stdout.isatty():
        return run_repl(bot)
    return run_plain(bot, input_lines(sys.stdin), sys.stdout)


def run_add(args: argparse.Namespace) -> int:
    """Add a source from a file or standard input."""
    folder = knowledge_dir(getattr(args, "knowledge", None))
    if args.path == "-":
        text = decode(sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1), "standard input")
        kind, name = "text", "pasted text"
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


def run_remove(args: argparse.Namespace) -> int:
    """Delete one source."""
    folder = knowledge_dir(getattr(args, "knowledge", None))
    path = remove_source(folder, args.source_id)
    print(f"removed {args.source_id} ({path})")
    lines = curated_sources(folder / CURATED_FILE).get(args.source_id)
    if lines:
        where = ", ".join(str(line) for line in lines)
        print(
            f"article-qa: warning: {CURATED_FILE} has {len(lines)} fact(s) about {args.source_id}"
            f" (line {where}); they are skipped until you remove them",
            file=sys.stderr,
        )
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Run question sets; see ``article-qa check --help``."""
    # imported here, not at the top: `ask` and the chat start faster without them
    from ..evaluation.question_sets import find_set_files, load_set

    junit = output_path(args.junit, "--junit") if args.junit else None
    sets = [load_set(path) for path in find_set_files(args.paths)]
    earlier = _read_report(args.since) if args.since else None
    results = _run_sets(args, sets)
    status = _report(args, results, junit)
    if args.record:
        from ..evaluation.checking import record_expectations

        for question_set in sets:
            written = record_expectations(question_set.path, results)
            if written:
                print(f"recorded {written} expectation(s) in {question_set.path}", file=sys.stderr)
    unchecked = sum(1 for r in results if r.unchecked)
    if unchecked and not args.record:
        print(f"{unchecked} case(s) have no expectation; --record writes them", file=sys.stderr)
    if earlier is not None:
        from .reports import changes_since

        changes = changes_since(earlier, results)
        print(f"Changed since {args.since}: {len(changes) or 'nothing'}", file=sys.stderr)
        for line in changes:
            print(f"  {line}", file=sys.stderr)
    from .reports import summary_line

    print(summary_line(results), file=sys.stderr if args.json else sys.stdout)
    return (
        status
        if status != EXIT_OK
        else (EXIT_OK if all(r.passed for r in results) else EXIT_FAILED)
    )


def _run_sets(args: argparse.Namespace, sets: list[QuestionSet]) -> list[CaseResult]:
    """Every selected case of the sets, each set against its own knowledge folder."""
    from ..evaluation.checking import run_case, select

    bots: dict[Path | None, Bot] = {}
    results = []
    for question_set in sets:
        if question_set.knowledge not in bots:
            knowledge = question_set.knowledge
            bots[knowledge] = Bot.load(knowledge) if knowledge else load_bot(args)
        for case in select(question_set.cases, args.pattern, args.tag):
            results.append(run_case(bots[question_set.knowledge], case))
    return results


def _report(args: argparse.Namespace, results: list[CaseResult], junit: Path | None) -> int:
    """The table of failures (or the JSON report), and JUnit XML if asked for; the exit
    code of a JUnit file that could not be written (the rest is printed all the same)."""
    from .reports import failure_table, json_report, junit_xml

    if args.json:
        print(to_json(json_report(results), indent=2))
    elif table := failure_table(results):
        print(table)
    if junit is not None:
        return write_output(junit, junit_xml(results), "--junit")
    return EXIT_OK


def output_path(value: str, flag: str) -> Path:
    """The file an option names for output, checked before any work is done: its
    folder must exist and be writable, and it must not be a folder itself."""
    path = Path(value)
    if not is_utf8(value):
        raise UsageError(f"{flag}: the file name is not valid UTF-8")
    if path.is_dir():
        raise UsageError(f"{flag}: {path} is a folder, not a file")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{flag}: cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{flag}: cannot write {path}: the folder {folder} is not writable")
    return path


def write_output(path: Path, text: str, flag: str) -> int:
    """Write an output file all or nothing; a failure (a full disk) is one line and exit 2."""
    try:
        write_atomically(path, lambda out: out.write(text.encode("utf-8")))
    except OSError as error:
        print(f"article-qa: {flag}: cannot write {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _read_report(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SetError(f"{path}: not a report written by 'check --json' ({error})") from None
    if not isinstance(data, dict) or "cases" not in data:
        raise SetError(f"{path}: not a report written by 'check --json'")
    return data


def run_eval(args: argparse.Namespace) -> int:
    """Score the bot on a SQuAD-format file; see ``article-qa eval --help``."""
    from ..evaluation import squad

    if args.limit is not None and args.limit < 1:
        print("article-qa: --limit must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.cross_article < 0:
        print("article-qa: --cross-article must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    predictions = output_path(args.predictions, "--predictions") if args.predictions else None
    articles = squad.load_squad(Path(args.squad))
    near_miss = squad.load_near_miss(Path(args.near_miss)) if args.near_miss else []
    extra = squad.unanswerable_questions(articles, near_miss, args.cross_article)
    if args.article and not any(a.title.lower() == args.article.lower() for a in articles):
        titles = ", ".join(a.title for a in articles[:20])
        print(f"article-qa: no article titled {args.article!r} (titles: {titles})", file=sys.stderr)
        return EXIT_USAGE
    results = squad.evaluate(
        articles,
        args.limit,
        args.article,
        _progress if sys.stderr.isatty() else None,
        unanswerable={a.title: questions for a, questions in zip(articles, extra, strict=True)},
    )
    figures = squad.summary(results)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(squad.format_summary(figures))
        print(squad.format_curve(figures))
    if predictions is not None:
        written = {r.id: r.prediction for r in results}
        return write_output(
            predictions, json.dumps(written, ensure_ascii=False, indent=1), "--predictions"
        )
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    filled = int(30 * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
