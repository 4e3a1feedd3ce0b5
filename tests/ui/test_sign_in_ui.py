"""Signing in as a person from the window: the profile form's kinds, the browser sign-in through
``QDesktopServices`` (its URL handler plays the person at the browser, over HTTP), the status bar,
expiry with the banner asking to sign in again, "Sign out", and no token or key left on disk.

Real parts: oidc-provider-mock, SeaweedFS with its STS API, gnome-keyring (run inside the keyring
harness: ``dbus-run-session -- sh tests/with-keyring.sh ...``).
"""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.errors import SignInRequired
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.ui.auth.sign_in import WaitingDialog, sign_in
from ensure_browser.ui.profiles.dialog import ProfilesDialog
from ensure_browser.ui.profiles.flow import open_dialog, open_profile
from ensure_browser.ui.profiles.form import ProfileForm
from tests.support.logs import app_logging
from tests.support.oidc import CLIENT_ID, TEACHER_ROLE, Browser, Provider, ShortLived, short_lived
from tests.support.servers import S3Server, remove_bucket
from tests.support.signed_in import files_holding, fresh_home, window_with


class UrlHandler(QObject):
    """QDesktopServices' handler for http URLs: the browser, played by :class:`Browser`."""

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self.browser = browser

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.browser(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def browser() -> Iterator[Browser]:
    person = Browser("alice")
    handler = UrlHandler(person)
    QDesktopServices.setUrlHandler("http", handler, "open")
    try:
        yield person
    finally:
        QDesktopServices.unsetUrlHandler("http")
        person.join()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fresh_home(tmp_path, monkeypatch)


def school_profile(issuer: str, server: S3Server) -> Profile:
    return Profile(name=f"school {uuid.uuid4().hex[:6]}", endpoint=server.endpoint, kind=Kind.OIDC, issuer=issuer,
                   client_id=CLIENT_ID, role_arn=TEACHER_ROLE)


def test_profile_form_kinds(qtbot: QtBot) -> None:
    form = ProfileForm()
    qtbot.addWidget(form)
    form.show()
    form.fill(Profile(name="p", endpoint="localhost:9000", access_key="k"), "s", saved=False, session_only=False)
    assert form.access_key_edit.isVisible() and not form.sign_in.issuer_edit.isVisible()
    form.sign_in.kind_combo.setCurrentIndex(form.sign_in.kind_combo.findData(Kind.OIDC.value))
    assert not form.access_key_edit.isVisible() and not form.secret_edit.isVisible()
    assert form.sign_in.issuer_edit.isVisible() and form.sign_in.role_edit.isVisible()
    assert not form.sign_in.user_edit.isVisible()
    assert form.validated(name_taken=False, need_secret=True) is None  # no secret needed; issuer and client id are
    assert form.fields["issuer"].error.text().startswith("Enter the provider's issuer URL")
    assert form.fields["client_id"].error.text() == "Enter the client id the provider gave this app."
    form.sign_in.issuer_edit.setText("http://idp.example.org")
    form.sign_in.client_id_edit.setText("ensure-browser")
    form.sign_in.role_edit.setText("Teacher")
    assert form.validated(name_taken=False, need_secret=True) is None
    assert form.fields["issuer"].error.text() == "The issuer URL must use https (tokens travel there)."
    assert form.fields["role_arn"].error.text().startswith("A role ARN starts with 'arn:'")
    form.sign_in.issuer_edit.setText("https://idp.example.org/realms/school/")
    form.sign_in.role_edit.setText(TEACHER_ROLE)
    profile = form.validated(name_taken=False, need_secret=True)
    assert profile is not None and profile.kind is Kind.OIDC
    assert Profile.from_json(profile.to_json()) == profile
    assert "secret" not in str(profile.to_json())
    form.sign_in.kind_combo.setCurrentIndex(form.sign_in.kind_combo.findData(Kind.LDAP.value))
    assert form.sign_in.user_edit.isVisible() and not form.sign_in.issuer_edit.isVisible()
    assert form.validated(name_taken=False, need_secret=True) is None
    assert form.fields["user_name"].error.text() == "Enter your directory user name."
    for name in ("kind", "issuer", "client_id", "scopes", "user_name", "role_arn"):
        assert form.fields[name].widget.accessibleName()


@pytest.mark.keyring
def test_sign_in_from_the_window_then_sign_out_leaves_nothing_on_disk(
        qtbot: QtBot, oidc_provider: Provider, iam_s3_server: S3Server, browser: Browser, home: Path,
        tmp_path: Path) -> None:
    with app_logging(tmp_path / "log", verbose=2) as log_file:
        window, bar, svc = window_with(qtbot, home)
        profile = school_profile(oidc_provider.issuer, iam_s3_server)
        svc.store.put(profile)
        with qtbot.waitSignal(window.connected, timeout=30_000):
            open_profile(window, profile.name)
        assert browser.urls and not browser.errors
        session = window.connection.settings.credentials if window.connection else None
        assert isinstance(session, SessionCredentials)
        assert re.fullmatch(r"Signed in as alice until (\d{4}-\d\d-\d\d )?\d\d:\d\d", bar.label.text())  # date: not today
        assert "as alice" in window.status_label.text()
        keys = session.retrieve()
        refresh = svc.secrets.get(profile.secret_account)
        assert refresh  # kept in the keyring ...
        assert window.connection is not None and window.connection.storage is not None
        storage = window.connection.storage
        bucket = f"ui-{uuid.uuid4().hex[:10]}"
        storage.make_bucket(bucket)
        try:
            storage.client.put_object(bucket, "a.txt", io.BytesIO(b"hi"), 2)
            assert storage.read_range(bucket, "a.txt", 0, 2) == b"hi"
        finally:
            remove_bucket(storage, bucket)
        assert bar.sign_out_action.isEnabled()
        bar.sign_out_action.trigger()
        qtbot.waitUntil(lambda: "the kept sign-in was removed" in window.status_label.text(), timeout=10_000)
        assert svc.secrets.get(profile.secret_account) is None
        assert bar.label.text() == "Signed out"
        with pytest.raises(SignInRequired, match="You signed out: sign in again to go on."):
            storage.list_buckets()  # the keys are gone from the connection too
        assert not bar.sign_out_action.isEnabled() and bar.sign_in_action.isEnabled()
        window.close()
    # ... and nowhere else: no token, temporary secret or session token in a file of the home folder,
    # the log, or the keyring's own folder (encrypted there)
    assert log_file.read_text().count("signed in as alice") == 1
    folders = [home, log_file.parent, Path(os.environ["XDG_DATA_HOME"])]
    assert files_holding(folders, [keys.secret_key, keys.session_token or "", refresh or ""]) == []


@pytest.fixture(scope="module")
def short() -> Iterator[ShortLived]:
    with short_lived(6) as value:
        yield value


@pytest.mark.keyring
def test_expired_sign_in_asks_to_sign_in_again(qtbot: QtBot, short: ShortLived, browser: Browser,
                                                 home: Path) -> None:
    window, bar, svc = window_with(qtbot, home)
    profile = school_profile(short.issuer, short.server)
    svc.store.put(profile)
    with qtbot.waitSignal(window.connected, timeout=30_000):
        open_profile(window, profile.name)
    assert window.connection is not None and window.connection.storage is not None
    storage = window.connection.storage
    short.idp.down()  # no renewal possible
    try:
        def expired() -> bool:
            try:
                storage.client.list_buckets()  # a request that meets the expiry (a worker's, in the app)
            except Exception:
                return True
            return False

        qtbot.waitUntil(expired, timeout=30_000)
        qtbot.waitUntil(lambda: "Your sign-in has expired and could not be renewed" in window.banner.text,
                        timeout=10_000)
        assert window.banner.isVisible()
        assert "Transfers wait, paused, until you sign in again" in window.banner.text
        assert bar.label.text() == "Sign-in of alice expired"
    finally:
        short.idp.up()
    bar.sign_in_action.trigger()  # as the banner's button does
    qtbot.waitUntil(lambda: "Signed in again as alice" in window.status_label.text(), timeout=30_000)
    storage.client.list_buckets()  # the same connection works with the new keys
    assert bar.label.text().startswith("Signed in as alice until")
    svc.secrets.delete(profile.secret_account)
    window.close()


def test_profiles_dialog_tests_and_connects_a_school_account(
        qtbot: QtBot, oidc_provider: Provider, iam_s3_server: S3Server, browser: Browser, home: Path) -> None:
    """Add a profile of the OpenID Connect kind in the dialog, test it (the provider answers), connect:
    the browser sign-in follows and the window connects; nothing asks for a secret key."""
    window, bar, svc = window_with(qtbot, home)
    dialog = open_dialog(window)
    dialog.add_profile()
    form = dialog.form
    form.endpoint_edit.setText(iam_s3_server.endpoint)
    form.sign_in.kind_combo.setCurrentIndex(form.sign_in.kind_combo.findData(Kind.OIDC.value))
    form.sign_in.issuer_edit.setText(oidc_provider.issuer + "/wrong")
    form.sign_in.client_id_edit.setText(CLIENT_ID)
    form.sign_in.role_edit.setText(TEACHER_ROLE)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=15_000)
    assert "answered HTTP 404 for its discovery document" in dialog.status.status_label.text()
    form.sign_in.issuer_edit.setText(oidc_provider.issuer)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=15_000)
    assert dialog.status.status_label.text() == (f"The identity provider answers at {oidc_provider.issuer}. "
                                                 "Connect to sign in in the web browser.")
    name = form.name_edit.text()
    with qtbot.waitSignal(window.connected, timeout=30_000):
        dialog.connect_button.click()
    saved = svc.store.get(name)
    assert saved is not None and saved.kind is Kind.OIDC and saved.issuer == oidc_provider.issuer
    assert svc.secrets.get(name) is None  # no secret key stored for it, only its refresh token
    assert svc.secrets.get(saved.secret_account)
    assert bar.label.text().startswith("Signed in as alice until")
    svc.secrets.delete(saved.secret_account)
    window.close()


