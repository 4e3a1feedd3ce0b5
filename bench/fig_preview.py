"""Figure 4: from selecting a material to seeing its thumbnail, and to seeing the first PDF page.

Materials are real PDFs (``samples.write_pdf``) with thumbnails rendered by QtPdf, stored under the
schema's keys. Measured in the offscreen QApplication, one selection at a time:

* preview pane: ``PreviewPane.show_node(material)`` until the thumbnail is shown (``loaded``); the
  pane keeps no cache, so this is the uncached path;
* tree thumbnails (``ThumbnailCache``, what the trees paint): uncached (empty memory and disk
  cache), disk-cached (a new cache over the same directory, as after a restart) and memory-cached
  (the same cache asked again);
* "Open PDF" in the pane until ``loaded("pdf")``, and until the first page is really painted
  (the viewer's pixels are polled for dark text pixels).

There is no peer for these: targets are absolute.
"""

from __future__ import annotations

import shutil
import time
import uuid
from dataclasses import dataclass

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from bench.gui import dispose, drain_workers, qt_app, spin_until
from bench.harness import Context, Row, Target, seed_keys, settle
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import DEFAULT_NAMES
from ensure_browser.ui.preview.pane import PreviewPane
from ensure_browser.ui.preview.thumbnails import STATE, ThumbnailCache
from ensure_browser.ui.trees.tree_model import Node

FIGURE = "preview"
CLASSROOM = "bench-class"
TIMEOUT = 30.0
PDF_SAMPLES = 10  # "Open PDF" measurements (each loads the whole viewer)
PAINTED = 1000  # dark pixels more than the empty viewer: the first page's text is on screen


@dataclass(frozen=True)
class Material:
    bucket: str
    key: str
    size: int


def seed(ctx: Context) -> list[Material]:
    from ensure_browser.demo.samples import MATERIALS, THUMB_WIDTH, write_pdf
    from ensure_browser.ui.preview.pdf_render import render_pdf_page_png

    docs = [doc for group in MATERIALS.values() for doc in group]
    pdfs = [write_pdf(doc).data for doc in docs]
    thumbs = [render_pdf_page_png(pdf, 0, THUMB_WIDTH) for pdf in pdfs]
    ns = uuid.UUID("6f1c1a52-9a53-4c4a-8f0e-3f3f5b0e8a11")  # stable ids: reused by --data-dir
    items: list[tuple[str, str]] = []
    payload: dict[str, bytes] = {}
    materials: list[Material] = []
    for i in range(ctx.sizes.materials):
        doc_id = str(uuid.uuid5(ns, f"material-{i}"))
        bucket, key = key_for("material", DEFAULT_NAMES, classroom_id=CLASSROOM, document_id=doc_id)
        _tb, thumb_key = key_for("thumbnail", DEFAULT_NAMES, classroom_id=CLASSROOM, document_id=doc_id)
        data = pdfs[i % len(pdfs)]
        payload[key], payload[thumb_key] = data, thumbs[i % len(thumbs)]
        items += [(bucket, key), (bucket, thumb_key)]
        materials.append(Material(bucket, key, len(data)))
    seed_keys(ctx, f"preview-{len(materials)}", items, lambda k: payload[k], threads=8)
    return materials


def _node(m: Material) -> Node:
    return Node(label=m.key.rsplit("/", 1)[-1], kind="material", kind_label="Material", bucket=m.bucket,
                key=m.key, size=m.size)


def cache_round(ctx: Context, materials: list[Material], cache: ThumbnailCache, expect: str) -> list[float]:
    """Ask ``cache`` for each material's thumbnail, one at a time; ms until its icon is set."""
    out: list[float] = []
    for m in materials:
        node = _node(m)
        t0 = time.perf_counter()
        pixmap = cache.request(node)
        def arrived(n: Node = node) -> bool:
            return n.extra.get(STATE) in ("done", "none")

        if pixmap is None and not spin_until(arrived, TIMEOUT):
            raise RuntimeError(f"no thumbnail for {m.key} in {TIMEOUT:.0f} s")
        out.append((time.perf_counter() - t0) * 1000)
        if pixmap is None and node.extra.get(STATE) != "done":
            raise RuntimeError(f"the thumbnail of {m.key} failed to load")
    before = dict(cache.stats)
    ctx.log(f"  thumbnail cache ({expect}): stats {before}")
    return out


