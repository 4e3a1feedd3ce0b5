"""Open (double-click, Enter, menu) and dragging rows out of the contents table (issue 24, item 2),
against the real server. The opener and the drag's exec are the test's: they see the local file,
its name and bytes, and the mime data a file manager would receive."""

from __future__ import annotations

import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.objects.drag_out import DragOut, ReadyDialog
from ensure_browser.ui.objects.object_mime import MIME as OBJECTS_MIME
from ensure_browser.ui.objects.object_mime import decode, source_of
from ensure_browser.ui.objects.open import OpenObjects
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
from ensure_browser.ui.workers import workers
from tests.support.drags import HOSTILE, cancel_fetch, drag_window
from tests.support.faultproxy import FaultProxy
from tests.support.gui import go_to
from tests.support.servers import S3Server

MATERIALS = "classrooms/c1/materials/"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


class Opened:
    """The opener: what the desktop would have been asked to open."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, str, bytes, int]] = []

    def __call__(self, path: Path) -> bool:
        self.calls.append((path, path.name, path.read_bytes(), path.stat().st_ino))
        return True


def _window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path,
            endpoint: str | None = None) -> MainWindow:
    win = drag_window(qtbot, s3_server, names, tmp_path, endpoint)
    win.sidebar.setCurrentRow([win.sidebar.item(i).text() for i in range(win.sidebar.count())].index("Raw"))
    return win


@pytest.fixture
def window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path) -> Iterator[MainWindow]:
    yield _window(qtbot, s3_server, names, tmp_path)
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)


def _material(storage: Storage, names: BucketNames, doc: str, original: str, data: bytes) -> str:
    key = f"{MATERIALS}{doc}.pdf"
    storage.upload_bytes(names.documents, key, data, "application/pdf", {ORIGINAL_NAME_META: original})
    return key


def _center(window: MainWindow, node: Node) -> QPoint:
    model = window.tree_panel.model
    assert isinstance(model, LazyTreeModel)
    view = window.tree_panel.contents
    return view.visualRect(model.index_of(node)).center()


def _double_click(widget: QWidget, pos: QPoint) -> None:
    """A user's double-click: a click, then the second press (Qt's view wants the row pressed first)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _opener(window: MainWindow) -> tuple[OpenObjects, Opened]:
    actions = window.service(OpenObjects)
    assert actions is not None
    opened = Opened()
    actions.opener = opened
    return actions, opened


def test_double_click_opens_the_real_name_and_reuses_the_copy_until_the_object_changes(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow, tmp_path: Path) -> None:
    key = _material(admin_storage, names, "d1", "Photosynthesis Lab.pdf", b"%PDF-1.4 first")
    node = go_to(qtbot, window, names.documents, key)
    actions, opened = _opener(window)
    viewport = window.tree_panel.contents.viewport()

    _double_click(viewport, _center(window, node))
    qtbot.waitUntil(lambda: len(opened.calls) == 1, timeout=10_000)
    path, name, data, inode = opened.calls[0]
    assert (name, data) == ("Photosynthesis Lab.pdf", b"%PDF-1.4 first")
    assert path.resolve().is_relative_to((tmp_path / "cache").resolve())
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700 and stat.S_IMODE(path.stat().st_mode) == 0o600
    qtbot.waitUntil(lambda: actions.fetch is None, timeout=10_000)
    assert window.status_label.text() == "Opened Photosynthesis Lab.pdf"

    QTest.keyClick(window.tree_panel.contents, Qt.Key.Key_Return)  # Enter opens too: the same copy
    qtbot.waitUntil(lambda: len(opened.calls) == 2, timeout=10_000)
    assert opened.calls[1][0] == path and opened.calls[1][3] == inode  # not downloaded again

    _material(admin_storage, names, "d1", "Photosynthesis Lab.pdf", b"%PDF-1.4 corrected")
    qtbot.waitUntil(lambda: actions.fetch is None, timeout=10_000)
    _double_click(viewport, _center(window, node))
    qtbot.waitUntil(lambda: len(opened.calls) == 3, timeout=10_000)
    assert opened.calls[2][1:3] == ("Photosynthesis Lab.pdf", b"%PDF-1.4 corrected")
    assert opened.calls[2][3] != inode


