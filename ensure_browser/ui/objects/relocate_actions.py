"""The gestures of copy and move: Cut/Copy/Paste, "Copy to…"/"Move to…", and rows dropped on a
classroom or student.

* **Cut** (Ctrl+X) and **Copy** (Ctrl+C) put the selected rows on the clipboard in the in-app
  format (:mod:`~ensure_browser.ui.objects.object_mime`, with the ETags the rows show); **Paste**
  (Ctrl+V) onto a classroom or student (the navigator's node, or the level the contents show)
  moves what was cut (confirmed first) or copies what was copied. Copy location stays on
  Ctrl+Shift+C.
* **Copy to…** / **Move to…** in the context menu and the File menu ask for the classroom (for
  materials) or student (for notes) in a chooser.
* Rows dragged inside the app (mime type ``application/x-ensure-browser-objects``) onto a
  classroom or student in the navigator or the contents move there (confirmed first); with Ctrl
  held they are copied. Other drags (local files) pass on to the upload drop handler. The drag
  itself is the drag out's (:mod:`~ensure_browser.ui.objects.drag_out`), which carries both.
"""

from __future__ import annotations

import logging
from typing import Literal

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QAbstractItemView, QMenu

from ensure_browser.core.objects.relocate import Destination, Mode, Selected, destination_at, owner_kind_of
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.destination_chooser import DestinationChooser
from ensure_browser.ui.objects.object_mime import MIME, decode, encode, selected_of, source_of
from ensure_browser.ui.objects.relocate import RelocateFlow
from ensure_browser.ui.objects.selection import selection_for
from ensure_browser.ui.transfers.targets import drop_target_for
from ensure_browser.ui.trees.tree_model import Node

log = logging.getLogger(__name__)



def destination_of(node: Node | None, window: Host) -> Destination | None:
    """The classroom or student ``node`` is, or is in (a classroom's folders, a student's notes, a
    raw folder of the documents bucket below one), else None."""
    if node is None or node.parent is None:
        return None
    target = drop_target_for(node)
    if target is None:
        return None
    if target.is_raw:
        names = window.connection.names if window.connection is not None else None
        return destination_at(target.bucket, target.prefix, names)
    return Destination.from_ids(target.kind, dict(target.ids), target.label)


