"""What the data path answers: listing entries, object stats, upload results, multipart uploads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

ProgressFn = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One listing entry: an object, or a common prefix (``is_prefix``) ending in ``/``."""

    bucket: str
    key: str
    size: int = 0
    last_modified: datetime | None = None
    etag: str | None = None
    is_prefix: bool = False

    @property
    def name(self) -> str:
        """The last path segment (for a prefix: without the trailing slash)."""
        stripped = self.key[:-1] if self.is_prefix and self.key.endswith("/") else self.key
        return stripped.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ObjectStat:
    bucket: str
    key: str
    size: int
    etag: str
    content_type: str
    last_modified: datetime | None
    metadata: dict[str, str]  # user metadata, lower-case names without the x-amz-meta- prefix
    version_id: str | None = None


@dataclass(frozen=True)
class UploadResult:
    """``etag``: what the server answered; ``local_etag``: the ETag the bytes sent must have (their
    MD5, or ``md5(part md5s)-N`` for a multipart upload; empty for a single PUT whose checksum the
    server checked and answered, see :meth:`Storage._put`); ``checksum`` / ``local_checksum``: the
    CRC32 (a multipart upload's composite one) as the server answered it (empty when it did not) and
    as the bytes sent give it (empty when the upload had no checksums)."""

    bucket: str
    key: str
    etag: str
    size: int
    local_etag: str
    checksum: str = ""
    local_checksum: str = ""

    @property
    def verified(self) -> bool:
        """The server's answers match the bytes sent: the ETag where one was computed, the checksum
        where both sides have one, and at least one of the two."""
        if not self.etag:
            return False
        etag_checked = bool(self.local_etag)
        if etag_checked and self.etag.lower() != self.local_etag.lower():
            return False
        if self.checksum and self.local_checksum:
            return self.checksum == self.local_checksum
        return etag_checked


@dataclass(frozen=True)
class MultipartUploadInfo:
    bucket: str
    key: str
    upload_id: str
    initiated: datetime | None
