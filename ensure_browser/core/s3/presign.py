"""Presigned GET links on obstore (#23): ``obstore.sign`` with the connection's keys (a signed-in
person's temporary keys carry their session token, ``X-Amz-Security-Token``), for the keys obstore
carries exactly (:func:`~ensure_browser.core.s3.object_store.exact_key`); None for the others, which
minio-py's public ``presigned_get_object`` signs. How long a link lives is the caller's (see
``objects.clamp_expiry``)."""

from __future__ import annotations

from datetime import timedelta

from ensure_browser.core.s3.object_store import ObjectStores, exact_key


def sign_get(stores: ObjectStores, bucket: str, key: str, expires: timedelta) -> str | None:
    """A presigned GET of ``key`` valid for ``expires``; None when obstore cannot name ``key`` exactly."""
    if not exact_key(key):
        return None
    import obstore  # on first use: start-up time

    return obstore.sign(stores.store(bucket), "GET", key, expires)
