"""Bucket policies in plain language: one sentence per statement, and the phrases the rules and risks reuse.

"Anyone on the internet can download objects matching */thumbnails/* in ensure-study-documents." is
:func:`explain_statement`; :meth:`~ensure_browser.core.policies.engine.Policy.explain` gives one per
statement, and the anonymous rules and risk warnings of :mod:`~ensure_browser.core.policies.engine`
build theirs from :func:`resources_phrase` and :func:`conditions_phrase`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from ensure_browser.core.policies.model import (
    ALLOW,
    IP_OPERATORS,
    NEGATED_OPERATORS,
    S3_ARN_PREFIX,
    Condition,
    Statement,
    covers_every_action,
)

__all__ = ["conditions_phrase", "explain_statement", "resources_phrase"]

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


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


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


def resources_phrase(st: Statement) -> str:
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
    if op in IP_OPERATORS and key.lower() == "aws:sourceip":
        text = ("not from " if op == "NotIpAddress" else "from ") + _join(vals, "or")
    elif op in IP_OPERATORS:
        text = f"when {key} is {'not ' if op == 'NotIpAddress' else ''}in {_join(vals, 'or')}"
    elif op == "Bool":
        text = f"when {key} is {_join(vals, 'or')}"
    else:
        verb = _STRING_VERBS[op]
        if len(vals) > 1 and op in NEGATED_OPERATORS:
            verb = "is none of" if op == "StringNotEquals" else "matches none of"
            text = f"when {key} {verb} {', '.join(_quoted(vals))}"
        else:
            text = f"when {key} {verb} {_join(_quoted(vals), 'or')}"
    return text + (f" (or {key} is absent)" if cond.if_exists else "")


def conditions_phrase(conditions: Sequence[Condition]) -> str:
    if not conditions:
        return ""
    return " only " + _join([_condition_phrase(c) for c in conditions])


def explain_statement(st: Statement) -> str:
    lowered = sorted({a.lower() for a in st.actions})
    objects_only = st.not_resources or all(_is_object_resource(r) for r in st.resources)
    buckets_only = not st.not_resources and all(
        r.startswith(S3_ARN_PREFIX) and "/" not in r for r in st.resources
    )
    where = resources_phrase(st)
    friendly = True
    if st.not_actions:
        doing, friendly = f"do anything except {_join(sorted(st.actions), 'or')} on {where}", False
    elif any(covers_every_action(a) for a in st.actions):
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
    return f"{_subject(st)} {modal} {doing}{conditions_phrase(st.conditions)}{tail}"
