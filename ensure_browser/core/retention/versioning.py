"""Turning versioning on for the schema's buckets, idempotently, saying what changed."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ensure_browser.core.errors import NotSupported, StorageError
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.versions.state import STATES

log = logging.getLogger(__name__)

__all__ = ["turn_on_versioning"]


def turn_on_versioning(storage: Storage, buckets: Iterable[str]) -> list[str]:
    """Turn versioning on for each of ``buckets`` where it is off or suspended; returns one line per
    change ("Turned on versioning for ensure-study-documents (it was off)") or per bucket the
    server cannot version ("Not turned on: versioning of ...: This server does not support bucket
    versioning."); empty when every bucket had it on already. The state is read back after the
    change. Raises :class:`StorageError` (with the bucket named) when the server refuses."""
    changes: list[str] = []
    for bucket in dict.fromkeys(buckets):
        try:
            before = storage.bucket_features(bucket).versioning
            if before == "Enabled":
                continue
            if before is None:
                raise storage.capabilities.unsupported(Capability.VERSIONING, "GetBucketVersioning not answered")
            try:
                storage.enable_versioning(bucket)
            finally:  # asked (maybe done even when the answer was lost): read it again from now on
                STATES.changed(storage, bucket)
            after = storage.bucket_features(bucket).versioning
        except NotSupported as err:
            changes.append(f"Not turned on: versioning of {bucket}: {err.message}")
            continue
        except StorageError as err:
            raise type(err)(f"Cannot turn on versioning for {bucket}: {err.message}", err.detail,
                            code=err.code) from err
        if after != "Enabled":
            changes.append(f"Not turned on: versioning of {bucket}: the server took the request but reads back "
                           f"{after or 'no versioning'}.")
            continue
        was = "off" if before == "Off" else "suspended"
        log.info("versioning turned on for %s (it was %s)", bucket, was)
        changes.append(f"Turned on versioning for {bucket} (it was {was})")
    return changes
