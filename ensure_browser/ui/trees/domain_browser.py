"""The domain trees in a main window: :func:`register_domain_sources` adds the seven sections to the
sidebar (before the Raw view), a source for each per connection, their visible-row work and their
context-menu actions (:mod:`ensure_browser.ui.trees.domain_actions`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject

from ensure_browser.core.schema.table import SECTIONS
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.trees.domain_actions import DomainActions
from ensure_browser.ui.trees.domain_sources import DomainSource, Shared, section_title
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node, TreeSource
from ensure_browser.ui.trees.visible_rows import watch_visible_rows


class DomainBrowser(QObject):
    """The domain trees of one main window: sources per connection, visible-row work, actions."""

    def __init__(self, window: Host, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.shared: Shared | None = None
        self.sources: dict[str, DomainSource] = {}  # section name -> source of this connection
        self.visible_rows = watch_visible_rows(window.tree_panel)
        self.actions = DomainActions(window, self.source_of, self)
        window.treeShown.connect(self._expand_root)
        window.close_hooks.append(self.close)

    def close(self) -> None:
        """Stop the visible-row work of every tree (the window is closing)."""
        for source in self.sources.values():
            source.cancel()

    def factory(self, section: str) -> Callable[[Connection], TreeSource]:
        def make(connection: Connection) -> TreeSource:
            assert connection.storage is not None
            if self.shared is None or self.shared.storage is not connection.storage:
                for old in self.sources.values():
                    old.cancel()
                self.sources.clear()
                self.shared = Shared(connection.storage, connection.names)
            source = DomainSource(connection.storage, connection.names, section, self.shared,
                                  clock=self.clock)
            self.sources[section] = source
            return source

        return make

    def on_model(self, model: LazyTreeModel, _window: Host) -> None:
        if isinstance(model.source, DomainSource):
            model.source.attach(model)

    def _expand_root(self, _title: str) -> None:
        """Open the section of a domain tree when it is shown (its root alone says little)."""
        model, panel = self.window.current_model(), self.window.tree_panel
        if model is None or not isinstance(model.source, DomainSource) or not model.root.children:
            return
        root = model.root.children[0]
        panel.select_node(root)  # lists it, and shows its entries in the contents
        if panel.nav is not None:
            panel.view.expand(panel.nav.index_of(root))

    def source_of(self, node: Node) -> DomainSource | None:
        d = node.payload
        if isinstance(d, DomainNode):
            return self.sources.get(d.section)
        return None

    def model_of(self, section: str) -> LazyTreeModel:
        return self.window.model_for(section_title(section))


def register_domain_sources(window: Host, clock: Callable[[], datetime] | None = None) -> DomainBrowser:
    """Add the seven domain trees to ``window`` (before the Raw view), their context-menu actions
    and visible-row work. ``clock`` (for tests) tells the time temporary uploads are aged against."""
    browser = DomainBrowser(window, clock)
    for s in SECTIONS:
        window.add_source_factory(section_title(s.name), browser.factory(s.name))
    window.model_hooks.append(browser.on_model)
    window.context_menu_providers.append(browser.actions.context_menu)
    return browser
