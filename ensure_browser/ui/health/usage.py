"""The Usage tab of the storage health window: the largest classrooms and meetings as bars
(:class:`UsageChart`) above the totals per bucket (with the old versions and delete markers of a
versioned bucket)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.health.history import VersionTally, is_versioned
from ensure_browser.core.health.report import ScanReport
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import tr

CHART_ROWS = 8  # bars per chart group



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
                                 tr("{0} · {1} objects").format(formats.size(size), objects))
                y += self.ROW + self.GAP
        painter.end()


# -- the tab --------------------------------------------------------------------------------------------


class UsageTab(QWidget):
    """The chart, scrollable, above a table of objects and bytes per bucket with a total row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = UsageChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.bucket_table = QTableWidget(0, 7)
        self.bucket_table.setObjectName("bucket-totals")
        self.bucket_table.setAccessibleName(tr("Usage by bucket"))
        self.bucket_table.setHorizontalHeaderLabels([tr("Bucket"), tr("Role"), tr("Objects"), tr("Size"),
                                                     tr("Old versions"), tr("Their size"), tr("Delete markers")])
        for column, tip in ((4, tr("Replaced or deleted objects a versioned bucket still keeps")),
                            (5, tr("The bytes the old versions hold")),
                            (6, tr("Deletions a versioned bucket recorded (an object under one can be undeleted)"))):
            header_item = self.bucket_table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.bucket_table.verticalHeader().hide()
        self.bucket_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bucket_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bucket_table.setMaximumHeight(190)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(tr("Totals per bucket")))
        layout.addWidget(self.bucket_table)

    def clear(self) -> None:
        """No report: no bars, no totals."""
        self.chart.set_groups([])
        self.bucket_table.setRowCount(0)

    def show_usage(self, report: ScanReport, names: BucketNames) -> None:
        """Show the usage of ``report`` (``names`` tell each bucket's role)."""
        usage = report.usage
        groups = []
        for etype, title in (("classroom", tr("Largest classrooms")), ("meeting", tr("Largest meetings"))):
            groups.append((title, [(i, t.bytes, t.objects) for i, t in usage.top(etype, CHART_ROWS)]))
        self.chart.set_groups(groups)
        rows = list(usage.buckets.items())
        self.bucket_table.setRowCount(len(rows) + 1)
        counted = [v for b, _ in rows if (v := usage.versions.get(b)) is not None and is_versioned(v.versioning)]
        total = [tr("All scanned buckets"), "", formats.count(sum(t.objects for _, t in rows)),
                 formats.size(sum(t.bytes for _, t in rows)), *self._version_cells(counted)]
        for r, cells in enumerate([[b, names.role_of(b) or "", formats.count(t.objects), formats.size(t.bytes),
                                    *self._version_cells(usage.versions.get(b))] for b, t in rows] + [total]):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == len(rows):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.bucket_table.setItem(r, c, item)

    @staticmethod
    def _version_cells(versions: VersionTally | list[VersionTally] | None) -> list[str]:
        """Old versions, their bytes and delete markers of one bucket (or the sum of several); what a
        bucket without versioning shows instead."""
        if isinstance(versions, list):
            if not versions:
                return ["", "", ""]
            return [formats.count(sum(v.noncurrent for v in versions)),
                    formats.size(sum(v.noncurrent_bytes for v in versions)),
                    formats.count(sum(v.delete_markers for v in versions))]
        if versions is None:
            return [tr("not counted"), "", ""]
        if not is_versioned(versions.versioning):
            return [tr("versioning off") if versions.versioning == "Off" else tr("no versioning"), "", ""]
        return [formats.count(versions.noncurrent), formats.size(versions.noncurrent_bytes),
                formats.count(versions.delete_markers)]
