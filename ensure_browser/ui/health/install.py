"""The "Storage health…" entry of the View menu (Ctrl+Shift+H): the window it opens
(:mod:`~ensure_browser.ui.health.view`, with the scan, the fixes and what they import) is imported
when it is first opened, not at start-up (#23)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from ensure_browser.ui.i18n import tr

if TYPE_CHECKING:
    from ensure_browser.ui.host import Host


def _open(window: Host) -> None:
    from ensure_browser.ui.health.view import open_health_view

    open_health_view(window)


def register_health_view(window: Host) -> QAction:
    """Add "Storage health…" (Ctrl+Shift+H) to the View menu; returns the action."""
    action = QAction(tr("Storage &health…"), window)
    action.setObjectName("storage-health")
    action.setShortcut(QKeySequence("Ctrl+Shift+H"))
    action.setStatusTip(tr("Scan the storage for problems and see what uses the space"))
    action.triggered.connect(lambda: _open(window))
    window.add_view_action(action)
    window.addAction(action)
    return action
