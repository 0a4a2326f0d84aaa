"""What each subcommand prints: facts, sources, and the JSON of an answer computed from facts."""

from __future__ import annotations

import json

from support import Ran, run


def run_facts(*args: str) -> Ran:
    return run("facts", *args)


def test_facts_command_lists_facts_with_sources() -> None:
    result = run_facts()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("girls = 80" in line and "paragraph 13" in line for line in lines)
    assert any(
        "Danette Buskovick" in line and "Office of Justice Programs" in line for line in lines
    )
    assert any("= 31" in line and "time: 2012" in line and "derived" in line for line in lines)


def test_facts_command_filters_and_prints_json() -> None:
    result = run_facts("--json", "boys")
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["subject"], f["value"]) for f in facts] == [("boys", "11")]
    assert facts[0]["sources"][0]["paragraph"] == 13
    assert run_facts("no such thing").stdout == ""


def test_ask_json_carries_the_facts_used() -> None:
    result = run("ask", "--json", "how many children were being helped?")
    answer = json.loads(result.stdout)
    assert answer["answer"] == "91" and answer["working"] == "11 boys + 80 girls"
    assert [f["subject"] for f in answer["facts"]] == ["boys", "girls"]


def test_facts_filter_matches_the_source_too() -> None:
    result = run("facts", "mpr-sex")
    assert result.returncode == 0 and len(result.stdout.splitlines()) > 5
