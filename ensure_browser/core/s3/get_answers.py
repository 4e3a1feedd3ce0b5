"""The answer to one GET, whichever library sent it (#23): obstore for the keys it carries exactly
(:func:`~ensure_browser.core.s3.object_store.exact_key`; its I/O runs outside the GIL), minio-py's
public ``get_object`` for the others. Both give the object's stat, the bytes range they carry and
the body in pieces, so downloads and previews read them the same way (:func:`open_get`).

What differs: an obstore answer says nothing of server-side encryption or the object's checksum
(``told`` False; the download asks a HEAD where it needs them, see ``download.py``), and its body
comes in pieces sized to the line (:mod:`.stream_pace`; obstore collects them outside the GIL)."""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, from_s3_code
from ensure_browser.core.s3.headers import CHECKSUM_MODE, Headers, decode_meta_value, stat_from_headers
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.stream_pace import AWAITED_MAX_PIECE, StreamPace

if TYPE_CHECKING:
    import asyncio

    from obstore import BytesStream, GetOptions, GetResult
    from urllib3 import BaseHTTPResponse  # urllib3 2.x; a name in annotations only

    from ensure_browser.core.s3.client import StorageBase

log = logging.getLogger(__name__)
# A minio-py body is read in pieces sized to about _READ_AIM seconds at the rate seen so far (see
# read_body): small on a slow link, so that a cancellation and the progress come within a fraction
# of a second; large on a fast one, where 256 KiB reads cost 7 % of a loopback download's time
# against 1 MiB ones (more system calls and wake-ups; measured in bench/RESULTS.md).
_READ_MIN = 32 * 1024
_READ_FIRST = 64 * 1024  # a small object comes whole: one read, one write, one hash update
_READ_MAX = 1024 * 1024
_READ_AIM = 0.05
# The attributes obstore names; the others of a GET's answer are the object's user metadata.
_NAMED = frozenset({"Content-Disposition", "Content-Encoding", "Content-Language", "Content-Type",
                    "Cache-Control", "Storage-Class"})
# Answers obstore refuses where minio-py's path does the request as today: a header it cannot read
# (a ``Last-Modified`` that is no date, none at all: the download loses its time, not its bytes), and
# a certificate rustls refuses where OpenSSL (which then checks it, with the same CA file) may not:
# a self-signed certificate marked as a CA (``openssl req -x509``'s default) used by the server itself.
# And a server that answers a range with 200 (``rclone serve s3``), which obstore refuses.
_MINIO_CAN = ("source: Header", "InvalidCertificate", "CaUsedAsEndEntity", "non-partial response")
_S3_CODE = re.compile(r"<Code>([A-Za-z]{1,64})</Code>")
# An obstore body at least this long is read through its async stream (see _AwaitedPieces), where a
# cancellation ends a read that waits on a stalled server; a shorter one through the blocking stream,
# which costs no event loop (a small file's download is all overhead: bench's 1,000 x 64 KiB).
_AWAITED_FROM = 1024 * 1024


