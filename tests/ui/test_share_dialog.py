"""Share from the main window's context menu (issue 24, item 8), against the real server: one
object, several, a classroom's materials; the links copied work, a new lifetime makes new links,
the CSV is saved with the original names."""

from __future__ import annotations

import csv
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.share import ShareActions, ShareDialog, install_share
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import workers
from tests.support.servers import S3Server
from tests.support.transfers import make_pdf

CLASSROOM = "classrooms/c9/"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def opened(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MainWindow, ShareActions]]:
    settings = QSettings(str(tmp_path_factory.mktemp("qs") / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    actions = install_share(window)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    window.sidebar.setCurrentRow([window.sidebar.item(i).text() for i in range(window.sidebar.count())].index("Raw"))
    yield window, actions
    if actions.dialog is not None:
        actions.dialog.close()
    qtbot.waitUntil(lambda: not workers().active(), timeout=10_000)


def put(storage: Storage, bucket: str, originals: list[str]) -> dict[str, bytes]:
    bodies = {}
    for i, original in enumerate(originals):
        key = f"{CLASSROOM}materials/{i:08d}-aaaa-4bbb-8ccc-dddddddddddd.pdf"
        bodies[key] = make_pdf(f"m{i}")
        storage.upload_bytes(bucket, key, bodies[key], content_type="application/pdf",
                             metadata={ORIGINAL_NAME_META: original})
    storage.upload_bytes(bucket, f"{CLASSROOM}thumbnails/x_thumb.png", b"png")
    return bodies


def go(qtbot: QtBot, window: MainWindow, bucket: str, key: str) -> Node:
    window.go_to_location(f"s3://{bucket}/{key}")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == key, timeout=10_000)
    node = window.tree_panel.current_node()
    assert node is not None
    return node


def share_from_menu(qtbot: QtBot, window: MainWindow, actions: ShareActions, node: Node) -> ShareDialog:
    """The real menu: every provider fills it, as a right click does; "Share…" is triggered."""
    menu = QMenu()
    for provider in window.context_menu_providers:
        provider(node, menu, window)
    (action,) = [a for a in menu.actions() if a.text() == "Share…"]
    action.trigger()
    assert actions.dialog is not None
    dialog = actions.dialog
    qtbot.waitUntil(lambda: dialog.handle is None and dialog.result_links is not None, timeout=10_000)
    return dialog


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return bytes(resp.read())


def test_share_a_classroom_copy_and_save_csv(qtbot: QtBot, opened: tuple[MainWindow, ShareActions],
                                             names: BucketNames, admin_storage: Storage, tmp_path: Path) -> None:
    window, actions = opened
    bodies = put(admin_storage, names.documents, ["Photosynthesis Lab.pdf", "Quiz, week 2.pdf"])
    node = go(qtbot, window, names.documents, CLASSROOM)
    dialog = share_from_menu(qtbot, window, actions, node)
    result = dialog.result_links
    assert result is not None
    assert sorted(link.key for link in result.links) == sorted(bodies)  # the materials, not the thumbnail
    assert "2 links." in dialog.status.text() and "valid until" in dialog.status.text()
    assert dialog.copy_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.copy_button.click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("(links valid until ")
    for line in lines[:-1]:
        name, url = line.split(": ", 1)
        key = next(link.key for link in result.links if link.name == name)
        assert fetch(url) == bodies[key]
    # another lifetime: new links that end later
    first_expiry = result.earliest_expiry
    dialog.lifetime.setCurrentIndex(dialog.lifetime.count() - 1)
    dialog.lifetime.activated.emit(dialog.lifetime.count() - 1)
    qtbot.waitUntil(lambda: dialog.handle is None and dialog.result_links is not None
                    and dialog.result_links is not result, timeout=10_000)
    assert dialog.result_links is not None and first_expiry is not None
    later = dialog.result_links.earliest_expiry
    assert later is not None and later - datetime.now(UTC) > timedelta(days=6, hours=23)
    path = tmp_path / "links.csv"
    dialog.write_csv(path)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"), timeout=10_000)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["name", "key", "url", "expires"]
    assert sorted(row[0] for row in rows[1:]) == ["Photosynthesis Lab.pdf", "Quiz, week 2.pdf"]
    for row in rows[1:]:
        assert fetch(row[2]) == bodies[row[1]]


def test_share_several_selected_objects(qtbot: QtBot, opened: tuple[MainWindow, ShareActions],
                                        names: BucketNames, admin_storage: Storage) -> None:
    window, actions = opened
    admin_storage.upload_bytes(names.documents, "notes/a.txt", b"A")
    admin_storage.upload_bytes(names.documents, "notes/b.txt", b"B")
    node = go(qtbot, window, names.documents, "notes/a.txt")
    contents = window.tree_panel.contents
    model = contents.model()
    qtbot.waitUntil(lambda: model.rowCount(contents.rootIndex()) == 2, timeout=10_000)
    contents.setFocus()
    contents.selectAll()
    dialog = share_from_menu(qtbot, window, actions, node)
    assert dialog.result_links is not None
    got = {link.name: fetch(link.url) for link in dialog.result_links.links}
    assert got == {"a.txt": b"A", "b.txt": b"B"}
    assert dialog.what.text() == "Links to the 2 selected items"


def test_share_a_classroom_node_of_the_classrooms_tree(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
                                                       admin_storage: Storage, tmp_path: Path) -> None:
    """The classroom as the domain tree shows it (not a raw prefix): its materials, by their names."""
    from ensure_browser.ui.trees.domain_browser import register_domain_sources

    bodies = put(admin_storage, names.documents, ["Photosynthesis Lab.pdf"])
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    browser = register_domain_sources(window)
    actions = install_share(window)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.connected, timeout=15_000):
            window.connect_to(Connection("Test", s3_server.settings(), names))
        nav = browser.actions.navigate("classrooms", names.documents, CLASSROOM)
        qtbot.waitUntil(lambda: nav.done, timeout=20_000)
        node = nav.result
        assert node is not None and node.kind == "classroom"
        dialog = share_from_menu(qtbot, window, actions, node)
        assert dialog.what.text() == f"Links to the materials of {node.label}"
        assert dialog.result_links is not None
        (link,) = dialog.result_links.links
        assert link.name == "Photosynthesis Lab.pdf" and fetch(link.url) == bodies[link.key]
        dialog.close()
    finally:
        browser.close()
        qtbot.waitUntil(lambda: not workers().active(), timeout=30_000)
