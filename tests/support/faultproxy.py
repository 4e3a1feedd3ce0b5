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
        proxy.faults.stall_after = 256_000  # an answer stops after this many bytes, until ``released``
        proxy.faults.strip_header = b"x-amz-checksum-crc32"  # removed from the server's answers
        proxy.faults.header_value = b"not a date"  # ... or, with it, put back with this value
        proxy.faults.kms = True             # answers as a server with SSE-KMS objects (see Faults.kms)
        proxy.faults.unconditional_deletes = True  # as a server that ignores DELETE conditions
        proxy.requests_seen                 # "PUT /bucket/key?..." for every request, in order
        proxy.faults.rewrite = (b"abc", b"abd")  # client->server bytes replaced (same length)
        proxy.faults.lose_answer = b"?uploads"  # such a request reaches the server, its answer becomes a 503 (once)
        proxy.faults.lose_request = b"?uploadId="  # ... or it never reaches the server, and the client gets a 503 (once)
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
import base64
import contextlib
import hashlib
import html
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Coroutine, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from minio.credentials import Credentials
from minio.signer import sign_v4_s3

T = TypeVar("T")

_CHUNK = 64 * 1024
_METHODS = (b"GET ", b"PUT ", b"POST ", b"HEAD ", b"DELETE ")
_SLOW_DOWN_BODY = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
                   b"<Message>Please reduce your request rate.</Message></Error>")
SLOW_DOWN = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: "
             + str(len(_SLOW_DOWN_BODY)).encode() + b"\r\nConnection: close\r\n\r\n" + _SLOW_DOWN_BODY)


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
    hold_after: int = 0  # ... once this many such requests have passed
    released: threading.Event = field(default_factory=threading.Event)
    # server->client: an answer (counted from its status line) stops after this many bytes, as a server
    # that stalls in the middle of a body, until ``released`` is set (clear ``released`` to arm it)
    stall_after: int | None = None
    # a response header (name, any case) removed from the server's answers, as a server without it
    # would answer; the header block must arrive in one chunk (true of short answers, as a PUT's)
    strip_header: bytes | None = None
    header_value: bytes | None = None  # with strip_header: the header comes with this value instead
    # Answers as MinIO does for SSE-KMS (or SSE-C) objects: every answer says
    # ``x-amz-server-side-encryption: aws:kms``, and an object's ETag (in the headers of a PUT, HEAD
    # or GET answer, in a CompleteMultipartUpload or listing answer) is no MD5 of its bytes: a value
    # derived from the real one (see kms_etag), the same in every answer for that object. As SSE-KMS
    # gives each write an ETag of its own, a copy (CopyObject) answers a new one for the object it
    # wrote (a rename onto itself too), which that object keeps from then on; the source keeps its
    # own. Part ETags (UploadPart and ListParts answers) stay as they are: the server behind checks
    # them on CompleteMultipartUpload. A request conditional on one of these ETags (If-Match,
    # x-amz-copy-source-if-match) reaches the server behind with its own ETag instead, and without
    # the x-amz-server-side-encryption* headers it could not act on (it has no KMS), signed again,
    # when the proxy has the secret key (FaultProxy(secret_key=...));
    # without it, such a request fails (412) as on a server that does not know the ETag.
    kms: bool = False
    # Answers a multi-object DELETE as a server that ignores its <ETag> conditions would for keys
    # that do not exist: "Deleted" where the server behind answers NoSuchKey or PreconditionFailed.
    # (Faithful for such keys only: a condition on an existing object is still honoured.)
    unconditional_deletes: bool = False
    # client->server bytes ``old`` replaced by ``new`` of the same length, as someone on the path
    # would alter a request body; ``old`` must arrive within one chunk (keep it a few bytes long)
    rewrite: tuple[bytes, bytes] | None = None
    # the same for server->client bytes, as someone on the path would alter an answer's body
    rewrite_down: tuple[bytes, bytes] | None = None
    # a request whose request line contains this reaches the server, but the client gets a 503 SlowDown
    # instead of the server's answer (and the connection closes), once: it is cleared when used. As a
    # gateway that gave up waiting while the server went on: the request was done, the answer lost.
    lose_answer: bytes | None = None
    # the same, but the request never reaches the server (a gateway that could not reach it), once
    lose_request: bytes | None = None

    def clear(self) -> None:
        self.latency = self.up_latency = self.connect_latency = 0.0
        self.rate = self.reset_after = self.resets = self.stall_after = None
        self.blackhole = self.kms = self.unconditional_deletes = False
        self.hold = self.strip_header = self.header_value = self.lose_answer = self.lose_request = None
        self.hold_after = 0
        self.rewrite = self.rewrite_down = None
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
    stalled: int = 0  # answers stopped midway by the ``stall_after`` fault
    rewritten: int = 0  # chunks altered by the ``rewrite`` and ``rewrite_down`` faults
    lost_answers: int = 0  # answers replaced by the ``lose_answer`` fault
    lost_requests: int = 0  # requests answered 503 in the server's place by the ``lose_request`` fault
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


