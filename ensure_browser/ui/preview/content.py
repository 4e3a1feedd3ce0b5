"""Turning capped object bytes into something a preview can show, safely, in a worker thread.

Everything here runs in the ``preview`` pool: images are decoded with ``QImageReader`` under Qt's
allocation limit after their header says how large they are, PDFs are opened with QtPdf to count
their pages, JSON is parsed and pretty-printed, text is decoded with errors replaced. Failures raise
:class:`PreviewError` with a message for people; nothing here touches a widget.
"""

from __future__ import annotations

import codecs
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, tr

log = logging.getLogger(__name__)

MiB = 1024 * 1024



@dataclass(frozen=True)
class PreviewLimits:
    """How much a preview may read and decode. Larger objects are refused or shown truncated."""

    pdf: int = 50 * MiB
    json: int = 5 * MiB
    text: int = 5 * MiB
    image: int = 20 * MiB
    image_allocation_mib: int = 256  # QImageReader's allocation limit (decoded size)
    json_children_shown: int = 1000  # children of one JSON node listed in the tree


class PreviewError(Exception):
    """A preview that cannot be shown; ``message`` is for people."""

    expected = True  # an outcome, not a crash: workers log it without a traceback

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- images -------------------------------------------------------------------------------------------


def _buffer(data: bytes) -> QBuffer:
    """``data`` as an open, read-only QIODevice (close it when done)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


def _require(data: bytes, truncated: bool, too_large: str, empty: str) -> None:
    if truncated:
        raise PreviewError(too_large)
    if not data:
        raise PreviewError(empty)


def _reader(data: bytes, allocation_mib: int) -> tuple[QImageReader, QBuffer]:
    QImageReader.setAllocationLimit(allocation_mib)
    buffer = _buffer(data)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    return reader, buffer


def decode_image(data: bytes, limits: PreviewLimits, *, truncated: bool = False) -> QImage:
    """Decode ``data`` into a QImage; refuse non-images and images too large to decode."""
    _require(data, truncated, tr("The image is larger than {0}; download it to view it.").format(
        formats.size(limits.image)), tr("The file is empty: not a valid image."))
    reader, buffer = _reader(data, limits.image_allocation_mib)
    try:
        if not reader.canRead():
            raise PreviewError(tr("This is not a valid image (unknown or damaged format)."))
        size = reader.size()
        if size.isValid():
            decoded = size.width() * size.height() * 4
            if decoded > limits.image_allocation_mib * MiB:
                raise PreviewError(
                    tr("The image is {0} × {1} pixels ({2} decoded), more than the {3} a preview may "
                       "use. Download it to open it elsewhere.").format(
                        size.width(), size.height(), formats.size(decoded),
                        formats.size(limits.image_allocation_mib * MiB))
                )
        image = reader.read()
        if image.isNull():
            raise PreviewError(tr("This is not a valid image: {0}.").format(reader.errorString()))
        return image
    finally:
        buffer.close()


def scaled_image(image: QImage, max_side: int) -> QImage:
    """``image`` shrunk (never enlarged) so that neither side exceeds ``max_side``."""
    from PySide6.QtCore import Qt

    if image.width() <= max_side and image.height() <= max_side:
        return image
    return image.scaled(max_side, max_side, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


# -- PDF ------------------------------------------------------------------------------------------------

_PDF_ERRORS = {  # QPdfDocument.Error names: QtPdf is imported only when a PDF is checked (it may be missing)
    "IncorrectPassword": QT_TR_NOOP("the PDF is encrypted (password protected)"),
    "UnsupportedSecurityScheme": QT_TR_NOOP("the PDF uses an unsupported security scheme"),
    "InvalidFileFormat": QT_TR_NOOP("the data is not a valid PDF (damaged or incomplete)"),
    "DataNotYetAvailable": QT_TR_NOOP("the PDF is incomplete"),
}


@dataclass(frozen=True)
class PdfContent:
    data: bytes
    pages: int


def check_pdf(data: bytes, limits: PreviewLimits, *, truncated: bool = False) -> PdfContent:
    """Open ``data`` with QtPdf (in the worker) to make sure the viewer gets a readable PDF."""
    _require(data, truncated, tr("The PDF is larger than {0}; download it to view it.").format(
        formats.size(limits.pdf)), tr("The file is empty: not a valid PDF."))
    from ensure_browser.ui.preview.optional import pdf_missing

    why = pdf_missing()
    if why is not None:
        raise PreviewError(why.explanation())
    from PySide6.QtPdf import QPdfDocument

    buffer = _buffer(data)
    doc = QPdfDocument()
    try:
        doc.load(buffer)
        if doc.status() != QPdfDocument.Status.Ready:
            reason = _PDF_ERRORS.get(doc.error().name, QT_TR_NOOP("the PDF could not be read"))
            raise PreviewError(tr("Cannot show the PDF: {0}.").format(tr(reason)))
        pages = doc.pageCount()
        if pages < 1:
            raise PreviewError(tr("Cannot show the PDF: it has no pages."))
    finally:
        doc.close()
        buffer.close()
    return PdfContent(data, pages)


# -- text -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextContent:
    text: str
    truncated: bool
    shown_bytes: int
    note: str = ""  # why this is shown as text (e.g. JSON that does not parse)


def decode_text(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 otherwise, undecodable bytes replaced (never an error)."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    return text.replace("\x00", "\ufffd")


def load_text(data: bytes, truncated: bool, note: str = "") -> TextContent:
    return TextContent(decode_text(data), truncated, len(data), note)


# -- JSON -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonContent:
    value: Any
    pretty: str
    summary_title: str = ""
    summary: list[tuple[str, str]] = field(default_factory=list)


def load_json(data: bytes, truncated: bool, limits: PreviewLimits) -> JsonContent | TextContent:
    """Parse JSON; a truncated or malformed file comes back as text with a note saying why."""
    if truncated:
        note = tr("The JSON file is larger than {0}, too large to show as a tree; its beginning is shown "
                  "as text.").format(formats.size(limits.json))
        return load_text(data, True, note)
    if not data:
        return TextContent("", False, 0, tr("The file is empty: not valid JSON."))
    text = decode_text(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return TextContent(text, False, len(data), tr("This is not valid JSON (line {0}, column {1}: {2}); "
                                                      "it is shown as text.").format(exc.lineno, exc.colno,
                                                                                     exc.msg))
    except RecursionError:
        return TextContent(text, False, len(data), tr("This JSON is nested too deeply to show as a tree; "
                                                      "it is shown as text."))
    try:
        pretty = json.dumps(value, indent=2, ensure_ascii=False)
    except RecursionError:
        pretty = text
    title, rows = summarize_json(value)
    return JsonContent(value, pretty, title, rows)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fmt(value: float) -> str:
    return f"{value:.4g}"


QUALITY_FIELDS = ("pages", "mean_confidence", "low_confidence_pages", "status")
METRIC_NAMES = ("accuracy", "f1", "f1_score", "precision", "recall", "auc", "roc_auc", "loss", "val_loss",
                "val_accuracy", "rmse", "mae", "mse", "r2")


def summarize_json(value: Any) -> tuple[str, list[tuple[str, str]]]:
    """A short summary when ``value`` is a recognisable OCR quality report, OCR page or metrics file."""
    if not isinstance(value, dict):
        return "", []
    if sum(1 for f in QUALITY_FIELDS if f in value) >= 2 and (
        "mean_confidence" in value or "low_confidence_pages" in value
    ):
        return tr("OCR quality report"), _quality_rows(value)
    if "blocks" in value and isinstance(value.get("blocks"), list) and ("text" in value or "page" in value):
        rows = []
        if "page" in value:
            rows.append((tr("Page"), str(value["page"])))
        rows.append((tr("Text blocks"), formats.count(len(value["blocks"]))))
        conf = _number(value.get("confidence"))
        if conf is not None:
            rows.append((tr("Confidence"), _fmt(conf)))
        if isinstance(value.get("text"), str):
            rows.append((tr("Characters"), formats.count(len(value['text']))))
        return tr("OCR page"), rows
    nested = value.get("metrics")
    metrics: dict[str, Any] = nested if isinstance(nested, dict) else value
    rows = [(name, _fmt(num)) for name, raw in metrics.items()
            if (num := _number(raw)) is not None and name.lower() in METRIC_NAMES]
    if rows:
        others = [(name, _fmt(num)) for name, raw in metrics.items()
                  if (num := _number(raw)) is not None and name.lower() not in METRIC_NAMES]
        return tr("Model metrics"), rows + others
    return "", []


def _quality_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if "pages" in report:
        rows.append((tr("Pages"), str(report["pages"])))
    mean = _number(report.get("mean_confidence"))
    if mean is not None:
        rows.append((tr("Mean confidence"), _fmt(mean)))
    low = report.get("low_confidence_pages")
    if isinstance(low, list):
        rows.append((tr("Low-confidence pages"), ", ".join(str(p) for p in low) if low else tr("none")))
    if "status" in report:
        rows.append((tr("Status"), str(report["status"])))
    return rows
