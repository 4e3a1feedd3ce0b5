"""Hostile drops through the GUI: 10,000 files at once, and a folder with a link loop and things that
are not files. test_transfers.py checks the planning itself; here the drop arrives as a real
QDropEvent and the window must stay responsive and say what it refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.transfers.controller import TransferController
from ensure_browser.ui.transfers.drops import install_drop_handler
from ensure_browser.ui.trees.tree_model import LazyTreeModel, RawSource
from ensure_browser.ui.trees.tree_panel import TreeView
from tests.support.gui import Heartbeat, send_drop

FILES = 10_000


@pytest.fixture
def controller(admin_storage: Storage, bucket: str, tmp_path: Path) -> Iterator[TransferController]:
    # One job at a time and a long journal interval: what runs after the drop stays cheap (the
    # insert itself still writes the journal at once, as in the app).
    ctl = TransferController(admin_storage, BucketNames(documents=bucket), journal_path=tmp_path / "journal.json",
                             render_thumbnail=None, concurrency=1, journal_interval=3600.0)
    yield ctl
    ctl.shutdown()
    ctl.panel.deleteLater()
    ctl.deleteLater()


@pytest.fixture
def view(qtbot: QtBot, admin_storage: Storage, bucket: str, controller: TransferController) -> TreeView:
    tree = TreeView()
    tree.setModel(LazyTreeModel(RawSource(admin_storage, [bucket])))
    tree.resize(500, 300)
    qtbot.addWidget(tree)
    tree.show()
    install_drop_handler(tree, controller)
    return tree


def _bucket_row(view: TreeView) -> tuple[int, int]:
    model = view.model()
    assert isinstance(model, LazyTreeModel)
    center = view.visualRect(model.index_of(model.root.children[0])).center()
    return center.x(), center.y()


def test_ten_thousand_dropped_files_keep_the_window_responsive(
    qtbot: QtBot, view: TreeView, controller: TransferController, tmp_path: Path,
) -> None:
    root = tmp_path / "class-photos"
    for d in range(20):
        folder = root / f"week-{d:02d}"
        folder.mkdir(parents=True)
        for i in range(FILES // 20):
            (folder / f"photo-{i:04d}.jpg").write_bytes(b"")
    with Heartbeat() as beat:
        assert send_drop(view.viewport(), QPoint(*_bucket_row(view)), [root]) == (True, True)
        # job_ids, not jobs(): 10,000 snapshots per poll would be the test's own stall
        qtbot.waitUntil(lambda: len(controller.queue.job_ids()) == FILES, timeout=20_000)
        qtbot.waitUntil(lambda: controller.model.rowCount() == FILES, timeout=10_000)
    keys = {j.key for j in controller.queue.jobs()}
    controller.shutdown()  # uploading them all is not the point; the queue keeps them in the journal
    assert len(keys) == FILES and "class-photos/week-19/photo-0499.jpg" in keys
    assert beat.ticks > 20 and beat.max_stall < 0.2, beat.describe()


def test_a_folder_with_a_link_loop_and_odd_entries_is_dropped_safely(
    qtbot: QtBot, view: TreeView, controller: TransferController, admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "homework"
    (folder / "sub").mkdir(parents=True)
    (folder / "essay.txt").write_text("essay")
    (folder / "sub" / "notes.txt").write_text("notes")
    (folder / "sub" / "back-to-top").symlink_to(folder, target_is_directory=True)  # a loop
    (folder / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (folder / "key.txt").symlink_to(tmp_path / "secret.txt")  # a link to a file elsewhere: not uploaded
    (tmp_path / "secret.txt").write_text("secret")
    os.mkfifo(folder / "pipe")
    expected = {"back-to-top": "not followed", "gone.pdf": "broken link", "key.txt": "not followed",
                "pipe": "not a regular file"}
    if os.geteuid() != 0:  # root reads everything: a chmod 000 file stops nobody there
        (folder / "locked.txt").write_text("locked")
        (folder / "locked.txt").chmod(0)
        expected["locked.txt"] = "cannot be read"
    messages: list[str] = []
    controller.message.connect(messages.append)
    assert send_drop(view.viewport(), QPoint(*_bucket_row(view)), [folder]) == (True, True)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    qtbot.waitUntil(lambda: bool(controller.queue.jobs()) and all(j.state.finished for j in controller.queue.jobs()),
                    timeout=20_000)
    for name, why in expected.items():
        assert any(name in m and why in m for m in messages[0].splitlines()), (name, messages[0])
    stored = sorted(o.key for o in admin_storage.list_recursive(bucket))
    assert stored == ["homework/essay.txt", "homework/sub/notes.txt"]
