"""The Retention tab of the Policies panel and the health window's count of old versions, on the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot

from ensure_browser.core.health.report import ScanReport
from ensure_browser.core.provision import provision
from ensure_browser.core.retention.compare import rules_equivalent
from ensure_browser.core.retention.expected import RetentionSettings, expected_rules
from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.health.view import HealthView
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.inspector import InspectorConnection, PolicyInspector
from ensure_browser.ui.policies.retention_tab import RetentionTab
from tests.support.servers import S3Server
from tests.support.versioned import versioned_names


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with versioned_names(admin_storage, "rv") as names:
        provision(admin_storage, names)
        yield names


def _cells(table: QTableWidget) -> list[list[str]]:
    return [[item.text() if (item := table.item(r, c)) is not None else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _retention_tab(qtbot: QtBot, s3_server: S3Server, names: BucketNames) -> tuple[PolicyInspector, RetentionTab]:
    """The panel with its Retention tab open (opening it checks every bucket)."""
    inspector = _inspector(qtbot, s3_server, names)
    with qtbot.waitSignal(inspector.retentionChecked, timeout=20_000):
        inspector.tabs.setCurrentWidget(inspector.retention_tab)
    return inspector, inspector.retention_tab


def _inspector(qtbot: QtBot, s3_server: S3Server, names: BucketNames) -> PolicyInspector:
    storage = s3_server.storage()
    inspector = PolicyInspector(PolicyCache(lambda: storage))
    qtbot.addWidget(inspector)
    inspector.resize(1100, 700)
    inspector.show()
    inspector.set_connection(InspectorConnection(storage.settings, names, storage, list(names.all())))
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)
    return inspector


def _accept(box: QMessageBox) -> None:
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()


def test_retention_tab_shows_state_and_acts_after_confirmation(qtbot: QtBot, s3_server: S3Server,
                                                               admin_storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    inspector, tab = _retention_tab(qtbot, s3_server, names)
    rows = _cells(tab.table)
    doc_rows = [r for r in rows if r[0] == docs]
    assert doc_rows[0][1] == "off"
    assert any(r[2] == "warning" and "Temporary uploads under temp/ are never removed" in r[3] for r in doc_rows)
    assert "4 of 4 buckets drift" in tab.status_label.text()

    # Turn on versioning: nothing happens until confirmed.
    tab.table.selectRow(rows.index(doc_rows[0]))
    tab.versioning_button.click()
    box = tab.versioning_dialog
    assert box is not None and box.isVisible() and docs in box.text()
    box.reject()
    assert admin_storage.bucket_versioning(docs) == "Off"
    tab.versioning_button.click()
    box = tab.versioning_dialog
    assert box is not None
    with qtbot.waitSignal(inspector.retentionChecked, timeout=20_000):
        _accept(box)
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)
    assert admin_storage.bucket_versioning(docs) == "Enabled"
    assert admin_storage.bucket_versioning(names.recordings) == "Off"
    rows = _cells(tab.table)
    assert next(r for r in rows if r[0] == docs)[1] == "on"

    # Apply the expected rules: a diff first, written only after Apply.
    tab.temp_days.setValue(3)
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)
    rows = _cells(tab.table)
    tab.table.selectRow(next(i for i, r in enumerate(rows) if r[0] == docs))
    tab.apply_button.click()
    dialog = tab.apply_dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.diff_view.toPlainText()
    assert "+rule ensure-temp-uploads on keys under temp/: current objects expire after 3 days" in diff
    assert admin_storage.lifecycle_rules(docs) == ()
    with qtbot.waitSignal(inspector.retentionChecked, timeout=20_000):
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)
    settings = RetentionSettings(temp_days=3)
    assert rules_equivalent(admin_storage.lifecycle_rules(docs), expected_rules("documents", settings))
    rows = _cells(tab.table)
    assert [r[2] for r in rows if r[0] == docs] == ["OK"]
    tab.table.selectRow(next(i for i, r in enumerate(rows) if r[0] == docs))
    tab.apply_button.click()
    assert "already do what the schema expects" in tab.status_label.text()


def test_rules_changed_after_the_diff_are_not_overwritten(qtbot: QtBot, s3_server: S3Server,
                                                          admin_storage: Storage, names: BucketNames) -> None:
    rec = names.recordings
    inspector, tab = _retention_tab(qtbot, s3_server, names)
    rows = _cells(tab.table)
    tab.table.selectRow(next(i for i, r in enumerate(rows) if r[0] == rec))
    tab.apply_button.click()
    shown = tab.apply_dialog
    assert shown is not None
    someone = (LifecycleRule("someone-else", "meetings/", expire_days=2),)
    admin_storage.set_lifecycle_rules(rec, someone)  # another admin, after the diff was shown
    with qtbot.waitSignal(inspector.retentionChecked, timeout=20_000):
        shown.apply_button.click()
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)
    assert admin_storage.lifecycle_rules(rec) == someone
    assert "changed by someone else" in tab.status_label.text()
    again = tab.apply_dialog
    assert again is not None and again is not shown and again.isVisible()
    assert "-rule someone-else on keys under meetings/: current objects expire after 2 days" in \
        again.diff_view.toPlainText()
    again.reject()
    # A bucket outside the schema is named, not acted on.
    tab.table.clearSelection()
    inspector.bucket_combo.addItem("elsewhere", "elsewhere")
    inspector.bucket_combo.setCurrentIndex(inspector.bucket_combo.count() - 1)
    tab.versioning_button.click()
    assert tab.status_label.text() == "elsewhere is not one of the schema's buckets."
    qtbot.waitUntil(lambda: not inspector.busy(), timeout=15_000)  # the panel reads its policy


def test_usage_shows_old_versions_and_delete_markers(qtbot: QtBot, admin_storage: Storage,
                                                     names: BucketNames) -> None:
    docs = names.documents
    admin_storage.enable_versioning(docs)
    note = "students/s1/notes/n1.pdf"
    admin_storage.upload_bytes(docs, note, b"%PDF-1.4 one", "application/pdf")
    admin_storage.upload_bytes(docs, note, b"%PDF-1.4 two", "application/pdf")
    admin_storage.client.remove_object(docs, note)
    view = HealthView()
    qtbot.addWidget(view)
    view.set_connection(admin_storage, names)
    with qtbot.waitSignal(view.scanFinished, timeout=20_000) as blocker:
        view.scan_button.click()
    assert isinstance(blocker.args[0], ScanReport)
    rows = _cells(view.usage_tab.bucket_table)
    headers = [view.usage_tab.bucket_table.horizontalHeaderItem(c).text() for c in range(7)]  # type: ignore[union-attr]
    assert headers[4:] == ["Old versions", "Their size", "Delete markers"]
    by_bucket = {r[0]: r for r in rows}
    assert by_bucket[docs][4:] == ["2", "24 B", "1"]
    assert by_bucket[names.recordings][4] == "versioning off"
    assert rows[-1][4:] == ["2", "24 B", "1"]  # the total of the versioned buckets


def test_the_chosen_numbers_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = RetentionTab(TabContext(PolicyCache(lambda: None), lambda: None))
    qtbot.addWidget(first)
    first.remember(store)
    assert first.settings() == RetentionSettings()  # nothing kept yet: the schema's defaults
    first.temp_days.setValue(3)
    first.noncurrent_days.setValue(90)
    store.sync()
    again = RetentionTab(TabContext(PolicyCache(lambda: None), lambda: None))
    qtbot.addWidget(again)
    again.remember(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert again.settings() == RetentionSettings(temp_days=3, noncurrent_days=90)
