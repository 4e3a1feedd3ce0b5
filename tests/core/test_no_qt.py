"""The core must stay Qt-free: importing every core module in a fresh interpreter loads no Qt."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

from ensure_browser import core

CORE_DIR = Path(core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ensure_browser.ui")


def _core_modules() -> list[str]:
    return [f"ensure_browser.core.{m.name}" for m in pkgutil.iter_modules([str(CORE_DIR)])]


def test_core_sources_do_not_import_qt() -> None:
    offenders = []
    for path in CORE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []


def test_importing_core_loads_no_qt() -> None:
    mods = _core_modules()
    assert len(mods) >= 4
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in mods)
        + f"bad = [m for m in sys.modules if m.startswith({FORBIDDEN!r})]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_check_can_fail(tmp_path: Path) -> None:
    """The subprocess probe does notice Qt when a module loads it."""
    code = "import sys, PySide6.QtCore\nprint([m for m in sys.modules if m.startswith('PySide6')][:1])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PySide6" in out.stdout
