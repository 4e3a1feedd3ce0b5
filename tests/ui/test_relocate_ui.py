"""Copy and move in the main window against the real server: Cut/Paste with the keys, rows dropped
on a classroom in the navigator (the in-app mime type), "Move to…" from the context menu with the
chooser, and every action taking every selected row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QPushButton
from pytestqt.qtbot import QtBot

from ensure_browser.core.objects.relocate_run import RelocateResult
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.actions import install_object_actions
from ensure_browser.ui.objects.object_mime import MIME, decode, encode, selected_of
from ensure_browser.ui.objects.relocate_actions import RelocateActions, destination_of, install_relocate_actions
from ensure_browser.ui.objects.selection import selection_for
from ensure_browser.ui.search.install import install_search
from ensure_browser.ui.trees.domain_browser import register_domain_sources
from ensure_browser.ui.trees.tree_model import LoadState, Node
from ensure_browser.ui.workers import workers
from tests.support.faultproxy import FaultProxy
from tests.support.gui import flow_confirmation, press, send_drop
from tests.support.servers import S3Server

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def _window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path,
            identity: Identity | None = None) -> tuple[MainWindow, RelocateActions]:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    register_domain_sources(window)
    install_object_actions(window)
    actions = install_relocate_actions(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(identity), names))
    assert window.show_tree("Classrooms")
    return window, actions


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames,
           tmp_path: Path) -> Iterator[tuple[MainWindow, RelocateActions]]:
    docs = names.documents
    for classroom, doc_id, title in (("c1", "d1", "Photosynthesis Lab.pdf"), ("c1", "d2", "Cells.pdf"),
                                     ("c2", "d9", "Other.pdf")):
        admin_storage.upload_bytes(docs, f"classrooms/{classroom}/materials/{doc_id}.pdf", b"%PDF-1.4 " + title.encode(),
                                   content_type="application/pdf", metadata={"original-filename": title})
        admin_storage.upload_bytes(docs, f"classrooms/{classroom}/thumbnails/{doc_id}_thumb.png", b"\x89PNG",
                                   content_type="image/png")
    window, actions = _window(qtbot, s3_server, names, tmp_path)
    yield window, actions
    qtbot.waitUntil(lambda: actions.flow is None and not workers().active(), timeout=20_000)
    QGuiApplication.clipboard().clear()


def _child(qtbot: QtBot, window: MainWindow, parent: Node, label: str) -> Node:
    model = window.current_model()
    assert model is not None
    if parent.state is LoadState.IDLE:
        model.load(parent)
    qtbot.waitUntil(lambda: any(c.label.startswith(label) for c in parent.children), timeout=10_000)
    return next(c for c in parent.children if c.label.startswith(label))


def _classroom(qtbot: QtBot, window: MainWindow, classroom: str) -> Node:
    model = window.current_model()
    assert model is not None
    (section,) = model.root.children
    return _child(qtbot, window, section, classroom)


def _select_materials(qtbot: QtBot, window: MainWindow, classroom: str, labels: list[str]) -> list[Node]:
    """Open the classroom's Materials in the contents and select the rows ``labels`` there."""
    materials = _child(qtbot, window, _classroom(qtbot, window, classroom), "Materials")
    panel = window.tree_panel
    panel.select_node(materials)
    rows = [_child(qtbot, window, materials, label) for label in labels]
    qtbot.waitUntil(lambda: materials.state is LoadState.LOADED, timeout=10_000)
    model = window.current_model()
    assert model is not None
    selection = panel.contents.selectionModel()
    selection.clearSelection()
    for node in rows:
        selection.select(model.index_of(node), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    panel.contents.setFocus()
    qtbot.waitUntil(lambda: panel.contents.hasFocus(), timeout=5_000)
    panel._last_active = panel.contents  # noqa: SLF001 - the view a click would have made active
    assert [n.label for n in selection_for(window)] == [n.label for n in rows]
    return rows


def _keys(storage: Storage, bucket: str, prefix: str) -> set[str]:
    return {i.key for i in storage.list_recursive(bucket, prefix)}


def test_cut_and_paste_moves_two_materials_with_their_thumbnails(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], admin_storage: Storage, names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    _select_materials(qtbot, window, "c1", ["Photosynthesis Lab.pdf", "Cells.pdf"])
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_X, CTRL)
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME)
    assert "2 items cut" in window.status_label.text()
    # Ctrl+V on classroom c2 in the navigator.
    c2 = _classroom(qtbot, window, "c2")
    window.tree_panel.select_node(c2)
    window.tree_panel.view.setFocus()
    qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_V, CTRL)
    box = flow_confirmation(qtbot, actions)
    assert box.text() == "Move 2 documents with 2 thumbnails from Classroom c1 to Classroom c2?"
    assert box.defaultButton() is box.escapeButton() and box.defaultButton().text() == "Cancel"
    assert "Photosynthesis Lab.pdf: classrooms/c1/materials/d1.pdf → classrooms/c2/materials/d1.pdf" \
        in box.detailedText()
    press(box, "Move")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    assert _keys(admin_storage, docs, "classrooms/c1/") == set()
    assert _keys(admin_storage, docs, "classrooms/c2/") == {
        f"classrooms/c2/{d}" for d in ("materials/d1.pdf", "materials/d2.pdf", "materials/d9.pdf",
                                       "thumbnails/d1_thumb.png", "thumbnails/d2_thumb.png", "thumbnails/d9_thumb.png")}
    assert "Moved 2 documents" in window.status_label.text()
    assert actions.clipboard_items() is None  # what was cut has gone


