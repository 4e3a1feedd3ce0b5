"""Single PUTs on obstore (core/s3/put_single.py) against the real SeaweedFS, through the fault proxy
where a test needs to see or change the traffic: every guarantee of the other path kept."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.storage import ConnectionSettings, Storage, UploadResult
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server


@pytest.fixture
def proxy(s3_server: S3Server) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port), secret_key=s3_server.admin.secret_key) as p:
        yield p


def through(proxy: FaultProxy, server: S3Server, retries: int = 2) -> Storage:
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      connect_timeout=1.0, read_timeout=10.0, retries=retries))


def test_a_put_keeps_type_and_metadata_and_is_verified_by_its_etag(s3_server: S3Server, bucket: str,
                                                                   tmp_path: Path) -> None:
    storage = s3_server.storage()
    src = tmp_path / "Übung.pdf"
    src.write_bytes(os.urandom(70_000))
    result = storage.upload_file(bucket, "classrooms/c1/materials/ü ß.pdf", src, content_type="application/pdf",
                                 metadata={"original-name": "Übung 1 – Lösung.pdf", "plain": "ascii"})
    md5 = hashlib.md5(src.read_bytes()).hexdigest()
    assert result.verified and result.etag == result.local_etag == md5
    assert result.checksum == ""  # checked by the server's SHA-256 and by the ETag, not by a CRC32
    assert storage.capabilities.supports(Capability.SHA256_CHECKSUMS) is True  # SeaweedFS keeps it
    st = storage.stat(bucket, "classrooms/c1/materials/ü ß.pdf")
    assert st.content_type == "application/pdf" and st.etag == md5
    assert st.metadata == {"original-name": "Übung 1 – Lösung.pdf", "plain": "ascii"}


def test_the_server_checks_the_sha256(proxy: FaultProxy, s3_server: S3Server, bucket: str,
                                      admin_storage: Storage) -> None:
    """A body changed on the way (same length) is refused by the server; without the checksum (a
    server that does not take it) it is stored, and the ETag comparison disproves it."""
    storage = through(proxy, s3_server, retries=0)
    data = b"A" * 1000 + b"SECRET-MARK" + b"B" * 1000
    proxy.faults.rewrite = (b"SECRET-MARK", b"CHANGED-BIT")
    with pytest.raises(E.StorageError) as info:
        storage.upload_bytes(bucket, "checked.bin", data)
    assert "BadDigest" in info.value.message or "BadDigest" in info.value.detail
    assert not admin_storage.exists(bucket, "checked.bin")
    storage.capabilities.learn(Capability.SHA256_CHECKSUMS, False, "as a server that does not take it")
    proxy.faults.rewrite = (b"SECRET-MARK", b"CHANGED-BIT")
    result = storage.upload_bytes(bucket, "unchecked.bin", data)
    assert result.disproved and not result.verified
    assert admin_storage.read_range(bucket, "unchecked.bin") != data


def replace_with(storage: Storage, bucket: str, key: str, data: bytes, etag: str, tmp_path: Path) -> UploadResult:
    """A Replace of the object at ``key`` with ETag ``etag`` by ``data`` (one PUT with If-Match)."""
    src = tmp_path / "replacement"
    src.write_bytes(data)
    return storage.upload_file(bucket, key, src, content_type="text/plain", if_match=etag)


def test_create_only_and_replace(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    first = admin_storage.upload_bytes(bucket, "c.txt", b"one", if_absent=True)
    assert first.verified
    with pytest.raises(E.Conflict) as info:
        admin_storage.upload_bytes(bucket, "c.txt", b"two", if_absent=True)
    assert info.value.code == "PreconditionFailed"
    assert admin_storage.read_range(bucket, "c.txt") == b"one"
    assert admin_storage.capabilities.supports(Capability.CREATE_ONLY_PUT) is True
    replaced = replace_with(admin_storage, bucket, "c.txt", b"three", first.etag, tmp_path)
    assert replaced.verified and admin_storage.read_range(bucket, "c.txt") == b"three"
    with pytest.raises(E.Conflict, match="changed since you chose to replace it"):
        replace_with(admin_storage, bucket, "c.txt", b"four", first.etag, tmp_path)
    assert admin_storage.read_range(bucket, "c.txt") == b"three"


def test_a_create_only_put_whose_answer_was_lost_is_the_success_it_was(
        proxy: FaultProxy, s3_server: S3Server, bucket: str, admin_storage: Storage) -> None:
    """obstore repeats the PUT whose answer was lost; the repetition meets the object the first wrote."""
    storage = through(proxy, s3_server)
    proxy.faults.lose_answer = f"PUT /{bucket}/lost.txt".encode()
    result = storage.upload_bytes(bucket, "lost.txt", b"mine", if_absent=True)
    assert result.verified and proxy.faults.lose_answer is None  # the answer was lost once
    assert admin_storage.read_range(bucket, "lost.txt") == b"mine"
    # someone else's object at the key: the refusal stands
    admin_storage.upload_bytes(bucket, "theirs.txt", b"theirs")
    proxy.faults.lose_answer = f"PUT /{bucket}/theirs.txt".encode()
    with pytest.raises(E.Conflict):
        storage.upload_bytes(bucket, "theirs.txt", b"mine", if_absent=True)
    assert admin_storage.read_range(bucket, "theirs.txt") == b"theirs"


def test_a_replace_whose_answer_was_lost_is_the_success_it_was(
        proxy: FaultProxy, s3_server: S3Server, bucket: str, admin_storage: Storage, tmp_path: Path) -> None:
    storage = through(proxy, s3_server)
    old = admin_storage.upload_bytes(bucket, "r.txt", b"old")
    storage.capabilities.learn(Capability.CONDITIONAL_WRITE, True, "known")
    proxy.faults.lose_answer = f"PUT /{bucket}/r.txt".encode()
    result = replace_with(storage, bucket, "r.txt", b"new", old.etag, tmp_path)
    assert result.verified and admin_storage.read_range(bucket, "r.txt") == b"new"


def test_an_encrypted_objects_etag_is_no_md5(proxy: FaultProxy, s3_server: S3Server, bucket: str) -> None:
    """As MinIO answers for SSE-KMS (the kms fault): the ETag is no MD5; the object is looked at once,
    the result says it is encrypted and the SHA-256 the server checked and answers proves the bytes."""
    storage = through(proxy, s3_server)
    proxy.faults.kms = True
    result = storage.upload_bytes(bucket, "kms.bin", b"secret bytes")
    assert result.encrypted and result.etag != result.local_etag
    assert result.checksum == result.local_checksum != "" and result.verified  # the SHA-256 it answers


@pytest.mark.parametrize("name", ["content-type", "Content-Disposition", "cache-control", "content-encoding",
                                  "content-language", "storage-class"])
def test_metadata_named_like_a_header_stays_metadata(admin_storage: Storage, bucket: str, name: str) -> None:
    """A replace keeps the object's user metadata, whatever names the server gave it: one named like a
    header obstore sets (``x-amz-meta-content-type``) stays user metadata and never becomes the
    object's own header (a type of ``text/html`` for a PDF)."""
    key = f"classrooms/c1/materials/{name}.pdf"
    admin_storage.upload_bytes(bucket, key, b"%PDF-1.4 a", content_type="application/pdf",
                               metadata={name: "text/html", "original-name": "a.pdf"})
    st = admin_storage.stat(bucket, key)
    assert st.content_type == "application/pdf"
    assert st.metadata == {name.lower(): "text/html", "original-name": "a.pdf"}
    raw = admin_storage.client.stat_object(bucket, key).metadata
    assert all(value != "text/html" for h, value in raw.items() if h.lower() == name.lower()), raw  # not the header


def test_keys_obstore_would_change_take_the_other_path(admin_storage: Storage, bucket: str) -> None:
    result = admin_storage.upload_bytes(bucket, "folder/", b"")
    assert result.verified and result.local_checksum  # the other path: the CRC32 sent
    assert admin_storage.exists(bucket, "folder/")


def test_bytes_refused_for_their_sha256_are_never_sent_without_it(
        proxy: FaultProxy, s3_server: S3Server, bucket: str, admin_storage: Storage) -> None:
    """A BadDigest (the bytes differ from their checksum) is no server that refuses checksums: the PUT
    fails, nothing is learnt, nothing is sent again without the checksum."""
    storage = through(proxy, s3_server, retries=0)
    proxy.faults.rewrite = (b"SECRET-MARK", b"CHANGED-BIT")
    with pytest.raises(E.StorageError):
        storage.upload_bytes(bucket, "again.bin", b"x" * 100 + b"SECRET-MARK")
    assert storage.capabilities.supports(Capability.SHA256_CHECKSUMS) is None
    assert [r for r in proxy.requests_seen if r.startswith("PUT ")] == [f"PUT /{bucket}/again.bin"]
    assert not admin_storage.exists(bucket, "again.bin")
