"""Small real network peers on loopback for failure tests.

These are not mocks of the S3 client: they are real TCP servers that behave like broken or foreign
services (a server that never answers, one that speaks another protocol, one that fails with 5xx),
so the storage layer meets the real socket errors.
"""

from __future__ import annotations

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