def test_copy_and_paste_onto_the_level_shown_copies_with_new_ids(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], admin_storage: Storage, names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    _select_materials(qtbot, window, "c2", ["Other.pdf"])
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == f"s3://{docs}/classrooms/c2/materials/d9.pdf"
    _select_materials(qtbot, window, "c1", ["Cells.pdf"])  # the contents now show c1's materials
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)  # a copy is not asked about
    new = _keys(admin_storage, docs, "classrooms/c1/materials/") - {"classrooms/c1/materials/d1.pdf",
                                                                   "classrooms/c1/materials/d2.pdf"}
    (key,) = new
    c = classify(docs, key, names)
    assert c is not None and c.ids["document_id"] not in ("d1", "d2", "d9")
    assert admin_storage.stat(docs, key).metadata["original-filename"] == "Other.pdf"
    assert admin_storage.exists(docs, f"classrooms/c1/thumbnails/{c.ids['document_id']}_thumb.png")
    assert admin_storage.exists(docs, "classrooms/c2/materials/d9.pdf")
    # The level shown is listed again: the copy appears in it.
    materials = window.tree_panel.level
    assert materials is not None
    qtbot.waitUntil(lambda: materials.state is LoadState.LOADED and len(materials.children) == 3, timeout=10_000)


def test_rows_dropped_on_a_classroom_in_the_navigator_move_there(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], admin_storage: Storage, names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    etag = admin_storage.stat(docs, "classrooms/c1/materials/d1.pdf").etag
    c2 = _classroom(qtbot, window, "c2")
    view = window.tree_panel.view
    nav = window.tree_panel.nav
    assert nav is not None
    pos = view.visualRect(nav.index_of(c2)).center()
    # As the drag out of the contents builds it (bucket, key, ETag, its file's name), offering
    # only to copy (the desktop must not delete its files): inside the app a drop still moves.
    mime = QMimeData()
    mime.setData(MIME, json.dumps([{"bucket": docs, "key": "classrooms/c1/materials/d1.pdf", "etag": etag,
                                    "name": "Photosynthesis Lab.pdf"}]).encode())
    moved = Qt.DropAction.CopyAction
    assert send_drop(view.viewport(), pos, [], mime, moved) == (True, True)
    box = flow_confirmation(qtbot, actions)
    assert box.text() == "Move “Photosynthesis Lab.pdf” with 1 thumbnail from Classroom c1 to Classroom c2?"
    press(box, "Move")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    assert admin_storage.stat(docs, "classrooms/c2/materials/d1.pdf").etag == etag
    assert not admin_storage.exists(docs, "classrooms/c1/materials/d1.pdf")
    # With Ctrl held it is a copy (not asked about): of what was dropped, which has moved away.
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)  # the levels listed again
    pos = view.visualRect(nav.index_of(_classroom(qtbot, window, "c2"))).center()
    assert send_drop(view.viewport(), pos, [], mime, moved, CTRL) == (True, True)
    assert send_drop(view.viewport(), QPoint(5, view.viewport().height() - 5), [], mime, moved) == (False, False)
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    assert "changed since" in window.banner.text or "no longer exists" in window.banner.text  # the source moved away
    assert len(_keys(admin_storage, docs, "classrooms/c2/materials/")) == 2


