"""Bucket-policy text to a typed :class:`~ensure_browser.core.policies.engine.Policy`.

:func:`parse_policy` validates a JSON policy and returns a normalised policy; anything wrong raises
:class:`~ensure_browser.core.policies.model.PolicyError` (a ``ValueError``) whose message names the problem.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import (
    ALLOW,
    DENY,
    IP_OPERATORS,
    SUPPORTED_OPERATORS,
    Condition,
    PolicyError,
    Statement,
)
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["VERSION_2008", "VERSION_2012", "parse_policy"]

VERSION_2012: Final = "2012-10-17"
VERSION_2008: Final = "2008-10-17"

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
            raise PolicyError(Text(QT_TR_NOOP("Duplicate key {0} in a JSON object"), repr(key)))
        out[key] = value
    return out


def _string_list(value: object, what: str, check: Callable[[str], str | None] | None = None) -> list[str]:
    """A JSON string or non-empty list of strings, each accepted by ``check`` (which returns an error)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise PolicyError(Text(QT_TR_NOOP("{0} must be a string or a list of strings, got {1}"), what, _show(value)))
    if not items:
        raise PolicyError(Text(QT_TR_NOOP("{0} must not be an empty list"), what))
    for item in items:
        if not isinstance(item, str):
            raise PolicyError(Text(QT_TR_NOOP("{0} must contain only strings, got {1}"), what, _show(item)))
        if not item:
            raise PolicyError(Text(QT_TR_NOOP("{0} must not contain an empty string"), what))
        problem = check(item) if check else None
        if problem:
            raise PolicyError(Text(QT_TR_NOOP("{0}: {1}"), what, problem))
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
        raise PolicyError(Text(QT_TR_NOOP("{0}: use either {1} or Not{1}, not both"), where, name))
    if not positive and not negative:
        raise PolicyError(Text(QT_TR_NOOP("{0}: {1} (or Not{1}) is required"), where, name))
    return (raw[f"Not{name}"], True) if negative else (raw[name], False)


def _parse_principal(value: object, where: str) -> frozenset[str]:
    if value == "*":
        return frozenset({"*"})
    if not isinstance(value, dict):
        raise PolicyError(Text(QT_TR_NOOP('{0} must be "*" or an object like {{"AWS": [...]}}, got {1}'), where,
                               _show(value)))
    if set(value) != {"AWS"}:
        others = sorted(set(value) - {"AWS"})
        if others:
            raise PolicyError(Text(QT_TR_NOOP(
                "{0}: unsupported principal type {1} (only AWS is supported)"), where, repr(others[0])))
        raise PolicyError(Text(QT_TR_NOOP('{0} must name at least one principal under "AWS"'), where))
    names = frozenset(_string_list(value["AWS"], Text(QT_TR_NOOP("{0} AWS"), where)))
    return frozenset({"*"}) if "*" in names else names


