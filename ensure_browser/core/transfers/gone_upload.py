"""A multipart upload to resume that the server no longer has: was it completed after all?

The completion of an upload whose answer was lost is reconciled at once (see
:mod:`~ensure_browser.core.s3.complete_lost`), but where the server could not be asked then (the
network still down), the failure was retryable and the journal kept the upload id. When the job is
tried again (or resumed at the next start) and the server answers ``NoSuchUpload``, the upload may
have been completed by that lost completion: starting over would upload the file again, and a
create-only upload would meet "exists already" for the user's own bytes. So before starting over the
object at the key is looked up: it is this file when its size is the file's and its ETag the
multipart ETag of the file's parts (read again to compute it, only when the size and the number of
parts match) and, where the server answers it, its composite CRC32 is the file's. Then the job is done
with that object (verified as any upload); otherwise the upload starts over as before.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from pathlib import Path

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.headers import composite_crc32_of, multipart_etag_of
from ensure_browser.core.s3.storage import CHECKSUM_CRC32, Storage, UploadResult, hash_stream, plan_parts
from ensure_browser.core.transfers.jobs import TransferJob

log = logging.getLogger(__name__)


class _PartHashes:
    """A part's MD5 and CRC32, fed by :func:`hash_stream`."""

    def __init__(self) -> None:
        self.md5 = hashlib.md5()
        self.crc = 0

    def update(self, data: bytes) -> None:
        self.md5.update(data)
        self.crc = zlib.crc32(data, self.crc)


def stored_already(storage: Storage, job: TransferJob, path: Path, token: CancelToken) -> UploadResult | None:
    """The object at the job's key, when it proves to be the file at ``path`` that the job's gone
    multipart upload (of ``job.part_size`` parts) was sending; else None (see the module's docstring)."""
    where = f"s3://{job.bucket}/{job.key}"
    size = job.source_size or 0
    try:
        st = storage.stat(job.bucket, job.key)
    except StorageError as err:  # nothing there (or not readable): start over as before
        log.info("the upload of %s is gone and nothing provable is there: %s", where, err.message)
        return None
    plan = plan_parts(size, job.part_size)
    etag = st.etag.strip('"').lower()
    if st.encrypted or st.size != size or not etag.endswith(f"-{len(plan)}"):
        return None
    md5s: list[bytes] = []
    crcs: list[int] = []
    with open(path, "rb") as fh:
        for _number, offset, length in plan:
            hashes = _PartHashes()
            fh.seek(offset)
            hash_stream(fh, hashes, length, token)
            md5s.append(hashes.md5.digest())
            crcs.append(hashes.crc)
    local_etag = multipart_etag_of(md5s)
    local_checksum = composite_crc32_of(crcs) if job.checksum == CHECKSUM_CRC32 else ""
    if etag != local_etag or (local_checksum and st.checksum and st.checksum != local_checksum):
        return None
    log.info("the upload of %s is gone from the server and the object there is this file: done", where)
    return UploadResult(job.bucket, job.key, st.etag.strip('"'), size, local_etag,
                        st.checksum if local_checksum else "", local_checksum, st.encrypted)

