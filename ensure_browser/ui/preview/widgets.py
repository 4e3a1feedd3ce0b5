"""Small widget helpers shared by the preview views."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QToolButton


def tool_button(text: str, tooltip: str = "", *, checkable: bool = False,
                checked: bool = False) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    if tooltip:
        button.setToolTip(tooltip)
    if checkable:
        button.setCheckable(True)
        button.setChecked(checked)
    return button


def notice_label() -> QLabel:
    """A highlighted line for notes such as "truncated" or "not valid JSON" (hidden until used)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(
        "QLabel { background: #fff4ce; color: #5c4400; padding: 4px 6px; border-radius: 3px; }"
    )
    label.hide()
    return label
