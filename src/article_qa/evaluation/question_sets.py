"""Evaluation: question sets, loaded from YAML and validated.

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

import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..files import compose_yaml, line_of, yaml_value
from ..model import SetError

ASSERTIONS = (
    "answer",
    "contains",
    "not_contains",
    "regex",
    "number",
    "tolerance",
    "one_of",
    "no_answer",
    "cites",
    "min_confidence",
    "understood_as",
    "working",
)
TURN_KEYS = ("ask", "name", "tags", *ASSERTIONS)
CASE_KEYS = (*TURN_KEYS, "conversation")
SET_KEYS = ("knowledge", "tags", "cases")
SET_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Expectation:
    """What an answer must satisfy, each field None (or empty) when not asked for."""

    answer: str | None = None
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    regex: str | None = None
    number: float | None = None
    tolerance: float = 0.0
    one_of: tuple[str, ...] = ()
    no_answer: bool | None = None
    cites: tuple[tuple[str, object], ...] = ()
    min_confidence: float | None = None
    understood_as: str | None = None
    working: str | None = None

    @property
    def wants_answer(self) -> bool:
        """True when something other than no_answer and understood_as is expected."""
        optional = (self.answer, self.regex, self.number, self.min_confidence, self.working)
        listed = (self.contains, self.not_contains, self.one_of, self.cites)
        return any(v is not None for v in optional) or any(listed)


@dataclass(frozen=True)
class Step:
    """One question of a case (a single question, or one turn of a conversation) with
    what its answer must satisfy, in the order the set gives it."""

    ask: str
    expect: tuple[tuple[str, object], ...]
    line: int

    @property
    def expected(self) -> dict[str, object]:
        """The expectations as a dict, in the set's order."""
        return dict(self.expect)

    @property
    def expectation(self) -> Expectation:
        """The expectations as a typed record."""
        # each value was checked for its key's type when the set was read
        return Expectation(**self.expected)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """One case: a question, or a conversation of several turns."""

    file: Path
    line: int
    name: str
    steps: tuple[Step, ...]
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


# -- loading ----------------------------------------------------------------------------


def find_set_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The set files named, with folders searched for ``*.yaml`` and ``*.yml``."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in SET_SUFFIXES and p.is_file())
            if not inside:
                raise SetError(f"{path}: no question sets (*.yaml) in this folder")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise SetError(f"{path}: no such file or folder")
    return found


def load_set(path: Path, text: str | None = None) -> QuestionSet:
    """Read and validate one question set (from ``text`` when given, named ``path``)."""
    root = compose_yaml(path, SetError, text)
    if not isinstance(root, yaml.MappingNode):
        raise SetError(f"{path}:1: a question set is a mapping with 'cases:'")
    fields = _mapping(root, path, SET_KEYS, "set")
    if "cases" not in fields:
        raise SetError(f"{path}:1: cases: missing")
    knowledge = None
    if "knowledge" in fields:
        folder = str(_scalar(fields["knowledge"], path, "knowledge", str))
        knowledge = (path.parent / folder).resolve()
    tags = _tags(fields.get("tags"), path)
    cases_node = fields["cases"][1]
    if not isinstance(cases_node, yaml.SequenceNode):
        raise SetError(f"{path}:{line_of(cases_node)}: cases: must be a list")
    cases = tuple(_case(node, path, tags) for node in cases_node.value)
    return QuestionSet(path, knowledge, tags, cases)


def _mapping(
    node: yaml.Node, path: Path, known: Sequence[str], what: str
) -> dict[str, tuple[int, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise SetError(f"{path}:{line_of(node)}: a {what} is a mapping of keys to values")
    fields: dict[str, tuple[int, yaml.Node]] = {}
    for key, value in node.value:
        name = str(key.value)
        if name not in known:
            raise SetError(
                f"{path}:{line_of(key)}: {name}: unknown key in a {what} (known: {', '.join(known)})"
            )
        if name in fields:
            raise SetError(f"{path}:{line_of(key)}: {name}: given twice")
        fields[name] = (line_of(key), value)
    return fields


def _value(node: yaml.Node, path: Path) -> object:
    return yaml_value(node, path, SetError)


def _scalar(
    field_: tuple[int, yaml.Node], path: Path, key: str, kind: type | tuple[type, ...]
) -> object:
    line, node = field_
    value = _value(node, path)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        value = None
    if not isinstance(value, kinds):
        names = " or ".join(
            k.__name__.replace("str", "text")
            .replace("int", "whole number")
            .replace("float", "number")
            .replace("bool", "true/false")
            for k in kinds
        )
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
        steps = tuple(
            _step(_mapping(t, path, TURN_KEYS, "turn"), path, line_of(t)) for t in turns_node.value
        )
    else:
        steps = (_step(fields, path, line_of(node)),)
    name = (
        str(_scalar(fields["name"], path, "name", str))
        if "name" in fields
        else " / ".join(t.ask for t in steps)
    )
    return Case(path, line_of(node), name, steps, tags)


def _step(fields: dict[str, tuple[int, yaml.Node]], path: Path, line: int) -> Step:
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
    return Step(ask, tuple(expect.items()), line)


def _assertion(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    read = _TEXT_KEYS.get(key) or _OTHER_KEYS[key]
    return read(key, field_, path)


def _text(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    return str(_scalar(field_, path, key, (str, int, float)))


def _texts(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    line, node = field_
    value = _value(node, path)
    single = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    items = [value] if single else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, (str, int, float)) for i in items)
    ):
        what = "a list of answers" if key == "one_of" else "text or a list of text"
        raise SetError(f"{path}:{line}: {key}: must be {what}")
    if key == "one_of" and single:
        raise SetError(f"{path}:{line}: one_of: must be a list of answers")
    return tuple(str(i) for i in items)


def _regex(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    pattern = str(_scalar(field_, path, key, str))
    try:
        re.compile(pattern)
    except re.error as error:
        raise SetError(
            f"{path}:{field_[0]}: regex: not a valid regular expression: {error}"
        ) from None
    return pattern


def _number(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    value = _scalar(field_, path, key, (int, float))
    assert isinstance(value, (int, float))
    number = float(value)
    if not math.isfinite(number):
        raise SetError(f"{path}:{field_[0]}: {key}: must be a finite number")
    if key == "tolerance" and number < 0:
        raise SetError(f"{path}:{field_[0]}: tolerance: must not be negative")
    if key == "min_confidence" and not 0 <= number <= 1:
        raise SetError(f"{path}:{field_[0]}: min_confidence: must be between 0 and 1")
    return number


def _flag(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    return _scalar(field_, path, key, bool)


def _cites(key: str, field_: tuple[int, yaml.Node], path: Path) -> object:
    line, node = field_
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


_Reader = Callable[[str, tuple[int, yaml.Node], Path], object]
_TEXT_KEYS: dict[str, _Reader] = {
    "answer": _text,
    "understood_as": _text,
    "working": _text,
    "contains": _texts,
    "not_contains": _texts,
    "one_of": _texts,
}
_OTHER_KEYS: dict[str, _Reader] = {
    "regex": _regex,
    "number": _number,
    "tolerance": _number,
    "min_confidence": _number,
    "no_answer": _flag,
    "cites": _cites,
}
