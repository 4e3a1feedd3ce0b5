"""The status bar warns, for as long as the connection lasts, of plain HTTP to another machine and of
a certificate that is not verified; a protected connection shows no warning.

"Another machine" is this one reached through an address that is not loopback (the fault proxy
listens there and forwards to the real server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import ConnectionSettings
from ensure_browser.ui.main_window import Connection, MainWindow
from tests.support.faultproxy import FaultProxy
from tests.support.forgery import outside_address
from tests.support.gui import shown_main_window
from tests.support.servers import S3Server


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return shown_main_window(qtbot, tmp_path)


@pytest.fixture
def outside_settings(s3_server: S3Server) -> Iterator[ConnectionSettings]:
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    host, port = s3_server.endpoint.rsplit(":", 1)
    with FaultProxy((host, int(port)), host=address) as proxy:
        yield replace(s3_server.settings(), endpoint=proxy.endpoint)


def _connect(qtbot: QtBot, window: MainWindow, settings: ConnectionSettings) -> None:
    with qtbot.waitSignal(window.connected, timeout=15_000):
        window.connect_to(Connection("Test", settings))


def test_plain_http_to_another_machine_is_flagged_until_the_connection_changes(
        qtbot: QtBot, window: MainWindow, outside_settings: ConnectionSettings, s3_server: S3Server) -> None:
    badge = window.path_badge
    assert not badge.isVisible()
    _connect(qtbot, window, outside_settings)
    assert badge.isVisible()
    assert badge.text() == "Not encrypted (HTTP)"
    assert badge.accessibleName() == "Security warning: Not encrypted (HTTP)"
    assert "Anyone on the way" in badge.toolTip() and "read everything" in badge.toolTip()
    assert outside_settings.endpoint in badge.toolTip()
    assert badge.icon.pixmap() is not None and not badge.icon.pixmap().isNull()

    _connect(qtbot, window, s3_server.settings())  # plain HTTP on loopback: no network in between
    assert not badge.isVisible()
    assert badge.text() == "" and badge.accessibleName() == ""


def test_a_certificate_not_verified_is_flagged_and_a_verified_one_is_not(
        qtbot: QtBot, window: MainWindow, tls_s3_server: tuple[S3Server, Path]) -> None:
    server, ca = tls_s3_server
    badge = window.path_badge
    _connect(qtbot, window, server.settings(secure=True, verify_tls=False))
    assert badge.isVisible()
    assert badge.text() == "Certificate not verified"
    assert badge.accessibleName() == "Security warning: Certificate not verified"
    assert "pose as the server" in badge.toolTip()

    _connect(qtbot, window, server.settings(secure=True, ca_file=str(ca)))
    assert not badge.isVisible()
