"""A preview pane shown for one test, and cleared (its fetches and player stopped) afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot

from ensure_browser.ui.preview import PreviewPane


@contextmanager
def shown_pane(qtbot: QtBot, width: int = 800, height: int = 600) -> Iterator[PreviewPane]:
    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    yield widget
    widget.show_node(None)
    qtbot.waitUntil(lambda: not widget.busy(), timeout=15_000)
