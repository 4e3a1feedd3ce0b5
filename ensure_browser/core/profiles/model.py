"""One server connection without its secret: :class:`Profile`, as the profiles file stores it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ensure_browser.core.schema.table import ROLES, BucketNames

DEFAULT_REGION = "us-east-1"


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

    def to_json(self) -> dict[str, Any]:
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
        return cls(
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
