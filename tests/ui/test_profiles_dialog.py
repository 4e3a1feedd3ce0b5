"""The profiles dialog through its widgets, against the real S3 server and the session's keyring.

Under ``make test`` the keyring is the real Secret Service of tests/with-keyring.sh; the full
connect-cycle test insists on it. Config files go to a temporary XDG_CONFIG_HOME.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import SecretService, fail
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from ensure_browser.core.connection import open_buckets, to_settings
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.profiles.dialog import ProfilesDialog
from ensure_browser.ui.profiles.flow import build_profiles_menu
from tests.support.servers import S3Server

WAIT = 15_000


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture
def store(config_home: Path) -> ProfileStore:
    return ProfileStore(config_home / "ensure-browser")


IN_HARNESS = os.environ.get("ENSURE_BROWSER_TEST_KEYRING") == "1"


@pytest.fixture
def secrets(store: ProfileStore) -> Iterator[SecretStore]:
    """The session's keyring inside the test harness; outside it, no keyring at all, so that a test
    run on a desktop never touches the user's own keyring entries."""
    value = SecretStore() if IN_HARNESS else SecretStore(backend=fail.Keyring())
    yield value
    for name in store.names():  # the keyring entries of what the test left behind
        value.delete(name)


@pytest.fixture
def make_dialog(qtbot: QtBot, store: ProfileStore, secrets: SecretStore) -> Iterator[Callable[[], ProfilesDialog]]:
    made: list[ProfilesDialog] = []

    def factory() -> ProfilesDialog:
        dialog = ProfilesDialog(store, secrets)
        qtbot.addWidget(dialog)
        made.append(dialog)
        qtbot.waitUntil(lambda: dialog.idle, timeout=WAIT)
        return dialog

    yield factory
    for dialog in made:
        qtbot.waitUntil(lambda d=dialog: d.idle, timeout=WAIT)  # type: ignore[misc]


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _wait(qtbot: QtBot, dialog: ProfilesDialog) -> None:
    qtbot.waitUntil(lambda: dialog.idle, timeout=WAIT)


def _fill(dialog: ProfilesDialog, *, name: str | None = None, endpoint: str | None = None,
          access_key: str | None = None, secret: str | None = None, documents: str | None = None) -> None:
    for edit, value in ((dialog.form.name_edit, name), (dialog.form.endpoint_edit, endpoint),
                        (dialog.form.access_key_edit, access_key), (dialog.form.secret_edit, secret),
                        (dialog.form.bucket_edits["documents"], documents)):
        if value is not None:
            edit.setText(value)


def _add_saved(qtbot: QtBot, dialog: ProfilesDialog, s3: S3Server, name: str = "dev",
               secret: str | None = None, documents: str | None = None) -> Profile:
    dialog.profiles.add_button.click()
    _fill(dialog, name=name, endpoint=s3.endpoint, access_key=s3.admin.access_key,
          secret=s3.admin.secret_key if secret is None else secret, documents=documents)
    dialog.save_button.click()
    _wait(qtbot, dialog)
    profile = dialog.store.get(name)
    assert profile is not None, dialog.status.status_label.text()
    return profile


def test_add_edit_and_save(qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server,
                           store: ProfileStore, secrets: SecretStore) -> None:
    dialog = make_dialog()
    assert dialog.profiles.profile_list.count() == 0 and not dialog.form.isEnabled()
    dialog.profiles.add_button.click()
    assert dialog.draft is not None and dialog.form.name_edit.text() == "New profile"
    assert dialog.profiles.profile_list.currentItem().text() == "New profile (unsaved)"
    # the fixture's keyring: the session's Secret Service in the harness, none outside it
    assert dialog.form.secret_location.text() == (
        f"Will be stored in {secrets.backend_description()}" if secrets.available
        else "Session only: no keyring available. The secret is kept in memory until the application quits.")
    _fill(dialog, name="dev", endpoint=f"http://{s3_server.endpoint}", access_key=s3_server.admin.access_key,
          secret=s3_server.admin.secret_key)
    dialog.save_button.click()
    _wait(qtbot, dialog)
    profile = store.get("dev")
    assert profile is not None and profile.endpoint == s3_server.endpoint  # the scheme is normalised away
    assert secrets.get("dev") == s3_server.admin.secret_key
    expected = "Stored in" if secrets.available else "Session only"
    assert dialog.form.secret_location.text().startswith(expected)
    assert dialog.form.name_edit.isReadOnly() and not dialog.is_dirty()

    dialog.form.region_edit.setText("eu-west-1")
    assert dialog.is_dirty()
    dialog.save_button.click()
    _wait(qtbot, dialog)
    assert ProfileStore(store.config_dir).get("dev").region == "eu-west-1"  # type: ignore[union-attr]

    again = make_dialog()  # a new dialog reads the secret back (from the keyring, in a worker)
    assert again.current_name == "dev"
    qtbot.waitUntil(lambda: again.form.secret_edit.text() == s3_server.admin.secret_key, timeout=WAIT)


