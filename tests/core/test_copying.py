"""Server-side copies against the real SeaweedFS: metadata kept or changed, what was confirmed only,
an existing destination kept, one version copied on top."""

from __future__ import annotations

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ensure_browser.core.s3.storage import DestinationExists, SourceChanged, Storage


def _put(storage: Storage, bucket: str, key: str, data: bytes, name: str = "Lab Report.pdf") -> str:
    storage.upload_bytes(bucket, key, data, content_type="application/pdf", metadata={"original-name": name})
    return storage.stat(bucket, key).etag


def test_copy_keeps_content_type_and_metadata(admin_storage: Storage, bucket: str) -> None:
    etag = _put(admin_storage, bucket, "a/doc.pdf", b"%PDF-1.4 one", "Fractions – Übung 1.pdf")
    result = admin_storage.copy(bucket, "a/doc.pdf", bucket, "b/doc.pdf", source_etag=etag)
    copied = admin_storage.stat(bucket, "b/doc.pdf")
    assert result.etag == copied.etag == etag
    assert copied.content_type == "application/pdf"
    assert copied.metadata["original-name"] == "Fractions – Übung 1.pdf"
    assert admin_storage.read_range(bucket, "b/doc.pdf") == b"%PDF-1.4 one"


def test_copy_onto_itself_changes_only_the_metadata(admin_storage: Storage, bucket: str) -> None:
    etag = _put(admin_storage, bucket, "a/doc.pdf", b"%PDF-1.4 two")
    admin_storage.copy(bucket, "a/doc.pdf", bucket, "a/doc.pdf", source_etag=etag,
                       metadata={"original-name": "Renamed ✓.pdf"})
    after = admin_storage.stat(bucket, "a/doc.pdf")
    assert after.metadata["original-name"] == "Renamed ✓.pdf"
    assert after.content_type == "application/pdf"
    assert admin_storage.read_range(bucket, "a/doc.pdf") == b"%PDF-1.4 two"


def test_a_changed_source_is_not_copied(admin_storage: Storage, bucket: str) -> None:
    seen = _put(admin_storage, bucket, "a/doc.pdf", b"first")
    _put(admin_storage, bucket, "a/doc.pdf", b"second, replaced since")
    with pytest.raises(SourceChanged):
        admin_storage.copy(bucket, "a/doc.pdf", bucket, "b/doc.pdf", source_etag=seen)
    assert not admin_storage.exists(bucket, "b/doc.pdf")


def test_an_existing_destination_is_kept_unless_replacing_was_confirmed(admin_storage: Storage, bucket: str) -> None:
    etag = _put(admin_storage, bucket, "a/doc.pdf", b"new")
    _put(admin_storage, bucket, "b/doc.pdf", b"someone else's")
    with pytest.raises(DestinationExists):
        admin_storage.copy(bucket, "a/doc.pdf", bucket, "b/doc.pdf", source_etag=etag)
    assert admin_storage.read_range(bucket, "b/doc.pdf") == b"someone else's"
    admin_storage.copy(bucket, "a/doc.pdf", bucket, "b/doc.pdf", source_etag=etag, replace=True)
    assert admin_storage.read_range(bucket, "b/doc.pdf") == b"new"


def test_an_old_version_copied_on_top_keeps_every_version(admin_storage: Storage, bucket: str) -> None:
    admin_storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    _put(admin_storage, bucket, "a/doc.pdf", b"version one")
    first = admin_storage.stat(bucket, "a/doc.pdf").version_id
    _put(admin_storage, bucket, "a/doc.pdf", b"version two")
    assert first
    result = admin_storage.copy(bucket, "a/doc.pdf", bucket, "a/doc.pdf", source_version_id=first)
    assert admin_storage.read_range(bucket, "a/doc.pdf") == b"version one"
    versions = [o.version_id for o in admin_storage.client.list_objects(bucket, "a/doc.pdf", include_version=True)]
    assert len(versions) == 3 and first in versions and result.version_id in versions
