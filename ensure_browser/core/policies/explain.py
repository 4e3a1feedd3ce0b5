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
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["conditions_phrase", "explain_statement", "resources_phrase"]

_OBJECT_VERBS: Final = ("s3:getobject", "s3:putobject", "s3:deleteobject")
# What a statement lets do with objects, by the object actions it grants (in _OBJECT_VERBS' order); {0}: where
_OBJECT_DOINGS: Final = {
    ("s3:getobject",): QT_TR_NOOP("download {0}"),
    ("s3:putobject",): QT_TR_NOOP("upload {0}"),
    ("s3:deleteobject",): QT_TR_NOOP("delete {0}"),
    ("s3:getobject", "s3:putobject"): QT_TR_NOOP("download and upload {0}"),
    ("s3:getobject", "s3:deleteobject"): QT_TR_NOOP("download and delete {0}"),
    ("s3:putobject", "s3:deleteobject"): QT_TR_NOOP("upload and delete {0}"),
    ("s3:getobject", "s3:putobject", "s3:deleteobject"): QT_TR_NOOP("download, upload and delete {0}"),
}
_AND, _OR = QT_TR_NOOP("{0} and {1}"), QT_TR_NOOP("{0} or {1}")


def _join(items: Sequence[str], word: str = _AND) -> str:
    """``a, b and c`` (``word``: the template joining the last item, :data:`_AND` or :data:`_OR`)."""
    items = list(items)
    if len(items) <= 1:
        return items[0] if items else ""  # a Text stays one
    head = items[0]
    for item in items[1:-1]:
        head = Text(QT_TR_NOOP("{0}, {1}"), head, item)
    return Text(word, head, items[-1])


def _principal_name(principal: str, first: bool = False) -> str:
    """A principal in words; ``first``: it starts the sentence."""
    if principal == "*":
        return Text(QT_TR_NOOP("Anyone on the internet") if first else QT_TR_NOOP("anyone on the internet"))
    m = re.fullmatch(r"arn:aws:iam::\d*:(user|role|group)/(.+)", principal)
    if m:
        kinds = ({"user": QT_TR_NOOP("User {0}"), "role": QT_TR_NOOP("Role {0}"), "group": QT_TR_NOOP("Group {0}")}
                 if first else
                 {"user": QT_TR_NOOP("user {0}"), "role": QT_TR_NOOP("role {0}"), "group": QT_TR_NOOP("group {0}")})
        return Text(kinds[m.group(1)], m.group(2))
    m = re.fullmatch(r"arn:aws:iam::(\d+):root", principal)
    if m:
        return Text(QT_TR_NOOP("Account {0}") if first else QT_TR_NOOP("account {0}"), m.group(1))
    return principal[:1].upper() + principal[1:] if first else principal


def _subject(st: Statement) -> str:
    principals = sorted(st.principals)
    if st.not_principal:
        if "*" in st.principals:
            return Text(QT_TR_NOOP("Nobody"))
        return Text(QT_TR_NOOP("Anyone except {0}"), _join([_principal_name(p) for p in principals]))
    return _join([_principal_name(p, first=i == 0) for i, p in enumerate(principals)])


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _bucket_phrase(rest: str) -> str:
    """A bucket resource (``rest``: the ARN without its prefix) without "the bucket" before a name."""
    return Text(QT_TR_NOOP("buckets matching {0}"), rest) if _has_wildcard(rest) else rest


def _resource_phrase(resource: str) -> str:
    rest = resource.removeprefix(S3_ARN_PREFIX) if resource.startswith(S3_ARN_PREFIX) else None
    if resource == "*" or rest == "*":
        return Text(QT_TR_NOOP("every bucket and object"))
    if rest is None:
        return Text(QT_TR_NOOP("resource {0}"), resource)
    bucket, slash, key = rest.partition("/")
    if not slash:
        return _bucket_phrase(bucket) if _has_wildcard(bucket) else Text(QT_TR_NOOP("the bucket {0}"), bucket)
    if key == "*":
        return (Text(QT_TR_NOOP("objects in buckets matching {0}"), bucket) if _has_wildcard(bucket)
                else Text(QT_TR_NOOP("all objects in {0}"), bucket))
    return Text(QT_TR_NOOP("objects matching {0} in {1}"), key, _bucket_phrase(bucket))


def resources_phrase(st: Statement) -> str:
    phrases = [_resource_phrase(r) for r in sorted(st.resources)]
    return Text(QT_TR_NOOP("anything except {0}"), _join(phrases, _OR)) if st.not_resources else _join(phrases)


