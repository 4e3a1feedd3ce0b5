"""Open an object with the system's default application: double-click or Enter on a row, or "Open".

The object is fetched into the private cache of local copies (verified; re-used while its ETag is
unchanged, see :mod:`~ensure_browser.core.objects.local_copies`) in a worker, with progress and
Cancel when it takes a while, and the copy, under the object's real name, is handed to the desktop
(``QDesktopServices.openUrl``). Folders and entities keep what activating them did before (the
contents table opens them); a failed level in the navigator is still retried by a double-click there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu

from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.drag_out import DragOut
from ensure_browser.ui.objects.local_copies import CopyCache, CopyFetch, Fetched, is_object
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node

log = logging.getLogger(__name__)

MAX_OPEN = 20  # objects opened at once: more is a slip of the hand, not a wish for 500 windows

Opener = Callable[[Path], bool]



def system_opener(path: Path) -> bool:
    """Ask the desktop to open ``path`` with its default application (does not wait for it)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class OpenObjects(QObject):
    """Open for object rows: activated in the contents table (double-click, Enter), File and context menus."""

    def __init__(self, window: Host, cache: CopyCache, opener: Opener = system_opener) -> None:
        super().__init__(window)
        self.window, self.cache, self.opener = window, cache, opener
        self.fetch: CopyFetch | None = None
        self.open_action = QAction(tr("&Open"), window)
        self.open_action.triggered.connect(lambda: self.open_nodes(self.window.tree_panel.selected_nodes()))
        window.add_file_actions(self.open_action)
        window.tree_panel.contents.activated.connect(self._activated)
        window.context_menu_providers.append(self.context_menu)

    def _activated(self, index: QModelIndex) -> None:
        model = self.window.tree_panel.contents.model()
        if isinstance(model, LazyTreeModel) and index.isValid():
            node = model.node(index)
            if is_object(node):
                self.open_nodes([node])

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if not is_object(node) or window.connection is None:
            return
        selected = [n for n in window.tree_panel.selected_nodes() if is_object(n)]
        nodes = selected if any(n is node for n in selected) else [node]
        first = menu.actions()[0] if menu.actions() else None
        action = QAction(tr("Open") if len(nodes) == 1 else tr("Open {0} files").format(len(nodes)), menu)
        action.triggered.connect(lambda: self.open_nodes(nodes))
        if first is None:
            menu.addAction(action)
        else:  # first: what a double-click does
            menu.insertAction(first, action)
            menu.insertSeparator(first)

    def open_nodes(self, nodes: list[Node]) -> None:
        """Fetch the objects among ``nodes`` (a worker) and open each with its application."""
        objects = [n for n in nodes if is_object(n)]
        if not objects:
            return
        if len(objects) > MAX_OPEN:
            self.window.show_error(tr("{0} files are selected; open at most {1} at once, or download them.").format(
                len(objects), MAX_OPEN))
            return
        if self.fetch is not None:
            self.window.show_status(tr("Still fetching the files opened before…"))
            return
        copies = self.cache.copies()
        if copies is None:
            return
        self.window.show_status(tr("Opening {0}…").format(objects[0].label if len(objects) == 1 else
                                                          tr("{0} files").format(len(objects))))
        self.fetch = CopyFetch(self.window, copies, objects, tr("Open"))
        self.fetch.finished.connect(self._fetched)
        self.fetch.start()

    def _fetched(self, fetched: Fetched | None) -> None:
        self.fetch = None
        if fetched is None:
            return
        refused = [c for c in fetched.copies if not self.opener(c.path)]
        for copy in fetched.copies:
            log.info("opened the local copy of s3://%s/%s (%s)", copy.bucket, copy.key,
                     "fetched" if copy.fetched else "cached")
        if refused:
            self.window.show_error(tr("No application could open {0}. Its copy is {1}").format(
                refused[0].name, str(refused[0].path)))
        elif len(fetched.copies) == 1:
            self.window.show_status(tr("Opened {0}").format(fetched.copies[0].name))
        else:
            self.window.show_status(tr("Opened {0} files").format(len(fetched.copies)))


def install_open_and_drag(window: Host) -> OpenObjects:
    """Open (double-click, Enter, menus) and dragging rows out of the contents table."""
    cache = CopyCache(window)
    window.provide(CopyCache, cache)
    opener = OpenObjects(window, cache)
    window.provide(OpenObjects, opener)
    window.provide(DragOut, DragOut(window, cache))
    return opener
