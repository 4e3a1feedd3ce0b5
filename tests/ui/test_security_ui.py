"""A whole GUI session with a known secret: afterwards the secret is in no file, title or clipboard,
presigned links are bounded and shown with their expiry, and no shell (or command line) was run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu
from pytestqt.qtbot import QtBot

from ensure_browser.core.connection import Target
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.plan import DropTarget
from ensure_browser.ui import crash
from ensure_browser.ui.application import build_main_window, connect_target
from ensure_browser.ui.preview.metadata_view import LIFETIMES
from ensure_browser.ui.profiles import flow as profiles_flow
from ensure_browser.ui.transfers.actions import TransferActions
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import workers
from tests.support.logs import app_logging
from tests.support.servers import S3Server
from tests.support.transfers import make_pdf

MATERIAL = "classrooms/c1/materials/d1.pdf"


class ProcessRecorder:
    """Stands in for subprocess.Popen and os.system/os.popen: records every call, flags shells."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []
        real = subprocess.Popen
        recorder = self

        class Recording(real):  # type: ignore[misc, valid-type]
            def __init__(self, args: Any, *a: Any, **kw: Any) -> None:
                recorder.calls.append((args, kw))
                super().__init__(args, *a, **kw)

        def refuse(name: str) -> Callable[..., Any]:
            def call(command: Any, *_a: Any, **_kw: Any) -> Any:
                recorder.calls.append((command, {"shell": True, "via": name}))
                raise AssertionError(f"{name}({command!r}) runs a shell")

            return call

        monkeypatch.setattr(subprocess, "Popen", Recording)
        monkeypatch.setattr(os, "system", refuse("os.system"))
        monkeypatch.setattr(os, "popen", refuse("os.popen"))

    def shells(self) -> list[Any]:
        """Calls that went through a shell, or gave one string (a command line) instead of a list."""
        return [args for args, kw in self.calls if kw.get("shell") or isinstance(args, str | bytes)]


def _load(qtbot: QtBot, model: LazyTreeModel, node: Node) -> None:
    if node.state is LoadState.IDLE:
        model.load(node)
    qtbot.waitUntil(lambda: node.state is LoadState.LOADED, timeout=10_000)


def _child(model: LazyTreeModel, qtbot: QtBot, node: Node, key: str) -> Node:
    _load(qtbot, model, node)
    found = model.find_child(node, lambda c: c.key == key)
    assert found is not None, (key, [c.key for c in node.children])
    return found


def test_a_session_leaves_no_secret_behind_and_runs_no_shell(
    qtbot: QtBot, s3_server: S3Server, admin_storage: Storage, make_bucket: Callable[[str], str],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app as built by ensure-browser (profiles, transfers, domain trees, policies), with every
    XDG directory in tmp_path: afterwards no file there holds the secret, nor titles or clipboard."""
    recorder = ProcessRecorder(monkeypatch)
    home = tmp_path / "xdg"
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
    secret = s3_server.admin.secret_key
    names = BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))
    admin_storage.upload_bytes(names.documents, MATERIAL, make_pdf("secret-free"), "application/pdf")
    dialogs: list[str] = []

    def show_crash_dialog(dialog: crash.CrashDialog) -> int:
        """CrashDialog.exec without a nested loop: show, press Copy report, close."""
        dialog.show()
        dialogs.append(dialog.text.toPlainText())
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Copy report").click()
        dialog.close()
        return 0

    monkeypatch.setattr(crash.CrashDialog, "exec", show_crash_dialog)
    with app_logging(home / "state" / "log", verbose=2) as log_file:
        window = build_main_window()
        qtbot.addWidget(window)
        ini = home / "config" / "window.ini"
        window.qsettings = QSettings(str(ini), QSettings.Format.IniFormat)  # Qt caches its default path
        window.show()
        svc = profiles_flow.services(window)
        svc.store.put(Profile("campus", s3_server.endpoint, access_key=s3_server.admin.access_key, buckets=names))
        svc.secrets.save("campus", secret, session_only=True)  # as the profiles dialog does without a keyring
        with qtbot.waitSignal(window.connected, timeout=15_000):
            connect_target(window, Target(label="campus", profile="campus"))  # what --profile campus does
        raw = window.sidebar.findItems("Raw", Qt.MatchFlag.MatchExactly)
        window.sidebar.setCurrentItem(raw[0])
        model = window.current_model()
        assert model is not None
        node = next(n for n in model.root.children if n.bucket == names.documents)
        for key in ("classrooms/", "classrooms/c1/", "classrooms/c1/materials/", MATERIAL):
            node = _child(model, qtbot, node, key)
        window.tree_panel.select_node(node)
        qtbot.waitUntil(lambda: window.preview.title.text() == "d1.pdf", timeout=10_000)
        qtbot.waitUntil(lambda: not window.preview.busy(), timeout=10_000)

        meta = window.preview.metadata
        meta.set_expanded(True)
        assert max(LIFETIMES) == timedelta(days=7)  # the longest link anyone can ask for
        meta.lifetime.setCurrentIndex(len(LIFETIMES) - 1)
        meta.copy_button.click()
        qtbot.waitUntil(lambda: "X-Amz-Signature" in meta.link_edit.text(), timeout=10_000)
        link = QApplication.clipboard().text()
        assert link == meta.link_edit.text() and "X-Amz-Expires=604800" in link and secret not in link
        assert "UTC" in meta.expiry_label.text()  # the expiry is shown, in UTC and local time

        upload = tmp_path / "notes.txt"
        upload.write_text("uploaded during the session")
        actions = window.service(TransferActions)
        assert actions is not None
        controller = actions.controller
        assert controller is not None
        controller.upload_paths(DropTarget("raw_prefix", names.documents, "uploads/"), [upload])
        qtbot.waitUntil(lambda: bool(controller.queue.jobs()) and all(j.state.finished
                                                                      for j in controller.queue.jobs()),
                        timeout=15_000)
        menu = QMenu(window)  # every panel's context-menu entries for the object
        for provider in window.context_menu_providers:
            provider(node, menu, window)
        try:
            raise RuntimeError(f"could not sign with {secret}")
        except RuntimeError:
            crash.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: not [h for h in workers().active() if h.running], timeout=15_000)
        window.close()
        window.qsettings.sync()

    assert dialogs and "RuntimeError: could not sign with •••" in dialogs[0]
    assert admin_storage.read_range(names.documents, "uploads/notes.txt") == b"uploaded during the session"
    written = [p for p in home.rglob("*") if p.is_file()]
    assert log_file in written and ini in written
    assert any(p.name == "profiles.json" for p in written)
    log_text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in log_text and names.documents in log_text
    assert "geometry=" in ini.read_text(encoding="utf-8")  # the window did write its settings
    places: dict[str, bytes] = {str(p.relative_to(home)): p.read_bytes() for p in written}
    places.update({
        "clipboard": QApplication.clipboard().text().encode(),
        "window titles": "\n".join(w.windowTitle() for w in QApplication.topLevelWidgets()).encode(),
        "status bar and banner": (window.status_label.text() + window.banner.text).encode(),
        "crash dialog": "\n".join(dialogs).encode(),
    })
    assert QApplication.clipboard().text() == dialogs[0]  # "Copy report" copied the scrubbed report
    leaks = [where for where, data in places.items() if secret.encode() in data]
    assert leaks == [], f"the secret is in {leaks}"

    subprocess.run(["true"], check=True)  # the recorder does see calls ...
    assert recorder.calls and recorder.shells() == []  # ... and none of them used a shell
    with pytest.raises(AssertionError, match="runs a shell"):
        os.system("true")
    assert recorder.shells() == ["true"]