class RelocateActions(QObject):
    """Cut, Copy, Paste, Copy to…, Move to… and the in-app drop, for the main window."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.flow: RelocateFlow | None = None
        self.chooser: DestinationChooser | None = None
        self.cut_action = self._action(tr("Cu&t"), QKeySequence.StandardKey.Cut, lambda: self.cut_selected())
        self.copy_action = self._action(tr("&Copy"), QKeySequence.StandardKey.Copy, lambda: self.copy_selected())
        self.paste_action = self._action(tr("&Paste"), QKeySequence.StandardKey.Paste, lambda: self.paste())
        self.copy_to_action = self._action(tr("Copy to…"), None, lambda: self.choose("copy"))
        self.move_to_action = self._action(tr("Move to…"), None, lambda: self.choose("move"))
        window.add_file_actions(self.cut_action, self.copy_action, self.paste_action, self.copy_to_action,
                                self.move_to_action)
        panel = window.tree_panel
        for view in (panel.view, panel.contents):
            for action in (self.cut_action, self.copy_action, self.paste_action):
                view.addAction(action)
        self.drops = [InAppDrop(view, self) for view in (panel.view, panel.contents)]
        window.context_menu_providers.append(self.context_menu)
        QGuiApplication.clipboard().dataChanged.connect(self._clipboard_changed)  # ends with this object
        self._clipboard_changed()

    def _clipboard_changed(self) -> None:
        """Paste is offered while the clipboard holds rows cut or copied in the app."""
        self.paste_action.setEnabled(self.clipboard_items() is not None)

    def _action(self, text: str, key: QKeySequence.StandardKey | None, slot: object) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        return action

    # -- what is selected -------------------------------------------------------------------------
    def _selected(self, node: Node | None = None) -> list[Selected]:
        items = [selected_of(n) for n in selection_for(self.window, node)]
        return [i for i in items if i is not None]

    def _kind(self, items: list[Selected]) -> Literal["classroom", "student"] | None:
        names = self.window.connection.names if self.window.connection is not None else None
        kinds = {owner_kind_of(i.bucket, i.key, names) for i in items}
        if len(kinds) != 1 or None in kinds:
            return None
        return "classroom" if "classroom" in kinds else "student"

    def _refuse(self, items: list[Selected]) -> bool:
        """Say so and answer True when ``items`` cannot be copied or moved together."""
        if not items or self._kind(items) is None:
            self.window.show_error(tr("Select materials (or a classroom's folders) or student notes: "
                                      "they can be copied and moved, one kind at a time."))
            return True
        return False

    # -- clipboard --------------------------------------------------------------------------------
    def cut_selected(self, node: Node | None = None) -> None:
        self._to_clipboard(node, cut=True)

    def copy_selected(self, node: Node | None = None) -> None:
        self._to_clipboard(node, cut=False)

    def _to_clipboard(self, node: Node | None, cut: bool) -> None:
        items = self._selected(node)
        if not cut and items and self._kind(items) is None:  # not documents: their locations, as text
            QGuiApplication.clipboard().setText("\n".join(f"s3://{i.bucket}/{i.key}" for i in items))
            self.window.show_status(tr("Copied {0} locations").format(len(items)))
            return
        if self._refuse(items):
            return
        conn = self.window.connection
        QGuiApplication.clipboard().setMimeData(encode(items, cut, conn.settings.endpoint if conn is not None else ""))
        text = (tr("{0} items cut: paste them onto a classroom or student (Ctrl+V) to move them.") if cut
                else tr("{0} items copied: paste them onto a classroom or student (Ctrl+V)."))
        self.window.show_status(text.format(len(items)))

    def clipboard_items(self) -> tuple[list[Selected], bool] | None:
        return decode(QGuiApplication.clipboard().mimeData())

    def from_elsewhere(self, mime: QMimeData | None) -> bool:
        """Say so and answer True when ``mime``'s objects were cut or copied on another connection
        (the same keys here are other objects, or none)."""
        source, conn = source_of(mime), self.window.connection
        if not source or conn is None or source == conn.settings.endpoint:
            return False
        self.window.show_error(tr("These objects were cut or copied on another connection ({0}); paste them "
                                  "in a window connected there. Nothing was copied or moved.").format(source))
        return True

    def paste(self, node: Node | None = None) -> None:
        found = self.clipboard_items()
        if found is None:
            self.window.show_status(tr("Nothing to paste: cut or copy materials or notes first."))
            return
        if self.from_elsewhere(QGuiApplication.clipboard().mimeData()):
            return
        panel = self.window.tree_panel
        target = node if node is not None else (panel.level if panel.active_view() is panel.contents
                                                else panel.current_node())
        destination = destination_of(target, self.window)
        if destination is None:
            self.window.show_error(tr("Paste onto a classroom or a student."))
            return
        items, cut = found
        self.start(items, destination, "move" if cut else "copy", target, clear_clipboard=cut)

    # -- the chooser ------------------------------------------------------------------------------
    def choose(self, mode: Mode, node: Node | None = None) -> None:
        conn = self.window.connection
        items = self._selected(node)
        if conn is None or conn.storage is None or self._refuse(items):
            return
        kind = self._kind(items)
        assert kind is not None
        title = tr("Move to…") if mode == "move" else tr("Copy to…")
        origins = {d.owner_id if d is not None else None
                   for d in (destination_at(i.bucket, i.key, conn.names) for i in items)}
        here = next(iter(origins)) if mode == "move" and len(origins) == 1 else None  # nowhere to move to
        self.chooser = DestinationChooser(self.window, conn.storage, conn.names, kind, title, here)
        self.chooser.chosen.connect(lambda dest: self.start(items, dest, mode))
        self.chooser.finished.connect(lambda _r: setattr(self, "chooser", None))
        self.chooser.open()

    # -- the flow ---------------------------------------------------------------------------------
    def start(self, items: list[Selected], destination: Destination, mode: Mode, refresh: Node | None = None,
              clear_clipboard: bool = False) -> None:
        if self.flow is not None:
            self.window.show_status(tr("A copy or move is still running."))
            return
        if self.window.connection is None:
            return
        flow = RelocateFlow(self.window, items, destination, mode, refresh)
        self.flow = flow

        def ended(result: object) -> None:
            self.flow = None
            if clear_clipboard and result is not None and getattr(result, "done", None):
                QGuiApplication.clipboard().clear()  # what was cut has gone: pasting it again means nothing

        flow.finished.connect(ended)
        flow.start()

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if window.connection is None:
            return
        items = self._selected(node)
        movable = bool(items) and self._kind(items) is not None
        destination = destination_of(node, window)
        pasted = self.clipboard_items() if destination is not None else None
        if not movable and pasted is None:
            return
        menu.addSeparator()
        if movable:
            menu.addAction(tr("Cut")).triggered.connect(lambda: self.cut_selected(node))
            menu.addAction(tr("Copy")).triggered.connect(lambda: self.copy_selected(node))
            menu.addAction(tr("Copy to…")).triggered.connect(lambda: self.choose("copy", node))
            menu.addAction(tr("Move to…")).triggered.connect(lambda: self.choose("move", node))
        if pasted is not None and destination is not None:
            text = tr("Paste {0} items into {1}") if not pasted[1] else tr("Move {0} cut items into {1}")
            where = destination.describe().replace("&", "&&")  # an id's "&" is no mnemonic
            menu.addAction(text.format(len(pasted[0]), where)).triggered.connect(
                lambda: self.paste(node))


class InAppDrop(QObject):
    """Accepts rows of this app dragged onto a classroom or student of ``view`` and copies or moves
    them there. Installed after the upload drop handler, so it sees drags first and passes on
    those it does not take (files from outside)."""

    def __init__(self, view: QAbstractItemView, actions: RelocateActions) -> None:
        super().__init__(view)
        self.view = view
        self.actions = actions
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def _target(self, pos: QPoint) -> tuple[Node | None, Destination | None]:
        node = self.actions.window.tree_panel.node_at(self.view, self.view.indexAt(pos))
        return node, destination_of(node, self.actions.window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)
        if not event.mimeData().hasFormat(MIME):
            return False  # files from outside: the upload drop handler's
        if kind == QEvent.Type.DragEnter:
            event.acceptProposedAction()
            return True
        node, destination = self._target(event.position().toPoint())
        if destination is None or self.actions.window.connection is None:
            event.ignore()
            return True
        # Rows dropped inside the app move (confirmed first); with Ctrl held they are copied. The
        # drag's source learns "copy" where it offers no move (the drag out to the desktop): the
        # server-side move is this app's, nothing the source has to delete.
        copy = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        movable = bool(event.possibleActions() & Qt.DropAction.MoveAction)
        event.setDropAction(Qt.DropAction.MoveAction if movable and not copy else Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            found = decode(event.mimeData())
            if found is None or self.actions.from_elsewhere(event.mimeData()):
                event.ignore()
                return True
            log.info("%d rows dropped on %s (%s)", len(found[0]), destination.describe(), "copy" if copy else "move")
            self.actions.start(found[0], destination, "copy" if copy else "move", node)
        return True


def install_relocate_actions(window: Host) -> RelocateActions:
    """Copy and move of materials and notes (install after the transfers' drop handlers)."""
    actions = RelocateActions(window)
    window.provide(RelocateActions, actions)
    return actions
