"""Copies of encrypted objects (the fault proxy's kms fault in front of the real SeaweedFS: every
object answered as SSE-KMS, an ETag that is no MD5 of the bytes, and a copy's ETag a new one, as
MinIO's SSE-KMS gives it): a rename, a restore or a move that was done is reported done (sizes and
CRC32s compared, not ETags), and the copy is asked to be encrypted as its source is."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from ensure_browser.core.objects.relocate import Destination, Selected, plan_relocate
from ensure_browser.core.objects.relocate_run import execute_relocate
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server

MATERIAL = "classrooms/c1/materials/d1.pdf"


@pytest.fixture
def kms(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port), secret_key=s3_server.admin.secret_key) as proxy:
        proxy.faults.kms = True
        yield proxy, Storage(ConnectionSettings(proxy.endpoint, s3_server.admin.access_key,
                                                s3_server.admin.secret_key))


@pytest.fixture
def docs(make_bucket: Callable[[str], str], admin_storage: Storage) -> str:
    bucket = make_bucket("enc")
    admin_storage.upload_bytes(bucket, MATERIAL, b"%PDF-1.4 encrypted", content_type="application/pdf",
                               metadata={"original-filename": "Lab.pdf"})
    return bucket


def _copy_heads(proxy: FaultProxy) -> list[bytes]:
    return [h.lower() for h in proxy.stats.heads if b"\r\nx-amz-copy-source:" in h.lower()]


def test_a_rename_of_an_encrypted_object_is_done_and_stays_encrypted(kms: tuple[FaultProxy, Storage],
                                                                     docs: str, admin_storage: Storage) -> None:
    proxy, storage = kms
    seen = storage.stat(docs, MATERIAL)
    assert seen.encrypted and seen.encryption == "aws:kms"
    result = storage.copy(docs, MATERIAL, docs, MATERIAL, source_etag=seen.etag,
                          metadata={"original-filename": "Lab (renamed).pdf"})
    assert result.etag != seen.etag  # a copy of an SSE-KMS object has an ETag of its own
    assert admin_storage.stat(docs, MATERIAL).metadata["original-filename"] == "Lab (renamed).pdf"
    (head,) = _copy_heads(proxy)
    assert b"\r\nx-amz-server-side-encryption: aws:kms" in head


def test_a_copy_to_another_key_checks_size_and_checksum(kms: tuple[FaultProxy, Storage], docs: str,
                                                        admin_storage: Storage) -> None:
    _proxy, storage = kms
    seen = storage.stat(docs, MATERIAL)
    result = storage.copy(docs, MATERIAL, docs, "classrooms/c2/materials/d1.pdf", source_etag=seen.etag)
    assert result.encrypted and result.size == seen.size
    assert admin_storage.read_range(docs, "classrooms/c2/materials/d1.pdf") == b"%PDF-1.4 encrypted"


def test_a_move_of_an_encrypted_material_is_reported_done(kms: tuple[FaultProxy, Storage], docs: str,
                                                          admin_storage: Storage) -> None:
    _proxy, storage = kms
    st = storage.stat(docs, MATERIAL)
    plan = plan_relocate(storage, [Selected(docs, MATERIAL, st.etag, st.size, "Lab.pdf")],
                         Destination("classroom", "c2"), "move", BucketNames(documents=docs))
    result = execute_relocate(storage, plan)
    assert len(result.done) == 1 and not result.kept, result.kept
    assert admin_storage.read_range(docs, "classrooms/c2/materials/d1.pdf") == b"%PDF-1.4 encrypted"
    assert not admin_storage.exists(docs, MATERIAL)
