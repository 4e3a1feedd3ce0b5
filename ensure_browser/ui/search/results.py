"""The search results as a table: kind, name, where, size, date, matching OCR text.

Server strings (names, keys, OCR text) are shown as plain text only (never rich text); the snippet's
matched words are marked with « » (the index marks them with control characters no cleaned text has).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ensure_browser.core.search.query import HIT_END, HIT_START, Hit
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, schema_label, tr, tr_text

__all__ = ["COLUMNS", "ResultsModel", "snippet_text"]



COLUMNS = (QT_TR_NOOP("Kind"), QT_TR_NOOP("Name"), QT_TR_NOOP("Where"),
           QT_TR_NOOP("Size"), QT_TR_NOOP("Modified"), QT_TR_NOOP("Matching text"))
HitRole = Qt.ItemDataRole.UserRole + 1


def snippet_text(snippet: str) -> str:
    return snippet.replace(HIT_START, "«").replace(HIT_END, "»")


def _when(modified: float | None) -> str:
    return formats.date_time(modified)


class ResultsModel(QAbstractTableModel):
    """The hits of the last search, replaced as a whole (one reset per search)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def hit_at(self, row: int) -> Hit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row())
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (schema_label(hit.kind_label), hit.title, tr_text(hit.where), formats.size(hit.size),
                    _when(hit.modified), snippet_text(hit.snippet))[column]
        if role == Qt.ItemDataRole.ToolTipRole:  # rich text made of escaped server strings (never their markup)
            if column == 1:
                return f"<p>{html.escape(hit.location)}</p>"
            if column == 5 and hit.snippet:
                return f"<p>{html.escape(snippet_text(hit.snippet))}</p>"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == HitRole:
            return hit
        return None
