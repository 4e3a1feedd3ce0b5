"""obstore with a signed-in person's temporary keys (#23): keys that ended and cannot be renewed ask for
a sign-in on obstore's path as on the signed one; a link made after the session renewed its keys is
signed with the new ones, so it lives as long as it says, past the end of the first keys.

A real provider and a SeaweedFS whose STS keys live 12 seconds (tests/support/oidc.py)."""

from __future__ import annotations

import dataclasses
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from minio.credentials import Credentials

from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.errors import SignInRequired
from ensure_browser.core.s3.storage import Storage
from tests.support.oidc import ShortLived, short_lived, signed_in
from tests.support.servers import S3Server

KEY_LIFETIME = 12  # seconds; the session renews 3 s before the end (a quarter of the life)


@pytest.fixture(scope="module")
def short() -> Iterator[ShortLived]:
    with short_lived(KEY_LIFETIME) as value:
        yield value


def test_a_link_made_after_a_renewal_is_signed_with_the_new_keys(short: ShortLived) -> None:
    flow, signed = signed_in(short, short.server.endpoint)
    settings = flow.session_settings(signed)
    session = settings.credentials
    assert isinstance(session, SessionCredentials)
    storage = Storage(settings)
    bucket = f"links-{uuid.uuid4().hex[:10]}"
    storage.make_bucket(bucket)
    storage.upload_bytes(bucket, "notes.txt", b"for the class")
    first = session.retrieve()
    storage.presign_get(bucket, "notes.txt", timedelta(seconds=30))  # signed with the first keys
    assert first.expiration is not None
    while session.retrieve().access_key == first.access_key:  # the app renews inside its margin
        time.sleep(0.2)
    renewed = session.retrieve()
    url = storage.presign_get(bucket, "notes.txt", timedelta(seconds=8))
    assert parse_qs(urlsplit(url).query)["X-Amz-Credential"][0].startswith(renewed.access_key + "/")
    time.sleep(max(0.0, first.expiration.timestamp() - time.time()) + 1.0)  # the first keys ended
    with urllib.request.urlopen(url, timeout=10) as resp:  # the link lives as long as it says
        assert resp.read() == b"for the class"


@pytest.mark.parametrize("key", ["notes/a.txt", "notes//a.txt"])  # obstore's path, and the signed one
def test_expired_keys_ask_for_a_sign_in_on_every_path(s3_server: S3Server, admin_storage: Storage, bucket: str,
                                                      key: str) -> None:
    """Keys that ended and cannot be renewed: every request says so (:class:`SignInRequired`, on which
    the transfer queue waits for a new sign-in) instead of failing as a refusal of the server."""
    admin_storage.upload_bytes(bucket, key, b"for the class")
    past = datetime.now(UTC) - timedelta(minutes=1)
    ended = Credentials("ASIAENDED", "secret", session_token="token", expiration=past.replace(tzinfo=None))
    settings = dataclasses.replace(s3_server.settings(retries=0), access_key="carol",
                                   credentials=SessionCredentials(ended, None, person="carol"))
    storage = Storage(settings)
    with pytest.raises(SignInRequired, match="sign in again"):
        storage.read_range(bucket, key, 0, 3)
    with pytest.raises(SignInRequired, match="sign in again"):
        storage.upload_bytes(bucket, key + ".new", b"new")
