"""Text in a colour of the theme (an error in red, "OK" in green) that follows a theme switch.

A style sheet or a brush holds the colour it was given: after the desktop turns dark while the app runs,
a red made for a white window stays that red. :func:`set_tone`, :func:`set_toned_sheet` and
:func:`tone_item` remember the *names* of the colours (:func:`ensure_browser.ui.theme.tone`) on the
widget or the table cell, and :func:`retone` (run after every theme change, see :func:`follow_theme`)
paints each again with the new theme's colours.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget

from ensure_browser.ui.theme import Theme, changed, tone

log = logging.getLogger(__name__)

__all__ = ["TONE_PROPERTY", "TONE_ROLE", "follow_theme", "retone", "set_tone", "set_toned_sheet", "tone_item",
           "track_table"]

TONE_PROPERTY = "ensureBrowserTone"  # a widget's style sheet, with {tone} names for its colours
TONE_ROLE = int(Qt.ItemDataRole.UserRole) + 0x7E1  # a table cell's tone name
_following = False
# The widgets to paint again (toned ones, and tables that hold toned cells), by id; each leaves when
# Qt destroys it. Only these are touched after a theme change, never every widget of the application
# (some may be on their way out in another thread's garbage collection).
_tracked: dict[int, QWidget] = {}


def _track(widget: QWidget) -> None:
    key = id(widget)
    if key not in _tracked:
        _tracked[key] = widget
        widget.destroyed.connect(lambda *_: _tracked.pop(key, None))


def track_table(view: QTableWidget) -> None:
    """Paint ``view``'s toned cells (:func:`tone_item`) again after every theme change."""
    follow_theme()
    _track(view)


class _Colours(dict[str, str]):
    """The theme's colours by tone name; "text" is the palette's own text colour."""

    def __missing__(self, name: str) -> str:
        if name == "text":
            return QApplication.palette().color(QPalette.ColorRole.WindowText).name()
        return tone(name)


def set_toned_sheet(widget: QWidget, template: str) -> None:
    """Give ``widget`` a style sheet whose colours are tone names in braces, e.g.
    ``"QLabel {{ background: {warning-bg}; color: {warning-text}; }}"`` (CSS braces doubled); it is
    written again with the new theme's colours after every theme change."""
    follow_theme()
    _track(widget)
    widget.setProperty(TONE_PROPERTY, template)
    widget.setStyleSheet(template.format_map(_Colours()))


def set_tone(widget: QWidget, name: str | None) -> None:
    """Show ``widget``'s text in the theme's ``name`` colour ("error", "ok", "muted" ...; None: the
    palette's text colour), now and after every theme change."""
    # None is the palette's colour written out too: a widget whose style sheet is cleared keeps the
    # text colour of the theme it was cleared in (Qt 6.8: black on a dark window after a switch).
    set_toned_sheet(widget, "color: {%s};" % (name or "text"))


def tone_item(cell: QTableWidgetItem, name: str | None) -> QTableWidgetItem:
    """Show a table cell's text in the theme's ``name`` colour, now and after every theme change (of a
    table given to :func:`track_table`)."""
    follow_theme()
    cell.setData(TONE_ROLE, name or None)
    if name:
        cell.setForeground(QBrush(QColor(tone(name))))
    return cell


def retone(_theme: Theme | None = None) -> None:
    """Paint every toned widget and table cell with the colours of the theme in use."""
    colours = _Colours()
    for widget in list(_tracked.values()):
        if not shiboken6.isValid(widget):
            continue
        template = widget.property(TONE_PROPERTY)
        if isinstance(template, str):
            sheet = template.format_map(colours)
            if widget.styleSheet() != sheet:
                widget.setStyleSheet(sheet)
        if isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for col in range(widget.columnCount()):
                    cell = widget.item(row, col)
                    name = cell.data(TONE_ROLE) if cell is not None else None
                    if cell is not None and isinstance(name, str):
                        cell.setForeground(QBrush(QColor(tone(name))))


def follow_theme() -> None:
    """Run :func:`retone` after every theme change (connected once, when the first widget is toned)."""
    global _following
    if not _following:
        changed().changed.connect(retone)
        _following = True
