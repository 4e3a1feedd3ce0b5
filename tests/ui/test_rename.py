"""Rename… in the main window, through its real context menu and F2, against the real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.objects.rename import RenameActions, RenameDialog, install_rename
from ensure_browser.ui.trees.domain_browser import DomainBrowser
from tests.support.menus import context_menu_entry, domain_window, open_named_row
from tests.support.servers import S3Server

DOC = "0b7a1c2e-1111-4222-8333-944455556666"
MATERIAL = f"classrooms/c1/materials/{DOC}.pdf"
CHUNK = "meetings/m1/chunks/chunk_3.webm"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, names: BucketNames, admin_storage: Storage,
           tmp_path: Path) -> Iterator[tuple[MainWindow, DomainBrowser, RenameActions]]:
    admin_storage.upload_bytes(names.documents, MATERIAL, b"%PDF-1.4 lab", content_type="application/pdf",
                               metadata={"original-filename": "Photosynthesis Lab.pdf", "uploaded-by": "t7"})
    installed: list[RenameActions] = []
    for window, browser in domain_window(qtbot, s3_server.settings(), names, tmp_path,
                                         lambda w: installed.append(install_rename(w))):
        assert window.service(RenameActions) is installed[0]
        yield window, browser, installed[0]


def _dialog(qtbot: QtBot, actions: RenameActions) -> RenameDialog:
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible(), timeout=10_000)
    assert actions.dialog is not None
    return actions.dialog


def test_rename_from_the_menu_shows_the_new_name_at_once_and_keeps_the_rest(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, DomainBrowser, RenameActions]) -> None:
    window, browser, actions = opened
    node = open_named_row(qtbot, browser, "classrooms", names.documents, MATERIAL, "Photosynthesis Lab.pdf")
    entry = context_menu_entry(window, node, "Rename")
    assert entry.isEnabled() and entry.text() == "Rename…"
    entry.trigger()
    dialog = _dialog(qtbot, actions)
    assert dialog.edit.text() == "Photosynthesis Lab.pdf"
    assert dialog.edit.selectedText() == "Photosynthesis Lab"  # the stem, ready to type over
    assert not dialog.ok.isEnabled()  # unchanged
    dialog.edit.setText("Photosynthesis Lab – corrected")
    assert dialog.ok.isEnabled() and ".pdf was added" in dialog.hint.text()
    loads = node.parent.state if node.parent else None
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not actions.busy, timeout=10_000)
    assert node.label == "Photosynthesis Lab – corrected.pdf"
    assert node.parent is not None and node.parent.state is loads  # no reload of the level
    model = window.current_model()
    assert model is not None and model.data(model.index_of(node)) == "Photosynthesis Lab – corrected.pdf"
    st = admin_storage.stat(names.documents, MATERIAL)
    assert st.metadata == {"original-filename": "Photosynthesis Lab – corrected.pdf", "uploaded-by": "t7"}
    assert st.content_type == "application/pdf"
    assert admin_storage.read_range(names.documents, MATERIAL) == b"%PDF-1.4 lab"
    assert window.status_label.text() == "Renamed Photosynthesis Lab.pdf to Photosynthesis Lab – corrected.pdf."
    assert window.tree_panel.current_node() is node
    qtbot.waitUntil(lambda: window.preview.title.text() == "Photosynthesis Lab – corrected.pdf", timeout=10_000)


def test_f2_opens_the_dialog_and_hostile_names_cannot_be_confirmed(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, DomainBrowser, RenameActions]) -> None:
    window, browser, actions = opened
    node = open_named_row(qtbot, browser, "classrooms", names.documents, MATERIAL, "Photosynthesis Lab.pdf")
    window.tree_panel.select_node(node)
    window.tree_panel.contents.setFocus()
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_F2)
    dialog = _dialog(qtbot, actions)
    for text, why in [("../../etc/passwd", "cannot contain /"), ("Lab\x07.pdf", "control character"),
                      ("NUL.pdf", "reserved device name"), ("ü" * 150, "bytes long"), ("   ", "must not be empty")]:
        dialog.edit.setText(text)
        assert not dialog.ok.isEnabled(), text
        assert why in dialog.hint.text(), text
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # the default button is disabled: nothing happens
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not actions.busy, timeout=5_000)
    assert window.status_label.text() == "Nothing was renamed."
    assert admin_storage.stat(names.documents, MATERIAL).metadata["original-filename"] == "Photosynthesis Lab.pdf"


def test_rename_is_refused_when_the_object_changed_after_it_was_shown(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, DomainBrowser, RenameActions]) -> None:
    window, browser, actions = opened
    node = open_named_row(qtbot, browser, "classrooms", names.documents, MATERIAL, "Photosynthesis Lab.pdf")
    context_menu_entry(window, node, "Rename").trigger()
    dialog = _dialog(qtbot, actions)
    admin_storage.upload_bytes(names.documents, MATERIAL, b"%PDF-1.4 a colleague's version",
                               content_type="application/pdf", metadata={"original-filename": "Theirs.pdf"})
    dialog.edit.setText("Mine.pdf")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not actions.busy, timeout=10_000)
    assert window.banner.isVisible() and "changed since it was shown" in window.banner.text
    assert admin_storage.stat(names.documents, MATERIAL).metadata["original-filename"] == "Theirs.pdf"


def test_objects_named_by_their_ids_have_the_entry_disabled_with_the_reason(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, DomainBrowser, RenameActions]) -> None:
    window, browser, actions = opened
    admin_storage.upload_bytes(names.recordings, CHUNK, b"\x1a\x45\xdf\xa3 chunk")
    nav = browser.actions.navigate("meetings", names.recordings, CHUNK)
    qtbot.waitUntil(lambda: nav.done, timeout=20_000)
    node = nav.result
    assert node is not None
    entry = context_menu_entry(window, node, "Rename")
    assert not entry.isEnabled()
    assert entry.text() == "Rename… (chunks are named by number)"
    assert "platform joins them in that order" in entry.toolTip() and entry.statusTip() == entry.toolTip()
    window.tree_panel.select_node(node)
    window.tree_panel.contents.setFocus()
    qtbot.keyClick(window.tree_panel.contents, Qt.Key.Key_F2)
    assert actions.dialog is None
    assert "cannot be renamed: Recording chunks are named by their number" in window.banner.text
