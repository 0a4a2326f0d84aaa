"""Question sets: load and validate YAML sets, run their cases, judge the answers.

A set file::

    knowledge: ../knowledge        # optional, relative to this file
    tags: [seed]                   # optional, for --tag
    cases:
      - ask: how many girls were being helped?
        answer: "80"
        cites: {source: mpr-sex-trafficking-convictions, paragraph: 13}
      - conversation:              # turns that share context
          - ask: how many girls were being helped?
            number: 80
          - ask: and boys?
            understood_as: how many boys were being helped?
            answer: "11"

Every error in a set names the file, the line and the key.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .answer import Answer, no_answer
from .bot import Bot
from .conversation import Conversation
from .question import QuestionError
from .sources import write_atomically
from .spans import parse_number

ASSERTIONS = (
    "answer", "contains", "not_contains", "regex", "number", "tolerance", "one_of",
    "no_answer", "cites", "min_confidence", "understood_as", "working",
)  # fmt: skip
TURN_KEYS = ("ask", "name", "tags", *ASSERTIONS)
CASE_KEYS = (*TURN_KEYS, "conversation")
SET_KEYS = ("knowledge", "tags", "cases")
SET_SUFFIXES = (".yaml", ".yml")
# a quoted YAML string that closes on its own line, then perhaps a comment
_WHOLE_QUOTED_RE = re.compile(r'"(?:[^"\\]|\\.)*"\s*(?:#.*)?' + "|" + r"'(?:[^']|'')*'\s*(?:#.*)?")


class SetError(Exception):
    """A question set that cannot be used; the message names file, line and key."""


@dataclass(frozen=True)
class Turn:
    """One question of a case with what its answer must satisfy."""

    ask: str
    expect: tuple[tuple[str, object], ...]
    line: int

    @property
    def expected(self) -> dict[str, object]:
        """The expectations as a dict."""
        return dict(self.expect)


@dataclass(frozen=True)
class Case:
    """One case: a question, or a conversation of several turns."""

    file: Path
    line: int
    name: str
    turns: tuple[Turn, ...]
    tags: frozenset[str]

    @property
    def id(self) -> str:
        """A stable name for reports: the file and the case's name or questions."""
        return f"{self.file.name}::{self.name}"


@dataclass(frozen=True)
class QuestionSet:
    """A loaded, validated question set."""

    path: Path
    knowledge: Path | None
    tags: frozenset[str]
    cases: tuple[Case, ...]


@dataclass
class TurnResult:
    """What one turn asked, what came back, and what failed."""

    turn: Turn
    resolved: str
    answer: Answer
    failures: list[str] = field(default_factory=list)


@dataclass
class CaseResult:
    """The outcome of one case."""

    case: Case
    turns: list[TurnResult]

    @property
    def passed(self) -> bool:
        """True when no turn failed."""
        return not any(t.failures for t in self.turns)

    @property
    def unchecked(self) -> bool:
        """True when a turn has no expectation (``--record`` can write one)."""
        return any(not t.turn.expect for t in self.turns)


# -- loading ----------------------------------------------------------------------------


def find_set_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The set files named, with folders searched for ``*.yaml`` and ``*.yml``."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in SET_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SetError(f"{path}: no such file or folder")
    return found


