"""An object whose size the server's listing gives unreadably is shown, its size left blank and
explained in its tooltip (a loopback peer answers the listing; the real tree model reads it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, RawSource
from tests.support import peers


def test_an_unreadable_size_is_shown_blank_with_a_tooltip(qtbot: QtBot) -> None:
    page = peers.listing_page([("a.pdf", "7"), ("b.pdf", "lots")])
    with peers.tcp_peer(peers.ListingPeer(lambda _n: page)) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", retries=0))
        model = LazyTreeModel(RawSource(storage, ["b"]))
        root = model.root.children[0]
        index = model.index_of(root)
        if model.canFetchMore(index):
            model.fetchMore(index)
        qtbot.waitUntil(lambda: root.state in (LoadState.LOADED, LoadState.ERROR), timeout=10_000)
    assert root.state is LoadState.LOADED, root.error
    assert [c.label for c in root.children] == ["a.pdf", "b.pdf"]
    parent = model.index_of(root)
    assert model.data(model.index(0, 2, parent)) == "7 B"
    assert model.data(model.index(1, 2, parent)) == ""
    assert "Size unknown" in model.data(model.index(1, 0, parent), Qt.ItemDataRole.ToolTipRole)
    assert "Size unknown" not in (model.data(model.index(0, 0, parent), Qt.ItemDataRole.ToolTipRole) or "")
