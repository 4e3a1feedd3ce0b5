"""Bucket-policy engine: parse, evaluate, explain, compare and risk-check S3 bucket policies.

Qt-free and server-free. It understands the IAM policy language as MinIO applies it to bucket
policies (and as SeaweedFS / AWS S3 return them):

* :func:`parse_policy` validates a JSON policy and returns a typed, normalised :class:`Policy`;
  anything wrong raises :class:`PolicyError` (a ``ValueError``) whose message names the problem.
* :meth:`Policy.is_allowed` evaluates a request: default deny, an explicit ``Deny`` beats any
  ``Allow``. ``*`` and ``?`` wildcards (``*`` also spans ``/``) work in actions (case-insensitively),
  resources (case-sensitively) and principals.
* :meth:`Policy.anonymous_rules`, :meth:`Policy.explain` and :meth:`Policy.risks` describe a policy for
  people; :func:`policies_equivalent` and :func:`drift` compare policies by meaning, not by text.

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
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, TypeVar

__all__ = [
    "ACCESS_CUSTOM",
    "ACCESS_DOWNLOAD",
    "ACCESS_LIST",
    "ACCESS_PUBLIC",
    "ACCESS_UPLOAD",
    "BUCKET_ACTIONS",
    "LESS_OPEN",
    "MORE_OPEN",
    "OBJECT_ACTIONS",
    "OTHER_DIFFERENCE",
    "SUPPORTED_OPERATORS",
    "AnonymousRule",
    "Condition",
    "Finding",
    "Policy",
    "PolicyError",
    "Probe",
    "Risk",
    "Statement",
    "drift",
    "parse_policy",
    "policies_equivalent",
    "resource_arn",
    "wildcard_match",
]

VERSION_2012: Final = "2012-10-17"
VERSION_2008: Final = "2008-10-17"
S3_ARN_PREFIX: Final = "arn:aws:s3:::"

ALLOW: Final = "Allow"
DENY: Final = "Deny"
SEVERITIES: Final = ("critical", "warning", "info")

ACCESS_DOWNLOAD: Final = "download"
ACCESS_UPLOAD: Final = "upload"
ACCESS_PUBLIC: Final = "public"
ACCESS_LIST: Final = "list"
ACCESS_CUSTOM: Final = "custom"

MORE_OPEN: Final = "more open than expected"
LESS_OPEN: Final = "less open than expected"
OTHER_DIFFERENCE: Final = "differs elsewhere"

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
_IP_OPS: Final = ("IpAddress", "NotIpAddress")
_NEGATED_OPS: Final = frozenset({"StringNotEquals", "StringNotLike", "NotIpAddress"})
_BASE_OPS: Final = (*_STRING_OPS, *_IP_OPS, "Bool")
#: Every condition operator the engine understands.
SUPPORTED_OPERATORS: Final[frozenset[str]] = frozenset(
    {*_BASE_OPS, *(op + "IfExists" for op in _BASE_OPS), "Null"}
)

_POLICY_KEYS: Final = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS: Final = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
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


def _remainders(pattern: str, consumed: str) -> set[str]:
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


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def resource_arn(bucket: str, key: str | None = None) -> str:
    """The resource a request is about: ``arn:aws:s3:::bucket`` or ``arn:aws:s3:::bucket/key``."""
    return f"{S3_ARN_PREFIX}{bucket}" if key is None else f"{S3_ARN_PREFIX}{bucket}/{key}"


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
            return self.if_exists or self.base_operator in _NEGATED_OPS
        positive = any(self._matches(v) for v in present)
        return not positive if self.base_operator in _NEGATED_OPS else positive

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
    severity: str  # "critical", "warning" or "info"
    message: str


@dataclass(frozen=True)
class Probe:
    """A request to compare between expected and live policy: ``action`` on ``key`` (``None`` = bucket)."""

    description: str
    action: str
    key: str | None
    severity_if_granted_unexpectedly: str
    severity_if_denied_unexpectedly: str

    def __post_init__(self) -> None:
        for sev in (self.severity_if_granted_unexpectedly, self.severity_if_denied_unexpectedly):
            if sev not in SEVERITIES:
                raise ValueError(
                    f"Probe {self.description!r}: severity must be one of {SEVERITIES}, got {sev!r}"
                )


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    direction: str  # MORE_OPEN, LESS_OPEN or OTHER_DIFFERENCE
    probe: Probe | None = None


def _context_map(context: Mapping[str, str | list[str]] | None) -> dict[str, list[str]]:
    """Lower-cased keys, list values (a tuple or set counts as a list, anything else as one string)."""
    out: dict[str, list[str]] = {}
    for key, value in (context or {}).items():
        items = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        out.setdefault(str(key).lower(), []).extend(str(v) for v in items)
    return out


@dataclass(frozen=True)
class Policy:
    """A parsed bucket policy. Build it with :func:`parse_policy`."""

    version: str
    statements: tuple[Statement, ...]
    id: str | None = None

    # -- evaluation --------------------------------------------------------------------------------

    def is_allowed(
        self,
        action: str,
        bucket: str,
        key: str | None = None,
        principal: str = "*",
        context: Mapping[str, str | list[str]] | None = None,
    ) -> bool:
        """Whether the policy allows ``action`` on ``bucket`` (``key=None``) or ``bucket/key``.

        ``principal="*"`` is an anonymous request (only statements whose principal is ``*`` apply);
        otherwise an ARN such as ``arn:aws:iam:::user/ensure-study``. Default deny; Deny beats Allow.
        """
        resource = resource_arn(bucket, key)
        ctx = _context_map(context)
        allowed = False
        for st in self.statements:
            if st.matches(action, resource, principal, ctx):
                if st.effect == DENY:
                    return False
                allowed = True
        return allowed

    # -- presentation ------------------------------------------------------------------------------

    def explain(self) -> list[str]:
        """One plain-language sentence per statement."""
        return [_explain_statement(st) for st in self.statements]

    def to_json(self, indent: int | None = 2) -> str:
        """Canonical JSON: fixed element order, sorted lists and statements, ``{"AWS": [...]}`` principals."""
        doc: dict[str, Any] = {"Version": self.version}
        if self.id is not None:
            doc["Id"] = self.id
        stmts = [st.to_dict() for st in self.statements]
        doc["Statement"] = sorted(stmts, key=lambda s: json.dumps(s, sort_keys=True))
        return json.dumps(doc, indent=indent, ensure_ascii=False)

    def anonymous_rules(self, bucket: str) -> list[AnonymousRule]:
        """What anonymous users may do in ``bucket``, as (key pattern, access, description) rules.

        Unconditional Allow statements for GetObject/PutObject are merged per pattern into
        ``download``/``upload``/``public``; ListBucket on the bucket gives a ``list`` rule. Conditional
        grants keep their access but say the conditions in the description. Other actions, Deny and
        NotResource statements become ``custom`` rules explained in words.
        """
        merged: dict[str, set[str]] = {}
        rules: list[AnonymousRule] = []
        custom: list[AnonymousRule] = []
        bucket_arn = resource_arn(bucket)
        for st in self.statements:
            if not st.anonymous:
                continue
            sentence = _explain_statement(st)
            if st.effect == DENY or st.not_resources:
                patterns = ["*"] if st.not_resources else sorted(_key_patterns(st, bucket))
                if not patterns and st.applies_to_resource(bucket_arn):
                    patterns = [""]
                custom += [AnonymousRule(p, ACCESS_CUSTOM, sentence) for p in patterns]
                continue
            cond = _conditions_phrase(st.conditions)
            for pattern in sorted(_key_patterns(st, bucket)):
                grants = {name for name, act in _CANNED if st.applies_to_action(act)}
                if grants and st.conditions:
                    access = _access_name(grants)
                    rules.append(
                        AnonymousRule(pattern, access, _rule_sentence(access, pattern, bucket, cond))
                    )
                elif grants:
                    merged.setdefault(pattern, set()).update(grants)
                if any(st.applies_to_action(a) for a in OBJECT_ACTIONS if a not in _PLAIN_OBJECT_ACTIONS):
                    custom.append(AnonymousRule(pattern, ACCESS_CUSTOM, sentence))
            if st.applies_to_resource(bucket_arn):
                if st.applies_to_action(LIST_BUCKET):
                    sentence_list = _rule_sentence(ACCESS_LIST, "*", bucket, cond)
                    rules += [AnonymousRule(p, ACCESS_LIST, sentence_list) for p in _listed_prefixes(st)]
                if any(st.applies_to_action(a) for a in BUCKET_ACTIONS if a not in _PLAIN_BUCKET_ACTIONS):
                    custom.append(AnonymousRule("", ACCESS_CUSTOM, sentence))
        plain = [
            AnonymousRule(p, _access_name(g), _rule_sentence(_access_name(g), p, bucket, ""))
            for p, g in sorted(merged.items())
        ]
        return _unique(plain + rules + custom)

    # -- risk --------------------------------------------------------------------------------------

    def risks(self) -> list[Risk]:
        """Dangerous grants, most severe first."""
        found: list[Risk] = []
        for st in self.statements:
            if st.effect != ALLOW:
                continue
            if st.not_principal and st.anonymous:
                text = f"Allow with NotPrincipal grants to everyone not listed: {_explain_statement(st)}"
                found.append(Risk("warning", text))
            if not st.anonymous:
                continue
            found.extend(_anonymous_risks(st))
        order = {sev: i for i, sev in enumerate(SEVERITIES)}
        return sorted(_unique(found), key=lambda r: order.get(r.severity, len(order)))


_T = TypeVar("_T")


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))


def _key_patterns(st: Statement, bucket: str) -> set[str]:
    """Key patterns in ``bucket`` that the statement's (positive) resources cover."""
    if st.not_resources:
        return set()
    out: set[str] = set()
    for res in st.resources:
        out |= {"*"} if res == "*" else _remainders(res, resource_arn(bucket) + "/")
    out.discard("")
    return {"*"} if "*" in out else out


