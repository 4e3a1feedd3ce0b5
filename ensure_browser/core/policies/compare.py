"""Bucket policies compared by meaning: :func:`policies_equivalent`, and :func:`drift` from an expected policy.

Servers normalise the JSON they return, so text is no guide: two policies are equal when they grant
and deny the same (principal, action, resource, conditions) atoms, and the drift from the expected
policy is what anonymous users may do more or less on the :class:`Probe` requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.severity import SEVERITIES, Severity

__all__ = [
    "LESS_OPEN",
    "MORE_OPEN",
    "OTHER_DIFFERENCE",
    "Finding",
    "Probe",
    "drift",
    "policies_equivalent",
]

MORE_OPEN: Final = "more open than expected"
LESS_OPEN: Final = "less open than expected"
OTHER_DIFFERENCE: Final = "differs elsewhere"


@dataclass(frozen=True)
class Probe:
    """A request to compare between expected and live policy: ``action`` on ``key`` (``None`` = bucket)."""

    description: str
    action: str
    key: str | None
    severity_if_granted_unexpectedly: Severity
    severity_if_denied_unexpectedly: Severity

    def __post_init__(self) -> None:
        for sev in (self.severity_if_granted_unexpectedly, self.severity_if_denied_unexpectedly):
            if sev not in SEVERITIES:
                raise ValueError(
                    f"Probe {self.description!r}: severity must be one of {SEVERITIES}, got {sev!r}"
                )


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    direction: str  # MORE_OPEN, LESS_OPEN or OTHER_DIFFERENCE
    probe: Probe | None = None


def _atoms(policy: Policy | None) -> frozenset[tuple[object, ...]]:
    if policy is None:
        return frozenset()
    return frozenset().union(*(st.semantic_atoms() for st in policy.statements))


def policies_equivalent(a: Policy | None, b: Policy | None) -> bool:
    """Whether two policies mean the same, whatever their text.

    Ignores statement and list order, single values vs lists, ``Version``, ``Sid``/``Id``,
    ``"*"`` vs ``{"AWS": ["*"]}``, action case and how grants are grouped into statements.
    ``None`` (no policy) equals a policy without statements.
    """
    return _atoms(a) == _atoms(b)


def drift(
    expected: Policy | None, live: Policy | None, bucket: str, probes: Sequence[Probe]
) -> list[Finding]:
    """Where the live policy lets anonymous users do more or less than the expected one.

    ``None`` stands for "no policy" (nothing anonymous is allowed). Each probe asks both policies
    the same anonymous request; a difference gives a finding with the probe's severity. When no
    probe differs but the policies differ in meaning, one ``info`` finding says how.
    """
    findings: list[Finding] = []
    for probe in probes:
        want = expected is not None and expected.is_allowed(probe.action, bucket, probe.key)
        have = live is not None and live.is_allowed(probe.action, bucket, probe.key)
        if want == have:
            continue
        target = f"{bucket}/{probe.key}" if probe.key is not None else f"bucket {bucket}"
        if have:
            msg = (
                f"{probe.description}: anonymous {probe.action} on {target} is allowed but should be denied."
            )
            findings.append(Finding(probe.severity_if_granted_unexpectedly, msg, MORE_OPEN, probe))
        else:
            msg = (
                f"{probe.description}: anonymous {probe.action} on {target} is denied but should be allowed."
            )
            findings.append(Finding(probe.severity_if_denied_unexpectedly, msg, LESS_OPEN, probe))
    if not findings and not policies_equivalent(expected, live):
        findings.append(Finding("info", _difference_message(expected, live), OTHER_DIFFERENCE))
    return findings


def _difference_message(expected: Policy | None, live: Policy | None) -> str:
    if live is None:
        return "No bucket policy is set, but one is expected; the probed keys are unaffected."
    if expected is None:
        return "A bucket policy is set although none is expected; the probed keys are unaffected."
    want, have = expected.explain(), live.explain()
    extra = [s for s in have if s not in want]
    missing = [s for s in want if s not in have]
    parts = ["The live policy differs in meaning from the expected one outside the probed keys."]
    if extra:
        parts.append("Only live: " + " ".join(extra))
    if missing:
        parts.append("Only expected: " + " ".join(missing))
    return " ".join(parts)
