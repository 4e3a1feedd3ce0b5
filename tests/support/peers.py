"""Small real network peers on loopback for failure tests.

These are not mocks of the S3 client: they are real TCP servers that behave like broken or foreign
services (a server that never answers, one that speaks another protocol, one that fails with 5xx),
so the storage layer meets the real socket errors.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def tcp_peer(handler: Callable[[socket.socket], None]) -> Iterator[int]:
    """Run ``handler(conn)`` for every connection to a fresh loopback port; yields the port."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)
    stop = threading.Event()
    conns: list[socket.socket] = []

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conns.append(conn)
            threading.Thread(target=_safe, args=(handler, conn), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield srv.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        srv.close()
        for conn in conns:
            try:
                conn.close()
            except OSError:
                pass


def _safe(handler: Callable[[socket.socket], None], conn: socket.socket) -> None:
    try:
        handler(conn)
    except OSError:
        pass


def read_request(conn: socket.socket) -> bytes:
    """The head of one HTTP request on ``conn`` (up to the blank line; what came by then when it closed)."""
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def silent(conn: socket.socket) -> None:
    """Accept and never answer (a black hole)."""
    read_request(conn)
    threading.Event().wait(30)


def other_protocol(conn: socket.socket) -> None:
    """Greets like an SSH server and hangs up."""
    conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    read_request(conn)
    conn.close()


def html_server(conn: socket.socket) -> None:
    """A web server that is not S3: 200 with an HTML page for everything."""
    read_request(conn)
    body = b"<html><body><h1>Welcome to nginx!</h1></body></html>"
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    conn.close()


def failing_s3(conn: socket.socket) -> None:
    """An S3 endpoint whose backend is broken: 500 InternalError for every request."""
    read_request(conn)
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>'
        b"<Message>We encountered an internal error. Please try again.</Message>"
        b"<Resource>/</Resource><RequestId>1</RequestId></Error>"
    )
    conn.sendall(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    conn.close()


def endless_continue(conn: socket.socket) -> None:
    """Answers every request with ``100 Continue`` interim responses, without end (until closed)."""
    read_request(conn)
    burst = b"HTTP/1.1 100 Continue\r\n\r\n" * 64
    while True:
        conn.sendall(burst)


def make_self_signed(directory: Path, cn: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 made with the openssl command; returns (cert, key)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={cn}",
            "-addext", f"subjectAltName=IP:{cn},DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


# -- misbehaving S3 peers: listings, redirects -------------------------------------------------------

S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def read_whole_request(conn: socket.socket) -> bytes:
    """One HTTP request on ``conn``, its body (of the declared Content-Length) included."""
    data = read_request(conn)
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return data[: len(head) + 4] + body


def request_target(head: bytes) -> str:
    """The target (path and query) of a request head."""
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    return parts[1].decode("latin-1") if len(parts) > 1 else ""


def answer(conn: socket.socket, body: bytes, status: str = "200 OK", headers: str = "",
           length: int | None = None) -> None:
    """One HTTP answer and the connection closed (``length``: the Content-Length declared, the body's
    own by default)."""
    declared = len(body) if length is None else length
    conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: application/xml\r\nContent-Length: {declared}\r\n"
                 f"{headers}Connection: close\r\n\r\n".encode() + body)
    conn.close()


def listing_page(contents: list[tuple[str, str]], token: str | None = None) -> bytes:
    """A ListObjectsV2 page of objects (key, ``<Size>`` text), truncated with ``token`` when given."""
    entries = "".join(f"<Contents><Key>{key}</Key><LastModified>2026-01-02T03:04:05Z</LastModified>"
                      f"<ETag>&#34;ab&#34;</ETag><Size>{size}</Size></Contents>" for key, size in contents)
    more = f"<IsTruncated>true</IsTruncated><NextContinuationToken>{token}</NextContinuationToken>" if token \
        else "<IsTruncated>false</IsTruncated>"
    return (f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="{S3_NS}"><Name>b</Name>'
            f"<Prefix></Prefix><KeyCount>{len(contents)}</KeyCount>{more}{entries}</ListBucketResult>").encode()


class ListingPeer:
    """An S3 endpoint that answers every request with ``page(n)`` (n: 0 for the first request) and
    counts the requests; ``huge`` (bytes) instead streams a page of that many bytes without a declared
    length (to the close), and counts what it managed to send; ``declared``: the Content-Length of
    that page announced up front instead (a little of it sent, then the peer waits)."""

    def __init__(self, page: Callable[[int], bytes] | None = None, huge: int = 0, declared: int = 0) -> None:
        self.page = page
        self.huge = huge
        self.declared = declared
        self.requests: list[str] = []
        self.sent = 0
        self._lock = threading.Lock()

    def __call__(self, conn: socket.socket) -> None:
        target = request_target(read_request(conn))
        with self._lock:
            n = len(self.requests)
            self.requests.append(target)
        if self.page is not None:
            answer(conn, self.page(n))
        elif self.declared:
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {self.declared}"
                         "\r\n\r\n".encode() + listing_page([])[:40])
            threading.Event().wait(10)
        else:
            self._stream(conn)

    def _stream(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n")
        head, tail = listing_page([("k", "1")]).split(b"<Contents>", 1)
        entry = b"<Contents>" + tail.split(b"</ListBucketResult>")[0]
        block = entry * (1024 * 1024 // len(entry))
        with contextlib.suppress(OSError):
            conn.sendall(head)
            while self.sent < self.huge:
                conn.sendall(block)
                self.sent += len(block)
            conn.sendall(b"</ListBucketResult>")
        conn.close()


class Recorder:
    """A peer that records every request it receives (head and body) and answers 200 with an empty body."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []

    def __call__(self, conn: socket.socket) -> None:
        self.requests.append(read_whole_request(conn))
        answer(conn, b"")


def redirect_to(port: int, status: str = "307 Temporary Redirect") -> Callable[[socket.socket], None]:
    """A peer that answers every request with a redirect to the same target on loopback ``port``."""

    def handler(conn: socket.socket) -> None:
        target = request_target(read_whole_request(conn))
        answer(conn, b"", status, f"Location: http://127.0.0.1:{port}{target}\r\n")

    return handler
