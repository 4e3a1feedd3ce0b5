"""The answers of a multipart upload's calls (CreateMultipartUpload, ListParts,
CompleteMultipartUpload), read with :mod:`xml.etree` with or without the S3 namespace (``rclone serve
s3`` leaves it out, and names one answer differently: see ``_root``). An answer that is not what the
call answers raises ``ET.ParseError`` (the caller's error translation makes it "did not answer like an
S3 server")."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


def _root(data: bytes, name: str) -> ET.Element:
    """The answer's root element, named ``name`` or ``name`` + ``Result`` (``rclone serve s3``
    answers ``InitiateMultipartUpload``)."""
    root = ET.fromstring(data)
    if root.tag.rpartition("}")[2] not in (name, name + "Result"):
        raise ET.ParseError(f"expected {name}Result, got {root.tag[:80]!r}")
    return root


def upload_id_of(data: bytes) -> str:
    """The upload id a CreateMultipartUpload answered."""
    upload_id = (_root(data, "InitiateMultipartUpload").findtext("{*}UploadId") or "").strip()
    if not upload_id:
        raise ET.ParseError("InitiateMultipartUploadResult without an UploadId")
    return upload_id


@dataclass(frozen=True)
class PartsPage:
    """One ListParts answer: part number -> (ETag without quotes, size)."""

    parts: dict[int, tuple[str, int]] = field(default_factory=dict)
    truncated: bool = False
    next_marker: int = 0


def _int(text: str | None) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


def parts_page(data: bytes) -> PartsPage:
    """One ListParts answer (a part without a number is left out)."""
    root = _root(data, "ListParts")
    parts: dict[int, tuple[str, int]] = {}
    for part in root.iterfind("{*}Part"):
        number = _int(part.findtext("{*}PartNumber"))
        if number > 0:
            parts[number] = ((part.findtext("{*}ETag") or "").strip().strip('"'), _int(part.findtext("{*}Size")))
    truncated = (root.findtext("{*}IsTruncated") or "").strip().lower() == "true"
    return PartsPage(parts, truncated, _int(root.findtext("{*}NextPartNumberMarker")))


def completed(data: bytes) -> tuple[str, str]:
    """The object's ETag (without quotes) and composite CRC32 (empty when none) a
    CompleteMultipartUpload answered."""
    root = _root(data, "CompleteMultipartUpload")
    return ((root.findtext("{*}ETag") or "").strip().strip('"'),
            (root.findtext("{*}ChecksumCRC32") or "").strip())
