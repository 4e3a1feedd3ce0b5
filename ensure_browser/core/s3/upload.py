"""Uploads: one PUT checked by its CRC32 (and MD5 until the server shows it checks the CRC32), or a
multipart upload with parts in parallel, resumable, each part checked by the server; create-only
uploads guarded where the server may ignore ``If-None-Match`` (see :mod:`.create_only`)."""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import os
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, SignInRequired, StorageError
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.complete_lost import Expected, complete_reconciled, upload_gone
from ensure_browser.core.s3.create_upload import create_upload
from ensure_browser.core.s3.headers import (
    CHECKSUM_CRC32,
    UNSIGNED_PAYLOAD,
    composite_crc32_of,
    crc32_header,
    is_encrypted,
    multipart_etag_of,
    object_headers,
)
from ensure_browser.core.s3.localfiles import check_unchanged, md5_of_file, read_part, stat_local
from ensure_browser.core.s3.model import MultipartUploadInfo, ProgressFn, UploadResult, is_md5_etag
from ensure_browser.core.s3.multipart_answers import completed, parts_page, upload_id_of
from ensure_browser.core.s3.multipart_listing import list_uploads
from ensure_browser.core.s3.put_single import put_single
from ensure_browser.core.s3.replace_only import if_match_header

log = logging.getLogger(__name__)

T = TypeVar("T")

MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PARTS = 10_000
DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024
DEFAULT_PART_SIZE = 16 * 1024 * 1024
PART_ATTEMPTS = 4  # a part upload is retried with backoff (0.2, 0.4, 0.8 s) on retryable errors


def plan_parts(size: int, part_size: int = DEFAULT_PART_SIZE) -> list[tuple[int, int, int]]:
    """Split ``size`` bytes into (part_number, offset, length) with at most 10,000 parts."""
    part_size = max(part_size, MIN_PART_SIZE, math.ceil(size / MAX_PARTS))
    count = max(1, math.ceil(size / part_size))
    return [(i + 1, i * part_size, min(part_size, size - i * part_size)) for i in range(count)]


def _in_parallel(todo: Sequence[tuple[int, int, int]], parallel: int, cancel: CancelToken,
                 send: Callable[[int, int, int], None]) -> None:
    """``send(number, offset, length)`` for every part of ``todo``, ``parallel`` at once, the next as soon
    as one is sent; the first error (or a cancellation) stops the parts not begun yet and is raised."""
    failed = threading.Event()

    def guarded(number: int, offset: int, length: int) -> None:
        if failed.is_set():
            return
        try:
            send(number, offset, length)
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="part") as pool:
        pending: set[Future[None]] = set()
        try:
            for number, offset, length in todo:
                while len(pending) >= max(1, parallel):  # the next part as soon as one is sent
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        fut.result()
                cancel.raise_if_cancelled()
                pending.add(pool.submit(guarded, number, offset, length))
            for fut in pending:
                fut.result()
            cancel.raise_if_cancelled()  # a cancel while the last parts were sent: not completed
        except BaseException:
            failed.set()
            raise


def _known_parts(path: Path, plan: Sequence[tuple[int, int, int]], etags: Mapping[int, str],
                 digests: dict[int, bytes], crcs: dict[int, int] | None) -> None:
    """The MD5 digests (and with ``crcs``, the CRC32s) of the parts not sent by this run, added to
    ``digests`` (``crcs``): from the server's ETags, or read again."""
    for number, offset, length in plan:
        if number in digests:
            continue
        known = etags[number].strip('"')
        resumed = crcs is not None and number not in crcs  # a part the server had already
        data = read_part(path, offset, length) if resumed or not is_md5_etag(known) else b""
        digests[number] = bytes.fromhex(known) if is_md5_etag(known) else hashlib.md5(data).digest()
        if crcs is not None and resumed:
            crcs[number] = zlib.crc32(data)


def _check_object_name(key: str) -> None:
    """minio-py's check of a key (no '.' or '..' segments), imported with the first request."""
    from minio.helpers import check_object_name

    check_object_name(key)


