"""The Search dock: a field over the whole storage, filters, results as you type, the index's state.

Every search and every refresh of the index runs in a worker (the GUI thread never waits on the
disk or the network); a search started while an older one runs makes the older one's result be
dropped. A result is revealed in the Raw tree (its preview shows there) by Enter or a double-click.
The index refreshes by itself when the dock is first shown for a connection (and when it is older
than :data:`STALE_AFTER`); "Refresh index" does it at once, "Stop" cancels it.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.schema.classify import all_kinds, label_of
from ensure_browser.core.schema.table import UNRECOGNIZED, UNRECOGNIZED_LABEL
from ensure_browser.core.search.query import Hit, Query, SearchSyntaxError, parse_size, search
from ensure_browser.core.search.refresh import RefreshProgress, RefreshResult, refresh
from ensure_browser.core.search.store import SearchIndex
from ensure_browser.ui import formats
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, schema_label, tr
from ensure_browser.ui.search.results import ResultsModel
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

__all__ = ["STALE_AFTER", "SearchPanel"]

STALE_AFTER = 600.0  # seconds: an index older than this refreshes when the dock is shown
TYPING_DELAY_MS = 40  # a search starts this long after the last key press



def _day(edit: QDateEdit, end: bool) -> float:
    d = edit.date()
    start = datetime(d.year(), d.month(), d.day()).astimezone()  # the user's own days
    return start.timestamp() + (86400 if end else 0)


class SearchPanel(QWidget):
    """See the module doc. ``searched`` carries the hits of each search shown (for tests and timing)."""

    searched = Signal(list)
    refreshed = Signal(object)  # RefreshResult

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.connection: Connection | None = None
        self.index: SearchIndex | None = None
        self.index_dir: Path | None = None  # where indexes are kept (None: the user's cache directory)
        self.refresh_handle: TaskHandle | None = None
        self._seq = 0
        self._last_refresh: float | None = None
        self._count = 0
        self._build()

    # -- widgets ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.field = QLineEdit()
        self.field.setPlaceholderText(tr("Search names, ids and OCR text of the whole storage"))
        self.field.setAccessibleName(tr("Search the storage"))
        self.field.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(tr("Refresh index"))
        self.refresh_button.setAccessibleName(tr("Refresh the search index"))
        self.refresh_button.clicked.connect(self._refresh_clicked)
        self.state = QLabel(tr("Not connected."))
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(self.refresh_button)

        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Kind of object"))
        self.kind.addItem(tr("All kinds"), "")
        for kind in all_kinds():
            self.kind.addItem(schema_label(label_of(kind)), kind)
        self.kind.addItem(schema_label(UNRECOGNIZED_LABEL), UNRECOGNIZED)
        self.entity = QComboBox()
        self.entity.setAccessibleName(tr("Whose objects"))
        for label, column in ((tr("Classroom"), "classroom"), (tr("Student"), "student"), (tr("Meeting"), "meeting")):
            self.entity.addItem(label, column)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText(tr("id"))
        self.entity_id.setAccessibleName(tr("Classroom, student or meeting id"))
        self.since_on = QCheckBox(tr("From"))
        self.since_on.setAccessibleName(tr("Only objects modified from a day"))
        self.until_on = QCheckBox(tr("to"))
        self.until_on.setAccessibleName(tr("Only objects modified until a day"))
        self.since, self.until = QDateEdit(QDate.currentDate().addDays(-7)), QDateEdit(QDate.currentDate())
        for day_edit, name in ((self.since, tr("First day")), (self.until, tr("Last day"))):
            day_edit.setCalendarPopup(True)
            day_edit.setDisplayFormat("yyyy-MM-dd")
            day_edit.setAccessibleName(name)
            day_edit.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)
        self.min_size, self.max_size = QLineEdit(), QLineEdit()
        for size_edit, hint, name in ((self.min_size, tr("min size"), tr("Smallest size, e.g. 500MiB")),
                                      (self.max_size, tr("max size"), tr("Largest size, e.g. 2GB"))):
            size_edit.setPlaceholderText(hint)
            size_edit.setAccessibleName(name)
            size_edit.setMaximumWidth(110)
        filters = QHBoxLayout()
        for w in (self.kind, self.entity, self.entity_id, self.since_on, self.since, self.until_on, self.until,
                  self.min_size, self.max_size):
            filters.addWidget(w)
        filters.addStretch(1)

        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(tr("Search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for number, width in enumerate((130, 220, 220, 80, 130)):
            self.table.setColumnWidth(number, width)
        self.table.activated.connect(self.reveal)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)

        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_DELAY_MS)
        self.typing.timeout.connect(self.run_query)
        for line in (self.field, self.entity_id, self.min_size, self.max_size):
            line.textChanged.connect(self.typing.start)
        for combo in (self.kind, self.entity):
            combo.currentIndexChanged.connect(self.typing.start)
        for box in (self.since_on, self.until_on):
            box.toggled.connect(self.typing.start)
        for date in (self.since, self.until):
            date.dateChanged.connect(self.typing.start)
        self.field.returnPressed.connect(self.run_query)
        self.clock = QTimer(self)
        self.clock.setInterval(30_000)
        self.clock.timeout.connect(self._show_state)
        self.clock.start()

    # -- the connection and its index -----------------------------------------------------------------
    def set_connection(self, connection: Connection) -> None:
        """Open ``connection``'s index (in a worker); a refresh of the previous one stops."""
        self.stop_refresh()
        self._seq += 1  # a search of the previous connection still under way is not shown for this one
        self.connection, self.index = connection, None
        self.model.set_hits([])
        self.state.setText(tr("Opening the search index…"))
        settings, directory = connection.settings, self.index_dir

        def work(_ctx: TaskContext) -> tuple[SearchIndex, float | None, int]:
            index = SearchIndex.for_connection(settings.endpoint, settings.access_key, directory)
            return index, index.last_refreshed(), index.count()

        def done(result: tuple[SearchIndex, float | None, int]) -> None:
            if self.connection is not connection:
                return
            self.index, self._last_refresh, self._count = result
            self._show_state()
            if self.isVisible():
                self.ensure_fresh()
            self.run_query()

        workers().run("misc", work, on_done=done, on_error=self._index_failed, owner=self, name="search-index")

    def _index_failed(self, exc: BaseException) -> None:
        self.state.setText(tr("The search index cannot be opened: {0}").format(exc))

    def ensure_fresh(self) -> None:
        """Refresh when the index was never refreshed or is older than :data:`STALE_AFTER`."""
        if self.index is not None and self.refresh_handle is None and (
                self._last_refresh is None or time.time() - self._last_refresh > STALE_AFTER):
            self.start_refresh()

    def start_refresh(self) -> None:
        connection, index = self.connection, self.index
        if connection is None or connection.storage is None or index is None or self.refresh_handle is not None:
            return
        storage, names = connection.storage, connection.names

        def work(ctx: TaskContext) -> RefreshResult:
            return refresh(storage, names, index, progress=ctx.progress, cancel=ctx.token)

        self.refresh_button.setText(tr("Stop"))
        self.state.setText(tr("Refreshing the search index…"))
        self.refresh_handle = workers().run("listing", work, on_done=self._refreshed, on_error=self._refresh_failed,
                                            on_progress=self._progress, on_cancelled=self._refresh_stopped,
                                            owner=self, name="search-refresh")

    def stop_refresh(self) -> None:
        if self.refresh_handle is not None:
            self.refresh_handle.cancel()
            self.refresh_handle = None
            self.refresh_button.setText(tr("Refresh index"))

    def _refresh_clicked(self) -> None:
        if self.refresh_handle is not None:
            self.stop_refresh()
            self.state.setText(tr("Refresh stopped; the index holds what was read so far."))
        else:
            self.start_refresh()

    def _progress(self, value: object) -> None:
        if not isinstance(value, RefreshProgress):
            return
        if value.phase == "listing":
            self.state.setText(tr("Refreshing the search index: {0} keys listed…").format(formats.count(value.listed)))
        else:
            self.state.setText(tr("Reading original names and OCR text: {0} of {1}…").format(
                formats.count(value.details_done), formats.count(value.details_total)))

    def _refreshed(self, result: RefreshResult) -> None:
        self.refresh_handle = None
        self.refresh_button.setText(tr("Refresh index"))
        if result.complete:
            self._last_refresh = time.time()
        self._count = self._count + result.added - result.removed
        self._show_state()
        if result.problems:
            self.message.setText("\n".join(result.problems))
        self.refreshed.emit(result)
        self.changed()

    def _refresh_failed(self, exc: BaseException) -> None:
        self.refresh_handle = None
        self.refresh_button.setText(tr("Refresh index"))
        message = error_text(exc)
        self.state.setText(tr("The search index could not be refreshed: {0}").format(message))

    def _refresh_stopped(self) -> None:
        self.refresh_handle = None
        self.refresh_button.setText(tr("Refresh index"))

    def _show_state(self) -> None:
        if self.refresh_handle is not None:
            return
        if self.index is None:
            return
        if self._last_refresh is None:
            self.state.setText(tr("The search index was never refreshed: {0} objects.").format(
                formats.count(self._count)))
            return
        age = formats.age(max(time.time() - self._last_refresh, 0), ago=True)
        self.state.setText(tr("Search index: {0} objects, refreshed {1} ago ({2}).").format(
            formats.count(self._count), age, formats.time_of_day(self._last_refresh)))

    # -- searching ----------------------------------------------------------------------------------
    def query(self) -> Query:
        """The query the field and filters describe; ValueError for a size that is none."""
        column = self.entity.currentData()
        value = self.entity_id.text().strip()
        return Query(
            self.field.text(), (self.kind.currentData(),) if self.kind.currentData() else (),
            value if column == "classroom" else "", value if column == "student" else "",
            value if column == "meeting" else "",
            _day(self.since, False) if self.since_on.isChecked() else None,
            _day(self.until, True) if self.until_on.isChecked() else None,
            parse_size(self.min_size.text()) if self.min_size.text().strip() else None,
            parse_size(self.max_size.text()) if self.max_size.text().strip() else None)

    def run_query(self) -> None:
        self.typing.stop()
        self._seq += 1
        seq = self._seq
        try:
            q = self.query()
        except ValueError as err:
            self.message.setText(str(err))
            return
        index, names = self.index, self.connection.names if self.connection else None
        if index is None or q.empty:
            self.message.clear()
            self.model.set_hits([])
            return

        def work(_ctx: TaskContext) -> tuple[list[Hit], bool]:
            return search(index, q, names)

        def done(result: tuple[list[Hit], bool]) -> None:
            if seq == self._seq:
                self._show_hits(*result)

        def failed(exc: BaseException) -> None:
            if seq == self._seq:
                self.model.set_hits([])
                self.message.setText(str(exc) if isinstance(exc, SearchSyntaxError)
                                     else tr("The search failed: {0}").format(exc))

        workers().run("misc", work, on_done=done, on_error=failed, owner=self, name="search")

    def _show_hits(self, hits: list[Hit], more: bool) -> None:
        self.model.set_hits(hits)
        if not hits:
            self.message.setText(tr("Nothing found."))
        elif more:
            self.message.setText(tr("The first {0} results; add words or filters to narrow them.").format(
                formats.count(len(hits))))
        else:
            self.message.setText(tr("1 result.") if len(hits) == 1 else tr("{0} results.").format(
                formats.count(len(hits))))
        self.searched.emit(hits)

    def changed(self) -> None:
        """The index changed (a refresh, the app's own write): search again."""
        if self.index is not None:
            self.typing.start()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        hit = self.model.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return
        menu = QMenu(self.table)
        menu.addAction(tr("Show in tree"), lambda: self.reveal(index))
        menu.addAction(tr("Copy location"), lambda: QGuiApplication.clipboard().setText(hit.location))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def reveal(self, index: QModelIndex) -> None:
        """Open the result's object in the Raw tree (its preview shows there)."""
        hit = self.model.hit_at(index.row())
        if hit is not None:
            self.host.go_to_location(hit.location)
