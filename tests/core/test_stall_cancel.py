"""A cancel ends a download whose server stalls in the middle of a body within a second (#23), on both
GET paths: obstore's (its async stream, each piece awaited: the cancel cancels the piece) and
minio-py's (urllib3: the cancel shuts the socket down, which wakes the blocked read). The read
timeout is 30 s here, so a cancel that waited for it would be plain. Real SeaweedFS behind
tests/support/faultproxy.py, whose ``stall_after`` fault stops an answer after some bytes."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, StorageError
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server

KiB = 1024
MiB = 1024 * KiB


def through(proxy: FaultProxy, server: S3Server) -> Storage:
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      connect_timeout=2.0, read_timeout=30.0, retries=0))


def stalled_download_is_cancelled(proxy: FaultProxy, storage: Storage, bucket: str, key: str, dest: Path,
                                  stalls: int = 1, **kw: int) -> float:
    """Download ``key`` while every answer stops after 256 KiB; once ``stalls`` answers stalled, cancel.
    Returns how long the download took to end after the cancel (it must end in Cancelled)."""
    proxy.faults.released.clear()
    proxy.faults.stall_after = 256 * KiB
    token = CancelToken()
    out: dict[str, object] = {}

    def run() -> None:
        try:
            storage.download_file(bucket, key, dest, cancel=token, **kw)  # type: ignore[arg-type]
        except BaseException as exc:
            out["error"] = exc
        out["ended"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while proxy.stats.stalled < stalls:
            assert time.monotonic() < deadline, "the answer did not stall"
            time.sleep(0.01)
        time.sleep(0.3)  # the reader is blocked in its read by now
        cancelled_at = time.monotonic()
        token.cancel()
        thread.join(10)
        assert not thread.is_alive()
        assert isinstance(out.get("error"), Cancelled), out
        return float(out["ended"]) - cancelled_at  # type: ignore[arg-type]
    finally:
        proxy.faults.clear()  # released: nothing stays held


def gets(proxy: FaultProxy, key: str) -> list[bytes]:
    return [head for head in proxy.stats.heads if head.startswith(b"GET ") and key.encode() in head.split(b"\r\n")[0]]


def then_it_downloads(storage: Storage, bucket: str, key: str, dest: Path, data: bytes, **kw: int) -> None:
    """The same Storage (its pools and obstore store) downloads the object afterwards (with a token: the
    bodies come through the same cancellable reads)."""
    storage.download_file(bucket, key, dest, overwrite=True, cancel=CancelToken(), **kw)  # type: ignore[arg-type]
    assert dest.read_bytes() == data
    assert not Path(f"{dest}.part").exists() and not Path(f"{dest}.part.etag").exists()


def test_a_stalled_obstore_body_is_cancelled_within_a_second(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    data = os.urandom(3 * MiB)  # one PUT (its ETag its MD5), below the resumable size: obstore's body
    admin_storage.upload_bytes(bucket, "stall/o.bin", data)
    storage, dest = through(proxy, s3_server), tmp_path / "o.bin"
    took = stalled_download_is_cancelled(proxy, storage, bucket, "stall/o.bin", dest)
    assert took < 1.5, f"the cancel took {took:.2f} s"
    heads = gets(proxy, "stall/o.bin")
    assert len(heads) == 1 and b"minio" not in heads[0].lower(), heads  # obstore's GET, no other
    assert not dest.exists() and Path(f"{dest}.part").exists()  # as any cancel leaves it
    then_it_downloads(storage, bucket, "stall/o.bin", dest, data)


def test_a_stalled_minio_body_is_cancelled_within_a_second(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    key = "stall/ctl\x01.bin"  # a key obstore does not carry: minio-py's GET
    data = os.urandom(3 * MiB)
    admin_storage.upload_bytes(bucket, key, data)
    storage, dest = through(proxy, s3_server), tmp_path / "m.bin"
    assert not storage.stores.carries(key)
    took = stalled_download_is_cancelled(proxy, storage, bucket, key, dest)
    assert took < 1.5, f"the cancel took {took:.2f} s"
    assert not dest.exists() and Path(f"{dest}.part").exists()
    then_it_downloads(storage, bucket, key, dest, data)


def test_a_stalled_resumable_download_keeps_its_marker_and_resumes(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """6 MiB: resumable, its body through minio-py (the answer that says the object's checksum);
    the .part and its marker stay, and the next download resumes from them."""
    data = os.urandom(6 * MiB)
    admin_storage.upload_bytes(bucket, "stall/r.bin", data)
    storage, dest = through(proxy, s3_server), tmp_path / "r.bin"
    took = stalled_download_is_cancelled(proxy, storage, bucket, "stall/r.bin", dest)
    assert took < 1.5, f"the cancel took {took:.2f} s"
    part = Path(f"{dest}.part")
    assert not dest.exists() and part.exists() and Path(f"{dest}.part.etag").exists()
    assert 0 < part.stat().st_size < len(data)
    before = len(gets(proxy, "stall/r.bin"))
    then_it_downloads(storage, bucket, "stall/r.bin", dest, data)
    resumed = gets(proxy, "stall/r.bin")[before:]
    assert resumed and all(b"range: bytes=" in head.lower() for head in resumed[:1]), resumed  # from the .part


def test_stalled_ranges_are_cancelled_within_a_second(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """A multipart object in ranges, two at a time: the first range from minio-py's answer, the
    others through obstore's; both stall, one cancel ends both, the .part and the marker stay."""
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(12 * MiB))
    admin_storage.upload_file(bucket, "stall/p.bin", src, multipart_threshold=5 * MiB, part_size=5 * MiB)
    storage, dest = through(proxy, s3_server), tmp_path / "p.bin"
    took = stalled_download_is_cancelled(proxy, storage, bucket, "stall/p.bin", dest, stalls=2,
                                         parallel=2, part_size=5 * MiB)
    assert took < 1.5, f"the cancel took {took:.2f} s"
    assert not dest.exists() and Path(f"{dest}.part").exists() and Path(f"{dest}.part.etag").exists()
    then_it_downloads(storage, bucket, "stall/p.bin", dest, src.read_bytes(), parallel=2, part_size=5 * MiB)


