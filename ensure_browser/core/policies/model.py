"""The bucket-policy language: its names, wildcards and the typed statements a policy is made of.

Qt-free and server-free. It understands the IAM policy language as MinIO applies it to bucket
policies (and as SeaweedFS / AWS S3 return them). The rest of the engine sits beside it:
:mod:`~ensure_browser.core.policies.parse` (text to policy), :mod:`~ensure_browser.core.policies.engine`
(the :class:`~ensure_browser.core.policies.engine.Policy`: evaluation, anonymous rules, risks),
:mod:`~ensure_browser.core.policies.explain` (plain language) and :mod:`~ensure_browser.core.policies.compare`
(equivalence and drift).

Condition semantics (kept deliberately simple):

* Supported operators: ``StringEquals``, ``StringNotEquals``, ``StringLike``, ``StringNotLike``,
  ``IpAddress``, ``NotIpAddress`` (IPv4 and IPv6 CIDR), ``Bool`` and ``Null``, and the ``...IfExists``
  variants of all but ``Null``. Any other operator is rejected at parse time.
* Several operators, and several keys under one operator, must all hold; several values for one key
  are alternatives (any of them may match).
* Condition key names are compared case-insensitively. A context value may be a string or a list of
  strings; a list satisfies a positive operator when any member matches any value. A negated operator
  (``StringNotEquals``, ``StringNotLike``, ``NotIpAddress``) is the exact negation of its positive
  twin, so for a list it holds only when no member matches.
* A key absent from the context (or given as an empty list) makes positive operators false and
  negated ones true; ``...IfExists`` operators are true; ``Null: {"k": "true"}`` is true exactly when
  ``k`` is absent.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from ensure_browser.core.severity import Severity

__all__ = [
    "ACCESS_CUSTOM",
    "ACCESS_DOWNLOAD",
    "ACCESS_LIST",
    "ACCESS_PUBLIC",
    "ACCESS_UPLOAD",
    "BUCKET_ACTIONS",
    "IP_OPERATORS",
    "NEGATED_OPERATORS",
    "OBJECT_ACTIONS",
    "SUPPORTED_OPERATORS",
    "AnonymousRule",
    "Condition",
    "PolicyError",
    "Risk",
    "Statement",
    "covers_every_action",
    "resource_arn",
    "wildcard_match",
    "wildcard_remainders",
]

S3_ARN_PREFIX: Final = "arn:aws:s3:::"

ALLOW: Final = "Allow"
DENY: Final = "Deny"

ACCESS_DOWNLOAD: Final = "download"
ACCESS_UPLOAD: Final = "upload"
ACCESS_PUBLIC: Final = "public"
ACCESS_LIST: Final = "list"
ACCESS_CUSTOM: Final = "custom"

GET_OBJECT: Final = "s3:GetObject"
PUT_OBJECT: Final = "s3:PutObject"
LIST_BUCKET: Final = "s3:ListBucket"

#: Actions on objects: they are asked with a key and match ``arn:aws:s3:::BUCKET/KEY``.
OBJECT_ACTIONS: Final[tuple[str, ...]] = (
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:GetObjectVersion",
    "s3:DeleteObjectVersion",
    "s3:GetObjectAttributes",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:GetObjectTagging",
    "s3:PutObjectTagging",
    "s3:DeleteObjectTagging",
    "s3:GetObjectRetention",
    "s3:PutObjectRetention",
    "s3:GetObjectLegalHold",
    "s3:PutObjectLegalHold",
    "s3:GetObjectAcl",
    "s3:PutObjectAcl",
    "s3:RestoreObject",
)

#: Actions on buckets: they are asked with ``key=None`` and match ``arn:aws:s3:::BUCKET``.
BUCKET_ACTIONS: Final[tuple[str, ...]] = (
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:GetBucketLocation",
    "s3:ListBucketMultipartUploads",
    "s3:GetBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:DeleteBucket",
    "s3:CreateBucket",
    "s3:GetBucketVersioning",
    "s3:PutBucketVersioning",
    "s3:GetBucketTagging",
    "s3:PutBucketTagging",
    "s3:GetBucketNotification",
    "s3:PutBucketNotification",
    "s3:GetLifecycleConfiguration",
    "s3:PutLifecycleConfiguration",
    "s3:GetBucketObjectLockConfiguration",
    "s3:PutBucketObjectLockConfiguration",
    "s3:GetEncryptionConfiguration",
    "s3:PutEncryptionConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:PutReplicationConfiguration",
)

_STRING_OPS: Final = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")
IP_OPERATORS: Final = ("IpAddress", "NotIpAddress")
NEGATED_OPERATORS: Final = frozenset({"StringNotEquals", "StringNotLike", "NotIpAddress"})
_BASE_OPS: Final = (*_STRING_OPS, *IP_OPERATORS, "Bool")
#: Every condition operator the engine understands.
SUPPORTED_OPERATORS: Final[frozenset[str]] = frozenset(
    {*_BASE_OPS, *(op + "IfExists" for op in _BASE_OPS), "Null"}
)


class PolicyError(ValueError):
    """A policy text is not valid JSON or not a valid bucket policy; the message names the problem."""


# ---------------------------------------------------------------------------------------------------
# Wildcards


def wildcard_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """Whether ``text`` matches ``pattern``: ``*`` is any run of characters (also ``/``), ``?`` one.

    Linear-memory two-pointer matching with back-tracking to the last ``*`` only: O(len * len) in the
    worst case, never exponential (unlike a naive regular expression).
    """
    if ignore_case:
        pattern, text = pattern.lower(), text.lower()
    p = t = 0
    star = -1
    star_t = 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, star_t = p, t
            p += 1
        elif p < len(pattern) and pattern[p] in ("?", text[t]):
            p += 1
            t += 1
        elif star >= 0:
            p = star + 1
            star_t += 1
            t = star_t
        else:
            return False
    return all(c == "*" for c in pattern[p:])


def wildcard_remainders(pattern: str, consumed: str) -> set[str]:
    """Patterns R such that ``pattern`` matches ``consumed + k`` exactly when some R matches ``k``.

    A glob derivative: runs the pattern as an automaton over ``consumed`` and returns the suffixes of
    the pattern where it may stand. ``{"*"}`` means "every continuation"; an empty set means "none".
    """

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for i in sorted(states):
            j = i
            while j < len(pattern) and pattern[j] == "*":
                j += 1
                out.add(j)
        return out

    core = {0}
    for ch in consumed:
        nxt: set[int] = set()
        for i in closure(core):
            if i < len(pattern):
                if pattern[i] == "*":
                    nxt.add(i)
                elif pattern[i] in ("?", ch):
                    nxt.add(i + 1)
        core = nxt
        if not core:
            return set()
    rests = {pattern[i:] for i in core}
    if any(r and r.strip("*") == "" for r in rests):
        return {"*"}
    return rests


def resource_arn(bucket: str, key: str | None = None) -> str:
    """The resource a request is about: ``arn:aws:s3:::bucket`` or ``arn:aws:s3:::bucket/key``."""
    return f"{S3_ARN_PREFIX}{bucket}" if key is None else f"{S3_ARN_PREFIX}{bucket}/{key}"


def covers_every_action(action: str) -> bool:
    """Whether an action pattern names every action (``*``, ``s3:*``, ``S3:**``...)."""
    return action.lower().rstrip("*") in ("", "s3:") and action.endswith("*")


# ---------------------------------------------------------------------------------------------------
# Data model


@dataclass(frozen=True)
class Condition:
    """One condition test: ``operator`` (e.g. ``StringLike``) on context ``key`` with any-of ``values``.

    Values are strings; ``Bool`` and ``Null`` values are lower-cased ``"true"``/``"false"`` and
    ``IpAddress`` values normalised networks (``10.0.0.0/8``).
    """

    operator: str
    key: str
    values: tuple[str, ...]

    @property
    def base_operator(self) -> str:
        return self.operator.removesuffix("IfExists")

    @property
    def if_exists(self) -> bool:
        return self.operator.endswith("IfExists")

    def holds(self, context: Mapping[str, list[str]]) -> bool:
        """Evaluate against a context whose keys are lower-cased and whose values are lists."""
        present = context.get(self.key.lower(), [])
        if self.operator == "Null":
            return any((v == "true") == (not present) for v in self.values)
        if not present:
            return self.if_exists or self.base_operator in NEGATED_OPERATORS
        positive = any(self._matches(v) for v in present)
        return not positive if self.base_operator in NEGATED_OPERATORS else positive

    def _matches(self, actual: str) -> bool:
        op = self.base_operator
        if op in ("StringEquals", "StringNotEquals"):
            return actual in self.values
        if op in ("StringLike", "StringNotLike"):
            return any(wildcard_match(v, actual) for v in self.values)
        if op == "Bool":
            return actual.lower() in self.values
        try:
            address = ipaddress.ip_address(actual.strip())
        except ValueError:
            return False
        return any(address in _network(v) for v in self.values)


@lru_cache(maxsize=1024)
def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(text)


@dataclass(frozen=True)
class Statement:
    """A normalised policy statement.

    ``principals`` holds ARNs or ``"*"`` (a set containing ``"*"`` is exactly ``{"*"}``); with
    ``not_principal`` it lists who the statement does *not* apply to. Likewise ``actions`` (as
    written; matched case-insensitively) with ``not_actions`` and ``resources`` with
    ``not_resources``. ``sid`` is kept for display and ignored by every comparison.
    """

    effect: str
    principals: frozenset[str]
    not_principal: bool
    actions: frozenset[str]
    not_actions: bool
    resources: frozenset[str]
    not_resources: bool
    conditions: tuple[Condition, ...] = ()
    sid: str | None = field(default=None, compare=False)

    def applies_to_principal(self, principal: str) -> bool:
        """Whether the statement covers ``principal`` (``"*"`` = an anonymous request)."""
        if "*" in self.principals:
            named = True
        elif principal == "*":
            named = False
        else:
            named = any(wildcard_match(p, principal) for p in self.principals)
        return named != self.not_principal

    def applies_to_action(self, action: str) -> bool:
        named = any(wildcard_match(a, action, ignore_case=True) for a in self.actions)
        return named != self.not_actions

    def applies_to_resource(self, resource: str) -> bool:
        named = any(r == "*" or wildcard_match(r, resource) for r in self.resources)
        return named != self.not_resources

    def conditions_hold(self, context: Mapping[str, list[str]]) -> bool:
        return all(c.holds(context) for c in self.conditions)

    def matches(self, action: str, resource: str, principal: str, context: Mapping[str, list[str]]) -> bool:
        return (
            self.applies_to_principal(principal)
            and self.applies_to_action(action)
            and self.applies_to_resource(resource)
            and self.conditions_hold(context)
        )

    @property
    def anonymous(self) -> bool:
        """Whether anonymous requests are covered."""
        return self.applies_to_principal("*")

    def to_dict(self) -> dict[str, Any]:
        """Canonical JSON form: sorted lists, principals as ``{"AWS": [...]}`` (the MinIO form)."""
        out: dict[str, Any] = {}
        if self.sid is not None:
            out["Sid"] = self.sid
        out["Effect"] = self.effect
        out["NotPrincipal" if self.not_principal else "Principal"] = {"AWS": sorted(self.principals)}
        out["NotAction" if self.not_actions else "Action"] = sorted(self.actions)
        out["NotResource" if self.not_resources else "Resource"] = sorted(self.resources)
        if self.conditions:
            block: dict[str, dict[str, list[str]]] = {}
            for cond in self.conditions:
                block.setdefault(cond.operator, {})[cond.key] = sorted(cond.values)
            out["Condition"] = {op: dict(sorted(keys.items())) for op, keys in sorted(block.items())}
        return out

    def semantic_atoms(self) -> frozenset[tuple[object, ...]]:
        """The statement split into single (principal, action, resource) grants, for comparisons.

        A statement with several principals/actions/resources means the same as the union of
        statements with one of each (for Allow and for Deny), so equal atom sets mean equal policies.
        Negated elements stay whole.
        """

        def parts(values: frozenset[str], negated: bool, fold: bool = False) -> list[tuple[str, object]]:
            vals = frozenset(v.lower() for v in values) if fold else values
            return [("not", vals)] if negated else [("is", v) for v in sorted(vals)]

        conds = frozenset((c.operator, c.key.lower(), frozenset(c.values)) for c in self.conditions)
        return frozenset(
            (self.effect, p, a, r, conds)
            for p in parts(self.principals, self.not_principal)
            for a in parts(self.actions, self.not_actions, fold=True)
            for r in parts(self.resources, self.not_resources)
        )


@dataclass(frozen=True)
class AnonymousRule:
    """Anonymous access in the spirit of ``mc anonymous list``.

    ``pattern`` is a key pattern inside the bucket (``*/thumbnails/*``; ``*`` = every key).
    ``access`` is ``download`` (GetObject), ``upload`` (PutObject), ``public`` (both), ``list``
    (ListBucket: object names can be listed) or ``custom`` (anything else: other actions, Deny,
    NotResource...; ``description`` says what in words). ``description`` is always a sentence.
    """

    pattern: str
    access: str
    description: str


@dataclass(frozen=True)
class Risk:
    severity: Severity
    message: str

