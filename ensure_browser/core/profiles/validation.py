"""Checks of what a person types into a connection profile: endpoint, CA file, name, bucket names.

Each problem is a :class:`ValidationError` naming its form field, with a message that says what to do.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ensure_browser.core.profiles.model import DEFAULT_REGION, Kind
from ensure_browser.core.schema.table import ROLES
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:
    from ensure_browser.core.profiles.model import Profile

MAX_NAME_LENGTH = 80


class ValidationError(ValueError):
    """Bad input for one form field: ``field`` names it, ``message`` says what to do."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message

    def __str__(self) -> str:
        return self.message


_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_EXAMPLE = "localhost:9000"


def _valid_host(host: str) -> bool:
    if len(host) > 253:
        return False
    try:
        ipaddress.IPv4Address(host)
        return True
    except ValueError:
        pass
    return all(_HOST_LABEL.match(label) for label in host.rstrip(".").split("."))


def _parse_port(text: str, original: str) -> int:
    if not text.isdigit():
        raise ValidationError(
            "endpoint", Text(QT_TR_NOOP(
                "'{0}' is not a valid endpoint: the port must be a number (e.g. {1})."), original, _EXAMPLE)
        )
    port = int(text)
    if not 1 <= port <= 65535:
        raise ValidationError("endpoint", Text(QT_TR_NOOP("The port must be between 1 and 65535 (not {0})."), port))
    return port


def _split_host_port(hostport: str, original: str, default_port: int | None) -> str:
    """``host:port`` / ``[v6]:port`` (port optional when ``default_port``) -> canonical ``host:port``."""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise ValidationError("endpoint", Text(QT_TR_NOOP("'{0}' is not a valid endpoint: missing ']'."), original))
        host, rest = hostport[1:end], hostport[end + 1 :]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValidationError(
                "endpoint", Text(QT_TR_NOOP(
                    "'{0}' is not a valid endpoint: '{1}' is not an IPv6 address."), original, host)
            ) from None
        host_text = f"[{host}]"
        if rest and not rest.startswith(":"):
            raise ValidationError("endpoint", Text(QT_TR_NOOP("'{0}' is not a valid endpoint."), original))
        port_text = rest[1:] if rest else ""
    else:
        if hostport.count(":") > 1:
            raise ValidationError(
                "endpoint",
                Text(QT_TR_NOOP(
                    "'{0}' is not a valid endpoint. Put IPv6 addresses in brackets, e.g. [::1]:9000."), original),
            )
        host, _, port_text = hostport.partition(":")
        if not host or not _valid_host(host):
            raise ValidationError(
                "endpoint",
                Text(QT_TR_NOOP("'{0}' is not a valid endpoint. Enter host and port, e.g. {1}."), original, _EXAMPLE),
            )
        host_text = host
        if ":" in hostport and not port_text:
            raise ValidationError("endpoint", Text(QT_TR_NOOP(
                "'{0}' is not a valid endpoint: the port is missing."), original))
    if not port_text:
        if default_port is None:
            raise ValidationError(
                "endpoint", Text(QT_TR_NOOP("The endpoint '{0}' needs a port, e.g. {1}:9000."), original, host_text)
            )
        port = default_port
    else:
        port = _parse_port(port_text, original)
    return f"{host_text}:{port}"


def validate_endpoint(text: str, tls: bool) -> tuple[str, bool]:
    """Check an endpoint typed by a person; returns the canonical ``host:port`` and the TLS flag.

    Accepts ``host:port``, ``[v6]:port`` and ``http://`` / ``https://`` URLs without a path (a URL
    without a port gets 80 or 443). A scheme that contradicts the TLS switch is an error, so the
    connection never silently becomes less (or differently) secure than the form says.
    """
    original = text.strip()
    if not original:
        raise ValidationError("endpoint", Text(QT_TR_NOOP(
            "Enter the server address as host:port, e.g. {0}."), _EXAMPLE))
    if any(ch.isspace() for ch in original):
        raise ValidationError("endpoint", Text(QT_TR_NOOP(
            "'{0}' is not a valid endpoint: it contains spaces."), original))
    if "://" not in original:
        if "/" in original:
            host, _, path = original.partition("/")
            raise ValidationError(
                "endpoint",
                Text(QT_TR_NOOP(
                    "An endpoint cannot have a path (/{0}). Enter only host and port, e.g. {1}; bucket names are set "
                    "separately."), path, host),
            )
        return _split_host_port(original, original, None), tls
    parts = urlsplit(original)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            "endpoint", Text(QT_TR_NOOP(
                "Unsupported scheme '{0}://'. Use http://, https:// or just host:port."), parts.scheme)
        )
    netloc = parts.netloc
    if "@" in netloc:
        raise ValidationError(
            "endpoint",
            Text(QT_TR_NOOP(
                "The endpoint must not contain a user name or password; enter the access key and the secret in their "
                "own fields.")),
        )
    if parts.path not in ("", "/"):
        raise ValidationError(
            "endpoint",
            Text(QT_TR_NOOP(
                "An endpoint cannot have a path ({0}). Enter only host and port, e.g. {1}://{2}; bucket names are "
                "set separately."), parts.path, scheme, netloc),
        )
    if parts.query or parts.fragment:
        raise ValidationError("endpoint", Text(QT_TR_NOOP(
            "An endpoint cannot have a query or fragment ('{0}')."), original))
    if not netloc:
        raise ValidationError("endpoint", Text(QT_TR_NOOP(
            "'{0}' is not a valid endpoint: the host is missing."), original))
    if scheme == "https" and not tls:
        raise ValidationError(
            "endpoint",
            Text(QT_TR_NOOP(
                "The endpoint starts with https:// but TLS is off. Turn TLS on, or use http:// if the server really "
                "speaks plain HTTP.")),
        )
    if scheme == "http" and tls:
        raise ValidationError(
            "endpoint",
            Text(QT_TR_NOOP("The endpoint starts with http:// but TLS is on. Turn TLS off, or use https://.")),
        )
    return _split_host_port(netloc, original, 443 if scheme == "https" else 80), scheme == "https"


