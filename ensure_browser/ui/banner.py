"""An error/info banner shown above the content: the human message, an optional action, dismiss."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ensure_browser.ui.announce import announce
from ensure_browser.ui.theme import tone

LEVELS = ("error", "warning", "info")


def banner_style(level: str) -> str:
    """The banner's colours for ``level`` in the theme in use (:func:`~ensure_browser.ui.theme.tone`)."""
    level = level if level in LEVELS else "info"
    return (f"QFrame#banner {{background:{tone(level + '-bg')}; border:1px solid {tone(level + '-border')};"
            f" color:{tone(level + '-text')}; border-radius:4px;}}")


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # errors quote keys and server messages
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.close_button = QPushButton(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        self.action_button.clicked.connect(self._run_action)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._action: Callable[[], None] | None = None
        self.level = "info"
        self.hide()

    def show_message(self, text: str, level: str = "error", action_text: str = "",
                     action: Callable[[], None] | None = None) -> None:
        self.level = level
        self.setStyleSheet(banner_style(level))
        self.label.setText(text)
        self._action = action
        self.action_button.setVisible(bool(action and action_text))
        self.action_button.setText(action_text)
        self.show()
        announce(self.label, text, assertive=level == "error")

    def _run_action(self) -> None:
        action = self._action
        self.hide()
        if action is not None:
            action()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.styleSheet() != banner_style(self.level):
            self.setStyleSheet(banner_style(self.level))  # the theme changed

    @property
    def text(self) -> str:
        return self.label.text()
