"""How serious a finding is: the one definition every check, scan, window and command shares.

Policy findings, consistency flags, scan findings and the command line's summaries all rank and count
severities the same way; this module is where that way lives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Severity = Literal["critical", "warning", "info"]

#: Worst first.
SEVERITIES: tuple[Severity, ...] = ("critical", "warning", "info")

_RANK: dict[str, int] = {sev: i for i, sev in enumerate(SEVERITIES)}


def rank(severity: str) -> int:
    """0 for the worst; an unknown severity ranks as a warning."""
    return _RANK.get(severity, _RANK["warning"])


def worst(severities: Iterable[str]) -> str | None:
    """The most serious of ``severities``, or None when there are none."""
    found = list(severities)
    return min(found, key=rank) if found else None


def count(severities: Iterable[str]) -> dict[Severity, int]:
    """How many of each severity (every severity present as a key, worst first)."""
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for sev in severities:
        for known in SEVERITIES:
            if sev == known:
                counts[known] += 1
    return counts
