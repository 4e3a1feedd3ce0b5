"""Versions on the real SeaweedFS: listed latest first with delete markers, restore of an old version
and of a deleted object (byte-equal, no version removed), deleting exactly the chosen version ids."""

from __future__ import annotations

import time

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ensure_browser.core.errors import InvalidRequest, NoSuchKey
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.versions.restore import NothingToRestore, restore_version, undelete
from ensure_browser.core.versions.state import VersioningStates

KEY = "classrooms/c1/materials/doc.pdf"


def _versioned(storage: Storage, bucket: str) -> str:
    storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    return bucket


def _put(storage: Storage, bucket: str, key: str, data: bytes) -> str:
    storage.upload_bytes(bucket, key, data, content_type="application/pdf")
    version = storage.stat(bucket, key).version_id
    assert version
    time.sleep(1.05)  # listing dates have one-second steps: keep the order visible in them
    return version


def test_versions_are_listed_latest_first_with_delete_markers(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    first = _put(admin_storage, bucket, KEY, b"one")
    second = _put(admin_storage, bucket, KEY, b"two, longer")
    _put(admin_storage, bucket, KEY + "x", b"a neighbour sharing the prefix")
    admin_storage.delete(bucket, KEY)
    versions = admin_storage.list_versions(bucket, KEY)
    assert [v.key for v in versions] == [KEY] * 3
    marker, newer, older = versions
    assert marker.is_delete_marker and marker.is_latest and marker.size == 0
    assert (newer.version_id, newer.size, newer.is_delete_marker, newer.is_latest) == (second, 11, False, False)
    assert (older.version_id, older.size) == (first, 3)
    assert marker.last_modified and newer.last_modified and older.last_modified
    assert marker.last_modified >= newer.last_modified > older.last_modified
    record = newer.to_record()
    assert set(record) == {"version_id", "is_latest", "is_delete_marker", "size", "last_modified"}


def test_restore_of_an_old_version_is_byte_equal_and_keeps_every_version(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    first = _put(admin_storage, bucket, KEY, b"%PDF the first draft")
    _put(admin_storage, bucket, KEY, b"%PDF overwritten by mistake")
    before = {v.version_id for v in admin_storage.list_versions(bucket, KEY)}
    restored = restore_version(admin_storage, bucket, KEY, first)
    assert restored.result is not None and restored.result.version_id not in before
    assert admin_storage.read_range(bucket, KEY) == b"%PDF the first draft"
    after = admin_storage.list_versions(bucket, KEY)
    assert before < {v.version_id for v in after}
    assert after[0].version_id == restored.result.version_id and after[0].is_latest


def test_undelete_brings_back_the_newest_version_and_keeps_the_marker(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    _put(admin_storage, bucket, KEY, b"old")
    newest = _put(admin_storage, bucket, KEY, b"%PDF the material")
    admin_storage.delete(bucket, KEY)
    assert not admin_storage.exists(bucket, KEY)
    deleted = admin_storage.deleted_in_level(bucket, "classrooms/c1/materials/")
    assert [(d.key, d.restorable.version_id if d.restorable else None) for d in deleted] == [(KEY, newest)]
    before = {v.version_id for v in admin_storage.list_versions(bucket, KEY)}
    restored = undelete(admin_storage, bucket, KEY)
    assert restored.was_deleted and restored.source.version_id == newest
    assert admin_storage.read_range(bucket, KEY) == b"%PDF the material"
    assert before < {v.version_id for v in admin_storage.list_versions(bucket, KEY)}
    assert admin_storage.deleted_in_level(bucket, "classrooms/c1/materials/") == []


def test_restoring_a_chosen_version_undoes_a_delete_marker(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    first = _put(admin_storage, bucket, KEY, b"first")
    _put(admin_storage, bucket, KEY, b"second")
    admin_storage.delete(bucket, KEY)
    restored = restore_version(admin_storage, bucket, KEY, first)
    assert restored.was_deleted
    assert admin_storage.read_range(bucket, KEY) == b"first"


def test_a_delete_marker_and_a_live_object_cannot_be_restored(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    _put(admin_storage, bucket, KEY, b"here")
    with pytest.raises(NothingToRestore):
        undelete(admin_storage, bucket, KEY)
    admin_storage.delete(bucket, KEY)
    marker = admin_storage.list_versions(bucket, KEY)[0]
    with pytest.raises(NothingToRestore):
        restore_version(admin_storage, bucket, KEY, marker.version_id)
    with pytest.raises(NoSuchKey):
        restore_version(admin_storage, bucket, KEY, "no-such-version")


def test_restoring_the_latest_writes_nothing(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    latest = _put(admin_storage, bucket, KEY, b"current")
    assert restore_version(admin_storage, bucket, KEY, latest).unchanged
    assert len(admin_storage.list_versions(bucket, KEY)) == 1


def test_delete_permanently_removes_only_the_chosen_versions(admin_storage: Storage, bucket: str) -> None:
    _versioned(admin_storage, bucket)
    first = _put(admin_storage, bucket, KEY, b"1")
    second = _put(admin_storage, bucket, KEY, b"22")
    third = _put(admin_storage, bucket, KEY, b"333")
    admin_storage.delete_version(bucket, KEY, second)
    assert [v.version_id for v in admin_storage.list_versions(bucket, KEY)] == [third, first]
    assert admin_storage.read_range(bucket, KEY) == b"333"
    with pytest.raises(InvalidRequest):
        admin_storage.delete_version(bucket, KEY, "")


def test_versions_of_a_folder_are_refused(admin_storage: Storage, bucket: str) -> None:
    with pytest.raises(InvalidRequest):
        admin_storage.list_versions(bucket, "classrooms/")


def test_versioning_state_is_read_once_per_connection(admin_storage: Storage, bucket: str,
                                                       make_bucket) -> None:  # type: ignore[no-untyped-def]
    plain = make_bucket("plain")
    _versioned(admin_storage, bucket)
    states = VersioningStates()
    assert states.restorable(admin_storage, bucket)
    assert not states.restorable(admin_storage, plain)
    admin_storage.client.set_bucket_versioning(plain, VersioningConfig(ENABLED))
    assert not states.restorable(admin_storage, plain)  # cached
    states.forget(admin_storage, plain)
    assert states.restorable(admin_storage, plain)


def test_an_old_version_downloads_under_its_real_name(admin_storage: Storage, bucket: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.core.transfers.jobs import TransferJob
    from ensure_browser.core.versions.download import plan_version_download

    names = BucketNames(documents=bucket)
    _versioned(admin_storage, bucket)
    admin_storage.upload_bytes(bucket, KEY, b"%PDF first", metadata={"original-filename": "Fractions ✓.pdf"})
    first = admin_storage.stat(bucket, KEY).version_id
    assert first
    admin_storage.upload_bytes(bucket, KEY, b"%PDF second", metadata={"original-filename": "Other.pdf"})
    (tmp_path / "Fractions ✓.pdf").write_bytes(b"already here")
    job = plan_version_download(admin_storage, bucket, KEY, first, tmp_path, names)
    assert (job.display_name, job.version_id, job.size) == ("Fractions ✓ (2).pdf", first, 10)
    assert TransferJob.from_record(job.to_record()).version_id == first  # the journal keeps it
    st = admin_storage.download_file(bucket, KEY, tmp_path / job.display_name, version_id=job.version_id)
    assert st.version_id == first
    assert (tmp_path / "Fractions ✓ (2).pdf").read_bytes() == b"%PDF first"
    assert (tmp_path / "Fractions ✓.pdf").read_bytes() == b"already here"


def test_undeleting_a_material_brings_back_its_deleted_thumbnail(admin_storage: Storage, bucket: str) -> None:
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.core.versions.restore import undelete_with_thumbnail

    names = BucketNames(documents=bucket)
    _versioned(admin_storage, bucket)
    material, thumbnail = "classrooms/c1/materials/d1.pdf", "classrooms/c1/thumbnails/d1_thumb.png"
    admin_storage.upload_bytes(bucket, material, b"%PDF-1.4 d1")
    admin_storage.upload_bytes(bucket, thumbnail, b"\x89PNG d1")
    admin_storage.delete(bucket, material)
    admin_storage.delete(bucket, thumbnail)
    restored, thumb = undelete_with_thumbnail(admin_storage, bucket, material, names)
    assert restored.was_deleted and thumb is not None and thumb.was_deleted
    assert admin_storage.read_range(bucket, thumbnail) == b"\x89PNG d1"
    admin_storage.delete(bucket, material)  # the thumbnail kept this time: it stays as it is
    restored, thumb = undelete_with_thumbnail(admin_storage, bucket, material, names)
    assert restored.was_deleted and thumb is None
    assert admin_storage.read_range(bucket, material) == b"%PDF-1.4 d1"
