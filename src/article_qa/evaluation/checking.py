"""Evaluation: run question sets' cases through the bot, judge each answer against what
it expects, and record today's answers where a case expects nothing."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..answering.conversation import Asker, Conversation, take_turn
from ..files import read_text, write_atomically
from ..language.numbers import first_number
from ..model import Answer, QuestionError, SetError, Turn, UsageError, no_answer
from .metrics import normalise_answer
from .question_sets import Case, Expectation, Step, load_set

# a quoted YAML string that closes on its own line, then perhaps a comment
_WHOLE_QUOTED_RE = re.compile(r'"(?:[^"\\]|\\.)*"\s*(?:#.*)?' + "|" + r"'(?:[^']|'')*'\s*(?:#.*)?")


@dataclass(frozen=True)
class StepResult:
    """What one step asked, the turn it made, and what failed."""

    step: Step
    turn: Turn
    failures: tuple[str, ...] = ()

    @property
    def resolved(self) -> str:
        """The complete question the step was resolved to."""
        return self.turn.resolved

    @property
    def answer(self) -> Answer:
        """The answer the step got."""
        return self.turn.answer


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case."""

    case: Case
    steps: tuple[StepResult, ...]

    @property
    def passed(self) -> bool:
        """True when no step failed."""
        return not any(s.failures for s in self.steps)

    @property
    def unchecked(self) -> bool:
        """True when a step has no expectation (``--record`` can write one)."""
        return any(not s.step.expect for s in self.steps)


def judge(expected: Expectation, answer: Answer, resolved: str) -> list[str]:
    """Every expectation the answer fails, as a sentence; empty when all hold."""
    failures = []
    if expected.understood_as is not None and resolved != expected.understood_as:
        failures.append(f"understood as {resolved!r}, expected {expected.understood_as!r}")
    if expected.no_answer is True and answer.found:
        failures.append("expected no answer")
    if expected.no_answer is False and not answer.found:
        failures.append("expected an answer")
    if not answer.found:
        return failures + (["expected an answer, got none"] if expected.wants_answer else [])
    for check in (_text_failures, _number_failures, _provenance_failures):
        failures += check(expected, answer)
    return failures


def _text_failures(expected: Expectation, answer: Answer) -> list[str]:
    text = answer.text or ""
    normal = normalise_answer(text)
    failures = []
    if expected.answer is not None and normal != normalise_answer(expected.answer):
        failures.append(f"answer is not {expected.answer!r}")
    failures += [
        f"answer does not contain {n!r}"
        for n in expected.contains
        if normalise_answer(n) not in normal
    ]
    failures += [
        f"answer contains {n!r}" for n in expected.not_contains if normalise_answer(n) in normal
    ]
    if expected.regex is not None and not re.search(expected.regex, text):
        failures.append(f"answer does not match /{expected.regex}/")
    if expected.one_of and normal not in {normalise_answer(o) for o in expected.one_of}:
        failures.append("answer is none of " + ", ".join(repr(o) for o in expected.one_of))
    if expected.working is not None and expected.working not in (answer.working or ""):
        failures.append(f"working does not show {expected.working!r}")
    return failures


def _number_failures(expected: Expectation, answer: Answer) -> list[str]:
    if expected.number is None:
        return []
    value = first_number(answer.text or "")
    if value is not None and abs(value - expected.number) <= expected.tolerance:
        return []
    within = f" ± {expected.tolerance:g}" if expected.tolerance else ""
    return [f"number is not {expected.number:g}{within}"]


def _provenance_failures(expected: Expectation, answer: Answer) -> list[str]:
    failures = []
    cites, citation = dict(expected.cites), answer.citation
    if cites and citation is None:
        failures.append("answer cites nothing")
    elif citation is not None:
        if "source" in cites and citation.source_id != cites["source"]:
            failures.append(f"cites {citation.source_id}, expected {cites['source']}")
        if "paragraph" in cites and citation.paragraph != cites["paragraph"]:
            failures.append(f"cites paragraph {citation.paragraph}, expected {cites['paragraph']}")
    if expected.min_confidence is not None and answer.confidence < expected.min_confidence:
        failures.append(f"confidence {answer.confidence:.2f} is below {expected.min_confidence:g}")
    return failures


