"""Figure 8: the search index over the N-key storage of the scan figure (same seeded buckets).

* build: ``refresh(..., details=False)`` into an empty index (every key listed, classified and
  written: searchable by key, ids, kind, size, date), keys/s against a bare minio-py recursive
  listing of the same buckets; the full build with the original names (a HEAD per material, note
  and temporary upload) and the OCR text (a GET per page JSON) is timed too;
* incremental: 1 % of the keys rewritten (new ETags), then ``refresh`` (with their names and texts
  read again) into the built index: its time as a share of the full build (with details);
* query: a mix of queries (an id, a broad word, a word prefix, words with a filter, filters alone)
  over the built index, ms each; the median over all;
* window: the Search dock's field set to a query until its results are in the table (as you type:
  the typing delay included), ms; the median; and the worst GUI stall while the dock refreshes the
  index (1 % changed again).
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from bench.fig_scan import bare_listing, names_for, schema_keys
from bench.gui import Heartbeat, dispose, drain_workers, qt_app, spin_for, spin_until
from bench.harness import Context, Row, Stopwatch, Target, seed_keys, settle
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.query import Query, search
from ensure_browser.core.search.refresh import refresh
from ensure_browser.core.search.store import SearchIndex

FIGURE = "search"
CHANGED_EVERY = 100  # 1 % of the keys change before the incremental refresh
QUERIES = (Query("doc-000123"), Query("chunk"), Query("meeting-0001"), Query("metrics"), Query("page_1"),
           Query("thumb", classroom="class-000003"), Query(kinds=("material",), min_size=1),
           Query("req*", kinds=("mlflow_model_file",)))
QUERY_ROUNDS = 5
WINDOW_ROUNDS = 5
WINDOW_TEXTS = ("doc-000123", "chunk", "metrics", "doc-00012", "chunks", "metric")  # each unlike the one before


def _fresh_index(root: Path, name: str) -> SearchIndex:
    return SearchIndex.for_connection("bench", name, root)


def _build(ctx: Context, root: Path, name: str, names: BucketNames, details: bool) -> tuple[SearchIndex, float, int]:
    index = _fresh_index(root, name)
    with Stopwatch() as sw:
        result = refresh(ctx.storage, names, index, details=details)
    return index, sw.seconds, result.listed


def _change(ctx: Context, keys: list[tuple[str, str]], round_no: int) -> int:
    changed = keys[::CHANGED_EVERY]
    payload = f"changed {round_no} {time.time()}".encode()
    for bucket, key in changed:
        ctx.minio.put_object(bucket, key, io.BytesIO(payload), len(payload))
    return len(changed)


def _window_ms(ctx: Context, index: SearchIndex, names: BucketNames,
               keys: list[tuple[str, str]]) -> tuple[list[float], float, float]:
    """(ms until results are shown, per search; worst GUI stall while the dock refreshes the index
    with 1 % changed; that refresh's seconds)."""
    qt_app()
    from PySide6.QtCore import QSettings

    from ensure_browser.ui.host import Connection
    from ensure_browser.ui.main_window import MainWindow
    from ensure_browser.ui.search.panel import SearchPanel

    window = MainWindow(QSettings(str(index.path.parent / "bench.ini"), QSettings.Format.IniFormat))
    panel = SearchPanel(window)
    panel.resize(1000, 600)
    panel.show()
    panel.index_dir = index.path.parent / "window"  # not the user's cache directory
    connection = Connection("bench", ctx.settings(), names, ctx.storage)
    panel.set_connection(connection)
    if not spin_until(lambda: panel.index is not None, 30):
        raise RuntimeError("the search panel did not open its index")
    panel.stop_refresh()
    panel.index = index  # the bench's index (the panel opened the one of the cache directory)
    _change(ctx, keys, -1)
    results: list[object] = []
    panel.refreshed.connect(results.append)
    heartbeat = Heartbeat()
    heartbeat.start()
    t0 = time.perf_counter()
    panel.start_refresh()
    if not spin_until(lambda: bool(results), 600):
        raise RuntimeError(f"the dock's refresh did not finish: {panel.state.text()}")
    refresh_seconds = time.perf_counter() - t0
    spin_for(0.2)
    stall = heartbeat.stop()
    shown: list[float] = []
    panel.searched.connect(lambda _hits: shown.append(time.perf_counter()))
    times = []
    for _ in range(WINDOW_ROUNDS):
        for text in WINDOW_TEXTS:
            shown.clear()
            t0 = time.perf_counter()
            panel.field.setText(text)
            if not spin_until(lambda: bool(shown) and panel.model.rowCount() > 0, 10):
                raise RuntimeError(f"no results shown for {panel.field.text()!r}: {panel.message.text()}")
            times.append((shown[0] - t0) * 1000)
            spin_for(0.05)
    dispose(panel)
    dispose(window)
    drain_workers()
    return times, stall, refresh_seconds


def run(ctx: Context) -> list[Row]:
    n = ctx.sizes.scan_keys
    names = names_for(n)
    keys = schema_keys(n)
    seed_keys(ctx, f"scan{n}-buckets", keys, lambda _k: b"x")
    root = Path(tempfile.mkdtemp(prefix="bench-search-", dir=ctx.scratch))
    rates: dict[str, list[float]] = {"project": [], "minio-py": []}
    index: SearchIndex | None = None
    for rnd in range(ctx.sizes.scan_repeats):
        settle()
        with Stopwatch() as sw:
            seen = bare_listing(ctx)
        rates["minio-py"].append(seen / sw.seconds)
        settle()
        index, seconds, listed = _build(ctx, root, f"keys-{rnd}", names, details=False)
        if listed != n:
            raise RuntimeError(f"the index build listed {listed} keys, not {n}")
        rates["project"].append(n / seconds)
        ctx.log(f"  round {rnd + 1}: index build {n:,} keys in {seconds:.2f} s ({n / seconds:,.0f} keys/s); "
                f"bare listing {seen / sw.seconds:,.0f} keys/s")
    full: list[float] = []
    incremental: list[float] = []
    for rnd in range(ctx.sizes.scan_repeats):
        settle()
        index, seconds, _listed = _build(ctx, root, f"full-{rnd}", names, details=True)
        full.append(seconds)
        changed = _change(ctx, keys, rnd)
        settle()
        with Stopwatch() as sw:
            result = refresh(ctx.storage, names, index)
        if result.changed != changed or result.added or result.removed:
            raise RuntimeError(f"the incremental refresh saw {result.summary()}, expected {changed} changed")
        incremental.append(sw.seconds)
        ctx.log(f"  round {rnd + 1}: full build with names and OCR text {seconds:.2f} s; incremental refresh "
                f"({changed:,} changed) {sw.seconds:.2f} s ({100 * sw.seconds / seconds:.1f} %)")
    assert index is not None
    query_ms: list[float] = []
    db = index.connect()
    for _ in range(QUERY_ROUNDS):
        for q in QUERIES:
            with Stopwatch() as sw:
                search(index, q, names, db)
            query_ms.append(sw.seconds * 1000)
    db.close()
    ctx.log(f"  queries: median {statistics.median(query_ms):.1f} ms, worst {max(query_ms):.1f} ms "
            f"({len(query_ms)} queries)")
    window, stall, refresh_seconds = _window_ms(ctx, index, names, keys)
    ctx.log(f"  window: median {statistics.median(window):.1f} ms, worst {max(window):.1f} ms; refresh in the "
            f"dock {refresh_seconds:.2f} s, worst stall {stall:.0f} ms")
    share = [100 * i / f for i, f in zip(incremental, full, strict=True)]
    return [
        Row(FIGURE, f"search index build of {n:,} keys (listed, classified, written): keys/s", "keys/s", "higher",
            rates["project"], {"minio-py": rates["minio-py"]}, [Target(0.8, "minio-py")],
            note=f"with original names (HEAD per material/note) and OCR text (GET per page JSON): "
                 f"{n / statistics.median(full):,.0f} keys/s ({statistics.median(full):.1f} s)"),
        Row(FIGURE, "incremental index refresh, 1 % changed: share of a full build", "%", "lower", share, {},
            [Target(20.0)], note="full build = listing + names + OCR text; the refresh lists everything and "
                                 "reads names/text of the changed keys only"),
        Row(FIGURE, f"search query over {n:,} keys", "ms", "lower", query_ms, {}, [Target(50.0)],
            note=f"{len(QUERIES)} queries (id, broad word, prefix, filters) x {QUERY_ROUNDS}; worst "
                 f"{max(query_ms):.0f} ms"),
        Row(FIGURE, "search results shown in the window (typing delay included)", "ms", "lower", window, {},
            [Target(100.0)]),
        Row(FIGURE, "worst GUI stall while the Search dock refreshes the index", "ms", "lower", [stall], {},
            [Target(50.0)], note=f"1 % changed: {refresh_seconds:.1f} s"),
    ]