def test_double_click_on_a_folder_still_opens_the_folder(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow) -> None:
    key = _material(admin_storage, names, "d1", "Lab.pdf", b"%PDF-1.4 x")
    go_to(qtbot, window, names.documents, key)
    _actions, opened = _opener(window)
    panel = window.tree_panel
    window.go_to_location(f"s3://{names.documents}/classrooms/c1/")
    qtbot.waitUntil(lambda: panel.level is not None and panel.level.key == "classrooms/c1/", timeout=10_000)
    folder = next(n for n in panel.level.children if n.key == MATERIALS)  # type: ignore[union-attr]
    _double_click(panel.contents.viewport(), _center(window, folder))
    qtbot.waitUntil(lambda: panel.level is folder, timeout=10_000)
    assert opened.calls == []


def test_the_context_menu_offers_open_first(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow) -> None:
    key = _material(admin_storage, names, "d1", "Lab.pdf", b"%PDF-1.4 x")
    node = go_to(qtbot, window, names.documents, key)
    actions, opened = _opener(window)
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(node, menu, window)
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert entries[0] == "Open" and "Download…" in entries
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(opened.calls) == 1, timeout=10_000)
    assert opened.calls[0][1] == "Lab.pdf"
    folder = node.parent
    assert folder is not None
    menu = QMenu()
    actions.context_menu(folder, menu, window)
    assert menu.actions() == []


def _select_all(qtbot: QtBot, window: MainWindow, count: int) -> list[Node]:
    panel = window.tree_panel
    qtbot.waitUntil(lambda: panel.level is not None and len(panel.level.children) == count, timeout=10_000)
    panel.contents.setFocus()
    panel.contents.selectAll()
    nodes = panel.selected_nodes()
    assert len(nodes) == count
    return nodes


def _drag_from_view(window: MainWindow) -> None:
    """A real mouse drag from the first selected row (the view decides it is a drag and asks for it)."""
    view = window.tree_panel.contents
    nodes = window.tree_panel.selected_nodes()
    start = _center(window, nodes[0])
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        move = QPoint(start.x() + 10 * step, start.y() + 10 * step)
        event = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(move), QPointF(view.viewport().mapToGlobal(move)),
                            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)


def test_a_drag_carries_local_files_with_safe_distinct_real_names(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow, tmp_path: Path) -> None:
    long_name = "é" * 148 + ".pdf"  # 300 bytes
    originals = {**HOSTILE, long_name: None}
    keys = {o: _material(admin_storage, names, f"h{i}", o, f"%PDF-1.4 {i}".encode())
            for i, o in enumerate(originals)}
    go_to(qtbot, window, names.documents, keys["Lab.pdf"])
    _select_all(qtbot, window, len(keys))
    drag = window.service(DragOut)
    assert drag is not None
    carried: list[QMimeData] = []
    drag.button_held = lambda: True

    def exec_drag(mime: QMimeData) -> Qt.DropAction:
        carried.append(mime)
        return Qt.DropAction.CopyAction

    drag.exec_drag = exec_drag
    _drag_from_view(window)
    qtbot.waitUntil(lambda: len(carried) == 1, timeout=10_000)
    mime = carried[0]
    files = [Path(u.toLocalFile()) for u in mime.urls()]
    assert all(u.isLocalFile() for u in mime.urls()) and len(files) == len(keys)
    assert len({f.parent for f in files}) == 1
    by_name = {f.name: f.read_bytes() for f in files}
    index = {o: i for i, o in enumerate(originals)}
    for original, expected in HOSTILE.items():
        assert by_name[expected] == f"%PDF-1.4 {index[original]}".encode(), original
    cut = next(n for n in by_name if n.startswith("é"))
    assert cut.endswith(".pdf") and len(cut.encode()) <= 200
    for f in files:
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in f.name)
        assert f.resolve().is_relative_to((tmp_path / "cache").resolve())
    found = decode(mime)
    assert window.connection is not None
    assert source_of(mime) == window.connection.settings.endpoint  # a window connected elsewhere refuses it
    assert found is not None and not found[1]  # the rows, not cut
    assert {(r.bucket, r.key) for r in found[0]} == {(names.documents, k) for k in keys.values()}
    assert {r.name for r in found[0]} == set(by_name)
    assert all(r.etag for r in found[0])
    assert window.status_label.text() == f"Dragged {len(keys)} files"