def _access_name(grants: set[str]) -> str:
    if grants >= {ACCESS_DOWNLOAD, ACCESS_UPLOAD}:
        return ACCESS_PUBLIC
    return ACCESS_DOWNLOAD if ACCESS_DOWNLOAD in grants else ACCESS_UPLOAD


_CANNED: Final = ((ACCESS_DOWNLOAD, GET_OBJECT), (ACCESS_UPLOAD, PUT_OBJECT))
#: Actions that ``mc anonymous set download|upload|public`` grants besides Get/Put/ListBucket; they
#: neither make a rule ``custom`` nor count as a risk on their own.
_HELPER_ACTIONS: Final = frozenset(
    {
        "s3:GetBucketLocation",
        "s3:ListBucketMultipartUploads",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
    }
)
_PLAIN_OBJECT_ACTIONS: Final = frozenset({GET_OBJECT, PUT_OBJECT}) | _HELPER_ACTIONS
_PLAIN_BUCKET_ACTIONS: Final = frozenset({LIST_BUCKET}) | _HELPER_ACTIONS


def _listed_prefixes(st: Statement) -> list[str]:
    """Key patterns a ListBucket grant exposes: ``*``, or the ``s3:prefix`` values it is limited to."""
    conds = st.conditions
    if (
        len(conds) == 1
        and conds[0].operator in ("StringEquals", "StringLike")
        and conds[0].key.lower() == "s3:prefix"
    ):
        return sorted({v if v.endswith("*") else v + "*" for v in conds[0].values})
    return ["*"]


