"""The storage layer's HTTP pool (:func:`storage_pool`): urllib3's, through its public API, with
what it adds to urllib3's own: no redirect followed, a deadline on each answer's head, and an S3
error's declared type.

urllib3 2.0.2 (the lowest release allowed) follows a redirect with its default retries when the
caller (minio-py) names none, whatever the pool's own retries say (``Retry(redirect=False)``, which
later releases obey): the pool's ``urlopen`` asks it to follow none, so a 3xx answer goes back to
minio-py, whose error it becomes (:mod:`.retries` has the rules of what is repeated).

``http.client`` reads ``100 Continue`` interim responses until another one comes, without end, and
a header line by line, each read bounded by the socket's timeout only: a peer that sends an endless
stream of them (or a head one byte at a time) keeps a worker reading forever. The pool's
connections (urllib3's, through their public ``getresponse``) give the head of each answer twice the
read timeout in all; past it one watchdog thread shuts the connection's socket down, and the request
fails with :class:`SlowResponseHead` (a clear error, see ``core/errors.py``). The body is not
covered: it is read in chunks the callers bound or cancel.

An S3 error answer is XML whatever type it declares: minio-py reads the error code of a body
declared ``application/xml`` only, and takes anything else for a server that does not speak S3
(``InvalidResponseError``, which its own calls and the app's do not read as the error it is).
``rclone serve s3`` declares ``text/xml``; an error answer (status 300 and up) declared as any XML
type is declared ``application/xml`` here (its parameters kept; urllib3's public response headers),
so its code (NoSuchBucket, NoSuchUpload, NotImplemented ...) is read.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from typing import Any

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

HEAD_DEADLINE_FACTOR = 2.0  # the head of an answer may take this many read timeouts in all
POLL = 0.25  # seconds between the watchdog's looks at the deadlines while requests are under way
IDLE_AFTER = 10.0  # seconds without a request before the watchdog sleeps until the next one


class SlowResponseHead(http.client.HTTPException):
    """The head of an answer did not end within its deadline (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the head of the answer did not end within {seconds:g} s")
        self.seconds = seconds


class _Watchdog:
    """One daemon thread that shuts down the sockets of connections whose answer's head is overdue.

    It looks every :data:`POLL` seconds while requests are under way (a request costs a dict entry
    under a lock, never a wake-up of this thread), and sleeps after :data:`IDLE_AFTER` seconds
    without one until the next."""

    def __init__(self, poll: float = POLL, idle_after: float = IDLE_AFTER) -> None:
        self.poll, self.idle_after = poll, idle_after
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._due: dict[Any, float] = {}  # urllib3 connections (anything with a ``sock``)
        self._fired: set[Any] = set()
        self._idle = True
        self._thread: threading.Thread | None = None

    def watch(self, conn: Any, deadline: float) -> None:
        """Shut ``conn``'s socket down at ``deadline`` (``time.monotonic``) unless released first."""
        with self._lock:
            self._due[conn] = deadline
            if self._idle:
                self._idle = False
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="response-head-deadline", daemon=True)
                    self._thread.start()
                else:
                    self._wake.set()

    def release(self, conn: Any) -> bool:
        """Stop watching ``conn``; whether its deadline had passed (its socket shut down)."""
        with self._lock:
            self._due.pop(conn, None)
            if conn in self._fired:
                self._fired.discard(conn)
                return True
            return False

    def _run(self) -> None:
        busy = time.monotonic()
        while True:
            time.sleep(self.poll)
            now = time.monotonic()
            with self._lock:
                for conn, due in list(self._due.items()):
                    if due <= now:
                        del self._due[conn]
                        self._fired.add(conn)
                        _shut_down(conn.sock)
                if self._due or now - busy < self.idle_after:
                    busy = now if self._due else busy
                    continue
                self._idle = True
                self._wake.clear()
            self._wake.wait()
            busy = time.monotonic()


def _shut_down(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):  # closed already
        sock.shutdown(socket.SHUT_RDWR)  # the reading thread sees the end of the stream


WATCHDOG = _Watchdog()


def declare_xml_as_s3_reads_it(headers: Any) -> None:
    """An XML ``Content-Type`` (``text/xml``, ``application/xml``, ``...+xml``, any case) becomes
    ``application/xml`` with the same parameters; other types are left alone."""
    declared = headers.get("Content-Type")
    if declared is None:
        return
    media, semicolon, params = declared.partition(";")
    if is_xml_type(media):
        headers["Content-Type"] = "application/xml" + semicolon + params


def is_xml_type(media: str) -> bool:
    media = media.strip().lower()
    return media in ("text/xml", "application/xml") or media.endswith("+xml")


class _HeadDeadline:
    """Mixed into urllib3's connections: ``getresponse`` under the head's deadline, an XML error
    answer declared ``application/xml``."""

    timeout: Any  # the connection's read timeout (urllib3 sets it before asking for the answer)

    def getresponse(self) -> Any:
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        if not timeout:
            return super().getresponse()  # type: ignore[misc]
        seconds = HEAD_DEADLINE_FACTOR * timeout
        conn: Any = self
        WATCHDOG.watch(conn, time.monotonic() + seconds)
        try:
            response = super().getresponse()  # type: ignore[misc]
        except Exception as exc:
            if WATCHDOG.release(conn):
                raise SlowResponseHead(seconds) from exc
            raise
        WATCHDOG.release(conn)
        if response.status >= 300:
            declare_xml_as_s3_reads_it(response.headers)
        return response


class _Connection(_HeadDeadline, HTTPConnection):
    pass


class _TlsConnection(_HeadDeadline, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TlsPool(HTTPSConnectionPool):
    ConnectionCls = _TlsConnection


class _Manager(urllib3.PoolManager):
    """urllib3's pool manager that follows no redirect (a request is not sent again, with its body
    and signed headers, to wherever a ``Location`` points)."""

    def urlopen(  # type: ignore[override]  # as urllib3's own PoolManager.urlopen
            self, method: str, url: str, redirect: bool = True, **kw: Any) -> urllib3.BaseHTTPResponse:
        return super().urlopen(method, url, redirect=False, **kw)


def storage_pool(**kw: Any) -> urllib3.PoolManager:
    """A :class:`urllib3.PoolManager` (same arguments) that follows no redirect and whose
    connections read each answer's head under its deadline."""
    manager = _Manager(**kw)
    manager.pool_classes_by_scheme = {"http": _Pool, "https": _TlsPool}
    return manager