def test_renaming_or_deleting_a_profile_takes_its_kept_sign_in_along(qtbot: QtBot, home: Path) -> None:
    window, _bar, svc = window_with(qtbot, home)
    profile = Profile(name="school", endpoint="127.0.0.1:9", kind=Kind.OIDC, issuer="https://idp.example.org",
                      client_id=CLIENT_ID)
    svc.store.put(profile)
    svc.secrets.set(profile.secret_account, "kept-refresh-token")
    dialog = ProfilesDialog(svc.store, svc.secrets, window, select="school")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.idle, timeout=10_000)
    dialog.rename_profile("school 2")
    qtbot.waitUntil(lambda: "Renamed to school 2." in dialog.status.status_label.text(), timeout=10_000)
    renamed = svc.store.get("school 2")
    assert renamed is not None and renamed.kind is Kind.OIDC
    assert svc.secrets.get(renamed.secret_account) == "kept-refresh-token"
    assert svc.secrets.get(profile.secret_account) is None
    dialog.delete_profile("school 2")
    qtbot.waitUntil(lambda: dialog.idle, timeout=10_000)
    assert svc.secrets.get(renamed.secret_account) is None
    window.close()


def test_no_browser_shows_the_address_and_cancel_stops_the_sign_in(
        qtbot: QtBot, oidc_provider: Provider, iam_s3_server: S3Server, home: Path) -> None:
    window, _bar, svc = window_with(qtbot, home)
    profile = school_profile(oidc_provider.issuer, iam_s3_server)
    opened: list[str] = []

    def no_browser(url: str) -> bool:
        opened.append(url)
        return False

    sign_in(window, profile, svc.secrets, open_url=no_browser)
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    dialog = window.findChild(WaitingDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.url_edit.text() == opened[0] and dialog.url_edit.isVisible()
    assert dialog.text.text().startswith("No web browser could be opened. Open this address in a browser")
    dialog.reject()  # Cancel
    qtbot.waitUntil(lambda: window.status_label.text() == "Not signed in", timeout=10_000)
    assert not window.banner.isVisible()  # cancelling is no error
    assert window.connection is None
    window.close()


def test_share_links_of_a_signed_in_person_end_with_the_session(
        qtbot: QtBot, oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    """Links asked for 7 days, signed with keys that live an hour: they end with the keys, and say so."""
    from ensure_browser.core.auth.oidc_signin import OidcSignIn
    from ensure_browser.core.s3.storage import ConnectionSettings, Storage
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.ui.objects.share import ShareDialog

    profile = school_profile(oidc_provider.issuer, iam_s3_server)
    flow = OidcSignIn(profile, ConnectionSettings(endpoint=iam_s3_server.endpoint, access_key="", secret_key=""))
    signed = flow.interactive(Browser("erin"), timeout=30)
    storage = Storage(flow.session_settings(signed))
    bucket = f"share-{uuid.uuid4().hex[:10]}"
    storage.make_bucket(bucket)
    try:
        storage.client.put_object(bucket, "notes/a.txt", io.BytesIO(b"hello"), 5)
        dialog = ShareDialog(storage, BucketNames(documents=bucket), [(bucket, "notes/a.txt")], "a.txt")
        qtbot.addWidget(dialog)
        dialog.lifetime.setCurrentIndex(dialog.lifetime.count() - 1)  # 7 days (maximum)
        dialog.make_links()
        qtbot.waitUntil(lambda: dialog.handle is None and dialog.result_links is not None, timeout=10_000)
        result = dialog.result_links
        assert result is not None and result.earliest_expiry is not None
        assert signed.credentials.expiration is not None
        assert abs((result.earliest_expiry - signed.credentials.expiration.replace(tzinfo=UTC)).total_seconds()) < 5
        assert dialog.status.text().endswith("Shortened to the end of your sign-in session: a link signed with "
                                             "temporary keys stops working when they expire.")
    finally:
        remove_bucket(storage, bucket)