def read_body(resp: BaseHTTPResponse, limit: int | None = None) -> Iterator[bytes]:
    """The body of ``resp`` (at most ``limit`` bytes), in reads of about :data:`_READ_AIM` seconds.

    A read blocks until it has all it asked for, so its size bounds how late a cancellation check
    or a progress report between reads can come: each read asks for the rate of the one before
    times the aim, between :data:`_READ_MIN` and :data:`_READ_MAX`, growing at most twofold a
    read (a read answered at once from data already buffered says little about the link), and in
    whole multiples of the smallest, so that the writes after it stay aligned to the file's pages.
    The first read asks for :data:`_READ_FIRST`, so that a small object takes one read, one write
    and one hash update (1,000 downloads of 64 KiB, 4 at a time: 0.82 s against 0.87 s with reads
    from 32 KiB and minio-py's date parser, median of 11 alternating rounds)."""
    size, left = _READ_FIRST, limit
    while left is None or left > 0:
        started = time.perf_counter()
        chunk = resp.read(size if left is None else min(size, left))
        if not chunk:
            return
        rate = len(chunk) / max(time.perf_counter() - started, 1e-6)
        size = max(_READ_MIN, min(_READ_MAX, 2 * size, int(rate * _READ_AIM)) // _READ_MIN * _READ_MIN)
        if left is not None:
            left -= len(chunk)
        yield chunk


class GetAnswer:
    """One GET's answer: ``stat`` (the whole object's size even for a range), ``start`` / ``end``
    (the bytes it carries, end exclusive), ``told`` (whether it says how the object is encrypted and
    its checksum, as minio-py's answers do), the body in :meth:`chunks`, :meth:`close` to drop it."""

    stat: ObjectStat
    start: int
    end: int
    told: bool

    def chunks(self, limit: int | None = None, cancel: CancelToken = NEVER) -> Iterator[bytes]:
        """The body (at most ``limit`` bytes). A read waiting on the server when ``cancel`` is
        cancelled ends at once in :class:`Cancelled`, and the connection is dropped."""
        raise NotImplementedError

    def close(self, *, whole: bool = True) -> None:
        """Done with it; ``whole`` False: bytes were left unread (the connection cannot be reused)."""

    def span_detail(self) -> str:
        return f"bytes {self.start}-{self.end - 1}/{self.stat.size}"


class _MinioAnswer(GetAnswer):
    def __init__(self, resp: BaseHTTPResponse, bucket: str, key: str, offset: int) -> None:
        self.resp, self.told, self.cut = resp, True, False
        self.token: CancelToken | None = None  # the one whose cancel shuts the socket down (chunks)
        self.status = resp.status
        self.start = offset if offset and resp.status == 206 else 0
        self.stat = stat_from_headers(bucket, key, resp.headers, self.start)
        content_range = str(resp.headers.get("Content-Range") or "")
        self.content_range = content_range
        self.end = self.stat.size
        if resp.status == 206 and content_range.startswith("bytes ") and "-" in content_range:
            first, _dash, rest = content_range[6:].partition("-")
            last = rest.split("/", 1)[0]
            if first.isdigit() and last.isdigit():
                self.start, self.end = int(first), int(last) + 1
        elif resp.status == 206:  # a partial answer that does not say which part: not what was asked
            self.end = -1

    def chunks(self, limit: int | None = None, cancel: CancelToken = NEVER) -> Iterator[bytes]:
        if cancel is NEVER:
            yield from read_body(self.resp, limit)
            return
        self.token = cancel
        cancel.on_cancel(self._cut)
        try:
            yield from read_body(self.resp, limit)
            cancel.raise_if_cancelled()  # a read the shutdown ended short without an error
        except Cancelled:
            raise
        except Exception as exc:  # the socket was shut down under the read: say why
            if cancel.cancelled:
                raise Cancelled(cancel.reason) from exc
            raise
        finally:
            cancel.forget(self._cut)

    def _cut(self) -> None:
        """From the cancelling thread: shut the socket down, which wakes a read blocked on it (the
        connection is closed by :meth:`close`, never given back to the pool)."""
        self.cut = True
        conn = getattr(self.resp, "connection", None)  # urllib3's HTTPResponse; None once released
        sock = getattr(conn, "sock", None)  # http.client's
        if sock is not None:
            with contextlib.suppress(OSError):  # closed meanwhile
                sock.shutdown(socket.SHUT_RDWR)

    def close(self, *, whole: bool = True) -> None:
        if self.token is not None:  # the body's reader is done with it even if it was never finished
            self.token.forget(self._cut)
        if not whole or self.cut:
            self.resp.close()
        self.resp.release_conn()

    def span_detail(self) -> str:
        return f"status {self.status}, Content-Range {self.content_range!r}"


class _ObstoreAnswer(GetAnswer):
    def __init__(self, result: GetResult, bucket: str, key: str, pace: StreamPace) -> None:
        self.result, self.told, self.pace = result, False, pace
        meta, attributes = result.meta, result.attributes
        self.start, self.end = result.range
        self.stat = ObjectStat(
            bucket=bucket, key=key, size=int(meta["size"]), etag=(meta["e_tag"] or "").strip('"'),
            content_type=attributes.get("Content-Type") or "application/octet-stream",
            last_modified=meta["last_modified"] if meta["last_modified"].timestamp() > 0 else None,  # 0: none
            metadata={name.lower(): decode_meta_value(value) for name, value in attributes.items()
                      if name not in _NAMED},
            version_id=meta["version"],
        )

    def chunks(self, limit: int | None = None, cancel: CancelToken = NEVER) -> Iterator[bytes]:
        left, carried, started = limit, 0, time.monotonic()
        length = self.end - self.start if limit is None else min(limit, self.end - self.start)
        if cancel is NEVER or length < _AWAITED_FROM:
            pieces: Iterator[bytes] = self.result.stream(min_chunk_size=self.pace.piece())  # see stream_pace
        else:
            pieces = _AwaitedPieces(self.result.stream(min_chunk_size=self.pace.piece(AWAITED_MAX_PIECE)), cancel)
        try:
            for chunk in pieces:
                carried += len(chunk)
                if left is not None:
                    if len(chunk) >= left:
                        if left:
                            yield chunk[:left]
                        return
                    left -= len(chunk)
                yield chunk
        finally:
            if isinstance(pieces, _AwaitedPieces):
                pieces.close()
            self.pace.note(carried, time.monotonic() - started)


class _AwaitedPieces:
    """An obstore body's pieces through its async stream, each awaited on an event loop of this
    answer's own, in the reading thread: a cancellation cancels the awaited piece (from the
    cancelling thread, through the loop), so a read waiting on a stalled server ends at once in
    :class:`Cancelled`; the stream is then dropped, and with it the connection. :meth:`close` when done."""

    def __init__(self, stream: BytesStream, cancel: CancelToken) -> None:
        import asyncio  # with the first big body read this way: it imports ssl, which the window waits for

        self.stream, self.cancel = stream, cancel
        self.loop = asyncio.new_event_loop()
        self.task: asyncio.Task[bytes | None] | None = None
        cancel.on_cancel(self._cut)

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        import asyncio

        self.cancel.raise_if_cancelled()
        self.task = self.loop.create_task(self._piece())
        try:
            piece = self.loop.run_until_complete(self.task)
        except asyncio.CancelledError:
            raise Cancelled(self.cancel.reason) from None
        finally:
            self.task = None
        if piece is None:
            raise StopIteration
        return piece

    async def _piece(self) -> bytes | None:
        try:
            return await anext(self.stream)
        except StopAsyncIteration:
            return None

    def _cut(self) -> None:  # from the cancelling thread (under the token's hook lock: never after close)
        self.loop.call_soon_threadsafe(self._cancel_task)

    def _cancel_task(self) -> None:  # in the loop
        if self.task is not None:
            self.task.cancel()

    def close(self) -> None:
        import asyncio

        self.cancel.forget(self._cut)
        self.loop.run_until_complete(asyncio.sleep(0))  # the cancelled piece's callbacks, if any
        self.loop.close()


def open_get(storage: StorageBase, bucket: str, key: str, *, offset: int = 0, length: int | None = None,
             if_match: str | None = None, version_id: str | None = None, checksum: bool = False,
             told: bool = False) -> GetAnswer:
    """GET ``bucket/key`` from ``offset`` (``length`` bytes, else to the end), only while its ETag is
    ``if_match`` when given, of the version ``version_id`` when given. ``checksum``: ask for the
    object's CRC32 (minio-py's path; obstore's answers never carry it). ``told``: an answer that says
    the object's checksum and encryption (minio-py's, whatever the key). The server's S3 errors are
    raised as their :mod:`~ensure_browser.core.errors` type (``PreconditionFailed``: the object is
    another by now; ``InvalidRange``; ``NoSuchKey``); others go to the caller's ``_call``."""
    if told or not storage.stores.carries(key):
        return _minio_get(storage, bucket, key, offset, length, if_match, version_id, checksum)
    import obstore

    options: GetOptions = {}
    if offset or length is not None:
        options["range"] = (offset, offset + length) if length is not None else {"offset": offset}
    if if_match is not None:
        options["if_match"] = f'"{if_match}"'
    if version_id is not None:
        options["version"] = version_id
    try:
        result = obstore.get(storage.stores.store(bucket), key, options=options)
    except Exception as exc:
        text = str(exc)
        if any(sign in text for sign in _MINIO_CAN):
            log.info("obstore refused the answer for s3://%s/%s; asking through minio-py: %s", bucket, key,
                     text.split("\n", 1)[0])
            return _minio_get(storage, bucket, key, offset, length, if_match, version_id, checksum)
        err = _server_error(storage, exc, bucket, key)
        if err is exc:
            raise
        raise err from exc
    return _ObstoreAnswer(result, bucket, key, storage.stores.pace)


def _minio_get(storage: StorageBase, bucket: str, key: str, offset: int, length: int | None,
               if_match: str | None, version_id: str | None, checksum: bool) -> GetAnswer:
    headers: Headers = dict(CHECKSUM_MODE) if checksum else {}
    if if_match is not None:
        headers["If-Match"] = f'"{if_match}"'
    resp = storage.client.get_object(bucket, key, offset=offset, length=length or 0,
                                     request_headers=headers, version_id=version_id)
    return _MinioAnswer(resp, bucket, key, offset)


def _server_error(storage: StorageBase, exc: Exception, bucket: str, key: str) -> Exception:
    """The S3 error code in obstore's message (it quotes the server's XML) as today's error type;
    else ``exc`` itself, for the caller's ``_call`` to translate."""
    found = _S3_CODE.search(str(exc))
    if found is None:
        return exc
    s = storage.settings
    return from_s3_code(found.group(1), found.group(1), f"{type(exc).__name__}: {exc}", s.endpoint, s.access_key,
                        bucket, key)
