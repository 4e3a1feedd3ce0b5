"""The storage layer's HTTP response reads what http.client reads, without the email parser.

Each raw response goes through a real socket pair into both http.client's own response and the
app's, which must agree on status, version, headers, body framing and the body itself. The
storage tests run every S3 request of the suite through it against the real server.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from ensure_browser.core.errors import ProtocolFailure
from ensure_browser.core.s3 import httpconn
from ensure_browser.core.s3.httpconn import _Response, header_message, pool_manager
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support import peers
from tests.support.servers import S3Server

RESPONSES = {
    "put": (b"HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nContent-Length: 0\r\n"
            b'ETag: "0123456789abcdef0123456789abcdef"\r\nX-Amz-Checksum-Crc32: KkQ89w==\r\n'
            b"Server: SeaweedFS\r\nDate: Wed, 02 Dec 2026 19:08:36 GMT\r\n\r\n"),
    "body": b"HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nContent-Length: 11\r\n\r\n<Error/>xyz",
    "chunked": (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
    "continue": b"HTTP/1.1 100 Continue\r\nX-Seen: 1\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    "no length, 1.0": b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end",
    "close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc",
    "no content": b"HTTP/1.1 204 No Content\r\nX-Amz-Request-Id: 1\r\n\r\n",
    "repeated": (b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nx-amz-meta-name: =?UTF-8?B?w7w=?=\r\n"
                 b"X-Tight:value\r\nX-Spaces:   padded\t\r\nContent-Length: 0\r\n\r\n"),
    "bad length": b"HTTP/1.1 200 OK\r\nContent-Length: many\r\nConnection: close\r\n\r\nrest",
    "negative length": b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\nConnection: close\r\n\r\nrest",
    "bare newlines": b"HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nhi",
}


def _serve(raw: bytes) -> socket.socket:
    """The client end of a socket pair whose server end sends ``raw`` and closes."""
    client, server = socket.socketpair()

    def send() -> None:
        with server:
            server.sendall(raw)

    threading.Thread(target=send, daemon=True).start()
    return client


def _read(cls: type[http.client.HTTPResponse], raw: bytes, method: str = "GET") -> tuple[object, ...]:
    with _serve(raw) as sock:
        resp = cls(sock, method=method)
        resp.begin()
        head = (resp.status, resp.reason, resp.version, list(resp.headers.items()), resp.length,
                resp.chunked, resp.will_close)
        return (*head, resp.read())


@pytest.mark.parametrize("name", list(RESPONSES))
def test_responses_read_as_http_client_reads_them(name: str) -> None:
    raw = RESPONSES[name]
    ours = _read(_Response, raw)
    theirs = _read(http.client.HTTPResponse, raw)
    if name == "repeated":  # the email parser keeps a value's trailing whitespace; RFC 9110 does not
        theirs = (*theirs[:3], [(k, v.rstrip(" \t")) for k, v in theirs[3]], *theirs[4:])  # type: ignore[attr-defined]
    assert ours == theirs


def test_a_head_response_has_no_body_whatever_its_length() -> None:
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n"
    assert _read(_Response, raw, "HEAD") == _read(http.client.HTTPResponse, raw, "HEAD")
    assert _read(_Response, raw, "HEAD")[4] == 0


def test_headers_behave_as_http_client_headers() -> None:
    msg = header_message([b"Set-Cookie: a=1\r\n", b"set-cookie: b=2\r\n", b"ETag: \"x\"\r\n",
                          b"X-Folded: first\r\n", b"  second\r\n", b"no colon here\r\n"])
    assert isinstance(msg, http.client.HTTPMessage)
    assert msg.get_all("set-cookie") == ["a=1", "b=2"]
    assert msg["etag"] == '"x"' and msg.get("ETAG") == '"x"'
    assert msg["x-folded"] == "first second"
    assert len(msg) == 4 and msg.defects == []


@pytest.mark.parametrize("raw, error", [
    (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * (httpconn.MAX_LINE + 1) + b"\r\n\r\n", http.client.LineTooLong),
    (b"HTTP/1.1 200 OK\r\n" + b"X-Many: 1\r\n" * (httpconn.MAX_HEADERS + 1) + b"\r\n", http.client.HTTPException),
    (b"SPDY/3 200 OK\r\n\r\n", http.client.BadStatusLine),
    (b"HTTP/2.0 200 OK\r\n\r\n", http.client.UnknownProtocol),
    (b"", http.client.RemoteDisconnected),
])
def test_hostile_responses_fail_as_in_http_client(raw: bytes, error: type[Exception]) -> None:
    for cls in (_Response, http.client.HTTPResponse):
        with pytest.raises(error):
            _read(cls, raw)


def test_the_storage_pool_uses_it_against_the_real_server(s3_server: S3Server) -> None:
    storage = s3_server.storage()
    assert storage.list_buckets() is not None
    pool = storage.pool.connection_from_url(f"http://{s3_server.endpoint}/")
    assert pool.ConnectionCls.response_class is _Response
    assert pool_manager().pool_classes_by_scheme["https"].ConnectionCls.response_class is _Response


def test_an_endless_stream_of_100_continue_fails_soon() -> None:
    """A peer that answers only ``100 Continue``, forever: the call fails with a typed error, soon."""
    outcome: list[BaseException | object] = []
    with peers.tcp_peer(peers.endless_continue) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAENDLESS", "secret-endless-continue"))

        def call() -> None:
            try:
                outcome.append(storage.list_buckets())
            except BaseException as exc:  # whatever it is, the test reports it
                outcome.append(exc)

        started = time.monotonic()
        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join(10)
        elapsed = time.monotonic() - started
        assert not thread.is_alive(), "the call still reads 100 Continue responses after 10 s"
    (error,) = outcome
    assert isinstance(error, ProtocolFailure), error
    assert "interim" in error.message and f"127.0.0.1:{port}" in error.message
    assert elapsed < 2.0, f"failing took {elapsed:.1f} s"
