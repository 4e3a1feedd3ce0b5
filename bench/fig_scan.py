"""Figure 6: the storage health scan of N keys against a bare minio-py recursive listing.

The four schema buckets (under names of their own) hold N keys shaped like the platform's data:
classroom materials with thumbnails, student notes, meeting chunks with raw recordings and audio,
OCR pages with their JSON, MLflow runs; about one entity in a hundred is broken on purpose (a
material without thumbnail, a chunk gap, an OCR page without JSON), so the scan has findings.

* project: ``core.scan.scan(storage, names)`` (every rule, usage tallies, multipart uploads), keys/s;
  its peak traced memory (tracemalloc, in a separate run: tracing slows Python several times);
* peer: ``list_objects(recursive=True)`` over the same four buckets, counting;
* the GUI: ``HealthView.start_scan`` in the offscreen QApplication, worst event-loop stall until
  ``scanFinished`` (the findings table and usage tab are filled by then).
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable, Iterator

from bench.gui import Heartbeat, dispose, drain_workers, idle_stall, qt_app, spin_for, spin_until
from bench.harness import Context, Row, Stopwatch, Target, seed_keys, settle
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames

FIGURE = "scan"
TIMEOUT = 1200.0
# Shares of the keys per family (sum 1.0): materials+thumbnails, notes, recordings, OCR, MLflow.
SHARES = {"materials": 0.20, "notes": 0.10, "recordings": 0.41, "ocr": 0.255, "mlflow": 0.035}
MATERIALS_PER_CLASSROOM = 100
CHUNKS_PER_MEETING = 80
PAGES_PER_DOCUMENT = 25
BROKEN_EVERY = 100  # one entity in a hundred is broken


def names_for(total: int) -> BucketNames:
    """Buckets of their own per size, so a kept server (--data-dir) holds each data set apart."""
    return BucketNames(documents=f"scan{total}-documents", recordings=f"scan{total}-recordings",
                       ocr=f"scan{total}-ocr", mlflow=f"scan{total}-mlflow")


def _id(kind: str, i: int) -> str:
    return f"{kind}-{i:06d}"


def _keys(total: int) -> Iterator[tuple[str, str]]:
    """About ``total`` (bucket, key) pairs; exactly ``total`` after :func:`schema_keys` trims."""
    names = names_for(total)
    n_mat = int(total * SHARES["materials"] / 2)
    for i in range(n_mat):
        ids = {"classroom_id": _id("class", i // MATERIALS_PER_CLASSROOM), "document_id": _id("doc", i)}
        yield key_for("material", names, **ids)
        if i % BROKEN_EVERY != 7:
            yield key_for("thumbnail", names, **ids)
    for i in range(int(total * SHARES["notes"])):
        yield key_for("student_note", names, student_id=_id("student", i // 20), note_id=_id("note", i))
    n_rec = int(total * SHARES["recordings"])
    meetings = max(1, n_rec // (CHUNKS_PER_MEETING + 2))
    for m in range(meetings):
        meeting = _id("meeting", m)
        yield key_for("meeting_raw", names, meeting_id=meeting)
        yield key_for("meeting_audio", names, meeting_id=meeting)
        for c in range(CHUNKS_PER_MEETING):
            if not (m % BROKEN_EVERY == 3 and c == 40):
                yield key_for("meeting_chunk", names, meeting_id=meeting, chunk_index=c)
    n_ocr = int(total * SHARES["ocr"])
    docs = max(1, n_ocr // (2 * PAGES_PER_DOCUMENT + 1))
    for d in range(docs):
        doc = _id("ocrdoc", d)
        yield key_for("ocr_quality_report", names, document_id=doc)
        for p in range(1, PAGES_PER_DOCUMENT + 1):
            yield key_for("ocr_page_image", names, document_id=doc, page=p)
            if not (d % BROKEN_EVERY == 5 and p == 9):
                yield key_for("ocr_page_json", names, document_id=doc, page=p)
    i = 0
    while True:  # MLflow runs fill up to the total
        exp, run = _id("exp", i // 50), f"{i:032x}"
        yield key_for("mlflow_model_file", names, experiment_id=exp, run_id=run, path="model.pkl")
        yield key_for("mlflow_model_file", names, experiment_id=exp, run_id=run, path="requirements.txt")
        yield key_for("mlflow_artifact", names, experiment_id=exp, run_id=run, path="metrics.json")
        i += 1


def schema_keys(total: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in _keys(total):
        out.append(item)
        if len(out) == total:
            break
    return out


def bare_listing(ctx: Context) -> int:
    count = 0
    for bucket in names_for(ctx.sizes.scan_keys).all():
        for _obj in ctx.minio.list_objects(bucket, recursive=True):
            count += 1
    return count


def project_scan(ctx: Context) -> int:
    from ensure_browser.core.health.scan import scan

    return scan(ctx.storage, names_for(ctx.sizes.scan_keys)).keys_seen


def traced_peak(fn: Callable[[], int]) -> float:
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    fn()
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return float(peak - base)


def gui_scan(ctx: Context, expected: int) -> tuple[float, float, int, float]:
    """(worst stall ms, seconds until scanFinished, findings, idle stall ms) of a scan started in the
    health view; the idle stall is the same event loop's worst before the scan (the noise floor)."""
    qt_app()
    from ensure_browser.ui.health.view import HealthView

    view = HealthView()
    view.resize(1100, 680)
    view.set_connection(ctx.storage, names_for(expected))
    view.show()
    spin_for(0.2)
    idle = idle_stall()
    reports: list[object] = []
    view.scanFinished.connect(reports.append)
    heartbeat = Heartbeat()
    heartbeat.start()
    t0 = time.perf_counter()
    view.start_scan()
    if not spin_until(lambda: bool(reports), TIMEOUT):
        raise RuntimeError(f"the health view's scan did not finish: {view.status.text()}")
    seconds = time.perf_counter() - t0
    spin_for(0.3)
    stall = heartbeat.stop()
    report = reports[0]
    seen = getattr(report, "keys_seen", -1)
    findings = len(getattr(report, "findings", []))
    dispose(view)
    drain_workers()
    if seen != expected:
        raise RuntimeError(f"the health view scanned {seen} keys, not {expected}")
    return stall, seconds, findings, idle


