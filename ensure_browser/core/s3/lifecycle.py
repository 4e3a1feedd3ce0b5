"""A bucket's lifecycle rules and versioning switch, read and written through minio-py's public calls.

:class:`LifecycleRule` is a rule as the app reasons about it (the prefix it applies to, after how
many days current objects expire, noncurrent versions are removed and incomplete multipart uploads
are aborted); what a rule holds beyond that (tags, dates, transitions, size filters) is kept as
words in :attr:`LifecycleRule.other`, so a comparison can name it rather than miss it.

``rclone serve s3`` has no lifecycle rules and does not say so: it answers the GET with a listing of
the bucket (read as a configuration without rules: :class:`NotSupported`, see
:mod:`.bucket_features`) and may take a PUT or a DELETE for one about the bucket itself. So rules are
written or removed only once a read has shown that the server has them. ``client`` is minio-py's;
its S3 errors are translated by the caller.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.multipart_listing import NOT_OFFERED
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text

if TYPE_CHECKING:
    from minio.lifecycleconfig import Rule as MinioRule

# minio-py is imported in the functions that make its requests, not with this module (start-up time)

log = logging.getLogger(__name__)

LIFECYCLE = Capability.LIFECYCLE
VERSIONING = Capability.VERSIONING
#: answers of a server that took a bucket sub-resource request for one about the bucket itself
TAKEN_FOR_BUCKET = frozenset({"BucketAlreadyExists", "BucketAlreadyOwnedByYou", "BucketNotEmpty"})


@dataclass(frozen=True)
class LifecycleRule:
    """One lifecycle rule. ``prefix`` '' is the whole bucket; a ``None`` number: the rule does not do that."""

    rule_id: str
    prefix: str = ""
    enabled: bool = True
    expire_days: int | None = None  # current versions expire this many days after they were written
    noncurrent_days: int | None = None  # noncurrent versions are removed this many days after they were replaced
    abort_days: int | None = None  # incomplete multipart uploads are aborted this many days after they started
    other: tuple[str, ...] = ()  # what else the rule does or filters on, in words

    def to_minio(self) -> MinioRule:
        from minio.commonconfig import DISABLED, ENABLED, Filter
        from minio.lifecycleconfig import (
            AbortIncompleteMultipartUpload,
            Expiration,
            NoncurrentVersionExpiration,
        )
        from minio.lifecycleconfig import Rule as MinioRule

        if self.other:
            raise ValueError(f"rule {self.rule_id!r} holds parts the app does not write: {', '.join(self.other)}")
        return MinioRule(
            ENABLED if self.enabled else DISABLED,
            rule_filter=Filter(prefix=self.prefix),
            rule_id=self.rule_id or None,
            expiration=Expiration(days=self.expire_days) if self.expire_days is not None else None,
            noncurrent_version_expiration=(NoncurrentVersionExpiration(self.noncurrent_days)
                                           if self.noncurrent_days is not None else None),
            abort_incomplete_multipart_upload=(AbortIncompleteMultipartUpload(self.abort_days)
                                               if self.abort_days is not None else None),
        )


def _filter_of(rule: Any) -> tuple[str, list[str]]:
    """(prefix, what else the filter holds in words) of a minio-py rule."""
    other: list[str] = []
    flt = rule.rule_filter
    prefix = ""
    if flt is not None:
        prefix = flt.prefix or ""
        if flt.tag is not None:
            other.append(Text(QT_TR_NOOP("only objects tagged {0}={1}"), flt.tag.key, flt.tag.value))
        op = flt.and_operator
        if op is not None:
            prefix = op.prefix or prefix
            if op.tags:
                tags = ", ".join(f"{k}={v}" for k, v in op.tags.items())
                other.append(Text(QT_TR_NOOP("only objects tagged {0}"), tags))
            if op.object_size_greater_than is not None:
                other.append(Text(QT_TR_NOOP("only objects larger than {0} bytes"), op.object_size_greater_than))
            if op.object_size_less_than is not None:
                other.append(Text(QT_TR_NOOP("only objects smaller than {0} bytes"), op.object_size_less_than))
    return prefix, other


def from_minio(rule: Any) -> LifecycleRule:
    """The app's view of one of minio-py's lifecycle rules (nothing it does is left out: see ``other``)."""
    from minio.commonconfig import ENABLED

    prefix, other = _filter_of(rule)
    expire_days = None
    exp = rule.expiration
    if exp is not None:
        expire_days = exp.days
        if exp.date is not None:
            other.append(Text(QT_TR_NOOP("current objects expire on {0}"), f"{exp.date:%Y-%m-%d}"))
        if exp.expired_object_delete_marker:
            other.append(Text(QT_TR_NOOP("delete markers without older versions are removed")))
    noncurrent_days = None
    nve = rule.noncurrent_version_expiration
    if nve is not None:
        noncurrent_days = nve.noncurrent_days
        if nve.newer_noncurrent_versions:
            other.append(Plural(nve.newer_noncurrent_versions, "the newest noncurrent version is kept",
                                  QT_TR_N_NOOP("the newest {0} noncurrent versions are kept"),
                                  nve.newer_noncurrent_versions))
    if rule.transition is not None:
        other.append(Text(QT_TR_NOOP("objects move to the {0} storage class"), rule.transition.storage_class))
    if rule.noncurrent_version_transition is not None:
        other.append(Text(QT_TR_NOOP("noncurrent versions move to the {0} storage class"),
                          rule.noncurrent_version_transition.storage_class))
    abort = rule.abort_incomplete_multipart_upload
    return LifecycleRule(
        rule_id=rule.rule_id or "",
        prefix=prefix,
        enabled=rule.status == ENABLED,
        expire_days=expire_days,
        noncurrent_days=noncurrent_days,
        abort_days=abort.days_after_initiation if abort is not None else None,
        other=tuple(other),
    )


def read_rules(client: Any, capabilities: Capabilities, bucket: str) -> tuple[LifecycleRule, ...]:
    """``bucket``'s lifecycle rules (empty: none); :class:`NotSupported` where the server has none at all."""
    from minio.error import S3Error

    try:
        config = client.get_bucket_lifecycle(bucket)
    except S3Error as err:
        if err.code in NOT_OFFERED:
            raise capabilities.unsupported(LIFECYCLE, f"{err.code}: {err.message}") from err
        raise
    if config is None:
        capabilities.learn(LIFECYCLE, True, "NoSuchLifecycleConfiguration for a bucket without rules")
        return ()
    if not config.rules:
        raise capabilities.unsupported(LIFECYCLE, "GetBucketLifecycleConfiguration answered no rules")
    capabilities.learn(LIFECYCLE, True, f"GetBucketLifecycleConfiguration answered {len(config.rules)} rules")
    return tuple(from_minio(rule) for rule in config.rules)


