"""An image viewer: fit to the window, zoom in and out, actual size."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui.preview.widgets import tool_button

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
MIN_ZOOM = 0.05
MAX_ZOOM = 16.0


class _FitScrollArea(QScrollArea):
    """Tells the viewer when its viewport changes size, so "fit" follows the window."""

    def __init__(self, viewer: ImageView) -> None:
        super().__init__()
        self._viewer = viewer

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._viewer.relayout()


class ImageView(QWidget):
    def __init__(self, parent: QWidget | None = None, *, toolbar: bool = True) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self._fit = True
        self._zoom = 1.0
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll_area = _FitScrollArea(self)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.label)
        self.scroll_area.setWidgetResizable(False)

        self.fit_button = tool_button(self.tr("Fit"), self.tr("Fit the image to the window"),
                                      checkable=True, checked=True)
        self.fit_button.clicked.connect(self.fit)
        self.zoom_in_button = tool_button("+", self.tr("Zoom in"))
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button = tool_button("−", self.tr("Zoom out"))
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.actual_button = tool_button(self.tr("100%"), self.tr("Actual size"))
        self.actual_button.clicked.connect(self.actual_size)
        self.info = QLabel()
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.fit_button, self.zoom_out_button, self.zoom_in_button, self.actual_button):
            bar.addWidget(button)
        bar.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if toolbar:
            layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

    # -- content -------------------------------------------------------------------------------------
    def set_image(self, image: QImage) -> None:
        """Show ``image`` (decoded in a worker); the QPixmap is made here, on the GUI thread."""
        self._pixmap = QPixmap.fromImage(image)
        self._fit = True
        self.relayout()

    def clear(self) -> None:
        self._pixmap = QPixmap()
        self.label.clear()
        self.info.clear()

    def pixmap(self) -> QPixmap:
        """The image at its actual size."""
        return self._pixmap

    def image_size(self) -> QSize:
        return self._pixmap.size()

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fitting(self) -> bool:
        return self._fit

    # -- zoom ----------------------------------------------------------------------------------------
    def fit(self) -> None:
        self._fit = True
        self.relayout()

    def actual_size(self) -> None:
        self._set_zoom(1.0)

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / ZOOM_STEP)

    def _set_zoom(self, zoom: float) -> None:
        self._fit = False
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.relayout()

    def _fit_zoom(self) -> float:
        if self._pixmap.isNull():
            return 1.0
        area = self.scroll_area.viewport().size()
        if area.width() < 2 or area.height() < 2:
            return 1.0
        return min(1.0, area.width() / self._pixmap.width(), area.height() / self._pixmap.height())

    def relayout(self) -> None:
        self.fit_button.setChecked(self._fit)
        if self._pixmap.isNull():
            return
        if self._fit:
            self._zoom = self._fit_zoom()
        size = self._pixmap.size() * self._zoom
        size = QSize(max(1, size.width()), max(1, size.height()))
        ratio = self.devicePixelRatioF()  # 2 at 200 %: scaled to the screen's pixels, not blown up after
        device = QSize(round(size.width() * ratio), round(size.height() * ratio))
        if device == self._pixmap.size() and ratio == self._pixmap.devicePixelRatio():
            self.label.setPixmap(self._pixmap)
        else:
            shown = self._pixmap.scaled(device, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
            shown.setDevicePixelRatio(ratio)
            self.label.setPixmap(shown)
        self.label.resize(size)
        self.info.setText(self.tr("{0} × {1} px · {2}%").format(
            self._pixmap.width(), self._pixmap.height(), round(self._zoom * 100)))
