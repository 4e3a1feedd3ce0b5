"""An OCR document: each page's image beside its OCR JSON, page by page."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui.preview.content import JsonContent, TextContent
from ensure_browser.ui.preview.image_view import ImageView
from ensure_browser.ui.preview.text_views import JsonView, TextView
from ensure_browser.ui.preview.widgets import notice_label, tool_button

log = logging.getLogger(__name__)


class OcrView(QWidget):
    page_requested = Signal(int)  # index into pages(); the pane fetches image and JSON

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quality = QLabel()
        self.quality.setWordWrap(True)
        self.quality.hide()
        self._pages: list[int] = []
        self._index = -1
        self.prev_button = tool_button("◀", self.tr("Previous page"))
        self.prev_button.clicked.connect(lambda: self.go_to(self._index - 1))
        self.next_button = tool_button("▶", self.tr("Next page"))
        self.next_button.clicked.connect(lambda: self.go_to(self._index + 1))
        self.page_label = QLabel()
        self.image = ImageView()
        self.image_error = notice_label()
        self.json = JsonView()
        self.json_text = TextView()
        self.json_text.hide()
        self.json_error = notice_label()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.image_error)
        left_layout.addWidget(self.image, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.json_error)
        right_layout.addWidget(self.json, 1)
        right_layout.addWidget(self.json_text, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)

        nav = QHBoxLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.quality)
        layout.addLayout(nav)
        layout.addWidget(self.splitter, 1)

    def set_document(self, document_id: str, pages: list[int]) -> None:
        """``pages``: the page numbers found (images or JSON), in order."""
        self.title.setText(self.tr("OCR document {0}").format(document_id))
        self.quality.hide()
        self._pages = list(pages)
        self._index = -1
        self.image.clear()
        self.json.clear()
        self.image_error.hide()
        self.json_error.hide()
        if not pages:
            self.page_label.setText(self.tr("No pages"))
            self._update_buttons()
            return
        self.go_to(0)

    def set_quality(self, text: str) -> None:
        self.quality.setText(text)
        self.quality.setVisible(bool(text))

    def pages(self) -> list[int]:
        return list(self._pages)

    @property
    def index(self) -> int:
        return self._index

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self._pages) or index == self._index:
            return
        self._index = index
        self.page_label.setText(self.tr("Page {0} ({1} of {2})").format(
            self._pages[index], index + 1, len(self._pages)))
        self.image_error.setText(self.tr("Loading…"))
        self.image_error.show()
        self.json_error.hide()
        self._update_buttons()
        self.page_requested.emit(index)

    def _update_buttons(self) -> None:
        self.prev_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(0 <= self._index < len(self._pages) - 1)

    # -- results from the pane -----------------------------------------------------------------------
    def set_page_image(self, index: int, image: QImage | None, error: str = "") -> None:
        if index != self._index:
            return
        if image is not None:
            self.image.set_image(image)
            self.image_error.hide()
        else:
            self.image.clear()
            self.image_error.setText(error)
            self.image_error.show()

    def set_page_json(self, index: int, content: JsonContent | TextContent | None, error: str = "") -> None:
        if index != self._index:
            return
        self.json_error.setVisible(bool(error))
        self.json_error.setText(error)
        if isinstance(content, JsonContent):
            self.json.set_json(content)
            self.json.show()
            self.json_text.hide()
        elif isinstance(content, TextContent):
            self.json_text.set_text(content)
            self.json_text.show()
            self.json.hide()
        else:
            self.json.clear()
