"""The main window meets network faults: a slow server, a server that is down, a server restart.

The window talks to the real SeaweedFS server, through tests/faultproxy.py where the network must
misbehave. The GUI thread must never wait for the network (a 10 ms heartbeat timer measures it), and
every failure must show a human message with a way to try again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from tests.support.faultproxy import FaultProxy
from tests.support.gui import Heartbeat
from tests.support.servers import S3Server, running_server

LATENCY = 2.0


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    return win


def _names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def _settings(endpoint: str, ident: Identity) -> ConnectionSettings:
    return ConnectionSettings(endpoint, ident.access_key, ident.secret_key, connect_timeout=1.0,
                              read_timeout=10.0, retries=0)


def _connect(qtbot: QtBot, window: MainWindow, connection: Connection) -> LazyTreeModel:
    with qtbot.waitSignal(window.connected, timeout=10_000):
        window.connect_to(connection)
    model = window.current_model()
    assert model is not None
    return model


def _load(qtbot: QtBot, model: LazyTreeModel, node: Node, timeout: int = 10_000) -> None:
    index = model.index_of(node)
    if model.canFetchMore(index):
        model.fetchMore(index)
    qtbot.waitUntil(lambda: node.state in (LoadState.LOADED, LoadState.ERROR), timeout=timeout)


def test_slow_listing_keeps_the_window_responsive_and_is_cancellable(
    qtbot: QtBot, window: MainWindow, proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage,
    make_bucket: Callable[[str], str],
) -> None:
    names = _names(make_bucket)
    for i in range(40):
        admin_storage.upload_bytes(names.documents, f"classrooms/c{i}/materials/d.pdf", b"%PDF-1.4")
    model = _connect(qtbot, window, Connection("Slow", _settings(proxy.endpoint, s3_server.admin), names))
    docs = model.root.children[0]
    assert docs.bucket == names.documents

    proxy.faults.latency = LATENCY
    started = time.monotonic()
    with Heartbeat() as beat:
        _load(qtbot, model, docs)
    elapsed = time.monotonic() - started
    assert docs.state is LoadState.LOADED, docs.error
    classrooms = next(c for c in docs.children if c.key == "classrooms/")
    assert elapsed >= LATENCY
    assert beat.ticks > 50 and beat.max_gap < 0.1, f"the GUI stalled for {beat.max_gap * 1000:.0f} ms"

    # Cancel a slow listing: the window lets go at once, the worker ends with the request in flight
    # (a request already sent cannot be taken back) and its late answer is dropped.
    with Heartbeat() as beat:
        _load_started = proxy.stats.requests
        model.fetchMore(model.index_of(classrooms))
        assert classrooms.state is LoadState.LOADING and classrooms.task is not None
        handle = classrooms.task
        qtbot.waitUntil(lambda: proxy.stats.requests > _load_started, timeout=5000)
        cancelled_at = time.monotonic()
        model.cancel_all()
        qtbot.waitUntil(lambda: not handle.running, timeout=int((LATENCY + 1) * 1000))
        ended = time.monotonic() - cancelled_at
    assert ended < LATENCY + 0.5
    assert classrooms.state is LoadState.IDLE and classrooms.children == []
    assert beat.max_gap < 0.1, f"the GUI stalled for {beat.max_gap * 1000:.0f} ms"
    assert proxy.stats.requests == _load_started + 1  # nothing more was asked for

    # and the level loads normally once the network is healthy again
    proxy.faults.clear()
    _load(qtbot, model, classrooms)
    assert classrooms.state is LoadState.LOADED and len(classrooms.children) == 40


def test_server_down_at_start_shows_why_and_retry_connects(
    qtbot: QtBot, window: MainWindow, proxy: FaultProxy, s3_server: S3Server, make_bucket: Callable[[str], str],
) -> None:
    names = _names(make_bucket)
    proxy.down()
    connection = Connection("Campus", _settings(proxy.endpoint, s3_server.admin), names)
    with qtbot.waitSignal(window.connectionFailed, timeout=10_000) as failed:
        window.connect_to(connection)
    message = failed.args[0]
    assert message.startswith(f"Nothing is listening at {proxy.endpoint} (connection refused)")
    assert window.banner.isVisible() and window.banner.level == "error"
    assert window.banner.text == f"Could not connect to Campus: {message}"
    assert "Traceback" not in window.banner.text and "Errno" not in window.banner.text
    assert window.status_label.text() == "Not connected"
    assert window.banner.action_button.isVisible() and window.banner.action_button.text() == "Retry"

    proxy.up()  # the server is back, on the same port
    with qtbot.waitSignal(window.connected, timeout=10_000):
        qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    assert window.status_label.text().startswith("Connected to Campus")
    model = window.current_model()
    assert model is not None and [n.bucket for n in model.root.children][:4] == list(names.all())


@pytest.fixture(scope="module")
def own_server() -> Iterator[S3Server]:
    """A server of this module's own, to stop and start again without disturbing other tests."""
    with running_server("ensure-browser-restart-") as server:
        yield server


def test_server_restart_mid_session_is_survived(qtbot: QtBot, window: MainWindow, own_server: S3Server) -> None:
    storage = own_server.storage()
    names = BucketNames("restart-docs", "restart-rec", "restart-ocr", "restart-mlf")
    for bucket in names.all():
        if not storage.bucket_exists(bucket):
            storage.make_bucket(bucket)
    storage.upload_bytes(names.documents, "before.txt", b"before")
    model = _connect(qtbot, window, Connection("Own", _settings(own_server.endpoint, own_server.admin), names))
    docs = model.root.children[0]
    _load(qtbot, model, docs)
    assert [c.label for c in docs.children] == ["before.txt"]

    ports = dict(own_server.server.ports)
    own_server.server.stop()
    model.refresh(docs)  # while the server is away: a clear banner, with Retry
    qtbot.waitUntil(lambda: docs.state is LoadState.ERROR, timeout=10_000)
    assert "Nothing is listening" in docs.error
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert window.banner.text.startswith(f"Listing s3://{names.documents}/ failed: Nothing is listening")

    own_server.server.start()  # the same ports and data
    assert own_server.server.ports == ports
    storage.upload_bytes(names.documents, "after.txt", b"after")
    qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: docs.state is LoadState.LOADED, timeout=10_000)
    assert [c.label for c in docs.children] == ["after.txt", "before.txt"]
    assert window.connection is not None and window.connection.storage is not None
    assert window.connection.storage.read_range(names.documents, "before.txt") == b"before"
