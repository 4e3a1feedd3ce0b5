"""Figure "ab" (#23): the same data-path work done by each candidate library, on one server, same run.

The "project" column here is **obstore** (Rust ``object_store``, I/O outside the GIL), the library
#23 evaluates first; its peers are today's :class:`~ensure_browser.core.s3.storage.Storage`
(``storage``), opendal (when installed), plain minio-py and ``rclone copy`` / ``rclone lsf``. The
targets are #23's "done when" targets, put on obstore: they say whether the library could carry the
app there. The work, identical for every contender (4 jobs / parts in flight, 16 MiB parts):

* small downloads: :data:`SMALL_FILES` objects of 64 KiB, each GET, MD5 against the ETag, write
  ``.part``, rename (``storage``: ``Storage.download_file``, which does that and more; rclone: its
  own checks). opendal's ``read`` returns no ETag: it pays a ``stat`` first, then reads ``If-Match``.
* small uploads: the same files from disk, one PUT each (``storage``: ``Storage.upload_file``, CRC32
  checked by the server; obstore and opendal: a plain PUT; ``obstore-sha256``: obstore with the
  SHA256 checksum the server checks, the only one it offers).
* listing: every key under the listing figure's prefix (``sizes.list_objects`` keys), flat.
* one big file (``sizes.big_file``) down (to ``.part``, renamed: obstore and ``storage`` in ranges of
  16 MiB, 4 at a time, ``If-Match``; opendal and minio-py one stream) and up (multipart).

Optional contenders that are not installed are left out and said so. Rounds rotate the order;
medians are reported (see :func:`bench.fig_transfers._rounds`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from bench.fig_listing import prefix_for
from bench.fig_listing import seed as seed_listing
from bench.fig_transfers import _rounds, _slug, download_root, make_files, rclone_flags, round_dirs, save_verified
from bench.harness import BENCH_BUCKET, Context, MiB, Row, Target, median

FIGURE = "ab"
SMALL_FILES = 1000  # #23 names 1,000 x 64 KiB; cheap enough for the quick mode too
SMALL_REPEATS = 5
SRC = "ab/src/"  # the objects the downloads read (uploaded once, untimed)
BIG = SRC + "big.bin"
SMALL = SRC + "small/"
OBSTORE, STORAGE, OPENDAL, MINIO, RCLONE = "obstore", "storage (today)", "opendal", "minio-py", "rclone"
OBSTORE_SHA = "obstore-sha256 (server-checked)"


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


# -- clients -----------------------------------------------------------------------------------------


def obstore_store(ctx: Context, bucket: str = BENCH_BUCKET, **config: Any) -> Any:
    from obstore.store import S3Store

    ident = ctx.identity
    return S3Store(bucket, endpoint=f"http://{ctx.server.endpoint}", access_key_id=ident.access_key,
                   secret_access_key=ident.secret_key, region="us-east-1", virtual_hosted_style_request=False,
                   client_options={"allow_http": True, "pool_max_idle_per_host": "16"}, **config)


def opendal_operator(ctx: Context, bucket: str = BENCH_BUCKET, **config: str) -> Any:
    import opendal

    ident = ctx.identity
    return opendal.Operator("s3", bucket=bucket, endpoint=f"http://{ctx.server.endpoint}", region="us-east-1",
                            access_key_id=ident.access_key, secret_access_key=ident.secret_key,
                            disable_config_load="true", disable_ec2_metadata="true", **config)


def _pool(fn: Callable[[Any], object], items: Iterable[Any], threads: int) -> None:
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(fn, items))


def _stream_to(dest: Path, name: str, chunks: Iterable[bytes | memoryview]) -> None:
    target = dest / name.rsplit("/", 1)[-1]
    part = target.with_name(target.name + ".part")
    with open(part, "wb", buffering=0) as fh:
        for chunk in chunks:
            fh.write(chunk)
    os.replace(part, target)


# -- obstore -----------------------------------------------------------------------------------------


class Obstore:
    def __init__(self, ctx: Context, **config: str) -> None:
        import obstore

        self.obs = obstore
        self.store = obstore_store(ctx, **config)
        self.jobs = ctx.sizes.concurrency
        self.part = ctx.sizes.part_size

    def download_small(self, keys: list[str], dest: Path) -> None:
        def one(key: str) -> None:
            res = self.obs.get(self.store, key)
            save_verified(dest, key, memoryview(res.bytes()), res.meta["e_tag"] or "")

        _pool(one, keys, self.jobs)

    def upload_small(self, paths: list[Path], prefix: str) -> None:
        _pool(lambda p: self.obs.put(self.store, prefix + p.name, p, use_multipart=False), paths, self.jobs)

    def list(self, prefix: str) -> int:
        return sum(len(batch) for batch in self.obs.list(self.store, prefix, chunk_size=1000))

    def level(self, prefix: str) -> Iterator[object]:
        # collects every page before it returns: the first entry comes at the end
        return iter(self.obs.list_with_delimiter(self.store, prefix)["objects"])

    def download_big(self, key: str, dest: Path) -> None:
        """As the app downloads an object it cannot check whole: ranges of ``part_size``, ``jobs`` at a
        time, each ``If-Match`` the ETag, written in place into ``.part``, renamed."""
        meta = self.obs.head(self.store, key)
        size, etag = meta["size"], meta["e_tag"]
        target = dest / key.rsplit("/", 1)[-1]
        part = target.with_name(target.name + ".part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            def one(offset: int) -> None:
                end = min(size, offset + self.part)
                res = self.obs.get(self.store, key, options={"range": (offset, end), "if_match": etag})
                os.pwrite(fd, memoryview(res.bytes()), offset)

            _pool(one, range(0, size, self.part), self.jobs)
        finally:
            os.close(fd)
        os.replace(part, target)

    def upload_big(self, path: Path, key: str) -> None:
        self.obs.put(self.store, key, path, use_multipart=True, chunk_size=self.part, max_concurrency=self.jobs)


# -- opendal -----------------------------------------------------------------------------------------


class Opendal:
    def __init__(self, ctx: Context) -> None:
        self.op = opendal_operator(ctx)
        self.jobs = ctx.sizes.concurrency
        self.part = ctx.sizes.part_size

    def download_small(self, keys: list[str], dest: Path) -> None:
        def one(key: str) -> None:
            etag = self.op.stat(key).etag or ""  # read() answers bytes only: the ETag costs a HEAD
            save_verified(dest, key, memoryview(self.op.read(key, if_match=etag)), etag)

        _pool(one, keys, self.jobs)

    def upload_small(self, paths: list[Path], prefix: str) -> None:
        _pool(lambda p: self.op.write(prefix + p.name, p.read_bytes()), paths, self.jobs)

    def list(self, prefix: str) -> int:
        return sum(1 for e in self.op.list(prefix, recursive=True) if not e.path.endswith("/"))

    def level(self, prefix: str) -> Iterator[object]:
        return (e for e in self.op.list(prefix) if e.path != prefix)

    def download_big(self, key: str, dest: Path) -> None:
        with self.op.open(key, "rb") as fh:
            _stream_to(dest, key, iter(lambda: fh.read(8 * MiB), b""))

    def upload_big(self, path: Path, key: str) -> None:
        with self.op.open(key, "wb", chunk=self.part, concurrent=self.jobs) as out, open(path, "rb") as src:
            for block in iter(lambda: src.read(self.part), b""):
                out.write(block)


# -- today's Storage and plain minio-py ---------------------------------------------------------------


class Today:
    def __init__(self, ctx: Context) -> None:
        self.st = ctx.storage
        self.jobs = ctx.sizes.concurrency
        self.part = ctx.sizes.part_size

    def download_small(self, keys: list[str], dest: Path) -> None:
        _pool(lambda k: self.st.download_file(BENCH_BUCKET, k, dest / k.rsplit("/", 1)[-1]), keys, self.jobs)

    def upload_small(self, paths: list[Path], prefix: str) -> None:
        _pool(lambda p: self.st.upload_file(BENCH_BUCKET, prefix + p.name, p), paths, self.jobs)

    def list(self, prefix: str) -> int:
        return sum(1 for _ in self.st.list_recursive_raw(BENCH_BUCKET, prefix))

    def level(self, prefix: str) -> Iterator[object]:
        return (e for page in self.st.list_level(BENCH_BUCKET, prefix) for e in page)

    def download_big(self, key: str, dest: Path) -> None:
        self.st.download_file(BENCH_BUCKET, key, dest / key.rsplit("/", 1)[-1], parallel=self.jobs,
                              part_size=self.part)

    def upload_big(self, path: Path, key: str) -> None:
        self.st.upload_file(BENCH_BUCKET, key, path, part_size=self.part, parallel=self.jobs)


class MinioPlain:
    def __init__(self, ctx: Context) -> None:
        self.mc = ctx.minio
        self.jobs = ctx.sizes.concurrency
        self.part = ctx.sizes.part_size

    def download_small(self, keys: list[str], dest: Path) -> None:
        def one(key: str) -> None:
            resp = self.mc.get_object(BENCH_BUCKET, key)
            try:
                data, etag = resp.read(), resp.headers.get("ETag") or ""
            finally:
                resp.close()
                resp.release_conn()
            save_verified(dest, key, data, etag)

        _pool(one, keys, self.jobs)

    def upload_small(self, paths: list[Path], prefix: str) -> None:
        _pool(lambda p: self.mc.fput_object(BENCH_BUCKET, prefix + p.name, str(p)), paths, self.jobs)

    def list(self, prefix: str) -> int:
        return sum(1 for _ in self.mc.list_objects(BENCH_BUCKET, prefix=prefix, recursive=True))

    def level(self, prefix: str) -> Iterator[object]:
        return iter(self.mc.list_objects(BENCH_BUCKET, prefix=prefix))

    def download_big(self, key: str, dest: Path) -> None:
        resp = self.mc.get_object(BENCH_BUCKET, key)
        try:
            _stream_to(dest, key, resp.stream(8 * MiB))
        finally:
            resp.close()
            resp.release_conn()

    def upload_big(self, path: Path, key: str) -> None:
        self.mc.fput_object(BENCH_BUCKET, key, str(path), part_size=self.part, num_parallel_uploads=self.jobs)


# -- the figure --------------------------------------------------------------------------------------


def contenders(ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if installed("obstore"):
        out[OBSTORE] = Obstore(ctx)
    else:
        raise RuntimeError("obstore is not installed (make bench installs the bench group)")
    out[STORAGE] = Today(ctx)
    if installed("opendal"):
        out[OPENDAL] = Opendal(ctx)
    else:
        ctx.log("  opendal is not installed: its columns are left out")
    out[MINIO] = MinioPlain(ctx)
    return out


def small_sources(ctx: Context) -> list[Path]:
    folder = ctx.scratch / "ab-small"
    if not folder.exists():
        folder.mkdir(parents=True)
        for i in range(SMALL_FILES):
            (folder / f"file-{i:05d}.bin").write_bytes(os.urandom(ctx.sizes.small_file_size))
    return sorted(folder.iterdir())


def ensure_sources(ctx: Context, small: list[Path], big: Path) -> list[str]:
    """The small objects and the big one under :data:`SRC` (untimed); returns the small keys."""
    keys = [SMALL + p.name for p in small]
    have = {o.object_name for o in ctx.minio.list_objects(BENCH_BUCKET, prefix=SRC, recursive=True)}
    if set(keys) - have:
        _pool(lambda p: ctx.minio.fput_object(BENCH_BUCKET, SMALL + p.name, str(p)), small, 16)
    if BIG not in have or ctx.minio.stat_object(BENCH_BUCKET, BIG).size != big.stat().st_size:
        ctx.storage.upload_file(BENCH_BUCKET, BIG, big, part_size=ctx.sizes.part_size, parallel=4)
    return keys


def run(ctx: Context) -> list[Row]:
    files = make_files(ctx)
    small = small_sources(ctx)
    keys = ensure_sources(ctx, small, files.big)
    seed_listing(ctx)
    libs = contenders(ctx)
    small_bytes = len(small) * ctx.sizes.small_file_size
    root = download_root(ctx, 2 * files.big_size + 2 * small_bytes)
    try:
        return _figure(ctx, libs, keys, small, files.big, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _figure(ctx: Context, libs: dict[str, Any], keys: list[str], small: list[Path], big: Path,
            root: Path) -> list[Row]:
    dest, clean_local = round_dirs(root)

    def up(name: str, rnd: int) -> str:
        return f"ab/up/{_slug(name)}-{rnd}/"

    def clean_remote(name: str, rnd: int) -> None:
        ctx.remove_prefix(BENCH_BUCKET, up(name, rnd))

    flags = rclone_flags(ctx)
    n_list = ctx.sizes.list_objects
    listed = prefix_for(n_list)

    def lister(lib: Any) -> Callable[[int], None]:
        def fn(_rnd: int) -> None:
            got = lib.list(listed)
            if got != n_list:
                raise RuntimeError(f"listed {got} keys, not {n_list}")
        return fn

    def each(call: Callable[[Any, str, int], None]) -> list[tuple[str, Callable[[int], None]]]:
        return [(name, partial(_bound, call, lib, name)) for name, lib in libs.items()]

    sd = each(lambda lib, n, r: lib.download_small(keys, dest(n, r)))
    su = each(lambda lib, n, r: lib.upload_small(small, up(n, r)))
    ls = [(n, lister(lib)) for n, lib in libs.items()]
    first: dict[str, list[float]] = {n: [] for n in libs}

    def leveler(name: str, lib: Any) -> Callable[[int], None]:
        def fn(_rnd: int) -> None:
            t0 = time.perf_counter()
            entries = lib.level(listed)
            count = 1 if next(entries, None) is not None else 0
            first[name].append(time.perf_counter() - t0)
            count += sum(1 for _ in entries)
            if count != n_list:
                raise RuntimeError(f"{name} listed {count} entries of the level, not {n_list}")
        return fn

    lv = [(n, leveler(n, lib)) for n, lib in libs.items()]
    bd = each(lambda lib, n, r: lib.download_big(BIG, dest(n, r)))
    bu = each(lambda lib, n, r: lib.upload_big(big, up(n, r) + "big.bin"))
    # uploads the server checks, as the app's: obstore offers SHA256 (not CRC32); SeaweedFS checks it
    sha = Obstore(ctx, checksum_algorithm="sha256")
    su.insert(1, (OBSTORE_SHA, lambda r: sha.upload_small(small, up(OBSTORE_SHA, r))))
    bu.insert(1, (OBSTORE_SHA, lambda r: sha.upload_big(big, up(OBSTORE_SHA, r) + "big.bin")))
    if ctx.rclone:
        sd.append((RCLONE, lambda r: _rc(ctx, "copy", f"bench:{BENCH_BUCKET}/{SMALL}", str(dest(RCLONE, r)), *flags)))
        su.append((RCLONE, lambda r: _rc(ctx, "copy", str(small[0].parent), f"bench:{BENCH_BUCKET}/{up(RCLONE, r)}",
                                         *flags)))
        ls.append((RCLONE, lambda _r: _rclone_list(ctx, listed, n_list)))
        bd.append((RCLONE, lambda r: _rc(ctx, "copy", f"bench:{BENCH_BUCKET}/{BIG}", str(dest(RCLONE, r)), *flags)))
        bu.append((RCLONE, lambda r: _rc(ctx, "copy", str(big), f"bench:{BENCH_BUCKET}/{up(RCLONE, r)}", *flags)))
    sizes = ctx.sizes
    big_size = big.stat().st_size
    t_sd = _rounds(ctx, f"ab: get {len(keys)} files", sd, clean_local, SMALL_REPEATS)
    t_su = _rounds(ctx, f"ab: put {len(small)} files", su, clean_remote, SMALL_REPEATS)
    t_ls = _rounds(ctx, f"ab: list {n_list:,}", ls, lambda _n, _r: None, max(3, sizes.list_repeats))
    t_lv = _rounds(ctx, f"ab: level {n_list:,}", lv, lambda _n, _r: None, max(3, sizes.list_repeats))
    t_bd = _rounds(ctx, f"ab: get {big_size // MiB} MiB", bd, clean_local, max(3, sizes.download_repeats))
    t_bu = _rounds(ctx, f"ab: put {big_size // MiB} MiB", bu, clean_remote, max(3, sizes.upload_repeats))
    both = [Target(1.0, RCLONE), Target(1.0, MINIO)] if ctx.rclone else [Target(1.0, MINIO)]
    small_dl = [Target(1.1, RCLONE)] if ctx.rclone else []
    small_ul = ([Target(1.1, RCLONE)] if ctx.rclone else []) + [Target(1.0, MINIO)]
    n = len(keys)
    return [
        _row(f"get {n:,} x 64 KiB (MD5, .part, rename): files/s", "files/s", t_sd, n, small_dl),
        _row(f"put {n:,} x 64 KiB: files/s", "files/s", t_su, n, small_ul),
        _row(f"list {n_list:,} keys: keys/s", "keys/s", t_ls, n_list, [Target(2.7, MINIO)]),
        _row(f"list a level of {n_list:,} keys (delimiter /): keys/s", "keys/s", t_lv, n_list, [Target(2.7, MINIO)]),
        Row(FIGURE, "time to the first entry of that level", "ms", "lower", [f * 1000 for f in first[OBSTORE]],
            {k: [f * 1000 for f in v] for k, v in first.items() if k != OBSTORE},
            note="obstore's list_with_delimiter returns the whole level at once; the GUI shows a level page by page"),
        _row(f"get 1 file of {big_size // MiB} MiB: MiB/s", "MiB/s", t_bd, big_size / MiB, both),
        _row(f"put 1 file of {big_size // MiB} MiB: MiB/s", "MiB/s", t_bu, big_size / MiB, both),
    ]


def _row(metric: str, unit: str, seconds: dict[str, list[float]], amount: float, targets: list[Target]) -> Row:
    rate = {name: [amount / s for s in runs] for name, runs in seconds.items()}
    spread = ", ".join(f"{name.split(' ')[0]} {min(v):,.0f}-{max(v):,.0f}" for name, v in rate.items())
    best = max(rate, key=lambda k: median(rate[k]))
    return Row(FIGURE, metric, unit, "higher", rate[OBSTORE], {k: v for k, v in rate.items() if k != OBSTORE},
               targets, f"project column: obstore; fastest: {best}; runs: {spread}")


def _bound(call: Callable[[Any, str, int], None], lib: Any, name: str, rnd: int) -> None:
    call(lib, name, rnd)


def _rc(ctx: Context, *args: str) -> None:
    ctx.rclone_ok(*args)


def _rclone_list(ctx: Context, prefix: str, expected: int) -> None:
    import subprocess

    proc = ctx.run_rclone("lsf", f"bench:{BENCH_BUCKET}/{prefix}", stdout=subprocess.PIPE)
    out, err = proc.communicate()
    count = out.count(b"\n")
    if proc.returncode != 0 or count != expected:
        raise RuntimeError(f"rclone lsf listed {count} of {expected}: {err.decode(errors='replace')[-300:]}")
