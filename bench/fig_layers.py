"""Figure "layers" (#23, run when named): why the app's small downloads are where they are against
rclone. The download figure's work - 1,000 objects of 64 KiB under one prefix, each fetched,
checked against its ETag (MD5), written to ``.part`` and renamed - done by three contenders, each at
the figure's concurrency (``sizes.concurrency`` jobs in flight) and at twice that:

* ``project``: the app's transfer engine (plan, queue, runner, ``Storage.download_file``), as in
  the download figure;
* ``obstore loop``: the least a verified download does on the library the app uses (GET, MD5,
  write ``.part``, rename in a thread pool), with nothing of the engine;
* ``rclone``: ``rclone copy`` with ``--transfers`` set to the same number.

Every run also notes the CPU time of the client (this process and its children) and of the server
(the SeaweedFS process): on 2 cores shared with the server, a client's own CPU is taken from the
server's. Rounds rotate the order; medians are reported.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench.fig_ab import Obstore
from bench.fig_transfers import (
    DL_PREFIX,
    _names_under,
    app_download,
    download_root,
    ensure_download_sources,
    make_files,
    rclone_flags,
)
from bench.harness import BENCH_BUCKET, Context, Row, Target, median, settle

FIGURE = "layers"
REPEATS = 7
KEY = DL_PREFIX + "small/"


def _process_cpu(pid: int) -> float:
    """User + system seconds of process ``pid`` so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _contenders(ctx: Context, jobs: int) -> dict[str, Callable[[Path], None]]:
    at = replace(ctx, sizes=replace(ctx.sizes, concurrency=jobs))
    loop = Obstore(ctx)
    loop.jobs = jobs
    out: dict[str, Callable[[Path], None]] = {
        "project": lambda dest: app_download(at, KEY, dest, ctx.sizes.small_files),
        "obstore loop": lambda dest: loop.download_small(_names_under(ctx, KEY), dest),
    }
    if ctx.rclone:
        out["rclone"] = lambda dest: _void(ctx.rclone_ok("copy", f"bench:{BENCH_BUCKET}/{KEY}", str(dest),
                                                        *rclone_flags(at)))
    return out


def _void(_value: object) -> None:
    return None


def run(ctx: Context) -> list[Row]:
    files = make_files(ctx)
    ensure_download_sources(ctx, files)
    root = download_root(ctx, 4 * files.small_bytes)
    server = ctx.server.process.pid if ctx.server.process is not None else 0
    rows: list[Row] = []
    try:
        for jobs in (ctx.sizes.concurrency, 2 * ctx.sizes.concurrency):
            rows.append(_figure(ctx, jobs, _contenders(ctx, jobs), root, server))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def _figure(ctx: Context, jobs: int, contenders: dict[str, Callable[[Path], None]], root: Path,
            server: int) -> Row:
    names = list(contenders)
    seconds: dict[str, list[float]] = {n: [] for n in names}
    client: dict[str, list[float]] = {n: [] for n in names}
    served: dict[str, list[float]] = {n: [] for n in names}
    for rnd in range(REPEATS):
        for name in names[rnd % len(names):] + names[: rnd % len(names)]:
            dest = root / f"{name.split()[0]}-{jobs}-{rnd}"
            dest.mkdir(parents=True)
            settle()
            s0, c0, t0 = _process_cpu(server), _own_cpu(), time.perf_counter()
            contenders[name](dest)
            os.sync()
            wall = time.perf_counter() - t0
            seconds[name].append(wall)
            client[name].append(_own_cpu() - c0)
            served[name].append(_process_cpu(server) - s0)
            shutil.rmtree(dest, ignore_errors=True)
            ctx.log(f"  round {rnd + 1}: {jobs} in flight {name:<13} {wall:5.2f} s")
    count = ctx.sizes.small_files
    rate = {n: [count / s for s in v] for n, v in seconds.items()}
    cpu = ", ".join(f"{n} {median(client[n]):.2f} / {median(served[n]):.2f}" for n in names)
    return Row(FIGURE, f"{count:,} downloads of 64 KiB, {jobs} in flight: files/s", "files/s", "higher",
               rate["project"], {n: rate[n] for n in names if n != "project"},
               [Target(1.1, "rclone")] if ctx.rclone else [],
               note=f"CPU seconds per run, client / server (median): {cpu}")
