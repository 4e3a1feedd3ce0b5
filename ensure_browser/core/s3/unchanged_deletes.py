"""Deletes of what was confirmed, not of whatever is at the key by now (``Storage.delete_unchanged``).

Each object goes only while it still has the ETag the user saw (or a plan listed). Where the server
honours an ``<ETag>`` condition in a multi-object DELETE (AWS S3, SeaweedFS), the check and the
delete are one step (:func:`delete_if_match`); whether it does is asked once per connection, with
a key that does not exist (:func:`honours_conditions`), and the connection's
:class:`~ensure_browser.core.s3.capabilities.Capabilities` learns it. Elsewhere (MinIO) each object
is looked at (HEAD) right before the DELETE, and one that cannot be looked at is kept
(:func:`delete_after_look`). An object whose ETag changed is answered as :data:`CHANGED` and kept.
On a versioned bucket a DELETE without a version id leaves a delete marker: the confirmed version
stays recoverable, and a newer one stays current. Nothing here touches Qt; the caller translates
errors (its ``remove`` and ``stat`` do).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.s3.capabilities import Capabilities, Capability

if TYPE_CHECKING:
    from minio.deleteobjects import DeleteObject

log = logging.getLogger(__name__)

CHANGED = "PreconditionFailed"  # the object's ETag is not the one given: it was kept
CONDITIONS = Capability.DELETE_CONDITIONS

Items = Sequence[tuple[str, str | None]]  # (key, the ETag it must still have; None: deleted as it is)
RemoveFn = Callable[[list["DeleteObject"]], dict[str, str]]  # one multi-object DELETE: key -> error code
EtagFn = Callable[[str], str]  # key -> its ETag now (a HEAD); NoSuchKey when it is gone


def honours_conditions(capabilities: Capabilities, remove: RemoveFn) -> bool:
    """Whether the server honours ``<ETag>`` in a multi-object DELETE: asked once, with a key that
    does not exist and a wrong ETag. A server that checks answers PreconditionFailed (or
    NoSuchKey); one that ignores the condition reports the key deleted, which changes nothing
    (on a versioned bucket it leaves a delete marker for that key)."""
    known = capabilities.supports(CONDITIONS)
    if known is not None:
        return known
    import uuid

    from ensure_browser.core.s3.minio_types import delete_objects  # minio-py with the first request

    probe = f".ensure-browser-probe/{uuid.uuid4().hex}"
    try:
        code = remove(delete_objects([(probe, "0" * 32)])).get(probe, "")
    except StorageError as err:
        log.info("cannot find out whether the server deletes conditionally: %s", err.message)
        return False
    if code not in (CHANGED, "NoSuchKey", ""):
        return False  # AccessDenied ...: not known, look at each object
    capabilities.learn(CONDITIONS, bool(code), f"a conditional DELETE of a missing key answered {code or 'Deleted'}")
    return bool(code)


def delete_if_match(remove: RemoveFn, etag_of: EtagFn, items: Items) -> dict[str, str]:
    """One multi-object DELETE with an ETag condition per object (a server that honours them)."""
    from ensure_browser.core.s3.minio_types import delete_objects  # minio-py with the first request

    refused = remove(delete_objects(items))
    for key in [k for k, code in refused.items() if code == CHANGED]:  # changed, or gone?
        try:
            etag_of(key)
        except NoSuchKey:
            refused[key] = "NoSuchKey"
        except StorageError:
            pass  # not known: it stays "changed"
    return refused


def delete_after_look(remove: RemoveFn, etag_of: EtagFn, items: Items, cancel: CancelToken) -> dict[str, str]:
    """Each object with an ETag looked at (HEAD) right before one multi-object DELETE of those that
    still have it (a server that ignores conditions); one that cannot be looked at is kept."""
    from ensure_browser.core.s3.minio_types import delete_objects  # minio-py with the first request

    refused: dict[str, str] = {}
    checked: list[tuple[str, str | None]] = []
    for key, etag in items:
        cancel.raise_if_cancelled()
        if etag:
            try:
                now = etag_of(key)
            except NoSuchKey:
                refused[key] = "NoSuchKey"
                continue
            except StorageError as err:
                if err.retryable:  # the connection: the DELETE would fail too
                    raise
                refused[key] = err.code or type(err).__name__  # AccessDenied ...: not checked, kept
                continue
            if now != etag:
                refused[key] = CHANGED
                continue
        checked.append((key, None))  # looked at: deleted as it is
    if checked:
        refused.update(remove(delete_objects(checked)))
    return refused
