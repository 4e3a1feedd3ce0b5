"""The main window against the real server: connect, raw view, error banner, location bar."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.trees.tree_model import LoadState
from tests.support.servers import S3Server


def _window(qtbot: QtBot, tmp_path_factory: object) -> MainWindow:
    settings = QSettings(str(tmp_path_factory.mktemp("qs") / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def test_connect_shows_buckets_in_raw_view(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                           make_bucket: Callable[[str], str], tmp_path_factory: object) -> None:
    names = _names(make_bucket)
    admin_storage.upload_bytes(names.documents, "classrooms/c1/materials/d1.pdf", b"%PDF-1.4")
    window = _window(qtbot, tmp_path_factory)
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    assert "Connected to Test" in window.status_label.text()
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Raw" in titles
    window.sidebar.setCurrentRow(titles.index("Raw"))
    model = window.current_model()
    assert model is not None
    shown = [n.bucket for n in model.root.children]
    assert shown[:4] == [names.documents, names.recordings, names.ocr, names.mlflow]
    # the location bar opens levels as needed and selects the object
    window.location.setText(f"s3://{names.documents}/classrooms/c1/materials/d1.pdf")
    window.go_to_location()
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key ==
                    "classrooms/c1/materials/d1.pdf", timeout=10_000)
    node = window.tree_panel.current_node()
    assert node is not None and node.kind == "material"
    assert window.details.title.text() == "d1.pdf"
    window.location.setText(f"s3://{names.documents}/classrooms/nope/")
    window.go_to_location()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "was not found" in window.banner.text
    qtbot.waitUntil(lambda: not window.preview.busy(), timeout=10_000)  # the selected PDF's thumbnail
    # connecting again drops the old trees: their rows (no cycles left) and the models themselves
    documents = model.root.children[0]
    assert documents.children
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert documents.children == [] and documents.state is LoadState.IDLE
    assert not shiboken6.isValid(model) and window.current_model() is not model
    qtbot.waitUntil(lambda: not window.preview.busy(), timeout=10_000)


def test_wrong_secret_shows_banner_with_retry(qtbot: QtBot, s3_server: S3Server,
                                              tmp_path_factory: object) -> None:
    window = _window(qtbot, tmp_path_factory)
    bad = ConnectionSettings(endpoint=s3_server.endpoint, access_key=s3_server.admin.access_key,
                             secret_key="wrong", retries=0)
    with qtbot.waitSignal(window.connectionFailed, timeout=10_000) as blocker:
        window.connect_to(Connection("Bad", bad))
    assert "secret key" in blocker.args[0]
    assert window.banner.isVisible()
    assert "secret key" in window.banner.text
    assert window.banner.action_button.isVisible()  # Retry
    assert window.status_label.text() == "Not connected"
    # retry with the same (still wrong) settings fails the same way, never a traceback
    with qtbot.waitSignal(window.connectionFailed, timeout=10_000):
        window.banner.action_button.click()


def test_read_only_user_sees_missing_buckets_noted(qtbot: QtBot, s3_server: S3Server,
                                                   make_bucket: Callable[[str], str],
                                                   tmp_path_factory: object) -> None:
    names = BucketNames(make_bucket("doc"), "missing-recordings-x", make_bucket("ocr"), make_bucket("mlf"))
    window = _window(qtbot, tmp_path_factory)
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Support", s3_server.settings(s3_server.support), names))
    assert window.banner.isVisible()
    assert "missing-recordings-x" in window.banner.text
    window.sidebar.setCurrentRow(window.sidebar.count() - 1)
    model = window.current_model()
    assert model is not None
    root = model.root.children[0]
    model.fetchMore(model.index_of(root))
    qtbot.waitUntil(lambda: root.state is LoadState.LOADED, timeout=10_000)


def test_a_long_location_or_status_never_widens_the_window(
        qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, make_bucket: Callable[[str], str],
        tmp_path_factory: object) -> None:
    names = _names(make_bucket)
    deep = "/".join(["a-long-folder-name-" + "x" * 40] * 6) + "/"
    admin_storage.upload_bytes(names.documents, deep + "notes.txt", b"n")
    window = _window(qtbot, tmp_path_factory)
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    before = window.minimumSizeHint().width()
    window.go_to_location(f"s3://{names.documents}/{deep}notes.txt")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == deep + "notes.txt",
                    timeout=10_000)
    window.show_status("A status line as long as a key: " + deep * 2)
    qtbot.wait(50)
    assert deep in window.tree_panel.level_label.toolTip()  # the whole location, where it is cut
    assert window.minimumSizeHint().width() <= max(before, 800)
