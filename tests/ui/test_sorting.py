"""Sorting the contents table: every column both ways, pages arriving while sorted, the order kept per
section across windows, and the stall of re-ordering 100,000 rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from pytestqt.qtbot import QtBot

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.trees.domain_browser import register_domain_sources
from ensure_browser.ui.trees.nodes import PageIterator
from ensure_browser.ui.trees.sorting import KIND, MODIFIED, NAME, SIZE, SortSpec
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Loader, LoadState, Node, RawSource, TreeSource
from ensure_browser.ui.trees.tree_panel import TreePanel
from ensure_browser.ui.workers import workers
from tests.support.gui import Heartbeat, show_panel
from tests.support.servers import S3Server

_OBJECTS = {  # key under "lvl/" -> size
    "chunk_10.webm": 3000, "chunk_2.webm": 20, "Chunk_1.webm": 20, "notes.pdf": 700, "a.txt": 1,
}
_KINDS = {"webm": ("video", "Video chunk"), "pdf": ("pdf", "PDF document"), "txt": ("text", "Text")}


def _classify(_bucket: str, key: str) -> Any:
    kind, label = _KINDS[key.rsplit(".", 1)[-1]]
    return SimpleNamespace(kind=kind, label=label)


def _wait_loaded(qtbot: QtBot, node: Node) -> None:
    qtbot.waitUntil(lambda: node.state in (LoadState.LOADED, LoadState.ERROR), timeout=60_000)
    assert node.state is LoadState.LOADED, node.error


def _wait_sorted(qtbot: QtBot, model: LazyTreeModel, node: Node, spec: SortSpec) -> None:
    qtbot.waitUntil(lambda: model.sorter.running == 0 and model.sorter.spec == spec
                    and node.state is LoadState.LOADED, timeout=60_000)


def _expected(nodes: list[Node], spec: SortSpec) -> list[str]:
    """The order ``spec`` asks for, worked out independently: folders first, names natural."""
    def value(n: Node) -> Any:
        if spec.column == KIND:
            return n.kind_label.casefold()
        if spec.column == SIZE:
            return n.size or 0
        if spec.column == MODIFIED:
            return n.modified or datetime.min.replace(tzinfo=UTC)
        return ()

    folders = sorted((n for n in nodes if n.is_container), key=lambda n: (value(n), natural_key(n.label)),
                     reverse=spec.descending)
    objects = sorted((n for n in nodes if not n.is_container), key=lambda n: (value(n), natural_key(n.label)),
                     reverse=spec.descending)
    return [n.label for n in folders + objects]


def _seed(storage: Storage, bucket: str) -> None:
    for key in ("sub/x.txt", "Alpha/y.txt", "sub10/z.txt", "sub9/z.txt"):
        storage.upload_bytes(bucket, "lvl/" + key, b"x")
    for i, (key, size) in enumerate(_OBJECTS.items()):
        if i == 3:
            time.sleep(1.1)  # two distinct dates at least (the server keeps seconds)
        storage.upload_bytes(bucket, "lvl/" + key, b"x" * size)


def _open(qtbot: QtBot, model: LazyTreeModel) -> tuple[TreePanel, Node]:
    """A tree panel showing ``model``'s first root, listed."""
    panel = show_panel(qtbot, model)
    root = model.root.children[0]
    panel.select_node(root)
    _wait_loaded(qtbot, root)
    return panel, root


def _panel(qtbot: QtBot, model: LazyTreeModel) -> tuple[TreePanel, Node]:
    panel, root = _open(qtbot, model)
    lvl = root.children[0]
    panel.select_node(lvl)
    _wait_loaded(qtbot, lvl)
    return panel, lvl


