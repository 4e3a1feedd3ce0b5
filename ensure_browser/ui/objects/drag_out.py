"""Dragging rows out of the contents table: they arrive on the desktop or in a file manager as files
and folders with their real names.

A drag between applications hands over file URLs that the receiving side reads when the drop
happens (a file manager such as pcmanfm asks for them as soon as the drag enters its window), so the
files must exist before the drag starts: nothing may be fetched while the receiver waits. When a drag
begins on selected rows, a worker counts what they hold (a folder row, a raw prefix or a domain
folder such as a classroom's materials or a meeting, is listed) and, within the cap (:data:`MAX_FILES`
files, and the cache's size limit in bytes), fetches it into a folder of the drag's own
(:mod:`~ensure_browser.core.objects.drag_tree`: the folder download's planner, so a folder arrives
with the same structure and readable names as File > Download… gives it; every file a verified local
copy from the cache of :mod:`~ensure_browser.core.objects.local_copies`). Then the drag starts
carrying the files of object rows and the folders of folder rows: at once if the mouse button is
still held (the usual case for small objects, ready in a fraction of a second), else from a small
"ready to drag" window whose handle starts the same drag. Big drags show a progress dialog with
Cancel. Beyond the cap the window says, with the numbers, to use File > Download… instead; the rows
can still be dropped inside the app then. The window keeps working throughout.

The drag also carries the rows in the app's own format (:mod:`~ensure_browser.ui.objects.object_mime`:
bucket, key, ETag, size, name; a folder's key ends in ``/``), so that a drop inside the app can tell
rows of this app from files of the desktop (and copy or move them on the server instead of uploading
them again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDrag, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QStyle, QVBoxLayout, QWidget

from ensure_browser.core.objects import drag_tree
from ensure_browser.core.objects.drag_tree import MAX_FILES, DragTree, Tally
from ensure_browser.core.objects.local_copies import LocalCopies
from ensure_browser.core.objects.relocate import Selected
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects import object_mime
from ensure_browser.ui.objects.local_copies import CopyCache, CopyFetch, Fetched, is_object
from ensure_browser.ui.transfers.targets import download_item_for
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext

log = logging.getLogger(__name__)



def files_text(count: int) -> str:
    """"1 file", "1,234 files"."""
    return tr("1 file") if count == 1 else tr("{0} files").format(formats.count(count))


def label_of(node: Node) -> str:
    """The row's name as the window says it (a raw folder's without its "/")."""
    return node.label.rstrip("/") or node.label


def draggable(node: Node) -> bool:
    """An object row, or a folder row (a prefix, a domain folder, a bucket), not a section or entity
    without a place of its own."""
    return node.bucket is not None and (is_object(node) or (node.is_container and (bool(node.key)
                                                                                  or node.kind == "bucket")))


@dataclass
class Prepared:
    """What the worker made of a drag: the tree on disk, or (beyond the cap) only what it counted."""

    tally: Tally
    tree: DragTree | None = None


def drag_mime(rows: list[Selected], paths: list[Path], source: str) -> QMimeData:
    """What a drag carries: the files and folders (``paths``) as URLs, and the rows in the app's
    own format (see :func:`object_mime.encode`; ``source``: the endpoint they are on, so that a
    window connected elsewhere refuses them)."""
    mime = object_mime.encode(rows, source=source)
    if paths:
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in dict.fromkeys(paths)])
    else:  # only for the app: no text a file manager would make a file of
        mime.removeFormat("text/plain")
    return mime


def rows_of(nodes: list[Node], tree: DragTree | None) -> list[Selected]:
    """The rows in the app's format: an object with the ETag and name of its fetched copy, a folder by
    its prefix (ending in ``/``)."""
    rows: list[Selected] = []
    pairs = zip(tree.entries, tree.copies, strict=True) if tree is not None else iter(())
    for node in nodes:
        entry, copy = next(pairs, (None, None))
        if copy is not None and entry is not None:
            rows.append(Selected(copy.bucket, copy.key, copy.etag, copy.size, entry.name))
            continue
        row = object_mime.selected_of(node)
        if row is not None:
            rows.append(row)
    return rows


class DragHandle(QLabel):
    """The files of a finished fetch, to drag from (when the mouse button was let go meanwhile)."""

    def __init__(self, text: str, start: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.start = start
        self.pressed: QPoint | None = None
        self.setAccessibleName(tr("Files to drag"))
        self.setTextFormat(Qt.TextFormat.PlainText)  # the names are the server's
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setMinimumHeight(64)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.pressed = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.pressed is not None and (event.buttons() & Qt.MouseButton.LeftButton) and (
                (event.position().toPoint() - self.pressed).manhattanLength() >= QApplication.startDragDistance()):
            self.pressed = None
            self.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.pressed = None


class ReadyDialog(QDialog):
    """"N files ready to drag": a handle to drag them from, and Close."""

    def __init__(self, parent: QWidget, names: list[str], start: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Ready to drag"))
        self.setAccessibleName(tr("Ready to drag"))
        shown = "\n".join(names[:5]) + ("\n" + tr("… and {0} more").format(len(names) - 5) if len(names) > 5 else "")
        text = QLabel(tr("Drag the files from here to a folder or the desktop:"))
        text.setWordWrap(True)
        self.handle = DragHandle(shown, start, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.handle, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


class DragOut(QObject):
    """Drags of rows from the contents table (see the module's text).

    ``exec_drag`` runs a drag of the given mime data (tests give their own, to see what it carries),
    ``button_held`` says whether the mouse button that began it is still down; ``max_files`` and
    ``max_bytes`` (None: the cache's size limit) are the cap."""

    def __init__(self, window: Host, cache: CopyCache) -> None:
        super().__init__(window)
        self.window, self.cache = window, cache
        self.fetch: CopyFetch | None = None
        self.ready: ReadyDialog | None = None
        self.max_files = MAX_FILES
        self.max_bytes: int | None = None
        self.exec_drag: Callable[[QMimeData], Qt.DropAction] = self._exec
        self.button_held: Callable[[], bool] = lambda: bool(
            QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        contents = window.tree_panel.contents
        contents.setDragEnabled(True)  # a press on selected rows keeps them selected for the drag
        contents.dragRequested.connect(self.begin)

    def begin(self, nodes: list[Node]) -> None:
        """Count and fetch what the rows among ``nodes`` hold (a worker), then drag them."""
        rows = [n for n in nodes if draggable(n)]
        if not rows:
            self.window.show_status(tr("Nothing here can be dragged out."))
            return
        copies = self.cache.copies()
        if self.fetch is not None or copies is None:
            return
        items = [pair for pair in (download_item_for(n) for n in rows) if pair is not None]
        sizes = [int(n.size or 0) for n in rows]
        folders = sum(1 for n in rows if not is_object(n))
        what = label_of(rows[0]) if len(rows) == 1 else tr("{0} items").format(formats.count(len(rows)))
        max_files = self.max_files
        max_bytes = self.max_bytes if self.max_bytes is not None else copies.limit

        def work(cache: LocalCopies, ctx: TaskContext) -> Fetched:
            def listed(files: int, size: int) -> None:
                ctx.progress((tr("Listing {0}: {1} ({2}) so far…").format(what, files_text(files), formats.size(size)),
                              0, 0))

            tally = drag_tree.measure(cache.storage, items, sizes, max_files, max_bytes, listed, ctx.token)
            if not tally.complete:
                return Fetched([], Prepared(tally))
            label = tr("Fetching {0}: {1} ({2})…").format(what, files_text(tally.files), formats.size(tally.size))
            ctx.progress((label, 0, 1), force=True)
            tree = drag_tree.build(cache, items, lambda done, total: ctx.progress((label, done, total)), ctx.token)
            ctx.check()
            return Fetched(tree.fetched, Prepared(tally, tree))

        self.window.show_status(tr("Preparing {0} to drag…").format(what))
        self.window.tree_panel.contents.viewport().installEventFilter(self)
        self.fetch = CopyFetch(self.window, copies, rows, tr("Drag"), work=work,
                               label=tr("Listing {0}…").format(what) if folders else "")
        self.fetch.finished.connect(lambda fetched: self._fetched(rows, fetched))
        self.fetch.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the copies are fetched the held button must not turn into a selection by dragging.
        return event.type() == QEvent.Type.MouseMove and self.fetch is not None

    def _fetched(self, nodes: list[Node], fetched: Fetched | None) -> None:
        self.fetch = None
        self.window.tree_panel.contents.viewport().removeEventFilter(self)
        prepared = fetched.extra if fetched is not None else None
        if not isinstance(prepared, Prepared):
            return
        if prepared.tree is None:
            self._too_big(nodes, prepared.tally)
            return
        tree = prepared.tree
        if tree.refusals:
            self.window.show_warning("\n".join(tree.refusals[:5]))
        rows = rows_of(nodes, tree)
        paths = list(dict.fromkeys(e for e in tree.entries if e is not None))
        if not paths:
            return
        folders = any(entry is not None and copy is None for entry, copy in zip(tree.entries, tree.copies, strict=True))

        def start() -> None:
            self._drag(rows, paths, folders)

        if self.button_held():
            start()
            return
        if self.ready is not None:
            self.ready.close()
        self.ready = ReadyDialog(self.window, [p.name for p in paths], start)
        self.ready.finished.connect(self._ready_closed)
        self.ready.show()
        self.window.show_status(tr("{0} files are ready to drag.").format(len(paths)) if not folders
                                else tr("{0} items are ready to drag.").format(len(paths)))

    def _too_big(self, nodes: list[Node], tally: Tally) -> None:
        """Beyond the cap: say so with the numbers; the rows can still be dropped inside the app."""
        what = label_of(nodes[0]) if len(nodes) == 1 else tr("The selection")
        max_bytes = self.max_bytes if self.max_bytes is not None else (
            copies.limit if (copies := self.cache.copies()) is not None else 0)
        self.window.show_error(tr(
            "{0} holds more than a drag takes ({1}, {2} counted so far; at most {3} and {4} are dragged out). "
            "Use File > Download… for it.").format(
            what, files_text(tally.files), formats.size(tally.size), files_text(self.max_files),
            formats.size(max_bytes)))
        rows = rows_of(nodes, None)
        if rows and self.button_held():
            self.window.show_status(tr("Only a drop inside the app (onto a classroom or student) takes it."))
            self.exec_drag(drag_mime(rows, [], self._endpoint()))

    def _endpoint(self) -> str:
        conn = self.window.connection
        return conn.settings.endpoint if conn is not None else ""

    def _ready_closed(self, _result: int) -> None:
        self.ready = None

    def _drag(self, rows: list[Selected], paths: list[Path], folders: bool) -> None:
        action = self.exec_drag(drag_mime(rows, paths, self._endpoint()))
        if action == Qt.DropAction.IgnoreAction:
            self.window.show_status(tr("Nothing was dropped."))
            return
        if len(paths) == 1:
            self.window.show_status(tr("Dragged {0}").format(paths[0].name))
        else:
            self.window.show_status(tr("Dragged {0} items").format(len(paths)) if folders
                                    else tr("Dragged {0} files").format(len(paths)))
        if self.ready is not None:
            self.ready.close()

    def _exec(self, mime: QMimeData) -> Qt.DropAction:
        drag = QDrag(self.window.tree_panel.contents)
        drag.setMimeData(mime)
        found = object_mime.decode(mime)
        folder = found is None or any(r.key == "" or r.key.endswith("/") for r in found[0])
        icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon if folder
                                                else QStyle.StandardPixmap.SP_FileIcon)
        drag.setPixmap(icon.pixmap(32, 32))
        return drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