def _is_object_resource(resource: str) -> bool:
    return resource.startswith(S3_ARN_PREFIX) and "/" in resource


def _quoted(values: Iterable[str]) -> list[str]:
    return [f"'{v}'" for v in values]


_STRING_VERBS: Final = {  # {0}: the condition's key, {1}: its values
    "StringEquals": QT_TR_NOOP("when {0} is {1}"),
    "StringNotEquals": QT_TR_NOOP("when {0} is not {1}"),
    "StringLike": QT_TR_NOOP("when {0} matches {1}"),
    "StringNotLike": QT_TR_NOOP("when {0} does not match {1}"),
}


def _condition_phrase(cond: Condition) -> str:
    op, key, vals = cond.base_operator, cond.key, list(cond.values)
    if op == "Null":
        states = sorted({"absent" if v == "true" else "present" for v in vals})
        words = {"absent": QT_TR_NOOP("absent"), "present": QT_TR_NOOP("present")}
        return Text(QT_TR_NOOP("when {0} is {1}"), key, _join([Text(words[s]) for s in states], _OR))
    if op in IP_OPERATORS and key.lower() == "aws:sourceip":
        text = Text(QT_TR_NOOP("not from {0}") if op == "NotIpAddress" else QT_TR_NOOP("from {0}"), _join(vals, _OR))
    elif op in IP_OPERATORS:
        text = Text(QT_TR_NOOP("when {0} is not in {1}") if op == "NotIpAddress" else QT_TR_NOOP("when {0} is in {1}"),
                    key, _join(vals, _OR))
    elif op == "Bool":
        text = Text(QT_TR_NOOP("when {0} is {1}"), key, _join(vals, _OR))
    elif len(vals) > 1 and op in NEGATED_OPERATORS:
        text = Text(QT_TR_NOOP("when {0} is none of {1}") if op == "StringNotEquals"
                    else QT_TR_NOOP("when {0} matches none of {1}"), key, ", ".join(_quoted(vals)))
    else:
        text = Text(_STRING_VERBS[op], key, _join(_quoted(vals), _OR))
    return Text(QT_TR_NOOP("{0} (or {1} is absent)"), text, key) if cond.if_exists else text


def conditions_phrase(conditions: Sequence[Condition]) -> str:
    """`` only when ...`` (with its leading space), or "" without conditions."""
    if not conditions:
        return ""
    return Text(QT_TR_NOOP(" only {0}"), _join([_condition_phrase(c) for c in conditions]))


def explain_statement(st: Statement) -> str:
    lowered = sorted({a.lower() for a in st.actions})
    objects_only = st.not_resources or all(_is_object_resource(r) for r in st.resources)
    buckets_only = not st.not_resources and all(
        r.startswith(S3_ARN_PREFIX) and "/" not in r for r in st.resources
    )
    where = resources_phrase(st)
    friendly = True
    if st.not_actions:
        doing, friendly = Text(QT_TR_NOOP("do anything except {0} on {1}"), _join(sorted(st.actions), _OR),
                               where), False
    elif any(covers_every_action(a) for a in st.actions):
        doing, friendly = Text(QT_TR_NOOP("do anything ({0}) on {1}"), ", ".join(sorted(st.actions)), where), False
    elif objects_only and all(a in _OBJECT_VERBS for a in lowered):
        doing = Text(_OBJECT_DOINGS[tuple(sorted(lowered, key=_OBJECT_VERBS.index))], where)
    elif buckets_only and lowered == ["s3:listbucket"]:
        buckets = _join([_bucket_phrase(r.removeprefix(S3_ARN_PREFIX)) for r in sorted(st.resources)])
        doing = Text(QT_TR_NOOP("list the object names in {0}"), buckets)
    else:
        doing, friendly = Text(QT_TR_NOOP("perform {0} on {1}"), _join(sorted(st.actions)), where), False
    conditions = conditions_phrase(st.conditions)
    if st.effect == ALLOW:
        template = QT_TR_NOOP("{0} can {1}{2}.") if friendly else QT_TR_NOOP("{0} may {1}{2}.")
    else:
        template = (QT_TR_NOOP("{0} cannot {1}{2} (explicit Deny: it overrides any Allow).") if friendly
                    else QT_TR_NOOP("{0} may not {1}{2} (explicit Deny: it overrides any Allow)."))
    return Text(template, _subject(st), doing, conditions)
