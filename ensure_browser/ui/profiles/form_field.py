"""One field of the profile form: its widget, its label for screen readers, its inline message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ensure_browser.ui.toned import set_tone

ERROR_TONE = "error"  # a message in the theme's error colour (ui/toned.py)


class Field(QWidget):
    """A form widget with its inline validation message below it."""

    def __init__(self, widget: QWidget, *extra: QWidget) -> None:
        super().__init__()
        self.widget = widget
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        for w in extra:
            row.addWidget(w)
        outer.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, ERROR_TONE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        outer.addWidget(self.error)

    def labelled(self, text: str) -> QLabel:
        """The label of this field; its text (without the colon) names the widget for screen readers."""
        self.widget.setAccessibleName(text.rstrip(":"))
        return QLabel(text)

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