def test_validation_messages_appear_next_to_the_fields(
    qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], store: ProfileStore, tmp_path: Path
) -> None:
    dialog = make_dialog()
    dialog.profiles.add_button.click()
    _fill(dialog, name="bad", endpoint="http://h:9000/minio", access_key="")
    dialog.save_button.click()
    assert "An endpoint cannot have a path (/minio)" in dialog.form.fields["endpoint"].error.text()
    assert dialog.form.fields["endpoint"].error.isVisibleTo(dialog)
    assert dialog.form.fields["access_key"].error.text() == "Enter the access key."
    assert store.get("bad") is None

    dialog.form.endpoint_edit.setText("https://h:9000")
    dialog.form.access_key_edit.setText("AK")
    dialog.save_button.click()
    assert "Turn TLS on" in dialog.form.fields["endpoint"].error.text()
    dialog.form.tls_check.setChecked(True)
    dialog.form.ca_edit.setText(str(tmp_path / "missing.pem"))
    dialog.form.bucket_edits["ocr"].setText("Not_A_Bucket")
    dialog.save_button.click()
    assert dialog.form.fields["endpoint"].error.text() == ""
    assert "does not exist" in dialog.form.fields["ca_file"].error.text()
    assert "not a valid bucket name" in dialog.form.fields["bucket_ocr"].error.text()
    dialog.form.endpoint_edit.setText("h:70000")
    dialog.form.endpoint_edit.editingFinished.emit()  # checked as soon as the field is left
    assert "between 1 and 65535" in dialog.form.fields["endpoint"].error.text()
    assert store.names() == []


def test_duplicate_rename_delete(qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server,
                                 store: ProfileStore, secrets: SecretStore, answer_yes: list[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = make_dialog()
    _add_saved(qtbot, dialog, s3_server, "dev")
    dialog.profiles.duplicate_button.click()
    assert dialog.form.name_edit.text() == "dev copy" and not dialog.form.name_edit.isReadOnly()
    dialog.save_button.click()
    _wait(qtbot, dialog)
    assert store.names() == ["dev", "dev copy"]
    assert secrets.get("dev copy") == s3_server.admin.secret_key

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("staging", True))
    dialog.profiles.rename_button.click()
    _wait(qtbot, dialog)
    assert store.names() == ["dev", "staging"], dialog.status.status_label.text()
    assert dialog.current_name == "staging"
    assert secrets.get("staging") == s3_server.admin.secret_key
    assert secrets.get("dev copy") is None  # the keyring entry moved

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("dev", True))
    dialog.profiles.rename_button.click()
    assert "exists already" in dialog.status.status_label.text()

    dialog.profiles.delete_button.click()
    assert answer_yes and "staging" in answer_yes[-1]
    _wait(qtbot, dialog)
    assert store.names() == ["dev"]
    assert secrets.get("staging") is None
    assert dialog.current_name == "dev"


def test_unsaved_changes_are_not_lost_silently(
    qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog()
    _add_saved(qtbot, dialog, s3_server, "one")
    _add_saved(qtbot, dialog, s3_server, "two")
    dialog.form.region_edit.setText("changed")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    dialog.profiles.profile_list.setCurrentRow(0)
    assert dialog.current_name == "two" and dialog.form.region_edit.text() == "changed"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.profiles.profile_list.setCurrentRow(0)
    _wait(qtbot, dialog)
    assert dialog.current_name == "one" and dialog.form.region_edit.text() == "us-east-1"


def test_test_connection_shows_the_precise_error_then_success(
    qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server,
    make_bucket: Callable[[str], str],
) -> None:
    documents = make_bucket("docs")
    dialog = make_dialog()
    _add_saved(qtbot, dialog, s3_server, "dev", documents=documents)
    dialog.form.secret_edit.setText("not-the-secret")
    dialog.test_button.click()
    assert dialog.test_button.text() == "Testing…" and not dialog.test_button.isEnabled()
    assert dialog.status.busy.isVisibleTo(dialog)
    _wait(qtbot, dialog)
    assert f"The secret key for access key '{s3_server.admin.access_key}' is wrong" in dialog.status.status_label.text()
    assert dialog.test_button.isEnabled() and not dialog.status.busy.isVisibleTo(dialog)

    dialog.form.secret_edit.setText(s3_server.admin.secret_key)
    dialog.test_button.click()
    _wait(qtbot, dialog)
    text = dialog.status.status_label.text()
    assert text.startswith("Connected: 1 bucket readable."), text
    assert f"You may list {documents}." in text
    assert "The bucket ensure-study-ocr does not exist." in text

    dialog.form.secret_edit.setText("")
    dialog.test_button.click()
    assert dialog.form.fields["secret"].error.text() == "Enter the secret key."


def test_import_from_environment(qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog],
                                 monkeypatch: pytest.MonkeyPatch, store: ProfileStore,
                                 secrets: SecretStore) -> None:
    for var in ("MINIO_ENDPOINT", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "AWS_S3_ENDPOINT", "AWS_S3_BUCKET", "AWS_REGION",
                "AWS_DEFAULT_REGION", "MINIO_SECURE"):
        monkeypatch.delenv(var, raising=False)
    dialog = make_dialog()
    dialog.profiles.import_button.click()
    assert "No server address was found" in dialog.status.status_label.text()

    monkeypatch.setenv("AWS_S3_ENDPOINT", "https://minio.example.org:9443")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "app-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "app-secret-from-env")
    monkeypatch.setenv("AWS_S3_BUCKET", "my-documents")
    dialog.profiles.import_button.click()
    assert dialog.draft is not None
    assert dialog.form.endpoint_edit.text() == "minio.example.org:9443" and dialog.form.tls_check.isChecked()
    assert dialog.form.access_key_edit.text() == "app-key"
    assert dialog.form.secret_edit.text() == "app-secret-from-env"
    assert dialog.form.bucket_edits["documents"].text() == "my-documents"
    assert "Imported from the environment" in dialog.status.status_label.text()
    dialog.save_button.click()
    _wait(qtbot, dialog)
    name = "Environment (minio.example.org:9443)"
    assert store.get(name) is not None and secrets.get(name) == "app-secret-from-env"


