"""An error/info banner shown above the content: the human message, an optional action, dismiss."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ensure_browser.ui.announce import announce

_STYLES = {
    "error": "background:#fde7e9; border:1px solid #e8a1a8; color:#5c0011;",
    "warning": "background:#fff4ce; border:1px solid #e6cf7e; color:#4d3800;",
    "info": "background:#e8f1fb; border:1px solid #a7c5ea; color:#0b2e59;",
}


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
        self.setStyleSheet(f"QFrame#banner {{{_STYLES.get(level, _STYLES['info'])} border-radius:4px;}}")
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

    @property
    def text(self) -> str:
        return self.label.text()
