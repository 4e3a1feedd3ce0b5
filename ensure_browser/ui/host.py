"""How a feature reaches the main window: :class:`Host`, the one interface features register against.

A feature's install function takes the Host (the :class:`~ensure_browser.ui.main_window.MainWindow`
is one) and uses what is declared here: docks and menu actions, context-menu entries, hooks run for
every tree model and when the window closes, trees for the sidebar, going to a location, the
connection, messages, and the objects features offer each other, by their type::

    host.provide(ObjectActions, actions)   # in install_object_actions
    host.service(ObjectActions)            # anywhere else: that object, or None

Nothing else: no private attributes set from outside, no ``findChild`` for another feature's parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QListWidget, QMainWindow, QMenu, QWidget

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.preview import PreviewPane
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node, TreeSource
from ensure_browser.ui.trees.tree_panel import TreePanel

T = TypeVar("T")


@dataclass
class Connection:
    """What the window is connected to."""

    label: str
    settings: ConnectionSettings
    names: BucketNames = field(default_factory=BucketNames)
    storage: Storage | None = None
    buckets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


ContextMenuProvider = Callable[[Node, QMenu, "Host"], None]  # adds entries to a row's context menu
ModelHook = Callable[[LazyTreeModel, "Host"], None]  # runs once for every tree model made (e.g. badges)
CloseHook = Callable[[], None]  # runs when the window closes, before the worker pools are drained
SourceFactory = Callable[[Connection], TreeSource]  # makes one tree of the sidebar for a connection
LocationFallback = Callable[[str], bool]  # takes location-bar text that is no s3:// location; True: handled


class Host(QMainWindow):
    """The main window as the features see it. The window sets the attributes declared here and
    implements the methods that raise :exc:`NotImplementedError`."""

    connected = Signal(object)  # Connection: its buckets are known and its trees built
    treeShown = Signal(str)  # the sidebar title of the tree now shown

    connection: Connection | None  # None until the first connection is opened
    tree_panel: TreePanel  # the navigator and the contents: selection, node_at, select_node
    qsettings: QSettings  # the user's settings (window state, sort orders, retention numbers ...)
    preview: PreviewPane  # the selected object's preview
    models: dict[str, LazyTreeModel]  # the tree models made so far, by sidebar title
    sidebar: QListWidget  # the sections (the trees)
    file_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu

    def __init__(self) -> None:
        super().__init__()
        self.connection = None
        self.context_menu_providers: list[ContextMenuProvider] = []
        self.model_hooks: list[ModelHook] = []
        self.close_hooks: list[CloseHook] = []
        self.source_factories: list[tuple[str, SourceFactory]] = []
        self.location_fallbacks: list[LocationFallback] = []
        self._services: dict[type[Any], object] = {}
        self._first_docks: dict[Qt.DockWidgetArea, QDockWidget] = {}

    # -- what features offer each other ------------------------------------------------------------
    def provide(self, kind: type[T], service: T) -> None:
        """Offer ``service`` to the other features (and tests) as ``kind``; replaces an earlier one."""
        self._services[kind] = service

    def service(self, kind: type[T]) -> T | None:
        """The object offered as ``kind``, or None when no feature offers one."""
        found = self._services.get(kind)
        return found if isinstance(found, kind) else None

    # -- docks, menus, trees -----------------------------------------------------------------------
    def add_dock(self, dock: QDockWidget, area: Qt.DockWidgetArea, *, tabify: bool = False) -> None:
        """Add ``dock`` at ``area``; with ``tabify``, as a tab beside the first dock added there."""
        first = self._first_docks.setdefault(area, dock)
        self.addDockWidget(area, dock)
        if tabify and first is not dock:
            self.tabifyDockWidget(first, dock)

    def add_file_actions(self, *items: QAction | QMenu) -> None:
        """Add ``items`` to the File menu after those added before, then a separator (Quit stays last)."""
        quit_action = self.file_menu.actions()[-1]
        for item in items:
            if isinstance(item, QMenu):
                self.file_menu.insertMenu(quit_action, item)
            else:
                self.file_menu.insertAction(quit_action, item)
        self.file_menu.insertSeparator(quit_action)

    def add_view_action(self, action: QAction) -> None:
        """Add ``action`` to the end of the View menu."""
        self.view_menu.addAction(action)

    def add_detail_tab(self, widget: QWidget, title: str) -> None:
        """Add ``widget`` as a tab beside the details of the selected node (under the preview)."""
        raise NotImplementedError

    def show_detail_tab(self, widget: QWidget) -> None:
        """Bring the detail tab ``widget`` to the front."""
        raise NotImplementedError

    def add_source_factory(self, title: str, factory: SourceFactory) -> None:
        """Register a tree (sidebar entry) built for each connection, before the Raw view."""
        self.source_factories.append((title, factory))

    # -- what the window does ----------------------------------------------------------------------
    def connect_to(self, connection: Connection) -> None:
        """Open ``connection`` (the buckets are probed in a worker; ``connected`` follows)."""
        raise NotImplementedError

    def current_model(self) -> LazyTreeModel | None:
        """The model of the tree shown."""
        raise NotImplementedError

    def model_for(self, title: str) -> LazyTreeModel:
        """The model of the tree ``title`` (made on first use)."""
        raise NotImplementedError

    def show_tree(self, title: str) -> bool:
        """Show the tree ``title`` (as if picked in the sidebar); False when there is none."""
        raise NotImplementedError

    def go_to_location(self, location: str | None = None) -> None:
        """Open the Raw tree down to ``location`` (``s3://bucket/prefix/``; by default the location
        bar's text), loading levels as needed; other text goes to ``location_fallbacks`` (search)."""
        raise NotImplementedError

    def show_error(self, message: str, retry: Callable[[], None] | None = None) -> None:
        """An error in the window's banner, with a Retry button when ``retry`` is given."""
        raise NotImplementedError

    def show_warning(self, message: str) -> None:
        """A warning in the window's banner."""
        raise NotImplementedError

    def show_status(self, text: str) -> None:
        """What the window is doing, in the status bar (until the next status)."""
        raise NotImplementedError
