"""Thumbnails in the trees: memory LRU, disk cache keyed by ETag, and fetches only for visible rows."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.preview.thumbnails import DiskCache, ThumbnailCache, _png, attach_thumbnails
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node, RawSource
from ensure_browser.ui.trees.tree_panel import TreeView
from tests.support.paths import PREVIEW_SCREENSHOTS as SCREENSHOTS

MATERIALS = 200


def thumb_png(color: str, width: int = 240, height: int = 340) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return _png(image)


def material_node(storage: Storage, names: BucketNames, classroom: str, document: str) -> Node:
    bucket, key = key_for("material", names, classroom_id=classroom, document_id=document)
    return Node(label=key.rsplit("/", 1)[-1], kind="material", bucket=bucket, key=key, size=10)


def open_level(qtbot: QtBot, model: LazyTreeModel, view: TreeView, node: Node) -> None:
    view.expand(model.index_of(node))
    model.fetchMore(model.index_of(node))
    qtbot.waitUntil(lambda: node.state is LoadState.LOADED, timeout=20_000)


def wait_idle(qtbot: QtBot, cache: ThumbnailCache) -> None:
    qtbot.waitUntil(lambda: cache.pending() == 0, timeout=20_000)


def test_memory_then_disk_cache_keyed_by_etag(qtbot: QtBot, admin_storage: Storage,
                                              make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    names = BucketNames(documents=make_bucket("docs"))
    ids = {"classroom_id": "c1", "document_id": "d1"}
    bucket, thumb_key = key_for("thumbnail", names, **ids)
    admin_storage.upload_bytes(bucket, thumb_key, thumb_png("#2e86c1"), "image/png")
    node = material_node(admin_storage, names, "c1", "d1")
    disk_dir = tmp_path / "thumbs"

    cache = ThumbnailCache(admin_storage, names, disk_dir=disk_dir, max_side=64)
    assert cache.source_for(node) == (bucket, thumb_key)
    with qtbot.waitSignal(cache.thumbnail_ready, timeout=10_000) as ready:
        assert cache.request(node) is None
    assert ready.args == [node]
    assert isinstance(node.icon, QIcon) and not node.icon.isNull()
    pixmap = cache.cached(bucket, thumb_key)
    assert pixmap is not None and pixmap.height() == 64 and pixmap.width() == 45  # shrunk, aspect kept
    assert cache.stats["downloads"] == 1 and len(list(disk_dir.glob("*.png"))) == 1
    assert cache.request(node) is pixmap  # memory: no worker at all
    assert cache.stats["requests"] == 1

    # A new session: the disk cache answers (after a HEAD for the ETag), nothing is downloaded.
    again = ThumbnailCache(admin_storage, names, disk_dir=disk_dir, max_side=64)
    second = material_node(admin_storage, names, "c1", "d1")
    with qtbot.waitSignal(again.thumbnail_ready, timeout=10_000):
        again.request(second)
    assert again.stats["disk_hits"] == 1 and again.stats["downloads"] == 0

    # The thumbnail changes: new ETag, so the disk entry no longer applies and it is fetched again.
    admin_storage.upload_bytes(bucket, thumb_key, thumb_png("#c0392b"), "image/png")
    third_cache = ThumbnailCache(admin_storage, names, disk_dir=disk_dir, max_side=64)
    third = material_node(admin_storage, names, "c1", "d1")
    with qtbot.waitSignal(third_cache.thumbnail_ready, timeout=10_000):
        third_cache.request(third)
    assert third_cache.stats["downloads"] == 1 and third_cache.stats["disk_hits"] == 0
    red = third_cache.cached(bucket, thumb_key)
    assert red is not None and red.toImage().pixelColor(10, 10).red() > 150
    assert len(list(disk_dir.glob("*.png"))) == 2

    # invalidate() drops the memory entry; a listed ETag that differs also forces a re-check.
    third_cache.invalidate(bucket)
    assert third_cache.cached(bucket, thumb_key) is None


def test_missing_thumbnail_is_remembered(qtbot: QtBot, admin_storage: Storage,
                                         make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    names = BucketNames(documents=make_bucket("docs"))
    cache = ThumbnailCache(admin_storage, names, disk_dir=tmp_path)
    node = material_node(admin_storage, names, "c1", "orphan")
    cache.request(node)
    wait_idle(qtbot, cache)
    assert node.extra["thumbnail"] == "none" and node.icon is None
    assert cache.request(node) is None and cache.stats["requests"] == 1  # not asked again


def test_memory_lru_and_disk_cap_evict_the_oldest(qtbot: QtBot, admin_storage: Storage,
                                                  make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    names = BucketNames(documents=make_bucket("docs"))
    for i in range(5):
        bucket, key = key_for("thumbnail", names, classroom_id="c", document_id=f"d{i}")
        color = QColor.fromHsv(i * 60, 200, 200).name()
        admin_storage.upload_bytes(bucket, key, thumb_png(color), "image/png")
    cache = ThumbnailCache(admin_storage, names, disk_dir=tmp_path, memory_entries=3)
    nodes = [material_node(admin_storage, names, "c", f"d{i}") for i in range(5)]
    for node in nodes:
        cache.request(node)
        wait_idle(qtbot, cache)
    held = [cache.cached(*src) is not None for src in (cache.source_for(n) for n in nodes) if src]
    assert held == [False, False, True, True, True]

    disk = DiskCache(tmp_path / "capped", cap=10_000)
    for i in range(5):
        disk.put(f"{i}.png", bytes(3000))
        os.utime(disk.directory / f"{i}.png", (1_000_000 + i, 1_000_000 + i))
    assert disk.total_size() <= 10_000
    assert sorted(p.name for p in disk.directory.glob("*.png")) == ["2.png", "3.png", "4.png"]
    assert disk.get("4.png") == bytes(3000) and disk.get("0.png") is None
    assert stat.S_IMODE(disk.directory.stat().st_mode) == 0o700  # pupils' documents: the owner's eyes only


def test_only_visible_rows_are_fetched(qtbot: QtBot, admin_storage: Storage,
                                       make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    names = BucketNames(documents=make_bucket("docs"))
    png = thumb_png("#27ae60")

    def seed(i: int) -> None:
        ids = {"classroom_id": "c1", "document_id": f"doc-{i:03d}"}
        bucket, key = key_for("material", names, **ids)
        admin_storage.upload_bytes(bucket, key, b"%PDF-1.4 placeholder", "application/pdf")
        bucket, key = key_for("thumbnail", names, **ids)
        admin_storage.upload_bytes(bucket, key, png, "image/png")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(seed, range(MATERIALS)))

    source = RawSource(admin_storage, [names.documents])
    source.classify = lambda b, k: classify(b, k, names)
    model = LazyTreeModel(source)
    view = TreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    cache = attach_thumbnails(view, model, admin_storage, names, disk_dir=tmp_path)
    view.resize(520, 260)
    view.show()
    view.header().resizeSection(0, 260)

    node = model.root.children[0]
    for label in ("classrooms/", "c1/", "materials/"):
        open_level(qtbot, model, view, node)
        found = next((child for child in node.children if child.label == label), None)
        assert found is not None
        node = found
    view.expand(model.index_of(node))
    model.fetchMore(model.index_of(node))
    level = node
    qtbot.waitUntil(lambda: level.state is LoadState.LOADED and len(level.children) == MATERIALS,
                    timeout=20_000)
    view.scrollTo(model.index_of(node.children[0]))
    qtbot.waitUntil(lambda: cache.stats["requests"] > 0 and cache.pending() == 0, timeout=20_000)
    qtbot.wait(100)
    wait_idle(qtbot, cache)

    first = node.children[0]
    assert first.icon is not None
    decoration = model.data(model.index_of(first), Qt.ItemDataRole.DecorationRole)
    assert isinstance(decoration, QIcon) and not decoration.isNull()
    visible = cache.stats["requests"]
    assert 0 < visible < 12, visible  # a 260-pixel viewport shows a handful of the 200 rows
    assert node.children[-1].extra.get("thumbnail") is None  # never painted, never asked
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SCREENSHOTS / "tree-thumbnails.png"))

    view.scrollToBottom()
    qtbot.waitUntil(lambda: node.children[-1].icon is not None, timeout=20_000)
    wait_idle(qtbot, cache)
    assert cache.stats["requests"] < 2 * visible + 5 < MATERIALS