def test_a_drag_whose_button_was_let_go_is_offered_from_a_ready_window(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow) -> None:
    keys = [_material(admin_storage, names, f"d{i}", f"Sheet {i}.pdf", f"%PDF-1.4 {i}".encode()) for i in range(2)]
    go_to(qtbot, window, names.documents, keys[0])
    _select_all(qtbot, window, 2)
    drag = window.service(DragOut)
    assert drag is not None
    carried: list[QMimeData] = []
    drag.button_held = lambda: False
    drag.exec_drag = lambda mime: carried.append(mime) or Qt.DropAction.CopyAction  # type: ignore[func-returns-value]
    _drag_from_view(window)
    qtbot.waitUntil(lambda: drag.ready is not None, timeout=10_000)
    ready = drag.ready
    assert isinstance(ready, ReadyDialog) and carried == []
    handle = ready.handle
    assert handle.accessibleName() == "Files to drag" and "Sheet 0.pdf" in handle.text()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.mouseMove(handle, QPoint(60, 40))
    QApplication.sendEvent(handle, QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(60, 40), QPointF(60, 40),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                               Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: len(carried) == 1, timeout=5_000)
    assert sorted(Path(u.toLocalFile()).name for u in carried[0].urls()) == ["Sheet 0.pdf", "Sheet 1.pdf"]
    qtbot.waitUntil(lambda: drag.ready is None, timeout=5_000)


def test_rows_of_the_app_dropped_back_on_it_are_not_uploaded(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow, tmp_path: Path) -> None:
    key = _material(admin_storage, names, "d1", "Lab.pdf", b"%PDF-1.4 x")
    node = go_to(qtbot, window, names.documents, key)
    local = tmp_path / "Lab.pdf"
    local.write_bytes(b"%PDF-1.4 x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(local))])
    mime.setData(OBJECTS_MIME, b"[]")
    viewport = window.tree_panel.contents.viewport()
    pos = _center(window, node)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    assert not move.isAccepted() and not drop.isAccepted()
    assert [i.key for i in admin_storage.list_recursive(names.documents)] == [key]


def test_a_big_object_opens_behind_a_progress_dialog_that_cancels(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    """Through a link of 512 KiB/s, a 3 MiB material: the dialog shows how far it got, Cancel
    stops it, nothing is opened and nothing is left under the name; the window answers meanwhile."""
    key = _material(admin_storage, names, "big", "Big lecture.pdf", b"%PDF-1.4 " + bytes(3 * 1024 * 1024))
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        window = _window(qtbot, s3_server, names, tmp_path, proxy.endpoint)
        node = go_to(qtbot, window, names.documents, key)
        actions, opened = _opener(window)
        proxy.faults.rate = 512 * 1024
        actions.open_nodes([node])
        fetch = actions.fetch
        assert fetch is not None
        cancel_fetch(qtbot, fetch, "Fetching big.pdf (3.0 MiB)…")  # the row as the Raw tree names it
        qtbot.waitUntil(lambda: actions.fetch is None, timeout=10_000)
        assert opened.calls == []
        assert window.status_label.text() == "Cancelled: nothing was opened or dragged."
        assert not list((tmp_path / "cache").rglob("Big lecture.pdf"))
        proxy.faults.rate = 0
        qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)
