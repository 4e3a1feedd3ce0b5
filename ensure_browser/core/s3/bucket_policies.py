"""Bucket policy calls that find out whether the server has bucket policies at all.

``rclone serve s3`` has none, and does not say so: it answers GetBucketPolicy with a listing of
the bucket (so its "policy" was read as JSON that is not), takes PutBucketPolicy for CreateBucket
(409 BucketAlreadyExists) and DeleteBucketPolicy for DeleteBucket: an empty bucket is gone. So a
policy is written or deleted only once a read has shown that the server has policies; a read whose
answer is not a policy, or a ``NotImplemented``, raises
:class:`~ensure_browser.core.errors.NotSupported` ("This server does not support bucket
policies.") and the connection's :class:`~ensure_browser.core.s3.capabilities.Capabilities`
learns it. ``client`` is minio-py's; its S3 errors are translated by the caller.
"""

from __future__ import annotations

from typing import Any

from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.multipart_listing import NOT_OFFERED

NO_POLICY = frozenset({"NoSuchBucketPolicy", "NoSuchPolicy"})
#: answers of a server that took a policy request for one about the bucket itself
TAKEN_FOR_BUCKET = frozenset({"BucketAlreadyExists", "BucketAlreadyOwnedByYou", "BucketNotEmpty"})

POLICIES = Capability.BUCKET_POLICIES


def read_policy(client: Any, capabilities: Capabilities, bucket: str) -> str | None:
    """The bucket policy as JSON text, or None when the bucket has none."""
    from minio.error import S3Error  # minio-py with the first request, not the import

    try:
        text = str(client.get_bucket_policy(bucket))
    except S3Error as err:
        if err.code in NO_POLICY:
            capabilities.learn(POLICIES, True, f"{err.code} for a bucket without a policy")
            return None
        if err.code in NOT_OFFERED:
            raise capabilities.unsupported(POLICIES, f"{err.code}: {err.message}") from err
        raise
    if not text.lstrip().startswith("{"):  # a policy is a JSON object
        raise capabilities.unsupported(POLICIES, f"GetBucketPolicy answered {text.lstrip()[:100]!r}")
    capabilities.learn(POLICIES, True, "GetBucketPolicy answered a policy")
    return text


def _known_to_have_policies(client: Any, capabilities: Capabilities, bucket: str) -> None:
    """Raise NotSupported unless the server has shown that it has bucket policies (a read first
    when nothing is known yet)."""
    from minio.error import S3Error

    known = capabilities.supports(POLICIES)
    if known is None:
        try:
            read_policy(client, capabilities, bucket)
        except S3Error as err:
            if err.code != "AccessDenied":  # may set but not read: a server that has policies
                raise
    elif not known:
        raise capabilities.unsupported(POLICIES, "known from an earlier answer; nothing was sent")


def _write(client: Any, capabilities: Capabilities, bucket: str, call: str, *args: str) -> None:
    from minio.error import S3Error

    _known_to_have_policies(client, capabilities, bucket)
    try:
        getattr(client, call)(bucket, *args)
    except S3Error as err:
        if err.code in NOT_OFFERED or err.code in TAKEN_FOR_BUCKET:
            raise capabilities.unsupported(POLICIES, f"{call}: {err.code}") from err
        if call == "delete_bucket_policy" and err.code in NO_POLICY:
            return
        raise


def write_policy(client: Any, capabilities: Capabilities, bucket: str, policy_json: str) -> None:
    """PutBucketPolicy, once the server is known to have policies."""
    _write(client, capabilities, bucket, "set_bucket_policy", policy_json)


def delete_policy(client: Any, capabilities: Capabilities, bucket: str) -> None:
    """DeleteBucketPolicy (none there is fine), once the server is known to have policies."""
    _write(client, capabilities, bucket, "delete_bucket_policy")
