#!/usr/bin/env python3
"""Print the import graph of src/article_qa by stage, and check the arrows point downstream.

The stages, lowest first: records and files, language tools, knowledge, answering,
evaluation, user interface. A module may import its own stage or a lower one, never
a higher one; the graph has no cycle; no module imports another's private names or
reads another object's private attributes; no function is over 60 lines.

    scripts/import-graph            # the graph, then any problem; exit 1 if there is one
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "article_qa"
STAGES = {
    "version": 0,
    "model": 0,
    "files": 1,
    "language": 2,
    "knowledge": 3,
    "answering": 4,
    "evaluation": 5,
    "ui": 6,
    "__init__": 7,
    "__main__": 7,
}
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    """ "knowledge/store.py" -> "knowledge.store"."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts)


def stage_of(module: str) -> int:
    """The stage a module belongs to (by its package, or its own name at the top)."""
    return STAGES[module.split(".")[0]]


def internal_imports(path: Path, tree: ast.Module) -> list[tuple[str, int, list[str]]]:
    """(module imported, line, names imported) for every import of this package."""
    here = module_name(path).split(".")
    package = here[:-1] if path.name != "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [alias.name for alias in node.names]
            if not node.module:  # "from . import x": x is a module
                for name in names:
                    found.append((".".join([*base, name]), node.lineno, []))
            else:
                found.append((target, node.lineno, names))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("article_qa"):
            target = (node.module or "").removeprefix("article_qa").lstrip(".")
            found.append((target or "__init__", node.lineno, [a.name for a in node.names]))
    return found


def private_reads(tree: ast.Module) -> list[tuple[int, str]]:
    """Reads of a private attribute of something other than self or cls."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "argparse")
            )
        ):
            found.append((node.lineno, node.attr))
    return found


def long_functions(tree: ast.Module) -> list[tuple[int, str, int]]:
    """Functions longer than the limit: (line, name, lines)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append((node.lineno, node.name, length))
    return found


def check() -> tuple[dict[str, set[str]], list[str]]:
    """The graph (module -> modules it imports) and every problem found."""
    graph: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set()
        for target, line, names in internal_imports(path, tree):
            target = target.removesuffix(".__init__") or "__init__"
            graph[name].add(target)
            if stage_of(target) > stage_of(name):
                problems.append(
                    f"{path.relative_to(PACKAGE)}:{line}: upward arrow {name} -> {target}"
                )
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                problems.append(
                    f"{path.relative_to(PACKAGE)}:{line}: imports private {', '.join(private)}"
                )
        for line, attribute in private_reads(tree):
            problems.append(
                f"{path.relative_to(PACKAGE)}:{line}: reads another's private {attribute}"
            )
        for line, function, length in long_functions(tree):
            problems.append(f"{path.relative_to(PACKAGE)}:{line}: {function} is {length} lines")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return graph, problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from its first module)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target in graph and not state.get(target):
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [node])
    return found


def main() -> int:
    """Print the graph by stage, then the problems."""
    graph, problems = check()
    for module in sorted(graph, key=lambda m: (stage_of(m), m)):
        targets = ", ".join(sorted(graph[module])) or "-"
        print(f"[{stage_of(module)}] {module:<26} -> {targets}")
    print()
    print(
        "\n".join(problems)
        if problems
        else "no upward arrow, no cycle, no private reads, no long function"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
