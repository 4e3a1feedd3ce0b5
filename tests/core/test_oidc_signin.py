"""Signing in with OpenID Connect against a real provider (oidc-provider-mock) and a real SeaweedFS
STS API: the whole way from the browser to temporary keys that list, put and get; the refresh token
in the keyring only; each bad input a clear message."""

from __future__ import annotations

import io
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.oidc import OidcClient
from ensure_browser.core.auth.oidc_signin import OidcSignIn
from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.oidc import CLIENT_ID, CLOSED_ROLE, TEACHER_ROLE, Browser, Provider
from tests.support.peers import answer, html_server, read_request, tcp_peer
from tests.support.servers import S3Server, remove_bucket


def oidc_profile(provider: Provider, server: S3Server, **kw: object) -> Profile:
    fields: dict[str, object] = dict(name="school", endpoint=server.endpoint, kind=Kind.OIDC,
                                     issuer=provider.issuer, client_id=CLIENT_ID, role_arn=TEACHER_ROLE)
    fields.update(kw)
    return Profile(**fields)  # type: ignore[arg-type]


def bare_settings(server: S3Server) -> ConnectionSettings:
    return ConnectionSettings(endpoint=server.endpoint, access_key="", secret_key="")


def sign_in(provider: Provider, server: S3Server, browser: Browser | None = None, **kw: object) -> OidcSignIn:
    return OidcSignIn(oidc_profile(provider, server, **kw), bare_settings(server))