_RULE_VERBS: Final = {
    ACCESS_DOWNLOAD: "download",
    ACCESS_UPLOAD: "upload",
    ACCESS_PUBLIC: "download and upload",
}


def _rule_sentence(access: str, pattern: str, bucket: str, cond: str) -> str:
    if access == ACCESS_LIST:
        return f"Anyone on the internet can list the object names in {bucket}{cond}."
    verbs = _RULE_VERBS[access]
    where = f"all objects in {bucket}" if pattern == "*" else f"objects matching {pattern} in {bucket}"
    return f"Anyone on the internet can {verbs} {where}{cond}."


def _is_everything(action: str) -> bool:
    return action.lower().rstrip("*") in ("", "s3:") and action.endswith("*")


def _covers_whole_bucket(resource: str) -> bool:
    """Whether the resource pattern covers every key of some bucket (``b/*``, ``*``, ``prefix-*``)."""
    rest = resource.removeprefix(S3_ARN_PREFIX) if resource != "*" else "*"
    if not rest.endswith("*"):
        return False
    head = rest.rstrip("*")
    return "/" not in head or head.index("/") == len(head) - 1


def _may_name_objects(st: Statement) -> bool:
    """Whether some resource of the statement can match an object ARN (a ``*`` may span the ``/``)."""
    return st.not_resources or any("/" in r or "*" in r for r in st.resources)


