"""The Policies dock in the main window: View > Policies (Ctrl+Shift+P), the "Who can access this?"
context-menu entry and the public badges of the trees, over one policy cache that the preview pane
shares. :func:`register_policy_inspector` puts all of it into the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.policies.badges import PublicBadges
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.policies.inspector import PolicyInspector
from ensure_browser.ui.trees.tree_model import Node


class PolicyPanel(QObject):
    """What :func:`register_policy_inspector` adds to a window: dock, inspector, cache and badges."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window

        def storage() -> Storage | None:
            connection = window.connection
            return connection.storage if connection is not None else None

        self.cache = PolicyCache(storage, self)
        self.badges = PublicBadges(self.cache, self)
        self.inspector = PolicyInspector(self.cache)
        self.inspector.retention_tab.remember(window.qsettings)
        window.preview.set_policy_cache(self.cache)  # the preview's public links read the same policies
        self.dock = QDockWidget(tr("Policies"), window)
        self.dock.setObjectName("policies-dock")
        self.dock.setWidget(self.inspector)
        # Bottom, beside the transfers: a right dock of this width pushed the window past a 1400 px screen.
        self.dock.setMinimumHeight(260)
        window.add_dock(self.dock, Qt.DockWidgetArea.BottomDockWidgetArea, tabify=True)
        self.dock.hide()
        self.action: QAction = self.dock.toggleViewAction()
        self.action.setText(tr("&Policies"))
        self.action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.action.setToolTip(tr("What is public, who can access a key, drift from the schema"))
        window.add_view_action(self.action)
        window.connected.connect(self._connected)
        window.context_menu_providers.append(self.context_menu)
        window.model_hooks.append(lambda model, _window: self.badges.attach(model))
        for model in list(window.models.values()):
            self.badges.attach(model)
        if window.connection is not None and window.connection.buckets:
            self.inspector.set_connection(window.connection)

    def _connected(self, connection: Connection) -> None:
        self.badges.retain(list(self.window.models.values()))
        self.inspector.set_connection(connection)

    def context_menu(self, node: Node, menu: QMenu, _window: Host) -> None:
        if node.bucket is None:
            return
        action = menu.addAction(tr("Who can access this?"))
        bucket, key = node.bucket, node.key or ""
        action.triggered.connect(lambda: self.show_access(bucket, key))

    def show_access(self, bucket: str, key: str) -> None:
        self.dock.show()
        self.dock.raise_()
        self.inspector.show_access(bucket, key)


def register_policy_inspector(window: Host) -> PolicyPanel:
    """Add the Policies dock (View > Policies, Ctrl+Shift+P), the "Who can access this?" context-menu
    entry and the public badges to ``window`` (the main window). Call once, before or after connecting."""
    panel = PolicyPanel(window)
    window.provide(PolicyPanel, panel)
    return panel
