"""The S3 dialect matrix: the storage contract and the command line against SeaweedFS, ``moto_server``
and ``rclone serve s3`` (each started by the test session on loopback, see tests/support/dialects.py).

What a server does differently is named in :data:`DEPARTURES`, the one table of expected departures:
a test that meets one asserts that the departure happens and that the app says it in plain words;
nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import urllib.request
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, Filter
from minio.error import InvalidResponseError, S3Error
from minio.lifecycleconfig import Expiration, LifecycleConfig, Rule

from ensure_browser.cli.main import main
from ensure_browser.core.errors import (
    Conflict,
    NoSuchBucket,
    NoSuchKey,
    NotSupported,
    UnknownAccessKey,
    WrongSecret,
    translate,
)
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.s3.capabilities import Capability, words
from ensure_browser.core.s3.storage import CHANGED, MIN_PART_SIZE, Storage, UploadResult, crc32_header
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import Direction, JobState, TransferJob
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.dialects import MOTO, RCLONE, SEAWEEDFS, Dialect
from tests.support.servers import made_buckets

#: server -> {what departs: what the app says about it (or, where the app cannot tell, why)}
DEPARTURES: dict[str, dict[str, str]] = {
    SEAWEEDFS: {},
    MOTO: {
        "signatures": "moto_server checks no signatures: a wrong secret key is accepted",
        "upload_dates": "moto_server dates every multipart upload 2010-11-10: the scan finds it stale",
        "checksums": "This server does not answer upload checksums: uploads are checked by their MD5 instead.",
        "sha256_checksums": "This server does not take SHA-256 checksums of uploads: single uploads are sent "
                            "without one and checked by their ETag (the MD5 of the bytes) instead.",
    },
    RCLONE: {
        "bucket_policies": "This server does not support bucket policies.",
        "checksums": "This server does not answer upload checksums: uploads are checked by their MD5 instead.",
        "create_only_put": "This server ignores create-only uploads (If-None-Match): the app checks that the name "
                           "is free right before each upload and that its bytes are the ones stored after it.",
        "lifecycle": "This server does not support lifecycle rules.",
        "delete_conditions": "This server ignores delete conditions: the app looks at each object right before "
                             "deleting it.",
        "unsigned_requests": "rclone answers every unsigned request 400 UnsupportedAlgorithm: the probe says the "
                             "answer tells nothing about access",
    },
}


def departs(dialect: Dialect, what: str) -> str | None:
    """What the app says of the departure ``what`` of this server (None: none expected)."""
    return DEPARTURES[dialect.name].get(what)


def public_read(bucket: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{bucket}/*/thumbnails/*"]}]})


def run_cli(dialect: Dialect, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``ensure-browser ARGV --endpoint ... --access-key ...`` (the secret from the environment):
    its exit status and what it printed (stdout and stderr)."""
    status = main([*argv, "--endpoint", dialect.endpoint, "--access-key", dialect.access_key])
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.fixture
def cli_env(dialect: Dialect, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("MINIO_ROOT_PASSWORD", raising=False)  # it would come first
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", dialect.secret_key)


@pytest.fixture
def storage(dialect: Dialect) -> Storage:
    return dialect.storage()  # a new one per test: what it learns of the server starts empty


@pytest.fixture
def make_bucket(dialect: Dialect) -> Iterator[Callable[[str], str]]:
    with made_buckets(dialect.storage()) as factory:
        yield factory


@pytest.fixture
def bucket(make_bucket: Callable[[str], str]) -> str:
    return make_bucket("d")


def test_listing_by_level_in_pages_and_recursive(storage: Storage, bucket: str) -> None:
    for key in ("k1", "k2", *(f"a/{i}.txt" for i in range(5)), "a/b/deep.txt"):
        storage.upload_bytes(bucket, key, key.encode())
    assert [[e.key for e in page] for page in storage.list_level(bucket, "", page_size=2)] == [["k1", "k2"], ["a/"]]
    pages = [[e.key for e in page] for page in storage.list_level(bucket, "a/", page_size=2)]
    assert pages == [["a/0.txt", "a/1.txt"], ["a/2.txt", "a/3.txt"], ["a/4.txt", "a/b/"]]
    assert [e.key for e in storage.list_recursive(bucket, "a/b/")] == ["a/b/deep.txt"]
    assert len(list(storage.list_recursive(bucket))) == 8
    with pytest.raises(NoSuchBucket):  # rclone: its error bodies come as text/xml
        next(storage.list_level(f"missing-{uuid.uuid4().hex[:8]}"))


def test_stat_metadata_and_ranges(storage: Storage, bucket: str) -> None:
    data = b"0123456789" * 10
    storage.upload_bytes(bucket, "doc/file.txt", data, "text/plain", {"title": "Grüße", "n": "1"})
    st = storage.stat(bucket, "doc/file.txt")
    assert (st.size, st.etag, st.content_type) == (100, hashlib.md5(data).hexdigest(), "text/plain")
    assert st.metadata == {"title": "Grüße", "n": "1"}
    assert storage.read_range(bucket, "doc/file.txt", 5, 10) == data[5:15]
    assert storage.read_range(bucket, "doc/file.txt", 95) == data[95:]
    assert storage.read_capped(bucket, "doc/file.txt", 30) == (data[:30], True)
    storage.upload_bytes(bucket, "doc/empty.txt", b"")
    assert storage.read_capped(bucket, "doc/empty.txt", 30) == (b"", False)  # rclone: InvalidRange in text/xml
    assert storage.read_range(bucket, "doc/empty.txt") == b""
    with pytest.raises(NoSuchKey):
        storage.stat(bucket, "doc/missing.txt")
    assert not storage.exists(bucket, "doc/missing.txt")


def test_single_and_multipart_uploads_are_verified(dialect: Dialect, storage: Storage, bucket: str,
                                                    tmp_path: Path) -> None:
    """Checked by their checksum where the server answers it, else by their MD5 (moto, rclone); a single
    PUT on obstore by its SHA-256 where the server takes it, and always by its ETag (the MD5)."""
    assert storage.upload_bytes(bucket, "small.bin", os.urandom(1000)).verified
    says = departs(dialect, "sha256_checksums")
    assert storage.capabilities.supports(Capability.SHA256_CHECKSUMS) is (says is None)
    assert (says or words(Capability.SHA256_CHECKSUMS, True)) in storage.capabilities.lines()
    assert storage.upload_bytes(bucket, "small1.bin", os.urandom(1000)).verified  # as learnt
    assert storage.upload_bytes(bucket, "crc\x7fsmall.bin", os.urandom(1000)).verified  # a key for the other path
    says = departs(dialect, "checksums")
    assert storage.capabilities.supports(Capability.CHECKSUMS) is (says is None)
    assert (says or "This server checks upload checksums (CRC32) and answers them.") in storage.capabilities.lines()
    assert storage.upload_bytes(bucket, "crc\x7fsmall2.bin", os.urandom(1000)).verified  # CRC32 alone, or MD5 again
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(2 * MIN_PART_SIZE + 1000))
    result = storage.upload_file(bucket, "big.bin", big, multipart_threshold=MIN_PART_SIZE, part_size=MIN_PART_SIZE)
    assert result.verified and result.etag.endswith("-3")
    back = tmp_path / "back.bin"
    st = storage.download_file(bucket, "big.bin", back, parallel=2, part_size=MIN_PART_SIZE)
    assert st.size == big.stat().st_size and back.read_bytes() == big.read_bytes()


