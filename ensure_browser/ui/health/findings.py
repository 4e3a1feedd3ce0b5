"""The Findings tab of the storage health window: the findings table, its filters and buttons.

:class:`FindingsModel` holds one report's findings, one row each; :class:`FindingsFilter` shows
those of one severity and rule whose texts contain the filter text, sortable by any column.
:class:`FindingsTab` lays them out with the chosen finding's message and the buttons that reveal,
fix and export; what the buttons do is the window's (:class:`~ensure_browser.ui.health.view.HealthView`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.health.fixes import fixable
from ensure_browser.core.health.report import Finding
from ensure_browser.core.health.titles import rule_title
from ensure_browser.core.severity import SEVERITIES, count, rank
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, tr, tr_text

ModelIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole
FindingRole = Qt.ItemDataRole.UserRole + 1

SEVERITY_LABELS = {"critical": QT_TR_NOOP("Critical"), "warning": QT_TR_NOOP("Warning"), "info": QT_TR_NOOP("Info")}



# -- findings table -------------------------------------------------------------------------------------


class FindingsModel(QAbstractTableModel):
    """The findings of one report, one row each."""

    COLUMNS = (QT_TR_NOOP("Severity"), QT_TR_NOOP("Rule"), QT_TR_NOOP("Entity"),
               QT_TR_NOOP("Key"), QT_TR_NOOP("Size"), QT_TR_NOOP("Age"))

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
            return tr_text(f.message)
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
        return tr(SEVERITY_LABELS.get(f.severity, f.severity))
    if col == 1:
        return tr_text(rule_title(f.rule))
    if col == 2:
        return tr_text(f.entity)
    if col == 3:
        return f"{f.bucket}/{f.key}" if f.bucket else f.key
    if col == 4:
        return formats.size(f.size)
    return formats.age(f.age.total_seconds()) if f.age is not None else ""


def _sort_value(f: Finding, col: int) -> Any:
    if col == 0:
        return rank(f.severity)
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
            haystack = " ".join((f.rule, tr_text(rule_title(f.rule)), tr_text(f.entity), f.bucket, f.key,
                                 tr_text(f.message))).casefold()
            return self.text in haystack
        return True

    def visible_findings(self) -> list[Finding]:
        """The findings shown, in the order shown."""
        return [self.data(self.index(r, 0), FindingRole) for r in range(self.rowCount())]


# -- the tab --------------------------------------------------------------------------------------------


class FindingsTab(QWidget):
    """Filters above the findings table, the current finding's message and the action buttons below.

    ``changed`` is emitted when the filters or the selection change (the window then enables its
    actions with :meth:`update_actions`).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_report = False
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        filters = self._build_filters()
        self._build_table()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)

        self.severity_filter.currentIndexChanged.connect(self.apply_filters)
        self.rule_filter.currentIndexChanged.connect(self.apply_filters)
        self.text_filter.textChanged.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.changed.emit())

    def _build_filters(self) -> QHBoxLayout:
        self.severity_filter = QComboBox()
        self.severity_filter.setAccessibleName(tr("Severity"))
        self.severity_filter.addItem(tr("All severities"), None)
        for severity in SEVERITIES:
            self.severity_filter.addItem(tr(SEVERITY_LABELS.get(severity, severity)), severity)
        self.rule_filter = QComboBox()
        self.rule_filter.setAccessibleName(tr("Rule"))
        self.rule_filter.addItem(tr("All rules"), None)
        self.rule_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(tr("Filter by text"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setAccessibleName(tr("Filter by text"))
        self.summary = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.rule_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.summary)
        return filters

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("findings")
        self.table.setAccessibleName(tr("Findings"))
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
        widest_age = self.table.fontMetrics().horizontalAdvance(formats.age(59)) + 16  # "59 Sekunden"
        for col, width in enumerate((96, 230, 290, 340, 80, max(64, widest_age))):
            self.table.setColumnWidth(col, max(width, header.sectionSizeHint(col)))  # the header's words whole
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _build_buttons(self) -> QHBoxLayout:
        self.reveal_button = QPushButton(tr("Reveal in tree"))
        self.fix_button = QPushButton(tr("Fix selected…"))
        self.fix_button.setToolTip(tr("Regenerate missing thumbnails, delete stale temporary uploads, "
                                      "abort incomplete uploads"))
        self.csv_button = QPushButton(tr("Export CSV…"))
        self.json_button = QPushButton(tr("Export JSON…"))
        actions = QHBoxLayout()
        for button in (self.reveal_button, self.fix_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.json_button)
        return actions

    # -- findings ------------------------------------------------------------------------------------
    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Show a new report's findings (the rule filter offers its rules, keeping the one chosen)."""
        self.has_report = True
        self.model.set_findings(findings)
        current = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem(tr("All rules"), None)
        for rule in sorted({f.rule for f in findings}):
            self.rule_filter.addItem(tr_text(rule_title(rule)), rule)
        self.rule_filter.setCurrentIndex(max(self.rule_filter.findData(current), 0))
        self.rule_filter.blockSignals(False)
        self.apply_filters()

    def clear(self) -> None:
        """No report: no rows, no summary."""
        self.has_report = False
        self.model.set_findings([])
        self.summary.clear()

    def remove(self, findings: Sequence[Finding]) -> None:
        """Drop these findings' rows (fixed ones) and count again."""
        self.model.remove(findings)
        self.update_summary()

    # -- filters and selection -----------------------------------------------------------------------
    def apply_filters(self) -> None:
        self.proxy.set_filters(self.severity_filter.currentData(), self.rule_filter.currentData(),
                               self.text_filter.text())
        self.update_summary()
        self.changed.emit()

    def update_summary(self) -> None:
        shown = self.proxy.visible_findings()
        counts = count(f.severity for f in shown)
        total = len(self.model.findings)
        text = formats.severities(counts)
        if len(shown) != total:
            text += tr(" (showing {0} of {1})").format(len(shown), total)
        self.summary.setText(text if self.has_report else "")

    def visible_findings(self) -> list[Finding]:
        """The findings shown, in the order shown."""
        return self.proxy.visible_findings()

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
        self.changed.emit()

    def update_actions(self, *, can_reveal: bool, can_fix: bool) -> None:
        """Show the current finding's message and enable the buttons that apply to the selection:
        reveal when ``can_reveal`` (a window to reveal in), fix when ``can_fix`` (connected, idle)."""
        selected = self.selected_findings()
        current = self.current_finding()
        self.detail.setText(tr_text(current.message) if current is not None and selected else "")
        self.reveal_button.setEnabled(bool(current and current.bucket) and can_reveal)
        self.fix_button.setEnabled(any(fixable(f) for f in selected) and can_fix)
        has_rows = self.proxy.rowCount() > 0
        self.csv_button.setEnabled(has_rows)
        self.json_button.setEnabled(has_rows and self.has_report)