def _condition_value(value: object, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    raise PolicyError(Text(QT_TR_NOOP(
        "{0}: condition values must be strings, numbers or booleans, got {1}"), where, _show(value)))


def _normalise_condition_values(op: str, values: list[str], where: str) -> tuple[str, ...]:
    base = op.removesuffix("IfExists")
    if base in ("Bool", "Null"):
        lowered = [v.lower() for v in values]
        bad = [v for v in lowered if v not in ("true", "false")]
        if bad:
            raise PolicyError(Text(QT_TR_NOOP(
                "{0}: {1} values must be true or false, got {2}"), where, op, _show(bad[0])))
        return tuple(sorted(set(lowered)))
    if base in IP_OPERATORS:
        nets: list[str] = []
        for v in values:
            try:
                nets.append(str(ipaddress.ip_network(v.strip(), strict=False)))
            except ValueError:
                raise PolicyError(Text(QT_TR_NOOP(
                    "{0}: {1} value {2} is not an IP address or CIDR range"), where, op, repr(v))) from None
        return tuple(sorted(set(nets)))
    return tuple(sorted(set(values)))


def _parse_conditions(value: object, where: str) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        raise PolicyError(Text(QT_TR_NOOP("{0}: Condition must be an object, got {1}"), where, _show(value)))
    out: list[Condition] = []
    for op, block in value.items():
        if op not in SUPPORTED_OPERATORS:
            supported = ", ".join(sorted(SUPPORTED_OPERATORS))
            raise PolicyError(Text(QT_TR_NOOP(
                "{0}: unsupported Condition operator {1} (supported: {2})"), where, repr(op), supported))
        if not isinstance(block, dict):
            raise PolicyError(Text(QT_TR_NOOP(
                "{0}: Condition {1} must be an object of key: values, got {2}"), where, op, _show(block)))
        for key, raw in block.items():
            here = Text(QT_TR_NOOP("{0}: Condition {1} {2}"), where, op, repr(key))
            if not key:
                raise PolicyError(Text(QT_TR_NOOP("{0}: Condition {1} has an empty key name"), where, op))
            items = raw if isinstance(raw, list) else [raw]
            if not items:
                raise PolicyError(Text(QT_TR_NOOP("{0} must have at least one value"), here))
            values = [_condition_value(v, here) for v in items]
            out.append(Condition(op, key, _normalise_condition_values(op, values, here)))
    return tuple(sorted(out, key=lambda c: (c.operator, c.key.lower(), c.values)))


def _parse_statement(raw: object, where: str) -> Statement:
    if not isinstance(raw, dict):
        raise PolicyError(Text(QT_TR_NOOP("{0} must be an object, got {1}"), where, _show(raw)))
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(Text(QT_TR_NOOP("{0}: Sid must be a string, got {1}"), where, _show(sid)))
    if sid:
        where = Text(QT_TR_NOOP("{0} ({1})"), where, sid)
    unknown = sorted(set(raw) - _STATEMENT_KEYS)
    if unknown:
        raise PolicyError(Text(QT_TR_NOOP("{0}: unknown element {1}"), where, repr(unknown[0])))
    effect = raw.get("Effect")
    if effect not in (ALLOW, DENY):
        got = "nothing" if "Effect" not in raw else _show(effect)
        raise PolicyError(Text(QT_TR_NOOP("{0}: Effect must be Allow or Deny, got {1}"), where, got))
    principal = _pick(raw, "Principal", where)
    action = _pick(raw, "Action", where)
    resource = _pick(raw, "Resource", where)
    p_name = "NotPrincipal" if principal[1] else "Principal"
    a_name = "NotAction" if action[1] else "Action"
    r_name = "NotResource" if resource[1] else "Resource"
    conditions = _parse_conditions(raw["Condition"], where) if "Condition" in raw else ()
    return Statement(
        effect=str(effect),
        principals=_parse_principal(principal[0], Text(QT_TR_NOOP("{0}: {1}"), where, p_name)),
        not_principal=principal[1],
        actions=frozenset(_string_list(action[0], Text(QT_TR_NOOP("{0}: {1}"), where, a_name), _check_action)),
        not_actions=action[1],
        resources=frozenset(_string_list(resource[0], Text(QT_TR_NOOP("{0}: {1}"), where, r_name), _check_resource)),
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
        raise PolicyError(Text(QT_TR_NOOP("Policy text must be a string, got {0}"), type(text).__name__))
    try:
        doc = json.loads(text.lstrip("\ufeff"), object_pairs_hook=_no_duplicates)
    except PolicyError:
        raise
    except json.JSONDecodeError as exc:
        raise PolicyError(Text(QT_TR_NOOP("Invalid JSON at line {0} column {1}: {2}"), exc.lineno, exc.colno,
                               exc.msg)) from None
    except (ValueError, RecursionError) as exc:
        raise PolicyError(Text(QT_TR_NOOP("Invalid JSON: {0}"), exc)) from None
    if not isinstance(doc, dict):
        raise PolicyError(Text(QT_TR_NOOP("Policy must be a JSON object, got {0}"), _show(doc)))
    unknown = sorted(set(doc) - _POLICY_KEYS)
    if unknown:
        raise PolicyError(Text(QT_TR_NOOP("Unknown policy element {0}"), repr(unknown[0])))
    version = doc.get("Version", VERSION_2008)
    if version not in (VERSION_2012, VERSION_2008):
        raise PolicyError(Text(QT_TR_NOOP(
            "Version must be {0} or {1}, got {2}"), VERSION_2012, VERSION_2008, _show(version)))
    policy_id = doc.get("Id")
    if policy_id is not None and not isinstance(policy_id, str):
        raise PolicyError(Text(QT_TR_NOOP("Id must be a string, got {0}"), _show(policy_id)))
    if "Statement" not in doc:
        raise PolicyError(Text(QT_TR_NOOP("Policy has no Statement")))
    raw_statements = doc["Statement"]
    if isinstance(raw_statements, dict):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyError(Text(QT_TR_NOOP(
            "Statement must be an object or a list of objects, got {0}"), _show(raw_statements)))
    statements = tuple(_parse_statement(raw, Text(QT_TR_NOOP("Statement {0}"), i))
                       for i, raw in enumerate(raw_statements, 1))
    return Policy(version=str(version), statements=statements, id=policy_id)
