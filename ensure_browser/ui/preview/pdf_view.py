"""A PDF viewer: QPdfView over an in-memory document, with page navigation and zoom."""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui import formats
from ensure_browser.ui.preview.widgets import tool_button

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0


class PdfView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.prev_button = tool_button("◀", self.tr("Previous page"))
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button = tool_button("▶", self.tr("Next page"))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_spin = QSpinBox()
        self.page_spin.setMinimum(1)
        self.page_spin.setAccessibleName(self.tr("Page"))
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.page_count_label = QLabel()
        self.fit_button = tool_button(self.tr("Fit width"), self.tr("Fit the page width to the window"),
                                      checkable=True, checked=True)
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_out_button = tool_button("−", self.tr("Zoom out"))
        self.zoom_out_button.clicked.connect(lambda: self._zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button = tool_button("+", self.tr("Zoom in"))
        self.zoom_in_button.clicked.connect(lambda: self._zoom_by(ZOOM_STEP))
        self.zoom_label = QLabel()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prev_button, self.page_spin, self.page_count_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.fit_button, self.zoom_out_button, self.zoom_in_button, self.zoom_label):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.view.zoomFactorChanged.connect(lambda _z: self._update_zoom_label())
        self.view.zoomModeChanged.connect(lambda _m: self._update_zoom_label())

    # -- content -------------------------------------------------------------------------------------
    def set_pdf(self, data: bytes) -> bool:
        """Show the PDF ``data`` (already checked in a worker). False when QtPdf cannot open it."""
        self.clear()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            log.info("QtPdf could not open a PDF that passed the check: %s", self.document.error())
            self.clear()
            return False
        count = self.document.pageCount()
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(max(1, count))
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.page_count_label.setText(self.tr("of {0}").format(count))
        self.fit_width()
        self._update_buttons()
        return True

    def clear(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self.page_count_label.clear()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if count < 1:
            return
        page = max(0, min(count - 1, page))
        if page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    # -- zoom ----------------------------------------------------------------------------------------
    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.fit_button.setChecked(True)
        self._update_zoom_label()

    def _zoom_by(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._effective_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, current * factor)))
        self.fit_button.setChecked(False)
        self._update_zoom_label()

    def _effective_zoom(self) -> float:
        """The zoom factor "fit width" amounts to (QPdfView does not report it)."""
        if self.document.pageCount() < 1:
            return 1.0
        page_points = self.document.pagePointSize(max(0, self.current_page())).width()
        if page_points <= 0:
            return 1.0
        dpi_scale = self.logicalDpiX() / 72.0
        width = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(MIN_ZOOM, width / (page_points * dpi_scale))

    def zoom_percent(self) -> int:
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return round(self.view.zoomFactor() * 100)
        return round(self._effective_zoom() * 100)

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(formats.percent(self.zoom_percent()))

    def _on_page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page, count = self.current_page(), self.document.pageCount()
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)
