"""The byte path's obstore stores (core/s3/object_store.py) against the real SeaweedFS: which keys
obstore carries exactly, and a store built from the connection's settings reading and writing."""

from __future__ import annotations

import io
from dataclasses import replace

import obstore
import pytest
from obstore.exceptions import GenericError, PermissionDeniedError

from ensure_browser.core.s3.object_store import ObjectStores, exact_key
from ensure_browser.core.s3.storage import Storage
from tests.support.servers import S3Server


@pytest.mark.parametrize("key", ["plain.pdf", "classrooms/c1/materials/ü ß.pdf", "a%20b", "q?x#y",
                                 "back\\slash", "a\u200eb", " spaced ", "~a*b"])
def test_exact_keys(key: str) -> None:
    assert exact_key(key)


@pytest.mark.parametrize("key", ["", "dir/", "/lead", "a//b", "a/./b", "a/../b", ".", "..", "a/.",
                                 "esc\x1bkey", "tab\tkey", "del\x7fkey", "nul\x00key"])
def test_keys_obstore_would_change_take_another_way(key: str) -> None:
    assert not exact_key(key)


def test_why_a_trailing_slash_is_not_exact(admin_storage: Storage, bucket: str) -> None:
    """obstore reads "dir/" as "dir": a folder marker and an object "dir" would be confused."""
    admin_storage.client.put_object(bucket, "dir/", io.BytesIO(b"marker"), 6)
    store = ObjectStores(admin_storage.settings).store(bucket)
    with pytest.raises(FileNotFoundError):
        obstore.get(store, "dir/").bytes()


def test_store_reads_and_writes_with_the_settings_keys(admin_storage: Storage, bucket: str) -> None:
    stores = ObjectStores(admin_storage.settings)
    store = stores.store(bucket)
    assert stores.store(bucket) is store
    result = obstore.put(store, "classrooms/c1/x.txt", b"hello")
    assert admin_storage.stat(bucket, "classrooms/c1/x.txt").etag == result["e_tag"].strip('"')
    assert bytes(obstore.get(store, "classrooms/c1/x.txt").bytes()) == b"hello"
    checked = stores.store(bucket, checksum="sha256")
    assert checked is not store
    obstore.put(checked, "classrooms/c1/y.txt", b"checked")
    assert bytes(obstore.get(store, "classrooms/c1/y.txt").bytes()) == b"checked"


def test_wrong_secret_is_refused(s3_server: S3Server, bucket: str) -> None:
    settings = s3_server.settings()
    store = ObjectStores(replace(settings, secret_key="wrong-" + settings.secret_key)).store(bucket)
    with pytest.raises((PermissionDeniedError, GenericError)):
        obstore.put(store, "x.txt", b"x")


def test_which_connections_use_obstore(s3_server: S3Server) -> None:
    """Temporary keys (a redirect would carry their session token) and a CA file of its own (obstore
    can only add it to the system's roots) keep a connection's GETs and PUTs off obstore."""
    from minio.credentials.providers import StaticProvider

    plain = s3_server.settings()
    assert ObjectStores(plain).carries("a.txt") and not ObjectStores(plain).carries("dir/")
    assert not ObjectStores(replace(plain, credentials=StaticProvider("a", "b", "token"))).carries("a.txt")
    assert not ObjectStores(replace(plain, secure=True, ca_file="/etc/school-ca.pem")).carries("a.txt")
    assert ObjectStores(replace(plain, secure=True)).carries("a.txt")
    assert ObjectStores(replace(plain, secure=True, verify_tls=False)).carries("a.txt")