def test_a_stalled_body_over_tls_is_cancelled_within_a_second(
    tls_s3_server: tuple[S3Server, Path], tmp_path: Path,
) -> None:
    """A connection with a CA file of its own (minio-py's GETs, whatever the key): the socket shut
    down under the read is a TLS one."""
    server, ca = tls_s3_server
    admin = server.storage(secure=True, ca_file=str(ca), retries=0)
    bucket = f"stall-tls-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    admin.make_bucket(bucket)
    data = os.urandom(3 * MiB)
    admin.upload_bytes(bucket, "stall/t.bin", data)
    with FaultProxy(("127.0.0.1", server.server.s3_port)) as proxy:
        storage = Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                             secure=True, ca_file=str(ca), connect_timeout=2.0, read_timeout=30.0,
                                             retries=0))
        assert not storage.stores.carries("stall/t.bin")
        dest = tmp_path / "t.bin"
        took = stalled_download_is_cancelled(proxy, storage, bucket, "stall/t.bin", dest)
        assert took < 1.5, f"the cancel took {took:.2f} s"
        assert not dest.exists() and Path(f"{dest}.part").exists()
        then_it_downloads(storage, bucket, "stall/t.bin", dest, data)


def test_a_range_that_fails_stops_a_stalled_range_at_once(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """Two ranges at a time, every answer stalling after 256 KiB: when one range fails (here its
    progress report) while the other waits on its stalled server, the download ends with that
    failure at once, not when the stalled read times out (30 s)."""
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(12 * MiB))
    admin_storage.upload_file(bucket, "stall/f.bin", src, multipart_threshold=5 * MiB, part_size=5 * MiB)
    storage, dest = through(proxy, s3_server), tmp_path / "f.bin"
    proxy.faults.released.clear()
    proxy.faults.stall_after = 256 * KiB
    failed_at: list[float] = []

    def progress(done: int, _total: int) -> None:
        if done > 300 * KiB and not failed_at:  # the second range's first bytes: the first one stalls
            failed_at.append(time.monotonic())
            raise RuntimeError("the progress report failed")

    try:
        with pytest.raises(StorageError, match="the progress report failed"):  # (as an unexpected error)
            storage.download_file(bucket, "stall/f.bin", dest, parallel=2, part_size=5 * MiB, progress=progress)
        took = time.monotonic() - failed_at[0]
    finally:
        proxy.faults.clear()
    assert took < 1.5, f"the stalled range held the failure for {took:.2f} s"
    assert not dest.exists() and Path(f"{dest}.part.etag").exists()  # kept to resume, as after a cancel
    then_it_downloads(storage, bucket, "stall/f.bin", dest, src.read_bytes(), parallel=2, part_size=5 * MiB)
