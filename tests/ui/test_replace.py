"""Replace with… in the main window, through its real context menu, against the real server: the
confirmation, the upload through the transfer queue onto the same key, the new thumbnail, stale OCR
flagged, and a material changed meanwhile kept."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ensure_browser.core.health.stale_ocr import STALE_OCR
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.objects.replace import ReplaceActions, ReplaceDialog, install_replace
from ensure_browser.ui.transfers.actions import install_transfers
from ensure_browser.ui.trees.domain_browser import DomainBrowser
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
from tests.support.menus import context_menu_entry, domain_window, open_named_row
from tests.support.servers import S3Server
from tests.support.transfers import make_pdf, tiny_png

DOC = "0b7a1c2e-1111-4222-8333-944455556666"
MATERIAL = f"classrooms/c1/materials/{DOC}.pdf"
THUMB = f"classrooms/c1/thumbnails/{DOC}_thumb.png"
OLD = make_pdf("Worksheet 3")
NEW = make_pdf("Worksheet 3, corrected")


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, names: BucketNames, admin_storage: Storage, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MainWindow, DomainBrowser, ReplaceActions]]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the transfer journal
    admin_storage.upload_bytes(names.documents, MATERIAL, OLD, content_type="application/pdf",
                               metadata={"original-filename": "Worksheet 3.pdf"})
    admin_storage.upload_bytes(names.documents, THUMB, tiny_png(), content_type="image/png")
    for key in (f"{DOC}/pages/page_1.png", f"{DOC}/json/page_1.json"):
        admin_storage.upload_bytes(names.ocr, key, b"{}")
    installed: list[ReplaceActions] = []
    for window, browser in domain_window(qtbot, s3_server.settings(), names, tmp_path, install_transfers,
                                         lambda w: installed.append(install_replace(w))):
        yield window, browser, installed[0]


def _start(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, opened: tuple[MainWindow, DomainBrowser, ReplaceActions],
           names: BucketNames, path: Path, data: bytes) -> Node:
    """Write ``data`` to ``path``, open the material's row and pick "Replace with…" in its menu; the
    file chooser is answered by the test (a modal loop would wait for a person) with ``path``."""
    window, browser, _actions = opened
    path.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "PDF documents (*.pdf)"))
    node = open_named_row(qtbot, browser, "classrooms", names.documents, MATERIAL, "Worksheet 3.pdf")
    context_menu_entry(window, node, "Replace with…").trigger()
    return node


def _dialog(qtbot: QtBot, actions: ReplaceActions) -> ReplaceDialog:
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible(), timeout=15_000)
    assert actions.dialog is not None
    return actions.dialog


def _row(model: LazyTreeModel, bucket: str, key: str) -> Node | None:
    return next((n for n in model.iter_nodes() if n.bucket == bucket and n.key == key), None)


def test_replace_shows_both_files_then_uploads_onto_the_same_key_and_flags_the_ocr(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        opened: tuple[MainWindow, DomainBrowser, ReplaceActions]) -> None:
    window, browser, actions = opened
    node = _start(qtbot, monkeypatch, opened, names, tmp_path / "Worksheet 3 (corrected).pdf", NEW)
    dialog = _dialog(qtbot, actions)
    assert dialog.cancel_button.isDefault() and not dialog.replace_button.isDefault()
    assert dialog.focusWidget() is dialog.cancel_button  # Space or Enter on the focused button does not replace
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cancel first: nothing changes
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=5_000)
    assert window.status_label.text() == "Nothing was replaced."
    assert admin_storage.read_range(names.documents, MATERIAL) == OLD

    context_menu_entry(window, node, "Replace with…").trigger()
    dialog = _dialog(qtbot, actions)
    assert dialog.old_facts.text().startswith("Worksheet 3.pdf\n")
    assert dialog.new_facts.text().startswith("Worksheet 3 (corrected).pdf\n") and "1 page\n" in dialog.new_facts.text()
    assert "same material" in dialog.notes.text() and "OCR results (2 files)" in dialog.notes.text()
    with qtbot.waitSignal(actions.replaced, timeout=30_000):
        qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)

    st = admin_storage.stat(names.documents, MATERIAL)
    assert admin_storage.read_range(names.documents, MATERIAL) == NEW
    assert st.metadata["original-filename"] == "Worksheet 3 (corrected).pdf" and st.content_type == "application/pdf"
    qtbot.waitUntil(lambda: admin_storage.read_range(names.documents, THUMB) != tiny_png(), timeout=20_000)
    assert admin_storage.read_range(names.documents, THUMB).startswith(b"\x89PNG")  # rendered from the new file
    assert "its links still work" in window.status_label.text()

    model = window.current_model()
    assert model is not None
    qtbot.waitUntil(lambda: (row := _row(model, names.documents, MATERIAL)) is not None
                    and any(f.code == STALE_OCR for f in row.flags), timeout=15_000)  # kept after the level reloads
    ocr = browser.actions.navigate("ocr", names.ocr, f"{DOC}/")
    qtbot.waitUntil(lambda: ocr.done, timeout=20_000)
    assert ocr.result is not None
    stale = [f for f in ocr.result.flags if f.code == STALE_OCR]
    assert len(stale) == 1 and "older than its material" in stale[0].message
    assert "1 problem(s) found (1 warning)" in ocr.result.tooltip


def test_a_material_changed_after_the_confirmation_is_kept_and_the_window_says_so(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        opened: tuple[MainWindow, DomainBrowser, ReplaceActions]) -> None:
    window, _browser, actions = opened
    _start(qtbot, monkeypatch, opened, names, tmp_path / "mine.pdf", NEW)
    dialog = _dialog(qtbot, actions)
    theirs = make_pdf("a colleague's version")
    admin_storage.upload_bytes(names.documents, MATERIAL, theirs, content_type="application/pdf")
    with qtbot.waitSignal(actions.failed, timeout=30_000):
        qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert admin_storage.read_range(names.documents, MATERIAL) == theirs
    assert "changed since you chose to replace it" in window.banner.text


def test_a_file_that_is_no_pdf_is_refused_before_the_confirmation(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        opened: tuple[MainWindow, DomainBrowser, ReplaceActions]) -> None:
    window, _browser, actions = opened
    _start(qtbot, monkeypatch, opened, names, tmp_path / "Worksheet.pdf", b"<html>not a pdf</html>")
    qtbot.waitUntil(lambda: not actions.busy, timeout=10_000)
    assert actions.dialog is None
    assert "Nothing was replaced: Worksheet.pdf is not a PDF document" in window.banner.text
    assert admin_storage.read_range(names.documents, MATERIAL) == OLD


def test_ocr_older_than_its_material_is_flagged_when_the_row_is_seen(
        qtbot: QtBot, admin_storage: Storage, names: BucketNames,
        opened: tuple[MainWindow, DomainBrowser, ReplaceActions]) -> None:
    """Replaced by someone else (or before this session): the row finds it by itself."""
    _window, browser, _actions = opened
    time.sleep(1.1)  # the server's times are to the second: the material is written after its OCR
    admin_storage.upload_bytes(names.documents, MATERIAL, NEW, content_type="application/pdf",
                               metadata={"original-filename": "Worksheet 3.pdf"})
    node = open_named_row(qtbot, browser, "classrooms", names.documents, MATERIAL, "Worksheet 3.pdf")
    qtbot.waitUntil(lambda: any(f.code == STALE_OCR for f in node.flags), timeout=10_000)
    assert "are older than this file" in next(f.message for f in node.flags if f.code == STALE_OCR)
    ocr = browser.actions.navigate("ocr", names.ocr, f"{DOC}/")
    qtbot.waitUntil(lambda: ocr.done, timeout=20_000)
    assert ocr.result is not None and [f.code for f in ocr.result.flags] == [STALE_OCR]
