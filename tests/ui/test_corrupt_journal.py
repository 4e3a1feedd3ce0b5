"""An unreadable transfer journal found at the start reaches the user: the transfer controller's
message (the window's warning banner) names the copy kept aside. Real SeaweedFS, real files."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.transfers.controller import TransferController


def test_the_transfers_ui_says_the_journal_was_kept_aside(qtbot: QtBot, admin_storage: Storage, bucket: str,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "transfers.json"
    path.write_bytes(b'{"version":1,"jobs":[{"id":"job-1"')
    controller = TransferController(admin_storage, BucketNames(documents=bucket), journal_path=path,
                                    render_thumbnail=None)
    shown: list[str] = []
    controller.message.connect(shown.append)
    try:
        controller.recover()
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    finally:
        controller.shutdown()
        controller.panel.close()
        controller.panel.deleteLater()
        controller.deleteLater()
    (kept,) = tmp_path.glob("transfers.json.corrupt-*")
    assert "could not be read" in shown[0] and str(kept) in shown[0]
    assert kept.read_bytes() == b'{"version":1,"jobs":[{"id":"job-1"'
