"""Reports of a question-set run: a table for people, JSON and JUnit XML for machines,
and the list of answers that changed since an earlier JSON report."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..evaluation.checking import CaseResult, describe_expectation
from .terminal import safe

REPORT_VERSION = 1


def summary_line(results: Sequence[CaseResult]) -> str:
    """The closing line: ``N passed, M failed``."""
    failed = sum(1 for r in results if not r.passed)
    return f"{len(results) - failed} passed, {failed} failed"


def failure_table(results: Sequence[CaseResult], width: int | None = None) -> str:
    """A table of the failing turns: case, question, expected, got, cited."""
    rows = []
    for result in results:
        for turn in result.steps:
            if not turn.failures:
                continue
            answer = turn.answer
            got = answer.text if answer.found else f"no answer ({answer.no_answer_reason})"
            citation = answer.citation
            cited = f"{citation.source_id} ¶{citation.paragraph}" if citation else "-"
            rows.append(
                (
                    f"{result.case.file.name}:{turn.step.line}",
                    turn.resolved,
                    describe_expectation(turn.step.expected),
                    got or "",
                    cited,
                    "; ".join(turn.failures),
                )
            )
    if not rows:
        return ""
    header = ("case", "question", "expected", "got", "cited")
    width = width or shutil.get_terminal_size((160, 24)).columns
    limits = _column_limits(width)
    lines = [_row(header, limits), _row(tuple("-" * n for n in limits), limits)]
    for *cells, why in rows:
        lines.append(_row(tuple(safe(cell) for cell in cells), limits))
        lines.append(f"  why: {safe(why)}")  # never cut: it is the point of the row
    return "\n".join(lines)


def _column_limits(width: int) -> tuple[int, ...]:
    shares = (0.12, 0.24, 0.22, 0.14, 0.28)
    usable = max(80, width) - 2 * (len(shares) - 1)
    return tuple(max(8, int(usable * share)) for share in shares)


def _row(cells: tuple[str, ...], limits: tuple[int, ...]) -> str:
    shown = []
    for cell, limit in zip(cells, limits, strict=True):
        cell = " ".join(cell.split())
        shown.append(cell if len(cell) <= limit else cell[: limit - 1] + "…")
    return "  ".join(c.ljust(n) for c, n in zip(shown, limits, strict=True)).rstrip()


def json_report(results: Sequence[CaseResult]) -> dict[str, object]:
    """The machine-readable report (``check --json``), also what ``--since`` reads."""
    return {
        "version": REPORT_VERSION,
        "summary": summary_line(results),
        "passed": sum(1 for r in results if r.passed),
        "failed": sum(1 for r in results if not r.passed),
        "cases": [
            {
                "id": r.case.id,
                "file": str(r.case.file),
                "line": r.case.line,
                "passed": r.passed,
                "tags": sorted(r.case.tags),
                "turns": [
                    {
                        "ask": t.step.ask,
                        "understood_as": t.resolved,
                        "answer": t.answer.text,
                        "no_answer_reason": t.answer.no_answer_reason,
                        "source": t.answer.citation.source_id if t.answer.citation else None,
                        "paragraph": t.answer.citation.paragraph if t.answer.citation else None,
                        "confidence": t.answer.confidence,
                        "expected": describe_expectation(t.step.expected),
                        "failures": list(t.failures),
                    }
                    for t in r.steps
                ],
            }
            for r in results
        ],
    }


def junit_xml(results: Sequence[CaseResult]) -> str:
    """JUnit XML: one test suite per set file, one test case per case."""
    suites = ElementTree.Element("testsuites", name="article-qa check")
    by_file: dict[Path, list[CaseResult]] = {}
    for result in results:
        by_file.setdefault(result.case.file, []).append(result)
    for path, file_results in by_file.items():
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=str(path),
            tests=str(len(file_results)),
            failures=str(sum(1 for r in file_results if not r.passed)),
            errors="0",
        )
        for result in file_results:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=path.stem,
                name=safe(result.case.name),
                file=str(path),
                line=str(result.case.line),
            )
            failed = [t for t in result.steps if t.failures]
            if failed:
                message = safe("; ".join(f for t in failed for f in t.failures))
                details = "\n".join(
                    f"{t.resolved}\n  expected: {describe_expectation(t.step.expected)}\n"
                    f"  got: {t.answer.text if t.answer.found else 'no answer'}\n"
                    f"  cited: {t.answer.citation or '-'}"
                    for t in failed
                )
                failure = ElementTree.SubElement(
                    case, "failure", message=message, type="AssertionError"
                )
                failure.text = safe(details)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def changes_since(earlier: dict[str, Any], results: Sequence[CaseResult]) -> list[str]:
    """Lines naming every case whose answers differ from an earlier ``--json`` report,
    and cases that are new or gone."""
    before = {case["id"]: case for case in earlier.get("cases", [])}
    now = {r.case.id: r for r in results}
    lines = []
    for case_id, result in now.items():
        old = before.get(case_id)
        if old is None:
            lines.append(f"new      {case_id}")
            continue
        old_answers = [t.get("answer") for t in old.get("turns", [])]
        new_answers = [t.answer.text for t in result.steps]
        if old_answers != new_answers:
            pairs = ", ".join(
                f"{_show(a)} -> {_show(b)}"
                for a, b in zip(old_answers, new_answers, strict=False)
                if a != b
            )
            lines.append(f"changed  {case_id}: {pairs or 'turns differ'}")
    lines += [f"gone     {case_id}" for case_id in before if case_id not in now]
    return lines


def _show(answer: str | None) -> str:
    return "no answer" if answer is None else json.dumps(safe(answer), ensure_ascii=False)
