"""Downloads: one GET streamed to ``.part`` and verified, resumed from a ``.part.etag`` marker, or a
big multipart object in parallel ranges (:class:`_RangedDownload`). The GETs go through obstore
where it carries the key exactly, else minio-py (:func:`~ensure_browser.core.s3.get_answers.open_get`)."""

from __future__ import annotations

import base64
import errno
import hashlib
import logging
import os
import threading
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Conflict, InvalidRequest, LocalFileError, StorageError
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.get_answers import GetAnswer, open_get
from ensure_browser.core.s3.headers import crc32_header
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
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.units import human_bytes

log = logging.getLogger(__name__)

# Downloads at least this big keep a ``.part.etag`` marker so that a broken one resumes where it
# stopped; smaller ones write ``.part`` and rename it (starting over costs less than the marker).
RESUMABLE_DOWNLOAD = 4 * 1024 * 1024
DESTINATION_EXISTS = "DestinationExists"  # Conflict.code: a download found its target taken before it began
# A whole object with a multipart ETag (no MD5 to check while it streams) of at least this many
# ranges (of the part size) is downloaded in ranges, ``parallel`` of them at once.
PARALLEL_DOWNLOAD_RANGES = 2


class BodyCheck:
    """What a download's bytes are checked against as they stream: the object's CRC32 where the
    server answered a whole-object one (not a composite ``...-N``), else its SHA-256 where it answered
    a whole-object one (a single PUT's, see :mod:`.put_single`: an encrypted object's too), else its
    ETag where that is their MD5 (one PUT, not encrypted). :meth:`of` gives None when none is there:
    then only the size, and the ETag of every request (``If-Match``), can be checked. An encrypted
    object's ETag is never taken for an MD5. ``sure`` False: the answer did not say whether the
    object is encrypted nor its checksums (obstore's); an MD5 that differs is then looked at again
    (:meth:`DownloadMixin._recheck`)."""

    def __init__(self, kind: str, expected: str, *, sure: bool = True) -> None:
        self.kind, self.expected, self.sure = kind, expected, sure
        self._crc = 0
        self._hash = hashlib.md5() if kind == "MD5" else hashlib.sha256() if kind == "SHA256" else None

    @classmethod
    def of(cls, st: ObjectStat, checksum: str, sha256: str = "", *, sure: bool = True) -> BodyCheck | None:
        """``checksum`` / ``sha256``: the object's CRC32 and SHA-256 as answered (a resume: as its first
        GET answered them, kept in the marker)."""
        if checksum and "-" not in checksum:
            return cls("CRC32", checksum)
        if sha256 and "-" not in sha256:
            return cls("SHA256", sha256)
        if is_md5_etag(st.etag) and not st.encrypted:
            return cls("MD5", st.etag.lower(), sure=sure)
        return None

    def update(self, data: bytes) -> None:
        if self._hash is not None:
            self._hash.update(data)
        else:
            self._crc = zlib.crc32(data, self._crc)

    def result(self) -> str:
        if self._hash is None:
            return crc32_header(self._crc)
        if self.kind == "SHA256":
            return base64.b64encode(self._hash.digest()).decode("ascii")
        return self._hash.hexdigest()


