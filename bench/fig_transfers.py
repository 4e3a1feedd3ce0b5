"""Figures 2 and 3: uploading and downloading one big file and many 64 KiB files.

* project: the app's transfer engine as a drop uses it: ``plan_drop`` on a raw prefix, then
  :class:`TransferQueue` + :class:`ThreadedDriver` (conflict check, upload, ETag verification);
  downloads through ``plan_downloads`` + the queue (``Storage.download_file``, MD5 verification).
* peers at the same concurrency (jobs in flight, parts in flight, part size): minio-py
  (``fput_object`` / ``fget_object`` in a thread pool) and ``rclone copy``.
* ceiling: what the server takes from a raw parallel client with more threads and no checks
  (``Storage.upload_multipart(parallel=8)`` / ``put_object`` of bytes in memory; ranged GETs read
  into memory).
* references for the downloads: ``python-floor`` (the least a verified Python download does, see
  :data:`PY_FLOOR`) and ``write-only`` (no transfer: the machine's memory, see :data:`WRITE_ONLY`).

Every contender writes to a prefix (or a folder) of its own, removed after its run; the order
rotates each round; medians are reported. Downloads land in memory (``/dev/shm``, see
:func:`download_root`): the figures compare transfer engines, not this machine's disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.harness import BENCH_BUCKET, Context, MiB, Row, Stopwatch, Target, median, settle, uncache
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.plan import DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue

UP_FIGURE = "upload"
DOWN_FIGURE = "download"
DL_PREFIX = "dl/"  # what the downloads read (uploaded once, untimed)
CEILING = "ceiling (raw, 8 threads)"  # on 2 cores 8 threads may be past the knee: see minio-py
# The app as it downloads from a server elsewhere: big objects in ranges, ``concurrency`` at a time
# (from this loopback server it takes one stream; see TransferQueue.download_ranges).
RANGES = "project-ranges (4 at a time, as for a remote server)"
# The least a Python client must do to download a file it can trust, with minio-py at the same
# concurrency: GET, MD5 against the ETag, write ``.part``, rename. What the app adds is over this.
PY_FLOOR = "python-floor (GET, MD5, write, rename)"
# Not a transfer: the same number of bytes written from memory into a new file where the downloads
# land. Its runs show what this machine's memory does to any writer in the same minutes (bench/RESULTS.md).
WRITE_ONLY = "write-only (no network)"


@dataclass(frozen=True)
class Files:
    big: Path
    small_dir: Path
    small_count: int
    small_bytes: int

    @property
    def big_size(self) -> int:
        return self.big.stat().st_size


def make_files(ctx: Context) -> Files:
    """The local sources: one big file and a folder of small ones, random bytes (made once per run)."""
    sizes = ctx.sizes
    root = ctx.scratch / "sources"
    big = root / "big.bin"
    small = root / "small"
    if not big.exists() or big.stat().st_size != sizes.big_file:
        root.mkdir(parents=True, exist_ok=True)
        with open(big, "wb") as fh:
            left = sizes.big_file
            while left > 0:
                block = os.urandom(min(left, 16 * MiB))
                fh.write(block)
                left -= len(block)
    if not small.exists():
        small.mkdir(parents=True)
        for i in range(sizes.small_files):
            (small / f"file-{i:05d}.bin").write_bytes(os.urandom(sizes.small_file_size))
    return Files(big, small, sizes.small_files, sizes.small_files * sizes.small_file_size)


def _queue(ctx: Context, download_ranges: int | None = None) -> tuple[TransferQueue, ThreadedDriver]:
    sizes = ctx.sizes
    queue = TransferQueue(ctx.storage, BucketNames(), journal=Journal(None), concurrency=sizes.concurrency,
                          part_parallel=sizes.concurrency, part_size=sizes.part_size,
                          download_ranges=download_ranges)
    return queue, ThreadedDriver(queue)


def _finish(queue: TransferQueue, driver: ThreadedDriver, expected: int, what: str) -> None:
    try:
        if not driver.wait(timeout=1800):
            raise RuntimeError(f"the transfer queue did not finish {what}")
    finally:
        driver.close()
    jobs = queue.jobs()
    bad = [j for j in jobs if j.state is not JobState.DONE]
    if len(jobs) != expected or bad:
        first = f": {bad[0].name}: {bad[0].state.value} {bad[0].error}" if bad else ""
        raise RuntimeError(f"{what}: {len(jobs) - len(bad)} of {expected} jobs done{first}")


# -- uploads -----------------------------------------------------------------------------------------


def app_upload(ctx: Context, paths: list[Path], prefix: str, expected: int) -> None:
    queue, driver = _queue(ctx)
    plan = plan_drop(DropTarget("raw_prefix", BENCH_BUCKET, prefix), paths, BucketNames())
    if plan.refusals:
        raise RuntimeError(f"the drop was refused: {plan.refusals[0].message}")
    queue.add_plan(plan)
    _finish(queue, driver, expected, "the upload")


def minio_upload(ctx: Context, paths: list[Path], prefix: str) -> None:
    sizes = ctx.sizes

    def one(path: Path) -> None:
        ctx.minio.fput_object(BENCH_BUCKET, prefix + path.name, str(path), part_size=sizes.part_size,
                              num_parallel_uploads=sizes.concurrency)

    with ThreadPoolExecutor(sizes.concurrency) as pool:
        list(pool.map(one, paths))


def rclone_flags(ctx: Context) -> list[str]:
    c = str(ctx.sizes.concurrency)
    return ["--transfers", c, "--s3-upload-concurrency", c, "--multi-thread-streams", c,
            "--s3-chunk-size", f"{ctx.sizes.part_size // MiB}M", "--checkers", "8"]


def ceiling_upload_big(ctx: Context, path: Path, key: str) -> None:
    ctx.storage.upload_multipart(BENCH_BUCKET, key, path, part_size=ctx.sizes.part_size,
                                 parallel=ctx.sizes.ceiling_threads)


def ceiling_upload_small(ctx: Context, blobs: list[tuple[str, bytes]], prefix: str) -> None:
    def one(item: tuple[str, bytes]) -> None:
        name, data = item
        ctx.minio.put_object(BENCH_BUCKET, prefix + name, io.BytesIO(data), len(data))

    with ThreadPoolExecutor(ctx.sizes.ceiling_threads) as pool:
        list(pool.map(one, blobs))


# -- downloads ---------------------------------------------------------------------------------------


def ensure_download_sources(ctx: Context, files: Files) -> None:
    """Put the big file and the small files under ``dl/`` once (untimed)."""
    try:
        st = ctx.minio.stat_object(BENCH_BUCKET, DL_PREFIX + "big.bin")
        if st.size == files.big_size:
            have = sum(1 for _ in ctx.minio.list_objects(BENCH_BUCKET, prefix=DL_PREFIX + "small/"))
            if have == files.small_count:
                return
    except Exception:
        pass
    ctx.remove_prefix(BENCH_BUCKET, DL_PREFIX)
    ceiling_upload_big(ctx, files.big, DL_PREFIX + "big.bin")
    blobs = [(p.name, p.read_bytes()) for p in sorted(files.small_dir.iterdir())]
    ceiling_upload_small(ctx, blobs, DL_PREFIX + "small/")


def app_download(ctx: Context, key: str, dest: Path, expected: int, ranges: int | None = None) -> None:
    queue, driver = _queue(ctx, ranges)
    plan = queue.plan_downloads([(BENCH_BUCKET, key)], dest)
    jobs, refusals = plan.jobs, plan.refusals
    if refusals or len(jobs) != expected:
        raise RuntimeError(f"download plan: {len(jobs)} jobs, refusals {refusals[:1]}")
    queue.add_downloads(jobs)
    _finish(queue, driver, expected, "the download")


def _names_under(ctx: Context, prefix: str) -> list[str]:
    """The keys under ``prefix``, listed by minio-py (inside a contender's timing, as its loop would)."""
    return [o.object_name or "" for o in ctx.minio.list_objects(BENCH_BUCKET, prefix=prefix, recursive=True)]


def minio_download(ctx: Context, key: str, dest: Path) -> None:
    sizes = ctx.sizes
    names = _names_under(ctx, key) if key.endswith("/") else [key]

    def one(name: str) -> None:
        ctx.minio.fget_object(BENCH_BUCKET, name, str(dest / name.rsplit("/", 1)[-1]))

    with ThreadPoolExecutor(sizes.concurrency) as pool:
        list(pool.map(one, names))


def save_verified(dest: Path, name: str, data: bytes | memoryview, etag: str) -> None:
    """The tail of a verified small download (:data:`PY_FLOOR`): MD5 against the ETag, write
    ``.part`` in ``dest``, rename it to the key's last segment."""
    if hashlib.md5(data).hexdigest() != etag.strip('"'):
        raise RuntimeError(f"{name}: MD5 differs from the ETag")
    target = dest / name.rsplit("/", 1)[-1]
    part = target.with_name(target.name + ".part")
    with open(part, "wb", buffering=0) as fh:
        fh.write(data)
    os.replace(part, target)


def floor_download(ctx: Context, key: str, dest: Path) -> None:
    """:data:`PY_FLOOR`: the objects under ``key`` (listed first, as minio-py's loop does) into ``dest``."""
    names = _names_under(ctx, key)

    def one(name: str) -> None:
        resp = ctx.minio.get_object(BENCH_BUCKET, name)
        try:
            data, etag = resp.read(), (resp.headers.get("ETag") or "").strip('"')
        finally:
            resp.close()
            resp.release_conn()
        save_verified(dest, name, data, etag)

    with ThreadPoolExecutor(ctx.sizes.concurrency) as pool:
        list(pool.map(one, names))


def write_only(dest: Path, size: int) -> None:
    """:data:`WRITE_ONLY`: ``size`` bytes from memory into a new file in ``dest``, 1 MiB a write."""
    block = bytes(MiB)
    fd = os.open(dest / "write-only.bin", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        for offset in range(0, size, MiB):
            os.write(fd, block[: min(MiB, size - offset)])
    finally:
        os.close(fd)


def ceiling_download(ctx: Context, key: str) -> None:
    """Ranged GETs (part size) of the big object, or whole GETs of the small ones, read and dropped."""
    sizes = ctx.sizes
    if key.endswith("/"):
        jobs = [(name, 0, 0) for name in _names_under(ctx, key)]
    else:
        size = ctx.minio.stat_object(BENCH_BUCKET, key).size or 0
        jobs = [(key, off, min(sizes.part_size, size - off)) for off in range(0, size, sizes.part_size)]

    def one(job: tuple[str, int, int]) -> None:
        name, offset, length = job
        resp = ctx.minio.get_object(BENCH_BUCKET, name, offset=offset, length=length)
        try:
            for _chunk in resp.stream(1024 * 1024):
                pass
        finally:
            resp.close()
            resp.release_conn()

    with ThreadPoolExecutor(sizes.ceiling_threads) as pool:
        list(pool.map(one, jobs))


# -- the figures -------------------------------------------------------------------------------------

Contender = tuple[str, Callable[[int], None]]  # (name, run(round) -> None)


def _rounds(ctx: Context, what: str, contenders: list[Contender], cleanup: Callable[[str, int], None],
            repeats: int) -> dict[str, list[float]]:
    """Run each contender ``repeats`` times, order rotating; returns seconds per contender.

    A run ends when its bytes are on the disk (``sync`` inside the timing: the downloaded files, or
    the server's volumes): left to the kernel, a contender's 1 GiB was sometimes written back during
    its own run and sometimes after it (then dropped unwritten by the cleanup), which spread the same
    contender's runs 0.55-2.7 s while the ceiling, which writes nothing, stayed at 0.5-0.7 s."""
    seconds: dict[str, list[float]] = {name: [] for name, _fn in contenders}
    for rnd in range(repeats):
        k = rnd % len(contenders)
        for name, fn in contenders[k:] + contenders[:k]:
            settle()
            with Stopwatch() as sw:
                fn(rnd)
                os.sync()
            seconds[name].append(sw.seconds)
            cleanup(name, rnd)
            ctx.log(f"  round {rnd + 1}: {what:<18} {name:<26} {sw.seconds:6.2f} s")
    return seconds


def _slug(name: str) -> str:
    return name.split(" ", maxsplit=1)[0].replace("-", "")


def run_upload(ctx: Context) -> list[Row]:
    files = make_files(ctx)
    small_paths = sorted(files.small_dir.iterdir())
    blobs = [(p.name, p.read_bytes()) for p in small_paths]
    sizes = ctx.sizes

    def prefix(name: str, rnd: int) -> str:
        return f"up/{_slug(name)}-{rnd}/"

    def cleanup(name: str, rnd: int) -> None:
        ctx.remove_prefix(BENCH_BUCKET, prefix(name, rnd))

    rows: list[Row] = []
    big_mib = files.big_size / MiB
    big: list[Contender] = [
        ("project", lambda r: app_upload(ctx, [files.big], prefix("project", r), 1)),
        ("minio-py", lambda r: minio_upload(ctx, [files.big], prefix("minio-py", r))),
        (CEILING, lambda r: ceiling_upload_big(ctx, files.big, prefix(CEILING, r) + "big.bin")),
    ]
    small: list[Contender] = [
        ("project", lambda r: app_upload(ctx, [files.small_dir], prefix("project", r), files.small_count)),
        # every contender writes the same keys, <prefix>small/<name>, as the app and rclone copy the
        # folder: one folder level more costs the server a little more per PUT
        ("minio-py", lambda r: minio_upload(ctx, small_paths, prefix("minio-py", r) + "small/")),
        (CEILING, lambda r: ceiling_upload_small(ctx, blobs, prefix(CEILING, r) + "small/")),
    ]
    if ctx.rclone:
        big.insert(2, ("rclone", lambda r: _void(ctx.rclone_ok(
            "copy", str(files.big), f"bench:{BENCH_BUCKET}/{prefix('rclone', r)}", *rclone_flags(ctx)))))
        small.insert(2, ("rclone", lambda r: _void(ctx.rclone_ok(
            "copy", str(files.small_dir), f"bench:{BENCH_BUCKET}/{prefix('rclone', r)}small", *rclone_flags(ctx)))))
    t_big = _rounds(ctx, f"upload {big_mib:.0f} MiB", big, cleanup, sizes.upload_repeats)
    t_small = _rounds(ctx, f"upload {files.small_count} files", small, cleanup, sizes.small_repeats)
    rows.append(_rate_row(UP_FIGURE, f"upload 1 file of {_size(files.big_size)}", t_big, files.big_size,
                          targets(ctx, 1.0)))
    rows.append(_rate_row(UP_FIGURE, f"upload {files.small_count:,} files of {sizes.small_file_size // 1024} KiB",
                          t_small, files.small_bytes, targets(ctx, 1.1),
                          files_per_s=files.small_count))
    return rows


def download_root(ctx: Context, room: int) -> Path:
    """Where the downloads land: a memory-backed folder (``/dev/shm``) when it has ``room``, so that
    the figures measure the transfer, not this machine's disk. Into ext4 (with the ``sync`` in each
    run) one run's 1 GiB downloads spread 341-1,288 MiB/s for the app and 467-1,262 for minio-py,
    the same contender's runs 3.8x apart, and the medians swapped places from run to run."""
    shm = Path("/dev/shm")
    with contextlib.suppress(OSError):
        if shm.is_dir() and shutil.disk_usage(shm).free > room:
            return Path(tempfile.mkdtemp(prefix="ensure-bench-dl-", dir=shm))
    ctx.log("  (no room in /dev/shm: downloading to the scratch folder on disk)")
    return ctx.scratch / "downloads"


def run_download(ctx: Context) -> list[Row]:
    files = make_files(ctx)
    ensure_download_sources(ctx, files)
    # the upload figure's files out of the page cache (see harness.uncache), then the sources read
    # once (untimed), so that every round finds them cached as the first one would on its own
    dropped = uncache(ctx.scratch.parent)
    ctx.log(f"  dropped {dropped / 2**30:.1f} GiB of this run's files from the page cache; warming the sources")
    ceiling_download(ctx, DL_PREFIX + "big.bin")
    ceiling_download(ctx, DL_PREFIX + "small/")
    root = download_root(ctx, 3 * files.big_size + files.small_bytes * 2)
    try:
        return _download_rounds(ctx, files, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def round_dirs(root: Path) -> tuple[Callable[[str, int], Path], Callable[[str, int], None]]:
    """(dest, cleanup) of the downloads: a folder per contender and round under ``root``, made by
    ``dest(name, round)`` and removed by ``cleanup(name, round)``."""

    def dest(name: str, rnd: int) -> Path:
        path = root / f"{_slug(name)}-{rnd}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def cleanup(name: str, rnd: int) -> None:
        shutil.rmtree(root / f"{_slug(name)}-{rnd}", ignore_errors=True)

    return dest, cleanup


def _download_rounds(ctx: Context, files: Files, root: Path) -> list[Row]:
    big_key, small_key = DL_PREFIX + "big.bin", DL_PREFIX + "small/"

    dest, cleanup = round_dirs(root)

    big: list[Contender] = [
        ("project", lambda r: app_download(ctx, big_key, dest("project", r), 1)),
        ("minio-py", lambda r: minio_download(ctx, big_key, dest("minio-py", r))),
        (CEILING, lambda r: ceiling_download(ctx, big_key)),
        (RANGES, lambda r: app_download(ctx, big_key, dest(RANGES, r), 1, ranges=ctx.sizes.concurrency)),
        (WRITE_ONLY, lambda r: write_only(dest(WRITE_ONLY, r), files.big_size)),
    ]
    small: list[Contender] = [
        ("project", lambda r: app_download(ctx, small_key, dest("project", r), files.small_count)),
        ("minio-py", lambda r: minio_download(ctx, small_key, dest("minio-py", r))),
        (PY_FLOOR, lambda r: floor_download(ctx, small_key, dest(PY_FLOOR, r))),
        (CEILING, lambda r: ceiling_download(ctx, small_key)),
    ]
    if ctx.rclone:
        big.insert(2, ("rclone", lambda r: _void(ctx.rclone_ok(
            "copy", f"bench:{BENCH_BUCKET}/{big_key}", str(dest("rclone", r)), *rclone_flags(ctx)))))
        small.insert(2, ("rclone", lambda r: _void(ctx.rclone_ok(
            "copy", f"bench:{BENCH_BUCKET}/{small_key}", str(dest("rclone", r)), *rclone_flags(ctx)))))
    repeats = ctx.sizes.download_repeats
    t_big = _rounds(ctx, f"download {files.big_size / MiB:.0f} MiB", big, cleanup, repeats)
    t_small = _rounds(ctx, f"download {files.small_count} files", small, cleanup, ctx.sizes.small_repeats)
    return [
        _rate_row(DOWN_FIGURE, f"download 1 file of {_size(files.big_size)}", t_big, files.big_size, targets(ctx, 1.0)),
        _rate_row(DOWN_FIGURE, f"download {files.small_count:,} files of {ctx.sizes.small_file_size // 1024} KiB",
                  t_small, files.small_bytes, targets(ctx, 1.1), files_per_s=files.small_count),
    ]


def targets(ctx: Context, over_rclone: float) -> list[Target]:
    """#23's "done when": at least ``over_rclone`` times rclone (1.1x for the small files, 1.0x for
    the big one) and at least minio-py's rate."""
    return ([Target(over_rclone, "rclone")] if ctx.rclone else []) + [Target(1.0, "minio-py")]


def _void(_value: object) -> None:
    return None


def _size(n: int) -> str:
    return f"{n / 2**30:g} GiB" if n >= 2**30 else f"{n / MiB:g} MiB"


def _rate_row(figure: str, metric: str, seconds: dict[str, list[float]], nbytes: int, targets: list[Target],
              files_per_s: int = 0) -> Row:
    rate = {name: [nbytes / MiB / s for s in values] for name, values in seconds.items()}
    spread = "runs (MiB/s): " + ", ".join(f"{name.split(' (')[0]} {min(v):.0f}-{max(v):.0f}"
                                          for name, v in rate.items())
    note = spread
    if files_per_s:
        note = "files/s: " + ", ".join(f"{name.split(' (')[0]} {files_per_s / median(v):,.0f}"
                                       for name, v in seconds.items()) + "; " + spread
    return Row(figure, f"{metric}: MiB/s", "MiB/s", "higher", rate["project"],
               {k: v for k, v in rate.items() if k != "project"}, targets, note)
