"""Uploads: a file to its key, checked for an existing object first, verified by what the server answers.

The target of an upload is decided before it starts; a PUT or a CompleteMultipartUpload is atomic, so
no partial object ever appears at the key; a failed or cancelled multipart upload is aborted; a paused
one is kept (upload id in the journal) and resumes from the parts the server lists (``list_parts``),
each checked against the local file's MD5. An upload is verified by what the server answers, against
checks computed from the bytes sent while they were in memory, so the file is read once: a single PUT
by its CRC32 (sent as ``x-amz-checksum-crc32``, checked and answered by the server; also by its MD5
and the ETag where a server does not answer the checksum, see ``Storage._put``), a multipart upload by
its composite CRC32 (or its ETag ``md5(part md5s)-N``). An ETag is no proof where the answer says the
object is encrypted (see ``UploadResult``); an upload is removed only when proved wrong, and only
when its write created the object (see ``JobRunner.verify``). A file that changes or vanishes
meanwhile is caught by its size and mtime (after it is read for a PUT, before a multipart upload is
completed).

Existing targets are handled by the queue's conflict policy (an "apply to all" answer holds for its
own batch only, see :mod:`~ensure_browser.core.transfers.conflicts`). A batch of many files into one prefix is
checked against one listing of that prefix (:mod:`~ensure_browser.core.transfers.listing`), else each
file with a HEAD; the write itself carries ``If-None-Match: *`` so an object that appears after the
check is refused by the server and asked about then.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import (
    AccessDenied,
    Cancelled,
    Conflict,
    LocalFileError,
    NoSuchKey,
    SignInRequired,
    StorageError,
)
from ensure_browser.core.s3.complete_lost import upload_gone
from ensure_browser.core.s3.storage import CHECKSUM_CRC32, UploadResult, hash_stream, plan_parts, stat_local
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.conflicts import LATE_CONFLICT_ROUNDS
from ensure_browser.core.transfers.gone_upload import stored_already
from ensure_browser.core.transfers.jobs import ConflictPolicy, ConflictQuestion, JobState, TransferJob
from ensure_browser.core.transfers.listing import BatchListings
from ensure_browser.core.transfers.local_names import numbered_name
from ensure_browser.core.transfers.plan import upload_content_type
from ensure_browser.core.transfers.runner import JobRunner, RunnerContext

log = logging.getLogger(__name__)


class UploadRunner(JobRunner):
    """Runs upload jobs: a single PUT, or a resumable, journaled multipart upload."""

    def __init__(self, context: RunnerContext, listings: BatchListings) -> None:
        super().__init__(context)
        self.listings = listings

    def run_once(self, job: TransferJob, token: CancelToken) -> JobState:
        path = Path(job.local_path)
        if path.is_symlink():  # planned as a file (links are refused when planning): replaced since
            raise LocalFileError(Text(QT_TR_NOOP(
                "{0} was replaced by a link after it was dropped; links are not followed, so it was not uploaded."),
                path.name))
        st = stat_local(path, f"{path.name} no longer exists; it was not uploaded.")
        if job.upload_id and (st.st_size != job.source_size or st.st_mtime_ns != job.source_mtime_ns):
            log.info("%s changed since its upload was interrupted; starting over", path.name)
            self.abort(job.bucket, job.key, job.upload_id)
            with self.state.lock:
                job.forget_upload()
        with self.state.lock:
            job.source_size, job.source_mtime_ns, job.size = st.st_size, st.st_mtime_ns, st.st_size

        if job.check_conflict and not job.upload_id and not job.if_match:
            state = self._check_conflict(job, token)
            if state is not None:
                return state
        baseline = [-1]

        def on_progress(done: int, total: int) -> None:
            self.on_progress(job, done, total, baseline)

        # The write itself is conditional (If-None-Match: *) while the job must not replace: an
        # object that appears after the check above is refused by the server and asked about here.
        for _round in range(LATE_CONFLICT_ROUNDS):
            token.raise_if_cancelled()
            guard = (job.check_conflict and not job.if_match
                     and self.conflicts.policy(job) is not ConflictPolicy.REPLACE)
            try:
                result = self._send(job, path, st, token, on_progress, guard)
            except Conflict as err:
                if err.code == "PreconditionFailed" and job.replace_asked:
                    state = self._changed_since_answer(job, token)
                    if state is not None:
                        return state
                    continue
                if err.code != "PreconditionFailed" or not guard:
                    raise
                log.info("s3://%s/%s appeared after the conflict check", job.bucket, job.key)
                state = self._late_conflict(job, token)
                if state is not None:
                    return state
                continue
            self.verify(job, result)
            return JobState.DONE
        raise Conflict(Text(QT_TR_NOOP(
            "s3://{0}/{1} keeps appearing while it is uploaded; it was not uploaded."), job.bucket, job.key))

    def explain_failure(self, job: TransferJob, err: StorageError) -> str:
        if (isinstance(err, LocalFileError)
                and job.source_size is not None and not Path(job.local_path).exists()):
            return f"{Path(job.local_path).name} disappeared during the upload; it was not uploaded."
        return err.message

    def discard(self, job: TransferJob) -> None:
        if job.upload_id:
            self.abort(job.bucket, job.key, job.upload_id)
            with self.state.lock:
                job.forget_upload()

    def keep(self, job: TransferJob) -> None:
        if job.upload_id:
            try:
                parts = self.storage.list_parts(job.bucket, job.key, job.upload_id)
                with self.state.lock:
                    job.done_parts = {n: etag for n, (etag, _size) in parts.items()}
            except StorageError as err:
                log.info("cannot list the parts of paused upload %s: %s", job.name, err.message)

    def _send(self, job: TransferJob, path: Path, st: os.stat_result, token: CancelToken,
              on_progress: Callable[[int, int], None], if_absent: bool) -> UploadResult:
        """One upload of the file: a single PUT, or a (resumable, journaled) multipart upload."""
        settings = self.settings
        if st.st_size < settings.multipart_threshold:
            # One PUT reports its progress once, when it is over: the job's end says as much.
            return self.storage.upload_file(
                job.bucket, job.key, path, content_type=job.content_type, metadata=job.metadata,
                cancel=token, multipart_threshold=settings.multipart_threshold, if_absent=if_absent,
                source=st, if_match=job.if_match,
            )
        stored = self._validate_parts(job, path, token)
        if stored is not None:  # the upload to resume was completed already (its answer lost)
            return stored
        checksum = job.checksum if job.upload_id else CHECKSUM_CRC32  # a resumed upload keeps its own

        def on_upload_id(upload_id: str) -> None:
            with self.state.lock:
                fresh = job.upload_id != upload_id
                job.upload_id = upload_id
                job.checksum = checksum
                self.state.uploads[upload_id] = {"bucket": job.bucket, "key": job.key, "job": job.id,
                                                 "endpoint": settings.endpoint}
            if fresh:
                self.journal.save(force=True)

        try:
            result = self.storage.upload_multipart(
                job.bucket, job.key, path, content_type=job.content_type, metadata=job.metadata,
                progress=on_progress, cancel=token, part_size=job.part_size,
                parallel=settings.part_parallel, upload_id=job.upload_id, on_upload_id=on_upload_id,
                done_parts=dict(job.done_parts), keep_on_cancel=True, if_absent=if_absent, source=st,
                checksum=checksum, if_match=job.if_match,
            )
        except Cancelled:
            raise
        except StorageError as err:
            # upload_multipart has tried to abort it. A server that cannot be reached keeps it:
            # the journal keeps the id, and a retry or the next start resumes from its parts.
            if job.upload_id and not err.retryable and not isinstance(err, SignInRequired):
                if not upload_gone(err):  # else completed or aborted already: nothing to abort
                    self.abort(job.bucket, job.key, job.upload_id)  # idempotent; makes sure
                with self.state.lock:
                    self.state.uploads.pop(job.upload_id, None)
                    job.forget_upload()
            raise
        with self.state.lock:
            if job.upload_id:
                self.state.uploads.pop(job.upload_id, None)
            job.forget_upload()
        return result

    # -- conflicts -----------------------------------------------------------------------------------
    def _check_conflict(self, job: TransferJob, token: CancelToken) -> JobState | None:
        """Before the upload: is there an object at the key (and what does the user want then)?

        A batch of many files into one prefix looks the keys up in one listing of that prefix
        (:meth:`BatchListings.lookup`); otherwise, or when listing is not allowed, one HEAD per file.
        The REPLACE policy needs no look at all.
        """
        if self.conflicts.policy(job) is ConflictPolicy.REPLACE:
            return None
        listing = self.listings.lookup(job, token)
        if listing is not None:
            found = listing.get(job.key)
            if found is None:
                return None
            size, modified, etag = found
        else:
            try:
                existing = self.storage.stat(job.bucket, job.key)
            except NoSuchKey:
                return None
            size, modified, etag = existing.size, existing.last_modified, existing.etag
        return self._answer_conflict(job, token, size, modified, etag)

    def _late_conflict(self, job: TransferJob, token: CancelToken) -> JobState | None:
        """The server refused a conditional write: an object appeared at the key after the check."""
        return self._ask_again(job, token, changed=False)

    def _changed_since_answer(self, job: TransferJob, token: CancelToken) -> JobState | None:
        """The server refused the replacing write: the object is no longer the one the user chose to
        replace. It is kept; the question is asked again with what is there now (the upload not done
        unless the answer allows it)."""
        log.info("s3://%s/%s changed since the user chose to replace it; asking again", job.bucket, job.key)
        with self.state.lock:
            job.if_match, job.replace_asked, job.check_conflict = None, False, True
        return self._ask_again(job, token, changed=True)

    def _ask_again(self, job: TransferJob, token: CancelToken, changed: bool) -> JobState | None:
        try:
            existing = self.storage.stat(job.bucket, job.key)
            size, modified, etag = existing.size, existing.last_modified, existing.etag
        except NoSuchKey:
            return None  # gone again: try once more
        except AccessDenied:
            # the key may write, not read: the question has no details
            size, modified, etag = None, None, None
        return self._answer_conflict(job, token, size, modified, etag, changed)

    def _answer_conflict(self, job: TransferJob, token: CancelToken, size: int | None,
                         modified: datetime | None, etag: str | None, changed: bool = False) -> JobState | None:
        """Ask about the object at the key (``etag``: the one the question shows). "Replace" replaces
        that object only: the write is conditioned on its ETag (``If-Match``), so an object changed
        after the question is kept and asked about again (:meth:`_changed_since_answer`)."""
        answer = self.conflicts.resolve(ConflictQuestion(
            job.id, job.direction, job.name, f"s3://{job.bucket}/{job.key}", size, modified, job.size,
            changed_since=changed), token)
        if answer.choice is ConflictPolicy.SKIP:
            with self.state.lock:
                job.error = ("Skipped: the object changed since you chose to replace it; it was kept." if changed
                             else "Skipped: the object exists already.")
            return JobState.SKIPPED
        if answer.choice is ConflictPolicy.REPLACE:
            with self.state.lock:
                job.check_conflict = False  # decided: a resumed or retried run does not ask again
                if etag:  # ... and replaces only the object the question was about
                    job.if_match, job.replace_asked = etag, True
        if answer.choice is ConflictPolicy.KEEP_BOTH:
            new_key = self._free_key(job.bucket, job.key)
            with self.state.lock:
                self.state.release_claim(job)
                job.key = new_key
                self.state.claim(job)
                job.content_type = job.content_type or upload_content_type(job.bucket, new_key,
                                                                           self.settings.names)
        return None

    def _free_key(self, bucket: str, key: str) -> str:
        folder, _, name = key.rpartition("/")
        for n in range(1, 10_000):
            cand = (folder + "/" if folder else "") + numbered_name(name, n)
            with self.state.lock:
                if ("s3", bucket, cand) in self.state.claims:
                    continue
            if not self.storage.exists(bucket, cand):
                return cand
        raise Conflict(Text(QT_TR_NOOP("No free name was found next to s3://{0}/{1}."), bucket, key))

    # -- resuming ------------------------------------------------------------------------------------
    def _validate_parts(self, job: TransferJob, path: Path, token: CancelToken) -> UploadResult | None:
        """Resume: keep only the server's parts that match the local file (size and MD5). An upload
        the server no longer has is started over, unless the object at the key proves to be this
        file (:func:`stored_already`): that is the result then."""
        if not job.upload_id:
            return None
        try:
            listed = self.storage.list_parts(job.bucket, job.key, job.upload_id)
        except StorageError as err:
            if err.code in ("NoSuchUpload", "NoSuchKey") or isinstance(err, NoSuchKey):
                log.info("upload %s of %s is gone on the server", job.upload_id, job.name)
                stored = stored_already(self.storage, job, path, token)
                with self.state.lock:
                    self.state.uploads.pop(job.upload_id, None)
                    job.forget_upload()
                return stored
            raise
        good: dict[int, str] = {}
        with open(path, "rb") as fh:
            for number, offset, length in plan_parts(job.source_size or 0, job.part_size):
                token.raise_if_cancelled()
                if number not in listed or listed[number][1] != length:
                    continue
                fh.seek(offset)
                if _md5_of(fh, length) == listed[number][0]:
                    good[number] = listed[number][0]
        with self.state.lock:
            job.done_parts = good
        log.info("resuming %s: %d of %d parts are on the server", job.name, len(good),
                 len(plan_parts(job.source_size or 0, job.part_size)))
        return None


def _md5_of(fh: Any, length: int) -> str:
    md5 = hashlib.md5()
    hash_stream(fh, md5, length)
    return md5.hexdigest()