def test_every_column_sorts_both_ways(qtbot: QtBot, admin_storage: Storage, bucket: str) -> None:
    _seed(admin_storage, bucket)
    source = RawSource(admin_storage, [bucket], page_size=3)
    source.classify = _classify
    model = LazyTreeModel(source, page_size=3)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    panel, lvl = _panel(qtbot, model)
    labels = lambda: [c.label for c in lvl.children]  # noqa: E731
    assert labels() == ["Alpha/", "sub9/", "sub10/", "sub/", "a.txt", "Chunk_1.webm", "chunk_2.webm",
                        "chunk_10.webm", "notes.pdf"]
    panel.select_node(lvl.children[6])  # a selected row follows the order
    selected = lvl.children[6]
    header = panel.contents.horizontalHeader()
    for column in (NAME, KIND, SIZE, MODIFIED):
        for descending in (False, True):
            spec = SortSpec(column, descending)
            if descending:  # a second click on the header turns the order round
                x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
                QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
            else:  # the View menu's "Sort By" (from the keyboard): a column keeps the direction
                panel.sort_menu.actions()[column].trigger()
                descending_action = panel.sort_menu.actions()[-1]
                assert descending_action.text() == "Descending"
                if descending_action.isChecked():
                    descending_action.trigger()
            _wait_sorted(qtbot, model, lvl, spec)
            assert model.sorter.spec == spec
            assert labels() == _expected(lvl.children, spec), spec
            assert header.sortIndicatorSection() == column
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            assert header.sortIndicatorOrder() == order
            assert panel.sort_menu.actions()[column].isChecked()
            assert panel.contents.currentIndex().row() == lvl.children.index(selected)
            # the navigator follows the order of the folders
            assert panel.nav is not None
            nav = [panel.nav.node(panel.nav.index(r, 0, panel.nav.index_of(lvl))).label for r in range(4)]
            assert nav == [label for label in labels() if label.endswith("/")]
    assert labels()[:4] == ["sub/", "sub10/", "sub9/", "Alpha/"]  # folders have no date: by name
    assert set(labels()[4:6]) == {"notes.pdf", "a.txt"}  # modified, newest first
    assert _expected(lvl.children, SortSpec(SIZE, True))[4:6] == ["chunk_10.webm", "notes.pdf"]
    assert _expected(lvl.children, SortSpec(NAME, True))[4:] == [
        "notes.pdf", "chunk_10.webm", "chunk_2.webm", "Chunk_1.webm", "a.txt"]
    assert _expected(lvl.children, SortSpec(KIND))[4] == "notes.pdf"


def test_pages_arriving_while_sorted_go_to_their_places(qtbot: QtBot, admin_storage: Storage, bucket: str) -> None:
    _seed(admin_storage, bucket)
    model = LazyTreeModel(RawSource(admin_storage, [bucket], page_size=2), page_size=2)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.sort(SIZE, Qt.SortOrder.DescendingOrder)  # chosen before the level is listed
    panel, lvl = _panel(qtbot, model)
    spec = SortSpec(SIZE, True)
    _wait_sorted(qtbot, model, lvl, spec)
    assert [c.label for c in lvl.children] == _expected(lvl.children, spec)
    assert [c.label for c in lvl.children][4:6] == ["chunk_10.webm", "notes.pdf"]
    # listed again (a refresh, new objects): the new rows take their places too
    admin_storage.upload_bytes(bucket, "lvl/big.bin", b"x" * 5000)
    admin_storage.upload_bytes(bucket, "lvl/chunk_3.webm", b"x" * 20)
    model.refresh(lvl)
    _wait_loaded(qtbot, lvl)
    _wait_sorted(qtbot, model, lvl, spec)
    assert [c.label for c in lvl.children][4:] == [
        "big.bin", "chunk_10.webm", "notes.pdf", "chunk_3.webm", "chunk_2.webm", "Chunk_1.webm", "a.txt"]
    assert panel.contents.model() is model


class _SlowSource(TreeSource):
    """One folder listed in pages of 500 rows, 0.6 s apart (no server: the timing is the point)."""

    PAGES, PER, DELAY = 5, 500, 0.6

    def roots(self) -> list[Node]:
        return [Node(label="slow/", is_container=True, bucket="b", key="slow/")]

    def loader(self, node: Node) -> Loader | None:
        if node.parent is None or node.key != "slow/":
            return None

        def pages(token: CancelToken) -> PageIterator:
            for page in range(self.PAGES):
                if page and token.wait(self.DELAY):
                    return
                yield [Node(label=f"f_{i}", kind="object", bucket="b", key=f"slow/f_{i}", size=(i * 37) % 1000)
                       for i in range(page * self.PER, (page + 1) * self.PER)]

        return pages

    def make_children(self, node: Node, page: list[Any]) -> list[Node]:
        return page


def _by_size_descending(kids: list[Node]) -> bool:
    return all((a.size or 0) >= (b.size or 0) for a, b in zip(kids, kids[1:], strict=False))


def test_a_level_listing_in_another_order_is_sorted_as_its_pages_come(qtbot: QtBot) -> None:
    model = LazyTreeModel(_SlowSource())
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.sort(SIZE, Qt.SortOrder.DescendingOrder)
    panel = show_panel(qtbot, model)
    level = model.root.children[0]
    panel.select_node(level)
    per = _SlowSource.PER

    def sorted_while_listing() -> bool:
        kids = level.children
        return (level.state is LoadState.LOADING and len(kids) >= 2 * per and model.sorter.running == 0
                and _by_size_descending(kids))

    qtbot.waitUntil(sorted_while_listing, timeout=30_000)  # earlier pages' rows went to their places
    _wait_loaded(qtbot, level)
    _wait_sorted(qtbot, model, level, SortSpec(SIZE, True))
    assert len(level.children) == _SlowSource.PAGES * per and _by_size_descending(level.children)
    assert [c.label for c in level.children] == _expected(level.children, SortSpec(SIZE, True))
    # listed again and switched back to the default order meanwhile: natural order at the end
    model.refresh(level)
    qtbot.waitUntil(sorted_while_listing, timeout=30_000)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    _wait_loaded(qtbot, level)
    _wait_sorted(qtbot, model, level, SortSpec())
    assert [c.label for c in level.children] == [f"f_{i}" for i in range(_SlowSource.PAGES * per)]
    panel.set_model(None)
    model.release()


