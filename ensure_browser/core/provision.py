"""Provisioning: what the schema's "Setup Commands" do, done idempotently over the S3 API.

Creates the four buckets when missing (and, when asked, turns their versioning on) and sets the
bucket policies the schema table expects (today:
anonymous read of ``*/thumbnails/*`` in the documents bucket, the schema's "Public Read (for
thumbnails)" policy, with the configured bucket name). A live policy that already means the same
(compared with :func:`~ensure_browser.core.policies.compare.policies_equivalent`) is left alone, so running
it again changes nothing. A different live policy is replaced; the old text goes to the log.
"""

from __future__ import annotations

import logging

from ensure_browser.core.errors import NotSupported, StorageError
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.retention.versioning import turn_on_versioning
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.policies import expected_bucket_policy
from ensure_browser.core.schema.table import BUCKETS, BucketNames

log = logging.getLogger(__name__)


def _same_meaning(live: str, expected: str) -> bool:
    try:
        return policies_equivalent(parse_policy(live), parse_policy(expected))
    except PolicyError as err:
        log.warning("the live bucket policy cannot be read (%s); it will be replaced", err)
        return False


def _with_context(err: StorageError, what: str) -> StorageError:
    """The same error type, its message prefixed with what provisioning was doing."""
    return type(err)(f"{what}: {err.message}", err.detail, code=err.code)


def provision(storage: Storage, names: BucketNames, *, versioning: bool = False) -> list[str]:
    """Create missing buckets and set the expected public-read policies; returns what was changed.

    Each returned line describes one change ("Created bucket ensure-study-documents", "Set public
    read on ensure-study-documents/*/thumbnails/*"), or one that the server cannot make ("Not set:
    public read on ...: This server does not support bucket policies."); an empty list means
    everything was already as the schema says. Raises :class:`StorageError` with the step in its message (e.g.
    ``AccessDenied`` for an identity that may not create buckets or set policies). With
    ``versioning``, versioning is turned on for the four buckets too (see
    :func:`~ensure_browser.core.retention.versioning.turn_on_versioning`).
    """
    changes: list[str] = []
    for bucket in names.all():
        try:
            if storage.bucket_exists(bucket):
                continue
            storage.make_bucket(bucket)
        except StorageError as err:
            raise _with_context(err, f"Cannot create the bucket {bucket}") from err
        log.info("created bucket %s", bucket)
        changes.append(f"Created bucket {bucket}")

    for spec in BUCKETS:
        expected = expected_bucket_policy(spec.role, names)
        if expected is None:
            continue  # nothing public in this bucket; an existing policy is the drift check's business
        bucket = names.name_for(spec.role)
        try:
            live = storage.get_bucket_policy(bucket)
            if live is not None and _same_meaning(live, expected):
                continue
            storage.set_bucket_policy(bucket, expected)
        except NotSupported as err:
            changes.extend(f"Not set: public read on {bucket}/{glob}: {err.message}" for glob in spec.public_read)
            continue
        except StorageError as err:
            raise _with_context(err, f"Cannot set the public-read policy of {bucket}") from err
        if live is None:
            log.info("set the public-read policy on %s (it had none)", bucket)
        else:
            log.info("replaced the policy of %s with the schema's public-read policy; it was: %s", bucket, live)
        changes.extend(f"Set public read on {bucket}/{glob}" for glob in spec.public_read)
    if versioning:
        changes += turn_on_versioning(storage, names.all())
    return changes
