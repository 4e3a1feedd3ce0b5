"""Buckets with versioning on: removed with every version and delete marker (``remove_bucket`` in
servers.py removes the latest objects only, which leaves a versioned bucket non-empty)."""

from __future__ import annotations

from contextlib import AbstractContextManager

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.servers import remove_bucket, temporary_names


def remove_versioned_bucket(storage: Storage, bucket: str) -> None:
    client = storage.client
    try:
        for obj in list(client.list_objects(bucket, recursive=True, include_version=True)):
            client.remove_object(bucket, obj.object_name, version_id=obj.version_id)
        client.delete_bucket_lifecycle(bucket)
    except Exception:
        pass
    remove_bucket(storage, bucket)


def versioned_names(storage: Storage, stem: str = "v") -> AbstractContextManager[BucketNames]:
    """Unique bucket names; whatever buckets of them exist afterwards are removed with all their versions."""
    return temporary_names(storage, stem, remove_versioned_bucket)