def test_the_order_is_remembered_per_section(qtbot: QtBot, s3_server: S3Server, admin_storage: Storage,
                                             make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    names = BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))
    path = str(tmp_path / "s.ini")

    def window() -> MainWindow:
        w = MainWindow(QSettings(path, QSettings.Format.IniFormat))
        register_domain_sources(w)
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.connected, timeout=10_000):
            w.connect_to(Connection("Test", s3_server.settings(), names))
        return w

    first = window()
    assert first.show_tree("Raw")
    assert first.tree_panel.sort_menu in [a.menu() for a in first.view_menu.actions()]
    first.tree_panel.sort_by(SIZE, True)
    assert first.current_model().sorter.spec == SortSpec(SIZE, True)  # type: ignore[union-attr]
    assert first.show_tree("Classrooms")
    first.tree_panel.sort_by(MODIFIED, False)
    assert first.show_tree("Students")
    assert first.current_model().sorter.spec == SortSpec()  # type: ignore[union-attr]
    assert first.show_tree("Raw")
    header = first.tree_panel.contents.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (SIZE, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)  # the sections' listings
    first.close()

    second = window()
    for title, spec in (("Raw", SortSpec(SIZE, True)), ("Classrooms", SortSpec(MODIFIED, False)),
                        ("Students", SortSpec())):
        assert second.show_tree(title)
        assert second.current_model().sorter.spec == spec, title  # type: ignore[union-attr]
        header = second.tree_panel.contents.horizontalHeader()
        assert header.sortIndicatorSection() == spec.column
        assert second.tree_panel.sort_menu.actions()[spec.column].isChecked()
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
    second.close()


# -- 100,000 rows ------------------------------------------------------------------------------------

HUGE = 100_000


class _LocalSource(TreeSource):
    """One folder of :data:`HUGE` rows made in the worker, in pages of 1,000 (no server: what is
    measured is the re-ordering, not the listing)."""

    def roots(self) -> list[Node]:
        return [Node(label="huge/", is_container=True, bucket="b", key="huge/")]

    def loader(self, node: Node) -> Loader | None:
        if node.parent is None or node.key != "huge/":
            return None
        start = datetime(2026, 1, 1, tzinfo=UTC)

        def pages(token: CancelToken) -> PageIterator:
            for first in range(0, HUGE, 1000):
                token.raise_if_cancelled()
                yield [Node(label=f"chunk_{i}.webm", kind="object", kind_label=("Video", "Audio")[i % 2],
                            bucket="b", key=f"huge/chunk_{i}.webm", size=(i * 7919) % 100_003,
                            modified=start + timedelta(seconds=(i * 104_729) % 1_000_003))
                       for i in range(first, first + 1000)]

        return pages

    def make_children(self, node: Node, page: list[Any]) -> list[Node]:
        return page


def test_sorting_100000_rows_keeps_the_window_responsive(qtbot: QtBot) -> None:
    model = LazyTreeModel(_LocalSource())
    panel, level = _open(qtbot, model)
    assert len(level.children) == HUGE
    assert level.children[10].label == "chunk_10.webm"
    panel.select_node(level.children[500])
    for spec in (SortSpec(SIZE, True), SortSpec(MODIFIED), SortSpec(KIND), SortSpec(NAME, True), SortSpec()):
        with Heartbeat() as beat:
            start = time.perf_counter()
            panel.sort_by(spec.column, spec.descending)
            _wait_sorted(qtbot, model, level, spec)
            qtbot.wait(30)
            took = time.perf_counter() - start
        assert beat.ticks > 5 and beat.max_stall <= 0.050, f"{spec}: {beat.describe()}"
        assert took < 20, took
        kids = level.children
        if spec.column == SIZE:
            assert all((a.size or 0) >= (b.size or 0) for a, b in zip(kids, kids[1:], strict=False))
        if spec.column == MODIFIED:
            assert all(a.modified <= b.modified for a, b in zip(kids, kids[1:], strict=False))  # type: ignore[operator]
        if spec.column == NAME:
            assert kids[0].label == ("chunk_99999.webm" if spec.descending else "chunk_0.webm")
        assert panel.current_node() is not None and panel.current_node().label == "chunk_500.webm"  # type: ignore[union-attr]
    panel.set_model(None)
    model.release()
