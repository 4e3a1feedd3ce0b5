"""Where to connect: the target, its settings, its secret, and what the identity may open.

* :func:`resolve_target` turns what the command line and the environment say into a :class:`Target`
  (a server, a saved profile, or the demo) without touching the network.
* :func:`stored_secret` is the one keyring lookup: a profile's secret, or the secret stored for
  ``access_key@endpoint`` of a server given on the command line.
* :func:`settings_for` (a target) and :func:`to_settings` (a saved :class:`Profile`) build the
  :class:`ConnectionSettings` :class:`Storage` needs; :func:`saved_profile` does both steps for a
  profile named on the command line.
* :func:`import_from_environment` reads a profile from the variables the Ensure Study services use.
* :func:`open_buckets` (least-privilege access report) says which buckets the identity can list.

Nothing here touches Qt; keyring and network calls block, so the UI runs them in worker threads.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ensure_browser.core.errors import AccessDenied, ErrorKind, NoSuchBucket, StorageError
from ensure_browser.core.profiles.model import DEFAULT_REGION, Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.profiles.validation import ValidationError, validate_endpoint
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text

log = logging.getLogger(__name__)

SECRET_ENV_VARS = ("MINIO_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY")
TOKEN_FILE_ENV = "AWS_WEB_IDENTITY_TOKEN_FILE"  # what AWS SDKs read for a web identity sign-in
ROLE_ARN_ENV = "AWS_ROLE_ARN"
SESSION_NAME_ENV = "AWS_ROLE_SESSION_NAME"


# -- the target ----------------------------------------------------------------------------------


class TargetError(ValueError):
    """Where to connect cannot be worked out from what was given; the message says what is missing."""


@dataclass(frozen=True)
class TargetOptions:
    """What the command line says about where to connect (its connection options)."""

    demo: bool = False
    profile: str | None = None
    endpoint: str | None = None
    access_key: str | None = None
    tls: bool = False
    ca_file: str | None = None
    insecure: bool = False
    region: str = DEFAULT_REGION


@dataclass
class Target:
    """Where to connect, resolved from the command line (without touching the network)."""

    label: str
    endpoint: str = ""
    access_key: str = ""
    secret: str | None = field(default=None, repr=False)
    tls: bool = False
    verify_tls: bool = True
    ca_file: str | None = None
    region: str = DEFAULT_REGION
    demo: bool = False
    profile: str | None = None
    token_file: str = ""  # $AWS_WEB_IDENTITY_TOKEN_FILE with no access key: sign in with the token in it
    role_arn: str = ""  # $AWS_ROLE_ARN, $AWS_ROLE_SESSION_NAME for that sign-in
    session_name: str = ""


def endpoint_account(endpoint: str, access_key: str) -> str:
    """The keyring user name of a server given by endpoint and access key (not by a profile)."""
    return f"{access_key}@{endpoint}"


def stored_secret(account: str, secrets: SecretStore | None = None) -> str | None:
    """The secret kept for ``account`` (a profile's name, or :func:`endpoint_account`), or None.

    ``secrets`` (a new :class:`SecretStore` when None) looks at this session's secrets, then at the OS
    keyring (service ``ensure-browser``); plaintext keyrings are refused. Keyring failures raise
    :class:`~ensure_browser.core.profiles.secrets.SecretStoreError`. Blocks (D-Bus).
    """
    store = secrets if secrets is not None else SecretStore()
    return store.get(account)


def resolve_target(options: TargetOptions, env: Mapping[str, str] | None = None) -> Target:
    """The :class:`Target` the options (and ``env``, the process environment by default) name.

    The demo and a profile are taken as named; a server comes from ``endpoint`` or ``$MINIO_ENDPOINT``
    / ``$AWS_S3_ENDPOINT`` (an ``https://`` URL turns TLS on), its access key from the options or
    ``$MINIO_ROOT_USER`` / ``$AWS_ACCESS_KEY_ID``, its secret from ``$MINIO_ROOT_PASSWORD`` /
    ``$AWS_SECRET_ACCESS_KEY`` or the keyring (None when neither has it); without an access key,
    ``$AWS_WEB_IDENTITY_TOKEN_FILE`` (with ``$AWS_ROLE_ARN``, ``$AWS_ROLE_SESSION_NAME``) names the token
    to sign in with (:mod:`ensure_browser.core.auth.headless`). No server at all gives a
    target with an empty label. Raises :class:`TargetError` for options that cannot work.
    """
    env = dict(os.environ if env is None else env)
    if options.demo:
        return Target(label="Demo", demo=True)
    if options.profile:
        return Target(label=options.profile, profile=options.profile)
    endpoint = options.endpoint or env.get("MINIO_ENDPOINT") or ""
    tls = bool(options.tls)
    if not endpoint and env.get("AWS_S3_ENDPOINT"):
        endpoint = env["AWS_S3_ENDPOINT"]
    if endpoint.startswith(("http://", "https://")):
        scheme, _, rest = endpoint.partition("://")
        if "/" in rest.strip("/"):
            raise TargetError(f"The endpoint {endpoint} has a path; give only host:port.")
        endpoint, tls = rest.strip("/"), tls or scheme == "https"
    if not endpoint:
        return Target(label="")
    access_key = options.access_key or env.get("MINIO_ROOT_USER") or env.get("AWS_ACCESS_KEY_ID") or ""
    if options.ca_file and not Path(options.ca_file).is_file():
        raise TargetError(f"The CA file {options.ca_file} does not exist.")
    if not access_key and (env.get(TOKEN_FILE_ENV) or "").strip():  # as AWS SDKs do: temporary keys for the token
        return Target(label=endpoint, endpoint=endpoint, tls=tls, verify_tls=not options.insecure,
                      ca_file=options.ca_file, region=options.region, token_file=env[TOKEN_FILE_ENV].strip(),
                      role_arn=(env.get(ROLE_ARN_ENV) or "").strip(),
                      session_name=(env.get(SESSION_NAME_ENV) or "").strip())
    if not access_key:
        raise TargetError("--endpoint needs --access-key (or $MINIO_ROOT_USER / $AWS_ACCESS_KEY_ID), or a web identity "
                          f"token file (${TOKEN_FILE_ENV}).")
    secret = next((env[v] for v in SECRET_ENV_VARS if env.get(v)), None)
    if secret is None:
        try:
            secret = stored_secret(endpoint_account(endpoint, access_key))
        except Exception as err:  # no keyring, or it failed: the secret is asked for instead
            log.info("keyring lookup failed: %s", err)
    return Target(label=endpoint, endpoint=endpoint, access_key=access_key, secret=secret, tls=tls,
                  verify_tls=not options.insecure, ca_file=options.ca_file, region=options.region)


# -- settings ------------------------------------------------------------------------------------


def settings_for(target: Target, secret: str) -> ConnectionSettings:
    """What :class:`Storage` needs to reach the server of ``target`` with ``secret``."""
    return ConnectionSettings(endpoint=target.endpoint, access_key=target.access_key, secret_key=secret,
                              secure=target.tls, verify_tls=target.verify_tls, ca_file=target.ca_file,
                              region=target.region)


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


def saved_profile(name: str, store: ProfileStore | None = None,
                  secrets: SecretStore | None = None) -> tuple[ConnectionSettings, BucketNames]:
    """The settings and bucket names of the saved profile ``name``, with its stored secret.

    Raises :class:`TargetError` when there is no such profile or no secret is stored for it.
    """
    profiles = store if store is not None else ProfileStore()
    profile = profiles.get(name)
    if profile is None:
        raise TargetError(f"There is no connection profile named {name!r}.")
    if profile.kind is not Kind.KEYS:
        raise TargetError(f"The profile {profile.name!r} signs in as a person ({profile.kind.value}): open it in "
                          "the window. The command line works with profiles that have an access key.")
    secret = stored_secret(profile.name, secrets)
    if secret is None:
        raise TargetError(f"No secret is stored for the profile {profile.name!r}; open it in the app once.")
    return to_settings(profile, secret), profile.buckets


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
        text: Text = Plural(n, "Connected: 1 bucket readable.", QT_TR_N_NOOP("Connected: {0} buckets readable."), n)
        others = len(self.others_visible)
        if others:
            text = Plural(others, "{0} 1 other bucket is visible.", QT_TR_N_NOOP("{0} {1} other buckets are visible."),
                          text, others)
        return text

    def lines(self) -> list[str]:
        """The summary, the ListBuckets note and one line per bucket."""
        out = [self.summary()]
        if self.listed is None:
            out.append(Text(QT_TR_NOOP(
                "This access key may not list all buckets; the profile's buckets were checked one by one.")))
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
        return BucketCheck(bucket, BucketState.ACCESS_DENIED, Text(QT_TR_NOOP("You may not list {0}."), bucket))
    except NoSuchBucket:
        return BucketCheck(bucket, BucketState.NOT_FOUND, Text(QT_TR_NOOP("The bucket {0} does not exist."), bucket))
    except StorageError as err:
        if err.kind in _CONNECTION_KINDS:
            raise
        return BucketCheck(bucket, BucketState.ERROR, Text(QT_TR_NOOP("{0}: {1}"), bucket, err.message))
    return BucketCheck(bucket, BucketState.LISTABLE, Text(QT_TR_NOOP("You may list {0}."), bucket))


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