def dark_pixels(widget: QWidget) -> int:
    """How many pixels of ``widget`` are dark (text): proof that a PDF page was painted."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(image.constBits())
    return len(data.translate(None, bytes(range(128, 256))))


def run(ctx: Context) -> list[Row]:
    qt_app()
    materials = seed(ctx)
    names = DEFAULT_NAMES
    storage = ctx.storage
    disk = ctx.scratch / "thumbnail-cache"
    shutil.rmtree(disk, ignore_errors=True)

    settle()
    cache = ThumbnailCache(storage, names, disk_dir=disk)
    uncached = cache_round(ctx, materials, cache, "uncached")
    memory = cache_round(ctx, materials, cache, "memory")
    cache.deleteLater()
    cache2 = ThumbnailCache(storage, names, disk_dir=disk)
    on_disk = cache_round(ctx, materials, cache2, "disk")
    cache2.deleteLater()

    pane = PreviewPane()
    pane.resize(520, 760)
    pane.show()
    seen: list[str] = []
    pane.loaded.connect(seen.append)
    pane.failed.connect(lambda msg: seen.append("failed: " + msg))
    thumb_ms: list[float] = []
    pdf_loaded_ms: list[float] = []
    pdf_painted_ms: list[float] = []
    # The empty viewer's own dark pixels (frame, scroll bars): a painted page adds thousands.
    pane.stack.setCurrentWidget(pane.pdf_view)
    spin_until(lambda: False, 0.2)
    baseline = dark_pixels(pane.pdf_view.view.viewport())
    settle()
    for i, m in enumerate(materials):
        seen.clear()
        t0 = time.perf_counter()
        pane.show_node(_node(m), storage, names)
        if not spin_until(lambda: bool(seen), TIMEOUT) or seen[0] != "material":
            raise RuntimeError(f"the pane did not show the material {m.key}: {seen}")
        thumb_ms.append((time.perf_counter() - t0) * 1000)
        if pane.thumbnail_view.isHidden() or not pane.material_notice.isHidden():
            raise RuntimeError(f"the thumbnail of {m.key} is not shown: {pane.material_notice.text()}")
        if i < PDF_SAMPLES:
            seen.clear()
            t0 = time.perf_counter()
            pane.open_material_pdf()
            if not spin_until(lambda: "pdf" in seen or any(s.startswith("failed") for s in seen), TIMEOUT):
                raise RuntimeError(f"the PDF of {m.key} did not open")
            if "pdf" not in seen:
                raise RuntimeError(f"the PDF of {m.key} failed: {seen}")
            pdf_loaded_ms.append((time.perf_counter() - t0) * 1000)
            viewport = pane.pdf_view.view.viewport()

            def painted(vp: QWidget = viewport) -> bool:
                return dark_pixels(vp) > baseline + PAINTED

            if not spin_until(painted, TIMEOUT, poll_ms=2):
                raise RuntimeError(f"the first page of {m.key} was never painted")
            pdf_painted_ms.append((time.perf_counter() - t0) * 1000)
    pane.show_node(None)
    dispose(pane)
    drain_workers()
    n = len(materials)
    return [
        Row(FIGURE, f"select material -> thumbnail shown in the preview pane ({n})", "ms", "lower", thumb_ms, {},
            [Target(100.0)], note=f"p90 {_p90(thumb_ms):.0f} ms; the pane has no cache: every selection reads"),
        Row(FIGURE, "tree thumbnail (ThumbnailCache), uncached", "ms", "lower", uncached, {}, [Target(100.0)],
            note=f"p90 {_p90(uncached):.0f} ms"),
        Row(FIGURE, "tree thumbnail, cached in memory", "ms", "lower", memory, {}, [Target(16.0)],
            note=f"p90 {_p90(memory):.2f} ms"),
        Row(FIGURE, "tree thumbnail, cached on disk (after a restart)", "ms", "lower", on_disk, {}, [Target(16.0)],
            note=f"p90 {_p90(on_disk):.0f} ms"),
        Row(FIGURE, f"Open PDF -> viewer loaded ({len(pdf_loaded_ms)})", "ms", "lower", pdf_loaded_ms, {}),
        Row(FIGURE, "Open PDF -> first page painted", "ms", "lower", pdf_painted_ms, {},
            note=f"p90 {_p90(pdf_painted_ms):.0f} ms"),
    ]


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))] if ordered else float("nan")
