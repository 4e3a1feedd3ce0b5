"""One server connection without its secret: :class:`Profile`, as the profiles file stores it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ensure_browser.core.schema.table import ROLES, BucketNames

DEFAULT_REGION = "us-east-1"
DEFAULT_SCOPES = "openid profile email"


class Kind(enum.Enum):
    """How a profile signs in: an access key and its secret (in the keyring), a person at the school's
    OpenID Connect provider, or a person's directory (LDAP) user name and password (never stored)."""

    KEYS = "keys"
    OIDC = "oidc"
    LDAP = "ldap"


def keyring_accounts(name: str) -> dict[Kind, str]:
    """The keyring entries a profile called ``name`` may have, by kind (renamed and deleted with it)."""
    return {kind: name if kind is Kind.KEYS else f"{name} ({kind.value} sign-in)" for kind in Kind}


@dataclass(frozen=True)
class Profile:
    """One server connection, without its secret."""

    name: str
    endpoint: str  # host:port
    tls: bool = False
    verify_tls: bool = True
    ca_file: str | None = None
    region: str = DEFAULT_REGION
    access_key: str = ""
    buckets: BucketNames = field(default_factory=BucketNames)
    kind: Kind = Kind.KEYS
    issuer: str = ""  # OpenID Connect: the provider's issuer URL, its client id, the scopes asked for
    client_id: str = ""
    scopes: str = DEFAULT_SCOPES
    role_arn: str = ""  # OpenID Connect and LDAP: the role to take (empty: the server's default)
    user_name: str = ""  # LDAP: the directory user name (the password is asked at each sign-in)

    @property
    def secret_account(self) -> str:
        """The keyring entry of this profile: its secret key, or its kept OpenID Connect refresh token."""
        return keyring_accounts(self.name)[self.kind]

    def to_json(self) -> dict[str, Any]:
        data = self._common_json()
        if self.kind is Kind.OIDC:
            data.update(issuer=self.issuer, client_id=self.client_id, scopes=self.scopes)
        if self.kind is not Kind.KEYS:
            data.update(kind=self.kind.value, role_arn=self.role_arn)
        if self.kind is Kind.LDAP:
            data["user_name"] = self.user_name
        return data

    def _common_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "endpoint": self.endpoint,
            "tls": self.tls,
            "verify_tls": self.verify_tls,
            "ca_file": self.ca_file,
            "region": self.region,
            "access_key": self.access_key,
            "buckets": {name: getattr(self.buckets, name) for name in ROLES},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Profile:
        """Read one profile; unknown keys (and any secret someone put there) are ignored."""
        if not isinstance(data.get("name"), str) or not isinstance(data.get("endpoint"), str):
            raise ValueError("a profile needs a name and an endpoint")
        raw_buckets = data.get("buckets")
        if not isinstance(raw_buckets, Mapping):
            raw_buckets = {}
        defaults = BucketNames()
        bucket_values = {
            name: str(raw_buckets.get(name) or getattr(defaults, name)) for name in ROLES
        }
        ca_file = data.get("ca_file")
        try:
            kind = Kind(str(data.get("kind") or Kind.KEYS.value))
        except ValueError as exc:
            raise ValueError(f"a profile of an unknown kind ({data.get('kind')!r})") from exc
        return cls(
            kind=kind,
            issuer=str(data.get("issuer") or ""),
            client_id=str(data.get("client_id") or ""),
            scopes=str(data.get("scopes") or DEFAULT_SCOPES),
            role_arn=str(data.get("role_arn") or ""),
            user_name=str(data.get("user_name") or ""),
            name=data["name"],
            endpoint=data["endpoint"],
            tls=bool(data.get("tls", False)),
            verify_tls=bool(data.get("verify_tls", True)),
            ca_file=str(ca_file) if ca_file else None,
            region=str(data.get("region") or DEFAULT_REGION),
            access_key=str(data.get("access_key") or ""),
            buckets=replace(defaults, **bucket_values),
        )

    def renamed(self, name: str) -> Profile:
        return replace(self, name=name)