def test_move_to_from_the_context_menu_with_the_chooser(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], admin_storage: Storage, names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    admin_storage.upload_bytes(docs, "classrooms/c3/materials/x.pdf", b"%PDF-1.4 x")
    rows = _select_materials(qtbot, window, "c1", ["Photosynthesis Lab.pdf", "Cells.pdf"])
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(rows[1], menu, window)
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert {"Cut", "Copy", "Copy to…", "Move to…"} <= set(entries)
    next(a for a in menu.actions() if a.text() == "Move to…").trigger()
    chooser = actions.chooser
    assert chooser is not None
    qtbot.waitUntil(lambda: chooser.list.count() == 3 and chooser.list.item(0).text() == "c1", timeout=10_000)
    assert not chooser.list.item(0).flags() & Qt.ItemFlag.ItemIsEnabled  # c1: where they are
    chooser.filter.setText("3")
    assert chooser.list.currentItem() is not None and chooser.list.currentItem().text() == "c3"
    chooser.ok.click()
    box = flow_confirmation(qtbot, actions)
    assert box.text() == "Move 2 documents with 2 thumbnails from Classroom c1 to Classroom c3?"
    press(box, "Cancel")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=10_000)
    assert _keys(admin_storage, docs, "classrooms/c3/") == {"classrooms/c3/materials/x.pdf"}  # declined
    assert "Nothing was copied or moved." in window.status_label.text()


def test_every_selected_row_reaches_each_action(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], names: BucketNames) -> None:
    window, _actions = opened
    rows = _select_materials(qtbot, window, "c1", ["Photosynthesis Lab.pdf", "Cells.pdf"])
    # Copy location (Ctrl+Shift+C) names both.
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert sorted(QGuiApplication.clipboard().text().splitlines()) == sorted(
        f"s3://{names.documents}/{n.key}" for n in rows)
    # A context menu opened on a selected row acts on the whole selection, on another row on that one.
    assert selection_for(window, rows[0]) == rows
    other = window.tree_panel.level
    assert other is not None and selection_for(window, other) == [other]
    # Rows the filter hides are not acted on, even when selected.
    window.tree_panel.filter_edit.setText("Cells")
    qtbot.waitUntil(lambda: window.tree_panel.contents.isRowHidden(rows[0].parent.children.index(rows[0])),  # type: ignore[union-attr]
                    timeout=5_000)
    window.tree_panel.contents.selectAll()
    assert [n.label for n in selection_for(window)] == ["Cells.pdf"]
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_C, Qt.KeyboardModifier.NoModifier)  # release Ctrl


def test_a_press_on_a_selected_row_keeps_the_selection_for_the_drag(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], names: BucketNames) -> None:
    window, _actions = opened
    rows = _select_materials(qtbot, window, "c1", ["Photosynthesis Lab.pdf", "Cells.pdf"])
    contents = window.tree_panel.contents
    model = window.current_model()
    assert model is not None
    qtbot.mousePress(contents.viewport(), Qt.MouseButton.LeftButton,
                     pos=contents.visualRect(model.index_of(rows[1])).center())
    assert selection_for(window) == rows  # not reduced to the pressed row: it may be a drag's start
    found = decode(encode(i for n in rows if (i := selected_of(n)) is not None))
    assert found is not None
    assert [(s.bucket, s.key, s.name) for s in found[0]] == [(names.documents, n.key, n.label) for n in rows]
    assert all(s.etag for s in found[0]) and not found[1]
    qtbot.mouseRelease(contents.viewport(), Qt.MouseButton.LeftButton,
                       pos=contents.visualRect(model.index_of(rows[1])).center())


