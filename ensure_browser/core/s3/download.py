"""Downloads: one GET streamed to ``.part`` and verified, resumed from a ``.part.etag`` marker, or a
big multipart object in parallel ranges (:class:`_RangedDownload`); response bodies read in sized
pieces (:func:`read_body`)."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Conflict, InvalidRequest, LocalFileError, StorageError
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.headers import CHECKSUM_MODE, Headers, crc32_header, stat_from_headers
from ensure_browser.core.s3.localfiles import (
    PartMarker,
    hash_file,
    incomplete_download,
    lexists,
    open_for_writing,
    partial_files,
    preallocate,
    refuse_links,
    write_all,
    write_error,
    write_marker,
)
from ensure_browser.core.s3.model import ObjectStat, ProgressFn, is_md5_etag
from ensure_browser.core.s3.upload import DEFAULT_PART_SIZE, plan_parts
from ensure_browser.core.units import human_bytes

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse  # urllib3 2.x; a name in annotations only

log = logging.getLogger(__name__)

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


class BodyCheck:
    """What a download's bytes are checked against as they stream: the object's CRC32 where the
    server answered a whole-object one (not a composite ``...-N``), else its ETag where that is their
    MD5 (one PUT, not encrypted). :meth:`of` gives None when neither is there: then only the size,
    and the ETag of every request (``If-Match``), can be checked. An encrypted object's ETag is
    never taken for an MD5."""

    def __init__(self, kind: str, expected: str) -> None:
        self.kind, self.expected = kind, expected
        self._crc = 0
        self._md5 = hashlib.md5() if kind == "MD5" else None

    @classmethod
    def of(cls, st: ObjectStat, checksum: str) -> BodyCheck | None:
        if checksum and "-" not in checksum:
            return cls("CRC32", checksum)
        if is_md5_etag(st.etag) and not st.encrypted:
            return cls("MD5", st.etag.lower())
        return None

    def update(self, data: bytes) -> None:
        if self._md5 is not None:
            self._md5.update(data)
        else:
            self._crc = zlib.crc32(data, self._crc)

    def result(self) -> str:
        return self._md5.hexdigest() if self._md5 is not None else crc32_header(self._crc)


class DownloadMixin(StorageBase):
    """The downloads of :class:`~ensure_browser.core.s3.storage.Storage`."""

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
        version_id: str | None = None,
    ) -> ObjectStat:
        """Download to ``dest`` through ``dest.part``, verified; returns what the GET said of the object.
        ``version_id``: that version of the object (on a versioned bucket), else the latest.

        One GET first (asking for the object's checksum, ``x-amz-checksum-mode``): size, ETag,
        checksum and metadata come from its response headers (no HEAD first). An object whose CRC32
        the server answers, or else whose ETag is its MD5 (one PUT, not encrypted), streams whole
        from it, checked while it streams (see :class:`BodyCheck`), and must match, or nothing is
        kept. A bigger object with nothing to check its bytes against (a multipart ``...-N`` ETag
        and a composite checksum or none; an encrypted one without a checksum) is fetched in ranges
        when ``parallel`` > 1 (see :class:`_RangedDownload`; ``part_size``: the range size, at least
        :data:`MIN_PART_SIZE`, from two ranges on); its size is checked, and every range is
        conditional on the ETag of the first answer (``If-Match``). The final file appears only
        when complete (``.part`` renamed); an existing ``dest`` is never replaced silently. From
        :data:`RESUMABLE_DOWNLOAD` bytes on, a ``.part.etag`` marker (see :class:`PartMarker`) lets
        a broken download resume: ranged GETs conditional on the same ETag (``If-Match``) fetch what
        is missing; a changed object starts over (once; a second change fails with a
        :class:`Conflict`)."""
        dest = Path(dest)
        if not overwrite and lexists(dest):  # before any request (code DESTINATION_EXISTS)
            raise Conflict(f"{dest} exists already.", code=DESTINATION_EXISTS)
        part, marker, tmp = partial_files(dest)
        refuse_links(part, marker, tmp)  # planted links are refused, not written through (see localfiles)
        resume = PartMarker.read(marker)
        had_marker = resume is not None
        for attempt in range(2):
            try:
                st, check = self._call(partial(self._download_once, bucket, key, part, marker, resume,
                                             max(1, parallel), part_size, progress, cancel, version_id),
                                     bucket, key)
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
        if check is not None and check.result() != check.expected:
            for leftover in (part, marker):
                leftover.unlink(missing_ok=True)
            raise StorageError(
                f"Verification failed for {dest.name}: the bytes received differ from the server's "
                "checksum; nothing was kept.", f"{check.kind} {check.result()} received, {check.expected} answered")
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
                       cancel: CancelToken, version_id: str | None = None) -> tuple[ObjectStat, BodyCheck | None]:
        """One attempt: resume what ``resume`` describes, or begin again; returns the object's stat and
        the check of the ``.part``'s bytes (None: nothing to check them against, see :class:`BodyCheck`).
        A changed object ends in :class:`Conflict` PreconditionFailed (once translated)."""
        if resume is not None and resume.done is not None:  # a download in ranges
            try:
                intact = part.stat().st_size == resume.size
            except OSError:
                intact = False
            if intact:
                return _RangedDownload(self, bucket, key, part, marker, resume, progress, cancel,
                                       version_id=version_id).run(parallel), None
            log.info("%s does not match its marker; starting over", part.name)
            resume = None
        offset = 0
        if resume is not None:
            try:
                offset = part.stat().st_size
            except OSError:
                offset = 0
        try:
            return self._call(partial(self._fetch, bucket, key, part, marker, offset, resume,
                                      parallel, part_size, progress, cancel, version_id), bucket, key)
        except InvalidRequest as err:  # asked past the end: the .part may be complete already
            if err.code != "InvalidRange" or not offset or resume is None:
                raise
        st = self.stat(bucket, key, version_id)
        if st.etag != resume.etag or st.size != offset:
            return self._fetch(bucket, key, part, marker, 0, None, parallel, part_size, progress, cancel, version_id)
        check = BodyCheck.of(st, resume.checksum)
        if check is not None:
            try:
                hash_file(part, check, cancel)
            except OSError as exc:
                raise LocalFileError(f"Cannot read {part.name}: {exc.strerror}.", str(exc)) from exc
        return st, check

    def _fetch(self, bucket: str, key: str, part: Path, marker: Path, offset: int, resume: PartMarker | None,
               parallel: int, part_size: int, progress: ProgressFn | None,
               cancel: CancelToken, version_id: str | None = None) -> tuple[ObjectStat, BodyCheck | None]:
        """GET the object from ``offset`` into ``part`` (asking for its checksum); returns its stat
        (from the response headers) and the check of the whole ``.part``'s bytes (see
        :class:`BodyCheck`). A whole big object with nothing to check its bytes against as they
        stream goes on in ranges, the first from this response."""
        headers: Headers = dict(CHECKSUM_MODE)
        if offset and resume is not None:
            headers["If-Match"] = f'"{resume.etag}"'
        resp = self.client.get_object(bucket, key, offset=offset, request_headers=headers, version_id=version_id)
        try:
            if offset and resp.status != 206:  # the server ignored the range: the whole object came
                offset = 0
            st = stat_from_headers(bucket, key, resp.headers, offset)
            checksum = st.checksum if not offset else resume.checksum if resume is not None else ""
            hasher = BodyCheck.of(st, checksum)
            if not offset and hasher is None and parallel > 1:  # nothing to check as it streams: ranges?
                range_size = plan_parts(st.size, part_size)[0][2]
                if st.size >= PARALLEL_DOWNLOAD_RANGES * range_size > 0:
                    layout = PartMarker(st.etag, st.size, range_size, frozenset())
                    return _RangedDownload(self, bucket, key, part, marker, layout, progress, cancel,
                                           st, version_id).run(parallel, first=resp), None
            try:
                if offset and hasher is not None:
                    hash_file(part, hasher, cancel)
                if not offset and st.size >= RESUMABLE_DOWNLOAD:
                    write_marker(marker, PartMarker(st.etag, checksum=checksum).text())
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
        return st, hasher


class _RangedDownload:
    """One download in ranges (:func:`plan_parts` of the object's size): up to ``parallel`` ranged
    GETs in flight, each conditional on the ETag (``If-Match``, and its answer's ETag checked),
    written at their offsets into the ``.part`` (a file object per thread: no ``os.pwrite`` on
    Windows), which has the object's size before the first byte is written. The marker lists the
    ranges complete and is replaced (atomically) as each one completes, so that a resume fetches
    only the others. Progress counts the bytes of all ranges under one lock, so it only goes up.
    The first error or a cancellation stops the other ranges (at their next chunk) and is raised
    once all have stopped; the ``.part`` and the marker stay."""

    def __init__(self, storage: StorageBase, bucket: str, key: str, part: Path, marker: Path, layout: PartMarker,
                 progress: ProgressFn | None, cancel: CancelToken, stat: ObjectStat | None = None,
                 version_id: str | None = None) -> None:
        self.storage, self.bucket, self.key, self.version_id = storage, bucket, key, version_id
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
            st = self.storage.stat(self.bucket, self.key, self.version_id)
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
                                              request_headers=headers, version_id=self.version_id)
        whole = False
        try:
            st = stat_from_headers(self.bucket, self.key, resp.headers, offset)
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