class UploadMixin(StorageBase):
    """The uploads of :class:`~ensure_browser.core.s3.storage.Storage`."""

    def upload_bytes(
        self,
        bucket: str,
        key: str,
        data: bytes,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        *,
        if_absent: bool = False,
    ) -> UploadResult:
        """One PUT of ``data``; ``if_absent``: refused (:class:`Conflict`, code PreconditionFailed)
        when an object exists at ``key`` (see :meth:`_put_new`)."""
        return self._put_new(bucket, key, data, content_type, metadata, if_absent)

    def _put_new(self, bucket: str, key: str, data: bytes, content_type: str, metadata: Mapping[str, str] | None,
                 if_absent: bool, if_match: str | None = None) -> UploadResult:
        """:meth:`_put` of an object; ``if_absent``: create-only (``If-None-Match: *``), guarded where
        the server is not known to honour it (see :mod:`~ensure_browser.core.s3.create_only`): the
        key looked up right before, the object right after; the first such PUT of a connection finds
        out which kind the server is. The result is ``created`` only where the server is known to
        honour the condition: elsewhere a write between the look-up and the PUT may have been replaced."""
        if if_match:
            return self._put_over(bucket, key, data, object_headers(content_type, metadata), if_match)
        headers = object_headers(content_type, metadata, if_absent=if_absent)
        if not if_absent:
            return self._put(bucket, key, data, headers)
        guard = self._create_only
        with guard.first():
            guard.before(bucket, key)
            try:
                result = self._put(bucket, key, data, headers)
            except StorageError as err:
                guard.learn_from(err)
                raise
            guard.probe(lambda: self._put(bucket, key, data, dict(headers)))
        guard.after(bucket, key, result.etag, len(data))
        return replace(result, created=guard.atomic)

    def _put_over(self, bucket: str, key: str, data: bytes, headers: dict[str, Any], if_match: str) -> UploadResult:
        """:meth:`_put` over the object at ``key`` only while it has the ETag ``if_match`` (``If-Match``,
        guarded where the server is not known to honour it: see :mod:`~ensure_browser.core.s3.replace_only`);
        else a Conflict (PreconditionFailed) and nothing is written."""
        guard = self._replace_only
        guard.before(bucket, key, if_match)
        try:
            return guard.probe_write(lambda condition: self._put(bucket, key, data, {**headers, "If-Match": condition}),
                                     if_match)
        except StorageError as err:
            raise guard.refusal(bucket, key, err) from err

    def _put(self, bucket: str, key: str, data: bytes, headers: dict[str, Any]) -> UploadResult:
        """PUT ``data`` with its CRC32 as ``x-amz-checksum-crc32``, and its MD5 as ``Content-MD5``
        until the server has shown that it checks the CRC32: the server refuses a body that differs.

        A server that checks the checksum answers it (AWS S3, MinIO, SeaweedFS). After its first
        such answer this connection sends the CRC32 alone: MD5 costs eight times as much (78 us
        against 10 us for 64 KiB here), and it was the biggest part of a small file's client-side
        cost after the HTTP stack. A server that does not answer it keeps getting ``Content-MD5``,
        and the ETag it answers is compared with that MD5. An answer without the checksum after
        that (a different server behind the address) is checked by its ETag, and MD5 goes out again.
        Keys and headers obstore carries go on it instead (see :mod:`~ensure_browser.core.s3.put_single`).
        """
        sent = put_single(self, bucket, key, data, headers)
        if sent is not None:
            return sent
        crc = crc32_header(zlib.crc32(data))
        headers["x-amz-checksum-crc32"] = crc
        # in the clear a CRC32 can be forged: the MD5 goes too (SeaweedFS ignores the signed SHA-256)
        md5_too = not self._put_checksum_answered or self.settings.in_the_clear
        digest = hashlib.md5(data).digest() if md5_too else None
        if digest is not None:
            headers["Content-MD5"] = base64.b64encode(digest).decode("ascii")
        headers["x-amz-content-sha256"] = UNSIGNED_PAYLOAD  # the signed checksums cover the body

        def run() -> UploadResult:
            _check_object_name(key)  # as minio-py's put_object does: no '.' or '..' segments
            res = self.signed.request("PUT", bucket, key, headers=headers, body=data)
            answered = str(res.headers.get("x-amz-checksum-crc32", ""))
            self.capabilities.learn(Capability.CHECKSUMS, answered == crc, f"a PUT answered checksum {answered!r}")
            if answered == crc and not self._put_checksum_answered:
                log.debug("%s answers the checksum of a PUT; sending CRC32 alone", self.settings.endpoint)
                self._put_checksum_answered = True
            md5 = digest
            if not answered and md5 is None:  # another server behind the same address?
                log.info("%s did not answer the checksum of a PUT; sending MD5 again", self.settings.endpoint)
                self._put_checksum_answered = False
                md5 = hashlib.md5(data).digest()  # its ETag, then, must be the MD5 of the bytes sent
            return UploadResult(bucket, key, (res.headers.get("ETag") or "").strip('"'), len(data),
                                md5.hex() if md5 is not None else "", answered, crc, is_encrypted(res.headers))

        return self._call(run, bucket, key)

    def upload_file(
        self,
        bucket: str,
        key: str,
        path: Path,
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken = NEVER,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        part_size: int = DEFAULT_PART_SIZE,
        parallel: int = 4,
        if_absent: bool = False,
        source: os.stat_result | None = None,
        checksum: str = CHECKSUM_CRC32,
        if_match: str | None = None,
    ) -> UploadResult:
        """Upload a local file. Small files in one PUT, large ones multipart with parallel parts.

        The object appears at ``key`` only when complete (a PUT or CompleteMultipartUpload is
        atomic); a failed or cancelled multipart upload is aborted. The local file is checked for
        changes (size, mtime) against ``source`` (the caller's earlier ``stat``; taken now when
        None). ``if_absent``: see :meth:`upload_bytes`; ``checksum``: see :meth:`upload_multipart`;
        ``if_match``: replace the object at ``key`` only while it has this ETag (see :meth:`_put_over`).
        The result's ``local_etag`` (and a multipart upload's ``local_checksum``) is computed from
        the bytes sent; :attr:`UploadResult.verified` compares them with the server's answers.
        """
        path = Path(path)
        before = source if source is not None else stat_local(path)
        size = before.st_size
        if size < multipart_threshold:
            return self._upload_single(bucket, key, path, size, before.st_mtime_ns, content_type,
                                       metadata, progress, cancel, if_absent, if_match)
        return self.upload_multipart(bucket, key, path, content_type=content_type, metadata=metadata,
                                     progress=progress, cancel=cancel, part_size=part_size,
                                     parallel=parallel, if_absent=if_absent, source=before, checksum=checksum,
                                     if_match=if_match)

    def _upload_single(
        self, bucket: str, key: str, path: Path, size: int, mtime_ns: int, content_type: str,
        metadata: Mapping[str, str] | None, progress: ProgressFn | None, cancel: CancelToken,
        if_absent: bool, if_match: str | None = None,
    ) -> UploadResult:
        """One PUT of the whole file: read once, hashed once, checked unchanged after the read."""
        data = read_part(path, 0, size)
        cancel.raise_if_cancelled()
        check_unchanged(path, size, mtime_ns)  # the bytes read are the file as planned (size, mtime)
        result = self._put_new(bucket, key, data, content_type, metadata, if_absent, if_match)
        if progress:
            progress(size, size)
        return result

    def create_multipart(self, bucket: str, key: str, content_type: str,
                         metadata: Mapping[str, str] | None = None, checksum: str = "") -> str:
        """CreateMultipartUpload; ``checksum`` (:data:`CHECKSUM_CRC32`): its parts carry their CRC32."""
        headers = object_headers(content_type, metadata)
        if checksum:
            headers["x-amz-checksum-algorithm"] = checksum

        def run() -> str:
            _check_object_name(key)
            resp = self.signed.request("POST", bucket, key, query={"uploads": ""}, headers=headers)
            return upload_id_of(resp.data)

        return create_upload(self, bucket, key, lambda: self._call(run, bucket, key))  # repeated safely

    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes,
                    md5: bytes | None = None, crc32: int | None = None) -> str:
        """Upload one part; with ``md5`` (its digest, as ``Content-MD5``) or ``crc32`` (as
        ``x-amz-checksum-crc32``, for an upload created with that checksum) the server checks the body."""
        headers: dict[str, str] = {}
        if crc32 is not None:  # the signed checksum covers the body: no SHA-256 of it (see signed)
            headers["x-amz-checksum-crc32"] = crc32_header(crc32)
        elif md5 is not None:
            headers["Content-MD5"] = base64.b64encode(md5).decode("ascii")

        def run() -> str:
            resp = self.signed.request("PUT", bucket, key, headers=headers, body=data,
                                       query={"partNumber": str(part_number), "uploadId": upload_id})
            return str(resp.headers.get("ETag") or "").strip('"')

        return self._call(run, bucket, key)

    def complete_multipart(self, bucket: str, key: str, upload_id: str, etags: Mapping[int, str], *,
                           if_absent: bool = False, crcs: Mapping[int, int] | None = None,
                           if_match: str | None = None) -> tuple[str, str, bool]:
        """CompleteMultipartUpload; returns the object's ETag, its composite checksum (empty when
        the server gave none) and whether the answer says it is encrypted (:func:`is_encrypted`).
        ``crcs``: every part's CRC32 (an upload created with that checksum).
        ``if_absent``: refused (412, :class:`Conflict`) when an object exists at ``key`` (the upload
        stays on the server until it is completed or aborted). ``if_match``: refused (412) unless the
        object at ``key`` has this ETag."""
        from minio.xml import Element, SubElement, getbytes  # minio-py with the first request, not the import

        element = Element("CompleteMultipartUpload")
        for number in sorted(etags):
            tag = SubElement(element, "Part")
            SubElement(tag, "PartNumber", str(number))
            SubElement(tag, "ETag", f'"{etags[number]}"')
            if crcs is not None:
                SubElement(tag, "ChecksumCRC32", crc32_header(crcs[number]))
        body = getbytes(element)
        headers: dict[str, Any] = {
            "Content-Type": "application/xml",
            "Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode("ascii"),
        }
        if if_absent:
            headers["If-None-Match"] = "*"
        if if_match:
            headers["If-Match"] = if_match_header(if_match)

        def run() -> tuple[str, str, bool]:
            resp = self.signed.request("POST", bucket, key, query={"uploadId": upload_id}, headers=headers,
                                       body=body)
            failure = self.signed.failure_in(resp, "POST", bucket, key)  # a 200 may still say <Error>
            if failure is not None:
                raise failure
            etag, checksum = completed(resp.data)
            return etag, checksum if crcs is not None else "", is_encrypted(resp.headers)

        try:
            return self._call(run, bucket, key)
        except StorageError as err:
            if if_match:
                raise self._replace_only.refusal(bucket, key, err) from err
            self._create_only.learn_from(err)  # a 412: the server honours If-None-Match
            raise

    def abort_multipart(self, bucket: str, key: str, upload_id: str) -> None:
        self._call(lambda: self.signed.request("DELETE", bucket, key, query={"uploadId": upload_id}), bucket, key)

    def list_parts(self, bucket: str, key: str, upload_id: str) -> dict[int, tuple[str, int]]:
        """Parts already on the server: part number -> (etag, size)."""

        def run() -> dict[int, tuple[str, int]]:
            out: dict[int, tuple[str, int]] = {}
            marker = 0
            while True:
                resp = self.signed.request("GET", bucket, key, query={
                    "uploadId": upload_id, "max-parts": "1000", "part-number-marker": str(marker)})
                page = parts_page(resp.data)
                out.update(page.parts)
                if not page.truncated or page.next_marker <= marker:  # a marker that goes back: no end
                    return out
                marker = page.next_marker

        return self._call(run, bucket, key)

    def list_multipart_uploads(self, bucket: str, prefix: str = "") -> list[MultipartUploadInfo]:
        """The multipart uploads in progress (see :mod:`~ensure_browser.core.s3.multipart_listing`);
        :class:`~ensure_browser.core.errors.NotSupported` where the server does not list them."""

        def run() -> list[MultipartUploadInfo]:
            return [MultipartUploadInfo(bucket, up.key, up.upload_id, up.initiated)
                    for up in list_uploads(self.signed, self.capabilities, bucket, prefix)]

        return self._call(run, bucket)

    def upload_multipart(
        self,
        bucket: str,
        key: str,
        path: Path,
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken = NEVER,
        part_size: int = DEFAULT_PART_SIZE,
        parallel: int = 4,
        upload_id: str | None = None,
        on_upload_id: Callable[[str], None] | None = None,
        done_parts: Mapping[int, str] | None = None,
        keep_on_cancel: bool = False,
        if_absent: bool = False,
        source: os.stat_result | None = None,
        checksum: str = CHECKSUM_CRC32,
        if_match: str | None = None,
    ) -> UploadResult:
        """Multipart upload with ``parallel`` parts in flight; resumable with ``upload_id``/``done_parts``.

        Memory stays bounded: at most ``parallel`` parts are read at once. A failure aborts the
        multipart upload on the server; so does a cancellation unless ``keep_on_cancel`` (pause).
        Each part's check is computed while its bytes are in memory and sent in a signed header the
        server verifies: with ``checksum`` :data:`CHECKSUM_CRC32` (the upload is created with it; a
        resumed one must have been) its CRC32, else (``""``: an upload begun without checksums) its
        MD5 as ``Content-MD5``. CRC32 costs an eighth of MD5 here, and an upload of 1 GiB is bound
        by CPU on a small machine. The result's ``local_etag`` is ``md5(part md5s)-N``, from the part
        ETags the server answered in CRC32 mode (each part's bytes were checked by the server), from
        the MD5s sent otherwise; ``done_parts`` (part number -> ETag, the MD5 the server reported for
        a part it has) count as they are. In CRC32 mode ``local_checksum`` is the composite checksum
        of the bytes sent, to compare with the server's ``checksum``. The file is checked unchanged
        against ``source`` (the caller's ``stat``; taken now when None) before the upload is
        completed. ``if_absent``: the completion is conditional (``If-None-Match``); the result is
        ``created`` where the server is known to honour that (see :meth:`_put_new`). ``if_match``: the
        completion replaces the object only while it has this ETag (looked up before the upload
        begins and before it is completed where the server is not known to check ``If-Match``).
        """
        path = Path(path)
        before = source if source is not None else stat_local(path)
        size = before.st_size
        plan = plan_parts(size, part_size)
        if upload_id is None:
            # taken or changed already: nothing to upload (the look-up is repeated before completing)
            self._before_write(bucket, key, if_absent, if_match)
            upload_id = self.create_multipart(bucket, key, content_type, metadata, checksum)
        if on_upload_id:
            on_upload_id(upload_id)
        etags: dict[int, str] = dict(done_parts or {})
        digests: dict[int, bytes] = {}
        crcs: dict[int, int] = {}
        use_crc = checksum == CHECKSUM_CRC32
        lock = threading.Lock()
        done = sum(length for n, _o, length in plan if n in etags)
        if progress:
            progress(done, size)

        def send(number: int, offset: int, length: int) -> None:
            cancel.raise_if_cancelled()
            data = read_part(path, offset, length)
            # both release the GIL: the other parts go on meanwhile
            crc = zlib.crc32(data) if use_crc else None
            digest = None if use_crc else hashlib.md5(data).digest()
            etag = self._retrying(lambda: self.upload_part(bucket, key, upload_id, number, data, digest, crc),
                                  cancel)
            nonlocal done
            with lock:
                etags[number] = etag
                if crc is not None:
                    crcs[number] = crc
                if digest is not None:
                    digests[number] = digest
                done += length
                if progress:
                    progress(done, size)

        todo = [p for p in plan if p[0] not in etags]
        try:
            _in_parallel(todo, parallel, cancel, send)
            _known_parts(path, plan, etags, digests, crcs if use_crc else None)
            check_unchanged(path, size, before.st_mtime_ns)
            self._before_write(bucket, key, if_absent, if_match)
            expected = Expected(size, multipart_etag_of([digests[n] for n, _o, _l in plan]),
                                composite_crc32_of([crcs[n] for n, _o, _l in plan]) if use_crc else "")
            etag, answered, encrypted = complete_reconciled(  # an answer lost: see complete_lost
                self, bucket, key, upload_id, expected,
                lambda: self.complete_multipart(bucket, key, upload_id, etags, if_absent=if_absent,
                                                crcs=crcs if use_crc else None, if_match=if_match))
        except BaseException as exc:
            kept = keep_on_cancel and isinstance(exc, Cancelled | SignInRequired)  # kept to resume
            if not kept and not upload_gone(exc):  # a completed upload is not aborted
                self._abort_quietly(bucket, key, upload_id)
            raise
        if if_absent:  # rclone answers a multipart object's MD5 as its ETag on a HEAD
            self._create_only.after(bucket, key, etag, size, lambda: md5_of_file(path, cancel))
        return UploadResult(bucket, key, etag, size, expected.etag, answered, expected.checksum, encrypted,
                            if_absent and self._create_only.atomic)

    def _before_write(self, bucket: str, key: str, if_absent: bool, if_match: str | None) -> None:
        """The look-up before a create-only or replacing write, where the server may ignore the condition."""
        if if_absent:
            self._create_only.before(bucket, key)
        if if_match:
            self._replace_only.before(bucket, key, if_match)

    def _retrying(self, fn: Callable[[], T], cancel: CancelToken, attempts: int = PART_ATTEMPTS) -> T:
        """Run ``fn``; on a retryable error (dropped, timeout, refused, 5xx) try again with backoff."""
        for attempt in range(attempts):
            try:
                return fn()
            except StorageError as err:
                if not err.retryable or attempt == attempts - 1:
                    raise
                delay = 0.2 * 2**attempt
                log.info("retrying in %.1f s after: %s", delay, err.message)
                if cancel.wait(delay):
                    raise Cancelled(cancel.reason) from err
        raise AssertionError("unreachable")

    def _abort_quietly(self, bucket: str, key: str, upload_id: str) -> None:
        try:
            self.abort_multipart(bucket, key, upload_id)
            log.info("aborted multipart upload %s of %s/%s", upload_id, bucket, key)
        except StorageError as err:
            log.warning("could not abort multipart upload %s of %s/%s: %s", upload_id, bucket, key,
                        err.message)