def _may_name_buckets(st: Statement) -> bool:
    """Whether some resource can match a bucket ARN (bucket names have no ``/``)."""
    return st.not_resources or any("/" not in r for r in st.resources)


def _anonymous_risks(st: Statement) -> list[Risk]:
    where = _resources_phrase(st)
    cond = _conditions_phrase(st.conditions)
    if not st.not_actions and any(_is_everything(a) for a in st.actions):
        return [Risk("critical", f"Anyone on the internet may do anything (s3:*) on {where}{cond}.")]
    out: list[Risk] = []
    candidates = (
        *(OBJECT_ACTIONS if _may_name_objects(st) else ()),
        *(BUCKET_ACTIONS if _may_name_buckets(st) else ()),
    )
    granted = [a for a in candidates if st.applies_to_action(a)]
    writes = [a for a in granted if a == PUT_OBJECT]
    deletes = [a for a in granted if a.startswith("s3:Delete")]
    changes = [
        a
        for a in granted
        if a not in writes
        and a not in deletes
        and a not in _HELPER_ACTIONS
        and not a.startswith(("s3:Get", "s3:List"))
    ]
    for label, acts in (("Public write", writes), ("Public delete", deletes), ("Public change", changes)):
        if acts:
            text = f"{label}: anyone on the internet may {', '.join(acts)} on {where}{cond}."
            out.append(Risk("critical", text))
    if st.applies_to_action(GET_OBJECT) and (
        st.not_resources or any(_covers_whole_bucket(r) for r in st.resources)
    ):
        text = f"Whole bucket public: anyone on the internet can download {where}{cond}."
        out.append(Risk("critical", text))
    if LIST_BUCKET in granted:
        text = f"Anyone on the internet can list object names (s3:ListBucket) on {where}{cond}."
        out.append(Risk("warning", text))
    return out


# ---------------------------------------------------------------------------------------------------
# Plain-language explanations

_OBJECT_VERBS: Final = {"s3:getobject": "download", "s3:putobject": "upload", "s3:deleteobject": "delete"}


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _principal_name(principal: str) -> str:
    if principal == "*":
        return "anyone on the internet"
    m = re.fullmatch(r"arn:aws:iam::\d*:(user|role|group)/(.+)", principal)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = re.fullmatch(r"arn:aws:iam::(\d+):root", principal)
    return f"account {m.group(1)}" if m else principal


def _subject(st: Statement) -> str:
    names = _join([_principal_name(p) for p in sorted(st.principals)])
    if st.not_principal:
        return "Nobody" if "*" in st.principals else f"Anyone except {names}"
    return names[:1].upper() + names[1:]