def test_notes_copied_to_a_student_by_the_chooser_and_a_refused_move_loses_nothing(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    for student, note in (("s1", "n1"), ("s2", "n2")):
        admin_storage.upload_bytes(docs, f"students/{student}/notes/{note}.pdf", b"%PDF-1.4 " + note.encode(),
                                   content_type="application/pdf", metadata={"original-filename": f"{note} notes.pdf"})
    for key in ("classrooms/c1/materials/d1.pdf", "classrooms/c2/materials/d2.pdf"):
        admin_storage.upload_bytes(docs, key, b"%PDF-1.4")
    # Read-only credentials: the move of a material is refused by the server, and nothing is lost.
    window, actions = _window(qtbot, s3_server, names, tmp_path / "ro", s3_server.support)
    _select_materials(qtbot, window, "c1", ["d1.pdf"])
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_X, CTRL)
    menu = QMenu()
    c2 = _classroom(qtbot, window, "c2")
    for provider in window.context_menu_providers:
        provider(c2, menu, window)
    next(a for a in menu.actions() if a.text() == "Move 1 cut items into Classroom c2").trigger()
    press(flow_confirmation(qtbot, actions), "Move")
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    assert "Kept where they are" in window.banner.label.text() and "d1.pdf" in window.banner.label.text()
    assert _keys(admin_storage, docs, "classrooms/") == {"classrooms/c1/materials/d1.pdf",
                                                         "classrooms/c2/materials/d2.pdf"}
    assert actions.clipboard_items() is not None  # nothing moved: what was cut is still there to paste
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
    window.close()
    # With the admin's: a note copied to another student from the Students tree's context menu.
    window, actions = _window(qtbot, s3_server, names, tmp_path / "rw")
    assert window.show_tree("Students")
    model = window.current_model()
    assert model is not None
    (section,) = model.root.children
    s1 = _child(qtbot, window, section, "s1")
    notes = _child(qtbot, window, s1, "Notes")
    note_row = _child(qtbot, window, notes, "n1")
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(note_row, menu, window)
    next(a for a in menu.actions() if a.text() == "Copy to…").trigger()
    chooser = actions.chooser
    assert chooser is not None and chooser.list.accessibleName() == "Students"
    qtbot.waitUntil(lambda: chooser.list.count() == 2, timeout=10_000)
    chooser.list.setCurrentRow(1)
    chooser.ok.click()
    qtbot.waitUntil(lambda: actions.flow is None, timeout=20_000)
    copied = _keys(admin_storage, docs, "students/s2/notes/") - {"students/s2/notes/n2.pdf"}
    (key,) = copied
    assert admin_storage.stat(docs, key).metadata["original-filename"] == "n1 notes.pdf"
    assert admin_storage.exists(docs, "students/s1/notes/n1.pdf")
    assert "Copied 1 documents" in window.status_label.text()
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)


def test_cancel_in_the_progress_dialog_stops_a_batch_between_documents(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    for key in [f"classrooms/c4/materials/b{n:02}.pdf" for n in range(40)] + ["classrooms/c2/materials/x.pdf"]:
        admin_storage.upload_bytes(docs, key, b"%PDF-1.4 batch")
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:  # a slow network: time to cancel
        admin = s3_server.admin
        window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        register_domain_sources(window)
        actions = install_relocate_actions(window)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.connected, timeout=10_000):
            window.connect_to(Connection("Slow", ConnectionSettings(proxy.endpoint, admin.access_key,
                                                                    admin.secret_key), names))
        assert window.show_tree("Classrooms")
        folder = _child(qtbot, window, _classroom(qtbot, window, "c4"), "Materials")
        window.tree_panel.select_node(folder)
        menu = QMenu()
        for provider in window.context_menu_providers:
            provider(folder, menu, window)
        next(a for a in menu.actions() if a.text() == "Copy").trigger()  # the whole folder
        proxy.faults.latency = 0.03
        actions.paste(_classroom(qtbot, window, "c2"))
        flow = actions.flow
        assert flow is not None
        results: list[object] = []
        flow.finished.connect(results.append)
        qtbot.waitUntil(lambda: flow.dialog.value() >= 2, timeout=30_000)  # copying, with progress
        assert flow.dialog.isVisible() and flow.dialog.accessibleName() == "Copy"
        next(b for b in flow.dialog.findChildren(QPushButton) if b.text() == "Cancel").click()
        qtbot.waitUntil(lambda: actions.flow is None, timeout=30_000)
        proxy.faults.clear()
        status = window.status_label.text()
        qtbot.wait(300)  # the levels listed again, and their rows' details asked for
        window.close()  # before the proxy goes: nothing may be left asking through it
        qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
    (result,) = results
    assert isinstance(result, RelocateResult) and result.cancelled and 2 <= len(result.done) < 40
    copied = _keys(admin_storage, docs, "classrooms/c2/materials/") - {"classrooms/c2/materials/x.pdf"}
    assert len(copied) == len(result.done) and len(result.not_attempted) == 40 - len(copied)
    assert "Cancelled" in status
    assert len(_keys(admin_storage, docs, "classrooms/c4/materials/")) == 40


