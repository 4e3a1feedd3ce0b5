"""Downloads verified by the SHA-256 a single PUT stored (``x-amz-checksum-sha256``, see
``put_single``) on the real SeaweedFS, behind the fault proxy's kms fault: every object answered as
SSE-KMS, so its ETag is no MD5 of its bytes and, without a CRC32, only the SHA-256 can check them.
A body changed on the way (the rewrite_down fault) is refused and nothing is kept."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server

MiB = 1024 * 1024
MARK = b"<-- a mark the proxy can alter -->"


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


@pytest.fixture
def kms(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port), secret_key=s3_server.admin.secret_key) as proxy:
        proxy.faults.kms = True
        yield proxy, Storage(ConnectionSettings(proxy.endpoint, s3_server.admin.access_key,
                                                s3_server.admin.secret_key, retries=0))


@pytest.mark.parametrize("size", [1000, 5 * MiB + 3], ids=["small", "resumable"])
def test_an_encrypted_object_downloads_verified_by_its_sha256(
    kms: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str, tmp_path: Path, size: int,
) -> None:
    """Small (obstore's GET, then a HEAD says it is encrypted and answers the SHA-256) and big (one
    stream through minio-py, the SHA-256 in the GET's answer and kept in the marker): the bytes
    match the SHA-256; changed on the way, they fail and nothing is kept."""
    proxy, storage = kms
    data = os.urandom(size // 2) + MARK + os.urandom(size - size // 2 - len(MARK))
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    admin_storage.upload_file(bucket, "d/enc.bin", src)  # one PUT on obstore: the SHA-256 is stored
    admin_storage.upload_bytes(bucket, "d/enc2.bin", data)
    for key in ("d/enc.bin", "d/enc2.bin"):
        head = storage.stat(bucket, key)
        assert head.encrypted and not head.checksum and head.sha256 == sha256_b64(data)

    dest = tmp_path / "enc.bin"
    marker = tmp_path / "enc.bin.part.etag"
    markers: list[str] = []
    st = storage.download_file(bucket, "d/enc.bin", dest, progress=lambda _d, _t: markers.append(
        marker.read_text() if marker.exists() else ""))
    assert dest.read_bytes() == data and st.encrypted and st.sha256 == sha256_b64(data)
    if size >= 5 * MiB:
        assert f"sha256 {st.sha256}" in markers[-1]

    proxy.faults.rewrite_down = (MARK, MARK.upper())
    for key in ("d/enc.bin", "d/enc2.bin"):
        before = proxy.stats.rewritten
        with pytest.raises(StorageError, match="Verification failed for enc2?.bin") as info:
            storage.download_file(bucket, key, tmp_path / key.split("/")[-1], overwrite=True)
        assert proxy.stats.rewritten > before and "SHA256" in info.value.detail
    assert not (tmp_path / "enc2.bin").exists() and not (tmp_path / "enc2.bin.part").exists()
    assert dest.read_bytes() == data  # the one downloaded before is not replaced
    assert not marker.exists()


def test_a_resumed_download_checks_the_sha256_its_marker_kept(
    kms: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """A resume (its ranged GET answers no checksum) checks the whole ``.part`` against the SHA-256
    its marker kept from the first GET: the right bytes pass, others of the same size fail."""
    _proxy, storage = kms
    data = os.urandom(5 * MiB + 3)
    admin_storage.upload_bytes(bucket, "enc.bin", data)
    etag = storage.stat(bucket, "enc.bin").etag
    dest, part, marker = tmp_path / "enc.bin", tmp_path / "enc.bin.part", tmp_path / "enc.bin.part.etag"
    seen: list[int] = []
    part.write_bytes(data[:MiB])
    marker.write_text(f"{etag}\nsha256 {sha256_b64(data)}\n")
    storage.download_file(bucket, "enc.bin", dest, progress=lambda d, _t: seen.append(d))
    assert seen[0] == MiB and dest.read_bytes() == data  # resumed, and verified
    dest.unlink()
    part.write_bytes(b"\0" * MiB)  # the right size, other bytes
    marker.write_text(f"{etag}\nsha256 {sha256_b64(data)}\n")
    with pytest.raises(StorageError, match="Verification failed") as info:
        storage.download_file(bucket, "enc.bin", dest)
    assert "SHA256" in info.value.detail and not dest.exists()
