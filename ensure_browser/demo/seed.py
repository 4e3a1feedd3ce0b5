"""The demo mode: an embedded SeaweedFS server under a data directory, and seeding it with samples.

:class:`DemoServer` keeps its generated credentials, ports and process id in ``demo.json`` inside
the data directory, so the demo data survives restarts and a server left behind by a crash is found
and stopped on the next start. :func:`seed` provisions the buckets and uploads a sample data set
(built by ``ensure_browser.demo.samples``, which needs Qt) into them once.

No Qt here: :class:`SampleObject` lives in this module so the core stays Qt-free.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.provision import provision
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import (
    GRPC_OFFSET,
    SERVICES,
    Identity,
    SeaweedError,
    SeaweedServer,
    pick_ports,
    pid_alive,
    port_free,
    stop_pid,
)

log = logging.getLogger(__name__)

STATE_FILE = "demo.json"
STATE_VERSION = 1
SeedProgress = Callable[[int, int], None]  # (objects uploaded, objects in total)


@dataclass(frozen=True)
class SampleObject:
    """One object of a sample data set; ``bucket_role`` is a schema role ("documents", "ocr" ...)."""

    bucket_role: str
    key: str
    data: bytes = field(repr=False)
    content_type: str = "application/octet-stream"
    metadata: Mapping[str, str] = field(default_factory=dict)


class SampleLike(Protocol):
    @property
    def bucket_role(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def data(self) -> bytes: ...
    @property
    def content_type(self) -> str: ...
    @property
    def metadata(self) -> Mapping[str, str]: ...


def process_start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (clock ticks since boot), to tell a reused PID apart."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(") ", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def process_cmdline(pid: int) -> str:
    """The command line of ``pid`` ('' when it cannot be read): /proc on Linux, ``ps`` elsewhere."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except FileNotFoundError:
        if sys.platform.startswith("linux"):
            return ""
    except OSError:
        return ""
    try:
        out = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True,
                             timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


class DemoBusy(SeaweedError):
    """Another running ensure-browser owns the demo server of this data directory."""


