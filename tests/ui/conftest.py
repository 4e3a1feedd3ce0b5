"""Qt test hygiene: no test may leave worker tasks running, and Qt warnings fail the test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ensure_browser.ui import crash, i18n
from ensure_browser.ui import workers as workers_mod
from tests.support.qt import QtWarningCollector

# Qt warnings that say nothing about this program (no audio server, no GPU ...).


@pytest.fixture(scope="session", autouse=True)
def _qt_message_pattern() -> None:
    os.environ["QT_FORCE_STDERR_LOGGING"] = "1"
    crash.install_qt_message_pattern()


@pytest.fixture(autouse=True)
def qt_hygiene(request: pytest.FixtureRequest) -> Iterator[QtWarningCollector]:
    collector = QtWarningCollector()
    capfd = None if "capsys" in request.fixturenames else request.getfixturevalue("capfd")
    try:
        yield collector
    finally:
        if capfd is not None:
            out, err = capfd.readouterr()
            collector.feed(err)
            sys.stdout.write(out)
            sys.stderr.write(err)
        pool = workers_mod.reset_workers_for_tests()
        leftovers: list[str] = []
        if pool is not None:
            running = [h.name for h in pool.active() if h.running]
            pool.cancel_all()
            drained = pool.wait(15_000)
            if running and not request.node.get_closest_marker("allow_leftover_tasks"):
                leftovers = running
            if not drained:
                leftovers.append("(pools did not drain in 15 s)")
            _drain_events()
        if leftovers:
            pytest.fail(f"test left worker tasks running: {leftovers}", pytrace=False)
        if collector.messages:
            pytest.fail(f"unexpected Qt warnings: {collector.messages}", pytrace=False)


def _drain_events() -> None:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()


@pytest.fixture(params=["de", i18n.PSEUDO_LOCALE])
def language(request: pytest.FixtureRequest, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The window's language for a test of translated texts: German, then the pseudo-locale."""
    monkeypatch.setenv(i18n.LANG_ENV, request.param)
    assert i18n.install_translators(qapp) == request.param
    yield request.param
    i18n.remove_translators(qapp)
