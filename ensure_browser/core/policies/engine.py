"""The bucket-policy engine: a parsed :class:`Policy` evaluates requests and says what it grants.

* :meth:`Policy.is_allowed` evaluates a request: default deny, an explicit ``Deny`` beats any
  ``Allow``. ``*`` and ``?`` wildcards (``*`` also spans ``/``) work in actions (case-insensitively),
  resources (case-sensitively) and principals; conditions as :class:`~ensure_browser.core.policies.model.Condition`
  says.
* :meth:`Policy.anonymous_rules`, :meth:`Policy.explain` and :meth:`Policy.risks` describe a policy for
  people (the sentences come from :mod:`ensure_browser.core.policies.explain`).

Build a :class:`Policy` with :func:`~ensure_browser.core.policies.parse.parse_policy`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from ensure_browser.core.policies.explain import conditions_phrase, explain_statement, resources_phrase
from ensure_browser.core.policies.model import (
    ACCESS_CUSTOM,
    ACCESS_DOWNLOAD,
    ACCESS_LIST,
    ACCESS_PUBLIC,
    ACCESS_UPLOAD,
    ALLOW,
    BUCKET_ACTIONS,
    DENY,
    GET_OBJECT,
    LIST_BUCKET,
    OBJECT_ACTIONS,
    PUT_OBJECT,
    S3_ARN_PREFIX,
    AnonymousRule,
    Risk,
    Statement,
    covers_every_action,
    resource_arn,
    wildcard_remainders,
)
from ensure_browser.core.severity import rank
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["Policy"]


def _context_map(context: Mapping[str, str | list[str]] | None) -> dict[str, list[str]]:
    """Lower-cased keys, list values (a tuple or set counts as a list, anything else as one string)."""
    out: dict[str, list[str]] = {}
    for key, value in (context or {}).items():
        items = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        out.setdefault(str(key).lower(), []).extend(str(v) for v in items)
    return out


@dataclass(frozen=True)
class Policy:
    """A parsed bucket policy. Build it with :func:`~ensure_browser.core.policies.parse.parse_policy`."""

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
        return [explain_statement(st) for st in self.statements]

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
            sentence = explain_statement(st)
            if st.effect == DENY or st.not_resources:
                patterns = ["*"] if st.not_resources else sorted(_key_patterns(st, bucket))
                if not patterns and st.applies_to_resource(bucket_arn):
                    patterns = [""]
                custom += [AnonymousRule(p, ACCESS_CUSTOM, sentence) for p in patterns]
                continue
            cond = conditions_phrase(st.conditions)
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
                text = Text(QT_TR_NOOP("Allow with NotPrincipal grants to everyone not listed: {0}"),
                            explain_statement(st))
                found.append(Risk("warning", text))
            if not st.anonymous:
                continue
            found.extend(_anonymous_risks(st))
        return sorted(_unique(found), key=lambda r: rank(r.severity))


_T = TypeVar("_T")


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))


def _key_patterns(st: Statement, bucket: str) -> set[str]:
    """Key patterns in ``bucket`` that the statement's (positive) resources cover."""
    if st.not_resources:
        return set()
    out: set[str] = set()
    for res in st.resources:
        out |= {"*"} if res == "*" else wildcard_remainders(res, resource_arn(bucket) + "/")
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


_RULE_VERBS: Final = {  # {0}: the objects, {1}: the conditions (" only when ...", or "")
    ACCESS_DOWNLOAD: QT_TR_NOOP("Anyone on the internet can download {0}{1}."),
    ACCESS_UPLOAD: QT_TR_NOOP("Anyone on the internet can upload {0}{1}."),
    ACCESS_PUBLIC: QT_TR_NOOP("Anyone on the internet can download and upload {0}{1}."),
}


def _rule_sentence(access: str, pattern: str, bucket: str, cond: str) -> str:
    if access == ACCESS_LIST:
        return Text(QT_TR_NOOP("Anyone on the internet can list the object names in {0}{1}."), bucket, cond)
    where = (Text(QT_TR_NOOP("all objects in {0}"), bucket) if pattern == "*"
             else Text(QT_TR_NOOP("objects matching {0} in {1}"), pattern, bucket))
    return Text(_RULE_VERBS[access], where, cond)


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
    where = resources_phrase(st)
    cond = conditions_phrase(st.conditions)
    if not st.not_actions and any(covers_every_action(a) for a in st.actions):
        return [Risk("critical", Text(QT_TR_NOOP("Anyone on the internet may do anything (s3:*) on {0}{1}."),
                                      where, cond))]
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
    for template, acts in ((QT_TR_NOOP("Public write: anyone on the internet may {0} on {1}{2}."), writes),
                           (QT_TR_NOOP("Public delete: anyone on the internet may {0} on {1}{2}."), deletes),
                           (QT_TR_NOOP("Public change: anyone on the internet may {0} on {1}{2}."), changes)):
        if acts:
            text = Text(template, ", ".join(acts), where, cond)
            out.append(Risk("critical", text))
    if st.applies_to_action(GET_OBJECT) and (
        st.not_resources or any(_covers_whole_bucket(r) for r in st.resources)
    ):
        text = Text(QT_TR_NOOP("Whole bucket public: anyone on the internet can download {0}{1}."), where, cond)
        out.append(Risk("critical", text))
    if LIST_BUCKET in granted:
        text = Text(QT_TR_NOOP("Anyone on the internet can list object names (s3:ListBucket) on {0}{1}."),
                    where, cond)
        out.append(Risk("warning", text))
    return out
