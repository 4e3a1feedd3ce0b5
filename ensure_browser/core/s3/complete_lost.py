"""A CompleteMultipartUpload whose answer was lost: what the server did, asked before anything else.

The HTTP pool repeats no POST (see :mod:`.retries`). A completion that failed in a way where it may
have reached the server (a dropped or reset connection, a timeout, a 5xx from a gateway that gave up
waiting: :data:`MAY_HAVE_COMPLETED`) may have stored the object all the same. Reporting that as a
failure and aborting would be wrong twice: the abort meets ``NoSuchUpload``, and a later create-only
upload of the same file meets "exists already" for the user's own bytes. So
:func:`complete_reconciled` asks the server first:

- ListParts of the upload id answers: the upload is still there, not completed. The completion is
  sent once more, with the same conditions (it is idempotent while the upload exists).
- ``NoSuchUpload``: it was completed (or aborted). The upload counts as done only when the object at
  the key proves to be exactly these bytes: its size is the file's, its ETag is the multipart ETag of
  the parts (``md5(part md5s)-N``) and, where the parts carried CRC32s and the HEAD answers the
  object's checksum, that is the composite checksum of the bytes sent. Otherwise an error says what
  is known (:data:`GONE`, :data:`NOT_OURS`, :data:`UNPROVEN`); the upload id, gone already, is not
  aborted, and nothing is deleted or written on the strength of a guess.
- Anything else (ListParts failing too): the completion's own error, as before (the caller aborts).

A 4xx answer to the completion (412, 400 ...) says the server refused it: it is raised as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ensure_browser.core.errors import Conflict, ErrorKind, NoSuchKey, StorageError
from ensure_browser.core.s3.create_upload import MAY_HAVE_REACHED
from ensure_browser.core.s3.model import ObjectStat, is_md5_etag
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

# the completion may have been done although it failed (a TLS connection that drops is a TlsFailure)
MAY_HAVE_COMPLETED = MAY_HAVE_REACHED | {ErrorKind.TLS}
GONE = "UploadGone"  # the upload is gone and nothing is at the key
NOT_OURS = "CompletedObjectDiffers"  # the upload is gone and the object at the key is another one
UNPROVEN = "CompletionUnproven"  # the upload is gone; the object at the key cannot be told ours or not
UPLOAD_GONE_CODES = frozenset({GONE, NOT_OURS, UNPROVEN})
_NO_UPLOAD = frozenset({"NoSuchUpload", "NoSuchKey"})  # ListParts of an upload id the server no longer has

Completion = tuple[str, str, bool]  # the object's ETag, its composite checksum (or ""), encrypted


class _Calls(Protocol):
    def list_parts(self, bucket: str, key: str, upload_id: str) -> dict[int, tuple[str, int]]: ...

    def stat(self, bucket: str, key: str, version_id: str | None = None) -> ObjectStat: ...


@dataclass(frozen=True)
class Expected:
    """What the object of the upload is: ``size`` bytes, the multipart ``etag`` of its parts and
    (parts with CRC32s) its composite ``checksum``, else ``""``."""

    size: int
    etag: str
    checksum: str = ""


def upload_gone(exc: BaseException) -> bool:
    """``exc`` is an error of :func:`complete_reconciled` after which the server has no such upload
    (completed or aborted): there is nothing to abort."""
    return isinstance(exc, StorageError) and exc.code in UPLOAD_GONE_CODES


def complete_reconciled(storage: _Calls, bucket: str, key: str, upload_id: str, expected: Expected,
                        complete: Callable[[], Completion]) -> Completion:
    """``complete()`` (the CompleteMultipartUpload of ``upload_id``): its answer, or after a failure
    that may have reached the server, what the server shows it did (see the module's docstring)."""
    try:
        return complete()
    except StorageError as err:
        if err.kind not in MAY_HAVE_COMPLETED:
            raise
        lost = err
    log.warning("the answer to the completion of upload %s of %s/%s may be lost (%s): asking the server",
                upload_id, bucket, key, lost.message)
    if _still_there(storage, bucket, key, upload_id, lost):
        log.info("upload %s of %s/%s is not completed: completing it again", upload_id, bucket, key)
        try:
            return complete()
        except StorageError as err:
            if err.kind is ErrorKind.SIGN_IN or _still_there(storage, bucket, key, upload_id, err):
                raise  # refused, or not done again: as before (the caller aborts the upload)
            lost = err  # the first completion may have been done meanwhile
    return _proven(storage, bucket, key, upload_id, expected, lost)


def _still_there(storage: _Calls, bucket: str, key: str, upload_id: str, err: StorageError) -> bool:
    """The server still has the upload (True) or not (False); ``err`` raised when it cannot be told."""
    try:
        storage.list_parts(bucket, key, upload_id)
    except StorageError as listed:
        if listed.code in _NO_UPLOAD:
            log.info("upload %s of %s/%s is no longer on the server (completed or aborted)", upload_id, bucket, key)
            return False
        log.warning("cannot tell whether upload %s of %s/%s was completed: %s", upload_id, bucket, key,
                    listed.message)
        raise err from listed
    return True


def _proven(storage: _Calls, bucket: str, key: str, upload_id: str, expected: Expected,
            lost: StorageError) -> Completion:
    """The upload is gone: the object at the key, if it proves to be the one expected."""
    where = f"s3://{bucket}/{key}"
    try:
        st = storage.stat(bucket, key)
    except NoSuchKey as err:
        log.warning("upload %s of %s is gone and nothing is there", upload_id, where)
        raise StorageError(Text(QT_TR_NOOP(
            "The upload of {0} was not completed: the answer to its completion was lost, and the server has "
            "neither the upload (it may have been aborted elsewhere) nor an object there. Upload the file again."),
            where), f"{lost.detail or lost.message}; then: {err.detail or err.message}", code=GONE) from err
    except StorageError as err:
        log.warning("upload %s of %s is gone; the object there cannot be read: %s", upload_id, where, err.message)
        raise _unproven(where, f"{lost.detail or lost.message}; HEAD: {err.detail or err.message}") from err
    detail = (f"{lost.detail or lost.message}; upload {upload_id} gone; stored: ETag {st.etag} size {st.size} "
              f"checksum {st.checksum or '-'}{' (encrypted)' if st.encrypted else ''}; this upload: ETag "
              f"{expected.etag} size {expected.size} checksum {expected.checksum or '-'}")
    etag = st.etag.strip('"').lower()
    checksum_differs = bool(expected.checksum and st.checksum and st.checksum != expected.checksum)
    if st.size == expected.size and etag == expected.etag.lower() and not checksum_differs:
        log.info("upload %s of %s was completed (its answer was lost): the object there is this upload's", upload_id,
                 where)
        return st.etag.strip('"'), st.checksum if expected.checksum else "", st.encrypted
    comparable = not st.encrypted and "-" in etag and is_md5_etag(etag.split("-", 1)[0])
    if st.size != expected.size or checksum_differs or comparable:
        log.warning("upload %s of %s is gone and the object there is another one: %s", upload_id, where, detail)
        raise Conflict(Text(QT_TR_NOOP(
            "The answer to the completion of the upload of {0} was lost, and the object there now is not this "
            "file (another upload may have replaced it). It was left as it is; check which one to keep."), where),
            detail, code=NOT_OURS) from lost
    log.warning("upload %s of %s is gone; the object there cannot be proved this upload's: %s", upload_id, where,
                detail)
    raise _unproven(where, detail) from lost


def _unproven(where: str, detail: str) -> StorageError:
    return StorageError(Text(QT_TR_NOOP(
        "The answer to the completion of the upload of {0} was lost. The object may have been stored, but the "
        "server's answers cannot prove it is this file (an encrypted object, or a server that computes ETags "
        "differently). Check it before relying on it."), where), detail, code=UNPROVEN)