def write_rules(client: Any, capabilities: Capabilities, bucket: str, rules: tuple[LifecycleRule, ...]) -> None:
    """Make ``rules`` the bucket's whole lifecycle configuration (none: remove it). Sent only once a
    read has shown that the server has lifecycle rules (a read first while nothing is known)."""
    from minio.error import S3Error
    from minio.lifecycleconfig import LifecycleConfig

    known = capabilities.supports(LIFECYCLE)
    if known is None:
        read_rules(client, capabilities, bucket)
    elif not known:
        raise capabilities.unsupported(LIFECYCLE, "known from an earlier answer; nothing was sent")
    try:
        if rules:
            client.set_bucket_lifecycle(bucket, LifecycleConfig([r.to_minio() for r in rules]))
        else:
            client.delete_bucket_lifecycle(bucket)
    except S3Error as err:
        if err.code in NOT_OFFERED | TAKEN_FOR_BUCKET:
            raise capabilities.unsupported(LIFECYCLE, f"{err.code}: {err.message}") from err
        raise


def enable_versioning(client: Any, capabilities: Capabilities, bucket: str) -> None:
    """Turn versioning on for ``bucket`` (PutBucketVersioning ``Enabled``)."""
    from minio.commonconfig import ENABLED
    from minio.error import S3Error
    from minio.versioningconfig import VersioningConfig

    if capabilities.supports(VERSIONING) is False:
        raise capabilities.unsupported(VERSIONING, "known from an earlier answer; nothing was sent")
    try:
        client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    except S3Error as err:
        if err.code in NOT_OFFERED | TAKEN_FOR_BUCKET:
            raise capabilities.unsupported(VERSIONING, f"{err.code}: {err.message}") from err
        raise
    log.info("versioning turned on for %s", bucket)