_ETAG_HEADER = re.compile(rb'(?im)^((?:[\w-]*-)?etag:[ \t]*"?)([0-9a-f]{32})')
_ETAG_ELEMENT = re.compile(rb'(<ETag>(?:"|&#34;|&quot;)?)([0-9a-fA-F]{32})')
_KMS_HEADER = b"x-amz-server-side-encryption: aws:kms"


def kms_etag(etag: str, generation: int = 0) -> str:
    """The ETag the ``kms`` fault answers for an object whose real ETag is ``etag`` (its hex part;
    a multipart ``-N`` stays): 32 hex digits, and not the MD5 of the object's bytes; ``generation``:
    how many copies of those bytes were made through the proxy (each copy's ETag is new)."""
    head, dash, parts = etag.partition("-")
    salt = b"kms:" + (f"{generation}:".encode() if generation else b"")
    return hashlib.md5(salt + head.lower().encode()).hexdigest() + dash + parts


@dataclass
class _KmsEtags:
    """The ``kms`` fault's ETags: ``real`` maps each one answered to the server's own; ``generation``
    counts the copies made onto each object ("bucket/key") of the bytes with a real ETag."""

    real: dict[str, str] = field(default_factory=dict)
    generation: dict[tuple[str, str], int] = field(default_factory=dict)

    def fake(self, obj: str, found: str, fresh: bool = False) -> str:
        if fresh:
            self.generation[obj, found] = self.generation.get((obj, found), 0) + 1
        fake = kms_etag(found, self.generation.get((obj, found), 0))
        self.real[fake] = found
        return fake

    def rewrite(self, data: bytes, pattern: re.Pattern[bytes], obj: str, fresh: bool = False) -> bytes:
        """``data`` with the ETags ``pattern`` finds rewritten as those of ``obj`` (``fresh``: a copy's
        answer, whose ETag is a new one); a listing's entries each as the object its ``<Key>`` names."""
        def sub(match: re.Match[bytes]) -> bytes:
            return match.group(1) + self.fake(obj, match.group(2).decode().lower(), fresh).encode()

        def entry(match: re.Match[bytes]) -> bytes:
            key = _KEY_ELEMENT.search(match.group(0))
            name = obj.split("/", 1)[0] + "/" + html.unescape(key.group(1).decode()) if key else obj
            return pattern.sub(lambda m: m.group(1) + self.fake(name, m.group(2).decode().lower()).encode(),
                               match.group(0))

        return pattern.sub(sub, _LISTED.sub(entry, data))


_LISTED = re.compile(rb"<(Contents|Version)>.*?</\1>", re.S)
_KEY_ELEMENT = re.compile(rb"<Key>([^<]*)</Key>")


def _object_of(request_line: bytes) -> str:
    """"bucket/key" (or "bucket") of a path-style request line."""
    target = request_line.split(b" ", 1)[-1].split(b"?", 1)[0].decode("latin-1")
    return unquote(target.lstrip("/"))


def _kms_head(chunk: bytes, etags: _KmsEtags, obj: str, fresh: bool) -> tuple[bytes, bool]:
    """A response's first chunk with its ETag header rewritten and the encryption header added to a
    2xx answer; and whether its body is XML (whose ``<ETag>`` elements are rewritten too)."""
    head, sep, body = chunk.partition(b"\r\n\r\n")
    head = etags.rewrite(head, _ETAG_HEADER, obj, fresh and b"<ETag>" not in body)
    if head[9:10] == b"2" and _KMS_HEADER.split(b":")[0] not in head.lower():
        status, _nl, rest = head.partition(b"\r\n")
        head = status + b"\r\n" + _KMS_HEADER + (b"\r\n" + rest if rest else b"")
    content_type = re.search(rb"(?im)^content-type:[^\r\n]*", head)
    xml = content_type is not None and b"xml" in content_type.group(0).lower()
    return head + sep + (etags.rewrite(body, _ETAG_ELEMENT, obj, fresh) if xml else body), xml


_IF_MATCH = re.compile(rb'(?i)^((?:x-amz-copy-source-)?if-match:[ \t]*"?)([0-9a-f]{32})')
_AUTH = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/s3/aws4_request, SignedHeaders=([^,]+), Signature=")


