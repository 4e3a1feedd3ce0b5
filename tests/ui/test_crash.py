"""Crash handling: an exception nobody caught becomes a logged, scrubbed report in a dialog; Qt's own
warnings reach logging; and the test suite fails on unexpected Qt warnings.
"""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from ensure_browser.logs import register_secret
from ensure_browser.ui import crash
from tests.support.qt import QtWarningCollector

SECRET = "crash-test-secret-9f8e7d"


def _buttons(dialog: crash.CrashDialog) -> dict[str, object]:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return {b.text().replace("&", ""): b for b in box.buttons()}


@pytest.mark.qt_no_exception_capture  # let the exception reach sys.excepthook as in the app
def test_an_exception_in_a_slot_becomes_a_scrubbed_crash_report(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    register_secret(SECRET)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash.install_excepthook()
    assert sys.excepthook is crash.excepthook
    seen: list[str] = []
    titles: list[str] = []

    def press_buttons() -> None:
        """Runs inside the dialog's own event loop, as a person would: copy, then close."""
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, crash.CrashDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, press_buttons)
            return
        dialog = dialogs[0]
        seen.append(dialog.text.toPlainText())
        titles.append(dialog.windowTitle())
        buttons = _buttons(dialog)
        buttons["Copy report"].click()  # type: ignore[attr-defined]
        buttons["Close"].click()  # type: ignore[attr-defined]

    def failing_slot() -> None:
        raise ValueError(f"the server rejected the token {SECRET}")

    with caplog.at_level(logging.CRITICAL, logger="ensure_browser.ui.crash"):
        QTimer.singleShot(20, press_buttons)
        QTimer.singleShot(0, failing_slot)
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        qtbot.waitUntil(lambda: not any(isinstance(w, crash.CrashDialog) and w.isVisible()
                                        for w in QApplication.topLevelWidgets()), timeout=5000)

    report = seen[0]
    assert "Traceback (most recent call last)" in report and "in failing_slot" in report
    assert "ValueError: the server rejected the token •••" in report
    assert SECRET not in report
    assert report.startswith("Ensure Browser ") and "\nQt 6." in report
    assert titles == ["Ensure Browser ran into a problem"]
    assert QApplication.clipboard().text() == report  # "Copy report" copied the scrubbed text
    (record,) = [r for r in caplog.records if r.name == "ensure_browser.ui.crash"]
    assert record.levelno == logging.CRITICAL and report in record.getMessage()
    assert SECRET not in record.getMessage()


def test_qt_warnings_reach_the_qt_logger() -> None:
    """In the app (install_qt_message_handler), a qWarning lands in logging under "qt"; known noise
    is lowered to debug. Run in a fresh interpreter: the bridge takes over file descriptor 2."""
    code = textwrap.dedent("""
        import logging, sys, time
        from ensure_browser.ui.crash import install_qt_message_handler
        records = []
        class Keep(logging.Handler):
            def emit(self, record):
                records.append((record.levelname, record.getMessage()))
        logging.getLogger("qt").addHandler(Keep())
        logging.getLogger("qt").setLevel(logging.DEBUG)
        install_qt_message_handler()
        from PySide6.QtCore import QCoreApplication, qWarning
        app = QCoreApplication([])
        qWarning("probe: something odd happened")
        qWarning("Couldn't load pipewire-0.3 library")
        deadline = time.monotonic() + 5
        while len(records) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        print(records)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    records = ast.literal_eval(out.stdout.strip().splitlines()[-1])  # the child's list of tuples
    assert ("WARNING", "[default] probe: something odd happened") in records
    assert ("DEBUG", "[default] Couldn't load pipewire-0.3 library") in records


def test_an_unexpected_qt_warning_is_caught_by_the_suite(qt_hygiene: QtWarningCollector,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    """The hygiene fixture reads Qt's warnings from stderr and fails the test on unknown ones: feed
    it this test's stderr now (it would at teardown), see it recorded, then clear it."""
    qWarning("QObject::connect: No such signal Foo::bar()")  # a warning a real bug would cause
    qWarning("Couldn't load pipewire-0.3 library")  # known noise: allowed
    _out, err = capfd.readouterr()
    qt_hygiene.feed(err)
    assert qt_hygiene.messages == ["QObject::connect: No such signal Foo::bar()"]
    qt_hygiene.messages.clear()
