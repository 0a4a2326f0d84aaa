"""Question sets: loaded and validated, every mistake named by its file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa.evaluation.question_sets import find_set_files, load_set
from article_qa.model import SetError
from article_qa.ui.exits import EXIT_BROKEN_SET
from support import run


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases:\n  - ask: hi\n    answr: x\n", "bad.yaml:3: answr: unknown key in a case"),
        ("cases:\n  - ask: hi\n    number: lots\n", "bad.yaml:3: number: must be"),
        ("cases:\n  - ask: hi\n    number: .nan\n", "bad.yaml:3: number: must be a finite"),
        ("cases:\n  - ask: hi\n    number: -.inf\n", "bad.yaml:3: number: must be a finite"),
        (
            "cases:\n  - ask: hi\n    no_answer: maybe\n",
            "bad.yaml:3: no_answer: must be true/false",
        ),
        (
            "cases:\n  - ask: hi\n    regex: '('\n",
            "bad.yaml:3: regex: not a valid regular expression",
        ),
        ("cases:\n  - ask: hi\n    cites: {page: 2}\n", "bad.yaml:3: cites: must be a mapping"),
        (
            "cases:\n  - ask: hi\n    min_confidence: 2\n",
            "bad.yaml:3: min_confidence: must be between",
        ),
        ("cases:\n  - ask: hi\n    tolerance: 1\n", "bad.yaml:3: tolerance: goes with number"),
        ("cases:\n  - answer: x\n", "bad.yaml:2: ask: missing"),
        ("cases: {}\n", "bad.yaml:1: cases: must be a list"),
        ("knowledg: x\ncases: []\n", "bad.yaml:1: knowledg: unknown key in a set"),
        ("cases:\n  - ask: [\n", "bad.yaml:3: not valid YAML"),
        ("- ask: hi\n", "bad.yaml:1: a question set is a mapping"),
    ],
)
def test_malformed_sets_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SetError) as error:
        load_set(path)
    assert message in str(error.value)
    result = run("check", str(path))
    assert result.returncode == EXIT_BROKEN_SET
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_set_path_is_a_broken_set(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == EXIT_BROKEN_SET and "no such file" in result.stderr


def test_yaml_tags_are_refused_as_a_broken_set(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("cases:\n  - ask: !!python/name:os.system hi\n")
    with pytest.raises(SetError, match="set.yaml:2: not allowed here"):
        load_set(path)
    assert run("check", str(path)).returncode == 4


def test_sets_are_found_in_folders(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("cases: []\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("cases: []\n")
    (tmp_path / "notes.txt").write_text("x")
    assert [p.name for p in find_set_files([tmp_path])] == ["a.yaml", "b.yml"]