def load_set(path: Path) -> QuestionSet:
    """Read and validate one question set."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SetError(f"{path}: cannot read: {error}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SetError(
            f"{path}:{line}: not valid YAML: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(root, yaml.MappingNode):
        raise SetError(f"{path}:1: a question set is a mapping with 'cases:'")
    fields = _mapping(root, path, SET_KEYS, "set")
    if "cases" not in fields:
        raise SetError(f"{path}:1: cases: missing")
    knowledge = None
    if "knowledge" in fields:
        folder = _scalar(fields["knowledge"], path, "knowledge", str)
        knowledge = (path.parent / folder).resolve()
    tags = _tags(fields.get("tags"), path)
    cases_node = fields["cases"][1]
    if not isinstance(cases_node, yaml.SequenceNode):
        raise SetError(f"{path}:{_line(cases_node)}: cases: must be a list")
    cases = tuple(_case(node, path, tags) for node in cases_node.value)
    return QuestionSet(path, knowledge, tags, cases)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, path: Path, known: Sequence[str], what: str) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise SetError(f"{path}:{_line(node)}: a {what} is a mapping of keys to values")
    fields: dict[str, tuple[int, yaml.Node]] = {}
    for key, value in node.value:
        name = str(key.value)
        if name not in known:
            raise SetError(
                f"{path}:{_line(key)}: {name}: unknown key in a {what} (known: {', '.join(known)})"
            )
        if name in fields:
            raise SetError(f"{path}:{_line(key)}: {name}: given twice")
        fields[name] = (_line(key), value)
    return fields


def _value(node: yaml.Node, path: Path) -> object:
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.YAMLError as error:  # an unknown tag such as !!python/name
        problem = " ".join(str(getattr(error, "problem", error)).split())
        raise SetError(f"{path}:{_line(node)}: not allowed here: {problem}") from None


def _scalar(field_: tuple[int, yaml.Node], path: Path, key: str, kind: type | tuple) -> object:
    line, node = field_
    value = _value(node, path)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        value = None
    if not isinstance(value, kinds):
        names = " or ".join(k.__name__.replace("str", "text").replace("int", "whole number")
                            .replace("float", "number").replace("bool", "true/false") for k in kinds)  # fmt: skip
        raise SetError(f"{path}:{line}: {key}: must be {names}")
    return value


def _tags(field_: tuple[int, yaml.Node] | None, path: Path) -> frozenset[str]:
    if field_ is None:
        return frozenset()
    value = _value(field_[1], path)
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    raise SetError(f"{path}:{field_[0]}: tags: must be text or a list of text")


def _case(node: yaml.Node, path: Path, set_tags: frozenset[str]) -> Case:
    fields = _mapping(node, path, CASE_KEYS, "case")
    tags = set_tags | _tags(fields.get("tags"), path)
    if "conversation" in fields:
        extra = set(fields) - {"conversation", "name", "tags"}
        if extra:
            key = sorted(extra)[0]
            raise SetError(f"{path}:{fields[key][0]}: {key}: belongs in a turn of the conversation")
        line, turns_node = fields["conversation"]
        if not isinstance(turns_node, yaml.SequenceNode) or not turns_node.value:
            raise SetError(f"{path}:{line}: conversation: must be a list of turns")
        turns = tuple(
            _turn(_mapping(t, path, TURN_KEYS, "turn"), path, _line(t)) for t in turns_node.value
        )
    else:
        turns = (_turn(fields, path, _line(node)),)
    name = (
        str(_scalar(fields["name"], path, "name", str))
        if "name" in fields
        else " / ".join(t.ask for t in turns)
    )
    return Case(path, _line(node), name, turns, tags)


def _turn(fields: dict, path: Path, line: int) -> Turn:
    if "ask" not in fields:
        raise SetError(f"{path}:{line}: ask: missing (every case or turn asks a question)")
    ask = str(_scalar(fields["ask"], path, "ask", str)).strip()
    if not ask:
        raise SetError(f"{path}:{fields['ask'][0]}: ask: is empty")
    expect: dict[str, object] = {}
    for key in ASSERTIONS:
        if key in fields:
            expect[key] = _assertion(key, fields[key], path)
    if "tolerance" in expect and "number" not in expect:
        raise SetError(f"{path}:{fields['tolerance'][0]}: tolerance: goes with number")
    return Turn(ask, tuple(expect.items()), line)


def _assertion(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    line, node = field_
    if key in ("answer", "understood_as", "working"):
        return str(_scalar(field_, path, key, (str, int, float)))
    if key in ("contains", "not_contains"):
        value = _value(node, path)
        items = (
            [value]
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            else value
        )
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(i, (str, int, float)) for i in items)
        ):
            raise SetError(f"{path}:{line}: {key}: must be text or a list of text")
        return tuple(str(i) for i in items)
    if key == "regex":
        pattern = str(_scalar(field_, path, key, str))
        try:
            re.compile(pattern)
        except re.error as error:
            raise SetError(
                f"{path}:{line}: regex: not a valid regular expression: {error}"
            ) from None
        return pattern
    if key in ("number", "tolerance"):
        value = float(_scalar(field_, path, key, (int, float)))  # type: ignore[arg-type]
        if key == "tolerance" and value < 0:
            raise SetError(f"{path}:{line}: tolerance: must not be negative")
        return value
    if key == "min_confidence":
        value = float(_scalar(field_, path, key, (int, float)))  # type: ignore[arg-type]
        if not 0 <= value <= 1:
            raise SetError(f"{path}:{line}: min_confidence: must be between 0 and 1")
        return value
    if key == "no_answer":
        return _scalar(field_, path, key, bool)
    if key == "one_of":
        value = _value(node, path)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(i, (str, int, float)) for i in value)
        ):
            raise SetError(f"{path}:{line}: one_of: must be a list of answers")
        return tuple(str(i) for i in value)
    # cites
    value = _value(node, path)
    if not isinstance(value, dict) or not value or set(value) - {"source", "paragraph"}:
        raise SetError(f"{path}:{line}: cites: must be a mapping with source and/or paragraph")
    if "paragraph" in value and (
        isinstance(value["paragraph"], bool) or not isinstance(value["paragraph"], int)
    ):
        raise SetError(f"{path}:{line}: cites: paragraph must be a whole number")
    if "source" in value and not isinstance(value["source"], str):
        raise SetError(f"{path}:{line}: cites: source must be text")
    return tuple(sorted(value.items()))


# -- judging ------------------------------------------------------------------------------


def normalise_answer(text: str) -> str:
    """Lower case, no punctuation, no articles a/an/the, single spaces (the SQuAD rule)."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in string.punctuation)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def number_in(text: str) -> float | None:
    """The number an answer states: digits ("about 2.0 times", "1,200") or words ("a dozen")."""
    digits = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if digits:
        return float(digits.group().replace(",", ""))
    words = [w.strip(string.punctuation) for w in text.split()]
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            value = parse_number(words[start:end])
            if value is not None:
                return value
    return None