def _kms_request(chunk: bytes, real: MutableMapping[str, str], secret_key: str) -> bytes:
    """A request's first chunk as the server behind (which has no KMS) can take it: a condition
    (``If-Match``, ``x-amz-copy-source-if-match``) on an ETag the ``kms`` fault answered put back to
    the server's own (the hex part: a ``-N`` stays), and the ``x-amz-server-side-encryption*``
    headers an SSE-KMS server would act on taken out; its SigV4 signature made again for it."""
    head, sep, body = chunk.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    changed = False
    for n, line in enumerate(lines[1:], 1):
        found = _IF_MATCH.search(line.encode("latin-1"))
        if found is not None and found.group(2).decode().lower() in real:
            raw = line.encode("latin-1")
            lines[n] = (raw[:found.start(2)] + real[found.group(2).decode().lower()].encode()
                        + raw[found.end(2):]).decode("latin-1")
            changed = True
    sse = [line for line in lines[1:] if line.lower().startswith("x-amz-server-side-encryption")]
    conditions = _ETAG_CONDITION.sub(lambda m: m.group(1) + real.get(m.group(2).decode().lower(),
                                                                       m.group(2).decode()).encode(), body)
    if not changed and not sse and conditions == body:
        return chunk
    lines = [line for line in lines if line not in sse]
    if conditions != body:  # a multi-object DELETE's <ETag> conditions (the whole body in this chunk)
        body = conditions
        lines = [_body_hashes(line, body) for line in lines]
    method, target, _version = lines[0].split(" ")
    fields = {name.strip().lower(): value.strip() for name, _c, value in (line.partition(":") for line in lines[1:])}
    auth = _AUTH.search(fields["authorization"])
    assert auth is not None, fields["authorization"]
    signed = {name: fields[name] for name in auth.group(3).split(";") if name in fields}
    date = datetime.strptime(fields["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    again = sign_v4_s3(method=method, url=urlsplit(f"http://{fields['host']}{target}"), region=auth.group(2),
                       headers=signed, credentials=Credentials(auth.group(1), secret_key),
                       content_sha256=fields["x-amz-content-sha256"], date=date)
    lines = [line if not line.lower().startswith("authorization:") else f"Authorization: {again['Authorization']}"
             for line in lines]
    return "\r\n".join(lines).encode("latin-1") + sep + body


_ETAG_CONDITION = re.compile(rb'(<ETag>(?:"|&#34;|&quot;)?)([0-9a-fA-F]{32})')


async def _whole_request(data: bytes, src: asyncio.StreamReader) -> bytes:
    """``data`` (a request's first chunk) with the rest of its head and body (``Content-Length``) read."""
    while b"\r\n\r\n" not in data:
        more = await src.read(_CHUNK)
        if not more:
            return data
        data += more
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:[ \t]*(\d+)", head)
    want = int(length.group(1)) if length else 0
    while len(body) < want:
        more = await src.read(want - len(body))
        if not more:
            break
        body += more
        data += more
    return data


def _body_hashes(line: str, body: bytes) -> str:
    """A request header line with the body's MD5 / SHA-256 made again for ``body`` (as rewritten)."""
    name = line.partition(":")[0].strip().lower()
    if name == "content-md5":
        return "Content-MD5: " + base64.b64encode(hashlib.md5(body).digest()).decode()
    if name == "x-amz-content-sha256" and not line.rstrip().endswith("UNSIGNED-PAYLOAD"):
        return "x-amz-content-sha256: " + hashlib.sha256(body).hexdigest()
    return line


_CONDITION_ERROR = re.compile(
    rb"<Error><Code>(?:PreconditionFailed|NoSuchKey)</Code><Message>[^<]*</Message><Key>([^<]*)</Key></Error>")


def _deleted_anyway(data: bytes) -> bytes:
    """A DeleteResult's errors of a condition as Deleted entries, padded to the same length."""
    def sub(match: re.Match[bytes]) -> bytes:
        deleted = b"<Deleted><Key>" + match.group(1) + b"</Key></Deleted>"
        return deleted + b" " * (len(match.group(0)) - len(deleted))

    return _CONDITION_ERROR.sub(sub, data)


def _part_request(line: bytes) -> bool:
    """UploadPart (PUT ...?partNumber=) or ListParts (GET ...?uploadId=): answers with part ETags."""
    return b"partNumber=" in line or (line.startswith(b"GET ") and b"uploadId=" in line)


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
        self.answer_sent = 0  # bytes of the answer being sent (stall_after)
        self.lose_next = False  # the next answer on this connection is replaced (lose_answer)
        self.done = asyncio.Event()
        self.asked: deque[bytes] = deque()  # request lines not answered yet (HTTP/1.1: in order)
        self.answering = b""  # the request line of the answer being sent
        self.copies: deque[bool] = deque()  # with ``asked``: each request is a copy (x-amz-copy-source)
        self.fresh = False  # the answer being sent is a copy's (kms: its ETag is a new one)
        self.xml = False  # the answer being sent is XML

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

    def __init__(self, upstream: tuple[str, int], port: int = 0, secret_key: str | None = None,
                 host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self.secret_key = secret_key  # lets the kms fault sign a request with an If-Match again
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
        self.requests_seen: list[str] = []  # "METHOD target" of every request, in order
        self._kms = _KmsEtags()  # ETags answered by the kms fault -> the server's own

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

    def _pass_hold(self) -> bool:
        """A request the hold fault matches: True while ``hold_after`` lets it pass."""
        with self._lock:
            if self.faults.hold_after > 0:
                self.faults.hold_after -= 1
                return True
            return False

    def _take_reset(self) -> bool:
        with self._lock:
            if self.faults.resets is not None:
                if self.faults.resets <= 0:
                    return False
                self.faults.resets -= 1
            self.stats.resets += 1
            return True

    def _take_lost(self, data: bytes, fault: str = "lose_answer", count: str = "lost_answers") -> bool:
        """Whether the request starting ``data`` is the one the ``fault`` (``lose_answer``,
        ``lose_request``) matches; the fault is cleared then."""
        with self._lock:
            wanted = getattr(self.faults, fault)
            if not wanted or wanted not in data.split(b"\r\n", 1)[0]:
                return False
            setattr(self.faults, fault, None)
            setattr(self.stats, count, getattr(self.stats, count) + 1)
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
                        line = data.split(b"\r\n", 1)[0].rsplit(b" ", 1)[0]
                        if self.faults.kms and line.startswith(b"POST ") and b"?delete" in line:
                            data = await _whole_request(data, src)  # its <ETag> conditions are rewritten
                        link.asked.append(line)
                        link.copies.append(b"\r\nx-amz-copy-source:" in data.partition(b"\r\n\r\n")[0].lower())
                        with self._lock:
                            self.requests_seen.append(line.decode("latin-1"))
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
                if (up and faults.hold and data.startswith(_METHODS) and faults.hold in data.split(b"\r\n", 1)[0]
                        and not self._pass_hold()):
                    self._count("held")
                    while not faults.released.is_set():
                        await asyncio.sleep(0.01)
                if up and faults.kms and self.secret_key and data.startswith(_METHODS):
                    data = _kms_request(data, self._kms.real, self.secret_key)
                if up and faults.reset_after is not None:
                    room = faults.reset_after - link.sent_up
                    if room <= len(data) and self._take_reset():
                        if room > 0:
                            dst.write(data[:room])
                            await dst.drain()
                        link.reset()
                        return
                rewrite = faults.rewrite if up else faults.rewrite_down
                if rewrite and rewrite[0] in data:
                    old, new = rewrite
                    assert len(old) == len(new), "a rewrite keeps the length"
                    data = data.replace(old, new)
                    self._count("rewritten")
                if (up and faults.lose_request and data.startswith(_METHODS)
                        and self._take_lost(data, "lose_request", "lost_requests")):
                    link.client.write(SLOW_DOWN)  # nothing of it goes on to the server
                    await link.client.drain()
                    link.close()
                    return
                if up and faults.lose_answer and data.startswith(_METHODS) and self._take_lost(data):
                    link.lose_next = True
                if not up and link.lose_next and data.startswith(b"HTTP/"):
                    dst.write(SLOW_DOWN)
                    await dst.drain()
                    link.close()
                    return
                if not up and faults.strip_header and data.startswith(b"HTTP/"):
                    data = _strip_header(data, faults.strip_header, faults.header_value)
                if not up and data.startswith(b"HTTP/") and not data.startswith(b"HTTP/1.1 100"):
                    link.answering = link.asked.popleft() if link.asked else b""
                    link.fresh = link.copies.popleft() if link.copies else False
                    if faults.kms and not _part_request(link.answering):
                        data, link.xml = _kms_head(data, self._kms, _object_of(link.answering), link.fresh)
                        link.fresh = link.fresh and b"<ETag>" not in data  # one new ETag per copy
                    else:
                        link.xml = False
                elif not up and faults.kms and link.xml and not _part_request(link.answering):
                    data = self._kms.rewrite(data, _ETAG_ELEMENT, _object_of(link.answering), link.fresh)
                    link.fresh = link.fresh and b"<ETag>" not in data
                if not up and faults.unconditional_deletes and link.answering.startswith(b"POST ") \
                        and b"?delete" in link.answering:
                    data = _deleted_anyway(data)
                if not up and data.startswith(b"HTTP/"):
                    link.answer_sent = 0
                if not up and faults.stall_after is not None \
                        and link.answer_sent + len(data) > faults.stall_after >= link.answer_sent:
                    room = faults.stall_after - link.answer_sent
                    dst.write(data[:room])
                    await dst.drain()
                    link.answer_sent, data = faults.stall_after + 1, data[room:]
                    self._count("stalled")
                    while not faults.released.is_set() and not link.done.is_set():
                        await asyncio.sleep(0.01)
                link.answer_sent += len(data)
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