def test_sign_in_gives_temporary_keys_that_list_put_and_get(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    browser = Browser("alice")
    signed = flow.interactive(browser, timeout=30)
    browser.join()
    assert not browser.errors
    assert signed.person == "alice"
    assert signed.credentials.access_key.startswith("ASIA")
    assert signed.credentials.session_token
    assert signed.refresh_token
    url = browser.urls[0]
    assert "code_challenge_method=S256" in url and "nonce=" in url and "state=" in url
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in url

    settings = flow.session_settings(signed)
    assert isinstance(settings.credentials, SessionCredentials)
    assert settings.access_key == "alice"
    storage = Storage(settings)
    bucket = "oidc-" + datetime.now(UTC).strftime("%H%M%S%f")
    storage.make_bucket(bucket)
    try:
        storage.client.put_object(bucket, "notes/a.txt", io.BytesIO(b"hello"), 5)
        assert [o.object_name for o in storage.client.list_objects(bucket, recursive=True)] == ["notes/a.txt"]
        assert storage.read_range(bucket, "notes/a.txt", 0, 5) == b"hello"
        assert storage.upload_bytes(bucket, "notes/b.txt", b"by the session").verified  # signed with the session's keys
        assert bucket in [b.name for b in storage.client.list_buckets()]
        # a presigned link carries the session token and lives no longer than the keys that sign it
        url = storage.presign_get(bucket, "notes/a.txt", timedelta(days=7))
        query = parse_qs(urlsplit(url).query)
        assert query["X-Amz-Security-Token"] == [signed.credentials.session_token]
        assert signed.credentials.expiration is not None
        left = signed.credentials.expiration.replace(tzinfo=UTC) - datetime.now(UTC)
        assert 0 < int(query["X-Amz-Expires"][0]) <= left.total_seconds() + 1
        assert requests.get(url, timeout=10).content == b"hello"
    finally:
        remove_bucket(storage, bucket)


def test_signing_in_again_with_the_refresh_token(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    signed = flow.interactive(Browser("bob"), timeout=30)
    assert signed.refresh_token
    again = flow.with_refresh_token(signed.refresh_token)
    assert again.person == "bob"
    assert again.credentials.access_key != signed.credentials.access_key
    Storage(flow.session_settings(again)).client.list_buckets()


# -- bad input: each a clear message ------------------------------------------------------------


def test_wrong_issuer_is_named(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server, issuer=oidc_provider.issuer + "/realms/nowhere")
    browser = Browser()
    with pytest.raises(SignInError, match="answered HTTP 404 for its discovery document. Check the issuer URL"):
        flow.interactive(browser, timeout=5)
    assert browser.urls == []  # no browser opened for a provider that is not there
    with tcp_peer(html_server) as port:
        web_page = sign_in(oidc_provider, iam_s3_server, issuer=f"http://127.0.0.1:{port}")
        with pytest.raises(SignInError, match="does not answer like an OpenID provider"):
            web_page.interactive(browser, timeout=5)

    def lookalike(conn: socket.socket) -> None:  # a discovery document naming another issuer
        read_request(conn)
        answer(conn, json.dumps({"issuer": oidc_provider.issuer}).encode())

    with tcp_peer(lookalike) as port:
        other = sign_in(oidc_provider, iam_s3_server, issuer=f"http://127.0.0.1:{port}")
        with pytest.raises(SignInError, match=f"calls itself '{oidc_provider.issuer}'. The profile's issuer must be"):
            other.interactive(browser, timeout=5)
    assert browser.urls == []
    closed = sign_in(oidc_provider, iam_s3_server, issuer="http://127.0.0.1:9")
    with pytest.raises(SignInError, match="could not be reached"):
        closed.interactive(browser, timeout=5)


def test_closed_browser_tab_times_out(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    with pytest.raises(SignInError, match="No answer came back from the browser within 1 minute. If the sign-in "
                                          "tab was closed, sign in again."):
        flow.interactive(Browser(close_tab=True), timeout=1.5)


def test_sign_in_can_be_cancelled(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    token = CancelToken()

    def browser(url: str) -> bool:
        token.cancel()
        return True

    with pytest.raises(SignInError, match="Sign-in was cancelled"):
        flow.interactive(browser, timeout=30, cancel=token)


def test_denied_consent(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    with pytest.raises(SignInError, match=r"Sign-in was refused at the identity provider \(access denied\)"):
        flow.interactive(Browser(deny=True), timeout=30)


def test_role_that_may_not_be_assumed(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server, role_arn=CLOSED_ROLE)
    with pytest.raises(SignInError, match=f"The storage server at {iam_s3_server.endpoint} does not let you take "
                                          "that role"):
        flow.interactive(Browser(), timeout=30)


def test_token_the_storage_server_rejects(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    """A token for another client id: the provider signs it, the storage server refuses it."""
    flow = sign_in(oidc_provider, iam_s3_server, client_id="another-app")
    with pytest.raises(SignInError, match=f"The storage server at {iam_s3_server.endpoint} did not accept the "
                                          "identity token"):
        flow.interactive(Browser(), timeout=30)


@pytest.mark.parametrize(("offset", "message"), [
    (-600, r"The ID token was issued in the future by this computer's clock \(10 minutes\)"),
    (7200, r"The ID token has expired by this computer's clock \(\d+ minutes\)"),
])
def test_clock_skew(oidc_provider: Provider, iam_s3_server: S3Server, offset: int, message: str) -> None:
    """This computer's clock 10 minutes behind or 2 hours ahead of the provider's."""
    import time

    profile = oidc_profile(oidc_provider, iam_s3_server)
    client = OidcClient(profile.issuer, profile.client_id, now=lambda: time.time() + offset)
    flow = OidcSignIn(profile, bare_settings(iam_s3_server), client=client)
    with pytest.raises(SignInError, match=message + r"\. Check that the clock"):
        flow.interactive(Browser(), timeout=30)


def test_storage_server_without_the_role(oidc_provider: Provider, s3_server: S3Server) -> None:
    """The shared test server has no IAM configuration: no role to take there."""
    flow = OidcSignIn(oidc_profile(oidc_provider, s3_server), bare_settings(s3_server))
    with pytest.raises(SignInError, match=f"The storage server at {s3_server.endpoint} does not let you take that "
                                          "role: role not found: Teacher."):
        flow.interactive(Browser(), timeout=30)


def test_refresh_token_the_provider_rejects(oidc_provider: Provider, iam_s3_server: S3Server) -> None:
    flow = sign_in(oidc_provider, iam_s3_server)
    with pytest.raises(SignInError, match="The identity provider no longer accepts the kept sign-in. Sign in again."):
        flow.with_refresh_token("not-a-refresh-token")


def test_log_scrubbing_covers_sign_in_values() -> None:
    from ensure_browser.logs import scrub

    jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
    line = (f"GET /callback?code=abc123&state=s1 | grant_type=refresh_token&refresh_token=r-9f8e7d "
            f"| WebIdentityToken={jwt}&RoleArn=x | token {jwt} | status_code=200")
    clean = scrub(line)
    for secret in ("abc123", "r-9f8e7d", jwt, "c2lnbmF0dXJl"):
        assert secret not in clean
    assert "state=s1" in clean and "status_code=200" in clean and "RoleArn=x" in clean


def test_command_line_names_a_profile_it_cannot_use(tmp_path: Path) -> None:
    from ensure_browser.core.connection import TargetError, saved_profile
    from ensure_browser.core.profiles.store import ProfileStore

    store = ProfileStore(tmp_path / "config")
    store.put(Profile(name="school", endpoint="127.0.0.1:9000", kind=Kind.OIDC, issuer="https://idp.example.org",
                      client_id=CLIENT_ID))
    with pytest.raises(TargetError, match="The profile 'school' signs in as a person \\(oidc\\): open it in the "
                                          "window"):
        saved_profile("school", store)
