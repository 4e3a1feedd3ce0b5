"""Lifecycle rules compared by what they do, and the drift from the expected rules in plain words.

Servers answer rules in their own order and with their own ids, so the text is no guide: a rule set
is reduced to what it does (:func:`effects`: expire current objects, remove noncurrent versions,
abort incomplete uploads, per prefix, after so many days; and whatever else a rule does, in words).
Two rule sets are equivalent when they do the same; :func:`drift` says what differs and how bad it
is: a rule that deletes objects the schema keeps is critical, a missing clean-up a warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.severity import Severity, rank

__all__ = [
    "ABORT",
    "EXPIRE",
    "NONCURRENT",
    "OTHER",
    "Effect",
    "RetentionFinding",
    "describe_rules",
    "drift",
    "effects",
    "rules_diff",
    "rules_equivalent",
]

EXPIRE: Final = "expire"
NONCURRENT: Final = "noncurrent"
ABORT: Final = "abort"
OTHER: Final = "other"


@dataclass(frozen=True, order=True)
class Effect:
    """One thing a rule does: ``kind`` on the keys under ``prefix`` after ``days`` (``OTHER``: ``text``)."""

    kind: str
    prefix: str
    days: int = 0
    text: str = ""


@dataclass(frozen=True)
class RetentionFinding:
    severity: Severity
    message: str


def effects(rules: Iterable[LifecycleRule]) -> frozenset[Effect]:
    """What the enabled rules of ``rules`` do (a disabled rule does nothing)."""
    out: set[Effect] = set()
    for rule in rules:
        if not rule.enabled:
            continue
        for kind, days in ((EXPIRE, rule.expire_days), (NONCURRENT, rule.noncurrent_days), (ABORT, rule.abort_days)):
            if days is not None:
                out.add(Effect(kind, rule.prefix, days))
        out.update(Effect(OTHER, rule.prefix, text=f"rule {rule.rule_id or '(no id)'}: {text}") for text in rule.other)
    return frozenset(out)


def rules_equivalent(a: Iterable[LifecycleRule], b: Iterable[LifecycleRule]) -> bool:
    return effects(a) == effects(b)


def _where(prefix: str) -> str:
    return "the whole bucket" if not prefix else f"keys under {prefix}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _missing(effect: Effect, temp: frozenset[str]) -> str:
    days = _days(effect.days)
    if effect.kind == EXPIRE and effect.prefix in temp:
        return (f"Temporary uploads under {effect.prefix} are never removed by the server; the schema expects "
                f"them to expire after {days}.")
    if effect.kind == EXPIRE:
        return f"Nothing expires {_where(effect.prefix)}; the schema expects it after {days}."
    if effect.kind == ABORT:
        return ("Incomplete multipart uploads are never aborted: their parts hold space until someone removes "
                f"them. The schema expects them aborted {days} after they started.")
    return (f"Old versions (replaced or deleted objects) of {_where(effect.prefix)} are kept forever; the schema "
            f"keeps them {days}.")


def _differs(effect: Effect, live_days: int, temp: frozenset[str]) -> RetentionFinding:
    want, have = _days(effect.days), _days(live_days)
    if effect.kind == EXPIRE:
        temporary = effect.prefix in temp
        what = f"Temporary uploads under {effect.prefix}" if temporary else f"Objects of {_where(effect.prefix)}"
        return RetentionFinding("warning", f"{what} expire after {have}; the schema expects {want}.")
    if effect.kind == ABORT:
        return RetentionFinding("warning", f"Incomplete multipart uploads are aborted after {have}; the schema "
                                           f"expects {want}.")
    if live_days < effect.days:
        return RetentionFinding("warning", f"Old versions are removed {have} after they were replaced, sooner than "
                                           f"the {want} the schema keeps them: a mistake found later may not be "
                                           "undone.")
    return RetentionFinding("info", f"Old versions are kept {have} after they were replaced; the schema keeps them "
                                    f"{want}, so they take space longer than needed.")


def _unexpected(effect: Effect, expected: frozenset[Effect]) -> RetentionFinding:
    days = _days(effect.days)
    if effect.kind == EXPIRE:
        covered = any(e.kind == EXPIRE and effect.prefix.startswith(e.prefix) and e.prefix for e in expected)
        if covered:
            return RetentionFinding("info", f"An extra rule expires {_where(effect.prefix)} after {days}, inside "
                                            "what the schema lets expire.")
        return RetentionFinding("critical", f"The server deletes the current objects of {_where(effect.prefix)} "
                                            f"{days} after they were written; the schema expects no such rule.")
    if effect.kind == NONCURRENT:
        shortest = min((e.days for e in expected if e.kind == NONCURRENT), default=None)
        severity: Severity = "warning" if shortest is None or effect.days < shortest else "info"
        return RetentionFinding(severity, f"An extra rule removes old versions of {_where(effect.prefix)} {days} "
                                          "after they were replaced.")
    if effect.kind == ABORT:
        return RetentionFinding("info", f"An extra rule aborts incomplete uploads of {_where(effect.prefix)} after "
                                        f"{days}.")
    return RetentionFinding("warning", f"A rule the schema does not have, on {_where(effect.prefix)}: {effect.text}.")


def drift(expected: Iterable[LifecycleRule], live: Iterable[LifecycleRule],
          temp_prefixes: Iterable[str] = ()) -> list[RetentionFinding]:
    """What the live rules do differently from the expected ones, worst first (empty: the same)."""
    want, have = effects(expected), effects(live)
    temp = frozenset(temp_prefixes)
    findings: list[RetentionFinding] = []
    matched: set[Effect] = set()
    for effect in sorted(want):
        if effect in have:
            matched.add(effect)
            continue
        same = [e for e in have if e.kind == effect.kind and e.prefix == effect.prefix]
        if not same:
            findings.append(RetentionFinding("warning", _missing(effect, temp)))
            continue
        matched.update(same)
        findings.append(_differs(effect, min(e.days for e in same), temp))  # the earliest action wins
    findings += [_unexpected(effect, want) for effect in sorted(have - matched)]
    return sorted(findings, key=lambda f: rank(f.severity))


def describe_rules(rules: Iterable[LifecycleRule]) -> list[str]:
    """One line per rule, in a fixed order, saying what it does (for a diff: only meaning shows)."""
    lines = []
    for rule in sorted(rules, key=lambda r: (r.prefix, r.rule_id)):
        actions = []
        if rule.expire_days is not None:
            actions.append(f"current objects expire after {_days(rule.expire_days)}")
        if rule.noncurrent_days is not None:
            actions.append(f"old versions removed {_days(rule.noncurrent_days)} after they were replaced")
        if rule.abort_days is not None:
            actions.append(f"incomplete uploads aborted after {_days(rule.abort_days)}")
        actions += rule.other
        state = "" if rule.enabled else " (disabled)"
        lines.append(f"rule {rule.rule_id or '(no id)'}{state} on {_where(rule.prefix)}: "
                     f"{'; '.join(actions) or 'does nothing'}")
    return lines


def rules_diff(live: Iterable[LifecycleRule], expected: Iterable[LifecycleRule], bucket: str = "") -> str:
    """A unified diff from the live rules to the expected ones, one line per rule."""
    name = f"{bucket} " if bucket else ""
    before = [line + "\n" for line in describe_rules(live)] or ["(no lifecycle rules)\n"]
    after = [line + "\n" for line in describe_rules(expected)] or ["(no lifecycle rules)\n"]
    return "".join(difflib.unified_diff(before, after, fromfile=f"{name}live rules",
                                        tofile=f"{name}expected rules (schema)"))
