"""Dragging rows out of the contents table: they arrive on the desktop or in a file manager as files
with their real names.

A drag between applications hands over file URLs that the receiving side reads when the drop
happens (a file manager such as pcmanfm asks for them as soon as the drag enters its window), so the
files must exist before the drag starts: nothing may be fetched while the receiver waits. When a drag
begins on selected object rows, their local copies are fetched in a worker (the private cache of
:mod:`~ensure_browser.core.objects.local_copies`, re-used while the ETag is unchanged, verified),
gathered into a folder of their own under distinct names, and then the drag starts carrying them:
at once if the mouse button is still held (the usual case for small objects, ready in a fraction of
a second), else from a small "ready to drag" window whose handle starts the same drag. Big objects
show a progress dialog with Cancel while they are fetched. The window keeps working throughout.

The drag also carries the objects in the app's own format (:mod:`~ensure_browser.ui.objects.object_mime`:
bucket, key, ETag, size, name), so that a drop inside the app can tell rows of this app from files
of the desktop (and copy or move them on the server instead of uploading them again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QDrag, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QStyle, QVBoxLayout, QWidget

from ensure_browser.core.objects.local_copies import LocalCopy
from ensure_browser.core.objects.relocate import Selected
from ensure_browser.ui.host import Host
from ensure_browser.ui.objects import object_mime
from ensure_browser.ui.objects.local_copies import CopyCache, CopyFetch, Fetched, is_object
from ensure_browser.ui.trees.tree_model import Node

log = logging.getLogger(__name__)

MAX_DRAG = 1000  # objects in one drag; more: File > Download


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def drag_mime(copies: list[LocalCopy], paths: list[Path]) -> QMimeData:
    """What a drag of ``copies`` carries: the files (``paths``, their local copies under distinct
    names) as URLs, and the objects in the app's own format (see :func:`object_mime.encode`)."""
    mime = object_mime.encode(Selected(c.bucket, c.key, c.etag, c.size, p.name)
                              for c, p in zip(copies, paths, strict=True))
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


class DragHandle(QLabel):
    """The files of a finished fetch, to drag from (when the mouse button was let go meanwhile)."""

    def __init__(self, text: str, start: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.start = start
        self.pressed: QPoint | None = None
        self.setAccessibleName(tr("Files to drag"))
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
    """Drags of object rows from the contents table (see the module's text).

    ``exec_drag`` runs a drag of the given mime data (tests give their own, to see what it carries),
    ``button_held`` says whether the mouse button that began it is still down."""

    def __init__(self, window: Host, cache: CopyCache) -> None:
        super().__init__(window)
        self.window, self.cache = window, cache
        self.fetch: CopyFetch | None = None
        self.ready: ReadyDialog | None = None
        self.exec_drag: Callable[[QMimeData], Qt.DropAction] = self._exec
        self.button_held: Callable[[], bool] = lambda: bool(
            QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        contents = window.tree_panel.contents
        contents.setDragEnabled(True)  # a press on selected rows keeps them selected for the drag
        contents.dragRequested.connect(self.begin)

    def begin(self, nodes: list[Node]) -> None:
        """Fetch the local copies of the objects among ``nodes`` (a worker), then drag them."""
        objects = [n for n in nodes if is_object(n)]
        if not objects:
            self.window.show_status(tr("Folders are not dragged out: use File > Download… for them."))
            return
        if len(objects) > MAX_DRAG:
            self.window.show_error(tr("{0} files are selected; drag at most {1} at once, or download them.").format(
                f"{len(objects):,}", f"{MAX_DRAG:,}"))
            return
        copies = self.cache.copies()
        if self.fetch is not None or copies is None:
            return
        skipped = len(nodes) - len(objects)
        self.window.show_status(tr("Preparing {0} files to drag…").format(len(objects)) + (
            " " + tr("({0} folders left out: use File > Download… for them)").format(skipped) if skipped else ""))
        self.window.tree_panel.contents.viewport().installEventFilter(self)
        self.fetch = CopyFetch(self.window, copies, objects, tr("Drag"),
                               then=lambda cache, got: cache.drag_folder(got))
        self.fetch.finished.connect(self._fetched)
        self.fetch.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the copies are fetched the held button must not turn into a selection by dragging.
        return event.type() == QEvent.Type.MouseMove and self.fetch is not None

    def _fetched(self, fetched: Fetched | None) -> None:
        self.fetch = None
        self.window.tree_panel.contents.viewport().removeEventFilter(self)
        if fetched is None:
            return
        copies: list[LocalCopy] = fetched.copies
        paths: list[Path] = list(fetched.extra) if isinstance(fetched.extra, list) else []
        if len(paths) != len(copies):
            return

        def start() -> None:
            self._drag(copies, paths)

        if self.button_held():
            start()
            return
        if self.ready is not None:
            self.ready.close()
        self.ready = ReadyDialog(self.window, [p.name for p in paths], start)
        self.ready.finished.connect(self._ready_closed)
        self.ready.show()
        self.window.show_status(tr("{0} files are ready to drag.").format(len(paths)))

    def _ready_closed(self, _result: int) -> None:
        self.ready = None

    def _drag(self, copies: list[LocalCopy], paths: list[Path]) -> None:
        action = self.exec_drag(drag_mime(copies, paths))
        if action == Qt.DropAction.IgnoreAction:
            self.window.show_status(tr("Nothing was dropped."))
            return
        self.window.show_status(tr("Dragged {0}").format(paths[0].name) if len(paths) == 1
                                else tr("Dragged {0} files").format(len(paths)))
        if self.ready is not None:
            self.ready.close()

    def _exec(self, mime: QMimeData) -> Qt.DropAction:
        drag = QDrag(self.window.tree_panel.contents)
        drag.setMimeData(mime)
        icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        drag.setPixmap(icon.pixmap(32, 32))
        return drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