def test_connect_emits_profile_and_secret(qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog],
                                          s3_server: S3Server, store: ProfileStore) -> None:
    dialog = make_dialog()
    profile = _add_saved(qtbot, dialog, s3_server, "dev")
    with qtbot.waitSignal(dialog.connect_requested, timeout=WAIT) as signal:
        dialog.connect_button.click()
    assert signal.args == [profile, s3_server.admin.secret_key]
    assert store.last_used == profile and ProfileStore(store.config_dir).last_used == profile
    assert dialog.result() == dialog.DialogCode.Accepted


def test_without_keyring_the_secret_stays_in_memory(
    qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server, store: ProfileStore,
    secrets: SecretStore,
) -> None:
    saved = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = make_dialog()
        assert dialog.form.secret_location.text().startswith("Session only: no keyring available")
        assert dialog.form.session_only_check.isChecked()
        profile = _add_saved(qtbot, dialog, s3_server, "session")
        assert secrets.session.get("session") == s3_server.admin.secret_key
        with qtbot.waitSignal(dialog.connect_requested, timeout=WAIT) as signal:
            dialog.connect_button.click()
        assert signal.args == [profile, s3_server.admin.secret_key]
        assert s3_server.admin.secret_key not in store.path.read_text()
        assert SecretStore().get("session") is None
    finally:
        keyring.set_keyring(saved)


def test_profiles_menu(qtbot: QtBot, store: ProfileStore) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    picked: list[Profile] = []
    build_profiles_menu(menu, store, picked.append)
    assert [a.text() for a in menu.actions()] == ["No saved profiles"]
    assert not menu.actions()[0].isEnabled()
    store.add(Profile(name="b", endpoint="h:1"))
    store.add(Profile(name="a", endpoint="h:2"))
    store.set_last_used("b")
    build_profiles_menu(menu, store, picked.append)
    actions = menu.actions()
    assert [a.text() for a in actions] == ["a", "b"]
    assert [a.isChecked() for a in actions] == [False, True]
    actions[0].trigger()
    assert picked == [store.get("a")]


def test_full_cycle_leaves_no_secret_anywhere(
    qtbot: QtBot, make_dialog: Callable[[], ProfilesDialog], s3_server: S3Server, store: ProfileStore,
    config_home: Path, tmp_path: Path,
) -> None:
    if not IN_HARNESS or not isinstance(keyring.get_keyring(), SecretService.Keyring):
        pytest.fail("This test needs the real Secret Service of the test harness: run it via `make test` "
                    "(dbus-run-session -- sh tests/with-keyring.sh ...).", pytrace=False)
    secret = s3_server.admin.secret_key
    log_file = tmp_path / "ensure-browser.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    logger = logging.getLogger("ensure_browser")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        dialog = make_dialog()
        _add_saved(qtbot, dialog, s3_server, "cycle")
        dialog.test_button.click()
        _wait(qtbot, dialog)
        assert dialog.status.status_label.text().startswith("Connected:")
        with qtbot.waitSignal(dialog.connect_requested, timeout=WAIT) as signal:
            dialog.connect_button.click()
        profile, given = signal.args
        assert given == secret
        # What the main window does with it: connect and list the buckets.
        assert open_buckets(Storage(to_settings(profile, given)), profile.buckets).listed is not None
        reopened = SecretStore().get("cycle")  # the next start reads it from the keyring
        assert reopened == secret
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()

    log_text = log_file.read_text(encoding="utf-8")
    assert "cycle" in log_text  # the log speaks of the profile...
    assert secret not in log_text  # ...never of its secret
    written = [p for p in config_home.rglob("*") if p.is_file()]
    assert store.path in written
    for path in written:
        assert secret.encode() not in path.read_bytes(), path
    assert json.loads(store.path.read_text())["last_used"] == "cycle"
    for settings in (QSettings("ensure-browser", "ensure-browser"), QSettings("ensure-browser")):
        for key in settings.allKeys():
            assert secret not in str(settings.value(key)), key
        if settings.fileName() and Path(settings.fileName()).is_file():
            assert secret.encode() not in Path(settings.fileName()).read_bytes()
