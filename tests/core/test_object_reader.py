"""ObjectReader: the media preview's random access to an object through Storage (issue 21, item 4).

Real server, a fault proxy that holds requests back, the TLS server with a CA the profile does not
trust: ranges come back right across blocks, a reader never waits for a request it does not need,
close() frees a waiting reader at once, and failures reach the reader.
"""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import pytest

from ensure_browser.core.errors import Cancelled, Conflict, TlsFailure
from ensure_browser.core.s3.object_reader import ObjectReader
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.faultproxy import FaultProxy
from tests.support.peers import make_self_signed
from tests.support.servers import S3Server, remove_bucket

BLOCK = 4096


def _read(reader: ObjectReader, offset: int, length: int) -> bytes:
    """What a player does: read until ``length`` bytes or the end (a read stops at a block's end)."""
    out = b""
    while len(out) < length:
        piece = reader.read(offset + len(out), length - len(out))
        if not piece:
            break
        out += piece
    return out


def _reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "object-reader"]


def _through(proxy: FaultProxy, server: S3Server) -> Storage:
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      read_timeout=30.0, retries=0))


def test_any_range_reads_back_the_object(admin_storage: Storage, bucket: str) -> None:
    data = os.urandom(25 * BLOCK + 123)
    admin_storage.upload_bytes(bucket, "r.bin", data, "application/octet-stream")
    reader = ObjectReader(admin_storage, bucket, "r.bin", len(data), block=BLOCK, keep=4, ahead=2)
    assert _read(reader, 0, len(data)) == data
    rng = random.Random(7)
    cases = [(0, 1), (BLOCK - 1, 2), (BLOCK, BLOCK), (len(data) - 5, 100), (24 * BLOCK, 5000)]
    cases += [(rng.randrange(len(data)), rng.randrange(1, 3 * BLOCK)) for _ in range(40)]
    for offset, length in cases:  # forwards and backwards, more than the 4 blocks kept
        assert _read(reader, offset, length) == data[offset:offset + length]
    assert reader.read(len(data), 10) == b"" and reader.read(5, 0) == b""
    deadline = time.monotonic() + 10
    while _reader_threads() and time.monotonic() < deadline:  # nothing wanted: its thread ends
        time.sleep(0.01)
    assert _reader_threads() == []


def test_the_first_block_given_is_read_without_a_request(s3_server: S3Server, admin_storage: Storage,
                                                          bucket: str, proxy: FaultProxy) -> None:
    data = os.urandom(3 * BLOCK)
    admin_storage.upload_bytes(bucket, "f.bin", data, "application/octet-stream")
    reader = ObjectReader(_through(proxy, s3_server), bucket, "f.bin", len(data), first=data[:BLOCK],
                          block=BLOCK, ahead=1)
    proxy.faults.released.clear()
    proxy.faults.hold = f"GET /{bucket}/".encode()
    try:
        started = time.monotonic()
        assert reader.read(10, BLOCK) == data[10:BLOCK]  # served at once, block 1 asked for ahead
        assert time.monotonic() - started < 0.5
    finally:
        reader.close()
        proxy.faults.released.set()


def test_close_frees_a_reader_waiting_for_a_held_request(s3_server: S3Server, admin_storage: Storage,
                                                          bucket: str, proxy: FaultProxy) -> None:
    data = os.urandom(4 * BLOCK)
    admin_storage.upload_bytes(bucket, "h.bin", data, "application/octet-stream")
    reader = ObjectReader(_through(proxy, s3_server), bucket, "h.bin", len(data), block=BLOCK)
    proxy.faults.released.clear()
    proxy.faults.hold = f"GET /{bucket}/".encode()
    outcome: dict[str, object] = {}

    def read() -> None:
        try:
            outcome["data"] = reader.read(2 * BLOCK, 10)
        except Exception as exc:
            outcome["error"] = exc
        outcome["ended"] = time.monotonic()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while proxy.stats.held < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proxy.stats.held >= 1 and thread.is_alive()
        closed = time.monotonic()
        reader.close()
        thread.join(2)
        assert not thread.is_alive()
        assert isinstance(outcome.get("error"), Cancelled)
        assert float(outcome["ended"]) - closed < 0.5  # type: ignore[arg-type]
        with pytest.raises(Cancelled):
            reader.read(0, 1)
    finally:
        proxy.faults.released.set()


def test_a_certificate_the_profile_does_not_trust_fails_the_read(tls_s3_server: tuple[S3Server, Path],
                                                                  tmp_path: Path) -> None:
    server, ca = tls_s3_server
    trusted = server.storage(secure=True, ca_file=str(ca))
    bucket = f"rd-{os.urandom(4).hex()}"
    trusted.make_bucket(bucket)
    try:
        trusted.upload_bytes(bucket, "t.bin", b"x" * BLOCK, "application/octet-stream")
        assert ObjectReader(trusted, bucket, "t.bin", BLOCK, block=BLOCK).read(0, 4) == b"xxxx"
        other_ca, _key = make_self_signed(tmp_path)
        untrusted = server.storage(secure=True, ca_file=str(other_ca), retries=0)
        reader = ObjectReader(untrusted, bucket, "t.bin", BLOCK, block=BLOCK)
        with pytest.raises(TlsFailure, match="could not be verified"):
            reader.read(0, 4)
        assert isinstance(reader.error, TlsFailure)
        with pytest.raises(TlsFailure):  # and stays failed
            reader.read(0, 4)
    finally:
        remove_bucket(trusted, bucket)


def test_an_object_replaced_by_a_shorter_one_is_a_conflict(admin_storage: Storage, bucket: str) -> None:
    data = os.urandom(5 * BLOCK)
    admin_storage.upload_bytes(bucket, "s.bin", data, "application/octet-stream")
    reader = ObjectReader(admin_storage, bucket, "s.bin", len(data), first=data[:BLOCK], block=BLOCK, ahead=1)
    admin_storage.upload_bytes(bucket, "s.bin", data[:BLOCK + 100], "application/octet-stream")
    with pytest.raises(Conflict, match="changed on the server"):
        _read(reader, 0, 2 * BLOCK)


def test_a_reader_pinned_to_the_etag_refuses_an_object_of_the_same_size(admin_storage: Storage,
                                                                         bucket: str) -> None:
    """Given the ETag, every block is read ``If-Match``: a recording replaced by another of the same
    size fails plainly instead of mixing the bytes of both."""
    data = os.urandom(3 * BLOCK)
    admin_storage.upload_bytes(bucket, "p.bin", data, "application/octet-stream")
    etag = admin_storage.stat(bucket, "p.bin").etag
    reader = ObjectReader(admin_storage, bucket, "p.bin", len(data), first=data[:BLOCK], block=BLOCK, ahead=1,
                          etag=etag)
    admin_storage.upload_bytes(bucket, "p.bin", os.urandom(len(data)), "application/octet-stream")
    with pytest.raises(Conflict, match="changed on the server") as info:
        _read(reader, BLOCK, 2 * BLOCK)
    assert info.value.code == "PreconditionFailed"
