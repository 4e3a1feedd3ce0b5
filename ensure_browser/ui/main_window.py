"""The main window: sidebar of trees, the tree panel, details, error banner, status bar.

It composes panels that live in their own modules and owns the connection (one Storage). Every
network call goes through :func:`ensure_browser.ui.workers.workers`. Features (transfers, policies,
health, profiles, object actions, the domain trees) reach it only through what it implements of
:class:`~ensure_browser.ui.host.Host`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser import APP_DISPLAY_NAME, APP_NAME, __version__
from ensure_browser.core.connection import BucketState, open_buckets
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.banner import Banner
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, tr_text
from ensure_browser.ui.path_badge import PathBadge
from ensure_browser.ui.preview import PreviewPane
from ensure_browser.ui.preview.thumbnails import ThumbnailCache, attach_thumbnails
from ensure_browser.ui.trees.details_panel import DetailsPanel
from ensure_browser.ui.trees.sorting import remember_sort
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node, RawSource, TreeSource
from ensure_browser.ui.trees.tree_panel import TreePanel
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)


def probe_buckets(storage: Storage, names: BucketNames) -> tuple[list[str], list[str]]:
    """Buckets to show and human notes. Works without s3:ListAllMyBuckets (least privilege)."""
    access = open_buckets(storage, names)
    shown = [c.bucket for c in access.checks if c.state is not BucketState.NOT_FOUND]
    shown += sorted(access.others_visible)
    notes = [] if len(access.readable) == len(access.checks) else access.lines()[1:]
    return shown, [n for n in notes if not n.startswith("You may list ")]


class MainWindow(Host):
    connectionFailed = Signal(str)

    def __init__(self, settings_store: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.resize(1280, 800)
        self.qsettings = settings_store or QSettings(APP_NAME, APP_NAME)
        self.sources: dict[str, TreeSource] = {}
        self.models = {}

        self.banner = Banner()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setMaximumWidth(200)
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.tree_panel = TreePanel()
        self.details = DetailsPanel()
        self.preview = PreviewPane()
        self.thumbnails: ThumbnailCache | None = None
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("s3://bucket/prefix"))
        self.location.setAccessibleName(self.tr("Location"))
        self.location.setAccessibleDescription(self.tr("An s3:// address to go to; press Enter to open it"))
        self.location.returnPressed.connect(self.go_to_location)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.tree_panel)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        self.detail_tabs = QTabWidget()  # the details, and what features add (add_detail_tab)
        self.detail_tabs.setAccessibleName(self.tr("Details and versions"))
        self.detail_tabs.addTab(self.details, self.tr("Details"))
        right.addWidget(self.detail_tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([560, 200])
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([150, 790, 400])
        self.splitter = splitter

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel(self.tr("Not connected"))
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # status lines name keys and buckets
        # A long status line is cut at the window's edge instead of widening the window.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.status_label, 1)
        self.path_badge = PathBadge()  # plain HTTP to another machine, or a certificate not checked
        self.statusBar().addPermanentWidget(self.path_badge)

        self._build_actions()
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        self.tree_panel.nodeSelected.connect(self._on_node_selected)
        for view in (self.tree_panel.view, self.tree_panel.contents):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self._context_menu(v, pos)
            )
        self._restore_geometry()

    # -- actions -----------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        tb = QToolBar(self.tr("Main"))
        tb.setObjectName("main-toolbar")
        tb.setMovable(False)
        self.addToolBar(tb)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_current)
        tb.addAction(self.refresh_action)
        location_label = QLabel(" " + self.tr("Location:") + " ")
        location_label.setBuddy(self.location)
        tb.addWidget(location_label)
        tb.addWidget(self.location)
        extension = tb.findChild(QToolButton, "qt_toolbar_ext_button")  # shown when the window is narrow
        if extension is not None:
            extension.setAccessibleName(self.tr("More tools"))
        self.focus_filter_action = QAction(self.tr("Filter"), self)
        self.focus_filter_action.setShortcut(QKeySequence("Ctrl+Shift+F"))  # Ctrl+F: Find (ui/search)
        self.focus_filter_action.triggered.connect(lambda: self.tree_panel.filter_edit.setFocus())
        self.addAction(self.focus_filter_action)
        self.focus_location_action = QAction(self.tr("Go to location"), self)
        self.focus_location_action.setShortcut(QKeySequence("Ctrl+L"))
        self.focus_location_action.triggered.connect(self._focus_location)
        self.addAction(self.focus_location_action)

        menu = self.menuBar()
        self.file_menu = menu.addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        self.view_menu = menu.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addAction(self.focus_filter_action)
        self.view_menu.addAction(self.focus_location_action)
        self.view_menu.addMenu(self.tree_panel.sort_menu)
        self.help_menu = menu.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self._about)
        self.help_menu.addAction(about)

    def _focus_location(self) -> None:
        self.location.setFocus()
        self.location.selectAll()

    def _about(self) -> None:
        import minio
        import PySide6
        from PySide6.QtCore import qVersion

        QMessageBox.about(
            self,
            self.tr("About {0}").format(APP_DISPLAY_NAME),
            self.tr(
                "<h3>{0} {1}</h3><p>Browse and manage the Ensure Study object storage.</p>"
                "<p>Qt {2} · PySide6 {3} · minio {4}</p><p>Licence: MIT</p>"
            ).format(APP_DISPLAY_NAME, __version__, qVersion(), PySide6.__version__, minio.__version__),
        )

    # -- connection --------------------------------------------------------------------------------
    def add_detail_tab(self, widget: QWidget, title: str) -> None:
        self.detail_tabs.addTab(widget, title)

    def show_detail_tab(self, widget: QWidget) -> None:
        self.detail_tabs.setCurrentWidget(widget)

    def connect_to(self, connection: Connection) -> None:
        """Open ``connection``: probe the buckets in a worker, then build the trees."""
        self._teardown()
        self.connection = connection
        connection.storage = Storage(connection.settings)
        self.path_badge.show_for(connection.settings)
        self.status_label.setText(self.tr("Connecting to {0}…").format(connection.label))
        self.banner.hide()
        storage, names = connection.storage, connection.names

        def work(_ctx: TaskContext) -> tuple[list[str], list[str]]:
            return probe_buckets(storage, names)

        def done(result: tuple[list[str], list[str]]) -> None:
            connection.buckets, connection.notes = result
            self._build_trees(connection)
            self.status_label.setText(
                self.tr("Connected to {0} ({1}) as {2}").format(
                    connection.label, connection.settings.endpoint, connection.settings.access_key
                )
            )
            if connection.notes:
                self.banner.show_message("\n".join(tr_text(n) for n in connection.notes), "warning")
            self.connected.emit(connection)

        def failed(exc: BaseException) -> None:
            message = error_text(exc)
            self.status_label.setText(self.tr("Not connected"))
            self.banner.show_message(
                self.tr("Could not connect to {0}: {1}").format(connection.label, message),
                "error", self.tr("Retry"), lambda: self.connect_to(connection),
            )
            self.connectionFailed.emit(message)

        workers().run("misc", work, on_done=done, on_error=failed, owner=self, name="connect")

    def show_error(self, message: str, retry: Callable[[], None] | None = None) -> None:
        self.banner.show_message(message, "error", self.tr("Retry") if retry else "", retry)

    def show_warning(self, message: str) -> None:
        self.banner.show_message(message, "warning")

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _teardown(self) -> None:
        self.tree_panel.set_model(None)
        self.preview.show_node(None)
        for model in self.models.values():
            model.release()  # cancels its listings and drops its rows (and unfreezes what was frozen)
            model.deleteLater()  # a child of the window: it would otherwise live as long as the window
        self.models.clear()
        self.sources.clear()
        self.sidebar.blockSignals(True)  # removing the rows moves the current one: no tree of the old sources
        self.sidebar.clear()
        self.sidebar.blockSignals(False)

    def _build_trees(self, connection: Connection) -> None:
        assert connection.storage is not None
        if self.thumbnails is None:
            self.thumbnails = attach_thumbnails(self.tree_panel.contents, None, connection.storage, connection.names,
                                                icon_size=24)
        else:
            self.thumbnails.set_connection(connection.storage, connection.names)
        for title, factory in self.source_factories:
            self.sources[title] = factory(connection)
        raw = RawSource(connection.storage, connection.buckets)
        raw.classify = lambda b, k: classify(b, k, connection.names)
        self.sources[self.tr("Raw")] = raw
        for title in self.sources:
            QListWidgetItem(title, self.sidebar)
        last = self.qsettings.value("ui/last_tree", "", str)
        titles = list(self.sources)
        self.sidebar.setCurrentRow(titles.index(last) if last in titles else 0)

    def model_for(self, title: str) -> LazyTreeModel:
        if title not in self.models:
            model = LazyTreeModel(self.sources[title], self)
            model.loadFailed.connect(self._on_load_failed)
            remember_sort(model, self.qsettings, f"ui/sort/{title}")
            self.models[title] = model
            for hook in self.model_hooks:
                hook(model, self)
        return self.models[title]

    def _context_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        node = self.tree_panel.node_at(view, view.indexAt(pos))
        if node is None or node.parent is None:
            return
        menu = QMenu(self)
        refresh = menu.addAction(self.tr("Refresh"))
        refresh.triggered.connect(self.refresh_current)
        for provider in self.context_menu_providers:
            provider(node, menu, self)
        menu.popup(view.viewport().mapToGlobal(pos))

    def _on_sidebar(self, row: int) -> None:
        if row < 0:
            return
        title = self.sidebar.item(row).text()
        self.qsettings.setValue("ui/last_tree", title)
        self.tree_panel.set_model(self.model_for(title))
        self.details.show_node(None)
        self.treeShown.emit(title)

    def show_tree(self, title: str) -> bool:
        items = self.sidebar.findItems(title, Qt.MatchFlag.MatchExactly)
        if items:
            self.sidebar.setCurrentItem(items[0])
        return bool(items)

    def current_model(self) -> LazyTreeModel | None:
        return self.tree_panel.model

    def _on_load_failed(self, node: Node, message: str) -> None:
        model = self.sender()
        retry = (lambda: model.refresh(node)) if isinstance(model, LazyTreeModel) else None
        self.show_error(self.tr("Listing {0} failed: {1}").format(node.path or node.label, message), retry)

    def _on_node_selected(self, node: Node | None) -> None:
        self.details.show_node(node)
        conn = self.connection
        if conn is not None and conn.storage is not None:
            self.preview.show_node(node, conn.storage, conn.names)
        else:
            self.preview.show_node(None)
        if node is not None and node.path:
            self.location.setText(node.path)

    def refresh_current(self) -> None:
        model = self.current_model()
        if model is None:
            return
        node = self.tree_panel.current_node()
        if node is None:
            for child in model.root.children:
                if child.is_container and child.state.value != "idle":
                    model.refresh(child)
            return
        target = node if node.is_container else node.parent
        if target is not None and target is not model.root:
            model.refresh(target)

    # -- location bar ------------------------------------------------------------------------------
    def go_to_location(self, location: str | None = None) -> None:
        if location is not None:
            self.location.setText(location)
        text = self.location.text().strip()
        if not text.startswith("s3://") and text and any(fallback(text) for fallback in self.location_fallbacks):
            return
        if not text.startswith("s3://"):
            self.show_error(self.tr("A location looks like s3://bucket/prefix/"))
            return
        bucket, _, key = text[5:].partition("/")
        if self.connection is None or bucket not in self.connection.buckets:
            self.show_error(self.tr("The bucket {0} is not open in this connection.").format(bucket))
            return
        raw_title = self.tr("Raw")
        self.show_tree(raw_title)
        model = self.model_for(raw_title)
        root = next(n for n in model.root.children if n.bucket == bucket)
        segments = key.split("/")
        self._descend(model, root, segments)

    def _descend(self, model: LazyTreeModel, node: Node, segments: list[str]) -> None:
        """Open ``node``, then the child matching the next segment, loading levels as needed."""
        self.tree_panel.select_node(node)
        rest = list(segments)
        while rest and rest[0] == "":
            rest.pop(0)
        if not rest:
            return
        want_prefix = (node.key or "") + rest[0] + "/"
        want_key = (node.key or "") + rest[0]

        def attempt() -> bool:
            child = model.find_child(node, lambda c: c.key in (want_prefix, want_key))
            if child is not None:
                self._descend(model, child, rest[1:])
                return True
            if node.state.value in ("loaded", "error"):
                self.show_error(self.tr("{0} was not found.").format(f"s3://{node.bucket}/{want_key}"))
                return True
            return False

        if attempt():
            return
        if node.state.value == "idle":
            model.load(node)

        def on_done(done_node: Node) -> None:
            if done_node is node:
                model.loadFinished.disconnect(on_done)
                attempt()

        model.loadFinished.connect(on_done)

    # -- lifecycle ---------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.qsettings.value("ui/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.qsettings.setValue("ui/geometry", self.saveGeometry())
        for model in self.models.values():
            model.cancel_all()
        for hook in self.close_hooks:
            try:
                hook()
            except Exception:
                log.exception("close hook failed")
        super().closeEvent(event)

