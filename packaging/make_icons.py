"""Render the application icon from its one source, ``resources/icons/ensure-browser.svg``.

Writes (all committed, so builds need nothing but this repository):

* ``resources/icons/hicolor/<N>x<N>/apps/org.ensurestudy.EnsureBrowser.png`` for the freedesktop icon
  theme (16 ... 512 px);
* ``resources/icons/ensure-browser.ico`` (Windows: PyInstaller ``icon=``, Inno Setup/WiX) and
  ``resources/icons/ensure-browser.icns`` (macOS: the ``.app`` bundle), both holding PNG images, the
  way Windows Vista+ and ``iconutil`` write them;
* the package's copies, ``ensure_browser/resources/icons/ensure-browser.svg`` (the window icon) and
  ``ensure-browser.png`` (256 px), which the wheel and the frozen app carry.

``--check`` writes nothing: it fails when a generated file is missing, has the wrong size, or the
package's SVG differs from the source (someone edited the copy instead of the source).
``--iconset DIR`` also writes a macOS ``.iconset`` folder for ``iconutil -c icns DIR``.

Run it with the project's interpreter: ``.venv/bin/python packaging/make_icons.py``.
"""

from __future__ import annotations

import argparse
import logging
import os
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "resources" / "icons"
SOURCE = ICONS / "ensure-browser.svg"
APP_ID = "org.ensurestudy.EnsureBrowser"
HICOLOR_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PACKAGE_ICONS = REPO / "ensure_browser" / "resources" / "icons"
PACKAGE_PNG_SIZE = 256
ICO = ICONS / "ensure-browser.ico"
ICNS = ICONS / "ensure-browser.icns"
# ICNS element types holding PNG data, as iconutil writes them: (type, pixel size, iconset file name).
ICNS_ELEMENTS = (
    (b"icp4", 16, "icon_16x16.png"),
    (b"ic11", 32, "icon_16x16@2x.png"),
    (b"icp5", 32, "icon_32x32.png"),
    (b"ic12", 64, "icon_32x32@2x.png"),
    (b"ic07", 128, "icon_128x128.png"),
    (b"ic13", 256, "icon_128x128@2x.png"),
    (b"ic08", 256, "icon_256x256.png"),
    (b"ic14", 512, "icon_256x256@2x.png"),
    (b"ic09", 512, "icon_512x512.png"),
    (b"ic10", 1024, "icon_512x512@2x.png"),
)


def hicolor_path(size: int, root: Path = ICONS) -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn on a transparent ``size`` x ``size`` square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    writer.setCompression(100)  # Qt 6 scale: 0 (none) to 100 (smallest)
    if not writer.write(image.convertToFormat(QImage.Format.Format_ARGB32)):
        raise ValueError(f"cannot encode a {size} px PNG: {writer.errorString()}")
    return bytes(buffer.data().data())


def ico_bytes(images: Iterable[tuple[int, bytes]]) -> bytes:
    """A Windows .ico holding PNG-compressed images (``(size, png)``, size <= 256)."""
    entries = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory, blobs = b"", b""
    for size, png in entries:
        if not 0 < size <= 256:
            raise ValueError(f"an .ico image is at most 256 px, not {size}")
        side = 0 if size == 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + directory + blobs


def icns_bytes(elements: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A macOS .icns from ``(type, png)`` elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)
    print(f"wrote {path.relative_to(REPO)}")


def generate(iconset: Path | None = None) -> None:
    _app()
    svg = SOURCE.read_bytes()
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = render_png(SOURCE, size)
        return cache[size]

    _write(PACKAGE_ICONS / "ensure-browser.svg", svg)
    _write(PACKAGE_ICONS / "ensure-browser.png", png(PACKAGE_PNG_SIZE))
    for size in HICOLOR_SIZES:
        _write(hicolor_path(size), png(size))
    _write(ICO, ico_bytes((size, png(size)) for size in ICO_SIZES))
    _write(ICNS, icns_bytes((kind, png(size)) for kind, size, _name in ICNS_ELEMENTS))
    if iconset is not None:
        for _kind, size, name in ICNS_ELEMENTS:
            _write(iconset / name, png(size))


def problems() -> list[str]:
    """What is missing or stale among the generated files (empty when all is well)."""
    _app()
    from PySide6.QtGui import QImageReader

    found: list[str] = []

    def image_sizes(path: Path) -> list[int]:
        reader = QImageReader(str(path))
        sizes: list[int] = []
        for index in range(max(1, reader.imageCount())):
            reader.jumpToImage(index)
            image = reader.read()
            if image.isNull():
                found.append(f"{path.relative_to(REPO)}: image {index} unreadable ({reader.errorString()})")
                return sizes
            if image.width() != image.height():
                found.append(f"{path.relative_to(REPO)}: image {index} is not square")
            sizes.append(image.width())
        return sizes

    copy = PACKAGE_ICONS / "ensure-browser.svg"
    if not copy.is_file() or copy.read_bytes() != SOURCE.read_bytes():
        found.append(f"{copy.relative_to(REPO)} differs from {SOURCE.relative_to(REPO)}: edit the source and "
                     "run packaging/make_icons.py")
    expected = [(hicolor_path(size), [size]) for size in HICOLOR_SIZES]
    expected.append((PACKAGE_ICONS / "ensure-browser.png", [PACKAGE_PNG_SIZE]))
    expected.append((ICO, list(ICO_SIZES)))
    for path, sizes in expected:
        if not path.is_file():
            found.append(f"{path.relative_to(REPO)} is missing: run packaging/make_icons.py")
        elif sorted(image_sizes(path)) != sorted(sizes):
            found.append(f"{path.relative_to(REPO)} holds sizes {image_sizes(path)}, expected {sizes}")
    if not ICNS.is_file():
        found.append(f"{ICNS.relative_to(REPO)} is missing: run packaging/make_icons.py")
    elif ICNS.read_bytes()[:4] != b"icns" or struct.unpack(">I", ICNS.read_bytes()[4:8])[0] != ICNS.stat().st_size:
        found.append(f"{ICNS.relative_to(REPO)} is not a well-formed .icns")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="verify the generated files, write nothing")
    parser.add_argument("--iconset", type=Path, metavar="DIR", help="also write a macOS .iconset for iconutil")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        if not found:
            print("icons: up to date")
        return 1 if found else 0
    generate(args.iconset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
