"""Text and JSON previews: read-only plain text, and JSON as a foldable tree plus raw text."""

from __future__ import annotations

import html
import json
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui import formats, theme
from ensure_browser.ui.preview.content import JsonContent, TextContent
from ensure_browser.ui.preview.widgets import notice_label
from ensure_browser.ui.theme import tone

log = logging.getLogger(__name__)


def _monospace() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def raw_text_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setFont(_monospace())
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setUndoRedoEnabled(False)
    return edit


class TextView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = notice_label()
        self.edit = raw_text_edit()
        self.edit.setAccessibleName(self.tr("Text"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.edit, 1)

    def set_text(self, content: TextContent, total_size: int | None = None) -> None:
        notes = [content.note] if content.note else []
        if content.truncated:
            notes.append(self.tr("Only the first {0} of {1} are shown: the file was truncated for the "
                                 "preview. Download it to see all of it.").format(
                formats.size(content.shown_bytes),
                formats.size(total_size) if total_size else self.tr("a larger file")))
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))
        self.edit.setPlainText(content.text)

    def clear(self) -> None:
        self.notice.hide()
        self.edit.clear()

    def text(self) -> str:
        return self.edit.toPlainText()


_PENDING = "__pending__"  # marks a JSON tree item whose children are made when it is expanded


class JsonView(QWidget):
    """Summary (when recognisable), a foldable tree and the raw pretty-printed text."""

    def __init__(self, parent: QWidget | None = None, *, children_shown: int = 1000) -> None:
        super().__init__(parent)
        self.children_shown = children_shown
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.hide()
        self._summary: JsonContent | None = None
        theme.changed().changed.connect(self._show_summary)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setAccessibleName(self.tr("JSON tree"))
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Value"), self.tr("Type")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemExpanded.connect(self._populate)
        self.raw = raw_text_edit()
        self.raw.setAccessibleName(self.tr("Raw JSON"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tree, self.tr("Tree"))
        self.tabs.addTab(self.raw, self.tr("Raw"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self._values: list[Any] = []  # containers not yet expanded, by index (UserRole)

    def set_json(self, content: JsonContent) -> None:
        self.clear()
        if content.summary:
            self._summary = content
            self._show_summary()
            self.summary.show()
        self._add_children(self.tree.invisibleRootItem(), content.value)
        if self.tree.topLevelItemCount() <= 50:
            for i in range(self.tree.topLevelItemCount()):
                item = self.tree.topLevelItem(i)
                if item is not None and item.childCount():
                    item.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.raw.setPlainText(content.pretty)

    def _show_summary(self, *_theme: object) -> None:
        """The summary, in the theme's colours (written again after a theme switch)."""
        content = self._summary
        if content is None:
            return
        muted = tone("muted")
        rows = "".join(f"<tr><td style='color:{muted};padding-right:10px'>{html.escape(k)}</td>"
                       f"<td><b>{html.escape(v)}</b></td></tr>" for k, v in content.summary)
        self.summary.setText(f"<b>{html.escape(content.summary_title)}</b><table>{rows}</table>")

    def clear(self) -> None:
        self._summary = None
        self.summary.hide()
        self.tree.clear()
        self.raw.clear()
        self._values.clear()

    # -- lazy tree -----------------------------------------------------------------------------------
    def _add_children(self, parent: QTreeWidgetItem, value: Any) -> None:
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        shown = items[: self.children_shown]
        new = [self._item(str(k) if isinstance(value, dict) else f"[{k}]", v) for k, v in shown]
        if len(items) > len(shown):
            more = QTreeWidgetItem([self.tr("… {0} more").format(len(items) - len(shown)), "", ""])
            more.setToolTip(0, self.tr("See the Raw tab for all of them."))
            new.append(more)
        parent.addChildren(new)

    def _item(self, key: str, value: Any) -> QTreeWidgetItem:
        if isinstance(value, dict | list):
            kind = "object" if isinstance(value, dict) else "array"
            summary = self.tr("{0} keys").format(len(value)) if isinstance(value, dict) else \
                self.tr("{0} items").format(len(value))
            item = QTreeWidgetItem([key, summary, kind])
            if value:
                item.addChild(QTreeWidgetItem([_PENDING]))
                item.setData(0, Qt.ItemDataRole.UserRole, len(self._values))
                self._values.append(value)
            return item
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        kind = {bool: "boolean", int: "number", float: "number", str: "string"}.get(type(value), "null")
        item = QTreeWidgetItem([key, text if len(text) <= 500 else text[:500] + "…", kind])
        if len(text) > 80:
            item.setToolTip(1, text[:4000])
        return item

    def _populate(self, item: QTreeWidgetItem) -> None:
        first = item.child(0) if item.childCount() == 1 else None
        if first is not None and first.text(0) == _PENDING:
            item.takeChild(0)
            slot = item.data(0, Qt.ItemDataRole.UserRole)
            if isinstance(slot, int) and 0 <= slot < len(self._values):
                value, self._values[slot] = self._values[slot], None
                self._add_children(item, value)

    def find_items(self, key: str) -> list[QTreeWidgetItem]:
        """Items whose key is ``key`` among the items made so far (for tests and search)."""
        return self.tree.findItems(key, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
