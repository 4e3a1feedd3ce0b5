"""The GETs on obstore (#23, core/s3/get_answers.py) against the real SeaweedFS: keys obstore carries
exactly go through it, the others through minio-py's public ``get_object``; both verified the same
way. Reads of a version, ``If-Match`` refused after a change, a cancellation within a second, the
resume of a ``.part``, and temporary keys of a signed-in person."""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, Conflict, NoSuchKey
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.get_answers import open_get
from ensure_browser.core.s3.object_store import exact_key
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.ldap import STAFF_ROLE, USERS
from tests.support.servers import S3Server, remove_bucket
from tests.support.versioned import versioned_names

MiB = 1024 * 1024


def counting_minio_gets(storage: Storage, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys GET through minio-py from now on (the others went through obstore)."""
    seen: list[str] = []
    original = storage.client.get_object

    def get_object(bucket: str, key: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(key)
        return original(bucket, key, *args, **kwargs)

    monkeypatch.setattr(storage.client, "get_object", get_object)
    return seen


@pytest.mark.parametrize("key", ["classrooms/c1/ü ß+%.pdf", "q?x#y", "a//b.txt", "tab\tkey.txt"])
def test_odd_keys_take_the_path_that_carries_them_exactly(
    s3_server: S3Server, bucket: str, key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    storage = s3_server.storage()
    data = os.urandom(70 * 1024)
    storage.client.put_object(bucket, key, io.BytesIO(data), len(data))
    storage.client.put_object(bucket, key.rstrip("/").replace("//", "/") + "-other", io.BytesIO(b"other"), 5)
    through_minio = counting_minio_gets(storage, monkeypatch)
    dest = tmp_path / "got.bin"
    st = storage.download_file(bucket, key, dest)
    assert dest.read_bytes() == data and st.key == key and st.etag == hashlib.md5(data).hexdigest()
    assert storage.read_range(bucket, key, 5, 10) == data[5:15]
    assert storage.read_capped(bucket, key, 100) == (data[:100], True)
    assert through_minio == ([] if exact_key(key) else [key] * 3)


def test_a_version_is_read_through_obstore(s3_server: S3Server, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    storage = s3_server.storage()
    with versioned_names(storage, "og") as names:
        bucket = names.documents
        storage.make_bucket(bucket)
        storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
        old, new = os.urandom(3 * MiB + 7), os.urandom(2 * MiB)
        first = storage.client.put_object(bucket, "v.bin", io.BytesIO(old), len(old)).version_id
        storage.client.put_object(bucket, "v.bin", io.BytesIO(new), len(new))
        through_minio = counting_minio_gets(storage, monkeypatch)
        st = storage.download_file(bucket, "v.bin", tmp_path / "old.bin", version_id=first)
        assert (tmp_path / "old.bin").read_bytes() == old and st.version_id == first and st.size == len(old)
        assert storage.read_capped(bucket, "v.bin", 10, version_id=first) == (old[:10], True)
        storage.download_file(bucket, "v.bin", tmp_path / "new.bin")
        assert (tmp_path / "new.bin").read_bytes() == new
        assert through_minio == []


def test_if_match_is_refused_after_a_change(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "c.txt", b"first")
    etag = admin_storage.stat(bucket, "c.txt").etag
    assert admin_storage.read_range(bucket, "c.txt", 1, 3, etag=etag) == b"irs"
    admin_storage.upload_bytes(bucket, "c.txt", b"second")
    with pytest.raises(Conflict) as info:
        admin_storage.read_range(bucket, "c.txt", 1, 3, etag=etag)
    assert info.value.code == "PreconditionFailed"
    with pytest.raises(Conflict):
        open_get(admin_storage, bucket, "c.txt", offset=2, if_match=etag)
    with pytest.raises(NoSuchKey):
        open_get(admin_storage, bucket, "gone.txt")


def test_a_changed_object_starts_a_resumed_download_over(admin_storage: Storage, bucket: str,
                                                         tmp_path: Path) -> None:
    """A ``.part`` begun with another ETag: the ranged GET's ``If-Match`` is refused, the download starts
    over and brings the object as it is now."""
    old, new = os.urandom(5 * MiB), os.urandom(5 * MiB)
    admin_storage.upload_bytes(bucket, "r.bin", old)
    etag = admin_storage.stat(bucket, "r.bin").etag
    admin_storage.upload_bytes(bucket, "r.bin", new)
    dest = tmp_path / "r.bin"
    (tmp_path / "r.bin.part").write_bytes(old[:MiB])
    (tmp_path / "r.bin.part.etag").write_text(etag)
    seen: list[int] = []
    admin_storage.download_file(bucket, "r.bin", dest, progress=lambda d, _t: seen.append(d))
    assert seen[0] == 0 and dest.read_bytes() == new and not (tmp_path / "r.bin.part.etag").exists()


def test_a_multipart_object_changed_between_ranges_is_fetched_again(admin_storage: Storage, bucket: str,
                                                                     tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(15 * MiB))
    admin_storage.upload_file(bucket, "m.bin", src, multipart_threshold=5 * MiB, part_size=5 * MiB)
    new = os.urandom(6 * MiB)
    changed: list[bool] = []

    def progress(done: int, _total: int) -> None:
        if done >= MiB and not changed:
            changed.append(True)
            admin_storage.upload_bytes(bucket, "m.bin", new)

    dest = tmp_path / "m.bin"
    st = admin_storage.download_file(bucket, "m.bin", dest, parallel=2, part_size=5 * MiB, progress=progress)
    assert changed and dest.read_bytes() == new and st.etag == hashlib.md5(new).hexdigest()


def cancel_after(token: CancelToken, at: int, when: list[float]) -> Callable[[int, int], None]:
    def progress(done: int, _total: int) -> None:
        if done >= at and not when:
            when.append(time.monotonic())
            token.cancel()
    return progress


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_cancelled_download_stops_within_a_second_and_resumes(
    admin_storage: Storage, bucket: str, tmp_path: Path, parallel: int,
) -> None:
    # cancelled past `parallel` ranges' worth of bytes: at least one range is whole whatever the
    # order the ranges went in, so the resumed download starts after it
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(40 * MiB))
    admin_storage.upload_file(bucket, "big.bin", src, multipart_threshold=5 * MiB, part_size=5 * MiB)
    token, when = CancelToken(), []
    dest = tmp_path / "big.bin"
    with pytest.raises(Cancelled):
        admin_storage.download_file(bucket, "big.bin", dest, parallel=parallel, part_size=5 * MiB,
                                    progress=cancel_after(token, (5 * parallel + 1) * MiB, when), cancel=token)
    assert time.monotonic() - when[0] < 1.0
    assert not dest.exists() and (tmp_path / "big.bin.part").exists() and (tmp_path / "big.bin.part.etag").exists()
    seen: list[int] = []
    admin_storage.download_file(bucket, "big.bin", dest, parallel=parallel, part_size=5 * MiB,
                                progress=lambda d, _t: seen.append(d))
    assert seen[0] >= 5 * MiB and dest.read_bytes() == src.read_bytes()


def test_a_single_put_object_resumes_checked_by_its_md5(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A ``.part`` of an object with an MD5 ETag resumes from its size; bytes that differ from the
    object (a ``.part`` of other bytes) fail the check and nothing is kept."""
    data = os.urandom(6 * MiB)
    admin_storage.upload_bytes(bucket, "s.bin", data)
    etag = admin_storage.stat(bucket, "s.bin").etag
    dest, part, marker = tmp_path / "s.bin", tmp_path / "s.bin.part", tmp_path / "s.bin.part.etag"
    part.write_bytes(data[:2 * MiB])
    marker.write_text(etag)
    seen: list[int] = []
    admin_storage.download_file(bucket, "s.bin", dest, progress=lambda d, _t: seen.append(d))
    assert seen[0] == 2 * MiB and dest.read_bytes() == data
    dest.unlink()
    part.write_bytes(b"\0" * 2 * MiB)
    marker.write_text(etag)
    with pytest.raises(Exception, match="Verification failed"):
        admin_storage.download_file(bucket, "s.bin", dest)
    assert not dest.exists() and not part.exists()


def test_temporary_keys_download_verified_without_obstore(ldap_s3_server: S3Server, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A signed-in person's session token must not follow a redirect to another address, which
    obstore's client would do (ObjectStores.carries): their GETs take the path that follows none."""
    profile = Profile(name="directory", endpoint=ldap_s3_server.endpoint, kind=Kind.LDAP, user_name="alice",
                      role_arn=STAFF_ROLE)
    sign_in = LdapSignIn(profile, ConnectionSettings(endpoint=ldap_s3_server.endpoint, access_key="",
                                                     secret_key=""))
    storage = Storage(sign_in.session_settings(sign_in.sign_in(USERS["alice"])))
    bucket = "ogldap-" + datetime.now(UTC).strftime("%H%M%S%f")
    storage.make_bucket(bucket)
    try:
        data = os.urandom(100 * 1024)
        storage.client.put_object(bucket, "notes/a.bin", io.BytesIO(data), len(data))
        through_minio = counting_minio_gets(storage, monkeypatch)
        storage.download_file(bucket, "notes/a.bin", tmp_path / "a.bin")
        assert (tmp_path / "a.bin").read_bytes() == data
        assert storage.read_range(bucket, "notes/a.bin", 10, 5) == data[10:15]
        assert len(through_minio) == 2
    finally:
        remove_bucket(ldap_s3_server.storage(), bucket)


def test_a_cancellation_during_the_last_piece_keeps_nothing_under_the_name(admin_storage: Storage, bucket: str,
                                                                            tmp_path: Path) -> None:
    """obstore gives a small object in one piece: a cancellation that comes with it still ends the
    download before the rename."""
    admin_storage.upload_bytes(bucket, "one.bin", os.urandom(300_000))
    token = CancelToken()
    with pytest.raises(Cancelled):
        admin_storage.download_file(bucket, "one.bin", tmp_path / "one.bin", cancel=token,
                                    progress=lambda done, _t: token.cancel() if done else None)
    assert not (tmp_path / "one.bin").exists()
