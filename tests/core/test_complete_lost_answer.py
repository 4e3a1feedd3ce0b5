"""A CompleteMultipartUpload whose answer is lost (see ensure_browser/core/s3/complete_lost.py).

The fault proxy passes the completion to the real SeaweedFS server and answers 503 in its place
(``lose_answer``: the server did complete it), or answers 503 without passing it on (``lose_request``:
the server never saw it). The upload is reported done only when the object at the key proves to be
these bytes; an upload the server still has is completed again; nothing is aborted that was completed,
and an object someone else put there is never claimed as this upload's.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.complete_lost import NOT_OURS, UNPROVEN
from ensure_browser.core.s3.storage import MIN_PART_SIZE, ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import JobState, TransferJob
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server
from tests.support.transfers import sha256_file, write_big_file

SIZE = 2 * MIN_PART_SIZE + 1  # three parts


def _through(proxy: FaultProxy, server: S3Server, retries: int = 2) -> Storage:
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      read_timeout=10, retries=retries))


def _completion(bucket: str, key: str) -> bytes:
    """The request line's start of the CompleteMultipartUpload of ``key`` (not the creation: ``?uploads=``)."""
    return f"POST /{bucket}/{key}?uploadId=".encode()


def _posts_and_aborts(proxy: FaultProxy) -> tuple[int, int]:
    completions = [r for r in proxy.requests_seen if r.startswith("POST ") and "?uploadId=" in r]
    aborts = [r for r in proxy.requests_seen if r.startswith("DELETE ") and "uploadId=" in r]
    return len(completions), len(aborts)


def _same_bytes(admin: Storage, bucket: str, key: str, sha: str, tmp_path: Path) -> bool:
    back = tmp_path / "back.bin"
    admin.download_file(bucket, key, back)
    return sha256_file(back) == sha


def _queued(storage: Storage, bucket: str, src: Path, journal: Journal) -> TransferJob:
    """``src`` uploaded to docs/big.bin by a transfer queue with ``journal`` (create-only, as the queue
    uploads where it must not replace); the job, done with no error."""
    queue = TransferQueue(storage, BucketNames(documents=bucket), journal=journal, part_size=MIN_PART_SIZE,
                          multipart_threshold=MIN_PART_SIZE, part_parallel=2, retries=2, retry_backoff=0.05)
    driver = ThreadedDriver(queue)
    try:
        job_id = queue.add_upload(src, bucket, "docs/big.bin")
        driver.drive()
        assert driver.wait(60)
    finally:
        driver.close()
    job = queue.get(job_id)
    assert job is not None and (job.state, job.error) == (JobState.DONE, "")
    return job


def _learn_create_only(storage: Storage, bucket: str) -> None:
    """The first create-only PUT of a connection is sent twice, the second refused (412): the storage
    knows the server honours ``If-None-Match`` from then on (no look-up before a create-only write)."""
    storage.upload_bytes(bucket, "first.txt", b"x", if_absent=True)
    assert storage.capabilities.supports(Capability.CREATE_ONLY_PUT) is True


