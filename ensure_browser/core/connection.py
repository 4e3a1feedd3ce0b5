"""Where to connect: connection settings from a profile or the environment, and what the identity may open.

* :func:`to_settings` builds the :class:`ConnectionSettings` of a saved :class:`Profile`.
* :func:`import_from_environment` reads a profile from the variables the Ensure Study services use.
* :func:`open_buckets` (least-privilege access report) says which buckets the identity can list.

Nothing here touches Qt; these calls block (network), so the UI runs them in worker threads.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ensure_browser.core.errors import AccessDenied, ErrorKind, NoSuchBucket, StorageError
from ensure_browser.core.profiles.model import DEFAULT_REGION, Profile
from ensure_browser.core.profiles.validation import ValidationError, validate_endpoint
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames

log = logging.getLogger(__name__)


# -- settings ------------------------------------------------------------------------------------


def to_settings(profile: Profile, secret: str) -> ConnectionSettings:
    """What :class:`Storage` needs to reach the profile's server with ``secret``."""
    endpoint, tls = validate_endpoint(profile.endpoint, profile.tls)
    return ConnectionSettings(
        endpoint=endpoint,
        access_key=profile.access_key.strip(),
        secret_key=secret,
        secure=tls,
        verify_tls=profile.verify_tls,
        ca_file=str(Path(profile.ca_file).expanduser()) if profile.ca_file else None,
        region=profile.region.strip() or DEFAULT_REGION,
    )


# -- import from the environment -----------------------------------------------------------------


def import_from_environment(env: Mapping[str, str]) -> tuple[Profile, str | None]:
    """A profile from the variables the Ensure Study services use (``.env`` / docker compose).

    ``AWS_S3_ENDPOINT`` (a URL: its scheme decides TLS) wins over ``MINIO_ENDPOINT`` (host:port);
    ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (application keys) win over
    ``MINIO_ROOT_USER``/``MINIO_ROOT_PASSWORD`` (root keys: least privilege first); a pair is never
    mixed. ``AWS_S3_BUCKET`` names the documents bucket; ``AWS_REGION``/``AWS_DEFAULT_REGION`` the
    region. Raises :class:`ValidationError` when no usable endpoint is set.
    """

    def var(name: str) -> str:
        return (env.get(name) or "").strip()

    aws_endpoint, minio_endpoint = var("AWS_S3_ENDPOINT"), var("MINIO_ENDPOINT")
    if aws_endpoint:
        source, raw = "AWS_S3_ENDPOINT", aws_endpoint
    elif minio_endpoint:
        source, raw = "MINIO_ENDPOINT", minio_endpoint
    else:
        raise ValidationError(
            "endpoint",
            "No server address was found in the environment (MINIO_ENDPOINT or AWS_S3_ENDPOINT).",
        )
    tls = raw.lower().startswith("https://")
    if source == "MINIO_ENDPOINT" and "://" not in raw:
        tls = var("MINIO_SECURE").lower() in ("1", "true", "yes", "on")
    try:
        endpoint, tls = validate_endpoint(raw, tls)
    except ValidationError as err:
        raise ValidationError("endpoint", f"{source}: {err.message}") from None

    if var("AWS_ACCESS_KEY_ID"):
        access_key, secret = var("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY") or None
    else:
        access_key, secret = var("MINIO_ROOT_USER"), env.get("MINIO_ROOT_PASSWORD") or None

    buckets = BucketNames()
    if var("AWS_S3_BUCKET"):
        buckets = replace(buckets, documents=var("AWS_S3_BUCKET"))
    region = var("AWS_REGION") or var("AWS_DEFAULT_REGION") or DEFAULT_REGION
    profile = Profile(
        name=f"Environment ({endpoint})",
        endpoint=endpoint,
        tls=tls,
        region=region,
        access_key=access_key,
        buckets=buckets,
    )
    log.info("profile imported from %s (%s)", source, endpoint)
    return profile, secret


# -- least privilege -----------------------------------------------------------------------------