def validate_ca_file(path: str) -> None:
    """A CA bundle must exist, be readable and contain at least one PEM certificate."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ValidationError("ca_file", Text(QT_TR_NOOP("The CA certificate file {0} does not exist."), p))
    try:
        head = p.read_bytes()[:1_000_000]
    except OSError as exc:
        raise ValidationError(
            "ca_file", Text(QT_TR_NOOP("The CA certificate file {0} cannot be read: {1}."), p, exc.strerror or exc)
        ) from exc
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise ValidationError(
            "ca_file", Text(QT_TR_NOOP("{0} does not contain a PEM certificate (-----BEGIN CERTIFICATE-----)."), p)
        )


def validate_name(name: str) -> str:
    stripped = name.strip()
    if not stripped:
        raise ValidationError("name", Text(QT_TR_NOOP("Enter a name for this connection.")))
    if len(stripped) > MAX_NAME_LENGTH:
        raise ValidationError("name", Text(QT_TR_NOOP(
            "The name is too long (at most {0} characters)."), MAX_NAME_LENGTH))
    if any(not ch.isprintable() for ch in stripped):
        raise ValidationError("name", Text(QT_TR_NOOP("The name cannot contain control characters.")))
    return stripped


def validate_bucket_name(field_name: str, name: str) -> None:
    if not _BUCKET_RE.match(name) or ".." in name:
        raise ValidationError(
            field_name,
            Text(QT_TR_NOOP(
                "'{0}' is not a valid bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting "
                "and ending with a letter or digit."), name),
        )


def validate_profile(profile: Profile) -> list[ValidationError]:
    """Every problem of a profile, one per field (empty when the profile is usable)."""
    problems: list[ValidationError] = []

    def check(fn: Callable[[], object]) -> None:
        try:
            fn()
        except ValidationError as err:
            problems.append(err)

    check(lambda: validate_name(profile.name))
    check(lambda: validate_endpoint(profile.endpoint, profile.tls))
    if profile.ca_file:
        check(lambda: validate_ca_file(profile.ca_file or ""))
    if not profile.region.strip():
        problems.append(ValidationError("region", Text(QT_TR_NOOP("Enter a region (MinIO uses {0})."), DEFAULT_REGION)))
    if profile.kind is Kind.KEYS and not profile.access_key.strip():
        problems.append(ValidationError("access_key", Text(QT_TR_NOOP("Enter the access key."))))
    problems += sign_in_problems(profile)
    for kind in ROLES:
        try:
            validate_bucket_name(f"bucket_{kind}", getattr(profile.buckets, kind))
        except ValidationError as err:
            problems.append(err)
    return problems



def sign_in_problems(profile: Profile) -> list[ValidationError]:
    """The problems of the sign-in fields of an OpenID Connect or LDAP profile."""
    problems: list[ValidationError] = []
    if profile.kind is Kind.OIDC:
        issuer = urlsplit(profile.issuer.strip())
        if issuer.scheme not in ("http", "https") or not issuer.hostname:
            problems.append(ValidationError("issuer", Text(QT_TR_NOOP(
                "Enter the provider's issuer URL, e.g. https://login.example.org/realms/school."))))
        elif issuer.scheme == "http" and issuer.hostname not in ("127.0.0.1", "localhost", "::1"):
            problems.append(ValidationError("issuer", Text(QT_TR_NOOP(
                "The issuer URL must use https (tokens travel there)."))))
        if not profile.client_id.strip():
            problems.append(ValidationError("client_id", Text(QT_TR_NOOP(
                "Enter the client id the provider gave this app."))))
        if "openid" not in profile.scopes.split():
            problems.append(ValidationError("scopes", Text(QT_TR_NOOP("The scopes must include 'openid'."))))
    if profile.kind is Kind.LDAP and not profile.user_name.strip():
        problems.append(ValidationError("user_name", Text(QT_TR_NOOP("Enter your directory user name."))))
    if profile.role_arn.strip() and not profile.role_arn.strip().startswith("arn:"):
        problems.append(ValidationError("role_arn", Text(QT_TR_NOOP(
            "A role ARN starts with 'arn:', e.g. arn:aws:iam::role/Teacher."))))
    return problems
