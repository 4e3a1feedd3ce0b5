"""A finding about storage, as the schema's rules, drift probes and level checks report it. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ensure_browser.core.schema.natural import NaturalKey, natural_key
from ensure_browser.core.severity import Severity, rank

__all__ = ["Flag"]


@dataclass(frozen=True)
class Flag:
    """A finding about storage: ``code`` is stable (for filters and tests), ``message`` is for people.

    ``key`` is the object concerned, or the prefix of the entity concerned (ending in ``/``);
    ``items`` holds what is listed in the message (missing chunk indices, page numbers).
    """

    code: str
    severity: Severity
    message: str
    bucket: str
    key: str
    ids: dict[str, str | int] = field(default_factory=dict, hash=False)
    items: tuple[int | str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, NaturalKey, str]:
        """Most severe first, then by bucket, key and code."""
        return rank(self.severity), self.bucket, natural_key(self.key), self.code
