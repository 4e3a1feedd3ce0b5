"""The storage layer's HTTP connections: urllib3's, with a response that reads its header block
without the ``email`` package.

``http.client`` hands every response's header lines to ``email.parser`` (a FeedParser, a policy
and a Message per response). For the small requests this app makes by the thousand (a PUT of a
64 KiB file, a HEAD, a page of a listing) that parser was a quarter of the client's GIL time per
request (py-spy, 1,000 small uploads), and small-file transfers are bound by that time. Here the
lines are split at the first colon into the same :class:`http.client.HTTPMessage` (so urllib3,
minio-py and every ``headers.get`` see what they saw before), and the rest of the response's
start (status line, ``100 Continue``, chunked, Content-Length, keep-alive) is http.client's own
rules, through its helpers, except that at most :data:`MAX_INTERIM` ``100 Continue`` responses are
read (http.client reads an endless stream of them forever). Only the connections made by
:func:`pool_manager` use it; other users of http.client in the process are untouched.

An S3 error answer is XML whatever type it declares: minio-py reads the error code of a body
declared ``application/xml`` only, and takes anything else for a server that does not speak S3
("did not answer like an S3 server"). ``rclone serve s3`` declares ``text/xml``; an error answer
(status 300 and up) declared as any XML type is declared ``application/xml`` here (its parameters
kept), so its code (NoSuchBucket, SignatureDoesNotMatch ...) is read.

:func:`pool_manager`'s manager never follows a redirect (a 3xx answer goes to minio-py, whose error
it becomes: a request is not sent again, with its body and signed headers, to wherever a
``Location`` points), and repeats a POST only where :func:`repeatable_post` says it may.

Differences from the email parser, all outside what an S3 server sends: a folded header line
(obsolete since RFC 7230) joins its header's value with one space (RFC 9112 allows that); the
whitespace around a value is dropped (RFC 9110), where the email parser kept the trailing part; a
line without a colon is dropped instead of ending the header block.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterable
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import Retry

MAX_LINE = 65536  # http.client's limits: a longer line or more headers is an error, as there
MAX_HEADERS = 100
MAX_INTERIM = 10  # ``100 Continue`` responses before the final one; http.client reads them without end


class TooManyInterimResponses(http.client.HTTPException):
    """The peer sent more than :data:`MAX_INTERIM` ``100 Continue`` responses without a final one."""


def read_header_lines(fp: BinaryIO) -> list[bytes]:
    """The header lines up to the blank line that ends them (line ends included)."""
    lines: list[bytes] = []
    while True:
        line = fp.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        if line in (b"\r\n", b"\n", b""):
            return lines
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")


def header_message(lines: Iterable[bytes]) -> http.client.HTTPMessage:
    """The lines as the :class:`http.client.HTTPMessage` http.client would make of them."""
    fields: list[list[str]] = []
    for raw in lines:
        line = raw.decode("iso-8859-1").rstrip("\r\n")
        if line[:1] in (" ", "\t"):  # an obsolete folded continuation
            if fields:
                fields[-1][1] += " " + line.strip(" \t")
            continue
        name, colon, value = line.partition(":")
        if colon:
            fields.append([name, value.strip(" \t")])
    msg = http.client.HTTPMessage()
    for name, value in fields:
        msg[name] = value
    return msg


def declare_xml_as_s3_reads_it(headers: http.client.HTTPMessage) -> None:
    """An XML ``Content-Type`` (``text/xml``, ``application/xml``, ``...+xml``, any case) becomes
    ``application/xml`` with the same parameters; other types are left alone."""
    declared = headers.get("Content-Type")
    if declared is None:
        return
    media, semicolon, params = declared.partition(";")
    media = media.strip().lower()
    if media in ("text/xml", "application/xml") or media.endswith("+xml"):
        headers.replace_header("Content-Type", "application/xml" + semicolon + params)


class _Response(http.client.HTTPResponse):
    """http.client's response with :func:`header_message` instead of ``email.parser``.

    It relies on http.client's private helpers (``_read_status``, ``_check_close``, ``_method``, its
    own through inheritance, so no SLF001): they go with this module in #23 (data path on obstore)."""

    def begin(self) -> None:
        if self.headers is not None:  # begun already
            return
        fp: Any = self.fp
        for _interim in range(MAX_INTERIM + 1):
            version, status, reason = self._read_status()
            if status != http.client.CONTINUE:
                break
            read_header_lines(fp)  # a 100 response's own headers: dropped
        else:
            raise TooManyInterimResponses(f"more than {MAX_INTERIM} interim (100 Continue) responses")
        self.code = self.status = status
        self.reason = reason.strip()
        if version in ("HTTP/1.0", "HTTP/0.9"):
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11
        else:
            raise http.client.UnknownProtocol(version)
        self.headers = self.msg = header_message(read_header_lines(fp))
        if status >= 300:
            declare_xml_as_s3_reads_it(self.headers)

        encoding = self.headers.get("transfer-encoding")
        self.chunked = bool(encoding) and encoding.lower() == "chunked"
        if self.chunked:
            self.chunk_left = None
        self.will_close = self._check_close()
        self.length = None
        length = self.headers.get("content-length")
        if length and not self.chunked:
            try:
                self.length = int(length)
            except ValueError:
                self.length = None
            else:
                if self.length < 0:
                    self.length = None
        if (status in (http.client.NO_CONTENT, http.client.NOT_MODIFIED) or 100 <= status < 200
                or self._method == "HEAD"):
            self.length = 0
        if not self.will_close and not self.chunked and self.length is None:
            self.will_close = True  # no length and no chunks: the body ends when the server closes


class _Connection(HTTPConnection):
    response_class = _Response


class _TlsConnection(HTTPSConnection):
    response_class = _Response


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TlsPool(HTTPSConnectionPool):
    ConnectionCls = _TlsConnection


def repeatable_post(url: str) -> bool:
    """Whether a POST to ``url`` may be sent again by the pool after a 502-504 answer: only a
    DeleteObjects (``?delete``), which deletes the same keys again (those gone already are a
    success). Not CreateMultipartUpload (a second upload) nor CompleteMultipartUpload."""
    return "delete" in parse_qs(urlsplit(url).query, keep_blank_values=True)


class _Manager(urllib3.PoolManager):
    """A pool manager that follows no redirect and gives a POST :attr:`post_retries` where
    :func:`repeatable_post` allows (the pool's own retries leave POST out)."""

    post_retries: Retry | None = None

    def urlopen(  # type: ignore[override]  # as urllib3's own PoolManager.urlopen
            self, method: str, url: str, redirect: bool = True, **kw: Any) -> urllib3.BaseHTTPResponse:
        if method == "POST" and self.post_retries is not None and "retries" not in kw and repeatable_post(url):
            kw["retries"] = self.post_retries
        return super().urlopen(method, url, redirect=False, **kw)


def pool_manager(post_retries: Retry | None = None, **kw: Any) -> urllib3.PoolManager:
    """A :class:`urllib3.PoolManager` (same arguments) whose connections use :class:`_Response`; it
    follows no redirect, and a POST :func:`repeatable_post` allows gets ``post_retries``."""
    manager = _Manager(**kw)
    manager.pool_classes_by_scheme = {"http": _Pool, "https": _TlsPool}
    manager.post_retries = post_retries
    return manager
