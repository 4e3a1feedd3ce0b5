"""A bucket's versioning and lifecycle rules, as the server answers them, and whether it has them.

minio-py reads any XML answer as the configuration asked for: ``rclone serve s3`` answers
GetBucketLifecycleConfiguration with a listing of the bucket, which minio-py reads as a lifecycle
configuration without rules. A real one has at least one rule (S3 refuses an empty one; none at all
is ``NoSuchLifecycleConfiguration``), so an answer without rules, or ``NotImplemented``, teaches the
connection's :class:`~ensure_browser.core.s3.capabilities.Capabilities` that the server does not
have the feature (the rules themselves: :mod:`.lifecycle`). ``client`` is minio-py's; its other
errors are translated by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ensure_browser.core.errors import NotSupported
from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.lifecycle import read_rules
from ensure_browser.core.s3.multipart_listing import NOT_OFFERED

if TYPE_CHECKING:
    from minio.error import S3Error


@dataclass(frozen=True)
class BucketFeatures:
    bucket: str
    versioning: str | None  # "Enabled", "Suspended" or "Off"; None where the server has no versioning
    lifecycle_rules: int | None  # how many rules; None where the server has no lifecycle rules


def _not_offered(err: S3Error, capabilities: Capabilities, capability: Capability) -> None:
    """Learn from ``err`` that the server has no ``capability``; re-raise any other error."""
    if err.code not in NOT_OFFERED:
        raise err
    capabilities.learn(capability, False, f"{err.code}: {err.message}")


def read_versioning(client: Any, capabilities: Capabilities, bucket: str) -> str | None:
    from minio.error import S3Error  # minio-py with the first request, not the import

    try:
        status = str(client.get_bucket_versioning(bucket).status_string)
    except S3Error as err:
        _not_offered(err, capabilities, Capability.VERSIONING)
        return None
    if status != "Off" or capabilities.supports(Capability.VERSIONING) is not False:
        # "Off" from a server that refused to turn it on (rclone) is no sign that it could
        capabilities.learn(Capability.VERSIONING, True, f"GetBucketVersioning answered {status}")
    return status


def read_lifecycle_rules(client: Any, capabilities: Capabilities, bucket: str) -> int | None:
    try:
        return len(read_rules(client, capabilities, bucket))
    except NotSupported:
        return None


def read_features(client: Any, capabilities: Capabilities, bucket: str) -> BucketFeatures:
    """Ask the server for ``bucket``'s versioning and lifecycle configuration (two GETs)."""
    return BucketFeatures(bucket, read_versioning(client, capabilities, bucket),
                          read_lifecycle_rules(client, capabilities, bucket))
