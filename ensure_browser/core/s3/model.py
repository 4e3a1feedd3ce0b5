"""What the data path answers: listing entries, object stats, upload results, multipart uploads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

ProgressFn = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One listing entry: an object, or a common prefix (``is_prefix``) ending in ``/``.
    ``size_known`` False: the server's listing gave no readable size (``size`` is 0 then)."""

    bucket: str
    key: str
    size: int = 0
    last_modified: datetime | None = None
    etag: str | None = None
    is_prefix: bool = False
    size_known: bool = True

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
    checksum: str = ""  # x-amz-checksum-crc32 as answered (a GET asks for it); "...-N": a composite one
    encrypted: bool = False  # see headers.is_encrypted: the ETag is then no MD5 of the bytes
    encryption: str = ""  # x-amz-server-side-encryption as answered: "AES256" (SSE-S3), "aws:kms", or ""
    kms_key_id: str = ""  # with "aws:kms": the key, where the server names it
    sha256: str = ""  # x-amz-checksum-sha256 as answered (a single PUT's, see put_single); "...-N": composite


_HEX32 = re.compile("[0-9a-fA-F]{32}")


def is_md5_etag(etag: str) -> bool:
    """True for the ETag of a single PUT (the hex MD5 of the bytes), not a multipart ``...-N`` one."""
    return len(etag) == 32 and _HEX32.fullmatch(etag) is not None


@dataclass(frozen=True)
class UploadResult:
    """``etag``: what the server answered; ``local_etag``: the ETag the bytes sent must have (their
    MD5, or ``md5(part md5s)-N`` for a multipart upload; empty for a single PUT whose checksum the
    server checked and answered, see ``UploadMixin._put``); ``checksum`` / ``local_checksum``: the
    CRC32 (a multipart upload's composite one) as the server answered it (empty when it did not) and
    as the bytes sent give it (empty when the upload had no checksums); ``encrypted``: the answer
    said the object is encrypted (``x-amz-server-side-encryption*``), so its ETag is no checksum of
    the bytes (SSE-KMS, SSE-C); ``created``: this write created the object (a create-only write, on a
    server known to refuse one over an existing object; see :mod:`.create_only`), so it replaced none.

    Three outcomes: :attr:`verified` (proof that the stored bytes are the ones sent),
    :attr:`disproved` (proof that they differ), or neither (nothing could be compared)."""

    bucket: str
    key: str
    etag: str
    size: int
    local_etag: str
    checksum: str = ""
    local_checksum: str = ""
    encrypted: bool = False
    created: bool = False

    @property
    def _checksums(self) -> bool:
        return bool(self.checksum and self.local_checksum)

    @property
    def _etags(self) -> bool:
        """The ETag tells something of the bytes: not encrypted, and of the form computed (an MD5, or
        a multipart ``...-N`` with as many parts)."""
        if self.encrypted or not self.etag or not self.local_etag:
            return False
        if is_md5_etag(self.local_etag):
            return is_md5_etag(self.etag)
        return "-" in self.etag and self.etag.rsplit("-", 1)[1] == self.local_etag.rsplit("-", 1)[1]

    @property
    def verified(self) -> bool:
        """A matching checksum is proof; without one, an ETag that is a checksum of the bytes and
        matches the one computed."""
        if self._checksums:
            return self.checksum == self.local_checksum
        return self._etags and self.etag.lower() == self.local_etag.lower()

    @property
    def disproved(self) -> bool:
        """The server's answer proves that the stored bytes differ from the ones sent: the checksum,
        or (without one) an ETag that is a checksum of the bytes, differs."""
        if self._checksums:
            return self.checksum != self.local_checksum
        return self._etags and self.etag.lower() != self.local_etag.lower()


@dataclass(frozen=True)
class MultipartUploadInfo:
    bucket: str
    key: str
    upload_id: str
    initiated: datetime | None
