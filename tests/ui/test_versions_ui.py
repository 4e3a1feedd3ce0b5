"""The Versions tab, Show deleted and Undelete in the main window, against the real SeaweedFS."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.jobs import Direction, JobState, TransferJob
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.actions import install_object_actions
from ensure_browser.ui.transfers.actions import TransferActions, install_transfers
from ensure_browser.ui.versions import Versions, install_versions
from ensure_browser.ui.versions.deleted import is_deleted_row
from ensure_browser.ui.versions.panel import VersionsPanel
from ensure_browser.ui.workers import workers
from tests.support.gui import go_to, press, shown_main_window
from tests.support.servers import S3Server

MATERIALS = "classrooms/c1/materials/"
KEY = MATERIALS + "notes.txt"


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MainWindow, Versions]]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    admin_storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    window = shown_main_window(qtbot, tmp_path)
    install_transfers(window)
    install_object_actions(window)
    versions = install_versions(window)
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), BucketNames(documents=bucket)))
    window.sidebar.setCurrentRow([window.sidebar.item(i).text() for i in range(window.sidebar.count())].index("Raw"))
    yield window, versions
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)


def _put(storage: Storage, bucket: str, data: bytes) -> str:
    storage.upload_bytes(bucket, KEY, data, content_type="text/plain")
    version = storage.stat(bucket, KEY).version_id
    assert version
    time.sleep(1.05)  # dates in one-second steps: keep the order visible in them
    return version


def _listed(qtbot: QtBot, versions: Versions, count: int) -> None:
    qtbot.waitUntil(lambda: versions.panel.handle is None and versions.panel.table.topLevelItemCount() == count,
                    timeout=10_000)


def _history(qtbot: QtBot, storage: Storage, bucket: str, opened: tuple[MainWindow, Versions],
             *contents: bytes) -> tuple[VersionsPanel, list[str]]:
    """``contents`` written one after the other, the object selected and its Versions tab listed."""
    window, versions = opened
    ids = [_put(storage, bucket, data) for data in contents]
    go_to(qtbot, window, bucket, KEY)
    window.show_detail_tab(versions.panel)
    _listed(qtbot, versions, len(contents))
    return versions.panel, ids


def test_the_versions_tab_lists_and_restores_an_old_version(
        qtbot: QtBot, admin_storage: Storage, bucket: str, opened: tuple[MainWindow, Versions]) -> None:
    versions = opened[1]
    panel, (first, second) = _history(qtbot, admin_storage, bucket, opened, b"the first draft", b"overwritten")
    assert [v.version_id for v in panel.versions] == [second, first]
    top = panel.table.topLevelItem(0)
    assert top is not None and top.text(2) == "Version (latest)"
    assert panel.undelete_button.isHidden()
    assert panel.select_version(second) and not panel.restore_button.isEnabled()  # the latest already
    assert panel.select_version(first) and panel.restore_button.isEnabled()
    panel.restore_button.click()
    _listed(qtbot, versions, 3)
    assert admin_storage.read_range(bucket, KEY) == b"the first draft"
    assert {first, second} < {v.version_id for v in panel.versions}
    assert "latest again" in panel.note.text()


def test_an_old_version_is_previewed_and_downloaded(
        qtbot: QtBot, admin_storage: Storage, bucket: str, tmp_path: Path,
        opened: tuple[MainWindow, Versions]) -> None:
    versions = opened[1]
    panel, (first, _second) = _history(qtbot, admin_storage, bucket, opened, b"what the first version said",
                                       b"the second")
    assert panel.select_version(first)
    with qtbot.waitSignal(panel.preview_requested) as asked:
        panel.preview_button.click()
    dialog = versions.previews[-1]
    assert asked.args == [panel.versions[1]]
    qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.text_view, timeout=10_000)
    assert dialog.text_view.text() == "what the first version said"
    dialog.close()

    out = tmp_path / "out"
    out.mkdir()
    panel.ask_folder = lambda: str(out)
    panel.download_button.click()
    qtbot.waitUntil(lambda: (out / "notes.txt").exists(), timeout=15_000)
    assert (out / "notes.txt").read_bytes() == b"what the first version said"


def test_show_deleted_lists_a_deleted_object_and_undelete_brings_it_back(
        qtbot: QtBot, admin_storage: Storage, bucket: str, opened: tuple[MainWindow, Versions]) -> None:
    window, versions = opened
    _put(admin_storage, bucket, b"old")
    _put(admin_storage, bucket, b"the material")
    admin_storage.upload_bytes(bucket, MATERIALS + "other.txt", b"stays")
    admin_storage.delete(bucket, KEY)
    go_to(qtbot, window, bucket, MATERIALS + "other.txt")
    level = window.tree_panel.level
    assert level is not None and [c.key for c in level.children] == [MATERIALS + "other.txt"]
    with qtbot.waitSignal(versions.deleted.rowsShown, timeout=10_000):
        versions.deleted.action.setChecked(True)
    row = next(c for c in level.children if is_deleted_row(c))
    assert (row.key, row.kind_label, row.size) == (KEY, "Deleted", len(b"the material"))
    model = window.current_model()
    assert model is not None
    from PySide6.QtCore import Qt

    assert model.data(model.index_of(row), Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(row, menu, window)
    assert "Undelete" in [a.text() for a in menu.actions()]

    window.tree_panel.select_node(row)
    _listed(qtbot, versions, 3)
    assert window.preview.message.text().startswith("notes.txt is deleted.")
    assert versions.panel.deleted and versions.panel.undelete_button.isVisible()
    versions.panel.undelete_button.click()
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == KEY
                    and not is_deleted_row(n), timeout=10_000)
    assert admin_storage.read_range(bucket, KEY) == b"the material"
    assert len(admin_storage.list_versions(bucket, KEY)) == 4  # nothing removed: two, the marker, the copy
    qtbot.waitUntil(lambda: not any(is_deleted_row(c) for c in level.children) and bool(level.children),
                    timeout=10_000)
    versions.deleted.action.setChecked(False)


def test_delete_permanently_removes_exactly_the_confirmed_versions(
        qtbot: QtBot, admin_storage: Storage, bucket: str, opened: tuple[MainWindow, Versions]) -> None:
    versions = opened[1]
    panel, (first, second, third) = _history(qtbot, admin_storage, bucket, opened, b"1", b"22", b"333")
    assert panel.select_version(second)
    panel.purge_button.click()
    box = panel.confirm
    assert box is not None
    assert box.text().startswith(f"Delete this version of {KEY.rsplit('/', 1)[-1]} permanently?") and second in box.text()
    assert first not in box.text() and third not in box.text()
    assert "cannot be undone" in box.informativeText()
    assert box.defaultButton().text() == "Cancel"
    press(box, "Cancel")
    assert len(admin_storage.list_versions(bucket, KEY)) == 3
    panel.purge_button.click()
    assert panel.confirm is not None
    press(panel.confirm, "Delete permanently")
    _listed(qtbot, versions, 2)
    assert [v.version_id for v in admin_storage.list_versions(bucket, KEY)] == [third, first]
    assert admin_storage.read_range(bucket, KEY) == b"333"


def test_a_key_with_markup_is_shown_as_written(
        qtbot: QtBot, admin_storage: Storage, bucket: str, opened: tuple[MainWindow, Versions]) -> None:
    from PySide6.QtCore import Qt

    window, versions = opened
    key = MATERIALS + "<b>bold &amp; <i>x.txt"  # no "/": it stays in this level
    admin_storage.upload_bytes(bucket, key, b"one")
    admin_storage.upload_bytes(bucket, MATERIALS + "stays.txt", b"kept")  # the Raw tree lists folders that hold one
    admin_storage.delete(bucket, key)
    go_to(qtbot, window, bucket, MATERIALS + "stays.txt")
    with qtbot.waitSignal(versions.deleted.rowsShown, timeout=10_000):
        versions.deleted.action.setChecked(True)
    level = window.tree_panel.level
    assert level is not None
    row = next(c for c in level.children if is_deleted_row(c))
    assert row.label == "<b>bold &amp; <i>x.txt"
    window.tree_panel.select_node(row)
    window.show_detail_tab(versions.panel)
    _listed(qtbot, versions, 2)
    panel = versions.panel
    assert panel.note.textFormat() == Qt.TextFormat.PlainText and panel.note.text().startswith(
        f"{key.rsplit('/', 1)[-1]} is deleted.")  # the name its row shows
    panel.table.selectAll()
    panel.purge_button.click()
    assert panel.confirm is not None and panel.confirm.textFormat() == Qt.TextFormat.PlainText
    assert f"Delete these 2 versions of {row.label} permanently?" in panel.confirm.text()
    press(panel.confirm, "Cancel")
    versions.deleted.action.setChecked(False)


def test_the_versions_of_the_previous_connection_are_not_kept_after_connecting_again(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, bucket: str,
        opened: tuple[MainWindow, Versions]) -> None:
    window, _versions = opened
    panel, _ids = _history(qtbot, admin_storage, bucket, opened, b"one", b"two")
    assert panel.storage is not None and panel.restore_button.isEnabled() is False
    old = panel.storage
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Again", s3_server.settings(), BucketNames(documents=bucket)))
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)
    # Nothing of the previous connection is shown, nor acted on (its Storage is not the window's now).
    assert panel.storage is not old and panel.table.topLevelItemCount() == 0 and not panel.versions
    assert not panel.purge_button.isEnabled() and not panel.restore_button.isEnabled()


def test_a_version_download_avoids_the_names_of_unfinished_downloads(
        qtbot: QtBot, admin_storage: Storage, bucket: str, tmp_path: Path,
        opened: tuple[MainWindow, Versions]) -> None:
    """A download still in the queue (paused) has the name notes.txt: the chosen version is planned
    as notes (2).txt, as the other downloads of the window are (nothing is on disk yet to show it)."""
    window, versions = opened
    first = _put(admin_storage, bucket, b"the first")
    out = tmp_path / "out"
    out.mkdir()
    transfers = window.service(TransferActions)
    assert transfers is not None and transfers.controller is not None
    queue = transfers.controller.queue
    waiting = TransferJob(id="waiting", direction=Direction.DOWNLOAD, bucket=bucket, key=KEY,
                          local_path=str(out / "notes.txt"), state=JobState.PAUSED)
    with queue.state.lock:
        queue.state.jobs[waiting.id] = waiting
    versions.download(bucket, KEY, first, str(out))
    qtbot.waitUntil(lambda: any(j.version_id == first for j in queue.jobs()), timeout=10_000)
    job = next(j for j in queue.jobs() if j.version_id == first)
    assert job.local_path == str(out / "notes (2).txt")
