"""Figure 1: listing one prefix of N objects.

* project: the raw tree (LazyTreeModel + RawSource) in a TreePanel, in the offscreen QApplication;
  ``select_node`` opens the level. Time to the first row in the model, time until the model holds
  (and has sorted) every row, the worst GUI event-loop stall meanwhile (10 ms heartbeat), and the
  memory the loaded level keeps (tracemalloc, in a separate run: tracing slows Python down; an RSS
  delta would mostly show the allocator reusing memory the seeding freed).
* peers: a bare minio-py ``list_objects`` loop and ``rclone lsf`` over the same prefix.

Runs are interleaved (the order rotates each round); medians are reported.
"""

from __future__ import annotations

import gc
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.gui import Heartbeat, dispose, drain_workers, idle_stall, qt_app, spin_for, spin_until
from bench.harness import BENCH_BUCKET, Context, Row, Stopwatch, Target, seed_keys, settle

FIGURE = "listing"
TIMEOUT = 600.0


def prefix_for(n: int) -> str:
    return f"list-{n}/"


def key_names(n: int) -> list[str]:
    # Unpadded numbers: the server lists file-1, file-10, file-100 ...; the app sorts them naturally.
    return [f"{prefix_for(n)}file-{i}.dat" for i in range(1, n + 1)]


def seed(ctx: Context) -> None:
    n = ctx.sizes.list_objects
    seed_keys(ctx, f"listing-{n}", [(BENCH_BUCKET, k) for k in key_names(n)], lambda _k: b"x")


# -- the project -------------------------------------------------------------------------------------


def listing_panel(ctx: Context, model: Any) -> tuple[Any, Any]:
    """A shown TreePanel over ``model`` with the bench bucket's level loaded (a few prefixes, not
    timed), and the node of the listing figure's prefix, not loaded yet."""
    from ensure_browser.ui.trees.tree_model import LoadState
    from ensure_browser.ui.trees.tree_panel import TreePanel

    panel = TreePanel()
    panel.resize(1100, 700)
    panel.set_model(model)
    panel.show()
    bucket = model.root.children[0]
    panel.select_node(bucket)
    if not spin_until(lambda: bucket.state is LoadState.LOADED, 60):
        raise RuntimeError("the bucket level did not load")
    target = prefix_for(ctx.sizes.list_objects)
    node = next((c for c in bucket.children if c.key == target), None)
    if node is None:
        raise RuntimeError(f"{target} is not in the bucket level")
    return panel, node


class AppRun:
    """One load of the level in a fresh model and panel."""

    def __init__(self, ctx: Context) -> None:
        from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, RawSource

        self.loaded = LoadState.LOADED
        self.source = RawSource(ctx.storage, [BENCH_BUCKET])
        self.model = LazyTreeModel(self.source)
        self.panel, self.node = listing_panel(ctx, self.model)
        self.first_row = 0.0
        self.model.rowsInserted.connect(self._on_rows)
        self.t0 = 0.0

    def _on_rows(self, parent: object, _first: int, _last: int) -> None:
        if not self.first_row and self.model.node(parent) is self.node:  # type: ignore[arg-type]
            self.first_row = time.perf_counter()

    def run(self, expected: int, heartbeat: Heartbeat | None) -> tuple[float, float, float]:
        """Returns (seconds to the first row, seconds to all rows, worst stall in ms)."""
        if heartbeat is not None:
            heartbeat.start()
        self.t0 = time.perf_counter()
        self.panel.select_node(self.node)
        if not spin_until(lambda: self.node.state is self.loaded, TIMEOUT):
            raise RuntimeError(f"the level did not load in {TIMEOUT:.0f} s ({len(self.node.children)} rows)")
        t_all = time.perf_counter() - self.t0
        spin_for(0.3)  # the views' relayout and paint after the last page count too
        stall = heartbeat.stop() if heartbeat is not None else 0.0
        rows = self.model.rowCount(self.model.index_of(self.node))
        shown = self.panel.contents.model().rowCount(self.panel.contents.rootIndex())
        if rows != expected or shown != expected:
            raise RuntimeError(f"the model holds {rows} rows and the table {shown}, not {expected}")
        return self.first_row - self.t0, t_all, stall

    def close(self) -> None:
        self.model.cancel_all()
        self.panel.set_model(None)
        dispose(self.panel)
        del self.model, self.source, self.node
        gc.collect()


def app_memory(ctx: Context) -> tuple[float, float]:
    """(bytes kept by the loaded level, peak traced bytes during the load), per the traced run."""
    gc.collect()
    run = AppRun(ctx)
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    run.run(ctx.sizes.list_objects, None)
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    run.close()
    return float(after - before), float(peak - before)


# -- the peers ---------------------------------------------------------------------------------------


