"""The app with every window the accessibility test reads open at once (see test_accessibility.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 python tests/e2e/a11y_app.py [--probe]

It builds the app the way ``ensure-browser --demo`` does, connects to the demo server, then opens the
Transfers and Policies docks, the "Connection profiles" window, the Storage health window, the welcome
dialog, Help > Keyboard shortcuts, the delete confirmation and the policy editor's "changed meanwhile"
question, prints ``ready`` and waits until its standard input closes. ``--probe`` shows
instead one small window with a text field that has no name: the reader must find it. ``--announce``
opens only the main window, and when a line ``go`` comes on its standard input it shows an error
banner, uploads a file (the transfer finishes), downloads it below a file (it fails), and runs a Storage health scan,
then prints ``announced``: the state changes a screen reader must hear.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QVBoxLayout, QWidget  # noqa: E402

from ensure_browser.core.connection import Target  # noqa: E402
from ensure_browser.ui.application import build_main_window, connect_target, make_application  # noqa: E402
from ensure_browser.ui.health.view import open_health_view  # noqa: E402
from ensure_browser.ui.main_window import MainWindow  # noqa: E402
from ensure_browser.ui.objects.actions import ObjectActions  # noqa: E402
from ensure_browser.ui.profiles.flow import open_dialog  # noqa: E402
from ensure_browser.ui.profiles.welcome import WelcomeDialog  # noqa: E402

TIMEOUT = 90.0


def wait_until(app: QApplication, pred: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not pred() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not pred():
        raise SystemExit(f"timed out waiting for {what}")


def open_everything(app: QApplication) -> list[QWidget]:
    window = connected_window(app)
    window.show_error("A shown error banner, with its button", retry=lambda: None)
    for dock in window.findChildren(QDockWidget):
        dock.show()
    health = open_health_view(window)
    profiles = open_dialog(window)
    welcome = WelcomeDialog(window)
    welcome.show()
    ask_to_delete(app, window)
    from ensure_browser.ui.keyboard.shortcuts import ShortcutsDialog

    shortcuts = ShortcutsDialog(window)
    shortcuts.show()
    from ensure_browser.core.policies.check import PolicyChangedMeanwhile
    from ensure_browser.ui.policies.conflict import PolicyConflictDialog

    conflict = PolicyConflictDialog(PolicyChangedMeanwhile("a11y-bucket", '{"Version": "2012-10-17"}', None, False),
                                    False, window)
    conflict.show()
    return [window, health, profiles, welcome, shortcuts, conflict]


def ask_to_delete(app: QApplication, window: MainWindow) -> None:
    """Delete the first entry of the documents bucket up to the confirmation, which stays unanswered."""
    actions = window.service(ObjectActions)
    assert actions is not None and window.connection is not None
    bucket = window.connection.names.documents
    window.go_to_location(f"s3://{bucket}/")
    model = window.model_for("Raw")
    root = next(n for n in model.root.children if n.bucket == bucket)
    wait_until(app, lambda: bool(root.children), "the documents bucket's listing")
    actions.delete_selected(root.children[0])
    wait_until(app, lambda: actions.flow is not None and actions.flow.confirm is not None, "the confirmation")


def connected_window(app: QApplication) -> MainWindow:
    window = build_main_window()
    window.resize(1380, 860)
    window.show()
    connect_target(window, Target(label="Demo", demo=True))
    wait_until(app, lambda: window.connection is not None and window.status_label.text().startswith("Connected"),
               "the demo connection")
    return window


def state_changes(app: QApplication, window: MainWindow, work: Path) -> None:
    """An error banner, a finished and a failed transfer, a scan: each must be announced."""
    from ensure_browser.core.transfers.plan import DropTarget
    from ensure_browser.ui.transfers.actions import TransferActions

    window.show_error("Listing s3://probe/ failed: the server did not answer")
    transfers = window.service(TransferActions)
    assert transfers is not None and transfers.controller is not None and window.connection is not None
    controller = transfers.controller
    bucket = window.connection.names.mlflow
    note = work / "a11y-note.txt"
    note.write_text("announced\n", encoding="utf-8")
    finished: list[str] = []
    controller.batchFinished.connect(finished.append)
    controller.upload_paths(DropTarget("raw_prefix", bucket, "a11y/", label=f"s3://{bucket}/a11y/"), [note])
    wait_until(app, lambda: finished, "the upload to finish")
    controller.download([(bucket, "a11y/a11y-note.txt")], note / "not-a-folder")  # a file is in the way
    wait_until(app, lambda: len(finished) > 1, "the failed download to end")
    health = open_health_view(window)
    scanned: list[object] = []
    health.scanFinished.connect(scanned.append)
    health.start_scan()
    wait_until(app, lambda: scanned, "the scan")


def probe() -> list[QWidget]:
    probe_window = QWidget()
    probe_window.setWindowTitle("Probe")
    QVBoxLayout(probe_window).addWidget(QLineEdit())
    probe_window.show()
    return [probe_window]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", action="store_true", help="one window with an unnamed text field")
    parser.add_argument("--announce", action="store_true", help="state changes on a line 'go'")
    args = parser.parse_args()
    app = make_application([sys.argv[0]])
    if args.announce:
        keep: list[QWidget] = [connected_window(app)]
    else:
        keep = probe() if args.probe else open_everything(app)
    closed, go = threading.Event(), threading.Event()

    def read_stdin() -> None:
        for line in sys.stdin:
            if line.strip() == "go":
                go.set()
        closed.set()

    threading.Thread(target=read_stdin, daemon=True).start()

    def poll() -> None:
        if closed.is_set():
            app.quit()
        elif go.is_set():
            go.clear()
            with tempfile.TemporaryDirectory() as work:
                state_changes(app, keep[0], Path(work))  # type: ignore[arg-type]
            print("announced", flush=True)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(100)
    QTimer.singleShot(500, lambda: print("ready", flush=True))  # once the windows are mapped
    app.exec()
    if not args.probe:
        from ensure_browser.demo.runtime import stop_demo
        from ensure_browser.ui.workers import workers

        for widget in keep:
            widget.close()
        workers().shutdown(10_000)
        stop_demo()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
