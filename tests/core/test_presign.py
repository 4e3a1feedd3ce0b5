"""Presigned links on obstore (core/s3/presign.py) for the keys it names exactly, minio-py's for the
others: each link fetches the object from the real server and lives as long as asked (and no longer
than 7 days). A signed-in person's link (session token) is tested in test_oidc_signin.py."""

from __future__ import annotations

import urllib.request
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from ensure_browser.core.errors import InvalidRequest
from ensure_browser.core.s3.presign import sign_get
from ensure_browser.core.s3.storage import Storage


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return bytes(resp.read())


@pytest.mark.parametrize("key", ["share/a b.txt", "classrooms/c1/ü ß/a%20b q?x#y+z.txt", "ctl\x7fkey.txt", "a//b.txt"])
def test_a_link_serves_the_object(admin_storage: Storage, bucket: str, key: str) -> None:
    admin_storage.upload_bytes(bucket, key, b"shared " + key.encode())
    url = admin_storage.presign_get(bucket, key, timedelta(minutes=5))
    assert fetch(url) == b"shared " + key.encode()
    assert urlsplit(url).path == f"/{bucket}/{quote(key, safe='/~')}"
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["300"]
    by_obstore = sign_get(admin_storage.stores, bucket, key, timedelta(minutes=5))
    assert (by_obstore is None) == (key in ("ctl\x7fkey.txt", "a//b.txt"))  # those: minio-py's link


def test_the_clamp_stays(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "x.txt", b"x")
    url = admin_storage.presign_get(bucket, "x.txt", timedelta(days=7))
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == [str(7 * 24 * 3600)]
    with pytest.raises(InvalidRequest, match="7 days"):
        admin_storage.presign_get(bucket, "x.txt", timedelta(days=7, seconds=1))
    with pytest.raises(InvalidRequest, match="at least one second"):
        admin_storage.presign_get(bucket, "x.txt", timedelta(0))