class BucketState(enum.Enum):
    LISTABLE = "listable"
    NOT_FOUND = "not_found"
    ACCESS_DENIED = "access_denied"
    ERROR = "error"


@dataclass(frozen=True)
class BucketCheck:
    bucket: str
    state: BucketState
    message: str  # one human line


@dataclass(frozen=True)
class BucketAccess:
    """What an identity may do with the profile's buckets.

    ``listed`` is the ListBuckets answer (None when that was denied: only the profile's buckets were
    checked); ``checks`` has one entry per configured bucket, in order.
    """

    listed: tuple[str, ...] | None
    checks: tuple[BucketCheck, ...]

    @property
    def readable(self) -> tuple[str, ...]:
        return tuple(c.bucket for c in self.checks if c.state is BucketState.LISTABLE)

    @property
    def others_visible(self) -> tuple[str, ...]:
        """Buckets the server listed that are not among the profile's buckets."""
        configured = {c.bucket for c in self.checks}
        return tuple(b for b in self.listed or () if b not in configured)

    def state(self, bucket: str) -> BucketState | None:
        return next((c.state for c in self.checks if c.bucket == bucket), None)

    def summary(self) -> str:
        n = len(self.readable)
        text = f"Connected: {n} bucket{'s' if n != 1 else ''} readable."
        others = len(self.others_visible)
        if others:
            text += f" {others} other bucket{'s are' if others != 1 else ' is'} visible."
        return text

    def lines(self) -> list[str]:
        """The summary, the ListBuckets note and one line per bucket."""
        out = [self.summary()]
        if self.listed is None:
            out.append(
                "This access key may not list all buckets; the profile's buckets were checked one by one."
            )
        out += [c.message for c in self.checks]
        return out


# Errors that concern the whole connection, not one bucket: they end the check.
_CONNECTION_KINDS = {
    ErrorKind.DNS,
    ErrorKind.CONNECTION_REFUSED,
    ErrorKind.TIMEOUT,
    ErrorKind.TLS,
    ErrorKind.PROTOCOL,
    ErrorKind.UNKNOWN_ACCESS_KEY,
    ErrorKind.WRONG_SECRET,
    ErrorKind.CLOCK_SKEW,
    ErrorKind.CANCELLED,
}


def _probe(storage: Storage, bucket: str) -> BucketCheck:
    try:
        next(storage.list_level(bucket, page_size=1), None)
    except AccessDenied:
        return BucketCheck(bucket, BucketState.ACCESS_DENIED, f"You may not list {bucket}.")
    except NoSuchBucket:
        return BucketCheck(bucket, BucketState.NOT_FOUND, f"The bucket {bucket} does not exist.")
    except StorageError as err:
        if err.kind in _CONNECTION_KINDS:
            raise
        return BucketCheck(bucket, BucketState.ERROR, f"{bucket}: {err.message}")
    return BucketCheck(bucket, BucketState.LISTABLE, f"You may list {bucket}.")


def bucket_list(names: BucketNames | Iterable[str]) -> list[str]:
    """The bucket names in schema order, without duplicates."""
    values = list(names.all()) if isinstance(names, BucketNames) else list(names)
    return list(dict.fromkeys(values))


def open_buckets(storage: Storage, names: BucketNames | Iterable[str]) -> BucketAccess:
    """Which of ``names`` this identity can list, with the least privileges needed.

    ListBuckets first; when it is denied, each bucket is probed directly with one cheap listing page.
    The configured buckets are always probed, because a successful ListBuckets does not prove that
    objects may be listed (and some servers, SeaweedFS among them, list only the permitted buckets).
    Connection-level failures (wrong secret, TLS, unreachable server) raise the storage error.
    """
    try:
        listed: tuple[str, ...] | None = tuple(storage.list_buckets())
    except AccessDenied:
        log.info("ListBuckets denied for %s; probing the profile's buckets", storage.settings.access_key)
        listed = None
    checks = tuple(_probe(storage, bucket) for bucket in bucket_list(names))
    return BucketAccess(listed, checks)
