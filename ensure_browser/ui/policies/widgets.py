"""The small widgets and texts every part of the Policies panel shares: tables, sentences, colours."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ensure_browser.core.severity import SEVERITIES
from ensure_browser.ui import i18n
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.theme import tone
from ensure_browser.ui.toned import tone_item, track_table

#: The theme's colour names (:func:`~ensure_browser.ui.theme.tone`) per severity (worst first, as
#: :data:`~ensure_browser.core.severity.SEVERITIES`) and for "as it should be" (``ok``): labels and cells
#: take them with ui/toned.py, so they follow a theme switch.
SEVERITY_TONES: Mapping[str, str] = {**dict(zip(SEVERITIES, ("error", "warning", "muted"), strict=True)), "ok": "ok"}


class _SeverityColors(Mapping[str, str]):
    """The theme's colour (:func:`~ensure_browser.ui.theme.tone`) at each lookup (for rich text)."""

    def __getitem__(self, key: str) -> str:
        return tone(SEVERITY_TONES[key])

    def __iter__(self) -> Iterator[str]:
        return iter(SEVERITY_TONES)

    def __len__(self) -> int:
        return len(SEVERITY_TONES)


SEVERITY_COLORS: Mapping[str, str] = _SeverityColors()


def error_text(exc: BaseException) -> str:
    """What an error says to people (a StorageError's message translated, else the exception's text)."""
    return i18n.error_text(exc)


def pretty(text: str | None) -> str:
    """Indented JSON in the server's element order; the text itself when it is not JSON."""
    if text is None:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def item(text: str, tooltip: str = "", tone_name: str | None = None) -> QTableWidgetItem:
    """A read-only cell; ``tone_name`` colours its text with the theme (SEVERITY_TONES)."""
    text = tr_text(text)  # a text from the core (ensure_browser.core.texts.Text) is shown translated
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    cell.setToolTip(tr_text(tooltip) or text)
    return tone_item(cell, tone_name)


def table(headers: list[str]) -> QTableWidget:
    view = QTableWidget(0, len(headers))
    view.setHorizontalHeaderLabels(headers)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    for col in range(len(headers) - 1):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_args: view.resizeRowsToContents())  # re-wrap long text
    return view


def fill(view: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    track_table(view)  # its toned cells follow a theme switch
    view.setRowCount(0)
    view.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            view.setItem(r, c, cell)
    view.resizeRowsToContents()


def fit_rows(view: QTableWidget) -> None:
    """A table exactly as tall as its rows (it sits above text, not in a scroll area of its own)."""
    height = view.horizontalHeader().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(r) for r in range(view.rowCount()))
    view.setFixedHeight(height + 2)


def bullets(lines: list[tuple[str, str | None]]) -> str:
    """HTML list of (text, color) items."""
    items = "".join(
        f"<li style='color:{color}'>{html.escape(tr_text(text))}</li>" if color
        else f"<li>{html.escape(tr_text(text))}</li>"
        for text, color in lines
    )
    return f"<ul style='margin-left:-20px'>{items}</ul>"


def text_label(name: str = "") -> QLabel:
    """A wrapped, selectable label for sentences (explanations, errors, status)."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def row(*widgets: QWidget) -> QHBoxLayout:
    """Widgets side by side, left-aligned."""
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return layout


def monospace(edit: QPlainTextEdit) -> None:
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
