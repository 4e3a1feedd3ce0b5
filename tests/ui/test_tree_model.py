"""The lazy tree model against the real server: model consistency, paging, sorting, responsiveness."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from ensure_browser.core.storage import Storage
from ensure_browser.ui.tree_model import LazyTreeModel, LoadState, Node, RawSource
from ensure_browser.ui.tree_panel import TreePanel
from tests.conftest import S3Server

BIG = 20_000


@pytest.fixture(scope="module")
def big_bucket(s3_server: S3Server) -> Iterator[str]:
    """A bucket with a level of 20,000 keys (seeded in parallel once for the module)."""
    storage = s3_server.storage()
    name = "big-level-tree"
    if not storage.bucket_exists(name):
        storage.make_bucket(name)

    def put(i: int) -> None:
        storage.upload_bytes(name, f"many/item_{i}.txt", b"")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(put, range(BIG)))
    storage.upload_bytes(name, "top.txt", b"top")
    yield name


def _fetch(model: LazyTreeModel, node: Node) -> None:
    """Ask for a level like a view does (the model tester may have asked already)."""
    index = model.index_of(node)
    if model.canFetchMore(index):
        model.fetchMore(index)
    assert node.state is not LoadState.IDLE


def _wait_loaded(qtbot: QtBot, node: Node, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: node.state in (LoadState.LOADED, LoadState.ERROR), timeout=timeout)
    assert node.state is LoadState.LOADED, node.error


def test_raw_tree_levels_with_model_tester(qtbot: QtBot, admin_storage: Storage, bucket: str) -> None:
    for key in ["a/chunk_10.webm", "a/chunk_2.webm", "a/chunk_1.webm", "a/sub/x.txt", "b.txt"]:
        admin_storage.upload_bytes(bucket, key, b"data")
    model = LazyTreeModel(RawSource(admin_storage, [bucket]), page_size=2)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    root = model.root.children[0]
    _fetch(model, root)
    _wait_loaded(qtbot, root)
    assert [c.label for c in root.children] == ["a/", "b.txt"]
    a = root.children[0]
    _fetch(model, a)
    _wait_loaded(qtbot, a)
    # natural order, folders first, after paged (2 per page) lexicographic arrival
    assert [c.label for c in a.children] == ["sub/", "chunk_1.webm", "chunk_2.webm", "chunk_10.webm"]
    assert a.children[1].size == 4
    assert model.data(model.index(1, 2, model.index_of(a))) == "4 B"
    # refresh drops and reloads without a model reset
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    admin_storage.upload_bytes(bucket, "a/chunk_3.webm", b"x")
    model.refresh(a)
    _wait_loaded(qtbot, a)
    assert [c.label for c in a.children][2:4] == ["chunk_2.webm", "chunk_3.webm"]
    assert resets == []


def test_listing_error_marks_node_and_retry_works(qtbot: QtBot, admin_storage: Storage) -> None:
    model = LazyTreeModel(RawSource(admin_storage, ["no-such-bucket-xyz"]))
    root = model.root.children[0]
    failures: list[str] = []
    model.loadFailed.connect(lambda n, msg: failures.append(msg))
    _fetch(model, root)
    qtbot.waitUntil(lambda: root.state is LoadState.ERROR, timeout=10_000)
    assert "does not exist" in failures[0]
    tooltip = model.data(model.index_of(root), Qt.ItemDataRole.ToolTipRole)
    assert "Loading failed" in tooltip
    admin_storage.make_bucket("no-such-bucket-xyz")
    try:
        model.refresh(root)
        _wait_loaded(qtbot, root)
        assert root.children == []
    finally:
        admin_storage.client.remove_bucket("no-such-bucket-xyz")


def test_big_level_loads_in_batches_without_blocking(qtbot: QtBot, s3_server: S3Server, big_bucket: str) -> None:
    storage = s3_server.storage()
    panel = TreePanel()
    qtbot.addWidget(panel)
    model = LazyTreeModel(RawSource(storage, [big_bucket]))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    panel.set_model(model)
    panel.show()
    root = model.root.children[0]
    _fetch(model, root)
    _wait_loaded(qtbot, root)
    many = root.children[0]
    assert many.label == "many/"
    panel.select_node(root)

    # heartbeat: a 10 ms timer; the largest gap between ticks is the longest event-loop stall
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    batches: list[int] = []
    model.rowsBatchInserted.connect(lambda n, count: batches.append(count) if n is many else None)
    first_rows: list[float] = []
    model.rowsInserted.connect(lambda *a: first_rows.append(time.perf_counter()) if not first_rows else None)
    # As the app does after start-up (application.run_gui): the test session's large heap would
    # otherwise make one full collection stall the loop, whatever the model does.
    gc.collect()
    gc.freeze()
    gc_pauses: list[float] = []
    gc_start: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_start[:] = [time.perf_counter()]
        elif gc_start:
            gc_pauses.append(time.perf_counter() - gc_start[0])

    gc.callbacks.append(on_gc)
    timer.start()
    start = time.perf_counter()
    panel.select_node(many)  # the navigator opens it; the contents table shows its level
    try:
        _wait_loaded(qtbot, many, timeout=120_000)
    finally:
        timer.stop()
        gc.callbacks.remove(on_gc)
        gc.unfreeze()
    assert len(many.children) == BIG
    assert len(batches) >= BIG // 1000  # inserted page by page, not at once
    assert first_rows and first_rows[0] - start < 5.0
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    worst_gc = max(gc_pauses, default=0.0) * 1000
    assert ticks and max(gaps) < 0.100, f"event loop stalled {max(gaps) * 1000:.0f} ms (longest GC {worst_gc:.0f} ms)"
    # natural order across the whole level
    labels = [c.label for c in many.children[:12]]
    assert labels[:3] == ["item_0.txt", "item_1.txt", "item_2.txt"]
    assert many.children[-1].label == f"item_{BIG - 1}.txt"
    # the filter box hides non-matching rows of this level only
    panel.select_node(many.children[0])
    panel.filter_edit.setText("item_1999")
    qtbot.waitUntil(lambda: panel.visible_rows(many) == 11, timeout=10_000)  # 1999 and 19990..19999
    panel.filter_edit.clear()
    qtbot.waitUntil(lambda: panel.visible_rows(many) == BIG, timeout=10_000)
    model.cancel_all()