def test_presigned_link_fetches_the_object(storage: Storage, bucket: str) -> None:
    storage.upload_bytes(bucket, "share/a b.txt", b"shared bytes")
    url = storage.presign_get(bucket, "share/a b.txt", timedelta(minutes=5))
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == b"shared bytes"


def test_delete_one_and_many(storage: Storage, bucket: str) -> None:
    for key in ("x/1", "x/2", "x/3"):
        storage.upload_bytes(bucket, key, b"1")
    storage.delete(bucket, "x/1")
    assert storage.delete_many(bucket, ["x/2", "x/3", "x/never"]) == {}
    assert list(storage.list_recursive(bucket)) == []



def test_a_delete_keeps_an_object_replaced_since_it_was_seen(dialect: Dialect, storage: Storage, bucket: str) -> None:
    """Each server deletes what was seen and keeps what was replaced since, whether it honours a
    multi-object DELETE's ETag conditions or the app looks at each object first."""
    seen = {key: storage.upload_bytes(bucket, key, b"0123456789abcdef").etag for key in ("c/a", "c/b", "c/gone")}
    storage.upload_bytes(bucket, "c/a", b"x" * 60)
    storage.delete(bucket, "c/gone")
    refused = storage.delete_unchanged(bucket, sorted(seen.items()))
    assert refused == {"c/a": CHANGED, "c/gone": "NoSuchKey"}
    assert [o.key for o in storage.list_recursive(bucket)] == ["c/a"] and storage.read_range(bucket, "c/a") == b"x" * 60
    says = departs(dialect, "delete_conditions")
    assert storage.capabilities.supports(Capability.DELETE_CONDITIONS) is (says is None)
    assert (says or "This server deletes an object only while it is the one the app saw.") in storage.capabilities.lines()


