"""Restore and undelete: a chosen version is copied on top of its key, so it becomes the latest and
every version that was there stays (the delete marker of an undeleted object too).

The copy names the version by its id and its ETag as listed (``Storage.copy``): what the user chose is
what is copied. Where versioning is not on (suspended), a write replaces the "null" version: a restore
that would write over a null version with content other than the chosen one is refused. A delete
marker has no bytes: it cannot be restored; an object whose latest is a
delete marker comes back as its newest real version (:func:`undelete`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import InvalidRequest, NoSuchKey, StorageError
from ensure_browser.core.s3.storage import CopyResult, ObjectVersion, Storage
from ensure_browser.core.schema.classify import classify, counterpart
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.versions.state import ENABLED

log = logging.getLogger(__name__)

NULL_VERSION = "null"  # the id of the version written while versioning was off or suspended


class NothingToRestore(InvalidRequest):
    """The chosen version cannot become the latest (a delete marker, or none with content)."""


@dataclass(frozen=True)
class Restored:
    """What a restore did: ``source`` was copied on top as the new latest version ``result``;
    ``unchanged``: the source was the latest already (nothing was written)."""

    source: ObjectVersion
    result: CopyResult | None
    was_deleted: bool = False

    @property
    def unchanged(self) -> bool:
        return self.result is None


def find_version(storage: Storage, bucket: str, key: str, version_id: str,
                 cancel: CancelToken = NEVER) -> tuple[ObjectVersion, list[ObjectVersion]]:
    """The version ``version_id`` of ``key`` and all of its versions (latest first)."""
    versions = storage.list_versions(bucket, key, cancel)
    for version in versions:
        if version.version_id == version_id:
            return version, versions
    raise NoSuchKey(Text(QT_TR_NOOP("s3://{0}/{1} has no version {2}."), bucket, key, version_id), code="NoSuchVersion")


def restore_version(storage: Storage, bucket: str, key: str, version_id: str,
                    cancel: CancelToken = NEVER) -> Restored:
    """Make the version ``version_id`` the latest by copying it on top (a deleted object comes back)."""
    chosen, versions = find_version(storage, bucket, key, version_id, cancel)
    if chosen.is_delete_marker:
        raise NothingToRestore(f"Version {version_id} of s3://{bucket}/{key} is a delete marker: it has no "
                               "content to restore. Choose a version with content.", code="DeleteMarker")
    was_deleted = versions[0].is_delete_marker
    if chosen.is_latest:
        log.info("s3://%s/%s: version %s is the latest already", bucket, key, version_id)
        return Restored(chosen, None)
    cancel.raise_if_cancelled()
    _refuse_over_null(storage, bucket, key, chosen, versions)
    result = storage.copy(bucket, key, bucket, key, source_version_id=chosen.version_id,
                          source_etag=chosen.etag, replace=True)
    log.info("restored version %s of s3://%s/%s as %s", version_id, bucket, key, result.version_id)
    return Restored(chosen, result, was_deleted)


def _refuse_over_null(storage: Storage, bucket: str, key: str, chosen: ObjectVersion,
                      versions: list[ObjectVersion]) -> None:
    """On a bucket whose versioning is not on, the copy would replace the "null" version: refuse
    when that version has content and is not the one chosen (it would be lost)."""
    if not any(v.version_id == NULL_VERSION and v is not chosen and not v.is_delete_marker for v in versions):
        return
    try:
        state = storage.bucket_versioning(bucket)
    except StorageError as err:
        log.info("versioning of %s unknown: %s", bucket, err.message)
        state = None
    if state != ENABLED:
        raise NothingToRestore(f"Versioning of {bucket} is suspended (or unknown): restoring would write over the "
                               f"version of s3://{bucket}/{key} without an id, which would be lost. Turn "
                               "versioning on for the bucket first.", code="VersioningSuspended")


def undelete(storage: Storage, bucket: str, key: str, cancel: CancelToken = NEVER) -> Restored:
    """Bring back ``key`` whose latest version is a delete marker: its newest real version on top."""
    versions = storage.list_versions(bucket, key, cancel)
    if not versions:
        raise NoSuchKey(Text(QT_TR_NOOP("s3://{0}/{1} has no versions."), bucket, key), code="NoSuchKey")
    if not versions[0].is_delete_marker:
        raise NothingToRestore(f"s3://{bucket}/{key} is not deleted.", code="NotDeleted")
    newest = next((v for v in versions if not v.is_delete_marker), None)
    if newest is None:
        raise NothingToRestore(f"s3://{bucket}/{key} has only delete markers: no version with content is left.",
                               code="NoVersionLeft")
    return restore_version(storage, bucket, key, newest.version_id, cancel)


def undelete_with_thumbnail(storage: Storage, bucket: str, key: str, names: BucketNames | None = None,
                            cancel: CancelToken = NEVER) -> tuple[Restored, Restored | None]:
    """:func:`undelete` ``key``; for a material, its thumbnail too when it was deleted with it (the
    delete confirmation offers to delete both). The thumbnail is optional: a failure is logged only."""
    restored = undelete(storage, bucket, key, cancel)
    c = classify(bucket, key, names)
    thumbnail = counterpart(c) if c is not None and c.kind == "material" else None
    if thumbnail is None:
        return restored, None
    try:
        return restored, undelete(storage, bucket, thumbnail, cancel)
    except StorageError as err:  # not deleted, never made, or not ours to restore: the material is back
        log.info("thumbnail s3://%s/%s not undeleted: %s", bucket, thumbnail, err.message)
        return restored, None