def test_a_move_in_the_raw_tree_shows_in_search_at_once(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable))
    docs = names.documents
    source, moved = "classrooms/c1/materials/d5.pdf", "classrooms/c2/materials/d5.pdf"
    admin_storage.upload_bytes(docs, source, b"%PDF-1.4 d5", metadata={"original-filename": "Fractions worksheet.pdf"})
    admin_storage.upload_bytes(docs, "classrooms/c2/materials/other.pdf", b"%PDF-1.4 other")
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    install_object_actions(window)
    panel = install_search(window)
    actions = install_relocate_actions(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        next(a for a in window.actions() if a.objectName() == "find").trigger()
    with qtbot.waitSignal(panel.searched, timeout=20_000, check_params_cb=lambda hits: [h.key for h in hits] == [source]):
        panel.field.setText("worksheet")
    window.go_to_location(f"s3://{docs}/{source}")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == source, timeout=10_000)
    window.tree_panel.contents.setFocus()
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_X, CTRL)
    window.go_to_location(f"s3://{docs}/classrooms/c2/")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == "classrooms/c2/",
                    timeout=10_000)
    c2 = window.tree_panel.current_node()
    assert c2 is not None
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(c2, menu, window)
    with qtbot.waitSignal(panel.searched, timeout=20_000, check_params_cb=lambda hits: [h.key for h in hits] == [moved]):
        next(a for a in menu.actions() if a.text() == "Move 1 cut items into Classroom c2").trigger()
        box = flow_confirmation(qtbot, actions)
        assert box.text() == "Move “Fractions worksheet.pdf” from Classroom c1 to Classroom c2?"
        press(box, "Move")
    assert admin_storage.exists(docs, moved) and not admin_storage.exists(docs, source)
    qtbot.waitUntil(lambda: actions.flow is None and not workers().active(), timeout=20_000)


def test_what_was_cut_on_another_connection_is_not_pasted_here(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], s3_server: S3Server, admin_storage: Storage,
        names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    _select_materials(qtbot, window, "c1", ["Cells.pdf"])
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_X, CTRL)
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME)
    # Another connection (here the same server by another name): its keys are not the ones cut.
    settings = s3_server.settings()
    other = ConnectionSettings(**{**settings.__dict__, "endpoint": settings.endpoint.replace("127.0.0.1", "localhost")})
    assert other.endpoint != settings.endpoint
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Other", other, names))
    assert window.show_tree("Classrooms")
    c2 = _classroom(qtbot, window, "c2")
    window.tree_panel.select_node(c2)
    window.tree_panel.view.setFocus()
    qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_V, CTRL)
    qtbot.wait(500)
    assert actions.flow is None
    assert "another connection" in window.banner.label.text()
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)
    assert _keys(admin_storage, docs, "classrooms/c1/materials/") == {"classrooms/c1/materials/d1.pdf",
                                                                      "classrooms/c1/materials/d2.pdf"}


def test_a_move_planned_on_one_connection_is_not_run_on_the_next(
        qtbot: QtBot, opened: tuple[MainWindow, RelocateActions], s3_server: S3Server, admin_storage: Storage,
        names: BucketNames) -> None:
    window, actions = opened
    docs = names.documents
    rows = _select_materials(qtbot, window, "c1", ["Cells.pdf"])
    items = [i for n in rows if (i := selected_of(n)) is not None]
    dest = destination_of(_classroom(qtbot, window, "c2"), window)
    assert dest is not None
    actions.start(items, dest, "move")  # planned in a worker ...
    settings = s3_server.settings()
    other = ConnectionSettings(**{**settings.__dict__, "endpoint": settings.endpoint.replace("127.0.0.1", "localhost")})
    window.connect_to(Connection("Other", other, names))  # ... while the window connects elsewhere
    qtbot.waitUntil(lambda: actions.flow is None or actions.flow.confirm is not None, timeout=10_000)
    if actions.flow is not None and actions.flow.confirm is not None:
        press(actions.flow.confirm, "Move")
    qtbot.waitUntil(lambda: actions.flow is None and not workers().active(), timeout=20_000)
    assert _keys(admin_storage, docs, "classrooms/c1/materials/") == {"classrooms/c1/materials/d1.pdf",
                                                                      "classrooms/c1/materials/d2.pdf"}
    assert "another server" in window.banner.label.text()