def test_wrong_keys_are_refused_in_plain_words(dialect: Dialect, bucket: str) -> None:
    """The error codes are read (rclone declares its error bodies text/xml), for a GET and a HEAD."""
    wrong = Dialect(dialect.name, dialect.endpoint, dialect.access_key, "not-the-secret").storage()
    unknown = Dialect(dialect.name, dialect.endpoint, "nobody-" + uuid.uuid4().hex[:8], "x").storage()
    if departs(dialect, "signatures"):
        assert bucket in wrong.list_buckets() and wrong.bucket_exists(bucket)  # no signature checked at all
        assert bucket in unknown.list_buckets()
        return
    for call in (wrong.list_buckets, lambda: wrong.bucket_exists(bucket)):
        with pytest.raises(WrongSecret, match="secret key .* is wrong"):
            call()
    with pytest.raises(UnknownAccessKey, match="does not know the access key"):
        unknown.list_buckets()


def test_an_error_declared_as_another_xml_type_is_read_outside_the_pool_too(dialect: Dialect) -> None:
    """minio-py with urllib3's own pool (not the storage layer's, which declares rclone's text/xml
    errors application/xml): rclone's answer arrives as InvalidResponseError, the others' as
    S3Error, and both are translated from their S3 error code."""
    client = Minio(dialect.endpoint, dialect.access_key, dialect.secret_key, secure=False,
                   http_client=urllib3.PoolManager())
    missing = "missing-" + uuid.uuid4().hex[:8]
    with pytest.raises(Exception) as info:
        client.get_bucket_versioning(missing)
    assert isinstance(info.value, InvalidResponseError if dialect.name == RCLONE else S3Error), info.value
    error = translate(info.value, endpoint=dialect.endpoint, bucket=missing)
    assert isinstance(error, NoSuchBucket) and error.code == "NoSuchBucket", error


def test_multipart_uploads_in_progress_are_listed(storage: Storage, bucket: str) -> None:
    """rclone answers 404 NoSuchUpload when none is in progress, and its list has no XML namespace."""
    assert storage.list_multipart_uploads(bucket) == []
    storage.upload_bytes(bucket, "x", b"1")
    assert storage.list_multipart_uploads(bucket) == []
    key = "big/a b+c ü.bin"
    upload_id = storage.create_multipart(bucket, key, "application/octet-stream")
    storage.upload_part(bucket, key, upload_id, 1, b"a" * 100)
    assert [(u.key, u.upload_id) for u in storage.list_multipart_uploads(bucket)] == [(key, upload_id)]
    assert [u.key for u in storage.list_multipart_uploads(bucket, "big/")] == [key]
    assert storage.list_multipart_uploads(bucket, "other/") == []
    assert storage.list_parts(bucket, key, upload_id) == {1: (hashlib.md5(b"a" * 100).hexdigest(), 100)}
    storage.abort_multipart(bucket, key, upload_id)
    assert storage.list_multipart_uploads(bucket) == []
    assert storage.capabilities.supports(Capability.MULTIPART_LISTING) is True


def test_bucket_policies_where_offered(dialect: Dialect, make_bucket: Callable[[str], str]) -> None:
    """rclone has none: it answers a policy read with a listing, and took a DELETE of a policy for a
    DELETE of the bucket (an empty one was gone); nothing is sent to it but the first read."""
    bucket, empty = make_bucket("d"), make_bucket("e")
    says = departs(dialect, "bucket_policies")
    calls: list[Callable[[Storage], object]] = [
        lambda s: s.get_bucket_policy(bucket),
        lambda s: s.set_bucket_policy(bucket, public_read(bucket)),
        lambda s: s.delete_bucket_policy(empty),
    ]
    if says:
        for call in calls:
            fresh = dialect.storage()  # nothing known yet: the write finds out first
            with pytest.raises(NotSupported) as info:
                call(fresh)
            assert info.value.message == says
            assert fresh.capabilities.supports(Capability.BUCKET_POLICIES) is False
            assert says in fresh.capabilities.lines()
        assert dialect.storage().bucket_exists(empty)
        return
    storage = dialect.storage()
    assert storage.get_bucket_policy(bucket) is None
    storage.set_bucket_policy(bucket, public_read(bucket))
    assert policies_equivalent(parse_policy(storage.get_bucket_policy(bucket) or ""), parse_policy(public_read(bucket)))
    storage.delete_bucket_policy(bucket)
    assert storage.get_bucket_policy(bucket) is None
    dialect.storage().delete_bucket_policy(empty)  # none there: nothing to do
    assert storage.bucket_exists(empty)
    assert storage.capabilities.supports(Capability.BUCKET_POLICIES) is True


