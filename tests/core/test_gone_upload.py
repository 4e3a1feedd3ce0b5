"""A queued multipart upload the server no longer has is done only when the object at its key proves
to be the file (see ensure_browser/core/transfers/gone_upload.py): against the real SeaweedFS server,
an object of another file with the same size and as many parts, the file stored in other parts or as
one PUT, or nothing, all start the upload over (None)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ensure_browser.core.cancel import NEVER
from ensure_browser.core.s3.storage import CHECKSUM_CRC32, MIN_PART_SIZE, Storage
from ensure_browser.core.transfers.gone_upload import stored_already
from ensure_browser.core.transfers.jobs import Direction, TransferJob
from tests.support.transfers import write_big_file

SIZE = 2 * MIN_PART_SIZE + 1  # three parts


def _job(bucket: str, src: Path, checksum: str = CHECKSUM_CRC32) -> TransferJob:
    return TransferJob("j1", Direction.UPLOAD, bucket, "docs/big.bin", str(src), size=SIZE,
                       checksum=checksum, part_size=MIN_PART_SIZE, source_size=SIZE, upload_id="gone")


@pytest.mark.parametrize("checksum", [CHECKSUM_CRC32, ""])
def test_the_file_stored_in_the_same_parts_is_done(admin_storage: Storage, bucket: str, tmp_path: Path,
                                                   checksum: str) -> None:
    src = tmp_path / "big.bin"
    write_big_file(src, SIZE, seed=1)
    stored = admin_storage.upload_multipart(bucket, "docs/big.bin", src, part_size=MIN_PART_SIZE)
    result = stored_already(admin_storage, _job(bucket, src, checksum), src, NEVER)
    assert result is not None and result.verified and not result.disproved
    assert result.etag == stored.etag and result.size == SIZE


def test_another_file_of_the_same_size_and_parts_is_not_taken_for_it(
        admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src, theirs = tmp_path / "big.bin", tmp_path / "theirs.bin"
    write_big_file(src, SIZE, seed=1)
    write_big_file(theirs, SIZE, seed=2)
    admin_storage.upload_multipart(bucket, "docs/big.bin", theirs, part_size=MIN_PART_SIZE)
    assert stored_already(admin_storage, _job(bucket, src), src, NEVER) is None


def test_the_file_in_other_parts_one_put_or_nothing_starts_over(
        admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "big.bin"
    write_big_file(src, SIZE, seed=1)
    job = _job(bucket, src)
    assert stored_already(admin_storage, job, src, NEVER) is None  # nothing at the key
    admin_storage.upload_multipart(bucket, "docs/big.bin", src, part_size=2 * MIN_PART_SIZE)  # two parts
    assert stored_already(admin_storage, job, src, NEVER) is None
    admin_storage.upload_bytes(bucket, "docs/big.bin", src.read_bytes())  # one PUT: an MD5 ETag
    assert stored_already(admin_storage, job, src, NEVER) is None
