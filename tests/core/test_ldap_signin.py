"""Signing in with a directory (LDAP) account against a real ``slapd`` and a real SeaweedFS whose STS API
has an LDAP provider: temporary keys that list, put and get; a wrong password, an unknown user and a role
the person may not take each a clear message; the password reaches no log."""

from __future__ import annotations

import io
import logging
import socket
import time
from datetime import UTC, datetime

import pytest

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.errors import SignInRequired
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.ldap import CLOSED_ROLE, STAFF_ROLE, USERS, Directory, ldap_iam_server
from tests.support.servers import S3Server, remove_bucket


def ldap_profile(server: S3Server, user: str = "alice", role: str = STAFF_ROLE) -> Profile:
    return Profile(name="directory", endpoint=server.endpoint, kind=Kind.LDAP, user_name=user, role_arn=role)


def flow(server: S3Server, user: str = "alice", role: str = STAFF_ROLE) -> LdapSignIn:
    return LdapSignIn(ldap_profile(server, user, role), ConnectionSettings(endpoint=server.endpoint, access_key="",
                                                                           secret_key=""))


def test_directory_sign_in_gives_keys_that_list_put_and_get(ldap_s3_server: S3Server,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sign_in = flow(ldap_s3_server)
    signed = sign_in.sign_in(USERS["alice"])
    assert signed.person == "alice"
    assert signed.credentials.access_key.startswith("ASIA")
    assert signed.credentials.session_token
    assert signed.refresh_token is None
    assert sign_in.renewer(signed) is None
    settings = sign_in.session_settings(signed)
    assert isinstance(settings.credentials, SessionCredentials)
    storage = Storage(settings)
    bucket = "ldap-" + datetime.now(UTC).strftime("%H%M%S%f")
    storage.make_bucket(bucket)
    try:
        storage.client.put_object(bucket, "notes/a.txt", io.BytesIO(b"hello"), 5)
        assert [o.object_name for o in storage.client.list_objects(bucket, recursive=True)] == ["notes/a.txt"]
        assert storage.read_range(bucket, "notes/a.txt", 0, 5) == b"hello"
    finally:
        remove_bucket(ldap_s3_server.storage(), bucket)
    assert USERS["alice"] not in caplog.text


@pytest.mark.parametrize(("user", "password", "role", "message"), [
    ("alice", "not the password", STAFF_ROLE, "did not accept the user name 'alice' with this password"),
    ("nobody", "whatever", STAFF_ROLE, "did not accept the user name 'nobody'"),
    ("alice", USERS["alice"], CLOSED_ROLE, "does not let 'alice' take that role"),
    ("alice", USERS["alice"], "", "needs a role for a directory sign-in"),
])
def test_refusals_in_words(ldap_s3_server: S3Server, user: str, password: str, role: str, message: str) -> None:
    with pytest.raises(SignInError) as caught:
        flow(ldap_s3_server, user, role).sign_in(password)
    assert message in caught.value.message
    assert password not in caught.value.message + caught.value.detail


def test_empty_password_is_not_sent(ldap_s3_server: S3Server) -> None:
    with pytest.raises(SignInError, match="Enter your directory password"):
        flow(ldap_s3_server).sign_in("")


def test_storage_server_without_a_directory(s3_server: S3Server) -> None:
    """A server with no STS API (the plain test server) says so."""
    with pytest.raises(SignInError) as caught:
        flow(s3_server).sign_in(USERS["alice"])
    assert "sign-in" in caught.value.message and s3_server.endpoint in caught.value.message


def test_expired_directory_keys_ask_for_a_new_sign_in(ldap_directory: Directory) -> None:
    """No refresh token: once the keys end, requests raise SignInRequired (transfers pause on it) until
    a new sign-in with the password restarts the session."""
    with ldap_iam_server(ldap_directory, "3s") as server:
        sign_in = flow(server)
        settings = sign_in.session_settings(sign_in.sign_in(USERS["alice"]))
        session = settings.credentials
        assert isinstance(session, SessionCredentials)
        storage = Storage(settings)
        storage.client.list_buckets()
        deadline = session.expires
        assert deadline is not None
        time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + 0.5)
        with pytest.raises(SignInRequired):
            storage.client.list_buckets()
        assert not session.signed_in
        again = sign_in.sign_in(USERS["alice"])
        session.restart(again.credentials, sign_in.renewer(again), again.person)
        storage.client.list_buckets()


def test_check_without_a_password(ldap_s3_server: S3Server) -> None:
    """'Test connection' of a directory profile: the server's STS API answers, no password is sent (so no
    failed login reaches the directory); a server that is not there is named."""
    flow(ldap_s3_server).check()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{sock.getsockname()[1]}"
    gone = LdapSignIn(Profile(name="d", endpoint=closed, kind=Kind.LDAP, user_name="alice", role_arn=STAFF_ROLE),
                      ConnectionSettings(endpoint=closed, access_key="", secret_key="", connect_timeout=2))
    with pytest.raises(SignInError, match="could not be reached"):
        gone.check()
