"""Delete and Copy location in the main window, against the real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.actions import ObjectActions, install_object_actions
from ensure_browser.ui.workers import workers
from tests.support.gui import flow_confirmation, go_to, press
from tests.support.servers import S3Server

MATERIALS = "classrooms/c1/materials/"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def _open(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path_factory: pytest.TempPathFactory,
          read_only: bool = False) -> tuple[MainWindow, ObjectActions]:
    settings = QSettings(str(tmp_path_factory.mktemp("qs") / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    actions = install_object_actions(window)
    assert window.service(ObjectActions) is actions
    qtbot.addWidget(window)
    window.show()
    identity = s3_server.support if read_only else None
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(identity), names))
    window.sidebar.setCurrentRow([window.sidebar.item(i).text() for i in range(window.sidebar.count())].index("Raw"))
    return window, actions


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MainWindow, ObjectActions]]:
    window, actions = _open(qtbot, s3_server, names, tmp_path_factory)
    yield window, actions
    _settle(qtbot, actions)


def _settle(qtbot: QtBot, actions: ObjectActions) -> None:
    """The flow has ended and the levels it refreshed have loaded again."""
    qtbot.waitUntil(lambda: actions.flow is None and not workers().active(), timeout=10_000)




def _keys(storage: Storage, bucket: str) -> set[str]:
    return {i.key for i in storage.list_recursive(bucket)}


def test_deleting_a_material_offers_its_thumbnail_and_refreshes_the_level(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, ObjectActions]) -> None:
    docs = names.documents
    for key in (f"{MATERIALS}d1.pdf", "classrooms/c1/thumbnails/d1_thumb.png", f"{MATERIALS}d2.pdf"):
        admin_storage.upload_bytes(docs, key, b"%PDF-1.4 x")
    window, actions = opened
    node = go_to(qtbot, window, docs, f"{MATERIALS}d1.pdf")
    menu = QMenu()
    actions.context_menu(node, menu, window)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["Copy location", "Delete…"]

    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    assert box.text() == f"Delete {MATERIALS}d1.pdf (10 B) from {docs}?"
    assert box.defaultButton() is box.escapeButton() and box.defaultButton().text() == "Cancel"
    check = box.checkBox()
    assert check is not None and check.isChecked() and check.text() == "Also delete its thumbnail"
    press(box, "Delete")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, docs) == {f"{MATERIALS}d2.pdf"}
    assert window.status_label.text() == "Deleted 2 objects (20 B)."
    level = window.tree_panel.level
    assert level is not None
    qtbot.waitUntil(lambda: [c.key for c in level.children] == [f"{MATERIALS}d2.pdf"], timeout=10_000)


def test_unticking_the_thumbnail_keeps_it(qtbot: QtBot, admin_storage: Storage, names: BucketNames,
                                          opened: tuple[MainWindow, ObjectActions]) -> None:
    docs = names.documents
    for key in (f"{MATERIALS}d1.pdf", "classrooms/c1/thumbnails/d1_thumb.png"):
        admin_storage.upload_bytes(docs, key, b"abc")
    window, actions = opened
    go_to(qtbot, window, docs, f"{MATERIALS}d1.pdf")
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    check = box.checkBox()
    assert check is not None
    check.setChecked(False)
    press(box, "Delete")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, docs) == {"classrooms/c1/thumbnails/d1_thumb.png"}


def test_a_folder_is_listed_first_and_cancel_deletes_nothing(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, ObjectActions]) -> None:
    docs = names.documents
    keys = {f"classrooms/c2/materials/{name}" for name in ("a.pdf", "b c+%.pdf", "ü/x.txt")}
    for key in keys:
        admin_storage.upload_bytes(docs, key, b"12")
    window, actions = opened
    go_to(qtbot, window, docs, "classrooms/c2/")
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    assert box.text() == f"Delete the folder classrooms/c2/ and the 3 objects in it (6 B) from {docs}?"
    assert set(box.detailedText().splitlines()) == keys
    assert box.checkBox() is None
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, docs) == keys
    assert window.status_label.text() == "Nothing was deleted."

    # the Delete key in the navigator starts the same flow; this time it goes through
    window.activateWindow()
    window.tree_panel.view.setFocus()
    qtbot.waitUntil(window.tree_panel.view.hasFocus, timeout=5_000)
    qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_Delete)
    press(flow_confirmation(qtbot, actions), "Delete")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, docs) == set()
    assert window.status_label.text() == "Deleted 3 objects (6 B)."


def test_top_level_is_not_deletable_and_copy_location_copies(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, ObjectActions]) -> None:
    admin_storage.upload_bytes(names.documents, "a b+c.txt", b"1")
    window, actions = opened
    model = window.current_model()
    assert model is not None
    bucket_node = next(n for n in model.root.children if n.bucket == names.documents)
    menu = QMenu()
    actions.context_menu(bucket_node, menu, window)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["Copy location"]
    actions.delete_selected(bucket_node)
    assert actions.flow is None and "cannot be deleted" in window.banner.text

    node = go_to(qtbot, window, names.documents, "a b+c.txt")
    window.tree_panel.contents.setFocus()
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # Qt keeps the modifiers of the last key event as the application's state: release them, or a
    # later test's programmatic selection in an extended-selection view would act as Ctrl+Shift+click
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_Escape)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    assert QApplication.clipboard().text() == f"s3://{names.documents}/a b+c.txt"
    assert node.key == "a b+c.txt"


def test_an_empty_selection_of_folders_says_so(qtbot: QtBot, admin_storage: Storage, names: BucketNames,
                                               opened: tuple[MainWindow, ObjectActions]) -> None:
    admin_storage.upload_bytes(names.documents, "f/keep.txt", b"1")
    window, actions = opened
    node = go_to(qtbot, window, names.documents, "f/")
    admin_storage.delete(names.documents, "f/keep.txt")  # gone meanwhile, e.g. deleted by someone else
    actions.delete_selected(node)
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert window.status_label.text() == "Nothing to delete: the selected folders are empty."


@pytest.mark.parametrize("selected", ["f/", "f/a.txt"], ids=["folder", "object"])
def test_an_object_replaced_after_the_confirmation_is_kept_and_named(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, opened: tuple[MainWindow, ObjectActions],
        selected: str) -> None:
    """The user confirms 16 bytes; another client replaces them (60 bytes) before the delete runs:
    the replacement is kept and the window names it."""
    docs = names.documents
    for key in ("f/a.txt", "f/b.txt"):
        admin_storage.upload_bytes(docs, key, b"0123456789abcdef")
    window, actions = opened
    go_to(qtbot, window, docs, selected)
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    admin_storage.upload_bytes(docs, "f/a.txt", b"x" * 60)
    press(box, "Delete")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert admin_storage.read_range(docs, "f/a.txt") == b"x" * 60
    assert _keys(admin_storage, docs) == ({"f/a.txt"} if selected == "f/" else {"f/a.txt", "f/b.txt"})
    deleted = "Deleted 1 objects (16 B)." if selected == "f/" else "Deleted 0 objects (0 B)."
    assert window.status_label.text() == f"{deleted} 1 changed since you confirmed: kept."
    assert window.banner.isVisible() and window.banner.level == "warning"
    assert "1 objects changed since you confirmed and were kept: f/a.txt" in window.banner.text


def test_read_only_user_is_told_and_nothing_is_lost(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    admin_storage.upload_bytes(names.documents, "r/a.txt", b"1")
    window, actions = _open(qtbot, s3_server, names, tmp_path_factory, read_only=True)
    go_to(qtbot, window, names.documents, "r/a.txt")
    actions.delete_selected()
    press(flow_confirmation(qtbot, actions), "Delete")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, names.documents) == {"r/a.txt"}
    assert window.banner.isVisible()
    assert window.banner.text == "1 objects were not deleted; r/a.txt: permission denied: these credentials may not delete it"
    assert window.status_label.text() == "Deleted 0 objects (0 B)."
    _settle(qtbot, actions)


def test_a_material_is_asked_about_by_the_name_its_row_shows(qtbot: QtBot, admin_storage: Storage,
                                                            names: BucketNames,
                                                            opened: tuple[MainWindow, ObjectActions]) -> None:
    """A teacher deletes "Photosynthesis lab.pdf", not a uuid: the key stays in the details."""
    docs = names.documents
    key = f"{MATERIALS}d3.pdf"
    admin_storage.upload_bytes(docs, key, b"%PDF-1.4 x")
    window, actions = opened
    node = go_to(qtbot, window, docs, key)
    node.label = "Photosynthesis lab.pdf"  # what a domain tree shows (its original-filename)
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    assert box.text() == f"Delete “Photosynthesis lab.pdf” (10 B) from {docs}?"
    assert key in box.detailedText()
    qtbot.wait(4_500)  # a person reads: the finished listing's progress dialog does not come back meanwhile
    assert actions.flow is not None and not actions.flow.dialog.isVisible() and box.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    _settle(qtbot, actions)
    assert admin_storage.exists(docs, key)


def test_a_key_with_markup_is_shown_as_written(qtbot: QtBot, admin_storage: Storage, names: BucketNames,
                                               opened: tuple[MainWindow, ObjectActions]) -> None:
    """A key is the server's text: "<!--" in it must not hide the rest of "Delete ...?" (rich text)."""
    docs = names.documents
    key = "notes/<!--x.pdf"
    admin_storage.upload_bytes(docs, key, b"%PDF-1.4 x")
    window, actions = opened
    go_to(qtbot, window, docs, key)
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == f"Delete {key} (10 B) from {docs}?"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    _settle(qtbot, actions)
    assert admin_storage.exists(docs, key)
    window.show_error(f"Could not read <img src='file:///etc/passwd'>{key}")
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText
    window.show_status(f"Deleted <b>{key}</b>")
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText


