"""The storage layer's HTTP pool: urllib3's, with public options only (see core/s3/retries.py and
core/s3/pool.py), and what it must still guarantee against hostile or odd peers.

Real loopback peers (tests/support/peers.py) and the real server; nothing is mocked.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.s3.pool import _Watchdog
from ensure_browser.core.s3.retries import StorageRetry, repeatable_post
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support import peers
from tests.support.servers import S3Server


def _outcome(call: Callable[[], object], limit: float) -> tuple[object, float]:
    """What ``call`` returned or raised, and how long it took; fails if it takes more than ``limit``."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # whatever it is, the test reports it
            outcome.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"the call still runs after {limit} s"
    return outcome[0], time.monotonic() - started


def test_the_pool_is_urllib3s_own_and_talks_to_the_real_server(s3_server: S3Server) -> None:
    storage = s3_server.storage()
    assert storage.list_buckets() is not None
    assert isinstance(storage.pool.connection_pool_kw["retries"], StorageRetry)


def test_an_endless_stream_of_100_continue_fails_soon_and_clearly() -> None:
    """A peer that answers only ``100 Continue``, forever (http.client reads them without end): the
    head's deadline (twice the read timeout) ends the call with a typed error that says so."""
    with peers.tcp_peer(peers.endless_continue) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAENDLESS", "secret-endless-continue",
                                             read_timeout=1.0))
        error, elapsed = _outcome(storage.list_buckets, 15)
    assert isinstance(error, E.ProtocolFailure), error
    assert "100 Continue" in error.message and "within 2 s" in error.message
    assert f"127.0.0.1:{port}" in error.message
    assert 1.5 < elapsed < 6.0, f"failing took {elapsed:.1f} s"


def _dripping_head(conn: socket.socket) -> None:
    """Sends the head of an answer one byte every 0.3 s (each read within the read timeout)."""
    peers.read_request(conn)
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.3)


def test_a_head_sent_one_byte_at_a_time_fails_at_its_deadline() -> None:
    with peers.tcp_peer(_dripping_head) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", read_timeout=1.0))
        error, elapsed = _outcome(lambda: storage.stat("bucket", "k"), 15)
    assert isinstance(error, E.ProtocolFailure) and "head of its answer" in error.message, error
    assert elapsed < 6.0


class _Conn:
    """What the watchdog needs of a connection: its socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock


def test_the_watchdog_wakes_again_after_sleeping() -> None:
    """Its deadlines hold after a quiet spell (the thread sleeps until the next request)."""
    watchdog = _Watchdog(poll=0.02, idle_after=0.1)
    for _spell in range(2):
        ours, theirs = socket.socketpair()
        with ours, theirs:
            conn = _Conn(ours)
            watchdog.watch(conn, time.monotonic() + 0.1)
            assert ours.recv(1) == b""  # shut down: the end of the stream, soon
            assert watchdog.release(conn)
            kept = _Conn(theirs)
            watchdog.watch(kept, time.monotonic() + 60)
            assert not watchdog.release(kept)
        time.sleep(0.3)  # idle now


def test_answers_within_the_deadline_keep_their_connection(s3_server: S3Server, bucket: str) -> None:
    """Many quick requests: none is cut by the watchdog, whose deadlines come and go."""
    storage = Storage(ConnectionSettings(s3_server.endpoint, s3_server.admin.access_key,
                                         s3_server.admin.secret_key, read_timeout=0.5))
    for i in range(50):
        storage.upload_bytes(bucket, f"k{i}", b"x")
    time.sleep(1.2)  # past any deadline of the requests above
    assert len([e for page in storage.list_level(bucket) for e in page]) == 50


@pytest.mark.parametrize("url, repeated", [
    ("/bucket?delete", True), ("/bucket?delete=", True), ("http://h:1/b?delete", True),
    ("/bucket/key?uploads", False), ("/bucket/key?uploadId=abc", False), ("/bucket/key?select&select-type=2", False),
    ("/bucket/delete?uploads", False),
])
def test_only_delete_objects_is_a_repeatable_post(url: str, repeated: bool) -> None:
    assert repeatable_post(url) is repeated


LAZY_ABOUT_MINIO = ("settings", "errors", "headers", "lifecycle", "bucket_features", "bucket_policies",
                    "multipart_listing", "retries", "pool", "storage")


def test_the_storage_layer_does_not_import_minio() -> None:
    """minio-py is imported when a request is made, not with the settings, the error types, the
    modules that make their requests through a client they are given, nor the storage layer as a
    whole (``Storage``: its client is made on first use, see ``StorageBase.client``): the start-up's
    import time, issue 23."""
    modules = ", ".join(f"ensure_browser.core.{'' if name == 'errors' else 's3.'}{name}" for name in LAZY_ABOUT_MINIO)
    code = (f"import sys; import {modules}; "
            "print(sorted(m for m in sys.modules if m == 'minio' or m.startswith('minio.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


LAZY_ABOUT_URLLIB3 = ("core.errors", "core.s3.obstore_errors", "core.s3.client", "core.s3.signed", "core.s3.storage",
                     "core.schema.policies", "core.health.rules", "core.policies.admin")


def test_the_storage_layer_imports_urllib3_with_its_first_request() -> None:
    """urllib3 (and http.client, which it brings) is imported when the pool is first needed, not with the
    storage layer, the error types, nor a new ``Storage``: its pool is made on first use (see
    ``StorageBase.pool``), and the error types import urllib3's where they read an exception (one of
    urllib3's can only exist once urllib3 is imported). The start-up's import time, issue 23."""
    modules = ", ".join(f"ensure_browser.{name}" for name in LAZY_ABOUT_URLLIB3)
    code = (f"import sys; import {modules}; "
            "from ensure_browser.core.s3.storage import ConnectionSettings, Storage; "
            "storage = Storage(ConnectionSettings('127.0.0.1:9', 'key', 'secret')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'urllib3' or m == 'http.client')); "
            "storage.pool; print('urllib3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True"], out.stdout


@pytest.mark.parametrize("part", ["client", "pool"])
def test_the_client_and_the_pool_are_made_once_whichever_thread_asks_first(part: str) -> None:
    """``StorageBase.client`` (minio-py's) and ``StorageBase.pool`` (urllib3's) are made on first use,
    once: threads that ask at the same time get the same (the client on the pool; which is made first
    does not matter). The signed requests use the same pool."""
    storage = Storage(ConnectionSettings("127.0.0.1:9", "key", "secret"))
    start = threading.Barrier(8)

    def ask(_i: int) -> object:
        start.wait()
        return getattr(storage, part)

    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(ask, range(8)))
    assert all(c is made[0] for c in made) and made[0] is getattr(storage, part)
    assert storage.signed.pool_of() is storage.pool
