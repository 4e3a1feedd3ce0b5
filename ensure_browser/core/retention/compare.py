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
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text

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
    return Text(QT_TR_NOOP("the whole bucket")) if not prefix else Text(QT_TR_NOOP("keys under {0}"), prefix)


def _days(n: int) -> str:
    return Plural(n, "1 day", QT_TR_N_NOOP("{0} days"), n)


def _missing(effect: Effect, temp: frozenset[str]) -> str:
    days = _days(effect.days)
    if effect.kind == EXPIRE and effect.prefix in temp:
        return Text(QT_TR_NOOP("Temporary uploads under {0} are never removed by the server; the schema expects "
                               "them to expire after {1}."), effect.prefix, days)
    if effect.kind == EXPIRE:
        return Text(QT_TR_NOOP("Nothing expires {0}; the schema expects it after {1}."), _where(effect.prefix), days)
    if effect.kind == ABORT:
        return Text(QT_TR_NOOP("Incomplete multipart uploads are never aborted: their parts hold space until someone "
                               "removes them. The schema expects them aborted {0} after they started."), days)
    return Text(QT_TR_NOOP("Old versions (replaced or deleted objects) of {0} are kept forever; the schema "
                           "keeps them {1}."), _where(effect.prefix), days)


def _differs(effect: Effect, live_days: int, temp: frozenset[str]) -> RetentionFinding:
    want, have = _days(effect.days), _days(live_days)
    if effect.kind == EXPIRE:
        temporary = effect.prefix in temp
        what = (Text(QT_TR_NOOP("Temporary uploads under {0} expire after {1}; the schema expects {2}."), effect.prefix,
                     have, want) if temporary else
                Text(QT_TR_NOOP("Objects of {0} expire after {1}; the schema expects {2}."), _where(effect.prefix),
                     have, want))
        return RetentionFinding("warning", what)
    if effect.kind == ABORT:
        return RetentionFinding("warning", Text(QT_TR_NOOP("Incomplete multipart uploads are aborted after {0}; the "
                                                           "schema expects {1}."), have, want))
    if live_days < effect.days:
        return RetentionFinding("warning", Text(QT_TR_NOOP(
            "Old versions are removed {0} after they were replaced, sooner than the {1} the schema keeps them: a "
            "mistake found later may not be undone."), have, want))
    return RetentionFinding("info", Text(QT_TR_NOOP("Old versions are kept {0} after they were replaced; the schema "
                                                    "keeps them {1}, so they take space longer than needed."),
                                         have, want))


def _unexpected(effect: Effect, expected: frozenset[Effect]) -> RetentionFinding:
    days = _days(effect.days)
    if effect.kind == EXPIRE:
        covered = any(e.kind == EXPIRE and effect.prefix.startswith(e.prefix) and e.prefix for e in expected)
        if covered:
            return RetentionFinding("info", Text(QT_TR_NOOP("An extra rule expires {0} after {1}, inside what the "
                                                            "schema lets expire."), _where(effect.prefix), days))
        return RetentionFinding("critical", Text(QT_TR_NOOP("The server deletes the current objects of {0} {1} after "
                                                            "they were written; the schema expects no such rule."),
                                                 _where(effect.prefix), days))
    if effect.kind == NONCURRENT:
        shortest = min((e.days for e in expected if e.kind == NONCURRENT), default=None)
        severity: Severity = "warning" if shortest is None or effect.days < shortest else "info"
        return RetentionFinding(severity, Text(QT_TR_NOOP("An extra rule removes old versions of {0} {1} after they "
                                                          "were replaced."), _where(effect.prefix), days))
    if effect.kind == ABORT:
        return RetentionFinding("info", Text(QT_TR_NOOP("An extra rule aborts incomplete uploads of {0} after {1}."),
                                             _where(effect.prefix), days))
    return RetentionFinding("warning", Text(QT_TR_NOOP("A rule the schema does not have, on {0}: {1}."),
                                            _where(effect.prefix), effect.text))


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