def judge(expect: dict[str, object], answer: Answer, resolved: str) -> list[str]:
    """Every expectation the answer fails, as a sentence; empty when all hold."""
    failures: list[str] = []
    if "understood_as" in expect and resolved != expect["understood_as"]:
        failures.append(f"understood as {resolved!r}, expected {expect['understood_as']!r}")
    if "no_answer" in expect:
        if expect["no_answer"] and answer.found:
            failures.append("expected no answer")
        if not expect["no_answer"] and not answer.found:
            failures.append("expected an answer")
    wants_answer = set(expect) - {"no_answer", "understood_as"}
    if wants_answer and not answer.found:
        return [*failures, "expected an answer, got none"]
    if not answer.found:
        return failures
    text = answer.text or ""
    normal = normalise_answer(text)
    if "answer" in expect and normal != normalise_answer(str(expect["answer"])):
        failures.append(f"answer is not {expect['answer']!r}")
    for needle in expect.get("contains", ()):  # type: ignore[union-attr]
        if normalise_answer(needle) not in normal:
            failures.append(f"answer does not contain {needle!r}")
    for needle in expect.get("not_contains", ()):  # type: ignore[union-attr]
        if normalise_answer(needle) in normal:
            failures.append(f"answer contains {needle!r}")
    if "regex" in expect and not re.search(str(expect["regex"]), text):
        failures.append(f"answer does not match /{expect['regex']}/")
    if "number" in expect:
        value = number_in(text)
        tolerance = float(expect.get("tolerance", 0))  # type: ignore[arg-type]
        if value is None or abs(value - float(expect["number"])) > tolerance:  # type: ignore[arg-type]
            failures.append(
                f"number is not {expect['number']:g}" + (f" ± {tolerance:g}" if tolerance else "")
            )
    if "one_of" in expect and normal not in {normalise_answer(o) for o in expect["one_of"]}:  # type: ignore[union-attr]
        failures.append("answer is none of " + ", ".join(repr(o) for o in expect["one_of"]))  # type: ignore[union-attr]
    if "working" in expect and str(expect["working"]) not in (answer.working or ""):
        failures.append(f"working does not show {expect['working']!r}")
    if "cites" in expect:
        cites = dict(expect["cites"])  # type: ignore[arg-type]
        citation = answer.citation
        if citation is None:
            failures.append("answer cites nothing")
        else:
            if "source" in cites and citation.source_id != cites["source"]:
                failures.append(f"cites {citation.source_id}, expected {cites['source']}")
            if "paragraph" in cites and citation.paragraph != cites["paragraph"]:
                failures.append(
                    f"cites paragraph {citation.paragraph}, expected {cites['paragraph']}"
                )
    if "min_confidence" in expect and answer.confidence < float(expect["min_confidence"]):  # type: ignore[arg-type]
        failures.append(f"confidence {answer.confidence:.2f} is below {expect['min_confidence']}")
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


