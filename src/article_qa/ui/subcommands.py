"""What each subcommand of ``article-qa`` does, given its parsed arguments; each returns
its exit code. Library errors reach ``cli.main``, which turns them into one line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..answering.bot import Bot
from ..answering.conversation import Conversation, take_turn
from ..knowledge.folder import add_source, remove_source
from ..knowledge.ingest import MAX_SOURCE_BYTES, decode, read_input
from ..knowledge.sources import knowledge_dir
from ..model import QuestionError, SetError
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
    safe,
    sources_fragments,
    to_json,
)


def load_bot(args: argparse.Namespace) -> Bot:
    """The bot over the knowledge folder the arguments name; warnings go to stderr."""
    bot = Bot.load(getattr(args, "knowledge", None))
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
    lines: Iterable[str] = sys.stdin if from_stdin else args.questions
    shared = Conversation() if args.conversation else None
    status = EXIT_OK
    for line in lines:
        question = line.rstrip("\r\n")
        if from_stdin and not question.strip():
            continue
        try:
            turn = take_turn(bot, shared or Conversation(), question)
        except QuestionError as error:
            print(f"article-qa: {error}", file=sys.stderr)
            if args.json:  # keep one output line per question
                print(to_json({"question": question[:200], "error": str(error)}), flush=True)
            status = EXIT_USAGE
            continue
        understood = turn.resolved if shared is not None else None
        if args.json:
            print(format_json(turn.answer, understood), flush=True)
        else:
            shown = understood if turn.rewritten else None
            print(plain(answer_fragments(turn.answer, shown)), flush=True)
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
    print(plain(sources_fragments(bot.sources, bot.passages)), end="")
    return EXIT_OK


def run_chat(args: argparse.Namespace) -> int:
    """The chat: the REPL on a terminal, plain lines otherwise."""
    from .chat import run_plain, run_repl  # prompt-toolkit loads only for the chat

    bot = load_bot(args)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return run_repl(bot)
    return run_plain(bot, sys.stdin, sys.stdout)


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
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Run question sets; see ``article-qa check --help``."""
    # imported here, not at the top: `ask` and the chat start faster without them
    from ..evaluation.question_sets import find_set_files, load_set

    sets = [load_set(path) for path in find_set_files(args.paths)]
    earlier = _read_report(args.since) if args.since else None
    results = _run_sets(args, sets)
    _report(args, results)
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
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAILED


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


def _report(args: argparse.Namespace, results: list[CaseResult]) -> None:
    """The table of failures (or the JSON report), and JUnit XML if asked for."""
    from .reports import failure_table, json_report, junit_xml

    if args.json:
        print(to_json(json_report(results), indent=2))
    elif table := failure_table(results):
        print(table)
    if args.junit:
        Path(args.junit).write_text(junit_xml(results), encoding="utf-8")


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
    if args.predictions:
        predictions = {r.id: r.prediction for r in results}
        Path(args.predictions).write_text(
            json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    filled = int(30 * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
