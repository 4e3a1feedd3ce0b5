"""Secrets through a REAL Secret Service (gnome-keyring on a private D-Bus session).

Run via ``make test`` or by hand:
``dbus-run-session -- sh tests/with-keyring.sh .venv/bin/python -m pytest tests/core/test_keyring.py``.
Outside that harness these tests fail on purpose: they would otherwise write to (and lock) the
desktop's own keyring.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, fail
from keyring.backends.chainer import ChainerBackend

from ensure_browser.core.connection import open_buckets, to_settings
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SERVICE, SecretLocation, SecretStore, SecretStoreError
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.s3.storage import Storage
from tests.support.servers import S3Server

pytestmark = pytest.mark.keyring

HARNESS_PASSWORD = "ensure-browser-test-keyring"  # the login keyring's password in tests/with-keyring.sh
RUN_HINT = (
    "These tests need the throwaway Secret Service of the test harness. Run them via `make test`, or "
    "`dbus-run-session -- sh tests/with-keyring.sh .venv/bin/python -m pytest tests/core/test_keyring.py`."
)


@pytest.fixture(scope="module", autouse=True)
def secret_service() -> None:
    if os.environ.get("ENSURE_BROWSER_TEST_KEYRING") != "1":
        pytest.fail(f"No test keyring (ENSURE_BROWSER_TEST_KEYRING is not set). {RUN_HINT}", pytrace=False)
    backend = keyring.get_keyring()
    if not isinstance(backend, SecretService.Keyring):
        pytest.fail(f"The keyring backend is {type(backend).__module__}, not SecretService. {RUN_HINT}",
                    pytrace=False)


@pytest.fixture
def name() -> Iterator[str]:
    """A fresh profile name; its keyring entry is removed afterwards."""
    value = f"test profile {uuid.uuid4().hex[:8]}"
    yield value
    SecretStore().delete(value)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    saved = keyring.get_keyring()
    try:
        yield
    finally:
        keyring.set_keyring(saved)


def _items(username: str) -> list[dict[str, str]]:
    """The Secret Service items of ``username`` under our service, read without keyring."""
    import secretstorage

    conn = secretstorage.dbus_init()
    with closing(conn):
        return [item.get_attributes() for item in
                secretstorage.search_items(conn, {"service": SERVICE, "username": username})]


def test_save_load_rename_delete(name: str) -> None:
    secrets = SecretStore()
    assert secrets.available and secrets.unavailable_reason() is None
    assert isinstance(secrets.backend(), SecretService.Keyring)
    assert secrets.get(name) is None

    assert secrets.save(name, "first-secret") is SecretLocation.KEYRING
    secrets.set(name, "second-secret")  # replaces, one entry per profile
    assert len(_items(name)) == 1
    assert SecretStore().get(name) == "second-secret"  # a new store (new run) reads the keyring
    assert secrets.location(name) is SecretLocation.KEYRING

    renamed = name + " renamed"
    try:
        secrets.rename(name, renamed)
        assert SecretStore().get(renamed) == "second-secret"
        assert SecretStore().get(name) is None and _items(name) == []
        secrets.delete(renamed)
        assert SecretStore().get(renamed) is None and _items(renamed) == []
        secrets.delete(renamed)  # deleting what is not there is fine
    finally:
        secrets.delete(renamed)


def test_backend_description_names_the_provider() -> None:
    assert SecretStore().backend_description() == "GNOME Keyring (Secret Service)"


def test_session_secret_wins_for_this_run_only(name: str) -> None:
    secrets = SecretStore()
    secrets.set(name, "in-keyring")
    assert secrets.save(name, "typed-now", session_only=True) is SecretLocation.SESSION
    assert secrets.get(name) == "typed-now"
    assert secrets.location(name) is SecretLocation.SESSION
    assert SecretStore().get(name) == "in-keyring"


def test_no_backend_ends_in_a_session_only_connection(
    restore_keyring: None, s3_server: S3Server, tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    secrets = SecretStore()
    assert secrets.available is False
    assert secrets.backend_description() == "no keyring"
    assert "kept for this session only" in (secrets.unavailable_reason() or "")
    with pytest.raises(SecretStoreError) as info:
        secrets.set("p", "x")
    assert info.value.retryable is False and "this session only" in info.value.message

    store = ProfileStore(tmp_path)
    admin = s3_server.admin
    profile = Profile(name="session", endpoint=s3_server.endpoint, access_key=admin.access_key)
    store.add(profile)
    assert secrets.save(profile.name, admin.secret_key) is SecretLocation.SESSION
    secret = secrets.get(profile.name)
    assert secret == admin.secret_key
    access = open_buckets(Storage(to_settings(profile, secret)), profile.buckets)
    assert access.listed is not None

    assert admin.secret_key not in store.path.read_text()
    assert SecretStore().get(profile.name) is None  # nothing outlives the session
    keyring.set_keyring(SecretService.Keyring())
    assert _items(profile.name) == []


class _PlainFile(KeyringBackend):
    """Stands for keyrings.alt's PlaintextKeyring (not installed here): same module and class name.

    Not ``viable``, so keyring never picks it (or a chainer over it) by itself in this process.
    """

    priority = 0.5
    viable = False
    stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


_PlainFile.__module__ = "keyrings.alt.file"
_PlainFile.__name__ = _PlainFile.__qualname__ = "PlaintextKeyring"


def _chain(*backends: Any) -> ChainerBackend:
    """A chainer over exactly ``backends`` (as keyring builds when several backends are viable)."""
    chain = type("Chain", (ChainerBackend,), {"viable": False, "backends": list(backends)})
    return chain()


def test_plaintext_backends_are_refused(name: str) -> None:
    plain = _PlainFile()
    secrets = SecretStore(backend=plain)
    assert secrets.available is False
    assert "plain file" in (secrets.unavailable_reason() or "")
    assert secrets.save(name, "never-on-disk") is SecretLocation.SESSION
    assert _PlainFile.stored == {}

    only_plain = SecretStore(backend=_chain(plain))
    assert only_plain.available is False
    with pytest.raises(SecretStoreError, match="plain file"):
        only_plain.set(name, "never-on-disk")

    mixed = SecretStore(backend=_chain(SecretService.Keyring(), plain))
    mixed.set(name, "secure-only")
    assert _PlainFile.stored == {}
    assert SecretStore().get(name) == "secure-only"
    assert mixed.backend_description() == "GNOME Keyring (Secret Service)"


def _lock_default_collection() -> str:
    import secretstorage

    conn = secretstorage.dbus_init()
    with closing(conn):
        collection = secretstorage.get_default_collection(conn)
        collection.lock()
        assert collection.is_locked()
        return str(collection.collection_path)


def _unlock_with_master_password(path: str) -> None:
    """gnome-keyring's own non-interactive unlock (the prompt needs a display we do not have)."""
    import secretstorage
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    conn = secretstorage.dbus_init()
    with closing(conn):
        internal = DBusAddressWrapper("/org/freedesktop/secrets",
                                      "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", conn)
        secret = format_secret(open_session(conn), HARNESS_PASSWORD.encode(), "text/plain")
        internal.call("UnlockWithMasterPassword", "o(oayays)", path, secret)


def test_locked_keyring_is_a_clear_retryable_error(name: str, caplog: pytest.LogCaptureFixture) -> None:
    secrets = SecretStore()
    secrets.set(name, "locked-away-secret")
    path = _lock_default_collection()
    try:
        with pytest.raises(SecretStoreError) as info:
            secrets.get(name)
        assert info.value.retryable is True
        assert "The keyring is locked" in info.value.message
        with pytest.raises(SecretStoreError, match="locked"):
            secrets.set(name, "other")
    finally:
        _unlock_with_master_password(path)
    assert secrets.get(name) == "locked-away-secret"  # retry after unlocking works
    assert "locked-away-secret" not in caplog.text
    assert name in caplog.text  # the log names the profile


def test_profiles_file_holds_no_secret_after_keyring_save(name: str, tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.add(Profile(name=name, endpoint="localhost:9000", access_key="AK"))
    SecretStore().set(name, "kept-in-the-keyring-only")
    store.set_last_used(name)
    text = store.path.read_text()
    assert "kept-in-the-keyring-only" not in text
    assert json.loads(text)["last_used"] == name
