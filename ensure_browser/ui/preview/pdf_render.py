"""Render one PDF page to PNG bytes with QtPdf (PDFium).

Used for thumbnails (demo data, drag-and-drop uploads, thumbnail regeneration) and OCR page images.
Safe in worker threads: every Qt object is created, used and destroyed in the calling thread, the
document is loaded synchronously from an in-memory ``QBuffer`` and nothing waits for an event loop.
A ``QGuiApplication`` must exist (PDFium rendering and fonts need it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtPdf import QPdfDocument

log = logging.getLogger(__name__)

_ERRORS = {
    QPdfDocument.Error.IncorrectPassword: "the PDF is encrypted (password protected)",
    QPdfDocument.Error.UnsupportedSecurityScheme: "the PDF uses an unsupported security scheme",
    QPdfDocument.Error.InvalidFileFormat: "the data is not a valid PDF",
    QPdfDocument.Error.DataNotYetAvailable: "the PDF is incomplete",
    QPdfDocument.Error.FileNotFound: "the PDF could not be read",
    QPdfDocument.Error.Unknown: "the PDF could not be read",
}


def page_size_for_width(width_pt: float, height_pt: float, max_width: int) -> QSize:
    """Pixel size of a page ``width_pt`` x ``height_pt`` points rendered ``max_width`` pixels wide."""
    if width_pt <= 0 or height_pt <= 0:
        raise ValueError("The PDF page has no size.")
    return QSize(max_width, max(1, round(max_width * height_pt / width_pt)))


@contextmanager
def open_pdf(pdf_bytes: bytes) -> Iterator[QPdfDocument]:
    """Load ``pdf_bytes`` synchronously in the calling thread; the document is closed afterwards.

    Raises ``ValueError`` with a human message ("Cannot read the PDF: the PDF is encrypted ...")
    when the data is empty, malformed or encrypted.
    """
    if not pdf_bytes:
        raise ValueError("Cannot read the PDF: the file is empty.")
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    try:
        doc.load(buffer)  # a random-access QBuffer with all the data: loads without an event loop
        if doc.status() != QPdfDocument.Status.Ready:
            reason = _ERRORS.get(doc.error(), "the PDF could not be read")
            raise ValueError(f"Cannot read the PDF: {reason}.")
        yield doc
    finally:
        doc.close()
        buffer.close()


def render_pdf_image(pdf_bytes: bytes, page: int = 0, max_width: int = 320) -> QImage:
    """Page ``page`` (0-based) of ``pdf_bytes`` as an opaque image ``max_width`` pixels wide.

    Raises ``ValueError`` with a human message for a malformed or encrypted PDF or a missing page,
    ``RuntimeError`` when no ``QGuiApplication`` exists.
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError("Rendering a PDF needs a QGuiApplication.")
    if max_width < 1:
        raise ValueError("The image width must be at least one pixel.")
    with open_pdf(pdf_bytes) as doc:
        count = doc.pageCount()
        if not 0 <= page < count:
            raise ValueError(f"Cannot render page {page + 1}: the PDF has {count} page(s).")
        point_size = doc.pagePointSize(page)
        size = page_size_for_width(point_size.width(), point_size.height(), max_width)
        rendered = doc.render(page, size)
    if rendered.isNull():
        raise ValueError(f"Cannot render page {page + 1} of the PDF.")
    # PDFium leaves unpainted areas transparent: put the page on white paper.
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def image_to_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise ValueError(f"The image could not be encoded as PNG: {writer.errorString()}.")
    return bytes(buffer.data().data())


def render_pdf_page_png(pdf_bytes: bytes, page: int = 0, max_width: int = 320) -> bytes:
    """PNG bytes of page ``page`` (0-based) of ``pdf_bytes``, ``max_width`` pixels wide.

    The height follows the page's aspect ratio. Raises ``ValueError`` for a malformed or encrypted
    PDF or a page out of range.
    """
    png = image_to_png(render_pdf_image(pdf_bytes, page, max_width))
    log.debug("rendered PDF page %d to a %d-byte PNG", page + 1, len(png))
    return png


def thumbnail_png(pdf_bytes: bytes) -> bytes:
    """The thumbnail of a material: page 1 as PNG, 320 pixels wide (uploads, thumbnail regeneration)."""
    return render_pdf_page_png(pdf_bytes, 0, 320)