def test_a_completion_done_whose_answer_is_lost_is_reported_done(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "big.bin"
    sha = write_big_file(src, SIZE, seed=1)
    storage = _through(proxy, s3_server)
    proxy.faults.lose_answer = _completion(bucket, "big.bin")  # the server completes it; the app hears 503
    result = storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
    assert proxy.stats.lost_answers == 1
    assert result.verified and result.etag == result.local_etag and result.etag.endswith("-3")
    assert admin_storage.stat(bucket, "big.bin").etag == result.etag
    assert _posts_and_aborts(proxy) == (1, 0)  # neither completed again nor aborted
    assert _same_bytes(admin_storage, bucket, "big.bin", sha, tmp_path)
    assert admin_storage.list_multipart_uploads(bucket) == []


def test_a_completion_the_server_never_saw_is_sent_again(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "big.bin"
    sha = write_big_file(src, SIZE, seed=2)
    storage = _through(proxy, s3_server)
    proxy.faults.lose_request = _completion(bucket, "big.bin")  # a gateway's 503; the server saw nothing
    result = storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
    assert proxy.stats.lost_requests == 1
    assert result.verified and result.etag == result.local_etag
    assert _posts_and_aborts(proxy) == (2, 0)  # the upload was still there: completed once more
    assert _same_bytes(admin_storage, bucket, "big.bin", sha, tmp_path)
    assert admin_storage.list_multipart_uploads(bucket) == []


def test_a_refused_completion_whose_answer_is_lost_fails_as_before(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """The server refused the completion (an object appeared: 412) and the app heard 503: the upload is
    still there, so the completion is sent again, refused again, and the upload aborted as before;
    the other object is not claimed."""
    src = tmp_path / "big.bin"
    write_big_file(src, SIZE, seed=3)
    storage = _through(proxy, s3_server)
    _learn_create_only(storage, bucket)
    other = b"someone else's file"

    def progress(done: int, total: int) -> None:
        if done == total:  # every part sent: someone else's upload lands before the completion
            admin_storage.upload_bytes(bucket, "big.bin", other)

    proxy.faults.lose_answer = _completion(bucket, "big.bin")
    with pytest.raises(E.Conflict) as info:
        storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE, if_absent=True, progress=progress)
    assert info.value.code == "PreconditionFailed"
    assert proxy.stats.lost_answers == 1
    assert _posts_and_aborts(proxy) == (2, 1)
    assert admin_storage.read_range(bucket, "big.bin") == other
    assert admin_storage.list_multipart_uploads(bucket) == []


def test_a_create_only_upload_whose_completion_answer_is_lost_is_done_in_the_queue(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """Through the transfer queue (create-only: ``If-None-Match: *`` on the completion), with its journal:
    the job is done, not "exists already", and the journal keeps neither the job nor its upload."""
    src = tmp_path / "big.bin"
    sha = write_big_file(src, SIZE, seed=4)
    journal = Journal(tmp_path / "journal.json")
    proxy.faults.lose_answer = _completion(bucket, "docs/big.bin")
    job = _queued(_through(proxy, s3_server), bucket, src, journal)
    assert job.upload_id is None
    assert proxy.stats.lost_answers == 1
    completion = next(h for h in proxy.stats.heads if h.startswith(_completion(bucket, "docs/big.bin")))
    assert b"\r\nif-none-match: *" in completion.lower()  # it was a create-only completion
    assert _posts_and_aborts(proxy) == (1, 0)
    assert _same_bytes(admin_storage, bucket, "docs/big.bin", sha, tmp_path)
    assert admin_storage.list_multipart_uploads(bucket) == []
    saved = journal.load()
    assert saved.uploads == {}
    assert job.id not in [record.get("id") for record in saved.jobs]  # done: nothing left to resume


def test_an_object_replaced_before_the_check_is_not_claimed(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """The server completed the upload, its answer was lost, and someone else's upload of as many bytes
    (multipart too) replaced the object before the app asked: not this upload's; nothing aborted or
    deleted, and the error says so."""
    src = tmp_path / "big.bin"
    write_big_file(src, SIZE, seed=5)
    theirs = tmp_path / "theirs.bin"
    their_sha = write_big_file(theirs, SIZE, seed=6)
    storage = _through(proxy, s3_server)
    proxy.faults.lose_answer = _completion(bucket, "big.bin")
    proxy.faults.hold, proxy.faults.released = b"max-parts=", threading.Event()  # the app's ListParts waits

    def replace_while_held() -> None:
        while proxy.stats.held == 0:
            time.sleep(0.01)
        admin_storage.upload_multipart(bucket, "big.bin", theirs, part_size=MIN_PART_SIZE)
        proxy.faults.released.set()

    other = threading.Thread(target=replace_while_held, daemon=True)
    other.start()
    with pytest.raises(E.Conflict) as info:
        storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
    other.join(30)
    assert info.value.code == NOT_OURS
    assert "is not this file" in info.value.message and "check which one to keep" in info.value.message
    assert _posts_and_aborts(proxy) == (1, 0)
    assert _same_bytes(admin_storage, bucket, "big.bin", their_sha, tmp_path)  # theirs, untouched


def test_an_etag_that_cannot_prove_it_is_not_claimed_as_done(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A server whose objects' ETags are no MD5 (SSE-KMS, as the kms fault answers): the completion's
    answer lost, the object there cannot be proved this upload's, and the error says so (it may have
    been stored: check it); the completed upload is not aborted."""
    src = tmp_path / "big.bin"
    sha = write_big_file(src, SIZE, seed=7)
    storage = _through(proxy, s3_server)
    proxy.faults.kms = True
    proxy.faults.lose_answer = _completion(bucket, "big.bin")
    with pytest.raises(E.StorageError) as info:
        storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
    assert info.value.code == UNPROVEN and not info.value.retryable
    assert "may have been stored" in info.value.message and "Check it" in info.value.message
    assert _posts_and_aborts(proxy) == (1, 0)
    assert _same_bytes(admin_storage, bucket, "big.bin", sha, tmp_path)  # stored indeed, and kept


def test_a_completion_that_could_not_be_checked_is_found_done_when_the_queue_tries_again(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """The completion's answer lost and the server not reachable for the check either (its ListParts
    answered 503 too): the failure is kept retryable with the upload id in the journal; when the queue
    tries again, the server no longer has the upload and the object there is this file: done, no part
    sent again and no "exists already"."""
    src = tmp_path / "big.bin"
    sha = write_big_file(src, SIZE, seed=8)
    proxy.faults.lose_answer = _completion(bucket, "docs/big.bin")
    proxy.faults.lose_request = b"max-parts="  # the check after it fails as well (once)
    # retries=0: the pool does not repeat the ListParts answered 503
    _queued(_through(proxy, s3_server, retries=0), bucket, src, Journal(tmp_path / "journal.json"))
    assert (proxy.stats.lost_answers, proxy.stats.lost_requests) == (1, 1)
    assert _posts_and_aborts(proxy)[0] == 1  # completed once, by the request whose answer was lost
    assert len([r for r in proxy.requests_seen if r.startswith("PUT ") and "partNumber=" in r]) == 3
    assert _same_bytes(admin_storage, bucket, "docs/big.bin", sha, tmp_path)
    assert admin_storage.list_multipart_uploads(bucket) == []
