"""Putting search into the window: the Search dock, Find (Ctrl+F), the location bar's words, the
index told of uploads (Transfers) as they finish."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.search.live import LiveNotes, watch_transfers
from ensure_browser.ui.search.panel import SearchPanel

__all__ = ["install_search", "open_search"]



def open_search(window: Host, text: str | None = None) -> SearchPanel | None:
    """Show the Search dock with the focus in its field (``text`` put there, when given)."""
    panel = window.service(SearchPanel)
    if panel is None:
        return None
    dock = panel.parentWidget()
    if isinstance(dock, QDockWidget):
        dock.show()
        dock.raise_()
    if text is not None:
        panel.field.setText(text)
    panel.field.setFocus()
    panel.field.selectAll()
    panel.ensure_fresh()
    return panel


def install_search(window: Host) -> SearchPanel:
    panel = SearchPanel(window)
    dock = QDockWidget(tr("Search"), window)
    dock.setObjectName("search-dock")
    dock.setWidget(panel)
    window.add_dock(dock, Qt.DockWidgetArea.BottomDockWidgetArea, tabify=True)
    dock.hide()

    def shown(visible: bool) -> None:
        if visible:
            panel.ensure_fresh()

    dock.visibilityChanged.connect(shown)
    action = QAction(tr("&Find…"), window)
    action.setObjectName("find")
    action.setShortcut(QKeySequence.StandardKey.Find)
    action.setStatusTip(tr("Search the whole storage by name, id, kind, date, size or OCR text"))
    action.triggered.connect(lambda: open_search(window))
    window.add_view_action(action)
    window.addAction(action)
    notes = LiveNotes(window)
    notes.written.connect(panel.changed)
    window.provide(LiveNotes, notes)
    window.provide(SearchPanel, panel)

    def connected(connection: Connection) -> None:
        panel.set_connection(connection)
        from ensure_browser.ui.transfers.actions import TransferActions

        transfers = window.service(TransferActions)
        if transfers is not None and transfers.controller is not None:
            watch_transfers(window, transfers.controller.queue)

    window.connected.connect(connected)
    window.location_fallbacks.append(lambda text: open_search(window, text) is not None)
    window.close_hooks.append(panel.stop_refresh)
    return panel