def _resource_phrase(resource: str) -> str:
    rest = resource.removeprefix(S3_ARN_PREFIX) if resource.startswith(S3_ARN_PREFIX) else None
    if resource == "*" or rest == "*":
        return "every bucket and object"
    if rest is None:
        return f"resource {resource}"
    bucket, slash, key = rest.partition("/")
    if not slash:
        return f"buckets matching {bucket}" if _has_wildcard(bucket) else f"the bucket {bucket}"
    if key == "*":
        return (
            f"objects in buckets matching {bucket}" if _has_wildcard(bucket) else f"all objects in {bucket}"
        )
    where = f"buckets matching {bucket}" if _has_wildcard(bucket) else bucket
    return f"objects matching {key} in {where}"


def _resources_phrase(st: Statement) -> str:
    phrases = [_resource_phrase(r) for r in sorted(st.resources)]
    return f"anything except {_join(phrases, 'or')}" if st.not_resources else _join(phrases)


def _is_object_resource(resource: str) -> bool:
    return resource.startswith(S3_ARN_PREFIX) and "/" in resource


def _quoted(values: Iterable[str]) -> list[str]:
    return [f"'{v}'" for v in values]


_STRING_VERBS: Final = {
    "StringEquals": "is",
    "StringNotEquals": "is not",
    "StringLike": "matches",
    "StringNotLike": "does not match",
}


def _condition_phrase(cond: Condition) -> str:
    op, key, vals = cond.base_operator, cond.key, list(cond.values)
    if op == "Null":
        states = sorted({"absent" if v == "true" else "present" for v in vals})
        return f"when {key} is {_join(states, 'or')}"
    if op in _IP_OPS and key.lower() == "aws:sourceip":
        text = ("not from " if op == "NotIpAddress" else "from ") + _join(vals, "or")
    elif op in _IP_OPS:
        text = f"when {key} is {'not ' if op == 'NotIpAddress' else ''}in {_join(vals, 'or')}"
    elif op == "Bool":
        text = f"when {key} is {_join(vals, 'or')}"
    else:
        verb = _STRING_VERBS[op]
        if len(vals) > 1 and op in _NEGATED_OPS:
            verb = "is none of" if op == "StringNotEquals" else "matches none of"
            text = f"when {key} {verb} {', '.join(_quoted(vals))}"
        else:
            text = f"when {key} {verb} {_join(_quoted(vals), 'or')}"
    return text + (f" (or {key} is absent)" if cond.if_exists else "")


def _conditions_phrase(conditions: Sequence[Condition]) -> str:
    if not conditions:
        return ""
    return " only " + _join([_condition_phrase(c) for c in conditions])


def _explain_statement(st: Statement) -> str:
    lowered = sorted({a.lower() for a in st.actions})
    objects_only = st.not_resources or all(_is_object_resource(r) for r in st.resources)
    buckets_only = not st.not_resources and all(
        r.startswith(S3_ARN_PREFIX) and "/" not in r for r in st.resources
    )
    where = _resources_phrase(st)
    friendly = True
    if st.not_actions:
        doing, friendly = f"do anything except {_join(sorted(st.actions), 'or')} on {where}", False
    elif any(_is_everything(a) for a in st.actions):
        doing, friendly = f"do anything ({', '.join(sorted(st.actions))}) on {where}", False
    elif objects_only and all(a in _OBJECT_VERBS for a in lowered):
        order = list(_OBJECT_VERBS)
        doing = f"{_join([_OBJECT_VERBS[a] for a in sorted(lowered, key=order.index)])} {where}"
    elif buckets_only and lowered == ["s3:listbucket"]:
        doing = f"list the object names in {where.replace('the bucket ', '')}"
    else:
        doing, friendly = f"perform {_join(sorted(st.actions))} on {where}", False
    if st.effect == ALLOW:
        modal = "can" if friendly else "may"
        tail = "."
    else:
        modal = "cannot" if friendly else "may not"
        tail = " (explicit Deny: it overrides any Allow)."
    return f"{_subject(st)} {modal} {doing}{_conditions_phrase(st.conditions)}{tail}"


# ---------------------------------------------------------------------------------------------------
# Parsing