def minio_run(ctx: Context, prefix: str, expected: int) -> tuple[float, float]:
    started = time.perf_counter()
    first = 0.0
    count = 0
    for _obj in ctx.minio.list_objects(BENCH_BUCKET, prefix=prefix):
        if not count:
            first = time.perf_counter() - started
        count += 1
    total = time.perf_counter() - started
    if count != expected:
        raise RuntimeError(f"minio-py listed {count}, not {expected}")
    return first, total


def minio_thread_stall(ctx: Context, prefix: str, expected: int) -> float:
    """Worst stall of the same event loop while a bare minio-py loop lists in a background thread:
    what any Python GUI with a listing thread pays for the GIL, before doing anything with the rows."""
    done: list[int] = []

    def work() -> None:
        done.append(sum(1 for _ in ctx.minio.list_objects(BENCH_BUCKET, prefix=prefix)))

    heartbeat = Heartbeat()
    heartbeat.start()
    thread = threading.Thread(target=work, name="bench-list", daemon=True)
    thread.start()
    finished = spin_until(lambda: bool(done), TIMEOUT)
    spin_for(0.3)
    stall = heartbeat.stop()
    thread.join(5)
    if not finished or done[0] != expected:
        raise RuntimeError(f"the threaded minio-py listing did not finish ({done})")
    return stall


def rclone_run(ctx: Context, prefix: str, expected: int) -> tuple[float, float]:
    import subprocess

    started = time.perf_counter()
    proc = ctx.run_rclone("lsf", f"bench:{BENCH_BUCKET}/{prefix}", stdout=subprocess.PIPE)
    assert proc.stdout is not None
    first = 0.0
    count = 0
    for _line in proc.stdout:
        if not count:
            first = time.perf_counter() - started
        count += 1
    proc.wait()
    total = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0 or count != expected:
        raise RuntimeError(f"rclone lsf listed {count} of {expected} (exit {proc.returncode}): {err[-500:]}")
    return first, total


# -- the figure --------------------------------------------------------------------------------------


def run(ctx: Context) -> list[Row]:
    sizes = ctx.sizes
    n = sizes.list_objects
    seed(ctx)
    qt_app()
    prefix = prefix_for(n)
    heartbeat = Heartbeat()
    idle = idle_stall()

    first: dict[str, list[float]] = {"project": [], "minio-py": [], "rclone lsf": []}
    total: dict[str, list[float]] = {k: [] for k in first}
    stalls: list[float] = []

    def app() -> tuple[float, float]:
        run_ = AppRun(ctx)
        f, t, stall = run_.run(n, heartbeat)
        stalls.append(stall)
        run_.close()
        return f, t

    contenders: list[tuple[str, Callable[[], tuple[float, float]]]] = [
        ("project", app),
        ("minio-py", lambda: minio_run(ctx, prefix, n)),
    ]
    if ctx.rclone:
        contenders.append(("rclone lsf", lambda: rclone_run(ctx, prefix, n)))
    else:
        del first["rclone lsf"], total["rclone lsf"]
    for rnd in range(sizes.list_repeats):
        order = contenders[rnd % len(contenders):] + contenders[:rnd % len(contenders)]
        for name, fn in order:
            settle()
            with Stopwatch() as sw:
                f, t = fn()
            first[name].append(f)
            total[name].append(t)
            ctx.log(f"  round {rnd + 1}: {name:<10} first row {f * 1000:7.1f} ms, all {n:,} rows "
                    f"{t:6.2f} s ({n / t:,.0f} rows/s){'' if name != 'project' else f', stall {stalls[-1]:.0f} ms'}"
                    f" [{sw.seconds:.1f} s]")
    settle()
    thread_stalls = [minio_thread_stall(ctx, prefix, n) for _ in range(2)]
    settle()
    kept, peak = app_memory(ctx)
    drain_workers()
    per = 100_000 / n
    peers = [p for p in first if p != "project"]
    rate = {k: [n / t for t in v] for k, v in total.items()}
    return [
        Row(FIGURE, f"list {n:,} objects: rows/s (all rows in the model)", "rows/s", "higher", rate["project"],
            {p: rate[p] for p in peers}, [Target(2.7, "minio-py")]),  # #23: at least 2.7x, as on 2026-12-02
        Row(FIGURE, "time to first row", "ms", "lower", [f * 1000 for f in first["project"]],
            {p: [f * 1000 for f in first[p]] for p in peers},
            note="rclone lsf prints nothing before it has listed the whole directory" if ctx.rclone else ""),
        Row(FIGURE, "time to all rows", "s", "lower", total["project"], {p: total[p] for p in peers}),
        Row(FIGURE, "worst GUI stall during the load", "ms", "lower", stalls,
            {"minio-py in a thread": thread_stalls}, [Target(50.0)],
            note=f"peer: the same heartbeat while a bare minio-py loop lists in a background thread; an idle "
                 f"event loop stalls up to {idle:.0f} ms on this machine now"),
        Row(FIGURE, "memory kept per 100,000 rows (tracemalloc)", "MiB", "lower", [kept * per / 2**20], {},
            note=f"peak during the load {peak * per / 2**20:.0f} MiB per 100,000 rows"),
    ]
