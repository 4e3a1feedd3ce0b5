"""Small widget helpers shared by the preview views."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QToolButton

from ensure_browser.ui.toned import set_toned_sheet


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
    set_toned_sheet(label, "QLabel {{ background: {warning-bg}; color: {warning-text}; padding: 4px 6px; "
                           "border-radius: 3px; }}")
    label.hide()
    return label