def _show(value: object) -> str:
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = json.dumps(value)
        except (TypeError, ValueError, RecursionError):
            text = f"a {type(value).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise PolicyError(f"Duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


def _string_list(value: object, what: str, check: Callable[[str], str | None] | None = None) -> list[str]:
    """A JSON string or non-empty list of strings, each accepted by ``check`` (which returns an error)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise PolicyError(f"{what} must be a string or a list of strings, got {_show(value)}")
    if not items:
        raise PolicyError(f"{what} must not be an empty list")
    for item in items:
        if not isinstance(item, str):
            raise PolicyError(f"{what} must contain only strings, got {_show(item)}")
        if not item:
            raise PolicyError(f"{what} must not contain an empty string")
        problem = check(item) if check else None
        if problem:
            raise PolicyError(f"{what}: {problem}")
    return items


def _check_action(action: str) -> str | None:
    if action == "*" or re.fullmatch(r"[A-Za-z0-9*?-]+:\S+", action):
        return None
    return f"{action!r} is not an action like s3:GetObject"


def _check_resource(resource: str) -> str | None:
    if resource == "*" or resource.startswith("arn:"):
        return None
    return f"{resource!r} is not an ARN like arn:aws:s3:::bucket/key"


def _pick(raw: Mapping[str, Any], name: str, where: str) -> tuple[object, bool]:
    """The value of ``name`` or ``Not<name>`` and whether it was the negated form."""
    positive, negative = name in raw, f"Not{name}" in raw
    if positive and negative:
        raise PolicyError(f"{where}: use either {name} or Not{name}, not both")
    if not positive and not negative:
        raise PolicyError(f"{where}: {name} (or Not{name}) is required")
    return (raw[f"Not{name}"], True) if negative else (raw[name], False)


def _parse_principal(value: object, where: str) -> frozenset[str]:
    if value == "*":
        return frozenset({"*"})
    if not isinstance(value, dict):
        raise PolicyError(f'{where} must be "*" or an object like {{"AWS": [...]}}, got {_show(value)}')
    if set(value) != {"AWS"}:
        others = sorted(set(value) - {"AWS"})
        if others:
            raise PolicyError(f"{where}: unsupported principal type {others[0]!r} (only AWS is supported)")
        raise PolicyError(f'{where} must name at least one principal under "AWS"')
    names = frozenset(_string_list(value["AWS"], f"{where} AWS"))
    return frozenset({"*"}) if "*" in names else names


def _condition_value(value: object, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    raise PolicyError(f"{where}: condition values must be strings, numbers or booleans, got {_show(value)}")


def _normalise_condition_values(op: str, values: list[str], where: str) -> tuple[str, ...]:
    base = op.removesuffix("IfExists")
    if base in ("Bool", "Null"):
        lowered = [v.lower() for v in values]
        bad = [v for v in lowered if v not in ("true", "false")]
        if bad:
            raise PolicyError(f"{where}: {op} values must be true or false, got {_show(bad[0])}")
        return tuple(sorted(set(lowered)))
    if base in _IP_OPS:
        nets: list[str] = []
        for v in values:
            try:
                nets.append(str(ipaddress.ip_network(v.strip(), strict=False)))
            except ValueError:
                raise PolicyError(f"{where}: {op} value {v!r} is not an IP address or CIDR range") from None
        return tuple(sorted(set(nets)))
    return tuple(sorted(set(values)))


def _parse_conditions(value: object, where: str) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: Condition must be an object, got {_show(value)}")
    out: list[Condition] = []
    for op, block in value.items():
        if op not in SUPPORTED_OPERATORS:
            supported = ", ".join(sorted(SUPPORTED_OPERATORS))
            raise PolicyError(f"{where}: unsupported Condition operator {op!r} (supported: {supported})")
        if not isinstance(block, dict):
            raise PolicyError(f"{where}: Condition {op} must be an object of key: values, got {_show(block)}")
        for key, raw in block.items():
            here = f"{where}: Condition {op} {key!r}"
            if not key:
                raise PolicyError(f"{where}: Condition {op} has an empty key name")
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                raise PolicyError(f"{here} must have at least one value")
            values = [_condition_value(v, here) for v in items]
            out.append(Condition(op, key, _normalise_condition_values(op, values, here)))
    return tuple(sorted(out, key=lambda c: (c.operator, c.key.lower(), c.values)))


def _parse_statement(raw: object, where: str) -> Statement:
    if not isinstance(raw, dict):
        raise PolicyError(f"{where} must be an object, got {_show(raw)}")
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(f"{where}: Sid must be a string, got {_show(sid)}")
    if sid:
        where = f"{where} ({sid})"
    unknown = sorted(set(raw) - _STATEMENT_KEYS)
    if unknown:
        raise PolicyError(f"{where}: unknown element {unknown[0]!r}")
    effect = raw.get("Effect")
    if effect not in (ALLOW, DENY):
        got = "nothing" if "Effect" not in raw else _show(effect)
        raise PolicyError(f"{where}: Effect must be Allow or Deny, got {got}")
    principal = _pick(raw, "Principal", where)
    action = _pick(raw, "Action", where)
    resource = _pick(raw, "Resource", where)
    p_name = "NotPrincipal" if principal[1] else "Principal"
    a_name = "NotAction" if action[1] else "Action"
    r_name = "NotResource" if resource[1] else "Resource"
    conditions = _parse_conditions(raw["Condition"], where) if "Condition" in raw else ()
    return Statement(
        effect=str(effect),
        principals=_parse_principal(principal[0], f"{where}: {p_name}"),
        not_principal=principal[1],
        actions=frozenset(_string_list(action[0], f"{where}: {a_name}", _check_action)),
        not_actions=action[1],
        resources=frozenset(_string_list(resource[0], f"{where}: {r_name}", _check_resource)),
        not_resources=resource[1],
        conditions=conditions,
        sid=sid,
    )


def parse_policy(text: str) -> Policy:
    """Parse and validate a bucket policy. Raises :class:`PolicyError` (only) for any bad input.

    A missing ``Version`` means ``2008-10-17`` (as in AWS). ``Statement`` may be one object or a
    list. Every statement needs ``Effect``, ``Principal``/``NotPrincipal``, ``Action``/``NotAction``
    and ``Resource``/``NotResource``; unknown elements and duplicate JSON keys are rejected.
    """
    if not isinstance(text, str):
        raise PolicyError(f"Policy text must be a string, got {type(text).__name__}")
    try:
        doc = json.loads(text.lstrip("\ufeff"), object_pairs_hook=_no_duplicates)
    except PolicyError:
        raise
    except json.JSONDecodeError as exc:
        raise PolicyError(f"Invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise PolicyError(f"Invalid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise PolicyError(f"Policy must be a JSON object, got {_show(doc)}")
    unknown = sorted(set(doc) - _POLICY_KEYS)
    if unknown:
        raise PolicyError(f"Unknown policy element {unknown[0]!r}")
    version = doc.get("Version", VERSION_2008)
    if version not in (VERSION_2012, VERSION_2008):
        raise PolicyError(f"Version must be {VERSION_2012} or {VERSION_2008}, got {_show(version)}")
    policy_id = doc.get("Id")
    if policy_id is not None and not isinstance(policy_id, str):
        raise PolicyError(f"Id must be a string, got {_show(policy_id)}")
    if "Statement" not in doc:
        raise PolicyError("Policy has no Statement")
    raw_statements = doc["Statement"]
    if isinstance(raw_statements, dict):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyError(f"Statement must be an object or a list of objects, got {_show(raw_statements)}")
    statements = tuple(_parse_statement(raw, f"Statement {i}") for i, raw in enumerate(raw_statements, 1))
    return Policy(version=str(version), statements=statements, id=policy_id)


# ---------------------------------------------------------------------------------------------------
# Comparison and drift


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
