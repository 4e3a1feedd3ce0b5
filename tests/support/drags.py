"""A main window for the tests of Open and dragging rows out: connected to the test server, its
local copies in a folder of the test's."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.objects.local_copies import CopyCache, CopyFetch
from ensure_browser.ui.objects.open import install_open_and_drag
from ensure_browser.ui.transfers.actions import install_transfers
from tests.support.servers import S3Server

HOSTILE = {  # an original file name -> the name its file is dragged out under (in this order)
    "a/b\\c.pdf": "a_b_c.pdf",
    "ctl\x01\x1f\x7f.pdf": "ctl___.pdf",
    "CON.pdf": "_CON.pdf",
    "../../etc/passwd": "_.._etc_passwd.pdf",
    "Lab.pdf": "Lab.pdf",
    "lab.PDF": "lab (2).PDF",
}


def drag_window(qtbot: QtBot, s3_server: S3Server, names: BucketNames, tmp_path: Path,
                endpoint: str | None = None, before: Callable[[MainWindow], object] | None = None) -> MainWindow:
    """The window with transfers, Open and the drag out (``before`` installs more first, after the
    transfers' drop handlers), its cache in ``tmp_path/cache``, connected (through ``endpoint``)."""
    win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    install_transfers(win)
    if before is not None:
        before(win)
    install_open_and_drag(win)
    cache = win.service(CopyCache)
    assert cache is not None
    cache.root = tmp_path / "cache"
    qtbot.addWidget(win)
    win.show()
    settings = s3_server.settings()
    if endpoint is not None:
        settings = dataclasses.replace(settings, endpoint=endpoint)
    with qtbot.waitSignal(win.connected, timeout=10_000):
        win.connect_to(Connection("Test", settings, names))
    return win


def cancel_fetch(qtbot: QtBot, fetch: CopyFetch, label: str) -> None:
    """Wait until ``fetch``'s progress dialog shows some progress under ``label`` while the event loop
    turns, then press its Cancel."""
    qtbot.waitUntil(lambda: fetch.dialog.isVisible() and fetch.dialog.value() > 0, timeout=20_000)
    assert fetch.dialog.labelText() == label
    started = time.monotonic()
    qtbot.wait(100)  # the event loop turns while the files come in
    assert time.monotonic() - started < 1.0
    cancel = fetch.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