@pytest.mark.usefixtures("cli_env")
def test_command_line_provision_and_policy_check(dialect: Dialect, capsys: pytest.CaptureFixture[str]) -> None:
    """The schema's default bucket names on each server (a server of its own per dialect): the buckets
    missing before are created, and a second run has nothing to do."""
    storage, names = dialect.storage(), BucketNames()
    missing = [b for b in names.all() if not storage.bucket_exists(b)]  # test_command_line_scan provisions too
    status, out = run_cli(dialect, capsys, "provision")
    assert status == 0, out
    assert "not answer like an S3 server" not in out
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("Created bucket ")] == [f"Created bucket {b}" for b in missing]
    says = departs(dialect, "bucket_policies")
    if says:
        assert f"Not set: public read on ensure-study-documents/*/thumbnails/*: {says}" in out
        assert f"  {says}" in out  # what the server has shown, at the end
    else:  # set with the documents bucket (or by the run that created it)
        assert ("Set public read on ensure-study-documents/*/thumbnails/*" in lines) is (names.documents in missing)
    status, again = run_cli(dialect, capsys, "provision")
    assert status == 0, again
    assert not any(line.startswith(("Created bucket ", "Set public read ")) for line in again.splitlines())
    nothing = "Nothing to do: the buckets and the thumbnail policy are as the schema says."
    assert (nothing in again.splitlines()) is (says is None)  # or the policy's "Not set" again
    status, out = run_cli(dialect, capsys, "policy", "check")
    assert "Invalid JSON" not in out and "error" not in out.lower()
    assert status == 0, out
    assert out.count(f": NO POLICIES - {says}" if says else ": OK") == 4
    status, out = run_cli(dialect, capsys, "policy", "check", "--probe")  # unsigned requests, answered
    if departs(dialect, "signatures"):
        assert status == 1, out
        assert "Raw recording keys in ensure-study-recordings can be read by anyone without signing in" in out
    elif departs(dialect, "unsigned_requests"):
        assert status == 0, out
        assert "Raw recording: the server's answer says nothing about access (HTTP 400" in out
    else:
        assert status == 0, out
        assert out.count(": OK") == 4


def test_create_only_uploads_never_replace_an_object(dialect: Dialect, storage: Storage, bucket: str,
                                                     tmp_path: Path) -> None:
    """rclone ignores If-None-Match: the storage layer finds that out and looks the key up instead.
    An upload says that it created its object only where the server is known to refuse a
    create-only write over one (a write between the look-up and the upload may be lost elsewhere)."""
    first = storage.upload_bytes(bucket, "once.txt", b"first", if_absent=True)
    assert first.verified
    with pytest.raises(Conflict) as info:
        storage.upload_bytes(bucket, "once.txt", b"second", if_absent=True)
    assert info.value.code == "PreconditionFailed"
    assert storage.read_range(bucket, "once.txt") == b"first"
    says = departs(dialect, "create_only_put")
    assert storage.capabilities.supports(Capability.CREATE_ONLY_PUT) is (says is None)
    assert (says or "This server refuses an upload over an existing object when asked to.") in storage.capabilities.lines()
    assert first.created is (says is None)

    big, other = tmp_path / "big.bin", tmp_path / "other.bin"
    big.write_bytes(os.urandom(MIN_PART_SIZE + 1000))
    other.write_bytes(os.urandom(MIN_PART_SIZE + 2000))
    options = {"multipart_threshold": MIN_PART_SIZE, "part_size": MIN_PART_SIZE, "if_absent": True}
    fresh = dialect.storage()  # nothing known: the look-ups before and after
    result = fresh.upload_file(bucket, "big.bin", big, **options)  # type: ignore[arg-type]
    assert result.verified and not result.created  # no answer has shown whether the server refuses one
    with pytest.raises(Conflict):
        fresh.upload_file(bucket, "once.txt", other, **options)  # type: ignore[arg-type]
    with pytest.raises(Conflict):  # known: the server's own refusal, or the look-up right before completing
        storage.upload_file(bucket, "big.bin", other, **options)  # type: ignore[arg-type]
    assert storage.stat(bucket, "big.bin").size == MIN_PART_SIZE + 1000
    assert storage.read_range(bucket, "big.bin", 0, 64) == big.read_bytes()[:64]
    assert storage.read_range(bucket, "once.txt") == b"first"
    assert storage.list_multipart_uploads(bucket) == []  # the refused upload was aborted


