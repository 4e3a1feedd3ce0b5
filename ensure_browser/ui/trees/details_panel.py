"""The details pane: what the selected node is, its ids, and its consistency flags."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from ensure_browser.ui import formats, theme
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.theme import tone
from ensure_browser.ui.trees.flags import severity_text
from ensure_browser.ui.trees.tree_model import LoadState, Node


class DetailsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setAccessibleName(self.tr("Details"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        self._node: Node | None = None
        self.show_node(None)
        theme.changed().changed.connect(self._recolour)

    def _recolour(self, *_theme: object) -> None:
        """The details are rich text with the theme's colours in it: written again after a switch."""
        self.show_node(self._node)

    def show_node(self, node: Node | None) -> None:
        self._node = node
        if node is None:
            self.title.setText(self.tr("Nothing selected"))
            hint = self.tr("Select an item to see its details.")  # lupdate sees no tr() inside an f-string
            self.body.setHtml(f"<p>{html.escape(hint)}</p>")
            return
        self.title.setText(node.label)
        rows: list[tuple[str, str]] = [(self.tr("Kind"), node.kind_label or node.kind)]
        if node.path:
            rows.append((self.tr("Location"), node.path))
        if not node.is_container and node.size is not None:
            rows.append((self.tr("Size"), self.tr("{0} ({1} bytes)").format(formats.size(node.size),
                                                                        formats.count(node.size))))
        if node.modified:
            rows.append((self.tr("Modified"), formats.date_time(node.modified, seconds=True, zone=True)))
        ids = getattr(node.payload, "ids", None) or node.extra.get("ids")
        if isinstance(ids, dict):
            rows += [(str(k), str(v)) for k, v in ids.items()]
        if node.is_container and node.state is LoadState.LOADED:
            rows.append((self.tr("Entries"), formats.count(len(node.children))))
        if node.state is LoadState.ERROR:
            rows.append((self.tr("Error"), node.error))
        for key, value in node.extra.items():
            if key != "ids" and isinstance(value, str | int | float):
                rows.append((key.replace("_", " ").capitalize(), str(value)))
        muted = tone("muted")
        table = "".join(
            f"<tr><td style='color:{muted};padding-right:12px'>{html.escape(k)}</td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        flags_html = ""
        if node.flags:
            items = "".join(
                f"<li><b>{html.escape(severity_text(str(getattr(f, 'severity', ''))).capitalize())}</b>: "
                f"{html.escape(tr_text(getattr(f, 'message', f)))}</li>"
                for f in node.flags
            )
            title = self.tr("Problems found")
            flags_html = f"<h4>{html.escape(title)}</h4><ul>{items}</ul>"
        self.body.setHtml(f"<table>{table}</table>{flags_html}")
