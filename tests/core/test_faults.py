"""Network faults between the storage layer and the real server, injected by tests/faultproxy.py.

Latency, throttling, connection resets mid-upload, a black hole, and a server that goes away and
comes back on the same port: every failure must end in a typed error with a human message (or in
success after a retry), never a hang or a half-written object.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, ConnectionRefused, StorageError, TimeoutFailure
from ensure_browser.core.s3.storage import ConnectionSettings, Storage, crc32_header
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server
from tests.support.transfers import sha256_file, write_big_file

KiB = 1024
MiB = 1024 * KiB


def through(proxy: FaultProxy, server: S3Server, **kw: float) -> Storage:
    """A fresh Storage (its own connection pool) that reaches the server through ``proxy``."""
    opts: dict[str, float] = {"connect_timeout": 1.0, "read_timeout": 10.0, "retries": 0}
    opts.update(kw)
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      connect_timeout=opts["connect_timeout"], read_timeout=opts["read_timeout"],
                                      retries=int(opts["retries"])))


def wait_until(pred: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, f"{what} not reached in {timeout} s"
        time.sleep(0.005)


def in_thread(fn: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    """Run ``fn`` in a thread; the dict gets 'result' or 'error', and 'ended' (monotonic time)."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["result"] = fn()
        except BaseException as exc:
            out["error"] = exc
        out["ended"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


# -- latency, throttling, black hole -----------------------------------------------------------------

def test_slow_listing_is_complete_and_cancel_stops_after_the_request_in_flight(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str,
) -> None:
    with ThreadPoolExecutor(16) as pool:  # 1,100 keys: two ListObjects requests of at most 1,000
        list(pool.map(lambda i: admin_storage.upload_bytes(bucket, f"many/k{i:04d}", b""), range(1100)))
    storage = through(proxy, s3_server)
    storage.bucket_exists(bucket)  # open a pooled connection before the faults start
    proxy.faults.latency = 0.5

    started = time.monotonic()
    keys = [e.key for page in storage.list_level(bucket, "many/", page_size=500) for e in page]
    elapsed = time.monotonic() - started
    assert keys == [f"many/k{i:04d}" for i in range(1100)]
    assert elapsed >= 1.0, f"two round trips through 0.5 s of latency took only {elapsed:.2f} s"

    token = CancelToken()
    before = proxy.stats.requests
    thread, out = in_thread(lambda: [p for p in storage.list_level(bucket, "many/", cancel=token)])
    wait_until(lambda: proxy.stats.requests > before, what="the first listing request")
    cancelled_at = time.monotonic()
    token.cancel()
    thread.join(5)
    assert isinstance(out.get("error"), Cancelled), out
    # A request already sent cannot be taken back: the worker ends when its answer arrives (one
    # latency), and asks for nothing more.
    assert float(out["ended"]) - cancelled_at < 0.5 + 0.5  # type: ignore[arg-type]
    assert proxy.stats.requests == before + 1


def test_throttled_transfers_arrive_complete(proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage,
                                             bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    sha = write_big_file(src, 256 * KiB, seed=3)
    storage = through(proxy, s3_server)
    proxy.faults.rate = 1024 * KiB
    started = time.monotonic()
    storage.upload_file(bucket, "slow.bin", src)
    proxy.faults.rate = 512 * KiB
    dest = tmp_path / "back.bin"
    storage.download_file(bucket, "slow.bin", dest)
    elapsed = time.monotonic() - started
    assert sha256_file(dest) == sha
    assert elapsed >= 0.2 + 0.45, f"256 KiB up at 1 MiB/s and down at 512 KiB/s took {elapsed:.2f} s"


def test_throttled_download_stops_promptly_when_cancelled(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    admin_storage.upload_bytes(bucket, "big.bin", bytes(1200 * KiB))
    storage = through(proxy, s3_server)
    proxy.faults.rate = 768 * KiB  # the first MiB takes 1.3 s
    token = CancelToken()
    thread, out = in_thread(lambda: storage.download_file(bucket, "big.bin", tmp_path / "big.bin", cancel=token))
    wait_until(lambda: proxy.stats.down_bytes > 64 * KiB, what="the download to start")
    cancelled_at = time.monotonic()
    token.cancel()
    thread.join(10)
    assert isinstance(out.get("error"), Cancelled), out
    assert float(out["ended"]) - cancelled_at < 0.7  # type: ignore[arg-type]


def test_a_download_on_a_slow_line_stops_within_a_second_when_cancelled(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """A school line of 96 KiB/s: the body comes in pieces small enough for a cancellation to end
    the download within a second (a piece of 256 KiB takes 2.7 s at that rate)."""
    admin_storage.upload_bytes(bucket, "slow-line.bin", bytes(1200 * KiB))
    storage = through(proxy, s3_server)
    proxy.faults.rate = 96 * KiB
    token = CancelToken()
    thread, out = in_thread(lambda: storage.download_file(bucket, "slow-line.bin", tmp_path / "s.bin", cancel=token))
    wait_until(lambda: proxy.stats.down_bytes > 16 * KiB, what="the download to start")
    time.sleep(0.3)
    cancelled_at = time.monotonic()
    token.cancel()
    thread.join(10)
    assert isinstance(out.get("error"), Cancelled), out
    assert float(out["ended"]) - cancelled_at < 1.0  # type: ignore[arg-type]


def test_a_held_part_does_not_hold_back_the_parts_after_it(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """Parts go out as soon as a slot is free: while part 1 is held at the proxy, the other slot
    sends parts 2, 3 and 4 (sent in waves of ``parallel``, part 3 would wait for part 1)."""
    src = tmp_path / "four.bin"
    sha = write_big_file(src, 4 * 5 * MiB, seed=9)
    storage = through(proxy, s3_server)
    proxy.faults.hold = b"partNumber=1&"
    proxy.faults.released.clear()
    done: list[int] = []
    thread, out = in_thread(lambda: storage.upload_multipart(
        bucket, "four.bin", src, part_size=5 * MiB, parallel=2, progress=lambda d, _t: done.append(d)))
    try:
        wait_until(lambda: proxy.stats.held == 1 and bool(done) and done[-1] == 3 * 5 * MiB,
                   what="parts 2 to 4 sent while part 1 is held")
    finally:
        proxy.faults.released.set()
    thread.join(30)
    assert "error" not in out, out
    dest = tmp_path / "back.bin"
    admin_storage.download_file(bucket, "four.bin", dest)
    assert sha256_file(dest) == sha


def test_a_server_that_does_not_answer_checksums_keeps_getting_content_md5(
    proxy: FaultProxy, s3_server: S3Server, bucket: str,
) -> None:
    """Where no answer carries the CRC32 (the proxy removes it, as a server without checksums would
    answer), every PUT keeps its MD5 and its ETag is compared with it."""
    storage = through(proxy, s3_server)
    proxy.faults.strip_header = b"x-amz-checksum-crc32"
    data = b"no checksum answers here" * 1000
    for n in range(3):  # keys obstore's PUT does not carry ("//") take the path with the CRC32
        res = storage.upload_bytes(bucket, f"plain//{n}.bin", data)
        assert res.checksum == "" and res.local_etag == hashlib.md5(data).hexdigest() == res.etag
        assert res.verified
    proxy.faults.strip_header = None
    res = storage.upload_bytes(bucket, "plain//answered.bin", data)
    assert res.checksum == res.local_checksum and res.local_etag  # the first answer: MD5 still sent
    assert storage.upload_bytes(bucket, "plain//after.bin", data).local_etag == ""
    proxy.faults.strip_header = b"x-amz-checksum-crc32"  # then an answer without it: checked by its ETag ...
    lost = storage.upload_bytes(bucket, "plain//lost.bin", data)
    assert lost.verified and lost.local_etag == hashlib.md5(data).hexdigest() and lost.checksum == ""
    assert not dataclasses.replace(lost, etag="0" * 32).verified
    again = storage.upload_bytes(bucket, "plain//again.bin", data)  # ... and MD5 goes out again
    assert again.verified and again.local_etag == hashlib.md5(data).hexdigest()


def test_an_encrypted_object_downloads_checked_by_its_checksum(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """An SSE-KMS object (the kms fault: its ETag is no MD5 of its bytes) is checked by the CRC32
    its GET answers: bytes that differ from it are not kept; without a checksum, by its size. A
    resume (its ranged GET answers no checksum) checks the one its marker kept from the first GET."""
    data = os.urandom(5 * MiB + 3)
    # an object stored with its CRC32: a key obstore's PUT does not carry takes that path (its PUTs
    # store a SHA-256 instead, see test_put_single.py)
    key = "crc32//enc.bin"
    admin_storage.upload_bytes(bucket, key, data)
    storage = through(proxy, s3_server)
    proxy.secret_key = s3_server.admin.secret_key  # the resume's If-Match carries the kms ETag
    proxy.faults.kms = True
    markers: list[str] = []
    dest = tmp_path / "enc.bin"
    marker = tmp_path / "enc.bin.part.etag"
    st = storage.download_file(bucket, key, dest, progress=lambda _d, _t: markers.append(
        marker.read_text() if marker.exists() else ""))
    assert dest.read_bytes() == data and st.encrypted and st.checksum == crc32_header(zlib.crc32(data))
    assert f"crc32 {st.checksum}" in markers[-1]

    dest.unlink()
    proxy.faults.strip_header = b"x-amz-checksum-crc32"
    proxy.faults.header_value = crc32_header(zlib.crc32(b"other bytes")).encode()
    with pytest.raises(StorageError, match="Verification failed for enc.bin"):
        storage.download_file(bucket, key, dest)
    assert not dest.exists() and not (tmp_path / "enc.bin.part").exists() and not marker.exists()
    proxy.faults.header_value = None  # no checksum at all: the size is what can be checked
    assert storage.download_file(bucket, key, dest).checksum == "" and dest.read_bytes() == data

    dest.unlink()
    proxy.faults.strip_header = None
    seen: list[int] = []
    (tmp_path / "enc.bin.part").write_bytes(data[:MiB])
    marker.write_text(f"{st.etag}\ncrc32 {st.checksum}\n")
    storage.download_file(bucket, key, dest, progress=lambda d, _t: seen.append(d))
    assert seen[0] == MiB and dest.read_bytes() == data  # resumed
    dest.unlink()
    (tmp_path / "enc.bin.part").write_bytes(b"\0" * MiB)  # the right size, other bytes
    marker.write_text(f"{st.etag}\ncrc32 {st.checksum}\n")
    with pytest.raises(StorageError, match="Verification failed"):
        storage.download_file(bucket, key, dest)
    assert not dest.exists()


def test_a_download_survives_a_server_bad_last_modified(
    proxy: FaultProxy, s3_server: S3Server, bucket: str, tmp_path: Path,
) -> None:
    """A ``Last-Modified`` that is not a date (or none) costs the download its time, not its bytes."""
    storage = through(proxy, s3_server)
    storage.upload_bytes(bucket, "dated.txt", b"kept")
    proxy.faults.strip_header = b"Last-Modified"
    for n, value in enumerate((b"not a date", b"Wed, 32 Dec 2026 21:28:36 GMT", None)):
        proxy.faults.header_value = value
        st = storage.download_file(bucket, "dated.txt", tmp_path / f"{n}.txt")
        assert st.last_modified is None and (tmp_path / f"{n}.txt").read_bytes() == b"kept"


def test_black_hole_times_out_with_a_human_message(proxy: FaultProxy, s3_server: S3Server) -> None:
    storage = through(proxy, s3_server, read_timeout=1.0)
    proxy.faults.blackhole = True
    started = time.monotonic()
    with pytest.raises(TimeoutFailure, match="did not answer in time") as info:
        storage.list_buckets()
    assert time.monotonic() - started < 3.0
    assert info.value.retryable and proxy.endpoint in info.value.message
    assert proxy.stats.blackholed >= 1 and proxy.stats.forwarded == 0


# -- the server goes away and comes back ------------------------------------------------------------

def test_refused_then_back_on_the_same_port(proxy: FaultProxy, s3_server: S3Server, bucket: str) -> None:
    storage = through(proxy, s3_server)
    assert bucket in storage.list_buckets()
    port = proxy.port
    proxy.down()  # refuses, and resets the pooled keep-alive connection
    with pytest.raises(ConnectionRefused, match="Nothing is listening") as info:
        storage.list_buckets()
    assert info.value.retryable
    proxy.up()
    assert proxy.port == port
    assert bucket in storage.list_buckets()  # the same Storage, no reconnect step needed
    proxy.drop_connections()  # idle pooled connections die (RST) while nobody is looking
    assert bucket in storage.list_buckets()


def _queue(storage: Storage, bucket: str, tmp_path: Path, **kw: float) -> tuple[TransferQueue, ThreadedDriver]:
    queue = TransferQueue(storage, BucketNames(documents=bucket), journal=Journal(tmp_path / "journal.json"),
                          part_size=5 * MiB, multipart_threshold=int(kw.get("threshold", 16 * MiB)),
                          part_parallel=2, retries=int(kw.get("retries", 2)),
                          retry_backoff=kw.get("backoff", 0.05))
    return queue, ThreadedDriver(queue)


@pytest.mark.parametrize(("size", "threshold"), [(3 * MiB, 16 * MiB), (11 * MiB, 5 * MiB)],
                         ids=["single-put", "multipart"])
def test_reset_mid_upload_is_retried_and_verified(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
    size: int, threshold: int,
) -> None:
    src = tmp_path / "upload.bin"
    sha = write_big_file(src, size, seed=size)
    key = f"reset/{uuid.uuid4().hex}.bin"
    storage = through(proxy, s3_server)
    proxy.faults.reset_after, proxy.faults.resets = 1 * MiB, 1  # one RST, a megabyte into a request
    queue, driver = _queue(storage, bucket, tmp_path, threshold=threshold)
    try:
        job_id = queue.add_upload(src, bucket, key)
        driver.drive()
        assert driver.wait(60)
    finally:
        driver.close()
    job = queue.get(job_id)
    assert job is not None and proxy.stats.resets == 1
    # one reset is what retries are for: the request is sent again (the queue retries a single PUT, the
    # multipart upload its part) and the result verified; no retry note is left on the finished job
    assert (job.state, job.error) == (JobState.DONE, "")
    back = tmp_path / "back.bin"
    admin_storage.download_file(bucket, key, back)
    assert sha256_file(back) == sha
    assert admin_storage.list_multipart_uploads(bucket, "reset/") == []


def test_refused_upload_is_retried_with_backoff_and_succeeds(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    src = tmp_path / "later.bin"
    sha = write_big_file(src, 256 * KiB, seed=9)
    storage = through(proxy, s3_server)
    queue, driver = _queue(storage, bucket, tmp_path, retries=3, backoff=0.3)
    retries: list[tuple[float, str]] = []

    def listener(_event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if job is not None and "Retrying" in job.error and not any(e == job.error for _t, e in retries):
            retries.append((time.monotonic(), job.error))
            if len(retries) == 2:
                proxy.up()  # the server is back before the second retry

    queue.subscribe(listener)
    proxy.down()
    started = time.monotonic()
    try:
        job_id = queue.add_upload(src, bucket, "later.bin")
        driver.drive()
        assert driver.wait(30)
    finally:
        driver.close()
    job = queue.get(job_id)
    assert job is not None and (job.state, job.error) == (JobState.DONE, "")  # no retry note left
    assert len(retries) == 2
    assert "Nothing is listening" in retries[0][1] and retries[0][1].endswith("Retrying (1/3)…")
    assert retries[1][1].endswith("Retrying (2/3)…")
    # the backoff grows: 0.3 s before the second attempt, 0.6 s before the third
    assert retries[1][0] - retries[0][0] >= 0.3
    assert time.monotonic() - started >= 0.3 + 0.6
    back = tmp_path / "back.bin"
    admin_storage.download_file(bucket, "later.bin", back)
    assert sha256_file(back) == sha


def test_every_fault_is_a_storage_error(proxy: FaultProxy, s3_server: S3Server, bucket: str) -> None:
    """Whatever the network does, callers meet StorageError subclasses, never socket or urllib3 errors."""
    storage = through(proxy, s3_server, read_timeout=0.5)
    proxy.faults.reset_after, proxy.faults.resets = 10, None  # every request dies early
    with pytest.raises(StorageError) as info:
        storage.list_buckets()
    assert type(info.value).__module__ == "ensure_browser.core.errors"
    proxy.faults.clear()
    assert bucket in storage.list_buckets()


def test_a_reset_range_stops_the_other_ranges_and_the_download_resumes(
    proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """A multipart object comes in ranges, two at a time; one range's connection is reset: the other
    range stops at its next chunk, no further range is asked for, and the caller gets a typed error.
    The ranges complete before it stay (``.part`` + marker) and the next attempt fetches the rest."""
    src = tmp_path / "src.bin"
    sha = write_big_file(src, 8 * 5 * MiB, seed=11)
    admin_storage.upload_file(bucket, "ranges.bin", src, multipart_threshold=5 * MiB, part_size=5 * MiB)
    storage = through(proxy, s3_server)
    storage.bucket_exists(bucket)  # a pooled connection before the faults start
    proxy.faults.rate = 16 * MiB  # per connection: a range takes about 0.3 s
    armed = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done >= 2 * MiB and not armed.is_set():  # ranges 1 and 2 are under way: the next request dies
            armed.set()
            proxy.faults.reset_after, proxy.faults.resets = 1, 1

    dest = tmp_path / "back.bin"
    before = proxy.stats.requests
    with pytest.raises(StorageError) as info:
        storage.download_file(bucket, "ranges.bin", dest, parallel=2, part_size=5 * MiB, progress=progress)
    assert not isinstance(info.value, Cancelled) and info.value.retryable, info.value
    assert "connection" in info.value.message and "Traceback" not in info.value.message
    assert proxy.stats.resets == 1
    assert proxy.stats.requests - before <= 4, proxy.stats.requests - before  # not the 8 ranges
    assert not any(t.name.startswith("range") and t.is_alive() for t in threading.enumerate())
    assert not dest.exists() and (tmp_path / "back.bin.part.etag").exists()
    proxy.faults.clear()
    seen: list[int] = []
    storage.download_file(bucket, "ranges.bin", dest, parallel=2, part_size=5 * MiB,
                          progress=lambda d, _t: seen.append(d))
    assert seen[0] >= 5 * MiB and sha256_file(dest) == sha
