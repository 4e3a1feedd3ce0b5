"""Helpers for tests of object actions: a connected window with the domain trees, a row found there as
a person opens it, and an entry of the row's real context menu (built by every provider the window has)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ensure_browser.core.s3.settings import ConnectionSettings
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.ui.main_window import MainWindow
    from ensure_browser.ui.trees.domain_browser import DomainBrowser
    from ensure_browser.ui.trees.tree_model import Node


def open_named_row(qtbot: QtBot, browser: DomainBrowser, section: str, bucket: str, key: str, label: str) -> Node:
    """Open ``key`` in the domain tree ``section`` and wait until its row shows ``label`` (its stat is in)."""
    nav = browser.actions.navigate(section, bucket, key)
    qtbot.waitUntil(lambda: nav.done, timeout=20_000)
    node = nav.result
    assert node is not None and node.key == key
    qtbot.waitUntil(lambda: node.label == label, timeout=10_000)
    return node


def context_menu_entry(window: MainWindow, node: Node, prefix: str) -> QAction:
    """The entry of ``node``'s context menu, as the window builds it, whose text starts with ``prefix``."""
    menu = QMenu(window)
    for provider in window.context_menu_providers:
        provider(node, menu, window)
    return next(a for a in menu.actions() if a.text().startswith(prefix))


def domain_window(qtbot: QtBot, settings: ConnectionSettings, names: BucketNames, folder: Path,
                  *installs: Callable[[MainWindow], object]) -> Iterator[tuple[MainWindow, DomainBrowser]]:
    """A main window with the domain trees and the features ``installs`` add, connected to
    ``settings``; its visible-row work stopped and the workers idle after the test."""
    from ensure_browser.ui.main_window import Connection, MainWindow
    from ensure_browser.ui.trees.domain_browser import register_domain_sources
    from ensure_browser.ui.workers import workers

    window = MainWindow(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    browser = register_domain_sources(window)
    for install in installs:
        install(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=15_000):
        window.connect_to(Connection("Test", settings, names))
    yield window, browser
    browser.close()
    qtbot.waitUntil(lambda: not workers().active(), timeout=30_000)
