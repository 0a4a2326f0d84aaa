"""Facts stage, curated: facts a person wrote in ``facts.yaml`` because extraction
misses them or gets them wrong. They replace an extracted fact of the same kind and
subject in the same paragraph, and are added otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from ..files import compose_yaml, line_of
from ..language.numbers import parse_number
from ..language.sentences import split_sentences
from ..model import FACT_KINDS, QUALIFIERS, Fact, KnowledgeError, Passage

CURATED_FILE = "facts.yaml"
_REQUIRED = ("kind", "subject", "value", "source", "paragraph")
_FIELDS = (*_REQUIRED, "number", *QUALIFIERS)


def load_curated(
    path: Path, passages: Sequence[Passage], warn: Callable[[str], None] = lambda _: None
) -> list[Fact]:
    """Read curated facts from ``path`` (a missing file holds none).

    Raises KnowledgeError naming the file and line for bad YAML, an unknown field or a
    bad value. A fact about a source or paragraph that is not loaded (removed, or
    skipped because it cannot be parsed) is left out, with a warning naming its line.
    """
    if not path.exists():
        return []
    root = compose_yaml(path, KnowledgeError)
    if root is None:
        return []
    by_place = {(p.source_id, p.paragraph): p for p in passages}
    facts = []
    for item in _facts_list(root, path):
        try:
            facts.append(_curated_fact(item, path, by_place))
        except _NotLoaded as missing:
            warn(f"skipped a curated fact: {missing}")
    return facts


class _NotLoaded(KnowledgeError):
    """A curated fact about a source or paragraph that is not loaded."""


def curated_sources(path: Path) -> dict[str, list[int]]:
    """The source ids the curated facts in ``path`` are about, with the line of each
    fact (an unreadable file refers to none)."""
    try:
        root = compose_yaml(path, KnowledgeError) if path.exists() else None
        items = _facts_list(root, path) if root is not None else []
    except KnowledgeError:
        return {}
    found: dict[str, list[int]] = {}
    for item in items:
        for key, value in item.value:
            if key.value == "source" and isinstance(value, yaml.ScalarNode):
                found.setdefault(str(value.value).strip(), []).append(line_of(item))
    return found


def _facts_list(root: yaml.Node, path: Path) -> list[yaml.MappingNode]:
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(f"{path}:{line_of(root)}: expected 'facts:' and a list")
    for key, value in root.value:
        if key.value != "facts":
            raise KnowledgeError(f"{path}:{line_of(key)}: unknown field {key.value!r}")
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~"):
            return []
        if not isinstance(value, yaml.SequenceNode):
            raise KnowledgeError(f"{path}:{line_of(value)}: 'facts' must be a list")
        for item in value.value:
            if not isinstance(item, yaml.MappingNode):
                raise KnowledgeError(f"{path}:{line_of(item)}: a fact is a set of fields")
        return list(value.value)
    return []


def _fields(node: yaml.MappingNode, path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """The fact's fields as text, and the line of each."""
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, value in node.value:
        if key.value not in _FIELDS:
            known = ", ".join(_FIELDS)
            raise KnowledgeError(
                f"{path}:{line_of(key)}: unknown field {key.value!r} (known: {known})"
            )
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            raise KnowledgeError(f"{path}:{line_of(key)}: {key.value} must be a single value")
        fields[key.value] = str(value.value).strip()
        lines[key.value] = line_of(key)
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        raise KnowledgeError(f"{path}:{line_of(node)}: fact is missing {', '.join(missing)}")
    return fields, lines


def _curated_fact(
    node: yaml.MappingNode, path: Path, by_place: dict[tuple[str, int], Passage]
) -> Fact:
    fields, lines = _fields(node, path)
    if fields["kind"] not in FACT_KINDS:
        raise KnowledgeError(f"{path}:{lines['kind']}: kind must be one of {', '.join(FACT_KINDS)}")
    if not re.fullmatch(r"[0-9]{1,9}", fields["paragraph"]):
        raise KnowledgeError(f"{path}:{lines['paragraph']}: paragraph must be a whole number")
    passage = by_place.get((fields["source"], int(fields["paragraph"])))
    if passage is None:
        raise _NotLoaded(
            f"{path}:{lines['source']}: no paragraph {fields['paragraph']} in a source "
            f"{fields['source']!r}"
        )
    number = parse_number(fields.get("number", fields["value"]).replace("%", "").split())
    if "number" in fields and number is None:
        raise KnowledgeError(f"{path}:{lines['number']}: number must be a number")
    qualifiers = tuple((q, fields[q]) for q in QUALIFIERS if q in fields)
    sentence = _sentence_holding(passage.text, fields["value"])
    return Fact(
        fields["kind"],
        fields["subject"],
        fields["value"],
        number,
        qualifiers,
        passage.citation,
        sentence,
        "curated",
    )


def _sentence_holding(paragraph: str, value: str) -> str:
    sentences = split_sentences(paragraph)
    return next((s for s in sentences if value in s), sentences[0] if sentences else paragraph)


def merge_curated(extracted: Sequence[Fact], curated: list[Fact]) -> list[Fact]:
    """Curated facts replace extracted ones of the same kind and subject in the same
    paragraph, and are added otherwise."""

    def place(fact: Fact) -> tuple[str, str, str, int]:
        return (fact.kind, fact.subject.lower(), fact.citation.source_id, fact.citation.paragraph)

    replaced = {place(f) for f in curated}
    return [f for f in extracted if place(f) not in replaced] + curated