def _hash_part(part: Path, check: BodyCheck, cancel: CancelToken) -> None:
    """Feed the bytes of ``part`` already on disk to ``check``; a read failure is a LocalFileError."""
    try:
        hash_file(part, check, cancel)
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), part.name, exc.strerror), str(exc)) from exc


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
            raise Conflict(Text(QT_TR_NOOP("{0} exists already."), dest), code=DESTINATION_EXISTS)
        part, marker, _tmp = partial_files(dest)
        # A planted link is refused, never followed: the marker's here, and where there is a marker
        # (a resume reads the ``.part``) the ``.part``'s too; a new download's ``.part`` and the
        # marker's next version are refused by their own opens (open_for_writing: created exclusively,
        # never through a link), which saves each small download two system calls.
        marker_there = refuse_links(marker)[0]
        if marker_there:
            refuse_links(part)
        resume = PartMarker.read(marker) if marker_there else None
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
                    raise Conflict(Text(QT_TR_NOOP("s3://{0}/{1} changed while it was downloaded; nothing was kept. "
                                                   "Download it again."), bucket, key),
                                   err.detail, code=err.code) from err
                log.info("s3://%s/%s changed since its download began; starting over", bucket, key)
                marker.unlink(missing_ok=True)
                resume = None
        cancel.raise_if_cancelled()  # up to the rename: the last piece may have come after a cancellation
        if check is not None and not check.sure and check.result() != check.expected:
            st, check = self._recheck(st, version_id, part, check, cancel)
        if check is not None and check.result() != check.expected:
            for leftover in (part, marker):
                leftover.unlink(missing_ok=True)
            raise StorageError(
                Text(QT_TR_NOOP("Verification failed for {0}: the bytes received differ from the server's checksum; "
                                "nothing was kept."), dest.name),
                f"{check.kind} {check.result()} received, {check.expected} answered")
        if not overwrite and lexists(dest):
            raise Conflict(Text(QT_TR_NOOP("{0} appeared while downloading; the download is kept as {1}."),
                                dest, part.name))
        try:
            os.replace(part, dest)
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP("Cannot write {0}: {1}."), dest, exc.strerror), str(exc)) from exc
        if had_marker or st.size >= RESUMABLE_DOWNLOAD:
            marker.unlink(missing_ok=True)
        return st

    def _recheck(self, got: ObjectStat, version_id: str | None, part: Path, check: BodyCheck,
                 cancel: CancelToken) -> tuple[ObjectStat, BodyCheck | None]:
        """An MD5 that differs from an ETag of 32 hex digits where the answer did not say whether the
        object is encrypted (obstore's): a HEAD says. Encrypted (its ETag no MD5 of the bytes): the
        ``.part`` is checked by the CRC32 or the SHA-256 where the server answers a whole-object one,
        else only by its size, as a download through minio-py would have. Else the check stands (and
        fails)."""
        st = self.stat(got.bucket, got.key, version_id)
        if not st.encrypted or st.etag.lower() != check.expected:
            return got, check
        crc = BodyCheck.of(st, st.checksum, st.sha256)
        if crc is not None:
            _hash_part(part, crc, cancel)
        return replace(st, last_modified=got.last_modified or st.last_modified), crc

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
        check = BodyCheck.of(st, resume.checksum, resume.sha256)
        if check is not None:
            _hash_part(part, check, cancel)
        return st, check

    def _fetch(self, bucket: str, key: str, part: Path, marker: Path, offset: int, resume: PartMarker | None,
               parallel: int, part_size: int, progress: ProgressFn | None,
               cancel: CancelToken, version_id: str | None = None) -> tuple[ObjectStat, BodyCheck | None]:
        """GET the object from ``offset`` into ``part`` (asking for its checksum); returns its stat
        (from the response headers) and the check of the whole ``.part``'s bytes (see
        :class:`BodyCheck`). A whole big object with nothing to check its bytes against as they
        stream goes on in ranges, the first from this response."""
        answer = open_get(self, bucket, key, offset=offset, version_id=version_id, checksum=True,
                          if_match=resume.etag if offset and resume is not None else None)
        if not offset and not answer.told and (not is_md5_etag(answer.stat.etag)
                                               or answer.stat.size >= RESUMABLE_DOWNLOAD):
            # obstore's answer says nothing of the checksum and encryption, which a multipart object
            # (no MD5 to check it by) or a resumable one (its marker keeps the checksum) needs: ask
            # again through minio-py, as before #23. Its ranges, if any, go through obstore.
            answer.close(whole=False)
            answer = open_get(self, bucket, key, version_id=version_id, checksum=True, told=True)
        whole = False
        try:
            if offset and answer.start != offset:  # the server ignored the range: the whole object came
                offset = 0
            st = answer.stat
            if not offset:
                checksum, sha256 = st.checksum, st.sha256
            else:
                checksum, sha256 = (resume.checksum, resume.sha256) if resume is not None else ("", "")
            hasher = BodyCheck.of(st, checksum, sha256, sure=answer.told)
            if not offset and hasher is None and parallel > 1:  # nothing to check as it streams: ranges?
                # (an object whose whole CRC32 or SHA-256 is known never comes here: it streams whole,
                # checked as it streams, so no ranged download has a whole-object checksum to check)
                range_size = plan_parts(st.size, part_size)[0][2]
                if st.size >= PARALLEL_DOWNLOAD_RANGES * range_size > 0:
                    layout = PartMarker(st.etag, st.size, range_size, frozenset())
                    return _RangedDownload(self, bucket, key, part, marker, layout, progress, cancel,
                                           st, version_id).run(parallel, first=answer), None
            try:
                if offset and hasher is not None:
                    hash_file(part, hasher, cancel)
                if not offset and st.size >= RESUMABLE_DOWNLOAD:
                    write_marker(marker, PartMarker(st.etag, checksum=checksum, sha256=sha256).text())
                done = offset
                if progress:
                    progress(done, st.size)
                with open_for_writing(part, "ab" if offset else "wb") as fh:
                    for chunk in answer.chunks(st.size - offset, cancel):
                        cancel.raise_if_cancelled()
                        write_all(fh, chunk)
                        if hasher is not None:
                            hasher.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, st.size)
                whole = True
            except OSError as exc:
                raise write_error(part, exc) from exc
        finally:
            answer.close(whole=whole)
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
        # the ranges stop: cancelled by the caller's cancel and by the first error (their reads wait on
        # it, so a range whose server stalls mid-body stops at once when another range failed)
        self.halt = CancelToken()
        self.errors: list[BaseException] = []

    def run(self, parallel: int, first: GetAnswer | None = None) -> ObjectStat:
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
        halt = self._halt_on_cancel
        self.cancel.on_cancel(halt)
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="range") as pool:
                for i in range(workers):
                    pool.submit(self._work, first if i == 0 else None)
        finally:
            self.cancel.forget(halt)
        if self.errors:
            raise self.errors[0]
        self.cancel.raise_if_cancelled()  # (cancelled while every worker was between two ranges)
        if self.done != self.layout.size or self.stat is None:
            raise incomplete_download(self.key, self.done, self.layout.size)
        return self.stat

    def _work(self, first: GetAnswer | None) -> None:
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
                    first.close(whole=False)  # the rest of the object comes in ranges: drop this connection
                    self._completed(number)
                while (item := self._claim()) is not None:
                    if not self._get(fh, *item):
                        return
        except BaseException as exc:
            with self.lock:
                self.errors.append(exc)  # the first is raised; the others' Cancelled come after it
            self.halt.cancel("Stopped: another range of the download failed.")

    def _halt_on_cancel(self) -> None:
        self.halt.cancel(self.cancel.reason)

    def _claim(self) -> tuple[int, int, int] | None:
        with self.lock:
            return self.todo.popleft() if self.todo and not self.halt.cancelled else None

    def _get(self, fh: BinaryIO, number: int, offset: int, length: int) -> bool:
        """GET one range into its place; False when stopped by an error elsewhere."""
        answer = open_get(self.storage, self.bucket, self.key, offset=offset, length=length,
                          if_match=self.layout.etag, version_id=self.version_id)
        whole = False
        try:
            st = answer.stat
            if st.etag != self.layout.etag:  # a server that ignores If-Match
                raise self._changed(st.etag)
            if (answer.start, answer.end, st.size) != (offset, offset + length, self.layout.size):
                raise StorageError(Text(QT_TR_NOOP("The server answered a ranged request for {0} with other bytes; "
                                                   "the download stopped."), self.key),
                                   f"{answer.span_detail()}, asked bytes {offset}-{offset + length - 1}"
                                   f"/{self.layout.size}")
            with self.lock:
                if self.stat is None:  # the first answer of a resume: the object is still the same
                    self.stat = st
                    if self.progress:
                        self.progress(self.done, self.layout.size)
            whole = self._copy(answer, fh, offset, length)
        finally:
            answer.close(whole=whole)  # bytes left unread: the connection cannot serve another request
        if whole:
            self._completed(number)
        return whole

    def _copy(self, answer: GetAnswer, fh: BinaryIO, offset: int, length: int) -> bool:
        """Bytes ``[offset, offset+length)`` from ``answer`` into the ``.part`` (``fh``: this thread's);
        False when stopped."""
        try:
            fh.seek(offset)
        except OSError as exc:
            raise write_error(self.part, exc) from exc
        got = 0
        for chunk in answer.chunks(length, self.halt):
            self.cancel.raise_if_cancelled()
            if self.halt.cancelled:  # another range failed
                return False
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
            return LocalFileError(Text(QT_TR_NOOP("Not enough space in {0} for {1} ({2}); nothing was downloaded."),
                                       folder, name, size),
                                  str(exc))
        if exc.errno == errno.EFBIG:  # FAT32's 4 GiB, or a file size limit
            return LocalFileError(Text(QT_TR_NOOP("{0} ({1}) is too large for the file system of {2}; nothing was "
                                                  "downloaded."), name, size, folder), str(exc))
        return write_error(self.part, exc)

    def _changed(self, etag: str) -> Conflict:
        return Conflict(Text(QT_TR_NOOP("s3://{0}/{1} changed while it was downloaded."), self.bucket, self.key),
                        f"ETag {etag} vs {self.layout.etag}", code="PreconditionFailed")