def test_a_disproved_upload_is_removed_only_where_it_created_the_object(
        dialect: Dialect, storage: Storage, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's answer proves an upload's bytes wrong (simulated: the bytes sent "had" another
    CRC32, or another MD5 where the server answers no checksum): the job fails, and the object is
    removed only where the server refuses a create-only write over an object. rclone ignores
    If-None-Match, so the upload may have replaced an object there: it is kept."""
    queue = TransferQueue(storage, BucketNames(documents=bucket), journal=Journal(tmp_path / "journal.json"))
    uploads = queue.runners[Direction.UPLOAD]
    real_verify = uploads.verify

    def verify(job: TransferJob, result: UploadResult) -> None:
        if result.checksum:
            real_verify(job, dataclasses.replace(result, local_checksum=crc32_header(zlib.crc32(b"other bytes"))))
        else:
            real_verify(job, dataclasses.replace(result, local_etag=hashlib.md5(b"other bytes").hexdigest()))

    monkeypatch.setattr(uploads, "verify", verify)
    job_id = queue.add_upload(_written(tmp_path / "v.txt", b"the bytes sent"), bucket, "v.txt")
    driver = ThreadedDriver(queue)
    try:
        driver.drive()
        assert driver.wait(30)
    finally:
        driver.close()
    job = queue.get(job_id)
    assert job is not None and job.state is JobState.FAILED and "Verification failed" in job.error
    ignores_create_only = departs(dialect, "create_only_put") is not None
    assert storage.capabilities.supports(Capability.CREATE_ONLY_PUT) is not ignores_create_only
    if ignores_create_only:
        assert "it was kept, since it may have replaced an earlier object" in job.error
        assert storage.read_range(bucket, "v.txt") == b"the bytes sent"
    else:
        assert "was removed" in job.error and not storage.exists(bucket, "v.txt")


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_versioning_and_lifecycle_as_the_server_answers(dialect: Dialect, storage: Storage, bucket: str) -> None:
    """rclone answers a lifecycle request with a listing of the bucket (minio-py read it as no rules)."""
    features = storage.bucket_features(bucket)
    assert features.versioning == "Off"
    assert "This server supports bucket versioning." in storage.capabilities.lines()
    says = departs(dialect, "lifecycle")
    if says:
        assert features.lifecycle_rules is None and says in storage.capabilities.lines()
        return
    assert features.lifecycle_rules == 0
    rule = Rule(ENABLED, rule_filter=Filter(prefix="temp/"), rule_id="temp", expiration=Expiration(days=1))
    storage.client.set_bucket_lifecycle(bucket, LifecycleConfig([rule]))
    assert storage.bucket_features(bucket).lifecycle_rules == 1
    assert "This server supports lifecycle rules." in storage.capabilities.lines()


@pytest.mark.usefixtures("cli_env")
def test_command_line_scan(dialect: Dialect, capsys: pytest.CaptureFixture[str]) -> None:
    """rclone's buckets were all critical 'bucket_unreadable' (its ListMultipartUploads answer)."""
    assert run_cli(dialect, capsys, "provision")[0] == 0
    storage = dialect.storage()
    names = BucketNames()
    storage.upload_bytes(names.documents, "temp/u1/part-1", b"1")
    upload_id = storage.create_multipart(names.recordings, "meet/x/chunk_1.webm", "video/webm")
    try:
        status, out = run_cli(dialect, capsys, "scan")
    finally:
        storage.abort_multipart(names.recordings, "meet/x/chunk_1.webm", upload_id)
    assert status == 0, out
    assert "bucket_unreadable" not in out and "uploads_not_listed" not in out
    stale = "warning" if departs(dialect, "upload_dates") else "info"
    assert re.search(rf"{stale} +incomplete_multipart_upload", out), out
    assert "Learned from the answers of the server" in out
    assert "This server lists incomplete multipart uploads." in out
    assert (departs(dialect, "lifecycle") or "This server supports lifecycle rules.") in out
