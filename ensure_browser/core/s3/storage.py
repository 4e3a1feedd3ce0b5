"""S3 access over minio-py: paged listing, stat, ranges, transfers, presign, policies.

Every public method translates failures into :mod:`ensure_browser.core.errors` types. Nothing here
touches Qt; callers run these methods in worker threads.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import logging
import math
import os
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar
from urllib.parse import quote

import certifi
from minio import Minio
from minio.datatypes import CompleteMultipartUploadResult
from minio.deleteobjects import DeleteObject
from minio.helpers import check_object_name
from minio.xml import Element, SubElement, getbytes
from urllib3.util import Retry, Timeout

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import (
    AccessDenied,
    Cancelled,
    ClockSkew,
    Conflict,
    InvalidRequest,
    LocalFileError,
    NoSuchKey,
    StorageError,
    UnknownAccessKey,
    WrongSecret,
    translate,
)
from ensure_browser.core.s3.bucket_features import BucketFeatures, read_features
from ensure_browser.core.s3.bucket_policies import delete_policy, read_policy, write_policy
from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.create_only import CreateOnly
from ensure_browser.core.s3.headers import (
    CHECKSUM_CRC32,
    UNSIGNED_PAYLOAD,
    Headers,
    composite_crc32_of,
    crc32_header,
    http_date,
    is_md5_etag,
    multipart_etag_of,
    object_headers,
    user_metadata,
)
from ensure_browser.core.s3.httpconn import pool_manager
from ensure_browser.core.s3.localfiles import (
    PartMarker,
    check_unchanged,
    hash_stream,
    incomplete_download,
    lexists,
    lstat_or_none,
    open_for_writing,
    partial_files,
    preallocate,
    read_part,
    stat_local,
    write_all,
    write_error,
    write_marker,
)
from ensure_browser.core.s3.model import MultipartUploadInfo, ObjectInfo, ObjectStat, ProgressFn, UploadResult
from ensure_browser.core.s3.multipart_listing import list_uploads
from ensure_browser.core.s3.pages import S3_NS, ListedObject, list_pages
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.units import human_bytes

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse  # urllib3 2.x; a name in annotations only

__all__ = [  # what other packages import from here (see the module's docstring)
    "CHECKSUM_CRC32",
    "DEFAULT_MULTIPART_THRESHOLD",
    "DEFAULT_PART_SIZE",
    "DESTINATION_EXISTS",
    "MAX_PRESIGN",
    "MIN_PART_SIZE",
    "ConnectionSettings",
    "MultipartUploadInfo",
    "ObjectInfo",
    "ObjectStat",
    "Storage",
    "UploadResult",
    "clamp_expiry",
    "composite_crc32_of",
    "crc32_header",
    "hash_stream",
    "http_date",
    "lstat_or_none",
    "partial_files",
    "plan_parts",
    "stat_local",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PARTS = 10_000
DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024
DEFAULT_PART_SIZE = 16 * 1024 * 1024
PART_ATTEMPTS = 4  # a part upload is retried with backoff (0.2, 0.4, 0.8 s) on retryable errors
# A response body is read in pieces sized to about _READ_AIM seconds at the rate seen so far (see
# read_body): small on a slow link, so that a cancellation and the progress come within a fraction
# of a second; large on a fast one, where 256 KiB reads cost 7 % of a loopback download's time
# against 1 MiB ones (more system calls and wake-ups; measured in bench/RESULTS.md).
_READ_MIN = 32 * 1024
_READ_FIRST = 64 * 1024  # a small object comes whole: one read, one write, one hash update
_READ_MAX = 1024 * 1024
_READ_AIM = 0.05
# Downloads at least this big keep a ``.part.etag`` marker so that a broken one resumes where it
# stopped; smaller ones write ``.part`` and rename it (starting over costs less than the marker).
RESUMABLE_DOWNLOAD = 4 * 1024 * 1024
DESTINATION_EXISTS = "DestinationExists"  # Conflict.code: a download found its target taken before it began
# A whole object with a multipart ETag (no MD5 to check while it streams) of at least this many
# ranges (of the part size) is downloaded in ranges, ``parallel`` of them at once.
PARALLEL_DOWNLOAD_RANGES = 2
MAX_PRESIGN = timedelta(days=7)


def read_body(resp: BaseHTTPResponse, limit: int | None = None) -> Iterator[bytes]:
    """The body of ``resp`` (at most ``limit`` bytes), in reads of about :data:`_READ_AIM` seconds.

    A read blocks until it has all it asked for, so its size bounds how late a cancellation check
    or a progress report between reads can come: each read asks for the rate of the one before
    times the aim, between :data:`_READ_MIN` and :data:`_READ_MAX`, growing at most twofold a
    read (a read answered at once from data already buffered says little about the link), and in
    whole multiples of the smallest, so that the writes after it stay aligned to the file's pages.
    The first read asks for :data:`_READ_FIRST`, so that a small object takes one read, one write
    and one hash update (1,000 downloads of 64 KiB, 4 at a time: 0.82 s against 0.87 s with reads
    from 32 KiB and minio-py's date parser, median of 11 alternating rounds)."""
    size, left = _READ_FIRST, limit
    while left is None or left > 0:
        started = time.perf_counter()
        chunk = resp.read(size if left is None else min(size, left))
        if not chunk:
            return
        rate = len(chunk) / max(time.perf_counter() - started, 1e-6)
        size = max(_READ_MIN, min(_READ_MAX, 2 * size, int(rate * _READ_AIM)) // _READ_MIN * _READ_MIN)
        if left is not None:
            left -= len(chunk)
        yield chunk


def clamp_expiry(expires: timedelta) -> timedelta:
    """Presigned URLs live between one second and seven days (the S3 limit)."""
    if expires <= timedelta(0):
        raise InvalidRequest("A link must be valid for at least one second.")
    if expires > MAX_PRESIGN:
        raise InvalidRequest("A link can be valid for at most 7 days (the S3 limit).")
    return expires


def plan_parts(size: int, part_size: int = DEFAULT_PART_SIZE) -> list[tuple[int, int, int]]:
    """Split ``size`` bytes into (part_number, offset, length) with at most 10,000 parts."""
    part_size = max(part_size, MIN_PART_SIZE, math.ceil(size / MAX_PARTS))
    count = max(1, math.ceil(size / part_size))
    return [(i + 1, i * part_size, min(part_size, size - i * part_size)) for i in range(count)]


class _Client(Minio):
    """minio-py's client, except for bodies that carry their own integrity check.

    Over plain HTTP minio-py signs the SHA-256 of every body (over HTTPS it sends UNSIGNED-PAYLOAD
    and a Content-MD5 it computes). Uploads here send their own check of the body in a signed
    header the server verifies (BadDigest): its CRC32 (``x-amz-checksum-crc32``), and a single PUT
    also its MD5 (Content-MD5) until the server has shown that it checks the CRC32 (see
    ``Storage._put``; SeaweedFS does not check the signed SHA-256 at all). For those requests
    (marked ``x-amz-content-sha256: UNSIGNED-PAYLOAD``) a second hash of every byte buys nothing but
    CPU, so they go as minio-py sends them over HTTPS.
    """

    def _build_headers(self, host: str, headers: Any = None, body: bytes | None = None,
                       creds: Any = None) -> tuple[Any, datetime]:
        if not (headers and (headers.get("Content-MD5") or headers.get("x-amz-checksum-crc32"))
                and headers.get("x-amz-content-sha256") == UNSIGNED_PAYLOAD):
            return super()._build_headers(host, headers, body, creds)
        built, date = super()._build_headers(host, headers, None, creds)  # no body: nothing hashed
        built["x-amz-content-sha256"] = UNSIGNED_PAYLOAD
        if body:
            built["Content-Length"] = str(len(body))
        return built, date

    def request(self, method: str, bucket: str, query: Mapping[str, str]) -> BaseHTTPResponse:
        """One signed request about ``bucket`` through minio-py's request layer (signing, region,
        retries; an error answer raised as ``S3Error``), for the calls whose answers minio-py reads
        wrongly from some servers (see :mod:`~ensure_browser.core.s3.multipart_listing`)."""
        return self._execute(method, bucket, query_params=dict(query.items()))


class Storage:
    """One connection to an S3 server. Thread-safe: share it between workers."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        self.capabilities = Capabilities(settings.endpoint)  # what the server's answers have shown
        self._create_only = CreateOnly(self.capabilities, self.stat)  # see _put_new
        self._put_checksum_answered = False  # see _put
        cert_reqs = "CERT_REQUIRED" if settings.secure and settings.verify_tls else "CERT_NONE"
        ca_certs = settings.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()
        self._http = pool_manager(
            timeout=Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
            maxsize=16,
            cert_reqs=cert_reqs,
            ca_certs=ca_certs if cert_reqs == "CERT_REQUIRED" else None,
            retries=Retry(
                total=settings.retries,
                connect=settings.retries,
                read=0,
                backoff_factor=0.2,
                status_forcelist=[502, 503, 504],
                allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST"}),
                raise_on_status=False,
            ),
        )
        self.client: _Client = _Client(
            settings.endpoint,
            access_key=settings.access_key,
            secret_key=settings.secret_key,
            secure=settings.secure,
            region=settings.region,
            http_client=self._http,
            cert_check=settings.verify_tls,
        )

    # -- helpers ---------------------------------------------------------------------------------
    def _call(self, fn: Callable[[], T], bucket: str | None = None, key: str | None = None,
              *, head: bool = False) -> T:
        try:
            return fn()
        except StorageError:
            raise
        except Exception as exc:
            err = translate(
                exc,
                endpoint=self.settings.endpoint,
                access_key=self.settings.access_key,
                bucket=bucket,
                key=key,
                secure=self.settings.secure,
            )
            if head and isinstance(err, AccessDenied):
                err = self._explain_head_denial(err)
            log.debug("storage call failed: %s (%s)", err.message, err.detail)
            raise err from exc

    def _explain_head_denial(self, err: StorageError) -> StorageError:
        """A HEAD answer has no body, so a wrong secret looks like "access denied".

        Ask once with a GET (ListBuckets) whose XML error names the real cause.
        """
        try:
            self.client.list_buckets()
        except Exception as probe_exc:
            probe = translate(probe_exc, endpoint=self.settings.endpoint, access_key=self.settings.access_key,
                              secure=self.settings.secure)
            if isinstance(probe, WrongSecret | UnknownAccessKey | ClockSkew):
                return probe
        return err

    def _wrap_iter(self, it: Iterator[T], bucket: str, prefix: str) -> Iterator[T]:
        while True:
            try:
                item = next(it)
            except StopIteration:
                return
            except Exception as exc:
                raise translate(
                    exc,
                    endpoint=self.settings.endpoint,
                    access_key=self.settings.access_key,
                    bucket=bucket,
                    key=prefix or None,
                    secure=self.settings.secure,
                ) from exc
            yield item

    @staticmethod
    def _entry(bucket: str, obj: ListedObject) -> ObjectInfo:
        return ObjectInfo(bucket, obj.object_name, obj.size, obj.last_modified, obj.etag, obj.is_dir)

    # -- buckets ---------------------------------------------------------------------------------
    def list_buckets(self) -> list[str]:
        return self._call(lambda: [b.name for b in self.client.list_buckets()])

    def bucket_exists(self, bucket: str) -> bool:
        return self._call(lambda: self.client.bucket_exists(bucket), bucket, head=True)

    def make_bucket(self, bucket: str) -> None:
        self._call(lambda: self.client.make_bucket(bucket), bucket)

    def bucket_features(self, bucket: str) -> BucketFeatures:
        """``bucket``'s versioning and lifecycle rules as the server answers them; what the server
        has of them goes into :attr:`capabilities` (see :mod:`~ensure_browser.core.s3.bucket_features`)."""
        return self._call(lambda: read_features(self.client, self.capabilities, bucket), bucket)

    def check_connection(self) -> None:
        """Cheapest signed request that proves endpoint, keys and clock are right."""
        self._call(lambda: self.client.list_buckets())

    # -- listing ---------------------------------------------------------------------------------
    def list_level(
        self,
        bucket: str,
        prefix: str = "",
        page_size: int = 1000,
        cancel: CancelToken = NEVER,
    ) -> Iterator[list[ObjectInfo]]:
        """One level below ``prefix`` (delimiter ``/``) in pages of at most ``page_size`` entries."""
        pages = self._wrap_iter(list_pages(self.client, bucket, prefix, delimiter="/",
                                           check=cancel.raise_if_cancelled), bucket, prefix)
        page: list[ObjectInfo] = []
        entry = self._entry
        for listed in pages:
            cancel.raise_if_cancelled()
            for obj in listed:
                if obj.object_name == prefix:
                    continue  # a "folder marker" object equal to the prefix itself
                page.append(entry(bucket, obj))
                if len(page) >= page_size:
                    yield page
                    page = []
        if page:
            yield page

    def list_recursive(
        self, bucket: str, prefix: str = "", cancel: CancelToken = NEVER
    ) -> Iterator[ObjectInfo]:
        for obj in self.list_recursive_raw(bucket, prefix, cancel):
            cancel.raise_if_cancelled()
            yield self._entry(bucket, obj)

    def list_recursive_raw(self, bucket: str, prefix: str = "", *tokens: CancelToken) -> Iterator[ListedObject]:
        """Every key below ``prefix`` as the listing read it (:class:`~ensure_browser.core.s3.pages.ListedObject`:
        ``object_name``, ``size``, ``is_dir`` ...), no entry made per key, for callers that go through
        many keys quickly (the health scan); errors as StorageError. Once one of ``tokens`` is
        cancelled no further page is requested (the caller checks them between keys too)."""

        def check() -> None:
            for token in tokens:
                token.raise_if_cancelled()

        pages = self._wrap_iter(list_pages(self.client, bucket, prefix, check=check), bucket, prefix)
        return (obj for page in pages for obj in page)

    # -- objects ---------------------------------------------------------------------------------
    def stat(self, bucket: str, key: str) -> ObjectStat:
        st = self._call(lambda: self.client.stat_object(bucket, key), bucket, key, head=True)
        meta = user_metadata(st.metadata or {})
        return ObjectStat(
            bucket=bucket,
            key=key,
            size=int(st.size or 0),
            etag=(st.etag or "").strip('"'),
            content_type=st.content_type or "application/octet-stream",
            last_modified=st.last_modified,
            metadata=meta,
            version_id=st.version_id,
        )

    def exists(self, bucket: str, key: str) -> bool:
        try:
            self.stat(bucket, key)
        except NoSuchKey:
            return False
        return True

    def read_range(self, bucket: str, key: str, offset: int = 0, length: int | None = None) -> bytes:
        """Bytes ``[offset, offset+length)`` of an object (all from ``offset`` when length is None)."""
        if offset < 0 or (length is not None and length < 0):
            raise InvalidRequest("A byte range cannot be negative.")
        if length == 0:
            return b""

        def run() -> bytes:
            resp = self.client.get_object(bucket, key, offset=offset, length=length or 0)
            try:
                return resp.read()
            finally:
                resp.close()
                resp.release_conn()

        try:
            return self._call(run, bucket, key)
        except InvalidRequest as err:
            if offset == 0 and err.code == "InvalidRange":  # a zero-byte object has no byte 0
                return b""
            raise

    def read_capped(
        self, bucket: str, key: str, cap: int, cancel: CancelToken = NEVER
    ) -> tuple[bytes, bool]:
        """At most ``cap`` bytes from the start; returns (data, truncated)."""

        def run() -> tuple[bytes, bool]:
            if cap <= 0:
                return b"", True
            resp = self.client.get_object(bucket, key, offset=0, length=cap + 1)
            try:
                buf = bytearray()
                for chunk in read_body(resp):
                    cancel.raise_if_cancelled()
                    buf += chunk
                    if len(buf) > cap:
                        return bytes(buf[:cap]), True
                return bytes(buf), False
            finally:
                resp.close()
                resp.release_conn()

        try:
            return self._call(run, bucket, key)
        except InvalidRequest as err:
            if err.code == "InvalidRange":  # a zero-byte object has no byte 0
                return b"", False
            raise

    def delete(self, bucket: str, key: str) -> None:
        self._call(lambda: self.client.remove_object(bucket, key), bucket, key)

    def delete_many(self, bucket: str, keys: Sequence[str]) -> dict[str, str]:
        """Delete ``keys`` with multi-object DELETE requests (up to 1,000 keys each).

        Returns the keys the server refused, each with its error code (``AccessDenied`` ...); a
        request that fails as a whole (connection, wrong secret) raises a :class:`StorageError`.
        """

        def run() -> dict[str, str]:
            errors = self.client.remove_objects(bucket, [DeleteObject(k) for k in keys])
            return {err.name or "": err.code or "" for err in errors}

        return self._call(run, bucket) if keys else {}

    def presign_get(self, bucket: str, key: str, expires: timedelta) -> str:
        expires = clamp_expiry(expires)
        return self._call(lambda: self.client.presigned_get_object(bucket, key, expires=expires), bucket, key)

    def public_url(self, bucket: str, key: str) -> str:
        """The plain (unsigned) URL of an object, for objects a bucket policy makes public."""
        return f"{self.settings.base_url}/{quote(bucket)}/{quote(key, safe='/')}"

    # -- download --------------------------------------------------------------------------------
    def download_file(
        self,
        bucket: str,
        key: str,
        dest: Path,
        *,
        overwrite: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelToken = NEVER,
        parallel: int = 1,
        part_size: int = DEFAULT_PART_SIZE,
    ) -> ObjectStat:
        """Download to ``dest`` through ``dest.part``, verified; returns what the GET said of the object.

        One GET first: size, ETag and metadata come from its response headers (no HEAD first). An
        object with a plain MD5 ETag streams whole from it, hashed while it streams, and must match,
        or nothing is kept. A bigger object with a multipart (``...-N``) ETag, which has no MD5 of the
        whole to check, is fetched in ranges when ``parallel`` > 1 (see :class:`_RangedDownload`;
        ``part_size``: the range size, at least :data:`MIN_PART_SIZE`, from two ranges on); its size
        is checked. The final file appears only when complete (``.part`` renamed); an existing
        ``dest`` is never replaced silently. From :data:`RESUMABLE_DOWNLOAD` bytes on, a
        ``.part.etag`` marker (see :class:`PartMarker`) lets a broken download resume: ranged GETs
        conditional on the same ETag (``If-Match``) fetch what is missing; a changed object starts
        over (once; a second change fails with a :class:`Conflict`).
        """
        dest = Path(dest)
        if not overwrite and lexists(dest):  # before any request (code DESTINATION_EXISTS)
            raise Conflict(f"{dest} exists already.", code=DESTINATION_EXISTS)
        part, marker, _tmp = partial_files(dest)
        resume = PartMarker.read(marker)
        had_marker = resume is not None
        for attempt in range(2):
            try:
                st, md5 = self._call(partial(self._download_once, bucket, key, part, marker, resume,
                                             max(1, parallel), part_size, progress, cancel), bucket, key)
                break
            except Conflict as err:  # If-Match failed: the object changed since the .part was begun
                if err.code != "PreconditionFailed":
                    raise
                if attempt:
                    for leftover in (part, marker):
                        leftover.unlink(missing_ok=True)
                    raise Conflict(f"s3://{bucket}/{key} changed while it was downloaded; nothing was kept. "
                                   "Download it again.", err.detail, code=err.code) from err
                log.info("s3://%s/%s changed since its download began; starting over", bucket, key)
                marker.unlink(missing_ok=True)
                resume = None
        if md5 is not None and is_md5_etag(st.etag) and md5 != st.etag.lower():
            for leftover in (part, marker):
                leftover.unlink(missing_ok=True)
            raise StorageError(
                f"Verification failed for {dest.name}: the bytes received differ from the server's "
                "checksum; nothing was kept.", f"MD5 {md5} vs ETag {st.etag}")
        if not overwrite and lexists(dest):
            raise Conflict(f"{dest} appeared while downloading; the download is kept as {part.name}.")
        try:
            os.replace(part, dest)
        except OSError as exc:
            raise LocalFileError(f"Cannot write {dest}: {exc.strerror}.", str(exc)) from exc
        if had_marker or st.size >= RESUMABLE_DOWNLOAD:
            marker.unlink(missing_ok=True)
        return st

    def _download_once(self, bucket: str, key: str, part: Path, marker: Path, resume: PartMarker | None,
                       parallel: int, part_size: int, progress: ProgressFn | None,
                       cancel: CancelToken) -> tuple[ObjectStat, str | None]:
        """One attempt: resume what ``resume`` describes, or begin again; returns the object's stat and
        the MD5 of the ``.part`` (None when the ETag is not an MD5, so nothing to check). A changed
        object ends in :class:`Conflict` PreconditionFailed (once translated)."""
        if resume is not None and resume.done is not None:  # a download in ranges
            try:
                intact = part.stat().st_size == resume.size
            except OSError:
                intact = False
            if intact:
                return _RangedDownload(self, bucket, key, part, marker, resume, progress, cancel).run(parallel), None
            log.info("%s does not match its marker; starting over", part.name)
            resume = None
        offset = 0
        if resume is not None:
            try:
                offset = part.stat().st_size
            except OSError:
                offset = 0
        try:
            return self._call(partial(self._fetch, bucket, key, part, marker, offset, resume.etag if resume else None,
                                      parallel, part_size, progress, cancel), bucket, key)
        except InvalidRequest as err:  # asked past the end: the .part may be complete already
            if err.code != "InvalidRange" or not offset or resume is None:
                raise
        st = self.stat(bucket, key)
        if st.etag != resume.etag or st.size != offset:
            return self._fetch(bucket, key, part, marker, 0, None, parallel, part_size, progress, cancel)
        return st, self._md5_of_file(part, cancel) if is_md5_etag(st.etag) else None

    def _fetch(self, bucket: str, key: str, part: Path, marker: Path, offset: int, resume_etag: str | None,
               parallel: int, part_size: int, progress: ProgressFn | None,
               cancel: CancelToken) -> tuple[ObjectStat, str | None]:
        """GET the object from ``offset`` into ``part``; returns its stat (from the response headers)
        and the MD5 of the whole ``.part`` (None when the ETag is not an MD5, so nothing to check).
        A whole big object with a multipart ETag goes on in ranges, the first from this response."""
        headers: Headers | None = {"If-Match": f'"{resume_etag}"'} if offset and resume_etag else None
        resp = self.client.get_object(bucket, key, offset=offset, request_headers=headers)
        try:
            if offset and resp.status != 206:  # the server ignored the range: the whole object came
                offset = 0
            st = self._stat_from_response(bucket, key, resp.headers, offset)
            hasher = hashlib.md5() if is_md5_etag(st.etag) else None
            if not offset and hasher is None and parallel > 1:  # a whole multipart object: ranges?
                range_size = plan_parts(st.size, part_size)[0][2]
                if st.size >= PARALLEL_DOWNLOAD_RANGES * range_size > 0:
                    layout = PartMarker(st.etag, st.size, range_size, frozenset())
                    return _RangedDownload(self, bucket, key, part, marker, layout, progress, cancel,
                                           st).run(parallel, first=resp), None
            try:
                if offset and hasher is not None:
                    self._hash_file(part, hasher, cancel)
                if not offset and st.size >= RESUMABLE_DOWNLOAD:
                    write_marker(marker, PartMarker(st.etag).text())
                done = offset
                if progress:
                    progress(done, st.size)
                with open_for_writing(part, "ab" if offset else "wb") as fh:
                    for chunk in read_body(resp, st.size - offset):
                        cancel.raise_if_cancelled()
                        write_all(fh, chunk)
                        if hasher is not None:
                            hasher.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, st.size)
            except OSError as exc:
                raise write_error(part, exc) from exc
        finally:
            resp.close()
            resp.release_conn()
        if done != st.size:
            raise incomplete_download(key, done, st.size)
        return st, hasher.hexdigest() if hasher is not None else None

    @staticmethod
    def _stat_from_response(bucket: str, key: str, headers: Mapping[str, Any], offset: int) -> ObjectStat:
        """What a GET's headers say of the object (a ranged one's size is in its ``Content-Range``)."""
        size = int(headers.get("Content-Length") or 0) + offset
        content_range = headers.get("Content-Range") or ""
        if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
            size = int(content_range.rsplit("/", 1)[1])
        modified = headers.get("Last-Modified")
        return ObjectStat(
            bucket=bucket,
            key=key,
            size=size,
            etag=(headers.get("ETag") or "").strip('"'),
            content_type=headers.get("Content-Type") or "application/octet-stream",
            last_modified=http_date(modified) if modified else None,
            metadata=user_metadata(headers),
            version_id=headers.get("x-amz-version-id"),
        )

    @staticmethod
    def _hash_file(path: Path, hasher: Any, cancel: CancelToken) -> None:
        with open(path, "rb") as fh:
            hash_stream(fh, hasher, cancel=cancel)

    def _md5_of_file(self, path: Path, cancel: CancelToken) -> str:
        hasher = hashlib.md5()
        try:
            self._hash_file(path, hasher, cancel)
        except OSError as exc:
            raise LocalFileError(f"Cannot read {path.name}: {exc.strerror}.", str(exc)) from exc
        return hasher.hexdigest()

    # -- upload ----------------------------------------------------------------------------------
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
        when an object exists at ``key`` (see :meth:`_put_create_only`)."""
        return self._put_new(bucket, key, data, content_type, metadata, if_absent)

    def _put_new(self, bucket: str, key: str, data: bytes, content_type: str, metadata: Mapping[str, str] | None,
                 if_absent: bool) -> UploadResult:
        """:meth:`_put` of an object; ``if_absent``: create-only (``If-None-Match: *``), guarded where
        the server is not known to honour it (see :mod:`~ensure_browser.core.s3.create_only`): the
        key looked up right before, the object right after; the first such PUT of a connection finds
        out which kind the server is."""
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
        return result

    def _put(self, bucket: str, key: str, data: bytes, headers: dict[str, Any]) -> UploadResult:
        """PUT ``data`` with its CRC32 as ``x-amz-checksum-crc32``, and its MD5 as ``Content-MD5``
        until the server has shown that it checks the CRC32: the server refuses a body that differs.

        A server that checks the checksum answers it (AWS S3, MinIO, SeaweedFS). After its first
        such answer this connection sends the CRC32 alone: MD5 costs eight times as much (78 us
        against 10 us for 64 KiB here), and it was the biggest part of a small file's client-side
        cost after the HTTP stack. A server that does not answer it keeps getting ``Content-MD5``,
        and the ETag it answers is compared with that MD5. An answer without the checksum after
        that (a different server behind the address) is checked by its ETag, and MD5 goes out again.
        """
        crc = crc32_header(zlib.crc32(data))
        headers["x-amz-checksum-crc32"] = crc
        digest = None if self._put_checksum_answered else hashlib.md5(data).digest()
        if digest is not None:
            headers["Content-MD5"] = base64.b64encode(digest).decode("ascii")
        headers["x-amz-content-sha256"] = UNSIGNED_PAYLOAD  # the signed checksums cover the body

        def run() -> UploadResult:
            check_object_name(key)  # as minio-py's put_object does: no '.' or '..' segments
            res = self.client._put_object(bucket, key, data, headers)
            answered = str(res.http_headers.get("x-amz-checksum-crc32", ""))
            self.capabilities.learn(Capability.CHECKSUMS, answered == crc, f"a PUT answered checksum {answered!r}")
            if answered == crc and not self._put_checksum_answered:
                log.debug("%s answers the checksum of a PUT; sending CRC32 alone", self.settings.endpoint)
                self._put_checksum_answered = True
            md5 = digest
            if not answered and md5 is None:  # another server behind the same address?
                log.info("%s did not answer the checksum of a PUT; sending MD5 again", self.settings.endpoint)
                self._put_checksum_answered = False
                md5 = hashlib.md5(data).digest()  # its ETag, then, must be the MD5 of the bytes sent
            return UploadResult(bucket, key, (res.etag or "").strip('"'), len(data),
                                md5.hex() if md5 is not None else "", answered, crc)

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
    ) -> UploadResult:
        """Upload a local file. Small files in one PUT, large ones multipart with parallel parts.

        The object appears at ``key`` only when complete (a PUT or CompleteMultipartUpload is
        atomic); a failed or cancelled multipart upload is aborted. The local file is checked for
        changes (size, mtime) against ``source`` (the caller's earlier ``stat``; taken now when
        None). ``if_absent``: see :meth:`upload_bytes`; ``checksum``: see :meth:`upload_multipart`.
        The result's ``local_etag`` (and a multipart upload's ``local_checksum``) is computed from
        the bytes sent; :attr:`UploadResult.verified` compares them with the server's answers.
        """
        path = Path(path)
        before = source if source is not None else stat_local(path)
        size = before.st_size
        if size < multipart_threshold:
            return self._upload_single(bucket, key, path, size, before.st_mtime_ns, content_type,
                                       metadata, progress, cancel, if_absent)
        return self.upload_multipart(bucket, key, path, content_type=content_type, metadata=metadata,
                                     progress=progress, cancel=cancel, part_size=part_size,
                                     parallel=parallel, if_absent=if_absent, source=before, checksum=checksum)

    def _upload_single(
        self, bucket: str, key: str, path: Path, size: int, mtime_ns: int, content_type: str,
        metadata: Mapping[str, str] | None, progress: ProgressFn | None, cancel: CancelToken,
        if_absent: bool,
    ) -> UploadResult:
        """One PUT of the whole file: read once, hashed once, checked unchanged after the read."""
        data = read_part(path, 0, size)
        cancel.raise_if_cancelled()
        check_unchanged(path, size, mtime_ns)  # the bytes read are the file as planned (size, mtime)
        result = self._put_new(bucket, key, data, content_type, metadata, if_absent)
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
            check_object_name(key)
            return self.client._create_multipart_upload(bucket, key, headers)

        return self._call(run, bucket, key)

    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes,
                    md5: bytes | None = None, crc32: int | None = None) -> str:
        """Upload one part; with ``md5`` (its digest, as ``Content-MD5``) or ``crc32`` (as
        ``x-amz-checksum-crc32``, for an upload created with that checksum) the server checks the body."""
        headers: Headers | None = None
        if crc32 is not None:  # the signed checksum covers the body: no SHA-256 of it (see _Client)
            headers = {"x-amz-checksum-crc32": crc32_header(crc32), "x-amz-content-sha256": UNSIGNED_PAYLOAD}
        elif md5 is not None:
            headers = {"Content-MD5": base64.b64encode(md5).decode("ascii"), "x-amz-content-sha256": UNSIGNED_PAYLOAD}
        return self._call(
            lambda: self.client._upload_part(bucket, key, data, headers, upload_id, part_number), bucket, key
        )

    def complete_multipart(self, bucket: str, key: str, upload_id: str, etags: Mapping[int, str], *,
                           if_absent: bool = False, crcs: Mapping[int, int] | None = None) -> tuple[str, str]:
        """CompleteMultipartUpload; returns the object's ETag and its composite checksum (empty when
        the server gave none). ``crcs``: every part's CRC32 (an upload created with that checksum).
        ``if_absent``: refused (412, :class:`Conflict`) when an object exists at ``key`` (the upload
        stays on the server until it is completed or aborted)."""
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

        def run() -> tuple[str, str]:
            resp = self.client._execute("POST", bucket, key, body=body, headers=headers,
                                        query_params={"uploadId": upload_id})
            checksum = ET.fromstring(resp.data).findtext(S3_NS + "ChecksumCRC32") if crcs is not None else None
            return (CompleteMultipartUploadResult(resp).etag or "").strip('"'), (checksum or "").strip()

        try:
            return self._call(run, bucket, key)
        except StorageError as err:
            self._create_only.learn_from(err)  # a 412: the server honours If-None-Match
            raise

    def abort_multipart(self, bucket: str, key: str, upload_id: str) -> None:
        self._call(lambda: self.client._abort_multipart_upload(bucket, key, upload_id), bucket, key)

    def list_parts(self, bucket: str, key: str, upload_id: str) -> dict[int, tuple[str, int]]:
        """Parts already on the server: part number -> (etag, size)."""

        def run() -> dict[int, tuple[str, int]]:
            out: dict[int, tuple[str, int]] = {}
            marker = 0
            while True:
                res = self.client._list_parts(bucket, key, upload_id, part_number_marker=str(marker))
                for p in res.parts:
                    out[p.part_number] = ((p.etag or "").strip('"'), int(p.size or 0))
                if not res.is_truncated:
                    return out
                marker = int(res.next_part_number_marker or 0)

        return self._call(run, bucket, key)

    def list_multipart_uploads(self, bucket: str, prefix: str = "") -> list[MultipartUploadInfo]:
        """The multipart uploads in progress (see :mod:`~ensure_browser.core.s3.multipart_listing`);
        :class:`~ensure_browser.core.errors.NotSupported` where the server does not list them."""

        def run() -> list[MultipartUploadInfo]:
            return [MultipartUploadInfo(bucket, up.key, up.upload_id, up.initiated)
                    for up in list_uploads(self.client, self.capabilities, bucket, prefix)]

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
        completed. ``if_absent``: the completion is conditional (``If-None-Match``).
        """
        path = Path(path)
        before = source if source is not None else stat_local(path)
        size = before.st_size
        plan = plan_parts(size, part_size)
        if upload_id is None:
            if if_absent:  # taken already: nothing to upload (the look-up is repeated before completing)
                self._create_only.before(bucket, key)
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
        failed = threading.Event()

        def guarded(number: int, offset: int, length: int) -> None:
            if failed.is_set():
                return
            try:
                send(number, offset, length)
            except BaseException:
                failed.set()
                raise

        try:
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
                except BaseException:
                    failed.set()
                    raise
            for number, offset, length in plan:  # the rest from the server's ETags, or read again
                if number in digests:
                    continue
                known = etags[number].strip('"')
                resumed = use_crc and number not in crcs  # a part the server had already
                data = read_part(path, offset, length) if resumed or not is_md5_etag(known) else b""
                digests[number] = bytes.fromhex(known) if is_md5_etag(known) else hashlib.md5(data).digest()
                if resumed:
                    crcs[number] = zlib.crc32(data)
            check_unchanged(path, size, before.st_mtime_ns)
            if if_absent:
                self._create_only.before(bucket, key)
            etag, answered = self.complete_multipart(bucket, key, upload_id, etags, if_absent=if_absent,
                                                     crcs=crcs if use_crc else None)
        except BaseException as exc:
            if not (keep_on_cancel and isinstance(exc, Cancelled)):
                self._abort_quietly(bucket, key, upload_id)
            raise
        if if_absent:  # rclone answers a multipart object's MD5 as its ETag on a HEAD
            self._create_only.after(bucket, key, etag, size, lambda: self._md5_of_file(path, cancel))
        local = composite_crc32_of([crcs[n] for n, _o, _l in plan]) if use_crc else ""
        return UploadResult(bucket, key, etag, size, multipart_etag_of([digests[n] for n, _o, _l in plan]),
                            answered, local)

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

    # -- policies --------------------------------------------------------------------------------
    def get_bucket_policy(self, bucket: str) -> str | None:
        """The bucket policy as JSON text, or None when the bucket has none; NotSupported where the
        server has no bucket policies (see :mod:`~ensure_browser.core.s3.bucket_policies`)."""
        return self._call(lambda: read_policy(self.client, self.capabilities, bucket), bucket)

    def set_bucket_policy(self, bucket: str, policy_json: str) -> None:
        self._call(lambda: write_policy(self.client, self.capabilities, bucket, policy_json), bucket)

    def delete_bucket_policy(self, bucket: str) -> None:
        self._call(lambda: delete_policy(self.client, self.capabilities, bucket), bucket)


class _RangedDownload:
    """One download in ranges (:func:`plan_parts` of the object's size): up to ``parallel`` ranged
    GETs in flight, each conditional on the ETag (``If-Match``, and its answer's ETag checked),
    written at their offsets into the ``.part`` (a file object per thread: no ``os.pwrite`` on
    Windows), which has the object's size before the first byte is written. The marker lists the
    ranges complete and is replaced (atomically) as each one completes, so that a resume fetches
    only the others. Progress counts the bytes of all ranges under one lock, so it only goes up.
    The first error or a cancellation stops the other ranges (at their next chunk) and is raised
    once all have stopped; the ``.part`` and the marker stay."""

    def __init__(self, storage: Storage, bucket: str, key: str, part: Path, marker: Path, layout: PartMarker,
                 progress: ProgressFn | None, cancel: CancelToken, stat: ObjectStat | None = None) -> None:
        self.storage, self.bucket, self.key = storage, bucket, key
        self.part, self.marker, self.layout = part, marker, layout
        self.progress, self.cancel = progress, cancel
        self.stat = stat  # from the first GET's headers (a resume: the first ranged answer's)
        self.plan = plan_parts(layout.size, layout.range_size)
        self.complete: set[int] = set(layout.done or ())
        self.todo = deque(p for p in self.plan if p[0] not in self.complete)
        self.done = sum(length for number, _o, length in self.plan if number in self.complete)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def run(self, parallel: int, first: BaseHTTPResponse | None = None) -> ObjectStat:
        """Fetch the missing ranges; ``first``: a GET of the whole object whose first range is read
        (a new download: the ``.part`` is created and the marker written before anything else)."""
        if first is None and not self.todo:  # all there already: the rename was interrupted
            st = self.storage.stat(self.bucket, self.key)
            if st.etag != self.layout.etag or st.size != self.layout.size:
                raise self._changed(st.etag)
            return st
        if first is not None:  # a new download
            self.todo.popleft()  # range 1 (offset 0): read from ``first`` by the first worker
            try:
                with open_for_writing(self.part, "wb") as fh:
                    fh.truncate(self.layout.size)
                    preallocate(fh.fileno(), self.layout.size)
                write_marker(self.marker, self.layout.text())
            except OSError as exc:
                raise self._no_room(exc) from exc
        if self.progress and self.stat is not None:  # a resume reports once the object is known
            self.progress(self.done, self.layout.size)
        workers = max(1, min(parallel, len(self.todo) + (first is not None)))
        log.debug("s3://%s/%s: %d of %d ranges of %d bytes to fetch, %d at a time", self.bucket, self.key,
                  len(self.todo) + (first is not None), len(self.plan), self.layout.range_size, workers)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="range") as pool:
            for i in range(workers):
                pool.submit(self._work, first if i == 0 else None)
        if self.errors:
            raise self.errors[0]
        if self.done != self.layout.size or self.stat is None:
            raise incomplete_download(self.key, self.done, self.layout.size)
        return self.stat

    def _work(self, first: BaseHTTPResponse | None) -> None:
        try:
            try:
                fh = open_for_writing(self.part, "r+b")
            except OSError as exc:
                raise write_error(self.part, exc) from exc
            with fh:
                if first is not None:  # range 1 comes from the response that had the headers
                    number, offset, length = self.plan[0]
                    if not self._copy(first, fh, offset, length):
                        return
                    first.close()  # the rest of the object comes in ranges: drop this connection
                    self._completed(number)
                while (item := self._claim()) is not None:
                    if not self._get(fh, *item):
                        return
        except BaseException as exc:
            self.stop.set()
            with self.lock:
                self.errors.append(exc)

    def _claim(self) -> tuple[int, int, int] | None:
        with self.lock:
            return self.todo.popleft() if self.todo and not self.stop.is_set() else None

    def _get(self, fh: BinaryIO, number: int, offset: int, length: int) -> bool:
        """GET one range into its place; False when stopped by an error elsewhere."""
        headers: Headers = {"If-Match": f'"{self.layout.etag}"'}
        resp = self.storage.client.get_object(self.bucket, self.key, offset=offset, length=length,
                                              request_headers=headers)
        whole = False
        try:
            st = Storage._stat_from_response(self.bucket, self.key, resp.headers, offset)
            if st.etag != self.layout.etag:  # a server that ignores If-Match
                raise self._changed(st.etag)
            asked = f"bytes {offset}-{offset + length - 1}/{self.layout.size}"
            if resp.status != 206 or resp.headers.get("Content-Range") != asked:
                raise StorageError(f"The server answered a ranged request for {self.key} with other bytes; "
                                   "the download stopped.",
                                   f"status {resp.status}, Content-Range {resp.headers.get('Content-Range')!r}, "
                                   f"asked {asked}")
            with self.lock:
                if self.stat is None:  # the first answer of a resume: the object is still the same
                    self.stat = st
                    if self.progress:
                        self.progress(self.done, self.layout.size)
            whole = self._copy(resp, fh, offset, length)
        finally:
            if not whole:
                resp.close()  # bytes left unread: the connection cannot serve another request
            resp.release_conn()
        if whole:
            self._completed(number)
        return whole

    def _copy(self, resp: BaseHTTPResponse, fh: BinaryIO, offset: int, length: int) -> bool:
        """Bytes ``[offset, offset+length)`` from ``resp`` into the ``.part`` (``fh``: this thread's);
        False when stopped."""
        try:
            fh.seek(offset)
        except OSError as exc:
            raise write_error(self.part, exc) from exc
        got = 0
        for chunk in read_body(resp, length):
            if self.stop.is_set():
                return False
            self.cancel.raise_if_cancelled()
            try:
                write_all(fh, chunk)
            except OSError as exc:
                raise write_error(self.part, exc) from exc
            got += len(chunk)
            with self.lock:
                self.done += len(chunk)
                if self.progress:
                    self.progress(self.done, self.layout.size)
        if got < length:
            raise incomplete_download(self.key, self.done, self.layout.size)
        return True

    def _completed(self, number: int) -> None:
        with self.lock:
            self.complete.add(number)
            try:
                write_marker(self.marker, replace(self.layout, done=frozenset(self.complete)).text())
            except OSError as exc:
                raise write_error(self.marker, exc) from exc

    def _no_room(self, exc: OSError) -> LocalFileError:
        """The ``.part`` could not be made the object's size: nothing fetched yet, nothing kept."""
        self.part.unlink(missing_ok=True)
        name, size, folder = self.key.rsplit("/", 1)[-1], human_bytes(self.layout.size), self.part.parent
        if exc.errno == errno.ENOSPC:
            return LocalFileError(f"Not enough space in {folder} for {name} ({size}); nothing was downloaded.",
                                  str(exc))
        if exc.errno == errno.EFBIG:  # FAT32's 4 GiB, or a file size limit
            return LocalFileError(f"{name} ({size}) is too large for the file system of {folder}; nothing was "
                                  "downloaded.", str(exc))
        return write_error(self.part, exc)

    def _changed(self, etag: str) -> Conflict:
        return Conflict(f"s3://{self.bucket}/{self.key} changed while it was downloaded.",
                        f"ETag {etag} vs {self.layout.etag}", code="PreconditionFailed")