def run(ctx: Context) -> list[Row]:
    n = ctx.sizes.scan_keys
    seed_keys(ctx, f"scan{n}-buckets", schema_keys(n), lambda _k: b"x")  # the key list is not kept: no GC ballast
    rates: dict[str, list[float]] = {"project": [], "minio-py": []}
    contenders: list[tuple[str, Callable[[], int]]] = [("project", lambda: project_scan(ctx)),
                                                       ("minio-py", lambda: bare_listing(ctx))]
    for rnd in range(ctx.sizes.scan_repeats):
        k = rnd % 2
        for name, fn in contenders[k:] + contenders[:k]:
            settle()
            with Stopwatch() as sw:
                seen = fn()
            if seen != n:
                raise RuntimeError(f"{name} saw {seen} keys, not {n}")
            rates[name].append(n / sw.seconds)
            ctx.log(f"  round {rnd + 1}: {name:<8} {n:,} keys in {sw.seconds:6.2f} s ({n / sw.seconds:,.0f} keys/s)")
    settle()
    with Stopwatch() as sw:
        scan_peak = traced_peak(lambda: project_scan(ctx))
    ctx.log(f"  peak traced memory of the scan: {scan_peak / 2**20:.1f} MiB ({sw.seconds:.0f} s traced)")
    settle()
    stall, gui_seconds, findings, idle = gui_scan(ctx, n)
    ctx.log(f"  health view: {gui_seconds:.2f} s, {findings} findings, worst stall {stall:.0f} ms")
    return [
        Row(FIGURE, f"health scan of {n:,} keys: keys/s", "keys/s", "higher", rates["project"],
            {"minio-py": rates["minio-py"]}, [Target(0.9, "minio-py")]),
        Row(FIGURE, "peak traced memory during the scan (tracemalloc)", "MiB", "lower", [scan_peak / 2**20], {},
            note="one traced run (tracing is slow); the bare listing's own peak is about one page of objects"),
        Row(FIGURE, "worst GUI stall while the health view scans", "ms", "lower", [stall], {}, [Target(50.0)],
            note=f"scan started in the window until scanFinished: {gui_seconds:.1f} s, {findings} findings; "
                 f"the idle event loop stalled up to {idle:.0f} ms just before"),
    ]
