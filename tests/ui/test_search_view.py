"""The Search dock in the main window against the real server: Ctrl+F, results as you type, filters,
a bad query, revealing a result, the location bar, and the app's own uploads and deletes at once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.refresh import ORIGINAL_NAME_META
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.actions import ObjectActions, install_object_actions
from ensure_browser.ui.search.install import install_search
from ensure_browser.ui.search.panel import SearchPanel
from ensure_browser.ui.transfers.actions import TransferActions, install_transfers
from ensure_browser.ui.workers import workers
from tests.support.servers import S3Server

MATERIAL = "classrooms/cls-9c/materials/d-101.pdf"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MainWindow, SearchPanel]]:
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable))
    admin_storage.upload_bytes(names.documents, MATERIAL, b"%PDF-1.4 x",
                               metadata={ORIGINAL_NAME_META: "Fractions worksheet.pdf"})
    admin_storage.upload_bytes(names.recordings, "meetings/mtg-42/raw/recording.webm", b"w" * 5000)
    admin_storage.upload_bytes(names.ocr, "scan-5/json/page_1.json",
                               json.dumps({"lines": ["Photosynthesis needs light"]}).encode())
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    install_transfers(window)
    install_object_actions(window)
    panel = install_search(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    yield window, panel
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)


def _find(window: MainWindow) -> QAction:
    return next(a for a in window.actions() if a.objectName() == "find")


def _search(qtbot: QtBot, panel: SearchPanel, text: str) -> list[str]:
    with qtbot.waitSignal(panel.searched, timeout=10_000) as blocker:
        panel.field.setText(text)
    return [hit.key for hit in blocker.args[0]] if blocker.args else []


def test_find_searches_as_you_type_and_reveals(qtbot: QtBot, opened: tuple[MainWindow, SearchPanel],
                                               names: BucketNames) -> None:
    window, panel = opened
    assert _find(window).shortcut().toString() == "Ctrl+F"
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):  # the first look refreshes the index
        _find(window).trigger()
    dock = panel.parentWidget()
    assert isinstance(dock, QDockWidget) and dock.isVisible() and panel.field.hasFocus()
    assert panel.state.text().startswith("Search index: 3 objects, refreshed")

    assert _search(qtbot, panel, "fract") == [MATERIAL]
    row = [panel.model.index(0, c).data() for c in range(6)]
    assert row[:3] == ["Material", "Fractions worksheet.pdf", "Classroom cls-9c, document d-101"]
    assert row[3] == "10 B"
    assert _search(qtbot, panel, "photosynthesis") == ["scan-5/json/page_1.json"]
    assert panel.model.index(0, 5).data() == "«Photosynthesis» needs light"

    # a query the index cannot parse: a message, no crash, no results
    panel.field.setText('"open')
    qtbot.waitUntil(lambda: "could not be understood" in panel.message.text(), timeout=10_000)
    assert panel.model.rowCount() == 0
    # filters without words
    panel.field.clear()
    with qtbot.waitSignal(panel.searched, timeout=10_000) as blocker:
        panel.min_size.setText("1k")
    assert [h.key for h in blocker.args[0]] == ["meetings/mtg-42/raw/recording.webm"]
    panel.min_size.setText("huge")
    qtbot.waitUntil(lambda: "not a size" in panel.message.text(), timeout=5_000)
    panel.min_size.clear()

    # a result opens in its tree
    assert _search(qtbot, panel, "fractions") == [MATERIAL]
    panel.reveal(panel.model.index(0, 0))
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == MATERIAL, timeout=10_000)

    # words in the location bar search
    window.location.setText("worksheet")
    window.go_to_location()
    assert panel.field.text() == "worksheet"


def test_the_apps_uploads_and_deletes_show_at_once(qtbot: QtBot, opened: tuple[MainWindow, SearchPanel],
                                                   names: BucketNames, admin_storage: Storage,
                                                   tmp_path: Path) -> None:
    window, panel = opened
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        _find(window).trigger()
    transfers = window.service(TransferActions)
    assert transfers is not None and transfers.controller is not None
    source = tmp_path / "Decimals quiz.pdf"
    source.write_bytes(b"%PDF-1.4 quiz")
    key = "classrooms/cls-9c/materials/d-777.pdf"
    with qtbot.waitSignal(panel.searched, timeout=20_000,
                          check_params_cb=lambda hits: [h.key for h in hits] == [key]):
        panel.field.setText("decimals")
        transfers.controller.queue.add_upload(source, names.documents, key,
                                              metadata={ORIGINAL_NAME_META: source.name})
        transfers.controller.drive()
    assert panel.model.index(0, 1).data() == "Decimals quiz.pdf"

    actions = window.service(ObjectActions)
    assert actions is not None
    window.go_to_location(f"s3://{names.documents}/{key}")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == key, timeout=10_000)
    with qtbot.waitSignal(panel.searched, timeout=20_000, check_params_cb=lambda hits: hits == []):
        actions.delete_selected()
        qtbot.waitUntil(lambda: actions.flow is not None and actions.flow.confirm is not None, timeout=10_000)
        assert actions.flow is not None
        box = actions.flow.confirm
        assert isinstance(box, QMessageBox)
        button = next(b for b in box.buttons() if b.text() == "Delete")
        assert isinstance(button, QPushButton)
        button.click()
    assert not admin_storage.exists(names.documents, key)


def test_a_search_of_the_previous_connection_is_not_shown_for_the_next(
        qtbot: QtBot, opened: tuple[MainWindow, SearchPanel], s3_server: S3Server, names: BucketNames,
        tmp_path: Path) -> None:
    window, panel = opened
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        _find(window).trigger()
    assert _search(qtbot, panel, "fract") == [MATERIAL]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    panel.index_dir = blocked  # the next connection's index cannot be opened: nothing to search there
    panel.run_query()  # a search of this connection's index is under way ...
    panel.set_connection(Connection("Other", s3_server.settings(), names))  # ... when the connection changes
    qtbot.waitUntil(lambda: "cannot be opened" in panel.state.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)
    assert panel.model.rowCount() == 0  # the previous connection's hits are not shown for this one
