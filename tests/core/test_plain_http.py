"""Plain HTTP to another machine: an upload's body is protected by digests the signature covers.

Over HTTPS and to loopback an upload carries its CRC32 and ``UNSIGNED-PAYLOAD`` (TLS, or the lack
of a network, protects the body). Over plain HTTP to another machine anyone on the path can change
a body and keep its length and CRC32 (:func:`~tests.support.forgery.crc32_twin`): there the app signs
the body's SHA-256 and sends its MD5, and the real SeaweedFS refuses the forged body. The "other
machine" is this one reached through an address that is not loopback, with the fault proxy on it
playing the one on the path.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ensure_browser.cli import main as app
from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.s3.headers import CHECKSUM_CRC32
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.faultproxy import FaultProxy
from tests.support.forgery import crc32_twin, outside_address
from tests.support.servers import S3Server


@pytest.mark.parametrize(("endpoint", "secure", "verify", "clear", "unverified"), [
    ("127.0.0.1:9000", False, True, False, False),
    ("127.8.9.1:9000", False, True, False, False),
    ("localhost:9000", False, True, False, False),
    ("[::1]:9000", False, True, False, False),
    ("192.0.2.7:9000", False, True, True, False),
    ("minio.example:9000", False, True, True, False),
    ("minio.example:9000", True, True, False, False),
    ("minio.example:9000", True, False, False, True),
    ("127.0.0.1:9000", True, False, False, True),
])
def test_the_settings_say_when_the_path_is_open(endpoint: str, secure: bool, verify: bool, clear: bool,
                                                unverified: bool) -> None:
    settings = ConnectionSettings(endpoint, "AK", "SK", secure=secure, verify_tls=verify)
    assert settings.in_the_clear is clear
    assert settings.unverified_tls is unverified


def _proxy(server: S3Server, host: str) -> FaultProxy:
    upstream, port = server.endpoint.rsplit(":", 1)
    return FaultProxy((upstream, int(port)), host=host)


@pytest.fixture
def outside(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    """The test server reached through the fault proxy on a non-loopback address of this machine."""
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    with _proxy(s3_server, address) as proxy:
        storage = Storage(replace(s3_server.settings(), endpoint=proxy.endpoint))
        assert storage.settings.in_the_clear
        yield proxy, storage


@pytest.fixture
def loopback(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    with _proxy(s3_server, "127.0.0.1") as proxy:
        storage = Storage(replace(s3_server.settings(), endpoint=proxy.endpoint))
        assert not storage.settings.in_the_clear
        yield proxy, storage


def _forge(proxy: FaultProxy, data: bytes) -> bytes:
    """Let the proxy change byte 1000 of ``data`` on its way (and four more: the same CRC32)."""
    forged = crc32_twin(data, 1000, 1001)
    proxy.faults.rewrite = (data[990:1010], forged[990:1010])
    return forged


def _sent_digests(proxy: FaultProxy, method: bytes) -> tuple[str, str]:
    """The signed SHA-256 and the Content-MD5 of the last ``method`` request through ``proxy``."""
    head = next(h for h in reversed(proxy.stats.heads) if h.startswith(method)).decode("latin-1")
    sha = re.search(r"(?im)^x-amz-content-sha256:\s*(\S+)", head)
    md5 = re.search(r"(?im)^content-md5:\s*(\S+)", head)
    return (sha.group(1) if sha else ""), (md5.group(1) if md5 else "")


def test_a_forged_put_is_refused_over_plain_http_to_another_machine(
        outside: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str) -> None:
    proxy, storage = outside
    assert storage.upload_bytes(bucket, "first", b"the server shows it checks the CRC32").verified
    data = os.urandom(4000)
    _forge(proxy, data)
    with pytest.raises(StorageError) as refused:
        storage.upload_bytes(bucket, "forged", data)
    assert refused.value.code == "BadDigest"
    assert proxy.stats.rewritten == 1
    with pytest.raises(NoSuchKey):
        admin_storage.stat(bucket, "forged")

    proxy.faults.rewrite = None  # an honest path: the same upload goes through, its digests signed
    assert storage.upload_bytes(bucket, "forged", data).verified
    assert _sent_digests(proxy, b"PUT ")[0] == hashlib.sha256(data).hexdigest()
    assert admin_storage.client.get_object(bucket, "forged").read() == data


def test_a_forged_part_is_refused_over_plain_http_to_another_machine(
        outside: tuple[FaultProxy, Storage], bucket: str) -> None:
    proxy, storage = outside
    upload_id = storage.create_multipart(bucket, "big", "application/octet-stream", checksum=CHECKSUM_CRC32)
    try:
        data = os.urandom(4000)
        _forge(proxy, data)
        with pytest.raises(StorageError) as refused:
            storage.upload_part(bucket, "big", upload_id, 1, data, crc32=zlib.crc32(data))
        assert refused.value.code == "BadDigest"
        assert proxy.stats.rewritten == 1
        assert storage.list_parts(bucket, "big", upload_id) == {}
        proxy.faults.rewrite = None
        storage.upload_part(bucket, "big", upload_id, 1, data, crc32=zlib.crc32(data))
        assert _sent_digests(proxy, b"PUT ")[0] == hashlib.sha256(data).hexdigest()
    finally:
        storage.abort_multipart(bucket, "big", upload_id)


def test_a_multipart_upload_to_another_machine_over_plain_http_completes(
        outside: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    storage = outside[1]
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(5 * 1024 * 1024 + 1000))
    result = storage.upload_file(bucket, "big.bin", path, multipart_threshold=1024 * 1024,
                                 part_size=5 * 1024 * 1024)
    assert result.verified
    assert admin_storage.stat(bucket, "big.bin").size == path.stat().st_size


def test_every_body_sent_to_another_machine_over_plain_http_carries_signed_digests(
        outside: tuple[FaultProxy, Storage], bucket: str) -> None:
    """A bucket policy too. (SeaweedFS 4.x checks neither digest of a policy: a policy changed on the
    way is stored there; AWS S3 and MinIO check the SHA-256. The README says so.)"""
    proxy, storage = outside
    policy = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},'
              f'"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::{bucket}/thumbnails/*"]}}]}}')
    storage.set_bucket_policy(bucket, policy)
    body = policy.encode()
    assert _sent_digests(proxy, b"PUT ") == (hashlib.sha256(body).hexdigest(),
                                             base64.b64encode(hashlib.md5(body).digest()).decode())
    head = next(h for h in reversed(proxy.stats.heads) if h.startswith(b"PUT ")).lower()
    assert b"content-md5;" in head and b"x-amz-content-sha256;" in head  # both among the signed headers


def test_over_loopback_the_fast_path_stays_and_a_crc32_alone_is_forgeable(
        loopback: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str) -> None:
    """What the signed digests guard against: on the unsigned path (kept where no network is between
    the app and the server) a part with the same length and CRC32 is stored, and the app believes it.
    (A part: the signed requests of core/s3/signed.py; the single PUT is minio-py's until #23 moves it.)"""
    proxy, storage = loopback
    upload_id = storage.create_multipart(bucket, "forged", "application/octet-stream", checksum=CHECKSUM_CRC32)
    try:
        data = os.urandom(4000)
        forged = _forge(proxy, data)
        etag = storage.upload_part(bucket, "forged", upload_id, 1, data, crc32=zlib.crc32(data))
        assert proxy.stats.rewritten == 1
        assert _sent_digests(proxy, b"PUT ") == ("UNSIGNED-PAYLOAD", "")
        assert storage.list_parts(bucket, "forged", upload_id) == {1: (etag, len(data))}  # nothing tells the app
        storage.complete_multipart(bucket, "forged", upload_id, {1: etag}, crcs={1: zlib.crc32(data)})
    except BaseException:
        storage.abort_multipart(bucket, "forged", upload_id)
        raise
    assert admin_storage.client.get_object(bucket, "forged").read() == forged


def _terminal_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command line (it reaches the server: the scan's findings, exit status 1); what it
    printed on stderr."""
    assert app.main(argv) == 1
    return capsys.readouterr().err


def test_the_command_line_warns_of_plain_http_to_another_machine(
        outside: tuple[FaultProxy, Storage], s3_server: S3Server, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", s3_server.admin.secret_key)
    conn = ["--access-key", s3_server.admin.access_key]
    err = _terminal_run(["scan", "--endpoint", outside[1].settings.endpoint, *conn], capsys)
    assert f"Warning: plain HTTP to {outside[1].settings.endpoint}: anyone on the network path can read" in err
    assert "Warning" not in _terminal_run(["scan", "--endpoint", s3_server.endpoint, *conn], capsys)


def test_the_command_line_warns_of_an_unverified_certificate(
        tls_s3_server: tuple[S3Server, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    server, ca = tls_s3_server
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", server.admin.secret_key)
    conn = ["--endpoint", server.endpoint, "--access-key", server.admin.access_key, "--tls"]
    err = _terminal_run(["scan", *conn, "--insecure"], capsys)
    assert f"Warning: the certificate of {server.endpoint} is not verified" in err
    assert "Warning" not in _terminal_run(["scan", *conn, "--ca-file", str(ca)], capsys)