def describe_expectation(expect: dict[str, object]) -> str:
    """What a turn expects, in short."""
    if not expect:
        return "(no expectation)"
    parts = []
    for key, value in expect.items():
        if isinstance(value, tuple) and value and isinstance(value[0], tuple):
            value = ", ".join(f"{k} {v}" for k, v in value)
        elif isinstance(value, tuple):
            value = " | ".join(map(str, value))
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def run_case(bot: Asker, case: Case) -> CaseResult:
    """Ask every step of a case, in order, as the turns of one conversation."""
    conversation = Conversation()
    results = []
    for step in case.steps:
        try:
            turn = take_turn(bot, conversation, step.ask)
        except QuestionError as error:  # an unaskable question fails its case, in one line
            refused = no_answer(step.ask[:200], f"the question cannot be asked: {error}")
            results.append(StepResult(step, Turn(step.ask, step.ask[:200], refused), (str(error),)))
            continue
        failures = judge(step.expectation, turn.answer, turn.resolved)
        results.append(StepResult(step, turn, tuple(failures)))
    return CaseResult(case, tuple(results))


def select(cases: Iterable[Case], pattern: str | None, tags: Sequence[str]) -> list[Case]:
    """Cases whose name or file holds ``pattern`` (case-insensitive) and that carry every tag."""
    chosen = []
    for case in cases:
        if pattern and pattern.lower() not in f"{case.file.name} {case.name}".lower():
            continue
        if tags and not set(tags) <= case.tags:
            continue
        chosen.append(case)
    return chosen


# -- recording ----------------------------------------------------------------------------


def record_expectations(path: Path, results: Sequence[CaseResult]) -> int:
    """Write the current answers as expectations for the turns of ``path`` that have
    none, right under their ``ask:`` line; existing expectations are never touched.
    The file is replaced atomically, keeping its mode, and only when it is a regular
    file that may be written; a symlink is never written through. Returns how many
    turns were written."""
    _check_recordable(path)
    original = read_text(path, SetError)
    lines = original.splitlines(keepends=True)
    inserts: list[tuple[int, str]] = []
    for result in results:
        if result.case.file != path:
            continue
        for step_result in result.steps:
            if step_result.step.expect:
                continue
            index = _ask_line_index(lines, step_result.step)
            if index is None:
                continue
            column = " " * (len(lines[index]) - len(lines[index].lstrip(" -")))
            answer = step_result.answer
            written = f"answer: {_yaml_text(answer.text)}" if answer.found else "no_answer: true"
            inserts.append((index + 1, f"{column}{written}\n"))
    if not inserts:
        return 0
    for index, text in sorted(inserts, reverse=True):
        lines.insert(index, text)
    updated = "".join(lines)
    # the file must still be a valid set with the same cases before it is replaced
    if len(load_set(path, updated).cases) != len(load_set(path, original).cases):
        raise SetError(f"{path}: recording would change the cases; nothing written")
    try:
        write_atomically(path, lambda out: out.write(updated.encode("utf-8")))
    except OSError as error:
        raise UsageError(f"{path}: cannot record: {error.strerror}") from None
    return len(inserts)


def _check_recordable(path: Path) -> None:
    """A set is recorded into only when it is a regular file (not a symlink) whose mode
    lets it be written and whose folder can take the new file."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UsageError(f"{path}: is a symbolic link; --record writes only to a set file itself")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path}: not a regular file")
    if not info.st_mode & stat.S_IWUSR:
        raise UsageError(f"{path}: is read-only; nothing recorded")
    if not os.access(path.parent, os.W_OK):
        raise UsageError(f"{path}: its folder cannot be written; nothing recorded")


def _ask_line_index(lines: list[str], step: Step) -> int | None:
    """The index of the ``ask:`` line of a step (its mapping starts at ``step.line``),
    or None when the question is not on that one line in block style (a flow mapping,
    a block scalar, a continued string): there is no safe place to write then."""
    for index in range(step.line - 1, min(len(lines), step.line + 40)):
        line = lines[index]
        match = re.match(r"\s*(?:-\s+)?ask\s*:\s*(.*)$", line)
        if match:
            value = match.group(1).strip()
            if not value or value[0] in "|>{[" or "{" in line.split("ask", 1)[0]:
                return None
            if value[0] in "\"'" and not _WHOLE_QUOTED_RE.fullmatch(value):
                return None  # a quoted question that goes on to the next line
            nxt = lines[index + 1] if index + 1 < len(lines) else ""
            indent = len(line) - len(line.lstrip(" -"))
            if (
                nxt.strip()
                and not nxt.lstrip().startswith(("#", "-"))
                and (len(nxt) - len(nxt.lstrip())) > indent
            ) and not re.match(r"\s*\w+\s*:", nxt):
                return None  # a plain question folded onto the next line
            return index
    return None


def _yaml_text(text: str | None) -> str:
    return yaml.safe_dump(text or "", default_style='"', width=10_000).strip().removesuffix("\n...")
