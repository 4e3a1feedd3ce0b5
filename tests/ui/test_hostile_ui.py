"""Hostile keys in the raw tree: every row shows a str and nothing raises.

A server other than SeaweedFS (MinIO, AWS) may list keys SeaweedFS would have normalised away
(``a/../b``, ``//``, a leading ``/``), so the listing entries here come from hypothesis directly; a
second test lists real objects with control characters, right-to-left marks and long names.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Loader, LoadState, Node, RawSource

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
         Qt.ItemDataRole.ForegroundRole, LazyTreeModel.SortRole)


class ListedSource(RawSource):
    """The raw view over entries a server could list, without asking one."""

    def __init__(self, storage: Storage, bucket: str, entries: list[ObjectInfo]) -> None:
        super().__init__(storage, [bucket], page_size=7)
        self.entries = entries
        names = BucketNames(documents=bucket)
        self.classify = lambda b, k: classify(b, k, names)

    def loader(self, node: Node) -> Loader | None:
        if node.kind != "bucket":
            return None
        entries = self.entries

        def pages(_token: CancelToken) -> Any:
            for start in range(0, len(entries), 7):
                yield entries[start:start + 7]

        return pages


def _check_rows(model: LazyTreeModel, node: Node) -> None:
    parent = model.index_of(node)
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in ROLES:
                model.data(index, role)  # must not raise
            assert isinstance(model.data(index, Qt.ItemDataRole.DisplayRole), str)
        tip = model.data(model.index(row, 0, parent), Qt.ItemDataRole.ToolTipRole)
        assert tip is None or isinstance(tip, str)


keys = st.text(min_size=1, max_size=80) | st.lists(
    st.sampled_from(["", ".", "..", " ", "\x00", "\x1b[31m", "\u202e", "CON", "a\\b", "😀", "x" * 300,
                     "classrooms", "c1", "materials", "d.pdf", "chunks", "chunk_3.webm"]),
    min_size=1, max_size=6,
).map("/".join)
entries = st.lists(
    st.builds(lambda key, size, prefix: ObjectInfo("b", key + ("/" if prefix and not key.endswith("/") else ""),
                                                   size, datetime(2024, 3, 1, tzinfo=UTC), "e", prefix),
              keys, st.integers(min_value=0, max_value=2**63), st.booleans()),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(listed=entries)
def test_any_listed_key_displays_as_text(qtbot: QtBot, admin_storage: Storage, listed: list[ObjectInfo]) -> None:
    model = LazyTreeModel(ListedSource(admin_storage, "b", listed))
    root = model.root.children[0]
    model.fetchMore(model.index_of(root))
    qtbot.waitUntil(lambda: root.state is LoadState.LOADED, timeout=5000)
    assert len(root.children) == len(listed)
    _check_rows(model, root)


def test_real_listing_of_hostile_names(qtbot: QtBot, admin_storage: Storage, bucket: str) -> None:
    stored = ["ctl\x01\x1b[2J\x7f.txt", "rtl/\u202egpj.exe", "tab\tnew\nline.pdf", "e\u0301\ufeff zero.png",
              "long/" + "é" * 127, "classrooms/c1/materials/not-a-pdf.docx", "%2F?#&=+.bin", "😀/🎓.webm"]
    for key in stored:
        admin_storage.upload_bytes(bucket, key, key.encode())
    source = RawSource(admin_storage, [bucket])
    source.classify = lambda b, k: classify(b, k, BucketNames(documents=bucket))
    model = LazyTreeModel(source)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    root = model.root.children[0]
    pending = [root]
    while pending:
        node = pending.pop()
        model.fetchMore(model.index_of(node))

        def loaded(n: Node = node) -> bool:
            return n.state is LoadState.LOADED

        qtbot.waitUntil(loaded, timeout=10_000)
        _check_rows(model, node)
        pending += [c for c in node.children if c.is_container]
    shown = sorted(n.key or "" for n in model.iter_nodes() if not n.is_container)
    assert shown == sorted(stored)
    label = next(n.label for n in model.iter_nodes() if n.key == stored[0])
    assert label == stored[0]  # shown as stored: the view draws control characters, nothing is executed
