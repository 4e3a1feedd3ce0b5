"""Versions of one object, and the deleted objects of a level, on a versioned bucket.

Read with minio-py's public ``list_objects(include_version=True)`` (ListObjectVersions): the
versions of a key are those listed under ``prefix=key`` whose name is exactly the key (``key2`` and
``key/...`` share the prefix). minio-py puts a page's versions before its delete markers, so the
server's order is not kept: :func:`newest_first` orders them again (the latest first, then by date).

A version is removed only by its id (:meth:`VersionsMixin.delete_version`): exactly the one that
was confirmed, never the object's latest by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import InvalidRequest
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

NULL_VERSION = "null"  # the id S3 gives an object written before versioning was turned on


@dataclass(frozen=True, slots=True)
class ObjectVersion:
    """One version of an object, or a delete marker (``is_delete_marker``: no bytes, no ETag)."""

    bucket: str
    key: str
    version_id: str
    is_latest: bool
    is_delete_marker: bool
    size: int = 0
    last_modified: datetime | None = None
    etag: str | None = None
    owner: str = ""  # who wrote it, where the server says (the owner's display name or id)

    def to_record(self) -> dict[str, Any]:
        """The command line's JSON record."""
        return {"version_id": self.version_id, "is_latest": self.is_latest,
                "is_delete_marker": self.is_delete_marker, "size": self.size,
                "last_modified": self.last_modified.isoformat() if self.last_modified else None}


@dataclass(frozen=True, slots=True)
class DeletedObject:
    """A key whose latest version is a delete marker; ``restorable`` is its newest real version."""

    bucket: str
    key: str
    deleted_at: datetime | None
    restorable: ObjectVersion | None  # None: only delete markers are left

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


def newest_first(versions: Iterable[ObjectVersion]) -> list[ObjectVersion]:
    """The latest first, then newest to oldest (a stable sort: the server's order breaks ties)."""
    def when(v: ObjectVersion) -> float:
        return v.last_modified.timestamp() if v.last_modified else float("-inf")

    return sorted(versions, key=lambda v: (not v.is_latest, -when(v)))


def _version_of(obj: Any) -> ObjectVersion:
    return ObjectVersion(
        bucket=str(obj.bucket_name), key=str(obj.object_name), version_id=str(obj.version_id or NULL_VERSION),
        is_latest=str(obj.is_latest or "").lower() == "true", is_delete_marker=bool(obj.is_delete_marker),
        size=int(obj.size or 0), last_modified=obj.last_modified,
        etag=(obj.etag or "").strip('"') or None, owner=str(obj.owner_name or obj.owner_id or ""))


class VersionsMixin(StorageBase):
    """Object versions for :class:`~ensure_browser.core.s3.storage.Storage`."""

    def iter_versions(self, bucket: str, key: str, cancel: CancelToken = NEVER) -> Iterator[ObjectVersion]:
        """Every version and delete marker of exactly ``key``, as the server lists them (streamed)."""
        if not key or key.endswith("/"):
            raise InvalidRequest(Text(QT_TR_NOOP("Versions belong to an object, not a folder.")))
        listing = self.client.list_objects(bucket, prefix=key, recursive=True, include_version=True)
        for obj in self._stream(listing, bucket, key, cancel):
            if obj.object_name == key:
                yield _version_of(obj)

    def list_versions(self, bucket: str, key: str, cancel: CancelToken = NEVER) -> list[ObjectVersion]:
        """The versions of ``key``, the latest first (see :func:`newest_first`)."""
        return newest_first(self.iter_versions(bucket, key, cancel))

    def iter_level_versions(self, bucket: str, prefix: str, cancel: CancelToken = NEVER) -> Iterator[ObjectVersion]:
        """Every version and delete marker of the objects directly in ``prefix`` (streamed)."""
        listing = self.client.list_objects(bucket, prefix=prefix or None, recursive=False, include_version=True)
        for obj in self._stream(listing, bucket, prefix, cancel):
            if not obj.is_dir:  # not a common prefix (a folder), nor a folder marker object
                yield _version_of(obj)

    def _stream(self, listing: Iterable[Any], bucket: str, where: str, cancel: CancelToken) -> Iterator[Any]:
        """minio-py's listing entries, each request's failure translated, cancellable between entries."""
        it = iter(listing)
        while True:
            cancel.raise_if_cancelled()
            obj = self._call(lambda: next(it, None), bucket, where)
            if obj is None:
                return
            yield obj

    def deleted_in_level(self, bucket: str, prefix: str, cancel: CancelToken = NEVER) -> list[DeletedObject]:
        """The objects directly in ``prefix`` whose latest version is a delete marker, by key."""
        by_key: dict[str, list[ObjectVersion]] = {}
        for version in self.iter_level_versions(bucket, prefix, cancel):
            by_key.setdefault(version.key, []).append(version)
        found: list[DeletedObject] = []
        for key in sorted(by_key):
            ordered = newest_first(by_key[key])
            if not ordered[0].is_delete_marker or not ordered[0].is_latest:
                continue
            real = next((v for v in ordered if not v.is_delete_marker), None)
            found.append(DeletedObject(bucket, key, ordered[0].last_modified, real))
        return found

    def delete_version(self, bucket: str, key: str, version_id: str) -> None:
        """Remove exactly the version ``version_id`` of ``key`` (or that delete marker) for good."""
        if not version_id:
            raise InvalidRequest(Text(QT_TR_NOOP("A version must be named by its id to be deleted permanently.")))
        log.info("deleting version %s of s3://%s/%s permanently", version_id, bucket, key)
        self._call(lambda: self.client.remove_object(bucket, key, version_id=version_id), bucket, key)
