"""Restore on a bucket whose versioning was suspended: a write there replaces the "null" version,
so a restore that would write over a null version other than the chosen one is refused (nothing lost)."""

from __future__ import annotations

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import SUSPENDED, VersioningConfig

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.versions.restore import NothingToRestore, restore_version

KEY = "classrooms/c1/materials/doc.pdf"


@pytest.fixture
def storage_bucket(admin_storage: Storage, bucket: str) -> tuple[Storage, str]:
    return admin_storage, bucket  # SeaweedFS (moto_server lists no earlier version after a suspended write)


def test_restore_on_a_suspended_bucket_keeps_the_current_null_version(storage_bucket: tuple[Storage, str]) -> None:
    storage, bucket = storage_bucket
    storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    storage.upload_bytes(bucket, KEY, b"%PDF the first draft", content_type="application/pdf")
    first = storage.stat(bucket, KEY).version_id
    assert first and first != "null"
    storage.client.set_bucket_versioning(bucket, VersioningConfig(SUSPENDED))
    storage.upload_bytes(bucket, KEY, b"%PDF written while suspended", content_type="application/pdf")
    assert next(v.version_id for v in storage.list_versions(bucket, KEY)) == "null"
    with pytest.raises(NothingToRestore, match="suspended"):
        restore_version(storage, bucket, KEY, first)
    assert storage.read_range(bucket, KEY) == b"%PDF written while suspended"  # the null version is kept
    assert {v.version_id for v in storage.list_versions(bucket, KEY)} == {first, "null"}


def test_restore_on_a_suspended_bucket_without_a_null_version_is_done(storage_bucket: tuple[Storage, str]) -> None:
    storage, bucket = storage_bucket
    storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    storage.upload_bytes(bucket, KEY, b"%PDF the first draft", content_type="application/pdf")
    first = storage.stat(bucket, KEY).version_id
    storage.upload_bytes(bucket, KEY, b"%PDF the second", content_type="application/pdf")
    storage.client.set_bucket_versioning(bucket, VersioningConfig(SUSPENDED))
    assert first is not None
    restored = restore_version(storage, bucket, KEY, first)  # a new null version: nothing written over
    assert restored.result is not None
    assert storage.read_range(bucket, KEY) == b"%PDF the first draft"
    assert len(storage.list_versions(bucket, KEY)) == 3
