"""The shape of the code: arrows only downstream, no cycle, no reading another module's
private names, short functions (the rules ``scripts/import-graph`` prints)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from support import ROOT

SPEC = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
assert SPEC and SPEC.loader
import_graph = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(import_graph)


def test_the_import_graph_points_downstream_and_functions_are_short() -> None:
    graph, problems = import_graph.check()
    assert "answering.bot" in graph and "ui.launch" in graph["__main__"]
    assert problems == []


def test_every_module_names_its_stage() -> None:
    for path in sorted((ROOT / "src" / "article_qa").rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path} has no docstring"


def test_scripts_and_tests_have_short_functions_too() -> None:
    long = []
    for folder in ("scripts", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, name, length in import_graph.long_functions(ast.parse(path.read_text())):
                long.append(f"{path.relative_to(ROOT)}:{line}: {name} is {length} lines")
    assert long == []


def test_a_detected_upward_arrow(tmp_path: Path) -> None:
    tree = ast.parse("from ..ui.cli import main\n")
    fake = import_graph.PACKAGE / "language" / "fake.py"
    ((target, _, _),) = import_graph.internal_imports(fake, tree)
    assert target == "ui.cli"
    assert import_graph.stage_of(target) > import_graph.stage_of("language.fake")
    assert import_graph.cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
