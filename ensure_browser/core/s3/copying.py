"""Server-side copies: an object, or one version of it, onto another key or onto itself.

The bytes never pass through this machine. minio-py's public ``copy_object`` sends one CopyObject,
or for a source over 5 GiB (the most one CopyObject may copy) a multipart copy (UploadPartCopy, its
public ``compose_object``). Used by rename (the same key with new metadata), copy and move between
classrooms, and restore of an old version (the version copied on top, so no history is lost).

What was confirmed is what is copied: the source is named by the ETag the user saw
(``x-amz-copy-source-if-match``) and, where given, its version id; an object replaced since is not
copied (:class:`SourceChanged`). A server that ignores the copy condition is caught by the HEAD
that precedes every copy (the copy keeps the source's content type and metadata, which the HEAD
reads) and by comparing the copy's ETag with the source's where both are MD5s of the bytes; an
encrypted object's ETag is none (SSE-KMS, SSE-C), so its copy is compared by size and CRC32. A copy
is encrypted as its source is (SSE-S3, or SSE-KMS with the same key: :func:`encrypted_as`).

The destination is written only where nothing is (``If-None-Match: *`` is not a CopyObject header
S3 defines), unless ``replace`` says the caller confirmed writing over it: a copy checks with a
HEAD that the destination is free and refuses with :class:`DestinationExists` otherwise.

``rclone serve s3`` answers a copy onto itself (a rename) with an empty ``<CopyObjectResult>``
after making it: a HEAD then shows whether the object has the metadata written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ensure_browser.core.errors import Conflict, NoSuchKey, ProtocolFailure, StorageError
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.headers import encode_metadata, is_encrypted
from ensure_browser.core.s3.model import ObjectStat, is_md5_etag
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:
    from minio.sse import Sse

log = logging.getLogger(__name__)


class SourceChanged(Conflict):
    """The source no longer has the ETag (or version) that was confirmed: nothing was copied."""


class DestinationExists(Conflict):
    """An object is at the destination key and the copy was not confirmed to replace it."""


@dataclass(frozen=True)
class CopyResult:
    bucket: str
    key: str
    etag: str
    version_id: str | None  # the new version's id on a versioned bucket
    size: int
    encrypted: bool = False  # source or copy stored encrypted: the ETags are no checksums of the bytes
    checksum: str = ""  # the source's CRC32 as the server answered it (empty when it did not)


def same_checksum(one: str, other: str) -> bool:
    """Two answered CRC32s do not contradict each other: equal, or one missing, or of different
    kinds (a multipart object's composite ``...-N`` and a whole-object one cannot be compared)."""
    if not one or not other or ("-" in one) != ("-" in other):
        return True
    return one == other


def encrypted_as(source: ObjectStat) -> Sse | None:
    """The ``sse`` of a copy of ``source``: its SSE-S3 or SSE-KMS (None when it has neither; an
    SSE-C object cannot be copied without its customer key, which this app never has)."""
    if source.encryption in ("AES256", "aws:kms", "aws:kms:dsse"):
        from ensure_browser.core.s3.minio_types import SourceEncryption  # minio-py with the first request

        return SourceEncryption(source.encryption, source.kms_key_id if "kms" in source.encryption else "")
    return None


class CopyMixin(StorageBase):
    """The server-side copy of :class:`~ensure_browser.core.s3.storage.Storage`."""

    def copy(self, src_bucket: str, src_key: str, dst_bucket: str, dst_key: str, *,
             source_etag: str | None = None, source_version_id: str | None = None,
             metadata: Mapping[str, str] | None = None, content_type: str | None = None,
             replace: bool = False) -> CopyResult:
        """Copy ``src_key`` (the version ``source_version_id``, else the latest) to ``dst_key``.

        The copy has the source's content type and user metadata, with ``metadata`` (names without
        ``x-amz-meta-``) and ``content_type`` put over them. ``source_etag``: copy only while the
        source has this ETag (else :class:`SourceChanged`). ``replace``: the destination may be
        written over (always so when it is the source itself); otherwise an object there is kept and
        :class:`DestinationExists` raised."""
        source = self.stat(src_bucket, src_key, source_version_id)
        if source_etag is not None and source.etag.lower() != source_etag.strip('"').lower():
            raise SourceChanged(Text(QT_TR_NOOP("s3://{0}/{1} changed since it was chosen; nothing was copied."),
                                     src_bucket, src_key),
                                f"ETag {source.etag}, expected {source_etag}", code="PreconditionFailed")
        onto_itself = (src_bucket, src_key) == (dst_bucket, dst_key)
        if not replace and not onto_itself:
            self._refuse_existing(dst_bucket, dst_key)
        merged = dict(source.metadata)
        merged.update(metadata or {})
        headers: dict[str, str | list[str] | tuple[str]] = {"Content-Type": content_type or source.content_type}
        headers.update(encode_metadata(merged))
        from minio.commonconfig import REPLACE, CopySource  # minio-py with the first request, not the import

        copy_source = CopySource(src_bucket, src_key, version_id=source_version_id,
                                 match_etag=source.etag)

        def run() -> CopyResult:
            res = self.client.copy_object(dst_bucket, dst_key, copy_source, metadata=headers,
                                          metadata_directive=REPLACE, sse=encrypted_as(source))
            return CopyResult(dst_bucket, dst_key, (res.etag or "").strip('"'), res.version_id, source.size,
                              source.encrypted or is_encrypted(res.http_headers or {}), source.checksum)

        try:
            result = self._call(run, dst_bucket, dst_key)
        except Conflict as err:  # PreconditionFailed: the copy-source condition
            raise SourceChanged(Text(QT_TR_NOOP("s3://{0}/{1} changed since it was chosen; nothing was copied."),
                                     src_bucket, src_key),
                                err.detail, code="PreconditionFailed") from err
        except ProtocolFailure:
            # rclone answers a copy onto itself with an empty <CopyObjectResult> (no ETag) after doing it
            found = self._in_place(dst_bucket, dst_key, source, merged, str(headers["Content-Type"])) \
                if onto_itself and source_version_id is None else None
            if found is None:
                raise
            result = found
        if result.encrypted:
            self._check_encrypted_copy(result, source)
        elif is_md5_etag(source.etag) and is_md5_etag(result.etag) and source.etag.lower() != result.etag.lower():
            log.warning("copy of s3://%s/%s has ETag %s, the source had %s", src_bucket, src_key,
                        result.etag, source.etag)
            raise StorageError(Text(QT_TR_NOOP("The copy at s3://{0}/{1} differs from its source s3://{2}/{3} (the "
                                               "source changed while it was copied)."),
                                    dst_bucket, dst_key, src_bucket, src_key),
                               f"ETag {result.etag}, source {source.etag}")
        return result

    def _check_encrypted_copy(self, result: CopyResult, source: ObjectStat) -> None:
        """An encrypted object's ETag is no checksum of its bytes (SSE-KMS, SSE-C: each write gets one
        of its own), so the copy is compared with its source by size, and by CRC32 where the server
        answers it for both (a HEAD of the copy)."""
        st = self.stat(result.bucket, result.key)
        if st.size != source.size or not same_checksum(st.checksum, source.checksum):
            raise StorageError(Text(QT_TR_NOOP("The copy at s3://{0}/{1} differs from its source s3://{2}/{3} (the "
                                               "source changed while it was copied)."),
                                    result.bucket, result.key, source.bucket, source.key),
                               f"{st.size} bytes, CRC32 {st.checksum or '-'}; source {source.size} bytes, "
                               f"CRC32 {source.checksum or '-'}")

    def _in_place(self, bucket: str, key: str, source: ObjectStat, metadata: Mapping[str, str],
                  content_type: str) -> CopyResult | None:
        """After a copy onto itself whose answer could not be read: the object as a HEAD finds it, when
        it is the source's bytes with the metadata and content type written (else None)."""
        try:
            st = self.stat(bucket, key)
        except StorageError as err:
            log.info("copy of s3://%s/%s onto itself not confirmed: %s", bucket, key, err.message)
            return None
        if (st.etag.lower(), st.size) != (source.etag.lower(), source.size) or st.content_type != content_type \
                or st.metadata != dict(metadata):
            return None
        log.info("copy of s3://%s/%s onto itself: the answer had no ETag; the HEAD shows it done", bucket, key)
        return CopyResult(bucket, key, st.etag, st.version_id, st.size)

    def _refuse_existing(self, bucket: str, key: str) -> None:
        try:
            found = self.stat(bucket, key)
        except NoSuchKey:
            return
        raise DestinationExists(Text(QT_TR_NOOP("s3://{0}/{1} already exists; it was kept and nothing was copied."),
                                     bucket, key),
                                f"ETag {found.etag}", code="DestinationExists")
