"""Text in a colour of the theme (an error in red, "OK" in green) that follows a theme switch.

A style sheet or a brush holds the colour it was given: after the desktop turns dark while the app runs,
a red made for a white window stays that red. :func:`set_tone` and :func:`tone_item` remember the
*name* of the colour (:func:`ensure_browser.ui.theme.tone`) on the label or the table cell, and
:func:`retone` (run after every theme change, see :func:`follow_theme`) paints each again with the new
theme's colour.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget

from ensure_browser.ui.theme import Theme, changed, tone

log = logging.getLogger(__name__)

__all__ = ["TONE_PROPERTY", "TONE_ROLE", "follow_theme", "retone", "set_tone", "tone_item"]

TONE_PROPERTY = "ensureBrowserTone"  # a widget's tone name ("" for none)
TONE_ROLE = int(Qt.ItemDataRole.UserRole) + 0x7E1  # a table cell's tone name
_following = False


def _sheet(name: str) -> str:
    # No tone is the palette's text colour, written out too: a widget whose style sheet is cleared
    # keeps the text colour of the theme it was cleared in (Qt 6.8: black on a dark window after a switch).
    color = tone(name) if name else QApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return f"color: {color};"


def set_tone(widget: QWidget, name: str | None) -> None:
    """Show ``widget``'s text in the theme's ``name`` colour ("error", "ok", "muted" ...; None: the
    palette's own), now and after every theme change."""
    follow_theme()
    widget.setProperty(TONE_PROPERTY, name or "")
    widget.setStyleSheet(_sheet(name or ""))


def tone_item(cell: QTableWidgetItem, name: str | None) -> QTableWidgetItem:
    """Show a table cell's text in the theme's ``name`` colour, now and after every theme change."""
    follow_theme()
    cell.setData(TONE_ROLE, name or None)
    if name:
        cell.setForeground(QBrush(QColor(tone(name))))
    return cell


def retone(_theme: Theme | None = None) -> None:
    """Paint every toned label and table cell with the colours of the theme in use."""
    for widget in QApplication.allWidgets():
        name = widget.property(TONE_PROPERTY)
        if isinstance(name, str):
            sheet = _sheet(name)
            if widget.styleSheet() != sheet:
                widget.setStyleSheet(sheet)
        if isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for col in range(widget.columnCount()):
                    cell = widget.item(row, col)
                    cell_tone = cell.data(TONE_ROLE) if cell is not None else None
                    if cell is not None and isinstance(cell_tone, str):
                        cell.setForeground(QBrush(QColor(tone(cell_tone))))


def follow_theme() -> None:
    """Run :func:`retone` after every theme change (once for the app; the first toned widget asks)."""
    global _following
    if not _following:
        changed().changed.connect(retone)
        _following = True
