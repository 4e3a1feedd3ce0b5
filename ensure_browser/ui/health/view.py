"""The storage health window: scan, findings, fixes, exports and the usage overview.

"Storage health…" (View menu, Ctrl+Shift+H) opens :class:`HealthView`, a window of its own beside
the main window. A scan (:func:`ensure_browser.core.health.scan.scan`) runs in a worker with its progress
(keys seen, keys per second) and a Cancel button; its findings fill the Findings tab
(:class:`~ensure_browser.ui.health.findings.FindingsTab`: severity, rule and text filters, sortable
columns). Each finding can be revealed in the raw tree (through the main window's location bar),
fixed where a fix exists (regenerate a thumbnail, delete a stale temporary upload, abort an
incomplete multipart upload: planned in a worker, listed in :class:`FixConfirmDialog`, applied in a
worker on the storage that was scanned, and refused when the connection changed since; fixed rows
removed), and the rows shown exported to CSV or JSON (written in a worker).
The Usage tab (:class:`~ensure_browser.ui.health.usage.UsageTab`) paints the largest classrooms
and meetings as bars above the totals per bucket.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.health.fixes import FIXABLE_RULES, FixPlan, FixResult, apply_fixes, fixable, plan_fixes
from ensure_browser.core.health.report import Finding, ScanProgress, ScanReport
from ensure_browser.core.health.rules import DEFAULT_TEMP_MAX_AGE
from ensure_browser.core.health.scan import scan
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.safe_text import csv_cell
from ensure_browser.ui import formats
from ensure_browser.ui.announce import announce, set_status
from ensure_browser.ui.health.findings import FindingsTab
from ensure_browser.ui.health.usage import UsageTab
from ensure_browser.ui.i18n import error_text, tr, tr_text
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

if TYPE_CHECKING:
    from ensure_browser.ui.host import Connection, Host

log = logging.getLogger(__name__)

CSV_FIELDS = ("severity", "rule", "entity", "bucket", "key", "size", "age_seconds", "message")



def render_thumbnail(pdf: bytes) -> bytes:
    """The renderer thumbnails get on upload (page 1, the same width)."""
    from ensure_browser.ui.preview.pdf_render import thumbnail_png

    return thumbnail_png(pdf)


# -- fix confirmation -----------------------------------------------------------------------------------


class FixConfirmDialog(QDialog):
    """Lists every change a fix plan makes; Apply accepts."""

    def __init__(self, plan: FixPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(tr("Apply fixes"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("These {0} changes will be made on the server:").format(len(plan.steps))))
        self.steps = QPlainTextEdit("\n".join(tr_text(line) for line in plan.lines()))
        self.steps.setAccessibleName(tr("Changes to be made"))
        self.steps.setReadOnly(True)
        self.steps.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.steps, 1)
        if plan.skipped:
            skipped = "\n".join(f"{f.bucket}/{f.key}: {tr_text(why)}" for f, why in plan.skipped)
            note = QLabel(tr("Not fixed:") + "\n" + skipped)
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan.steps))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


# -- the view -------------------------------------------------------------------------------------------


class HealthView(QWidget):
    """The health window; give it a connection with :meth:`set_connection`."""

    scanFinished = Signal(object)  # ScanReport
    fixFinished = Signal(object)  # FixResult
    exported = Signal(str)  # path written

    def __init__(self, window: Host | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("health-view")
        self.setWindowTitle(tr("Storage health"))
        self.resize(1100, 680)
        self.window_ref = window
        self.storage: Storage | None = None
        self.names = BucketNames()
        self.report: ScanReport | None = None
        self.scanned_storage: Storage | None = None  # the storage self.report was scanned on
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # ages are measured from here
        self.task: TaskHandle | None = None
        self.fix_dialog: FixConfirmDialog | None = None

        controls, status_row = self._build_controls()
        self.findings_tab = FindingsTab()
        self.usage_tab = UsageTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings_tab, tr("Findings"))
        self.tabs.addTab(self.usage_tab, tr("Usage"))

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

        self.scan_button.clicked.connect(self.start_scan)
        self.prefix_edit.returnPressed.connect(self.start_scan)
        self.cancel_button.clicked.connect(self.cancel_scan)
        tab = self.findings_tab
        tab.changed.connect(self._update_actions)
        tab.table.customContextMenuRequested.connect(self._table_menu)
        tab.table.doubleClicked.connect(lambda _index: self.reveal_selected())
        tab.reveal_button.clicked.connect(self.reveal_selected)
        tab.fix_button.clicked.connect(self.fix_selected)
        tab.csv_button.clicked.connect(lambda: self._ask_export("csv"))
        tab.json_button.clicked.connect(lambda: self._ask_export("json"))
        self._fill_buckets()
        self._update_actions()
        close = QAction(tr("Close"), self)
        close.setShortcuts([QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Escape")])
        close.triggered.connect(self.close)
        self.addAction(close)

    # -- building ------------------------------------------------------------------------------------
    def _build_controls(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The scan controls (bucket, prefix, temporary upload age, Scan, Cancel) and the status row."""
        self.bucket_combo = QComboBox()
        self.prefix_edit = QLineEdit()
        self.bucket_combo.setAccessibleName(tr("Bucket"))
        self.prefix_edit.setAccessibleName(tr("Prefix"))
        self.prefix_edit.setPlaceholderText(tr("prefix (optional), e.g. classrooms/math-7a/"))
        self.temp_age = QSpinBox()
        self.temp_age.setAccessibleName(tr("Temporary uploads stale after (hours)"))
        self.temp_age.setRange(1, 24 * 365)
        self.temp_age.setValue(int(DEFAULT_TEMP_MAX_AGE.total_seconds() // 3600))
        self.temp_age.setSuffix(tr(" h"))
        self.temp_age.setToolTip(tr("Temporary uploads older than this are stale"))
        self.scan_button = QPushButton(tr("Scan"))
        self.scan_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel(tr("Not scanned yet."))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QHBoxLayout()
        for label, widget in ((tr("Bucket:"), self.bucket_combo), (tr("Prefix:"), self.prefix_edit),
                              (tr("Temporary uploads stale after:"), self.temp_age)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget, 2 if widget is self.prefix_edit else 0)
        controls.addWidget(self.scan_button)
        controls.addWidget(self.cancel_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.progress)
        status_row.addWidget(self.status, 1)
        return controls, status_row

    # -- connection ----------------------------------------------------------------------------------
    def set_connection(self, storage: Storage | None, names: BucketNames) -> None:
        """Scan this storage from now on (a running scan is cancelled; old findings are cleared)."""
        self.cancel_scan()
        self.storage, self.names = storage, names
        self.report = self.scanned_storage = None
        self.findings_tab.clear()
        self.usage_tab.clear()
        self.status.setText(tr("Not scanned yet.") if storage else tr("Not connected."))
        self._fill_buckets()
        self._update_actions()

    def _fill_buckets(self) -> None:
        self.bucket_combo.clear()
        self.bucket_combo.addItem(tr("All buckets"), None)
        for bucket in dict.fromkeys(self.names.all()):
            role = self.names.role_of(bucket) or ""
            self.bucket_combo.addItem(f"{bucket} ({role})", bucket)

    # -- scanning ------------------------------------------------------------------------------------
    @property
    def scanning(self) -> bool:
        return self.task is not None and self.task.running

    def start_scan(self) -> None:
        storage = self.storage
        if storage is None:
            self.status.setText(tr("Not connected: open a connection first."))
            return
        if self.scanning:
            return
        bucket = self.bucket_combo.currentData()
        buckets = None if bucket is None else [bucket]
        prefix = self.prefix_edit.text().strip().lstrip("/")
        max_age = timedelta(hours=self.temp_age.value())
        names, now = self.names, self.clock()

        def work(ctx: TaskContext) -> ScanReport:
            return scan(storage, names, buckets, prefix, progress=ctx.progress, cancel=ctx.token, now=now,
                        temp_max_age=max_age)

        self.status.setText(tr("Scanning…"))
        self._busy(True)
        self.task = workers().run("misc", work, on_done=lambda report: self._scan_done(report, storage),
                                  on_error=self._scan_failed,
                                  on_progress=self._scan_progress, on_cancelled=self._scan_cancelled,
                                  owner=self, name="health-scan")
        self._update_actions()

    def cancel_scan(self) -> None:
        if self.scanning and self.task is not None:
            self.task.cancel()
            self.status.setText(tr("Cancelling…"))

    def _busy(self, busy: bool) -> None:
        """Show the busy bar while a scan or a fix runs."""
        self.progress.setRange(0, 0 if busy else 1)
        self.progress.setVisible(busy)

    def _scan_progress(self, value: object) -> None:
        if isinstance(value, ScanProgress):
            self.status.setText(tr("Scanning {0}: {1} keys seen ({2} keys/s)").format(
                value.bucket, formats.count(value.keys_seen), formats.count(round(value.rate))))

    def _scan_ended(self) -> None:
        self.task = None
        self._busy(False)
        self._update_actions()

    def _scan_done(self, report: ScanReport, storage: Storage) -> None:
        self._scan_ended()
        self.show_report(report, storage)
        counts = report.counts()
        found = len(report.findings)
        findings = tr("%Ln finding", "", found) if found == 1 else tr("%Ln findings", "", found)
        announce(self.status, tr("Scan finished: {0} ({1}). {2}").format(
            findings, formats.severities(counts), self.status.text()), assertive=report.has_critical)
        self.scanFinished.emit(report)

    def _scan_failed(self, exc: BaseException) -> None:
        self._scan_ended()
        set_status(self.status, tr("The scan failed: {0}").format(error_text(exc)),
                   assertive=True)

    def _scan_cancelled(self) -> None:
        self._scan_ended()
        set_status(self.status, tr("The scan was cancelled."))

    def show_report(self, report: ScanReport, scanned_on: Storage | None = None) -> None:
        """Fill the findings table and the usage tab from ``report``; its findings can be fixed only
        while ``scanned_on`` (the storage it was scanned on) is the connection."""
        self.report, self.scanned_storage = report, scanned_on
        self.findings_tab.show_findings(report.findings)
        self.usage_tab.show_usage(report, self.names)
        where = tr(" below {0}").format(report.prefix) if report.prefix else ""
        self.status.setText(tr("Scanned {0} objects ({1}){2} in {3} s.").format(
            formats.count(report.keys_seen), formats.size(report.bytes_seen), where, formats.decimal(report.duration)))

    # -- actions -------------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        busy = self.scanning
        self.scan_button.setEnabled(not busy and self.storage is not None)
        self.cancel_button.setEnabled(busy)
        self.findings_tab.update_actions(can_reveal=self.window_ref is not None,
                                         can_fix=not busy and self.storage is not None)

    def _table_menu(self, pos: QPoint) -> None:
        self._update_actions()
        tab = self.findings_tab
        menu = QMenu(self)
        reveal = menu.addAction(tr("Reveal in tree"))
        reveal.setEnabled(tab.reveal_button.isEnabled())
        reveal.triggered.connect(self.reveal_selected)
        fixes = sorted({tr_text(FIXABLE_RULES[f.rule]) for f in tab.selected_findings() if fixable(f)})
        fix = menu.addAction(tr("Fix selected…") + (f" ({'; '.join(fixes)})" if fixes else ""))
        fix.setEnabled(tab.fix_button.isEnabled())
        fix.triggered.connect(self.fix_selected)
        copy = menu.addAction(tr("Copy key"))
        current = tab.current_finding()
        copy.setEnabled(current is not None)
        if current is not None:
            url = f"s3://{current.bucket}/{current.key}"
            copy.triggered.connect(lambda: QApplication.clipboard().setText(url))
        menu.popup(tab.table.viewport().mapToGlobal(pos))

    # -- reveal --------------------------------------------------------------------------------------
    def reveal_selected(self) -> None:
        finding, window = self.findings_tab.current_finding(), self.window_ref
        if finding is None or not finding.bucket or window is None:
            return
        key = finding.key
        if finding.rule == "incomplete_multipart_upload":
            key = key.rsplit("/", 1)[0] + "/" if "/" in key else ""  # the object does not exist yet
        window.go_to_location(f"s3://{finding.bucket}/{key}")
        window.raise_()
        window.activateWindow()

    # -- fixes ---------------------------------------------------------------------------------------
    def _connection_changed(self, storage: Storage | None) -> bool:
        """True (and says so) when the connection is no longer ``storage``, the one scanned and planned on."""
        if storage is not None and storage is self.storage:
            return False
        self._busy(False)
        self._update_actions()
        self.status.setText(tr("The connection changed after the scan: nothing was changed. "
                               "Scan again to fix what this connection shows."))
        return True

    def fix_selected(self) -> None:
        """Plan the fixes of the selected findings in a worker, then ask for confirmation."""
        storage = self.storage
        findings = [f for f in self.findings_tab.selected_findings() if fixable(f)]
        if storage is None or not findings or self._connection_changed(self.scanned_storage):
            return
        names = self.names

        def work(ctx: TaskContext) -> FixPlan:
            return plan_fixes(storage, names, findings, ctx.token)

        self.status.setText(tr("Preparing the fixes…"))
        self.findings_tab.fix_button.setEnabled(False)
        workers().run("misc", work, on_done=self._confirm, on_error=self._fix_failed, owner=self,
                      name="health-fix-plan")

    def _confirm(self, plan: FixPlan) -> None:
        if self._connection_changed(plan.storage):
            return
        self._update_actions()
        self.status.setText(tr("Confirm the fixes."))
        dialog = FixConfirmDialog(plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_plan(plan))
        dialog.rejected.connect(lambda: self.status.setText(tr("No fixes applied.")))
        self.fix_dialog = dialog
        dialog.open()

    def apply_plan(self, plan: FixPlan) -> None:
        """Apply ``plan`` on the storage it was planned on, only while that is still the connection."""
        self.fix_dialog = None
        storage = plan.storage
        if storage is None or self._connection_changed(storage):
            return

        def work(ctx: TaskContext) -> FixResult:
            return apply_fixes(storage, plan, render=render_thumbnail,
                               progress=lambda done, total: ctx.progress((done, total)), cancel=ctx.token)

        def progress(value: object) -> None:
            if isinstance(value, tuple):
                self.status.setText(tr("Fixing… {0} of {1} changes done").format(*value))

        self._busy(True)
        self.findings_tab.fix_button.setEnabled(False)
        self.status.setText(tr("Fixing…"))
        workers().run("misc", work, on_done=self._fixed, on_error=self._fix_failed, on_progress=progress,
                      owner=self, name="health-fix")

    def _fixed(self, result: FixResult) -> None:
        self._busy(False)
        self.findings_tab.remove(result.resolved)
        if self.report is not None:
            gone = {id(f) for f in result.resolved}
            self.report.findings = [f for f in self.report.findings if id(f) not in gone]
        self._update_actions()
        set_status(self.status, tr_text(result.summary()))
        self.fixFinished.emit(result)

    def _fix_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._update_actions()
        set_status(self.status, tr("The fix failed: {0}").format(error_text(exc)),
                   assertive=True)

    # -- export --------------------------------------------------------------------------------------
    def _ask_export(self, fmt: str) -> None:
        title = tr("Export findings as CSV") if fmt == "csv" else tr("Export the report as JSON")
        pattern = tr("CSV files (*.csv)") if fmt == "csv" else tr("JSON files (*.json)")
        stamp = (self.report.scanned_at if self.report else datetime.now(UTC)).strftime("%Y%m%d-%H%M")
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"storage-health-{stamp}.{fmt}"),
                                              pattern)
        if path:
            self.export(Path(path), fmt)

    def export(self, path: Path, fmt: str) -> None:
        """Write the findings shown (CSV), or the report with the findings shown (JSON), in a worker."""
        shown = self.findings_tab.visible_findings()
        report = self.report
        if fmt == "json" and report is None:
            return

        def work(_ctx: TaskContext) -> str:
            if fmt == "csv":
                write_csv(path, shown)
            else:
                assert report is not None
                path.write_text(report.to_json(shown), encoding="utf-8")
            return str(path)

        def done(written: str) -> None:
            self.status.setText(tr("Wrote {0} findings to {1}.").format(len(shown), written))
            self.exported.emit(written)

        def failed(exc: BaseException) -> None:
            self.status.setText(tr("Could not write {0}: {1}").format(path, exc))

        workers().run("misc", work, on_done=done, on_error=failed, owner=self, name="health-export")

    def closeEvent(self, event: Any) -> None:
        self.cancel_scan()
        super().closeEvent(event)


def write_csv(path: Path, findings: Sequence[Finding]) -> None:
    """One row per finding with the JSON field names as the header; the texts (keys and messages
    come from the server) as :func:`~ensure_browser.safe_text.csv_cell` makes them safe for a spreadsheet."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for f in findings:
            row = {name: "" if value is None else csv_cell(value) if isinstance(value, str) else value
                   for name, value in f.to_dict().items()}
            writer.writerow(row)


# -- main window wiring ---------------------------------------------------------------------------------


def health_view_of(window: Host) -> HealthView:
    """The window's health view (created on first use, following the window's connection)."""
    view = window.service(HealthView)
    if view is None:
        view = HealthView(window, window)
        window.provide(HealthView, view)
        connection = window.connection
        if connection is not None and connection.storage is not None and connection.buckets:
            view.set_connection(connection.storage, connection.names)

        def on_connected(conn: Connection) -> None:
            view.set_connection(conn.storage, conn.names)

        window.connected.connect(on_connected)
    return view


def open_health_view(window: Host) -> HealthView:
    view = health_view_of(window)
    view.show()
    view.raise_()
    view.activateWindow()
    return view
