"""A loopback TCP proxy that injects network faults between the app and a real S3 server.

Not a mock: the storage layer talks real HTTP through real sockets to the real SeaweedFS server,
and the proxy makes the path between them slow, narrow, broken or absent, switchable at runtime::

    with FaultProxy(("127.0.0.1", server_port)) as proxy:
        storage = Storage(ConnectionSettings(proxy.endpoint, ...))
        proxy.faults.latency = 2.0          # every server->client chunk arrives 2 s late
        proxy.faults.rate = 64 * 1024       # at most 64 KiB/s each way
        proxy.faults.reset_after = 100_000  # RST a connection after 100 kB client->server ...
        proxy.faults.resets = 1             # ... once
        proxy.faults.blackhole = True       # new connections are accepted and never forwarded
        proxy.faults.hold = b"partNumber=1&" # requests with this in their request line wait ...
        proxy.faults.released.set()         # ... until this
        proxy.faults.strip_header = b"x-amz-checksum-crc32"  # removed from the server's answers
        proxy.faults.header_value = b"not a date"  # ... or, with it, put back with this value
        proxy.faults.rewrite = (b"abc", b"abd")  # client->server bytes replaced (same length)
        proxy.down()                        # refuse: the listening socket is closed ...
        proxy.up()                          # ... and reopened on the same port

It runs an asyncio loop in a background thread; every socket lives in that loop, so a reset or a
close takes effect at once (``down()`` returns after the open connections got their RST).
Faults are read for every chunk, so switching them affects connections already open (keep-alive
connections of urllib3's pool included). ``latency`` is a delay line (chunks are pipelined, so the
throughput is not cut), applied server->client; ``up_latency`` the same client->server;
``connect_latency`` delays each new connection before it reaches the server. A reset closes the
client's socket with ``SO_LINGER`` 0, so the client gets a real RST.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")

_CHUNK = 64 * 1024
_METHODS = (b"GET ", b"PUT ", b"POST ", b"HEAD ", b"DELETE ")


@dataclass
class Faults:
    """What the proxy does to the traffic now. Change the fields at any time, from any thread."""

    latency: float = 0.0  # seconds added to every server->client chunk (a delay line)
    up_latency: float = 0.0  # seconds added to every client->server chunk
    connect_latency: float = 0.0  # seconds before a new connection is forwarded
    rate: int | None = None  # bytes per second per direction and connection (None: unlimited)
    reset_after: int | None = None  # RST a connection once it carried this many client->server bytes
    resets: int | None = None  # how many connections to reset (None: every one that reaches the limit)
    blackhole: bool = False  # accept new connections, read and discard, never forward
    hold: bytes | None = None  # a request whose request line contains this waits for ``released``
    released: threading.Event = field(default_factory=threading.Event)
    # a response header (name, any case) removed from the server's answers, as a server without it
    # would answer; the header block must arrive in one chunk (true of short answers, as a PUT's)
    strip_header: bytes | None = None
    header_value: bytes | None = None  # with strip_header: the header comes with this value instead
    # client->server bytes ``old`` replaced by ``new`` of the same length, as someone on the path
    # would alter a request body; ``old`` must arrive within one chunk (keep it a few bytes long)
    rewrite: tuple[bytes, bytes] | None = None

    def clear(self) -> None:
        self.latency = self.up_latency = self.connect_latency = 0.0
        self.rate = self.reset_after = self.resets = None
        self.blackhole = False
        self.hold = self.strip_header = self.header_value = None
        self.rewrite = None
        self.released.set()  # nothing stays held


@dataclass
class Stats:
    connections: int = 0
    forwarded: int = 0  # connections that reached the server
    refused_upstream: int = 0  # connections reset because the server was not there
    resets: int = 0  # connections reset by the reset_after fault
    blackholed: int = 0
    requests: int = 0  # client->server chunks that start an HTTP request (a good-enough count)
    # the header blocks of the last 100 of those requests, as sent
    heads: deque[bytes] = field(default_factory=lambda: deque(maxlen=100))
    held: int = 0  # requests held by the ``hold`` fault
    rewritten: int = 0  # chunks altered by the ``rewrite`` fault
    up_bytes: int = 0
    down_bytes: int = 0


def _strip_header(chunk: bytes, name: bytes, value: bytes | None = None) -> bytes:
    """``chunk`` (a response's first bytes) without the header ``name`` in its header block, or with
    ``value`` as its value where the server sent it."""
    head, sep, body = chunk.partition(b"\r\n\r\n")
    lines = []
    for line in head.split(b"\r\n"):
        if line.split(b":", 1)[0].strip().lower() != name.lower():
            lines.append(line)
        elif value is not None:
            lines.append(name + b": " + value)
    return b"\r\n".join(lines) + sep + body


def _abort_with_rst(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class _Link:
    """One client connection and, once forwarded, its upstream connection."""

    def __init__(self, client: asyncio.StreamWriter) -> None:
        self.client = client
        self.upstream: asyncio.StreamWriter | None = None
        self.sent_up = 0
        self.done = asyncio.Event()

    def reset(self) -> None:
        """RST to the client, and the server's side closed."""
        if self.done.is_set():
            return
        self.done.set()
        _abort_with_rst(self.client)
        if self.upstream is not None:
            self.upstream.transport.abort()

    def close(self) -> None:
        if self.done.is_set():
            return
        self.done.set()
        self.client.close()
        if self.upstream is not None:
            self.upstream.close()


class FaultProxy:
    """Listens on ``host:port`` (loopback and a free port unless given) and forwards to ``upstream``."""

    def __init__(self, upstream: tuple[str, int], port: int = 0, host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self.host = host
        self.faults = Faults()
        self.stats = Stats()
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock = threading.Lock()

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self._port}"

    @property
    def is_up(self) -> bool:
        return self._server is not None

    @property
    def open_connections(self) -> int:
        return len(self._links)

    # -- the loop thread ---------------------------------------------------------------------------
    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None, "the proxy is not started"
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    def start(self) -> FaultProxy:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="faultproxy", daemon=True)
            self._thread.start()
        self.up()
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        self.down(reset_open=True)
        self._run(self._finish_tasks())
        loop, self._loop = self._loop, None
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        loop.close()

    # -- switching ---------------------------------------------------------------------------------
    def up(self) -> None:
        """Listen (again) on the same port."""
        self._run(self._up())

    def down(self, reset_open: bool = True) -> None:
        """Refuse new connections (the port is closed); ``reset_open`` also resets the open ones."""
        self._run(self._down(reset_open))

    def drop_connections(self) -> None:
        """Reset every open connection (idle keep-alive ones too), as a restarting server would."""
        self._run(self._drop())

    async def _up(self) -> None:
        if self._server is not None:
            return
        self._server = await asyncio.start_server(self._handle, self.host, self._port, reuse_address=True,
                                                  backlog=64)
        self._port = self._server.sockets[0].getsockname()[1]

    async def _down(self, reset_open: bool) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        if reset_open:
            await self._drop()

    async def _drop(self) -> None:
        for link in list(self._links):
            link.reset()
        for _ in range(3):  # let the transports run connection_lost: the sockets are closed now
            await asyncio.sleep(0)

    async def _finish_tasks(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- connections -------------------------------------------------------------------------------
    def _count(self, what: str, n: int = 1) -> None:
        with self._lock:
            setattr(self.stats, what, getattr(self.stats, what) + n)

    def _take_reset(self) -> bool:
        with self._lock:
            if self.faults.resets is not None:
                if self.faults.resets <= 0:
                    return False
                self.faults.resets -= 1
            self.stats.resets += 1
            return True

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        link = _Link(writer)
        self._links.add(link)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._count("connections")
        try:
            await self._serve(link, reader)
        except (OSError, asyncio.IncompleteReadError):
            link.reset()
        finally:
            link.close()
            self._links.discard(link)
            if task is not None:
                self._tasks.discard(task)

    async def _serve(self, link: _Link, reader: asyncio.StreamReader) -> None:
        faults = self.faults
        if faults.blackhole:
            self._count("blackholed")
            while not link.done.is_set() and await reader.read(_CHUNK):
                pass
            return
        if faults.connect_latency:
            await asyncio.sleep(faults.connect_latency)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            self._count("refused_upstream")
            link.reset()  # the server is not there: the client sees its connection reset
            return
        link.upstream = up_writer
        self._count("forwarded")
        lanes = [
            asyncio.ensure_future(self._pump(link, reader, up_writer, up=True)),
            asyncio.ensure_future(self._pump(link, up_reader, link.client, up=False)),
        ]
        closed = asyncio.ensure_future(link.done.wait())
        await asyncio.wait([lanes[1], closed], return_when=asyncio.FIRST_COMPLETED)
        for task in [*lanes, closed]:
            task.cancel()
        await asyncio.gather(*lanes, closed, return_exceptions=True)

    async def _pump(self, link: _Link, src: asyncio.StreamReader, dst: asyncio.StreamWriter, up: bool) -> None:
        """Read as chunks come, deliver each ``latency`` later, at most ``rate`` bytes a second."""
        lane: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def read() -> None:
            try:
                while True:
                    rate = self.faults.rate
                    data = await src.read(_CHUNK if not rate else max(1, min(_CHUNK, rate // 20)))
                    if not data:
                        break
                    if up and data.startswith(_METHODS):
                        self._count("requests")
                        self.stats.heads.append(data.partition(b"\r\n\r\n")[0])
                    delay = self.faults.up_latency if up else self.faults.latency
                    lane.put_nowait((time.monotonic() + delay, data))
            except OSError:
                pass
            lane.put_nowait(None)

        reading = asyncio.ensure_future(read())
        try:
            while (item := await lane.get()) is not None:
                due, data = item
                if (wait := due - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                faults = self.faults
                if up and faults.hold and data.startswith(_METHODS) and faults.hold in data.split(b"\r\n", 1)[0]:
                    self._count("held")
                    while not faults.released.is_set():
                        await asyncio.sleep(0.01)
                if up and faults.reset_after is not None:
                    room = faults.reset_after - link.sent_up
                    if room <= len(data) and self._take_reset():
                        if room > 0:
                            dst.write(data[:room])
                            await dst.drain()
                        link.reset()
                        return
                if up and faults.rewrite and faults.rewrite[0] in data:
                    old, new = faults.rewrite
                    assert len(old) == len(new), "a rewrite keeps the length"
                    data = data.replace(old, new)
                    self._count("rewritten")
                if not up and faults.strip_header and data.startswith(b"HTTP/"):
                    data = _strip_header(data, faults.strip_header, faults.header_value)
                dst.write(data)
                await dst.drain()
                link.sent_up += len(data) if up else 0
                self._count("up_bytes" if up else "down_bytes", len(data))
                if faults.rate:
                    await asyncio.sleep(len(data) / faults.rate)
            if up and dst.can_write_eof():  # the client finished sending: pass the half-close on
                dst.write_eof()
        except OSError:
            link.reset()
        finally:
            reading.cancel()

    # -- context manager ---------------------------------------------------------------------------
    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
