"""The shape of the code: rooms of a size a reader can hold, no import circles, tests apart.

What import-linter and ruff do not check: no module under ensure_browser/ over 600 lines, no class
over 400, no circle between modules (imports inside functions and under TYPE_CHECKING count: they
are the same dependency, only later), and no test importing another test module or a conftest
(shared helpers live in tests/support/).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "ensure_browser"
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources(root: Path) -> dict[str, tuple[Path, ast.Module]]:
    return {_module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(root.rglob("*.py"))}


def _imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """Every module of ``known`` that ``name`` imports, wherever the import statement is."""
    found: set[str] = set()
    package = name if name in known and (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists() \
        else name.rpartition(".")[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_no_module_or_class_is_too_big() -> None:
    too_big = []
    for name, (path, tree) in _sources(PACKAGE).items():
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        if lines > MAX_MODULE_LINES:
            too_big.append(f"{name}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    too_big.append(f"{name}.{node.name}: {size} lines")
    assert too_big == []


def test_no_import_circle_between_modules() -> None:
    sources = _sources(PACKAGE)
    known = set(sources)
    graph = {name: _imports(name, tree, known) for name, (_path, tree) in sources.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert circles == []


def test_the_circle_check_can_fail(tmp_path: Path) -> None:
    a = ast.parse("def f():\n    from ensure_browser.b import g\n")
    b = ast.parse("from ensure_browser.a import f\n")
    known = {"ensure_browser.a", "ensure_browser.b"}
    assert _imports("ensure_browser.a", a, known) == {"ensure_browser.b"}
    assert _imports("ensure_browser.b", b, known) == {"ensure_browser.a"}


def test_tests_import_helpers_only_from_tests_support() -> None:
    offenders = []
    for name, (_path, tree) in _sources(REPO / "tests").items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                if not node.module.startswith("tests.support") and node.module != "tests":
                    offenders.append(f"{name}: from {node.module}")
                if node.module == "tests" and any(a.name != "support" for a in node.names):
                    offenders.append(f"{name}: from tests import {[a.name for a in node.names]}")
            elif isinstance(node, ast.Import):
                offenders += [f"{name}: import {a.name}" for a in node.names
                              if a.name.startswith("tests.") and not a.name.startswith("tests.support")]
            if isinstance(node, ast.ImportFrom) and node.module and "conftest" in node.module:
                offenders.append(f"{name}: from {node.module}")
    assert offenders == []
