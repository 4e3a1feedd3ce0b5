"""The storage health window: scan, findings, fixes, exports and the usage overview.

"Storage health…" (View menu, Ctrl+Shift+H) opens :class:`HealthView`, a window of its own beside
the main window. A scan (:func:`ensure_browser.core.health.scan.scan`) runs in a worker with its progress
(keys seen, keys per second) and a Cancel button; its findings fill a table
(:class:`FindingsModel` behind :class:`FindingsFilter`: severity, rule and text filters, sortable
columns). Each finding can be revealed in the raw tree (through the main window's location bar),
fixed where a fix exists (regenerate a thumbnail, delete a stale temporary upload, abort an
incomplete multipart upload: planned in a worker, listed in :class:`FixConfirmDialog`, applied in a
worker, fixed rows removed), and the rows shown exported to CSV or JSON (written in a worker).
The Usage tab paints the largest classrooms and meetings as bars (:class:`UsageChart`) above the
totals per bucket.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFontMetrics, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.health.fixes import FIXABLE_RULES, FixPlan, FixResult, apply_fixes, fixable, plan_fixes
from ensure_browser.core.health.report import Finding, ScanProgress, ScanReport, human_age
from ensure_browser.core.health.scan import scan
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.layout import DEFAULT_TEMP_MAX_AGE, BucketNames
from ensure_browser.core.severity import SEVERITIES
from ensure_browser.core.units import human_bytes
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

if TYPE_CHECKING:
    from ensure_browser.ui.main_window import Connection, MainWindow

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole
FindingRole = Qt.ItemDataRole.UserRole + 1
CHART_ROWS = 8  # bars per chart group
CSV_FIELDS = ("severity", "rule", "entity", "bucket", "key", "size", "age_seconds", "message")


def tr(text: str) -> str:
    return QCoreApplication.translate("HealthView", text)


def render_thumbnail(pdf: bytes) -> bytes:
    """The renderer thumbnails get on upload (page 1, the same width)."""
    from ensure_browser.ui.transfers.view import _default_renderer

    return _default_renderer(pdf)


# -- findings table -------------------------------------------------------------------------------------


class FindingsModel(QAbstractTableModel):
    """The findings of one report, one row each."""

    COLUMNS = ("Severity", "Rule", "Entity", "Key", "Size", "Age")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        style = QApplication.style()
        self._icons = {
            "critical": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()  # a new report replaces every row
        self.findings = list(findings)
        self.endResetModel()

    def remove(self, findings: Sequence[Finding]) -> int:
        """Remove these findings' rows (contiguous runs at once); returns how many went."""
        gone = {id(f) for f in findings}
        rows = [i for i, f in enumerate(self.findings) if id(f) in gone]
        for start, end in reversed(_runs(rows)):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self.findings[start:end + 1]
            self.endRemoveRows()
        return len(rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        f, col = self.findings[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(f, col)
        if role == SortRole:
            return _sort_value(f, col)
        if role == FindingRole:
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.message
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._icons.get(f.severity)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _cell_text(f: Finding, col: int) -> str:
    if col == 0:
        return tr(f.severity.capitalize())
    if col == 1:
        return f.rule
    if col == 2:
        return f.entity
    if col == 3:
        return f"{f.bucket}/{f.key}" if f.bucket else f.key
    if col == 4:
        return human_bytes(f.size)
    return human_age(f.age.total_seconds()) if f.age is not None else ""


def _sort_value(f: Finding, col: int) -> Any:
    if col == 0:
        return SEVERITIES.index(f.severity)
    if col == 4:
        return -1 if f.size is None else f.size
    if col == 5:
        return -1.0 if f.age is None else f.age.total_seconds()
    return _cell_text(f, col).casefold()


class FindingsFilter(QSortFilterProxyModel):
    """Shows the findings of one severity and rule whose texts contain the filter text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.severity: str | None = None
        self.rule: str | None = None
        self.text = ""
        self.setSortRole(SortRole)

    def set_filters(self, severity: str | None = None, rule: str | None = None, text: str = "") -> None:
        self.beginFilterChange()
        self.severity, self.rule, self.text = severity, rule, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FindingsModel):
            return True
        f = model.findings[source_row]
        if self.severity and f.severity != self.severity:
            return False
        if self.rule and f.rule != self.rule:
            return False
        if self.text:
            haystack = " ".join((f.rule, f.entity, f.bucket, f.key, f.message)).casefold()
            return self.text in haystack
        return True

    def visible_findings(self) -> list[Finding]:
        """The findings shown, in the order shown."""
        return [self.data(self.index(r, 0), FindingRole) for r in range(self.rowCount())]


# -- usage chart ----------------------------------------------------------------------------------------


class UsageChart(QWidget):
    """Horizontal bars, in groups ("Largest classrooms"): a label, a bar scaled to the group's largest
    value, and the human size with the object count."""

    ROW, GAP, TITLE = 22, 4, 28

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[str, list[tuple[str, int, int]]]] = []
        self.setMinimumHeight(120)

    def set_groups(self, groups: list[tuple[str, list[tuple[str, int, int]]]]) -> None:
        """``groups`` = [(title, [(label, bytes, objects), ...]), ...]."""
        self.groups = groups
        self.updateGeometry()
        self.update()

    def _height(self) -> int:
        rows = sum(max(len(items), 1) for _, items in self.groups)
        return self.TITLE * len(self.groups) + rows * (self.ROW + self.GAP) + 16

    def sizeHint(self) -> QSize:
        return QSize(560, max(self._height(), 120))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, max(self._height(), 120))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        metrics = QFontMetrics(self.font())
        if not self.groups:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Run a scan to see the usage."))
            painter.end()
            return
        labels = [label for _, items in self.groups for label, _, _ in items] or [""]
        label_w = min(max(metrics.horizontalAdvance(t) for t in labels) + 12, self.width() // 3)
        value_w = metrics.horizontalAdvance("1023.9 MiB · 99999 objects") + 12
        bar_x = 12 + label_w
        bar_w = max(self.width() - bar_x - value_w - 12, 20)
        colors = [QColor("#3b7dd8"), QColor("#d8893b")]
        y = 8
        title_font = self.font()
        title_font.setBold(True)
        for gi, (title, items) in enumerate(self.groups):
            painter.setFont(title_font)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(QRect(12, y, self.width() - 24, self.TITLE), Qt.AlignmentFlag.AlignVCenter, title)
            painter.setFont(self.font())
            y += self.TITLE
            if not items:
                painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRect(bar_x, y, bar_w, self.ROW), Qt.AlignmentFlag.AlignVCenter, tr("None"))
                y += self.ROW + self.GAP
                continue
            top = max(size for _, size, _ in items) or 1
            for label, size, objects in items:
                row = QRect(12, y, label_w - 8, self.ROW)
                painter.setPen(pal.color(QPalette.ColorRole.Text))
                shown = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, row.width())
                painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, shown)
                width = max(round(bar_w * size / top), 2)
                painter.fillRect(QRect(bar_x, y + 3, width, self.ROW - 6), colors[gi % len(colors)])
                painter.drawText(QRect(bar_x + width + 6, y, value_w + bar_w - width, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter,
                                 tr("{0} · {1} objects").format(human_bytes(size), objects))
                y += self.ROW + self.GAP
        painter.end()


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
        self.steps = QPlainTextEdit("\n".join(plan.lines()))
        self.steps.setReadOnly(True)
        self.steps.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.steps, 1)
        if plan.skipped:
            skipped = "\n".join(f"{f.bucket}/{f.key}: {why}" for f, why in plan.skipped)
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

    def __init__(self, window: MainWindow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("health-view")
        self.setWindowTitle(tr("Storage health"))
        self.resize(1100, 680)
        self.window_ref = window
        self.storage: Storage | None = None
        self.names = BucketNames()
        self.report: ScanReport | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # ages are measured from here
        self.task: TaskHandle | None = None
        self.fix_dialog: FixConfirmDialog | None = None

        self.bucket_combo = QComboBox()
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setPlaceholderText(tr("prefix (optional), e.g. classrooms/math-7a/"))
        self.temp_age = QSpinBox()
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
            controls.addWidget(QLabel(label))
            controls.addWidget(widget, 2 if widget is self.prefix_edit else 0)
        controls.addWidget(self.scan_button)
        controls.addWidget(self.cancel_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.progress)
        status_row.addWidget(self.status, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_findings_tab(), tr("Findings"))
        self.tabs.addTab(self._build_usage_tab(), tr("Usage"))

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

        self.scan_button.clicked.connect(self.start_scan)
        self.prefix_edit.returnPressed.connect(self.start_scan)
        self.cancel_button.clicked.connect(self.cancel_scan)
        self._fill_buckets()
        self._update_actions()

    # -- building ------------------------------------------------------------------------------------
    def _build_findings_tab(self) -> QWidget:
        self.severity_filter = QComboBox()
        self.severity_filter.addItem(tr("All severities"), None)
        for severity in SEVERITIES:
            self.severity_filter.addItem(tr(severity.capitalize()), severity)
        self.rule_filter = QComboBox()
        self.rule_filter.addItem(tr("All rules"), None)
        self.rule_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(tr("Filter by text"))
        self.text_filter.setClearButtonEnabled(True)
        self.summary = QLabel()

        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("findings")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in enumerate((96, 230, 290, 340, 80, 64)):
            self.table.setColumnWidth(col, width)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(lambda _index: self.reveal_selected())

        self.reveal_button = QPushButton(tr("Reveal in tree"))
        self.fix_button = QPushButton(tr("Fix selected…"))
        self.fix_button.setToolTip(tr("Regenerate missing thumbnails, delete stale temporary uploads, "
                                      "abort incomplete uploads"))
        self.csv_button = QPushButton(tr("Export CSV…"))
        self.json_button = QPushButton(tr("Export JSON…"))

        filters = QHBoxLayout()
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.rule_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.summary)
        actions = QHBoxLayout()
        for button in (self.reveal_button, self.fix_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.json_button)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)

        self.severity_filter.currentIndexChanged.connect(self._apply_filters)
        self.rule_filter.currentIndexChanged.connect(self._apply_filters)
        self.text_filter.textChanged.connect(self._apply_filters)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.fix_button.clicked.connect(self.fix_selected)
        self.csv_button.clicked.connect(lambda: self._ask_export("csv"))
        self.json_button.clicked.connect(lambda: self._ask_export("json"))
        return tab

    def _build_usage_tab(self) -> QWidget:
        self.chart = UsageChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.bucket_table = QTableWidget(0, 4)
        self.bucket_table.setObjectName("bucket-totals")
        self.bucket_table.setHorizontalHeaderLabels([tr("Bucket"), tr("Role"), tr("Objects"), tr("Size")])
        self.bucket_table.verticalHeader().hide()
        self.bucket_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bucket_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bucket_table.setMaximumHeight(190)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(tr("Totals per bucket")))
        layout.addWidget(self.bucket_table)
        return tab

    # -- connection ----------------------------------------------------------------------------------
    def set_connection(self, storage: Storage | None, names: BucketNames) -> None:
        """Scan this storage from now on (a running scan is cancelled; old findings are cleared)."""
        self.cancel_scan()
        self.storage, self.names = storage, names
        self.report = None
        self.model.set_findings([])
        self.chart.set_groups([])
        self.bucket_table.setRowCount(0)
        self.summary.clear()
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
        self.task = workers().run("misc", work, on_done=self._scan_done, on_error=self._scan_failed,
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
                value.bucket, f"{value.keys_seen:,}", f"{value.rate:,.0f}"))

    def _scan_ended(self) -> None:
        self.task = None
        self._busy(False)
        self._update_actions()

    def _scan_done(self, report: ScanReport) -> None:
        self._scan_ended()
        self.show_report(report)
        self.scanFinished.emit(report)

    def _scan_failed(self, exc: BaseException) -> None:
        self._scan_ended()
        self.status.setText(tr("The scan failed: {0}").format(getattr(exc, "message", None) or str(exc)))

    def _scan_cancelled(self) -> None:
        self._scan_ended()
        self.status.setText(tr("The scan was cancelled."))

    def show_report(self, report: ScanReport) -> None:
        """Fill the findings table and the usage tab from ``report``."""
        self.report = report
        self.model.set_findings(report.findings)
        current = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem(tr("All rules"), None)
        for rule in sorted({f.rule for f in report.findings}):
            self.rule_filter.addItem(rule, rule)
        self.rule_filter.setCurrentIndex(max(self.rule_filter.findData(current), 0))
        self.rule_filter.blockSignals(False)
        self._apply_filters()
        self._show_usage(report)
        where = tr(" below {0}").format(report.prefix) if report.prefix else ""
        self.status.setText(tr("Scanned {0} objects ({1}){2} in {3:.1f} s.").format(
            f"{report.keys_seen:,}", human_bytes(report.bytes_seen), where, report.duration))

    def _show_usage(self, report: ScanReport) -> None:
        usage = report.usage
        groups = []
        for etype, title in (("classroom", tr("Largest classrooms")), ("meeting", tr("Largest meetings"))):
            groups.append((title, [(i, t.bytes, t.objects) for i, t in usage.top(etype, CHART_ROWS)]))
        self.chart.set_groups(groups)
        rows = list(usage.buckets.items())
        self.bucket_table.setRowCount(len(rows) + 1)
        total_objects = sum(t.objects for _, t in rows)
        total_bytes = sum(t.bytes for _, t in rows)
        for r, (bucket, role, objects, size) in enumerate(
            [(b, self.names.role_of(b) or "", t.objects, t.bytes) for b, t in rows]
            + [(tr("All scanned buckets"), "", total_objects, total_bytes)]
        ):
            cells = (bucket, role, f"{objects:,}", human_bytes(size))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == len(rows):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.bucket_table.setItem(r, c, item)

    # -- filters and selection -----------------------------------------------------------------------
    def _apply_filters(self) -> None:
        self.proxy.set_filters(self.severity_filter.currentData(), self.rule_filter.currentData(),
                               self.text_filter.text())
        self._update_summary()
        self._update_actions()

    def _update_summary(self) -> None:
        shown = self.proxy.visible_findings()
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in shown:
            counts[f.severity] += 1
        total = len(self.model.findings)
        text = tr("{0} critical, {1} warnings, {2} info").format(counts["critical"], counts["warning"],
                                                                 counts["info"])
        if len(shown) != total:
            text += tr(" (showing {0} of {1})").format(len(shown), total)
        self.summary.setText(text if self.report else "")

    def selected_findings(self) -> list[Finding]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.data(self.proxy.index(r, 0), FindingRole) for r in rows]

    def current_finding(self) -> Finding | None:
        index = self.table.currentIndex()
        if not index.isValid():
            selected = self.selected_findings()
            return selected[0] if selected else None
        finding = self.proxy.data(self.proxy.index(index.row(), 0), FindingRole)
        return finding if isinstance(finding, Finding) else None

    def select_findings(self, findings: Sequence[Finding]) -> None:
        """Select the rows of these findings (for keyboard-free use and tests)."""
        wanted = {id(f) for f in findings}
        selection = self.table.selectionModel()
        selection.clearSelection()
        for r in range(self.proxy.rowCount()):
            if id(self.proxy.data(self.proxy.index(r, 0), FindingRole)) in wanted:
                index = self.proxy.index(r, 0)
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
        self._update_actions()

    def _update_actions(self) -> None:
        busy = self.scanning
        self.scan_button.setEnabled(not busy and self.storage is not None)
        self.cancel_button.setEnabled(busy)
        selected = self.selected_findings()
        current = self.current_finding()
        self.detail.setText(current.message if current is not None and selected else "")
        self.reveal_button.setEnabled(bool(current and current.bucket) and self.window_ref is not None)
        self.fix_button.setEnabled(any(fixable(f) for f in selected) and not busy and self.storage is not None)
        has_rows = self.proxy.rowCount() > 0
        self.csv_button.setEnabled(has_rows)
        self.json_button.setEnabled(has_rows and self.report is not None)

    def _table_menu(self, pos: QPoint) -> None:
        self._update_actions()
        menu = QMenu(self)
        reveal = menu.addAction(tr("Reveal in tree"))
        reveal.setEnabled(self.reveal_button.isEnabled())
        reveal.triggered.connect(self.reveal_selected)
        fixes = sorted({FIXABLE_RULES[f.rule] for f in self.selected_findings() if fixable(f)})
        fix = menu.addAction(tr("Fix selected…") + (f" ({'; '.join(fixes)})" if fixes else ""))
        fix.setEnabled(self.fix_button.isEnabled())
        fix.triggered.connect(self.fix_selected)
        copy = menu.addAction(tr("Copy key"))
        current = self.current_finding()
        copy.setEnabled(current is not None)
        if current is not None:
            url = f"s3://{current.bucket}/{current.key}"
            copy.triggered.connect(lambda: QApplication.clipboard().setText(url))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- reveal --------------------------------------------------------------------------------------
    def reveal_selected(self) -> None:
        finding, window = self.current_finding(), self.window_ref
        if finding is None or not finding.bucket or window is None:
            return
        key = finding.key
        if finding.rule == "incomplete_multipart_upload":
            key = key.rsplit("/", 1)[0] + "/" if "/" in key else ""  # the object does not exist yet
        window.location.setText(f"s3://{finding.bucket}/{key}")
        window._go_to_location()
        window.raise_()
        window.activateWindow()

    # -- fixes ---------------------------------------------------------------------------------------
    def fix_selected(self) -> None:
        """Plan the fixes of the selected findings in a worker, then ask for confirmation."""
        storage = self.storage
        findings = [f for f in self.selected_findings() if fixable(f)]
        if storage is None or not findings:
            return
        names = self.names

        def work(ctx: TaskContext) -> FixPlan:
            return plan_fixes(storage, names, findings, ctx.token)

        self.status.setText(tr("Preparing the fixes…"))
        self.fix_button.setEnabled(False)
        workers().run("misc", work, on_done=self._confirm, on_error=self._fix_failed, owner=self,
                      name="health-fix-plan")

    def _confirm(self, plan: FixPlan) -> None:
        self._update_actions()
        self.status.setText(tr("Confirm the fixes."))
        dialog = FixConfirmDialog(plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_plan(plan))
        dialog.rejected.connect(lambda: self.status.setText(tr("No fixes applied.")))
        self.fix_dialog = dialog
        dialog.open()

    def apply_plan(self, plan: FixPlan) -> None:
        storage = self.storage
        if storage is None:
            return
        self.fix_dialog = None

        def work(ctx: TaskContext) -> FixResult:
            return apply_fixes(storage, plan, render=render_thumbnail,
                               progress=lambda done, total: ctx.progress((done, total)), cancel=ctx.token)

        def progress(value: object) -> None:
            if isinstance(value, tuple):
                self.status.setText(tr("Fixing… {0} of {1} changes done").format(*value))

        self._busy(True)
        self.fix_button.setEnabled(False)
        self.status.setText(tr("Fixing…"))
        workers().run("misc", work, on_done=self._fixed, on_error=self._fix_failed, on_progress=progress,
                      owner=self, name="health-fix")

    def _fixed(self, result: FixResult) -> None:
        self._busy(False)
        self.model.remove(result.resolved)
        if self.report is not None:
            gone = {id(f) for f in result.resolved}
            self.report.findings = [f for f in self.report.findings if id(f) not in gone]
        self._update_summary()
        self._update_actions()
        self.status.setText(result.summary())
        self.fixFinished.emit(result)

    def _fix_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._update_actions()
        self.status.setText(tr("The fix failed: {0}").format(getattr(exc, "message", None) or str(exc)))

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
        shown = self.proxy.visible_findings()
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
    """One row per finding with the JSON field names as the header."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for f in findings:
            row = f.to_dict()
            row["size"] = "" if row["size"] is None else row["size"]
            row["age_seconds"] = "" if row["age_seconds"] is None else row["age_seconds"]
            writer.writerow(row)


# -- main window wiring ---------------------------------------------------------------------------------


def health_view_of(window: MainWindow) -> HealthView:
    """The window's health view (created on first use, following the window's connection)."""
    view = window.findChild(HealthView, "health-view")
    if view is None:
        view = HealthView(window, window)
        connection = window.connection
        if connection is not None and connection.storage is not None and connection.buckets:
            view.set_connection(connection.storage, connection.names)

        def on_connected(conn: Connection) -> None:
            view.set_connection(conn.storage, conn.names)

        window.connected.connect(on_connected)
    return view


def open_health_view(window: MainWindow) -> HealthView:
    view = health_view_of(window)
    view.show()
    view.raise_()
    view.activateWindow()
    return view


def register_health_view(window: MainWindow) -> QAction:
    """Add "Storage health…" (Ctrl+Shift+H) to the View menu; returns the action."""
    action = QAction(tr("Storage &health…"), window)
    action.setObjectName("storage-health")
    action.setShortcut(QKeySequence("Ctrl+Shift+H"))
    action.setStatusTip(tr("Scan the storage for problems and see what uses the space"))
    action.triggered.connect(lambda: open_health_view(window))
    window.view_menu.addAction(action)
    window.addAction(action)
    return action