def run_case(bot: Bot, case: Case) -> CaseResult:
    """Ask every turn of a case, in order, sharing one conversation."""
    conversation = Conversation()
    results = []
    for turn in case.turns:
        resolved = conversation.resolve(turn.ask)
        try:
            answer = bot.ask(resolved)
        except QuestionError as error:  # an unaskable question fails its case, in one line
            refused = no_answer(resolved[:200], f"the question cannot be asked: {error}")
            results.append(TurnResult(turn, resolved[:200], refused, [str(error)]))
            continue
        conversation.record(turn.ask, resolved, answer)
        results.append(TurnResult(turn, resolved, answer, judge(turn.expected, answer, resolved)))
    return CaseResult(case, results)


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
    The file is replaced atomically. Returns how many turns were written."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    inserts: list[tuple[int, str]] = []
    for result in results:
        if result.case.file != path:
            continue
        for turn_result in result.turns:
            if turn_result.turn.expect:
                continue
            index = _ask_line_index(lines, turn_result.turn)
            if index is None:
                continue
            indent = re.match(r"\s*(?:-\s+)?", lines[index]).group()  # type: ignore[union-attr]
            column = " " * len(indent)
            answer = turn_result.answer
            written = f"answer: {_yaml_text(answer.text)}" if answer.found else "no_answer: true"
            inserts.append((index + 1, f"{column}{written}\n"))
    if not inserts:
        return 0
    for index, text in sorted(inserts, reverse=True):
        lines.insert(index, text)
    updated = "".join(lines)
    probe = path.with_name(f".{path.name}.check")
    try:  # the file must still be a valid set with the same cases before it is replaced
        probe.write_text(updated, encoding="utf-8")
        if len(load_set(probe).cases) != len(load_set(path).cases):
            raise SetError(f"{path}: recording would change the cases; nothing written")
    finally:
        probe.unlink(missing_ok=True)
    write_atomically(path, lambda out: out.write(updated.encode("utf-8")))
    return len(inserts)


def _ask_line_index(lines: list[str], turn: Turn) -> int | None:
    """The index of the ``ask:`` line of a turn (its mapping starts at ``turn.line``),
    or None when the question is not on that one line in block style (a flow mapping,
    a block scalar, a continued string): there is no safe place to write then."""
    for index in range(turn.line - 1, min(len(lines), turn.line + 40)):
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
