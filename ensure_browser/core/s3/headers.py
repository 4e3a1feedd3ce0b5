"""Request and response headers: user metadata (RFC 2047 for non-ASCII), ``Last-Modified`` dates,
ETags and CRC32 checksums as S3 carries them."""

from __future__ import annotations

import base64
import hashlib
import logging
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ensure_browser.core.s3.model import ObjectStat

log = logging.getLogger(__name__)

Headers = dict[str, str | list[str] | tuple[str]]  # request headers as minio-py takes them
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
CHECKSUM_MODE: Headers = {"x-amz-checksum-mode": "ENABLED"}  # a GET or HEAD answers the object's checksum


def encode_meta_value(value: str) -> str:
    """S3 user metadata travels in HTTP headers: non-ASCII values go RFC 2047 (base64) encoded."""
    if value.isascii() and value.isprintable():
        return value
    return "=?UTF-8?B?" + base64.b64encode(value.encode("utf-8")).decode("ascii") + "?="


def decode_meta_value(value: str) -> str:
    if value.startswith("=?UTF-8?B?") and value.endswith("?="):
        try:
            return base64.b64decode(value[10:-2], validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return value
    return value


def encode_metadata(metadata: Mapping[str, str] | None) -> dict[str, str | list[str] | tuple[str]]:
    return {name: encode_meta_value(value) for name, value in (metadata or {}).items()}


def object_headers(content_type: str, metadata: Mapping[str, str] | None = None, *,
                   if_absent: bool = False) -> dict[str, Any]:
    """Headers of a PUT or CreateMultipartUpload; ``if_absent`` adds ``If-None-Match: *``.

    With ``If-None-Match: *`` on a PUT or a CompleteMultipartUpload, a server that supports
    conditional writes (AWS S3, SeaweedFS, MinIO) answers 412 PreconditionFailed when an object
    exists at the key: the check and the write are one atomic step.
    """
    headers: dict[str, Any] = {"Content-Type": content_type}
    for name, value in encode_metadata(metadata).items():
        headers[f"x-amz-meta-{name}"] = value
    if if_absent:
        headers["If-None-Match"] = "*"
    return headers


def user_metadata(headers: Mapping[str, Any]) -> dict[str, str]:
    """The ``x-amz-meta-*`` headers of a response: lower-case names without the prefix, decoded."""
    meta: dict[str, str] = {}
    for name, value in headers.items():
        lname = name.lower()
        if lname.startswith("x-amz-meta-"):
            meta[lname[len("x-amz-meta-") :]] = decode_meta_value(str(value))
    return meta


_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def http_date(value: str) -> datetime | None:
    """The time in a ``Last-Modified`` header, or None (logged) when it is not one.

    S3 servers send IMF-fixdate (``Wed, 02 Dec 2026 21:28:36 GMT``), read here by position:
    minio-py's ``from_http_header`` runs a ``strptime`` under the GIL for every download. Other forms
    go to it; what it refuses is a server's bad header, which must not fail a download whose bytes
    are verified by other means."""
    from minio.time import from_http_header  # minio-py with the first request, not the import

    try:
        if len(value) == 29 and value[3:5] == ", " and value.endswith(" GMT"):
            return datetime(int(value[12:16]), _MONTHS[value[8:11]], int(value[5:7]),
                            int(value[17:19]), int(value[20:22]), int(value[23:25]), tzinfo=UTC)
        return from_http_header(value)
    except (KeyError, ValueError):
        log.debug("not an HTTP date: %r", value)
        return None


def is_encrypted(headers: Mapping[str, Any]) -> bool:
    """The response says that the object is stored encrypted (``x-amz-server-side-encryption``, and
    SSE-C's ``...-customer-algorithm`` ...): its ETag is then no MD5 of the bytes (SSE-KMS, SSE-C)."""
    return any(name.lower().startswith("x-amz-server-side-encryption") for name in headers)


def encryption_of(headers: Mapping[str, Any]) -> tuple[str, str]:
    """The server-side encryption an answer names: ``x-amz-server-side-encryption`` ("AES256",
    "aws:kms"; empty when none or SSE-C) and, for SSE-KMS, its key id (empty when not named)."""
    lower = {str(name).lower(): str(value) for name, value in headers.items()}
    return (lower.get("x-amz-server-side-encryption", ""),
            lower.get("x-amz-server-side-encryption-aws-kms-key-id", ""))


CHECKSUM_CRC32 = "CRC32"  # a multipart upload's parts carry x-amz-checksum-crc32, checked by the server


def crc32_header(crc: int) -> str:
    """A CRC32 as S3's checksum headers and elements carry it (base64 of the 4 big-endian bytes)."""
    return base64.b64encode(crc.to_bytes(4, "big")).decode("ascii")


def composite_crc32_of(part_crcs: Sequence[int]) -> str:
    """The checksum S3 answers for a multipart upload with CRC32 parts: the CRC32 of the parts'
    checksums (their bytes, in part order), then ``-N``."""
    return f"{crc32_header(zlib.crc32(b''.join(c.to_bytes(4, 'big') for c in part_crcs)))}-{len(part_crcs)}"


def multipart_etag_of(part_md5s: Sequence[bytes]) -> str:
    """The S3 ETag of a multipart object from its parts' MD5 digests in order: md5(digests)-N."""
    return f"{hashlib.md5(b''.join(part_md5s)).hexdigest()}-{len(part_md5s)}"


def stat_from_headers(bucket: str, key: str, headers: Mapping[str, Any], offset: int) -> ObjectStat:
    """What a GET's headers say of the object (a ranged one's size is in its ``Content-Range``)."""
    size = int(headers.get("Content-Length") or 0) + offset
    content_range = headers.get("Content-Range") or ""
    if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
        size = int(content_range.rsplit("/", 1)[1])
    modified = headers.get("Last-Modified")
    encryption, kms_key_id = encryption_of(headers)
    return ObjectStat(
        bucket=bucket,
        key=key,
        size=size,
        etag=(headers.get("ETag") or "").strip('"'),
        content_type=headers.get("Content-Type") or "application/octet-stream",
        last_modified=http_date(modified) if modified else None,
        metadata=user_metadata(headers),
        version_id=headers.get("x-amz-version-id"),
        checksum=str(headers.get("x-amz-checksum-crc32") or ""),
        encrypted=is_encrypted(headers),
        encryption=encryption,
        kms_key_id=kms_key_id,
        sha256=str(headers.get("x-amz-checksum-sha256") or ""),
    )