def test_the_confirmation_tells_whether_a_delete_can_be_undone(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, ObjectActions]) -> None:
    from minio.commonconfig import ENABLED
    from minio.versioningconfig import VersioningConfig

    docs, recs = names.documents, names.recordings
    admin_storage.client.set_bucket_versioning(docs, VersioningConfig(ENABLED))
    admin_storage.upload_bytes(docs, f"{MATERIALS}kept.pdf", b"%PDF-1.4 x")
    admin_storage.upload_bytes(recs, "meetings/m1/raw.webm", b"webm")
    window, actions = opened

    go_to(qtbot, window, docs, f"{MATERIALS}kept.pdf")
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    assert box.informativeText() == (
        f"{docs} keeps every version: the deleted objects can be restored. To bring an object back, tick "
        "View > Show deleted objects in its folder and choose Undelete, or restore a version from its "
        "Versions tab.")
    press(box, "Delete")
    _settle(qtbot, actions)
    assert not admin_storage.exists(docs, f"{MATERIALS}kept.pdf")
    assert [v.is_delete_marker for v in admin_storage.list_versions(docs, f"{MATERIALS}kept.pdf")] == [True, False]

    go_to(qtbot, window, recs, "meetings/m1/raw.webm")
    actions.delete_selected()
    box = flow_confirmation(qtbot, actions)
    assert box.informativeText() == "This cannot be undone."
    press(box, "Cancel")
    _settle(qtbot, actions)
    assert admin_storage.exists(recs, "meetings/m1/raw.webm")


def test_a_delete_planned_on_one_connection_is_not_run_on_the_next(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, ObjectActions]) -> None:
    from ensure_browser.core.s3.storage import ConnectionSettings

    docs = names.documents
    admin_storage.upload_bytes(docs, f"{MATERIALS}d1.pdf", b"%PDF-1.4 x")
    window, actions = opened
    go_to(qtbot, window, docs, f"{MATERIALS}d1.pdf")
    actions.delete_selected()  # planned in a worker ...
    settings = s3_server.settings()
    other = ConnectionSettings(**{**settings.__dict__, "endpoint": settings.endpoint.replace("127.0.0.1", "localhost")})
    window.connect_to(Connection("Other", other, names))  # ... while the window connects elsewhere
    press(flow_confirmation(qtbot, actions), "Delete")
    _settle(qtbot, actions)
    assert _keys(admin_storage, docs) == {f"{MATERIALS}d1.pdf"}
    assert "another server" in window.banner.label.text()
