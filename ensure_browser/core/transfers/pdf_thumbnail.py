"""Thumbnails of materials without Qt: page 1 rendered by PDFium (``pypdfium2``, the engine QtPdf
wraps too) and written as PNG, 320 pixels wide as the window makes them. The command line's
renderer; the window keeps QtPdf's (``ui/preview/pdf_render.thumbnail_png``)."""

from __future__ import annotations

import struct
import threading
import zlib

THUMBNAIL_WIDTH = 320
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_rgb(width: int, height: int, rows: bytes, stride: int) -> bytes:
    """An 8-bit RGB PNG of ``height`` rows of ``stride`` bytes (``width`` * 3 used of each)."""
    used = width * 3
    raw = b"".join(b"\x00" + rows[y * stride:y * stride + used] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + \
        _chunk(b"IEND", b"")


def thumbnail_png(pdf: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """Page 1 of ``pdf`` as a PNG ``width`` pixels wide on white. ``ValueError`` with the reason for
    a PDF that cannot be read (malformed, encrypted, no pages)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise ValueError(f"Cannot read the PDF: {str(exc).rstrip('.')}.") from exc
        try:
            if len(doc) == 0:
                raise ValueError("The PDF has no pages.")
            page = doc[0]
            try:
                page_width, _height = page.get_size()
                if page_width <= 0:
                    raise ValueError("The PDF's first page has no width.")
                bitmap = page.render(scale=width / page_width, fill_color=(255, 255, 255, 255),
                                     rev_byteorder=True, may_draw_forms=True)
                try:
                    if bitmap.n_channels != 3:
                        raise ValueError(f"PDFium rendered {bitmap.n_channels} channels, not RGB.")
                    return png_rgb(bitmap.width, bitmap.height, bytes(bitmap.buffer), bitmap.stride)
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()
