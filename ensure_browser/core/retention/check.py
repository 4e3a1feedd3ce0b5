"""Each schema bucket's versioning and lifecycle rules against the schema, and applying the expected rules.

Used by the Retention tab of the Policies panel and by ``ensure-browser lifecycle``. A server without
lifecycle rules (``rclone serve s3``) is said in plain words (``unsupported``), not as an error.
Applying writes the expected rules only while the live ones still do what the diff showed (read
again right before writing), then reads them back. The functions that talk to the server block:
run them in a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ensure_browser.core.errors import AccessDenied, NoSuchBucket, NotSupported, StorageError
from ensure_browser.core.retention.compare import RetentionFinding, describe_rules, drift, rules_equivalent
from ensure_browser.core.retention.expected import RetentionSettings, expected_rules, temp_prefixes
from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.severity import Severity, rank
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

__all__ = [
    "VERSIONING_WORDS",
    "BucketRetention",
    "RulesChangedMeanwhile",
    "RulesNotChanged",
    "apply_expected_rules",
    "check_all",
    "check_bucket",
    "exit_status",
    "versioning_word",
]

#: A bucket's versioning as people read it (``None``: the server has no versioning).
VERSIONING_WORDS: dict[str | None, str] = {"Enabled": "on", "Suspended": "suspended", "Off": "off", None: "not offered"}


def versioning_word(state: str | None) -> str:
    return VERSIONING_WORDS.get(state, state or "unknown")


@dataclass(frozen=True)
class BucketRetention:
    """The retention state of one bucket of the schema.

    ``status``: ``ok`` (the live rules do what the schema expects), ``drift`` (``findings`` say how),
    ``missing`` (no such bucket), ``unsupported`` (the server has no lifecycle rules: ``unsupported``
    says so) or ``error`` (the rules could not be read: ``error`` says why). ``versioning`` is
    "Enabled", "Suspended", "Off", or None where the server has none (or it could not be read).
    """

    bucket: str
    role: str
    expected: tuple[LifecycleRule, ...]
    live: tuple[LifecycleRule, ...] = ()
    versioning: str | None = None
    exists: bool = True
    findings: tuple[RetentionFinding, ...] = ()
    error: str = ""
    unsupported: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if not self.exists:
            return "missing"
        if self.unsupported:
            return "unsupported"
        return "drift" if self.findings else "ok"

    @property
    def worst(self) -> Severity | None:
        return min((f.severity for f in self.findings), key=rank, default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "role": self.role,
            "status": self.status,
            "versioning": versioning_word(self.versioning) if self.exists else None,
            "error": self.error or None,
            "unsupported": self.unsupported or None,
            "findings": [{"severity": f.severity, "message": f.message} for f in self.findings],
            "notes": list(self.notes),
            "live_rules": describe_rules(self.live),
            "expected_rules": describe_rules(self.expected),
        }


def _versioning(storage: Storage, bucket: str) -> tuple[str | None, str]:
    """(state, note): the note says why the state is unknown."""
    try:
        return storage.bucket_features(bucket).versioning, ""
    except NoSuchBucket:
        raise
    except StorageError as err:
        return None, Text(QT_TR_NOOP("The versioning of {0} could not be read: {1}"), bucket, err.message)


def check_bucket(storage: Storage, bucket: str, names: BucketNames,
                 settings: RetentionSettings | None = None) -> BucketRetention:
    """Read ``bucket``'s versioning and lifecycle rules and compare the rules with the schema's.
    Connection-level failures raise; a bucket-level problem is reported in the result."""
    role = names.role_of(bucket)
    if role is None:
        raise ValueError(f"{bucket} is not one of the schema's buckets.")
    expected = expected_rules(role, settings or RetentionSettings())
    versioning: str | None = None
    note = ""
    try:
        versioning, note = _versioning(storage, bucket)
        live = storage.lifecycle_rules(bucket)
    except NoSuchBucket:
        return BucketRetention(bucket, role, expected, exists=False)
    except NotSupported as err:
        return BucketRetention(bucket, role, expected, versioning=versioning, unsupported=err.message,
                               notes=(note,) if note else ())
    except AccessDenied as err:
        return BucketRetention(bucket, role, expected, versioning=versioning,
                               error=Text(QT_TR_NOOP("The lifecycle rules of {0} cannot be read: {1}"), bucket,
                                          err.message))
    findings = tuple(drift(expected, live, temp_prefixes(role)))
    notes = [note] if note else []
    if versioning in ("Off", None) and not note:
        notes.append(Text(QT_TR_NOOP("Versioning is off: there are no old versions for the noncurrent-version rule to "
                                     "remove, and a deleted object cannot be brought back.")))
    return BucketRetention(bucket, role, expected, live, versioning, True, findings, notes=tuple(notes))


def check_all(storage: Storage, names: BucketNames, settings: RetentionSettings | None = None) -> list[BucketRetention]:
    """:func:`check_bucket` for the four buckets of the schema, in schema order."""
    return [check_bucket(storage, bucket, names, settings) for bucket in dict.fromkeys(names.all())]


def exit_status(reports: Iterable[BucketRetention]) -> int:
    """1 when a bucket's rules drift from the schema (or the bucket is missing), 2 when a bucket
    could not be checked, else 0 (also where the server has no lifecycle rules: nothing to check)."""
    reports = list(reports)
    if any(r.status in ("drift", "missing") for r in reports):
        return 1
    if any(r.status == "error" for r in reports):
        return 2
    return 0


# -- applying the expected rules ------------------------------------------------------------------------


class RulesNotChanged(StorageError):
    """Setting the rules failed, or they read back as something else."""


class RulesChangedMeanwhile(RulesNotChanged):
    """The live rules no longer do what the user saw in the diff: nothing was written. ``live`` is what they are now."""

    def __init__(self, bucket: str, live: tuple[LifecycleRule, ...]) -> None:
        super().__init__(Text(QT_TR_NOOP("The lifecycle rules of {0} were changed by someone else since they were "
                                         "shown; nothing was written. Look at the difference again."), bucket),
                         "; ".join(describe_rules(live)),
                         code="RulesChanged")
        self.bucket, self.live = bucket, live


def apply_expected_rules(storage: Storage, bucket: str, names: BucketNames, settings: RetentionSettings,
                         seen: tuple[LifecycleRule, ...] | None = None) -> tuple[LifecycleRule, ...]:
    """Make ``bucket``'s lifecycle rules the schema's; returns the rules read back.

    ``seen``: the live rules the diff showed (None: no diff was shown, nothing to re-check). They are
    read right before writing; when they no longer do the same, nothing is written and
    :class:`RulesChangedMeanwhile` says what they are now. (S3 has no conditional write of a
    lifecycle configuration: a change between that read and the write is not caught.)
    """
    role = names.role_of(bucket)
    if role is None:
        raise ValueError(f"{bucket} is not one of the schema's buckets.")
    wanted = expected_rules(role, settings)
    before = storage.lifecycle_rules(bucket)
    if seen is not None and not rules_equivalent(before, seen):
        log.info("the lifecycle rules of %s changed since they were shown; not written", bucket)
        raise RulesChangedMeanwhile(bucket, before)
    try:
        storage.set_lifecycle_rules(bucket, wanted)
    except AccessDenied as err:
        raise RulesNotChanged(Text(QT_TR_NOOP("The access key '{0}' may not change the lifecycle rules of {1}."),
                                   storage.settings.access_key, bucket), err.detail, code=err.code) from err
    after = storage.lifecycle_rules(bucket)
    if not rules_equivalent(after, wanted):
        raise RulesNotChanged(Text(QT_TR_NOOP("The server accepted the lifecycle rules of {0} but reads back rules "
                                              "that do something else; check them in the Retention tab."), bucket),
                              "; ".join(describe_rules(after)), code="RulesDiffer")
    log.info("lifecycle rules of %s set to the schema's; they were: %s", bucket, describe_rules(before))
    return after
