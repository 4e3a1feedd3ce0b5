"""Folder rows dragged out of the contents table (issue 24, item 2), against the real server: the drag
carries a folder with the folder download's structure and real names (plus the files of object rows
beside it), within a cap that points to File > Download…, cancellable; inside the app the same drag
moves a classroom's materials. The drag's exec is the test's: it sees the mime data a file manager
would receive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.objects.drag_out import DragOut
from ensure_browser.ui.objects.object_mime import MIME as OBJECTS_MIME
from ensure_browser.ui.objects.object_mime import decode
from ensure_browser.ui.objects.relocate_actions import RelocateActions, install_relocate_actions
from ensure_browser.ui.trees.domain_browser import register_domain_sources
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import workers
from tests.support.drags import HOSTILE, cancel_fetch, drag_window
from tests.support.faultproxy import FaultProxy
from tests.support.gui import flow_confirmation, go_to, press, send_drop
from tests.support.servers import S3Server

MATERIALS = "classrooms/c1/materials/"
@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def _install(window: MainWindow) -> None:
    register_domain_sources(window)
    install_relocate_actions(window)


def _window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path,
            endpoint: str | None = None) -> MainWindow:
    return drag_window(qtbot, s3_server, names, tmp_path, endpoint, _install)


@pytest.fixture
def window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path) -> Iterator[MainWindow]:
    yield _window(qtbot, s3_server, names, tmp_path)
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)


def _material(storage: Storage, names: BucketNames, doc: str, original: str, data: bytes,
              classroom: str = "c1") -> str:
    key = f"classrooms/{classroom}/materials/{doc}.pdf"
    storage.upload_bytes(names.documents, key, data, "application/pdf", {ORIGINAL_NAME_META: original})
    return key


def _catch(window: MainWindow, held: bool = True) -> tuple[DragOut, list[QMimeData]]:
    """The window's drag out, its exec the test's: what each drag carried."""
    drag = window.service(DragOut)
    assert drag is not None
    carried: list[QMimeData] = []

    def exec_drag(mime: QMimeData) -> Qt.DropAction:
        carried.append(mime)
        return Qt.DropAction.CopyAction

    drag.exec_drag = exec_drag
    drag.button_held = lambda: held
    return drag, carried


def _select(qtbot: QtBot, window: MainWindow, level: Node, labels: list[str]) -> list[Node]:
    """Select the rows ``labels`` of the level the contents show, and begin a drag on them as the
    view does when the mouse moves with the button held (``startDrag``)."""
    panel = window.tree_panel
    qtbot.waitUntil(lambda: level.state is LoadState.LOADED
                    and {c.label for c in level.children} >= set(labels), timeout=10_000)
    rows = [next(c for c in level.children if c.label == label) for label in labels]
    model = panel.contents.model()
    assert isinstance(model, LazyTreeModel)
    selection = panel.contents.selectionModel()
    selection.clearSelection()
    for node in rows:
        selection.select(model.index_of(node), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    panel.contents.startDrag(Qt.DropAction.CopyAction)
    return rows


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_a_folder_row_drags_out_as_a_folder_with_real_names_beside_an_object_row(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow, tmp_path: Path) -> None:
    docs = names.documents
    long_name = "é" * 148 + ".pdf"  # 300 bytes
    originals = [*HOSTILE, long_name]
    for i, original in enumerate(originals):
        _material(admin_storage, names, f"h{i}", original, f"%PDF-1.4 {i}".encode())
    admin_storage.upload_bytes(docs, "classrooms/c1/readme.txt", b"read me")
    node = go_to(qtbot, window, docs, "classrooms/c1/readme.txt")
    assert node.parent is not None
    drag, carried = _catch(window)
    _select(qtbot, window, node.parent, ["materials/", "readme.txt"])
    qtbot.waitUntil(lambda: len(carried) == 1, timeout=20_000)

    mime = carried[0]
    paths = [Path(u.toLocalFile()) for u in mime.urls()]
    assert [p.name for p in paths] == ["c1", "readme.txt"]  # the classroom's id above its materials
    assert paths[0].parent == paths[1].parent and paths[0].is_dir()
    assert paths[0].resolve().is_relative_to((tmp_path / "cache" / "drags").resolve())
    tree = _tree(paths[0])
    expected = {f"materials/{name}": f"%PDF-1.4 {i}".encode() for i, name in enumerate(HOSTILE.values())}
    cut = [k for k in tree if k.startswith("materials/é")]
    assert len(cut) == 1 and cut[0].endswith(".pdf") and len(cut[0].encode()) <= len("materials/") + 200
    assert tree == {"materials": None, **expected, cut[0]: f"%PDF-1.4 {len(HOSTILE)}".encode()}
    assert paths[1].read_bytes() == b"read me"
    found = decode(mime)
    assert found is not None and not found[1]
    assert [(r.bucket, r.key, r.name) for r in found[0]] == [(docs, MATERIALS, "materials/"),
                                                            (docs, "classrooms/c1/readme.txt", "readme.txt")]
    assert found[0][1].etag == admin_storage.stat(docs, "classrooms/c1/readme.txt").etag
    assert window.status_label.text() == "Dragged 2 items"
    assert drag.fetch is None


def test_a_classrooms_materials_dragged_from_the_domain_tree_arrive_and_move_inside_the_app(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    _material(admin_storage, names, "d1", "Photosynthesis Lab.pdf", b"%PDF-1.4 lab")
    _material(admin_storage, names, "d2", "Cells: an overview?.pdf", b"%PDF-1.4 cells")
    _material(admin_storage, names, "d9", "Other.pdf", b"%PDF-1.4 other", classroom="c2")
    window = _window(qtbot, s3_server, names, tmp_path)  # the Classrooms section is listed as it connects
    assert window.show_tree("Classrooms")
    model = window.current_model()
    assert model is not None
    qtbot.waitUntil(lambda: bool(model.root.children), timeout=10_000)
    (section,) = model.root.children
    if section.state is LoadState.IDLE:
        model.load(section)
    qtbot.waitUntil(lambda: len(section.children) == 2, timeout=10_000)
    c1, c2 = (next(c for c in section.children if c.label.startswith(label)) for label in ("c1", "c2"))
    window.tree_panel.select_node(c1)
    qtbot.waitUntil(lambda: window.tree_panel.level is c1, timeout=10_000)
    _drag, carried = _catch(window)
    _select(qtbot, window, c1, ["Materials"])
    qtbot.waitUntil(lambda: len(carried) == 1, timeout=20_000)

    mime = carried[0]
    (folder,) = [Path(u.toLocalFile()) for u in mime.urls()]
    assert folder.name == "c1" and _tree(folder) == {
        "materials": None,
        "materials/Photosynthesis Lab.pdf": b"%PDF-1.4 lab",
        "materials/Cells_ an overview_.pdf": b"%PDF-1.4 cells",  # ':' and '?': not in a Windows name
    }
    assert window.status_label.text() == "Dragged c1"
    found = decode(mime)
    assert found is not None and [(r.bucket, r.key) for r in found[0]] == [(docs, MATERIALS)]

    # The same drag dropped on classroom c2 in the navigator moves the materials there.
    actions = window.service(RelocateActions)
    nav, view = window.tree_panel.nav, window.tree_panel.view
    assert actions is not None and nav is not None
    pos = view.visualRect(nav.index_of(c2)).center()
    assert send_drop(view.viewport(), pos, [], mime, Qt.DropAction.CopyAction) == (True, True)
    press(flow_confirmation(qtbot, actions), "Move")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    assert {i.key for i in admin_storage.list_recursive(docs, "classrooms/")} == {
        f"classrooms/c2/materials/{d}.pdf" for d in ("d1", "d2", "d9")}
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)


def test_a_folder_past_the_cap_is_not_fetched_and_the_window_says_to_download_it(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, window: MainWindow, tmp_path: Path) -> None:
    for i in range(3):
        _material(admin_storage, names, f"d{i}", f"Sheet {i}.pdf", b"%PDF-1.4 " + bytes(100))
    node = go_to(qtbot, window, names.documents, f"{MATERIALS}d0.pdf")
    materials = node.parent
    assert materials is not None and materials.parent is not None
    window.go_to_location(f"s3://{names.documents}/classrooms/c1/")
    qtbot.waitUntil(lambda: window.tree_panel.level is materials.parent, timeout=10_000)
    drag, carried = _catch(window)
    drag.max_files = 2
    _select(qtbot, window, materials.parent, ["materials/"])
    qtbot.waitUntil(lambda: drag.fetch is None and len(carried) == 1, timeout=20_000)
    assert window.banner.text == ("materials holds more than a drag takes (3 files, 327 B counted so far; at most "
                                  "2 files and 2.0 GiB are dragged out). Use File > Download… for it.")
    mime = carried[0]  # the button is held: only a drop inside the app takes it
    assert not mime.hasUrls() and not mime.hasText() and mime.hasFormat(OBJECTS_MIME)
    found = decode(mime)
    assert found is not None and [r.key for r in found[0]] == [MATERIALS]
    assert not list((tmp_path / "cache").rglob("*.pdf"))  # nothing was fetched

    drag.max_files, drag.max_bytes = 1000, 250  # by bytes; the button let go meanwhile: no drag at all
    drag.button_held = lambda: False
    _select(qtbot, window, materials.parent, ["materials/"])
    qtbot.waitUntil(lambda: drag.fetch is None and "250 B" in window.banner.text, timeout=20_000)
    assert "(3 files, 327 B counted so far; at most 1,000 files and 250 B" in window.banner.text
    assert len(carried) == 1 and drag.ready is None


def test_a_big_folder_is_fetched_behind_a_progress_dialog_that_cancels(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    """Through a link of 512 KiB/s, a folder of 3 MiB: the dialog says what it fetches and how far it
    got, the window answers, Cancel leaves no drag and no drag folder."""
    _material(admin_storage, names, "big", "Big lecture.pdf", b"%PDF-1.4 " + bytes(3 * 1024 * 1024))
    _material(admin_storage, names, "small", "Small.pdf", b"%PDF-1.4 small")
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        window = _window(qtbot, s3_server, names, tmp_path, proxy.endpoint)
        node = go_to(qtbot, window, names.documents, f"{MATERIALS}small.pdf")
        assert node.parent is not None and node.parent.parent is not None
        window.go_to_location(f"s3://{names.documents}/classrooms/c1/")
        qtbot.waitUntil(lambda: window.tree_panel.level is node.parent.parent, timeout=10_000)  # type: ignore[union-attr]
        drag, carried = _catch(window)
        proxy.faults.rate = 512 * 1024
        _select(qtbot, window, node.parent.parent, ["materials/"])
        fetch = drag.fetch
        assert fetch is not None
        cancel_fetch(qtbot, fetch, "Fetching materials: 2 files (3.0 MiB)…")
        qtbot.waitUntil(lambda: drag.fetch is None, timeout=10_000)
        assert carried == []
        assert window.status_label.text() == "Cancelled: nothing was opened or dragged."
        assert list((tmp_path / "cache" / "drags").iterdir()) == []
        proxy.faults.rate = 0
        qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)
