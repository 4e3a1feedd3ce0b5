"""Temporary keys during a long transfer: renewed before they expire without interrupting a running
multipart upload, and, when renewal is impossible, the queue paused (not failed) until a new sign-in.

A real provider (oidc-provider-mock) behind a fault proxy (so it can become unreachable), a real
SeaweedFS whose STS API issues keys that live 8 seconds, and a fault proxy in front of the storage
that narrows the path so an upload outlives its first keys.
"""

from __future__ import annotations

import io
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from minio import Minio
from minio.credentials import StaticProvider
from minio.error import S3Error

from ensure_browser.core.auth.oidc_signin import SignedIn
from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.queue import TransferQueue
from ensure_browser.core.transfers.signed_out import resume_signed_in, waiting_for_sign_in
from tests.support.faultproxy import FaultProxy
from tests.support.logs import app_logging
from tests.support.oidc import Browser, ShortLived, short_lived, signed_in
from tests.support.servers import remove_bucket
from tests.support.transfers import sha256_file, write_big_file

MiB = 1024 * 1024
KEY_LIFETIME = 8  # seconds


@pytest.fixture(scope="module")
def short() -> Iterator[ShortLived]:
    with short_lived(KEY_LIFETIME) as value:
        yield value


def queue_for(storage: Storage, bucket: str, tmp_path: Path) -> tuple[TransferQueue, ThreadedDriver]:
    queue = TransferQueue(storage, BucketNames(documents=bucket), journal=Journal(tmp_path / "journal.json"),
                          part_size=5 * MiB, multipart_threshold=5 * MiB, part_parallel=1, retries=1,
                          retry_backoff=0.1)
    return queue, ThreadedDriver(queue)


def old_keys_refused(signed: SignedIn, endpoint: str) -> bool:
    creds = signed.credentials
    client = Minio(endpoint, credentials=StaticProvider(creds.access_key, creds.secret_key, creds.session_token),
                   secure=False)
    try:
        client.list_buckets()
    except S3Error as err:
        return err.code in ("InvalidAccessKeyId", "ExpiredToken", "AccessDenied", "InvalidToken")
    return False


def test_keys_renew_during_a_multipart_upload(short: ShortLived, tmp_path: Path) -> None:
    with FaultProxy(("127.0.0.1", short.server.server.s3_port)) as narrow, \
            app_logging(tmp_path / "log", verbose=2) as log_file:
        flow, signed = signed_in(short, narrow.endpoint)
        settings = flow.session_settings(signed)
        session = settings.credentials
        assert isinstance(session, SessionCredentials)
        renewals: list[str] = []
        keys = [signed.credentials]
        session.subscribe(lambda s: renewals.append("ok" if s.failure is None else s.failure.message))
        session.subscribe(lambda s: keys.append(s.retrieve()))
        storage = Storage(settings)
        bucket = f"renew-{uuid.uuid4().hex[:10]}"
        storage.make_bucket(bucket)
        src = tmp_path / "lesson.bin"
        sha = write_big_file(src, 12 * MiB, seed=3)
        queue, driver = queue_for(storage, bucket, tmp_path)
        try:
            narrow.faults.rate = 768 * 1024  # about 16 s for the upload: twice the keys' life
            started = time.monotonic()
            job_id = queue.add_upload(src, bucket, "lesson.bin")
            driver.drive()
            assert driver.wait(90)
            took = time.monotonic() - started
            narrow.faults.rate = 0
            job = queue.get(job_id)
            assert job is not None
            assert (job.state, job.error) == (JobState.DONE, "")
            assert took > KEY_LIFETIME  # the first keys expired while the upload ran ...
            assert old_keys_refused(signed, short.server.endpoint)  # ... and the server refuses them now
            assert renewals and set(renewals) == {"ok"}
            back = tmp_path / "back.bin"
            storage.download_file(bucket, "lesson.bin", back)
            assert sha256_file(back) == sha
            assert storage.list_multipart_uploads(bucket) == []
            # the debug log of the whole session holds no token and no temporary key
            text = log_file.read_text()
            assert "renewed; valid until" in text
            assert not re.search(r"eyJ[\w-]{8,}\.[\w-]{8,}\.", text)
            assert signed.refresh_token and signed.refresh_token not in text
            for creds in keys:
                assert creds.session_token and creds.session_token not in text and creds.secret_key not in text
        finally:
            driver.close()
            narrow.faults.rate = 0
            remove_bucket(storage, bucket)


def test_renewal_failure_pauses_the_queue_until_a_new_sign_in(short: ShortLived, tmp_path: Path) -> None:
    with FaultProxy(("127.0.0.1", short.server.server.s3_port)) as narrow:
        flow, signed = signed_in(short, narrow.endpoint)
        settings = flow.session_settings(signed)
        session = settings.credentials
        assert isinstance(session, SessionCredentials)
        storage = Storage(settings)
        bucket = f"pause-{uuid.uuid4().hex[:10]}"
        storage.make_bucket(bucket)
        storage.client.put_object(bucket, "before.txt", io.BytesIO(b"x"), 1)
        src = tmp_path / "exam.bin"
        sha = write_big_file(src, 12 * MiB, seed=4)
        queue, driver = queue_for(storage, bucket, tmp_path)
        try:
            short.idp.down()  # the identity provider cannot be reached: no renewal
            narrow.faults.rate = 768 * 1024
            job_id = queue.add_upload(src, bucket, "exam.bin")
            other = queue.add_upload(src, bucket, "exam-copy.bin")
            driver.drive()
            assert driver.wait(90)
            narrow.faults.rate = 0
            job, second = queue.get(job_id), queue.get(other)
            assert job is not None and second is not None
            assert job.state is JobState.PAUSED and second.state is JobState.PAUSED  # not failed
            assert job.error == "Your sign-in has expired: sign in again to go on."
            assert job.upload_id  # the multipart upload is kept, to resume from its parts
            assert sorted(waiting_for_sign_in(queue)) == sorted([job_id, other])
            assert session.failure is not None and "could not be reached" in session.failure.message

            short.idp.up()  # the person signs in again; the same connection goes on with the new keys
            again = flow.interactive(Browser("carol"), timeout=30)
            session.restart(again.credentials, flow.renewer(again), again.person)
            assert sorted(resume_signed_in(queue)) == sorted([job_id, other])
            driver.drive()
            assert driver.wait(90)
            for jid in (job_id, other):
                done = queue.get(jid)
                assert done is not None and (done.state, done.error) == (JobState.DONE, "")
            back = tmp_path / "back.bin"
            storage.download_file(bucket, "exam.bin", back)
            assert sha256_file(back) == sha
        finally:
            short.idp.up()
            narrow.faults.rate = 0
            driver.close()
            remove_bucket(storage, bucket)
