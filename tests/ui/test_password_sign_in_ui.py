"""Signing in with a directory (LDAP) account from the window: the password dialog (masked, accessible,
emptied once read), a refused password asked again with the reason, Cancel, the keys asked for again
before they end (no refresh token: the password is never kept), the banner once they have ended, and no
password, temporary key or session token in a file or the log.

Real parts: slapd, SeaweedFS with an LDAP provider in its STS configuration, gnome-keyring (run inside the
keyring harness: ``dbus-run-session -- sh tests/with-keyring.sh ...``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.ui.auth.password_sign_in import PasswordDialog
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.profiles.flow import open_dialog, open_profile
from tests.support.ldap import STAFF_ROLE, USERS, Directory, ldap_iam_server
from tests.support.logs import app_logging
from tests.support.servers import S3Server
from tests.support.signed_in import files_holding, fresh_home, window_with


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fresh_home(tmp_path, monkeypatch)


def directory_profile(server: S3Server, user: str = "alice") -> Profile:
    return Profile(name=f"directory {uuid.uuid4().hex[:6]}", endpoint=server.endpoint, kind=Kind.LDAP, user_name=user,
                   role_arn=STAFF_ROLE)


def password_dialog(qtbot: QtBot, window: MainWindow) -> PasswordDialog:
    def shown() -> PasswordDialog | None:
        return next((d for d in window.findChildren(PasswordDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None, timeout=15_000)
    dialog = shown()
    assert dialog is not None
    return dialog


def answer(dialog: PasswordDialog, password: str) -> None:
    dialog.password_edit.setText(password)
    dialog.buttons.accepted.emit()


@pytest.mark.keyring
def test_directory_sign_in_asks_the_password_and_keeps_it_nowhere(
        qtbot: QtBot, ldap_s3_server: S3Server, home: Path, tmp_path: Path) -> None:
    with app_logging(tmp_path / "log", verbose=2) as log_file:
        window, bar, svc = window_with(qtbot, home)
        profile = directory_profile(ldap_s3_server)
        svc.store.put(profile)
        open_profile(window, profile.name)
        dialog = password_dialog(qtbot, window)
        assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
        assert dialog.password_edit.accessibleName() == "Directory password"
        assert "alice" in dialog.text.text()
        answer(dialog, "not the password")
        assert dialog.password_edit.text() == ""  # emptied once read
        again = password_dialog(qtbot, window)  # asked again, saying why
        assert again is not dialog
        assert "did not accept the user name 'alice' with this password" in again.reason.text()
        with qtbot.waitSignal(window.connected, timeout=30_000):
            answer(again, USERS["alice"])
        session = window.connection.settings.credentials if window.connection else None
        assert isinstance(session, SessionCredentials) and not session.renewable
        assert bar.label.text().startswith("Signed in as alice until")
        assert bar.label.toolTip() == "You will be asked for your password before then."
        keys = session.retrieve()
        assert window.connection is not None and window.connection.storage is not None
        window.connection.storage.client.list_buckets()
        assert svc.secrets.get(profile.secret_account) is None and svc.secrets.get(profile.name) is None
        window.close()
    log = log_file.read_text()
    assert "signed in as alice (directory)" in log
    assert USERS["alice"] not in log
    folders = [home, log_file.parent, Path(os.environ["XDG_DATA_HOME"])]
    assert files_holding(folders, [USERS["alice"], keys.secret_key, keys.session_token or ""]) == []


@pytest.mark.keyring
def test_cancel_and_the_connection_test(qtbot: QtBot, ldap_s3_server: S3Server, home: Path) -> None:
    window, _bar, svc = window_with(qtbot, home)
    profile = directory_profile(ldap_s3_server)
    svc.store.put(profile)
    open_profile(window, profile.name)
    password_dialog(qtbot, window).reject()
    qtbot.waitUntil(lambda: window.status_label.text() == "Not signed in", timeout=5_000)
    assert window.connection is None or window.connection.label != profile.name
    dialog = open_dialog(window)
    dialog.add_profile()
    form = dialog.form
    form.endpoint_edit.setText(ldap_s3_server.endpoint)
    form.sign_in.kind_combo.setCurrentIndex(form.sign_in.kind_combo.findData(Kind.LDAP.value))
    form.sign_in.user_edit.setText("alice")
    form.sign_in.role_edit.setText(STAFF_ROLE)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=15_000)
    assert dialog.status.status_label.text() == (f"The storage server at {ldap_s3_server.endpoint} answers directory "
                                                 "sign-in requests. Connect to enter your password; it is checked then.")
    dialog.hide()  # unsaved: closing would ask whether to discard
    dialog.deleteLater()
    window.close()


@pytest.fixture(scope="module")
def short_ldap(ldap_directory: Directory) -> Iterator[S3Server]:
    with ldap_iam_server(ldap_directory, "12s") as server:
        yield server


@pytest.mark.keyring
def test_password_is_asked_again_before_the_keys_end(qtbot: QtBot, short_ldap: S3Server, home: Path) -> None:
    """No refresh token: near the end of the keys the window asks for the password; given, the same
    connection goes on with new keys. Cancelled, the keys end and the banner asks to sign in again."""
    window, bar, svc = window_with(qtbot, home)
    profile = directory_profile(short_ldap)
    svc.store.put(profile)
    open_profile(window, profile.name)
    with qtbot.waitSignal(window.connected, timeout=30_000):
        answer(password_dialog(qtbot, window), USERS["alice"])
    assert window.connection is not None and window.connection.storage is not None
    storage = window.connection.storage
    session = window.connection.settings.credentials
    assert isinstance(session, SessionCredentials)
    first = session.expires
    early = password_dialog(qtbot, window)  # before the keys end
    assert "Your sign-in as alice ends at" in early.reason.text()
    answer(early, USERS["alice"])
    qtbot.waitUntil(lambda: "Signed in again as alice" in window.status_label.text(), timeout=15_000)
    assert session.expires is not None and first is not None and session.expires > first
    storage.client.list_buckets()  # the same connection, new keys
    password_dialog(qtbot, window).reject()  # asked again before these end: cancelled

    def ended() -> bool:
        try:
            storage.client.list_buckets()
        except Exception:
            return True
        return False

    qtbot.waitUntil(ended, timeout=30_000)
    qtbot.waitUntil(lambda: "Your sign-in has ended" in window.banner.text, timeout=10_000)
    assert "Transfers wait, paused, until you sign in again" in window.banner.text
    bar.sign_in_action.trigger()  # as the banner's button does
    with qtbot.waitSignal(bar.changed, timeout=30_000):
        answer(password_dialog(qtbot, window), USERS["alice"])
    qtbot.waitUntil(lambda: "Signed in again as alice" in window.status_label.text(), timeout=15_000)
    storage.client.list_buckets()
    window.close()
