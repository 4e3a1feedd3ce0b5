"""The lifecycle rules the schema implies for each bucket, from the schema table and a few numbers.

* every bucket: incomplete multipart uploads are aborted :attr:`RetentionSettings.abort_days` after
  they started (7), and noncurrent versions (replaced or deleted objects of a versioned bucket) are
  removed :attr:`RetentionSettings.noncurrent_days` after they were replaced;
* a bucket whose schema has temporary uploads (``temp/{upload_id}/**`` in the documents bucket):
  what is under their prefix expires :attr:`RetentionSettings.temp_days` after it was written.
"""

from __future__ import annotations

from dataclasses import dataclass

from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.schema.table import BUCKETS, BucketNames

__all__ = [
    "ABORT_RULE_ID",
    "NONCURRENT_RULE_ID",
    "TEMP_KIND",
    "TEMP_RULE_ID",
    "RetentionSettings",
    "expected_for",
    "expected_rules",
    "temp_prefixes",
]

TEMP_KIND = "temp_upload"
TEMP_RULE_ID = "ensure-temp-uploads"
ABORT_RULE_ID = "ensure-incomplete-uploads"
NONCURRENT_RULE_ID = "ensure-noncurrent-versions"


@dataclass(frozen=True)
class RetentionSettings:
    """The numbers of the expected rules, in days (each at least 1, as S3 demands)."""

    temp_days: int = 7
    noncurrent_days: int = 30
    abort_days: int = 7

    def __post_init__(self) -> None:
        for name in ("temp_days", "noncurrent_days", "abort_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name.replace('_', ' ')} must be a whole number of days, at least 1 (got {value!r})")


def temp_prefixes(role: str) -> list[str]:
    """The prefixes of ``role``'s temporary uploads (``temp/``), from the schema table."""
    prefixes = []
    for spec in BUCKETS:
        if spec.role != role:
            continue
        for pattern in spec.patterns:
            if pattern.kind == TEMP_KIND:
                prefixes.append(pattern.template.split("{", 1)[0])
    return prefixes


def expected_rules(role: str, settings: RetentionSettings) -> tuple[LifecycleRule, ...]:
    """The rules the schema implies for the bucket of ``role`` (see the module docstring)."""
    rules = [LifecycleRule(TEMP_RULE_ID if i == 0 else f"{TEMP_RULE_ID}-{i + 1}", prefix,
                           expire_days=settings.temp_days)
             for i, prefix in enumerate(temp_prefixes(role))]
    rules.append(LifecycleRule(ABORT_RULE_ID, "", abort_days=settings.abort_days))
    rules.append(LifecycleRule(NONCURRENT_RULE_ID, "", noncurrent_days=settings.noncurrent_days))
    return tuple(rules)


def expected_for(bucket: str, names: BucketNames, settings: RetentionSettings) -> tuple[LifecycleRule, ...] | None:
    """:func:`expected_rules` of ``bucket`` (None: not a bucket of the schema)."""
    role = names.role_of(bucket)
    return None if role is None else expected_rules(role, settings)
