"""A material: its thumbnail at once, with "Open PDF" above it (the pane loads the PDF on demand)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ensure_browser.ui.i18n import tr
from ensure_browser.ui.preview.image_view import ImageView
from ensure_browser.ui.preview.widgets import notice_label


class MaterialView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnail = ImageView(toolbar=False)
        self.notice = notice_label()  # "Loading thumbnail…", why there is none, why the PDF is not shown
        self.open_pdf_button = QPushButton(tr("Open PDF"))
        self.open_pdf_button.setToolTip(tr("Load the whole PDF and show it here"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.open_pdf_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.thumbnail, 1)