class DemoServer:
    """The embedded demo S3 server whose data lives in ``data_dir``.

    This is a throwaway local server for sample data only: it listens on 127.0.0.1, and its
    generated credentials are kept in ``demo.json`` (mode 0600) next to the data so the same data
    can be opened again after a restart. Never point it at anything that matters.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.state_path = self.data_dir / STATE_FILE
        self._server: SeaweedServer | None = None
        self._settings: ConnectionSettings | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        server = self._server
        return bool(server and server.process and server.process.poll() is None)

    @property
    def settings(self) -> ConnectionSettings | None:
        """The connection settings while the server runs."""
        return self._settings if self.running else None

    @property
    def pid(self) -> int | None:
        return self._server.pid if self._server else None

    # -- state file ---------------------------------------------------------------------------------
    def read_state(self) -> dict[str, Any]:
        """What ``demo.json`` holds (credentials, ports, process ids); ``{}`` when missing or unreadable."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring the unreadable demo state %s: %s", self.state_path, exc)
            return {}
        return state if isinstance(state, dict) else {}

    def write_state(self, state: dict[str, Any]) -> None:
        """Replace ``demo.json`` with ``state`` (mode 0600: it holds the credentials)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_name(STATE_FILE + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.state_path)

    def _is_our_weed(self, pid: int, started: str | None) -> bool:
        """``pid`` is alive and is a ``weed`` serving this data directory (not a reused PID)."""
        if pid <= 0 or not pid_alive(pid):
            return False
        if started is not None and process_start_time(pid) not in (None, started):
            return False
        cmdline = process_cmdline(pid)
        return "weed" in cmdline and str(self.data_dir) in cmdline

    def _owner_elsewhere(self, state: Mapping[str, Any]) -> int | None:
        """The PID of another live ensure-browser process that started the server in ``state``."""
        owner = state.get("owner_pid")
        if not isinstance(owner, int) or owner <= 0 or owner == os.getpid() or not pid_alive(owner):
            return None
        started = state.get("owner_started")
        if started is not None and process_start_time(owner) not in (None, started):
            return None  # the PID was reused by an unrelated process
        return owner

    def _stop_stale(self, state: Mapping[str, Any]) -> None:
        pid = state.get("pid")
        if not isinstance(pid, int) or not self._is_our_weed(pid, state.get("pid_started")):
            return
        owner = self._owner_elsewhere(state)
        if owner is not None:
            raise DemoBusy(
                f"The demo server is in use by another running ensure-browser (process {owner}). "
                "Close that window first."
            )
        log.warning("stopping a demo server left behind by an earlier run (PID %d)", pid)
        stop_pid(pid)

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> ConnectionSettings:
        """Start the server (stopping a stale one of this directory first); returns how to reach it.

        Calling it while the server runs returns the same settings.
        """
        with self._lock:
            if self.running and self._settings is not None:
                return self._settings
            state = self.read_state()
            self._stop_stale(state)
            creds = state.get("credentials") or {}
            if creds.get("access_key") and creds.get("secret_key"):
                ident = Identity("demo", str(creds["access_key"]), str(creds["secret_key"]))
            else:
                ident = Identity.generate("demo")
            ports = {k: int(v) for k, v in (state.get("ports") or {}).items() if k in SERVICES}
            if set(ports) != set(SERVICES) or not _ports_free(ports.values()):
                ports = dict(zip(SERVICES, pick_ports(len(SERVICES)), strict=True))
            server = SeaweedServer(self.data_dir, [ident], ports=ports)
            state = {
                "version": STATE_VERSION,
                "credentials": {"access_key": ident.access_key, "secret_key": ident.secret_key},
                "ports": ports,
                "pid": None,
                "owner_pid": os.getpid(),
                "owner_started": process_start_time(os.getpid()),
            }
            self.write_state(state)  # the credentials are kept even when the start fails
            server.start(timeout)
            assert server.pid is not None
            state["pid"] = server.pid
            state["pid_started"] = process_start_time(server.pid)
            self.write_state(state)
            self._server = server
            self._settings = ConnectionSettings(
                endpoint=server.endpoint, access_key=ident.access_key, secret_key=ident.secret_key
            )
            log.info("demo server running on %s (PID %d)", server.endpoint, server.pid)
            return self._settings

    def stop(self) -> None:
        """Stop the server; does nothing when it is not running (safe to call twice)."""
        with self._lock:
            server, self._server, self._settings = self._server, None, None
            if server is None:
                return
            pid = server.pid
            server.stop()
            state = self.read_state()
            if state.get("pid") == pid:
                state["pid"] = None
                state.pop("pid_started", None)
                state["owner_pid"] = None
                state.pop("owner_started", None)
                with contextlib.suppress(OSError):
                    self.write_state(state)


def _ports_free(ports: Iterable[int]) -> bool:
    """The ports kept from the last run (and their gRPC twins) are still free to reuse."""
    return all(port_free(p) and port_free(p + GRPC_OFFSET) for p in ports)


def buckets_empty(storage: Storage, names: BucketNames) -> bool:
    """True when none of the schema's buckets holds an object (missing buckets count as empty)."""
    for bucket in names.all():
        if not storage.bucket_exists(bucket):
            continue
        if next(iter(storage.list_recursive(bucket)), None) is not None:
            return False
    return True


def seed(
    storage: Storage,
    names: BucketNames,
    objects: Iterable[SampleLike],
    progress: SeedProgress | None = None,
    cancel: CancelToken = NEVER,
) -> int:
    """Provision the buckets, then upload ``objects`` when all of them are empty.

    Idempotent: once anything is stored (the samples, or the user's own objects) nothing is
    uploaded again. Returns how many objects were uploaded.
    """
    for line in provision(storage, names):
        log.info("demo: %s", line)
    if not buckets_empty(storage, names):
        log.info("demo buckets hold data already; nothing seeded")
        return 0
    items = [(names.name_for(obj.bucket_role), obj) for obj in objects]
    for i, (bucket, obj) in enumerate(items):
        cancel.raise_if_cancelled()
        storage.upload_bytes(bucket, obj.key, obj.data, content_type=obj.content_type, metadata=obj.metadata)
        if progress:
            progress(i + 1, len(items))
    log.info("demo: seeded %d objects", len(items))
    return len(items)
