"""Figure: the command line's download of many small files, as whole processes.

* project: ``ensure-browser download s3://bench/cli/small/ --to DIR`` (``python -m ensure_browser``),
  a process of its own from start to exit: interpreter start, imports, connection, listing, the
  transfer queue (real names, verification, the resume plan kept and removed), 4 files at a time.
  Its byte-code caches are filled by an uncounted first run (see ``harness.byte_code_cached``).
* peer: ``rclone copy bench:bench/cli/small/ DIR`` with the transfer figures' flags (4 at a time).

The objects (``Sizes.small_files`` of ``small_file_size``: 1,000 of 64 KiB) are uploaded once,
untimed; each run downloads into a new folder, removed after it (the ``sync`` is inside the timing,
as in the transfer figures). The order rotates each round; medians are reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.fig_transfers import _rounds, _slug, _void, ceiling_upload_small, download_root, rclone_flags
from bench.harness import BENCH_BUCKET, Context, Row, Target, byte_code_cached

FIGURE = "cli"
PREFIX = "cli/small/"
ROOT = Path(__file__).resolve().parent.parent


def seed(ctx: Context) -> int:
    """The small objects under :data:`PREFIX`, uploaded once; their total size."""
    sizes = ctx.sizes
    have = sum(1 for _ in ctx.minio.list_objects(BENCH_BUCKET, prefix=PREFIX))
    if have != sizes.small_files:
        ctx.remove_prefix(BENCH_BUCKET, PREFIX)
        blobs = [(f"file-{i:05d}.bin", os.urandom(sizes.small_file_size)) for i in range(sizes.small_files)]
        ceiling_upload_small(ctx, blobs, PREFIX)
    return sizes.small_files * sizes.small_file_size


def cli_download(ctx: Context, dest: Path, state: Path) -> None:
    ident = ctx.identity
    env = byte_code_cached({**os.environ, "MINIO_ROOT_PASSWORD": ident.secret_key, "XDG_STATE_HOME": str(state),
                            "PYTHONPATH": str(ROOT)}, state / "pycache")
    argv = [sys.executable, "-m", "ensure_browser", "download", f"s3://{BENCH_BUCKET}/{PREFIX}", "--to", str(dest),
            "--endpoint", ctx.server.endpoint, "--access-key", ident.access_key]
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"ensure-browser download failed: {proc.stderr.decode(errors='replace')[-800:]}")
    got = sum(1 for _ in dest.rglob("*.bin"))
    if got != ctx.sizes.small_files:
        raise RuntimeError(f"ensure-browser download wrote {got} of {ctx.sizes.small_files} files")


def run(ctx: Context) -> list[Row]:
    nbytes = seed(ctx)
    root = download_root(ctx, 3 * nbytes)
    state = Path(tempfile.mkdtemp(prefix="ensure-bench-state-"))
    try:
        def dest(name: str, rnd: int) -> Path:
            path = root / f"{_slug(name)}-{rnd}"
            path.mkdir(parents=True, exist_ok=True)
            return path

        def cleanup(name: str, rnd: int) -> None:
            shutil.rmtree(root / f"{_slug(name)}-{rnd}", ignore_errors=True)

        cli_download(ctx, dest("warm-up", 0), state)  # the byte-code caches (not counted)
        cleanup("warm-up", 0)
        contenders = [("project", lambda r: cli_download(ctx, dest("project", r), state))]
        if ctx.rclone:
            contenders.append(("rclone", lambda r: _void(ctx.rclone_ok(
                "copy", f"bench:{BENCH_BUCKET}/{PREFIX}", str(dest("rclone", r)), *rclone_flags(ctx)))))
        n = ctx.sizes.small_files
        seconds = _rounds(ctx, f"cli download {n} files", contenders, cleanup, ctx.sizes.small_repeats)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
    per_s = ", ".join(f"{name} {n / min(v):,.0f}-{n / max(v):,.0f} files/s" for name, v in seconds.items())
    return [Row(FIGURE, f"CLI download of {n:,} files of {ctx.sizes.small_file_size // 1024} KiB, whole process: s",
                "s", "lower", seconds["project"], {k: v for k, v in seconds.items() if k != "project"},
                [Target(1.0, "rclone")] if ctx.rclone else [],
                f"process start to exit, Python's start and imports included; runs: {per_s}")]
