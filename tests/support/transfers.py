"""Test data for transfer tests: a minimal valid PDF, a tiny PNG renderer, fast big files."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path


def make_pdf(text: str = "Hello", width: int = 200, height: int = 300) -> bytes:
    """A small, valid one-page PDF (with a correct xref table) that PDF readers render."""
    stream = f"BT /F1 24 Tf 20 {height - 60} Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_png(_pdf: bytes = b"") -> bytes:
    """A 1x1 white PNG: a stand-in thumbnail renderer for Qt-free tests."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def write_big_file(path: Path, size: int, seed: int = 0) -> str:
    """Write ``size`` bytes of varied (not all-zero) content fast; returns the sha256."""
    block = hashlib.sha256(str(seed).encode()).digest() * (1024 * 1024 // 32)  # 1 MiB
    sha = hashlib.sha256()
    with open(path, "wb") as fh:
        written = 0
        n = 0
        while written < size:
            piece = (n.to_bytes(8, "big") + block)[: min(len(block), size - written)]
            fh.write(piece)
            sha.update(piece)
            written += len(piece)
            n += 1
    return sha.hexdigest()


def sha256_file(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            sha.update(chunk)
    return sha.hexdigest()


class PrefixEntry:
    """A listing entry for a common prefix (what ``Storage.list_level`` yields for folders)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.is_prefix = True
        self.size = 0
        self.last_modified = None
        self.etag = None
