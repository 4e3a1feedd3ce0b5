"""Tests for the bucket-policy engine (ensure_browser.core.policies: model, parse, engine, explain,
compare): parsing, evaluation, descriptions, comparison, risks and drift. No server needed."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ensure_browser.core.policies.compare import (
    LESS_OPEN,
    MORE_OPEN,
    OTHER_DIFFERENCE,
    Probe,
    drift,
    policies_equivalent,
)
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import (
    ACCESS_CUSTOM,
    ACCESS_DOWNLOAD,
    ACCESS_LIST,
    ACCESS_PUBLIC,
    ACCESS_UPLOAD,
    AnonymousRule,
    Condition,
    PolicyError,
    Statement,
    wildcard_match,
)
from ensure_browser.core.policies.parse import parse_policy

DOCS = "ensure-study-documents"
USER = "arn:aws:iam:::user/ensure-study"
OTHER_USER = "arn:aws:iam:::user/mallory"

# The two bucket policies of /work/shared/storage-schema.md, verbatim.
SCHEMA_PUBLIC_READ = """\
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject"],
            "Resource": ["arn:aws:s3:::ensure-study-documents/*/thumbnails/*"]
        }
    ]
}
"""

SCHEMA_AUTHENTICATED = """\
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam:::user/ensure-study"]},
            "Action": ["s3:*"],
            "Resource": ["arn:aws:s3:::ensure-study-*/*"]
        }
    ]
}
"""


def stmt(
    action: object = "s3:GetObject",
    resource: object = f"arn:aws:s3:::{DOCS}/*",
    principal: object = "*",
    effect: str = "Allow",
    **extra: object,
) -> dict[str, Any]:
    """A statement dict; ``NotAction=...`` etc. in ``extra`` replace their positive twin."""
    out: dict[str, Any] = {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource}
    for key, value in extra.items():
        out.pop(key.removeprefix("Not"), None)
        out[key] = value
    return out


def pol(*statements: dict[str, Any], version: str = "2012-10-17") -> Policy:
    return parse_policy(json.dumps({"Version": version, "Statement": list(statements)}))


def cond_policy(condition: dict[str, Any]) -> Policy:
    return pol(stmt(Condition=condition))


# ---------------------------------------------------------------------------------------------------
# The schema's policies


def test_schema_public_read_policy() -> None:
    p = parse_policy(SCHEMA_PUBLIC_READ)
    assert p.version == "2012-10-17"
    (s,) = p.statements
    assert s == Statement(
        effect="Allow",
        principals=frozenset({"*"}),
        not_principal=False,
        actions=frozenset({"s3:GetObject"}),
        not_actions=False,
        resources=frozenset({"arn:aws:s3:::ensure-study-documents/*/thumbnails/*"}),
        not_resources=False,
        conditions=(),
    )
    assert p.is_allowed("s3:GetObject", DOCS, "classrooms/c1/thumbnails/d_thumb.png") is True
    assert p.is_allowed("s3:GetObject", DOCS, "classrooms/c1/materials/d.pdf") is False
    assert p.is_allowed("s3:PutObject", DOCS, "classrooms/c1/thumbnails/d_thumb.png") is False
    assert p.is_allowed("s3:GetObject", "ensure-study-ocr", "c1/thumbnails/x.png") is False
    assert p.anonymous_rules(DOCS) == [
        AnonymousRule(
            "*/thumbnails/*",
            ACCESS_DOWNLOAD,
            "Anyone on the internet can download objects matching */thumbnails/* in ensure-study-documents.",
        )
    ]
    assert p.anonymous_rules("ensure-study-recordings") == []
    assert p.explain() == [
        "Anyone on the internet can download objects matching */thumbnails/* in ensure-study-documents."
    ]
    assert p.risks() == []


def test_schema_authenticated_policy() -> None:
    p = parse_policy(SCHEMA_AUTHENTICATED)
    (s,) = p.statements
    assert s.principals == frozenset({USER})
    for bucket in (
        "ensure-study-documents",
        "ensure-study-recordings",
        "ensure-study-ocr",
        "ensure-study-mlflow",
    ):
        assert p.is_allowed("s3:DeleteObject", bucket, "any/key", principal=USER) is True
        assert p.is_allowed("s3:GetObject", bucket, "any/key") is False  # anonymous
    assert p.is_allowed("s3:GetObject", DOCS, "a", principal=OTHER_USER) is False
    assert p.is_allowed("s3:GetObject", "other-bucket", "a", principal=USER) is False
    # the resource names objects only: bucket-level actions are not granted
    assert p.is_allowed("s3:ListBucket", DOCS, principal=USER) is False
    assert p.anonymous_rules(DOCS) == []
    assert p.explain() == [
        "User ensure-study may do anything (s3:*) on objects in buckets matching ensure-study-*."
    ]
    assert p.risks() == []


# ---------------------------------------------------------------------------------------------------
# Wildcards


@pytest.mark.parametrize(
    ("pattern", "text", "ignore_case", "expected"),
    [
        ("*", "", False, True),
        ("*", "a/b/c", False, True),
        ("a/*", "a/b/c", False, True),  # * spans /
        ("*/thumbnails/*", "classrooms/c1/thumbnails/t.png", False, True),
        ("*/thumbnails/*", "thumbnails/t.png", False, False),
        ("*/thumbnails/*", "a/thumbnails/", False, True),
        ("file?.txt", "file1.txt", False, True),
        ("file?.txt", "file.txt", False, False),
        ("file?.txt", "file10.txt", False, False),
        ("a?c", "a/c", False, True),  # ? matches / too
        ("abc", "abc", False, True),
        ("abc", "abcd", False, False),
        ("abc", "ABC", False, False),
        ("abc", "ABC", True, True),
        ("s3:Get*", "S3:GETOBJECT", True, True),
        ("*a*a*a*b", "a" * 200, False, False),  # no exponential back-tracking
        ("**", "x", False, True),
        ("a*", "", False, False),
    ],
)
def test_wildcard_match(pattern: str, text: str, ignore_case: bool, expected: bool) -> None:
    assert wildcard_match(pattern, text, ignore_case=ignore_case) is expected


# ---------------------------------------------------------------------------------------------------
# Evaluation

ALLOW_GET = stmt()
ALLOW_LIST = stmt("s3:ListBucket", f"arn:aws:s3:::{DOCS}")

EVAL_CASES: list[tuple[str, list[dict[str, Any]], dict[str, Any], bool]] = [
    ("default deny: no statement", [], {"action": "s3:GetObject", "key": "a"}, False),
    ("plain allow", [ALLOW_GET], {"action": "s3:GetObject", "key": "a"}, True),
    ("other action not allowed", [ALLOW_GET], {"action": "s3:PutObject", "key": "a"}, False),
    ("action case-insensitive", [ALLOW_GET], {"action": "S3:getobject", "key": "a"}, True),
    ("action in policy upper-case", [stmt("S3:GETOBJECT")], {"action": "s3:GetObject", "key": "a"}, True),
    ("action wildcard", [stmt("s3:Get*")], {"action": "s3:GetObjectTagging", "key": "a"}, True),
    ("action wildcard misses", [stmt("s3:Get*")], {"action": "s3:PutObject", "key": "a"}, False),
    ("action ? wildcard", [stmt("s3:?etObject")], {"action": "s3:GetObject", "key": "a"}, True),
    ("action list", [stmt(["s3:PutObject", "s3:GetObject"])], {"action": "s3:GetObject", "key": "a"}, True),
    ("bare * action", [stmt("*")], {"action": "s3:DeleteObject", "key": "a"}, True),
    ("* resource spans /", [ALLOW_GET], {"action": "s3:GetObject", "key": "a/b/c.pdf"}, True),
    ("resource * alone", [stmt(resource="*")], {"action": "s3:GetObject", "key": "x"}, True),
    (
        "resource case-sensitive",
        [stmt(resource=f"arn:aws:s3:::{DOCS}/Thumbs/*")],
        {"action": "s3:GetObject", "key": "thumbs/x"},
        False,
    ),
    (
        "resource ?",
        [stmt(resource=f"arn:aws:s3:::{DOCS}/page_?.png")],
        {"action": "s3:GetObject", "key": "page_1.png"},
        True,
    ),
    (
        "resource ? one char only",
        [stmt(resource=f"arn:aws:s3:::{DOCS}/page_?.png")],
        {"action": "s3:GetObject", "key": "page_10.png"},
        False,
    ),
    (
        "resource list",
        [stmt(resource=[f"arn:aws:s3:::{DOCS}/a/*", f"arn:aws:s3:::{DOCS}/b/*"])],
        {"action": "s3:GetObject", "key": "b/x"},
        True,
    ),
    (
        "other bucket",
        [ALLOW_GET],
        {"action": "s3:GetObject", "bucket": "ensure-study-ocr", "key": "a"},
        False,
    ),
    (
        "bucket prefix is not the bucket",
        [ALLOW_GET],
        {"action": "s3:GetObject", "bucket": DOCS + "-old", "key": "a"},
        False,
    ),
    ("bucket action on bucket ARN", [ALLOW_LIST], {"action": "s3:ListBucket"}, True),
    (
        "bucket ARN does not cover objects",
        [stmt(resource=f"arn:aws:s3:::{DOCS}")],
        {"action": "s3:GetObject", "key": "a"},
        False,
    ),
    ("object ARN does not cover the bucket", [stmt("s3:ListBucket")], {"action": "s3:ListBucket"}, False),
    (
        "bucket-wide wildcard ARN covers both",
        [stmt("s3:*", "arn:aws:s3:::ensure-study-*")],
        {"action": "s3:ListBucket"},
        True,
    ),
    (
        "deny beats allow",
        [ALLOW_GET, stmt(effect="Deny", resource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "key": "private/x"},
        False,
    ),
    (
        "deny beats allow, in any order",
        [stmt(effect="Deny", resource=f"arn:aws:s3:::{DOCS}/private/*"), ALLOW_GET],
        {"action": "s3:GetObject", "key": "private/x"},
        False,
    ),
    (
        "deny elsewhere keeps allow",
        [ALLOW_GET, stmt(effect="Deny", resource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "key": "public/x"},
        True,
    ),
    (
        "deny alone is still deny",
        [stmt(effect="Deny", resource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "key": "public/x"},
        False,
    ),
    (
        "NotAction allows the rest",
        [stmt(NotAction="s3:DeleteObject")],
        {"action": "s3:GetObject", "key": "a"},
        True,
    ),
    (
        "NotAction excludes its actions",
        [stmt(NotAction="s3:DeleteObject")],
        {"action": "s3:deleteobject", "key": "a"},
        False,
    ),
    (
        "NotAction wildcard",
        [stmt(NotAction=["s3:Delete*", "s3:Put*"])],
        {"action": "s3:PutObjectTagging", "key": "a"},
        False,
    ),
    (
        "Deny NotAction",
        [stmt("s3:*"), stmt(effect="Deny", NotAction="s3:GetObject")],
        {"action": "s3:PutObject", "key": "a"},
        False,
    ),
    (
        "Deny NotAction lets the exception through",
        [stmt("s3:*"), stmt(effect="Deny", NotAction="s3:GetObject")],
        {"action": "s3:GetObject", "key": "a"},
        True,
    ),
    (
        "NotResource allows the rest",
        [stmt(NotResource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "key": "public/a"},
        True,
    ),
    (
        "NotResource excludes its resources",
        [stmt(NotResource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "key": "private/a"},
        False,
    ),
    (
        "NotResource also covers other buckets",
        [stmt(NotResource=f"arn:aws:s3:::{DOCS}/private/*")],
        {"action": "s3:GetObject", "bucket": "elsewhere", "key": "a"},
        True,
    ),
    ("key None asks for the bucket", [ALLOW_LIST], {"action": "s3:ListBucket", "key": None}, True),
]


@pytest.mark.parametrize(
    ("statements", "call", "expected"),
    [pytest.param(s, c, e, id=name) for name, s, c, e in EVAL_CASES],
)
def test_is_allowed(statements: list[dict[str, Any]], call: dict[str, Any], expected: bool) -> None:
    policy = pol(*statements) if statements else parse_policy('{"Version": "2012-10-17", "Statement": []}')
    args = {"bucket": DOCS, **call}
    assert policy.is_allowed(args.pop("action"), args.pop("bucket"), **args) is expected


PRINCIPAL_FORMS: list[tuple[object, dict[str, bool]]] = [
    # principal element -> {caller: allowed}
    ("*", {"*": True, USER: True, OTHER_USER: True}),
    ({"AWS": "*"}, {"*": True, USER: True, OTHER_USER: True}),
    ({"AWS": ["*"]}, {"*": True, USER: True, OTHER_USER: True}),
    ({"AWS": [USER, "*"]}, {"*": True, USER: True, OTHER_USER: True}),
    ({"AWS": USER}, {"*": False, USER: True, OTHER_USER: False}),
    ({"AWS": [USER]}, {"*": False, USER: True, OTHER_USER: False}),
    ({"AWS": [USER, OTHER_USER]}, {"*": False, USER: True, OTHER_USER: True}),
    ({"AWS": "arn:aws:iam:::user/*"}, {"*": False, USER: True, OTHER_USER: True}),
    ({"AWS": "arn:aws:iam:::user/ensure-*"}, {"*": False, USER: True, OTHER_USER: False}),
]


@pytest.mark.parametrize(("principal", "outcomes"), PRINCIPAL_FORMS)
def test_principal_forms(principal: object, outcomes: dict[str, bool]) -> None:
    policy = pol(stmt(principal=principal))
    for caller, expected in outcomes.items():
        assert policy.is_allowed("s3:GetObject", DOCS, "k", principal=caller) is expected, caller


@pytest.mark.parametrize(
    ("statements", "outcomes"),
    [
        # Allow everyone except the user
        ([stmt(NotPrincipal={"AWS": USER})], {"*": True, USER: False, OTHER_USER: True}),
        # Deny everyone except the user: only the user keeps the allow
        (
            [stmt(principal={"AWS": "*"}), stmt(effect="Deny", NotPrincipal={"AWS": [USER]})],
            {"*": False, USER: True, OTHER_USER: False},
        ),
        # NotPrincipal * excludes everybody
        ([stmt(NotPrincipal={"AWS": "*"})], {"*": False, USER: False}),
    ],
)
def test_not_principal(statements: list[dict[str, Any]], outcomes: dict[str, bool]) -> None:
    policy = pol(*statements)
    for caller, expected in outcomes.items():
        assert policy.is_allowed("s3:GetObject", DOCS, "k", principal=caller) is expected, caller


def test_principal_is_accepted_positionally_and_by_keyword() -> None:
    policy = pol(stmt(principal={"AWS": USER}))
    assert policy.is_allowed("s3:GetObject", DOCS, "k", USER) is True
    assert policy.is_allowed("s3:GetObject", DOCS, key="k", principal=USER, context=None) is True


IP_ALLOW = {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}
IP_DENY = {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}

CONDITION_CASES: list[tuple[str, dict[str, Any], dict[str, Any] | None, bool]] = [
    # StringEquals
    (
        "StringEquals match",
        {"StringEquals": {"s3:prefix": "classrooms/"}},
        {"s3:prefix": "classrooms/"},
        True,
    ),
    ("StringEquals miss", {"StringEquals": {"s3:prefix": "classrooms/"}}, {"s3:prefix": "students/"}, False),
    ("StringEquals is case-sensitive", {"StringEquals": {"s3:prefix": "a"}}, {"s3:prefix": "A"}, False),
    ("StringEquals absent key", {"StringEquals": {"s3:prefix": "classrooms/"}}, None, False),
    ("StringEquals any of values", {"StringEquals": {"s3:prefix": ["a", "b"]}}, {"s3:prefix": "b"}, True),
    ("StringEquals list context", {"StringEquals": {"s3:prefix": "b"}}, {"s3:prefix": ["a", "b"]}, True),
    (
        "StringEquals empty list context = absent",
        {"StringEquals": {"s3:prefix": "b"}},
        {"s3:prefix": []},
        False,
    ),
    ("StringEquals no wildcards", {"StringEquals": {"s3:prefix": "a*"}}, {"s3:prefix": "ab"}, False),
    # StringNotEquals
    ("StringNotEquals match", {"StringNotEquals": {"s3:prefix": "a"}}, {"s3:prefix": "b"}, True),
    ("StringNotEquals miss", {"StringNotEquals": {"s3:prefix": "a"}}, {"s3:prefix": "a"}, False),
    ("StringNotEquals absent key", {"StringNotEquals": {"s3:prefix": "a"}}, None, True),
    (
        "StringNotEquals none of values",
        {"StringNotEquals": {"s3:prefix": ["a", "b"]}},
        {"s3:prefix": "b"},
        False,
    ),
    (
        "StringNotEquals list: no member may match",
        {"StringNotEquals": {"s3:prefix": "a"}},
        {"s3:prefix": ["a", "c"]},
        False,
    ),
    # StringLike
    (
        "StringLike match",
        {"StringLike": {"s3:prefix": "classrooms/*"}},
        {"s3:prefix": "classrooms/c1/"},
        True,
    ),
    ("StringLike ?", {"StringLike": {"s3:prefix": "c?"}}, {"s3:prefix": "c1"}, True),
    ("StringLike miss", {"StringLike": {"s3:prefix": "classrooms/*"}}, {"s3:prefix": "students/"}, False),
    ("StringLike absent key", {"StringLike": {"s3:prefix": "*"}}, {}, False),
    # StringNotLike
    ("StringNotLike match", {"StringNotLike": {"s3:prefix": "temp/*"}}, {"s3:prefix": "classrooms/"}, True),
    ("StringNotLike miss", {"StringNotLike": {"s3:prefix": "temp/*"}}, {"s3:prefix": "temp/x"}, False),
    ("StringNotLike absent key", {"StringNotLike": {"s3:prefix": "temp/*"}}, None, True),
    # IpAddress
    ("IpAddress v4 inside", IP_ALLOW, {"aws:SourceIp": "10.0.0.5"}, True),
    ("IpAddress v4 outside", IP_ALLOW, {"aws:SourceIp": "192.168.1.1"}, False),
    ("IpAddress v6 inside", IP_ALLOW, {"aws:SourceIp": "2001:db8::1"}, True),
    ("IpAddress v6 outside", IP_ALLOW, {"aws:SourceIp": "2001:db9::1"}, False),
    (
        "IpAddress single address",
        {"IpAddress": {"aws:SourceIp": "10.0.0.5"}},
        {"aws:SourceIp": "10.0.0.5"},
        True,
    ),
    ("IpAddress not an address", IP_ALLOW, {"aws:SourceIp": "not-an-ip"}, False),
    ("IpAddress absent key", IP_ALLOW, None, False),
    ("IpAddress list context", IP_ALLOW, {"aws:SourceIp": ["192.168.1.1", "10.1.2.3"]}, True),
    # NotIpAddress
    ("NotIpAddress outside", IP_DENY, {"aws:SourceIp": "192.168.1.1"}, True),
    ("NotIpAddress inside", IP_DENY, {"aws:SourceIp": "10.9.9.9"}, False),
    ("NotIpAddress v6 vs v4 range", IP_DENY, {"aws:SourceIp": "::1"}, True),
    ("NotIpAddress absent key", IP_DENY, None, True),
    # Bool
    ("Bool true", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true"}, True),
    (
        "Bool JSON true, context TRUE",
        {"Bool": {"aws:SecureTransport": True}},
        {"aws:SecureTransport": "TRUE"},
        True,
    ),
    (
        "Bool false vs true",
        {"Bool": {"aws:SecureTransport": "false"}},
        {"aws:SecureTransport": "true"},
        False,
    ),
    ("Bool absent key", {"Bool": {"aws:SecureTransport": "true"}}, None, False),
    # Null
    ("Null true, absent", {"Null": {"s3:prefix": "true"}}, None, True),
    ("Null true, present", {"Null": {"s3:prefix": "true"}}, {"s3:prefix": "x"}, False),
    ("Null false, present", {"Null": {"s3:prefix": "false"}}, {"s3:prefix": "x"}, True),
    ("Null false, absent", {"Null": {"s3:prefix": False}}, {}, False),
    # IfExists
    ("StringEqualsIfExists absent", {"StringEqualsIfExists": {"s3:prefix": "a"}}, None, True),
    (
        "StringEqualsIfExists present miss",
        {"StringEqualsIfExists": {"s3:prefix": "a"}},
        {"s3:prefix": "b"},
        False,
    ),
    ("IpAddressIfExists absent", {"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}, None, True),
    # key names are case-insensitive, in the policy and in the context
    ("key case policy", {"StringEquals": {"S3:Prefix": "a"}}, {"s3:prefix": "a"}, True),
    ("key case context", {"IpAddress": {"aws:sourceip": "10.0.0.0/8"}}, {"AWS:SOURCEIP": "10.0.0.1"}, True),
    # several keys and several operators must all hold
    (
        "AND of operators, both hold",
        {**IP_ALLOW, "StringLike": {"s3:prefix": "c*"}},
        {"aws:SourceIp": "10.0.0.1", "s3:prefix": "c1"},
        True,
    ),
    (
        "AND of operators, one fails",
        {**IP_ALLOW, "StringLike": {"s3:prefix": "c*"}},
        {"aws:SourceIp": "10.0.0.1", "s3:prefix": "x"},
        False,
    ),
    (
        "AND of keys, one absent",
        {"StringEquals": {"s3:prefix": "a", "s3:delimiter": "/"}},
        {"s3:prefix": "a"},
        False,
    ),
    ("empty Condition", {}, None, True),
]


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [pytest.param(c, ctx, e, id=name) for name, c, ctx, e in CONDITION_CASES],
)
def test_conditions(condition: dict[str, Any], context: dict[str, Any] | None, expected: bool) -> None:
    policy = cond_policy(condition)
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context=context) is expected


def test_condition_on_deny_statement() -> None:
    policy = pol(ALLOW_GET, stmt(effect="Deny", Condition=IP_DENY))
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context={"aws:SourceIp": "10.0.0.1"}) is True
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context={"aws:SourceIp": "8.8.8.8"}) is False
    assert policy.is_allowed("s3:GetObject", DOCS, "k") is False  # absent key: NotIpAddress holds


def test_context_values_of_other_shapes_do_not_raise() -> None:
    policy = cond_policy({"StringEquals": {"n": "5"}})
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context={"n": ("4", "5")}) is True  # type: ignore[dict-item]
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context={"n": 5}) is True  # type: ignore[dict-item]
    assert policy.is_allowed("s3:GetObject", DOCS, "k", context={"N": None}) is False  # type: ignore[dict-item]


def test_condition_values_are_normalised() -> None:
    policy = cond_policy({"IpAddress": {"aws:SourceIp": ["10.1.2.3/8"]}, "Bool": {"k": True}})
    assert policy.statements[0].conditions == (
        Condition("Bool", "k", ("true",)),
        Condition("IpAddress", "aws:SourceIp", ("10.0.0.0/8",)),
    )


# ---------------------------------------------------------------------------------------------------
# Parsing: accepted forms and errors


def test_statement_may_be_a_single_object_and_version_may_be_missing() -> None:
    p = parse_policy(json.dumps({"Statement": stmt()}))
    assert p.version == "2008-10-17"
    assert len(p.statements) == 1
    assert p.is_allowed("s3:GetObject", DOCS, "x") is True


def test_old_version_id_sid_and_bom_are_accepted() -> None:
    text = "\ufeff" + json.dumps(
        {"Version": "2008-10-17", "Id": "p1", "Statement": [{"Sid": "s1", **stmt()}]}
    )
    p = parse_policy(text)
    assert (p.version, p.id, p.statements[0].sid) == ("2008-10-17", "p1", "s1")


def test_empty_statement_list_denies_everything() -> None:
    p = parse_policy('{"Version": "2012-10-17", "Statement": []}')
    assert p.statements == ()
    assert p.is_allowed("s3:GetObject", DOCS, "x") is False
    assert p.explain() == [] and p.anonymous_rules(DOCS) == [] and p.risks() == []


def _with(**changes: object) -> str:
    """The policy text of a valid one-statement policy with the statement's elements changed."""
    s: dict[str, Any] = stmt()
    for key, value in changes.items():
        if value is _DROP:
            s.pop(key, None)
        else:
            s[key] = value
    return json.dumps({"Version": "2012-10-17", "Statement": [stmt(), s]})


_DROP = object()

INVALID_CASES: list[tuple[str, str]] = [
    ("{", "Invalid JSON at line 1"),
    ("", "Invalid JSON"),
    ("[]", "Policy must be a JSON object"),
    ('"text"', "Policy must be a JSON object"),
    ("null", "Policy must be a JSON object"),
    ('{"Version": "2012-10-17"}', "Policy has no Statement"),
    (
        '{"Version": "2020-01-01", "Statement": []}',
        "Version must be 2012-10-17 or 2008-10-17, got '2020-01-01'",
    ),
    ('{"Version": 2012, "Statement": []}', "Version must be 2012-10-17 or 2008-10-17, got 2012"),
    ('{"Version": "2012-10-17", "Statement": "x"}', "Statement must be an object or a list"),
    ('{"Version": "2012-10-17", "Statement": [], "Extra": 1}', "Unknown policy element 'Extra'"),
    ('{"Version": "2012-10-17", "Id": 5, "Statement": []}', "Id must be a string"),
    ('{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}', "Duplicate key 'Version'"),
    ('{"Statement": [5]}', "Statement 1 must be an object, got 5"),
    (_with(Effect="Permit"), "Statement 2: Effect must be Allow or Deny, got 'Permit'"),
    (_with(Effect="allow"), "Statement 2: Effect must be Allow or Deny, got 'allow'"),
    (_with(Effect=_DROP), "Statement 2: Effect must be Allow or Deny, got nothing"),
    (_with(Sid="reader", Effect="Permit"), "Statement 2 (reader): Effect must be Allow or Deny"),
    (_with(Sid=3), "Statement 2: Sid must be a string"),
    (_with(Action=_DROP), "Statement 2: Action (or NotAction) is required"),
    (_with(Resource=_DROP), "Statement 2: Resource (or NotResource) is required"),
    (_with(Principal=_DROP), "Statement 2: Principal (or NotPrincipal) is required"),
    (_with(NotAction="s3:PutObject"), "Statement 2: use either Action or NotAction, not both"),
    (_with(NotResource="*"), "Statement 2: use either Resource or NotResource, not both"),
    (_with(NotPrincipal="*"), "Statement 2: use either Principal or NotPrincipal, not both"),
    (_with(Action=[]), "Statement 2: Action must not be an empty list"),
    (_with(Action=5), "Statement 2: Action must be a string or a list of strings, got 5"),
    (_with(Action=["s3:GetObject", 5]), "Statement 2: Action must contain only strings, got 5"),
    (_with(Action=""), "Statement 2: Action must not contain an empty string"),
    (_with(Action="GetObject"), "Statement 2: Action: 'GetObject' is not an action like s3:GetObject"),
    (_with(Resource={"a": 1}), "Statement 2: Resource must be a string or a list of strings"),
    (_with(Resource="ensure-study-documents/*"), "'ensure-study-documents/*' is not an ARN"),
    (_with(Principal="arn:aws:iam:::user/x"), 'Statement 2: Principal must be "*" or an object'),
    (_with(Principal={"Service": "s3.amazonaws.com"}), "unsupported principal type 'Service'"),
    (_with(Principal={}), 'Statement 2: Principal must name at least one principal under "AWS"'),
    (_with(Principal={"AWS": []}), "Statement 2: Principal AWS must not be an empty list"),
    (_with(Unknown=1), "Statement 2: unknown element 'Unknown'"),
    (_with(Condition=[]), "Statement 2: Condition must be an object"),
    (_with(Condition={"NumericEquals": {"k": "1"}}), "unsupported Condition operator 'NumericEquals'"),
    (_with(Condition={"stringequals": {"k": "1"}}), "unsupported Condition operator 'stringequals'"),
    (_with(Condition={"StringEquals": "x"}), "Condition StringEquals must be an object"),
    (_with(Condition={"StringEquals": {"k": []}}), "Condition StringEquals 'k' must have at least one value"),
    (
        _with(Condition={"StringEquals": {"k": {"a": 1}}}),
        "condition values must be strings, numbers or booleans",
    ),
    (_with(Condition={"StringEquals": {"": "x"}}), "Condition StringEquals has an empty key name"),
    (_with(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}), "'10.0.0.0/33' is not an IP address"),
    (
        _with(Condition={"Bool": {"aws:SecureTransport": "yes"}}),
        "Bool values must be true or false, got 'yes'",
    ),
    (_with(Condition={"Null": {"k": "maybe"}}), "Null values must be true or false"),
]


@pytest.mark.parametrize(("text", "message"), INVALID_CASES)
def test_invalid_policies_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(text)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_non_string_input_is_a_policy_error() -> None:
    with pytest.raises(PolicyError, match="must be a string"):
        parse_policy(b"{}")  # type: ignore[arg-type]


def test_deep_nesting_is_a_policy_error() -> None:
    with pytest.raises(PolicyError):
        parse_policy("[" * 100_000 + "]" * 100_000)


# ---------------------------------------------------------------------------------------------------
# Anonymous rules (mc anonymous list)

MC_DOWNLOAD_PREFIX = [  # what `mc anonymous set download local/b/classrooms/` writes
    stmt("s3:GetBucketLocation", "arn:aws:s3:::b", {"AWS": ["*"]}),
    stmt(
        "s3:ListBucket",
        "arn:aws:s3:::b",
        {"AWS": ["*"]},
        Condition={"StringEquals": {"s3:prefix": ["classrooms/"]}},
    ),
    stmt("s3:GetObject", "arn:aws:s3:::b/classrooms/*", {"AWS": ["*"]}),
]

ANON_CASES: list[tuple[str, list[dict[str, Any]], list[tuple[str, str]], list[str]]] = [
    # name, statements, [(pattern, access)], words that must appear in the descriptions
    (
        "download",
        [stmt(resource="arn:aws:s3:::b/thumbs/*")],
        [("thumbs/*", ACCESS_DOWNLOAD)],
        ["can download"],
    ),
    (
        "upload only",
        [stmt("s3:PutObject", "arn:aws:s3:::b/temp/*")],
        [("temp/*", ACCESS_UPLOAD)],
        ["can upload"],
    ),
    (
        "public in one statement",
        [stmt(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::b/*")],
        [("*", ACCESS_PUBLIC)],
        ["download and upload all objects in b"],
    ),
    (
        "public merged from two statements",
        [stmt("s3:GetObject", "arn:aws:s3:::b/shared/*"), stmt("s3:PutObject", "arn:aws:s3:::b/shared/*")],
        [("shared/*", ACCESS_PUBLIC)],
        [],
    ),
    ("list", [stmt("s3:ListBucket", "arn:aws:s3:::b")], [("*", ACCESS_LIST)], ["list the object names in b"]),
    (
        "mc download with prefix",
        MC_DOWNLOAD_PREFIX,
        [("classrooms/*", ACCESS_DOWNLOAD), ("classrooms/*", ACCESS_LIST)],
        ["s3:prefix is 'classrooms/'"],
    ),
    (
        "wildcard bucket covers this bucket",
        [stmt(resource="arn:aws:s3:::ensure-*/*")],
        [("*", ACCESS_DOWNLOAD)],
        [],
    ),
    ("resource * covers everything", [stmt(resource="*")], [("*", ACCESS_DOWNLOAD)], []),
    ("other bucket gives nothing", [stmt(resource="arn:aws:s3:::other/*")], [], []),
    (
        "authenticated only gives nothing",
        [stmt(principal={"AWS": USER}, resource="arn:aws:s3:::b/*")],
        [],
        [],
    ),
    (
        "conditional download",
        [stmt(resource="arn:aws:s3:::b/*", Condition=IP_ALLOW)],
        [("*", ACCESS_DOWNLOAD)],
        ["only from 10.0.0.0/8 or 2001:db8::/32"],
    ),
    (
        "delete is custom",
        [stmt("s3:DeleteObject", "arn:aws:s3:::b/temp/*")],
        [("temp/*", ACCESS_CUSTOM)],
        ["can delete objects matching temp/* in b"],
    ),
    (
        "s3:* is public plus custom",
        [stmt("s3:*", "arn:aws:s3:::b/*")],
        [("*", ACCESS_PUBLIC), ("*", ACCESS_CUSTOM)],
        ["do anything (s3:*)"],
    ),
    (
        "deny is custom",
        [stmt(resource="arn:aws:s3:::b/*"), stmt(effect="Deny", resource="arn:aws:s3:::b/private/*")],
        [("*", ACCESS_DOWNLOAD), ("private/*", ACCESS_CUSTOM)],
        ["cannot download objects matching private/*"],
    ),
    (
        "NotResource is custom",
        [stmt(NotResource="arn:aws:s3:::b/private/*")],
        [("*", ACCESS_CUSTOM)],
        ["anything except objects matching private/* in b"],
    ),
    (
        "bucket admin action is custom",
        [stmt("s3:PutBucketPolicy", "arn:aws:s3:::b")],
        [("", ACCESS_CUSTOM)],
        ["perform s3:PutBucketPolicy on the bucket b"],
    ),
    (
        "NotPrincipal reaches anonymous",
        [stmt(resource="arn:aws:s3:::b/*", NotPrincipal={"AWS": USER})],
        [("*", ACCESS_DOWNLOAD)],
        [],
    ),
]


@pytest.mark.parametrize(
    ("statements", "expected", "words"),
    [pytest.param(s, e, w, id=name) for name, s, e, w in ANON_CASES],
)
def test_anonymous_rules(
    statements: list[dict[str, Any]], expected: list[tuple[str, str]], words: list[str]
) -> None:
    rules = pol(*statements).anonymous_rules("b" if "ensure-*" not in json.dumps(statements) else "ensure-x")
    assert [(r.pattern, r.access) for r in rules] == expected
    text = " ".join(r.description for r in rules)
    for word in words:
        assert word in text
    assert all(r.description.endswith(".") for r in rules)


def test_anonymous_rule_is_frozen() -> None:
    rule = AnonymousRule("*", ACCESS_DOWNLOAD, "d")
    with pytest.raises(AttributeError):
        rule.access = ACCESS_PUBLIC  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------
# Explanations

EXPLAIN_CASES: list[tuple[dict[str, Any], str]] = [
    (
        stmt(resource="arn:aws:s3:::ensure-study-documents/classrooms/*/thumbnails/*"),
        "Anyone on the internet can download objects matching classrooms/*/thumbnails/*"
        " in ensure-study-documents.",
    ),
    (
        stmt("s3:*", "arn:aws:s3:::ensure-study-*/*", {"AWS": [USER]}),
        "User ensure-study may do anything (s3:*) on objects in buckets matching ensure-study-*.",
    ),
    (
        stmt(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::b/*"),
        "Anyone on the internet can download and upload all objects in b.",
    ),
    (stmt("s3:ListBucket", "arn:aws:s3:::b"), "Anyone on the internet can list the object names in b."),
    (
        stmt("s3:DeleteObject", "arn:aws:s3:::b/*", effect="Deny", principal={"AWS": [USER, OTHER_USER]}),
        "User ensure-study and user mallory cannot delete all objects in b"
        " (explicit Deny: it overrides any Allow).",
    ),
    (
        stmt(resource="arn:aws:s3:::b/*", Condition=IP_DENY),
        "Anyone on the internet can download all objects in b only not from 10.0.0.0/8.",
    ),
    (
        stmt(resource="arn:aws:s3:::b/*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
        "Anyone on the internet can download all objects in b only from 10.0.0.0/8.",
    ),
    (
        stmt(
            resource="arn:aws:s3:::b/*",
            Condition={"Bool": {"aws:SecureTransport": "true"}, "Null": {"s3:x-amz-acl": "true"}},
        ),
        "Anyone on the internet can download all objects in b only when aws:SecureTransport is true"
        " and when s3:x-amz-acl is absent.",
    ),
    (
        stmt(resource="arn:aws:s3:::b/*", Condition={"StringNotLike": {"aws:Referer": ["a*", "b*"]}}),
        "Anyone on the internet can download all objects in b"
        " only when aws:Referer matches none of 'a*', 'b*'.",
    ),
    (
        stmt(resource="arn:aws:s3:::b/*", Condition={"StringEqualsIfExists": {"s3:prefix": "p/"}}),
        "Anyone on the internet can download all objects in b"
        " only when s3:prefix is 'p/' (or s3:prefix is absent).",
    ),
    (
        stmt(NotAction="s3:DeleteObject", resource="arn:aws:s3:::b/*"),
        "Anyone on the internet may do anything except s3:DeleteObject on all objects in b.",
    ),
    (
        stmt(NotResource="arn:aws:s3:::b/private/*"),
        "Anyone on the internet can download anything except objects matching private/* in b.",
    ),
    (
        stmt(
            NotPrincipal={"AWS": USER},
            effect="Deny",
            action="s3:*",
            resource=["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        ),
        "Anyone except user ensure-study may not do anything (s3:*) on the bucket b and all objects in b"
        " (explicit Deny: it overrides any Allow).",
    ),
    (
        stmt(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]),
        "Anyone on the internet may perform s3:GetObject and s3:ListBucket"
        " on the bucket b and all objects in b.",
    ),
    (
        stmt(principal={"AWS": "arn:aws:iam::123456789012:root"}, resource="*"),
        "Account 123456789012 may perform s3:GetObject on every bucket and object.",
    ),
    (
        stmt(principal={"AWS": "arn:aws:iam::123456789012:role/reader"}, resource="arn:aws:s3:::b*"),
        "Role reader may perform s3:GetObject on buckets matching b*.",
    ),
]


@pytest.mark.parametrize(("statement", "sentence"), EXPLAIN_CASES)
def test_explain(statement: dict[str, Any], sentence: str) -> None:
    assert pol(statement).explain() == [sentence]


def test_explain_gives_one_sentence_per_statement() -> None:
    assert len(pol(*MC_DOWNLOAD_PREFIX).explain()) == 3


# ---------------------------------------------------------------------------------------------------
# Equivalence and canonical JSON

# The public-read policy as MinIO / SeaweedFS return it: {"AWS": ["*"]}, lists, no whitespace.
SERVER_FORM = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},'
    '"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::ensure-study-documents/*/thumbnails/*"]}]}'
)

TWO = [stmt(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/a/*", "arn:aws:s3:::b/c/*"]), ALLOW_LIST]

EQUIVALENT_CASES: list[tuple[str, str, str]] = [
    ("server form", SCHEMA_PUBLIC_READ, SERVER_FORM),
    (
        "single values vs lists",
        json.dumps({"Version": "2012-10-17", "Statement": stmt()}),
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [stmt(["s3:GetObject"], [f"arn:aws:s3:::{DOCS}/*"], {"AWS": "*"})],
            }
        ),
    ),
    (
        "statement order and list order",
        json.dumps({"Statement": TWO}),
        json.dumps(
            {
                "Statement": [
                    TWO[1],
                    stmt(["s3:PutObject", "s3:GetObject"], ["arn:aws:s3:::b/c/*", "arn:aws:s3:::b/a/*"]),
                ]
            }
        ),
    ),
    (
        "version and sid ignored",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "x", **stmt()}]}),
        json.dumps({"Version": "2008-10-17", "Id": "y", "Statement": [stmt()]}),
    ),
    (
        "action case",
        json.dumps({"Statement": [stmt("s3:GetObject")]}),
        json.dumps({"Statement": [stmt("S3:getobject")]}),
    ),
    (
        "split vs merged grants",
        json.dumps({"Statement": [stmt(["s3:GetObject", "s3:PutObject"])]}),
        json.dumps({"Statement": [stmt("s3:PutObject"), stmt("s3:GetObject")]}),
    ),
    (
        "duplicate statements",
        json.dumps({"Statement": [stmt(), stmt()]}),
        json.dumps({"Statement": [stmt()]}),
    ),
    (
        "principal * inside a list",
        json.dumps({"Statement": [stmt(principal={"AWS": ["*", USER]})]}),
        json.dumps({"Statement": [stmt(principal="*")]}),
    ),
    (
        "condition forms",
        json.dumps(
            {
                "Statement": [
                    stmt(
                        Condition={
                            "Bool": {"aws:SecureTransport": True},
                            "IpAddress": {"aws:SourceIp": "10.0.0.1/8"},
                        }
                    )
                ]
            }
        ),
        json.dumps(
            {
                "Statement": [
                    stmt(
                        Condition={
                            "IpAddress": {"aws:sourceip": ["10.0.0.0/8"]},
                            "Bool": {"aws:SecureTransport": ["true"]},
                        }
                    )
                ]
            }
        ),
    ),
]

DIFFERENT_CASES: list[tuple[str, str, str]] = [
    ("resource", SCHEMA_PUBLIC_READ, SERVER_FORM.replace("*/thumbnails/*", "*")),
    ("effect", json.dumps({"Statement": [stmt()]}), json.dumps({"Statement": [stmt(effect="Deny")]})),
    (
        "principal",
        json.dumps({"Statement": [stmt()]}),
        json.dumps({"Statement": [stmt(principal={"AWS": USER})]}),
    ),
    (
        "NotAction vs Action",
        json.dumps({"Statement": [stmt()]}),
        json.dumps({"Statement": [stmt(NotAction="s3:GetObject")]}),
    ),
    (
        "NotPrincipal vs Principal",
        json.dumps({"Statement": [stmt(principal={"AWS": USER})]}),
        json.dumps({"Statement": [stmt(NotPrincipal={"AWS": USER})]}),
    ),
    (
        "resource case",
        json.dumps({"Statement": [stmt(resource="arn:aws:s3:::b/A")]}),
        json.dumps({"Statement": [stmt(resource="arn:aws:s3:::b/a")]}),
    ),
    (
        "condition added",
        json.dumps({"Statement": [stmt()]}),
        json.dumps({"Statement": [stmt(Condition=IP_ALLOW)]}),
    ),
    (
        "condition value",
        json.dumps({"Statement": [stmt(Condition={"StringEquals": {"s3:prefix": "a"}})]}),
        json.dumps({"Statement": [stmt(Condition={"StringEquals": {"s3:prefix": "A"}})]}),
    ),
    ("extra statement", json.dumps({"Statement": [stmt()]}), json.dumps({"Statement": [stmt(), ALLOW_LIST]})),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=n) for n, a, b in EQUIVALENT_CASES])
def test_equivalent(a: str, b: str) -> None:
    pa, pb = parse_policy(a), parse_policy(b)
    assert policies_equivalent(pa, pb) is True
    assert policies_equivalent(pb, pa) is True


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=n) for n, a, b in DIFFERENT_CASES])
def test_not_equivalent(a: str, b: str) -> None:
    pa, pb = parse_policy(a), parse_policy(b)
    assert policies_equivalent(pa, pb) is False
    assert policies_equivalent(pb, pa) is False


def test_none_equals_a_policy_without_statements() -> None:
    empty = parse_policy('{"Statement": []}')
    assert policies_equivalent(None, empty) is True
    assert policies_equivalent(None, None) is True
    assert policies_equivalent(None, parse_policy(SCHEMA_PUBLIC_READ)) is False


def test_to_json_is_canonical() -> None:
    a = parse_policy(SCHEMA_PUBLIC_READ)
    b = parse_policy(SERVER_FORM)
    assert a.to_json() == b.to_json()
    assert json.loads(a.to_json()) == json.loads(SERVER_FORM)
    assert a.to_json().startswith('{\n  "Version": "2012-10-17",\n  "Statement": [')
    assert "\n" not in a.to_json(indent=None)
    assert parse_policy(a.to_json()) == a


def test_to_json_round_trips_everything() -> None:
    text = json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "pol",
            "Statement": [
                {
                    "Sid": "s",
                    **stmt(NotAction=["s3:PutObject", "s3:DeleteObject"], NotPrincipal={"AWS": USER}),
                },
                stmt(
                    effect="Deny",
                    NotResource="arn:aws:s3:::b/x/*",
                    Condition={**IP_DENY, "Null": {"k": True}},
                ),
            ],
        }
    )
    p = parse_policy(text)
    again = parse_policy(p.to_json())
    assert again.to_json() == p.to_json()
    assert policies_equivalent(again, p)
    assert again.id == "pol" and again.version == "2008-10-17"
    assert {s.sid for s in again.statements} == {"s", None}


# ---------------------------------------------------------------------------------------------------
# Risks

RISK_CASES: list[tuple[str, list[dict[str, Any]], list[tuple[str, str]]]] = [
    # name, statements, [(severity, words in the message)]
    ("schema thumbnails: none", [stmt(resource=f"arn:aws:s3:::{DOCS}/*/thumbnails/*")], []),
    ("public write", [stmt("s3:PutObject", "arn:aws:s3:::b/temp/*")], [("critical", "Public write")]),
    ("public delete", [stmt("s3:DeleteObject", "arn:aws:s3:::b/*")], [("critical", "Public delete")]),
    ("s3:* to anyone", [stmt("s3:*", "arn:aws:s3:::b/*")], [("critical", "do anything (s3:*)")]),
    ("* to anyone", [stmt("*", "*")], [("critical", "do anything")]),
    ("whole bucket public", [stmt(resource="arn:aws:s3:::b/*")], [("critical", "Whole bucket public")]),
    (
        "whole buckets by wildcard",
        [stmt(resource="arn:aws:s3:::ensure-*")],
        [("critical", "Whole bucket public")],
    ),
    ("anonymous list", [stmt("s3:ListBucket", "arn:aws:s3:::b")], [("warning", "s3:ListBucket")]),
    (
        "bucket policy change",
        [stmt("s3:PutBucketPolicy", "arn:aws:s3:::b")],
        [("critical", "Public change: anyone on the internet may s3:PutBucketPolicy")],
    ),
    (
        "NotAction reaches writes",
        [stmt(NotAction="s3:GetObject", resource="arn:aws:s3:::b/x/*")],
        [("critical", "Public write"), ("critical", "Public delete"), ("critical", "Public change")],
    ),
    ("mc download helpers are harmless", MC_DOWNLOAD_PREFIX, [("warning", "s3:ListBucket")]),
    ("authenticated user: none", [stmt("s3:*", "arn:aws:s3:::b/*", {"AWS": USER})], []),
    ("deny: none", [stmt("s3:*", "arn:aws:s3:::b/*", effect="Deny")], []),
    (
        "NotPrincipal allow",
        [stmt(resource="arn:aws:s3:::b/x/*", NotPrincipal={"AWS": USER})],
        [("warning", "NotPrincipal")],
    ),
    (
        "conditions are named",
        [stmt("s3:PutObject", "arn:aws:s3:::b/x/*", Condition=IP_ALLOW)],
        [("critical", "only from 10.0.0.0/8")],
    ),
]


@pytest.mark.parametrize(("statements", "expected"), [pytest.param(s, e, id=n) for n, s, e in RISK_CASES])
def test_risks(statements: list[dict[str, Any]], expected: list[tuple[str, str]]) -> None:
    risks = pol(*statements).risks()
    assert len(risks) == len(expected), risks
    for risk, (severity, words) in zip(risks, expected, strict=True):
        assert risk.severity == severity
        assert words in risk.message


def test_risks_are_sorted_most_severe_first() -> None:
    risks = pol(stmt("s3:ListBucket", "arn:aws:s3:::b"), stmt("s3:PutObject", "arn:aws:s3:::b/x/*")).risks()
    assert [r.severity for r in risks] == ["critical", "warning"]


# ---------------------------------------------------------------------------------------------------
# Drift

MATERIALS = Probe("materials", "s3:GetObject", "classrooms/c1/materials/d.pdf", "critical", "warning")
THUMBS = Probe("thumbnails", "s3:GetObject", "classrooms/c1/thumbnails/d_thumb.png", "critical", "warning")
LISTING = Probe("listing", "s3:ListBucket", None, "warning", "info")
PROBES = [MATERIALS, THUMBS, LISTING]
EXPECTED = parse_policy(SCHEMA_PUBLIC_READ)


def _live(*statements: dict[str, Any]) -> Policy:
    return pol(*statements)


DRIFT_CASES: list[tuple[str, Policy | None, Policy | None, list[tuple[str, str, Probe | None]]]] = [
    ("same policy", EXPECTED, parse_policy(SERVER_FORM), []),
    ("both absent", None, None, []),
    (
        "whole bucket public",
        EXPECTED,
        _live(stmt(resource=f"arn:aws:s3:::{DOCS}/*")),
        [("critical", MORE_OPEN, MATERIALS)],
    ),
    ("policy missing", EXPECTED, None, [("warning", LESS_OPEN, THUMBS)]),
    (
        "listing opened",
        EXPECTED,
        _live(
            stmt(resource=f"arn:aws:s3:::{DOCS}/*/thumbnails/*"),
            stmt("s3:ListBucket", f"arn:aws:s3:::{DOCS}"),
        ),
        [("warning", MORE_OPEN, LISTING)],
    ),
    (
        "both ways",
        EXPECTED,
        _live(stmt(resource=f"arn:aws:s3:::{DOCS}/*/materials/*")),
        [("critical", MORE_OPEN, MATERIALS), ("warning", LESS_OPEN, THUMBS)],
    ),
    ("unexpected policy", None, EXPECTED, [("critical", MORE_OPEN, THUMBS)]),
    (
        "difference outside the probes",
        EXPECTED,
        _live(
            stmt(resource=f"arn:aws:s3:::{DOCS}/*/thumbnails/*"),
            stmt("s3:GetObject", f"arn:aws:s3:::{DOCS}/temp/*"),
        ),
        [("info", OTHER_DIFFERENCE, None)],
    ),
    (
        "policy set although none expected, outside the probes",
        None,
        _live(stmt("s3:GetObject", "arn:aws:s3:::elsewhere/*")),
        [("info", OTHER_DIFFERENCE, None)],
    ),
]


@pytest.mark.parametrize(
    ("expected", "live", "findings"), [pytest.param(e, lv, f, id=n) for n, e, lv, f in DRIFT_CASES]
)
def test_drift(
    expected: Policy | None, live: Policy | None, findings: list[tuple[str, str, Probe | None]]
) -> None:
    got = drift(expected, live, DOCS, PROBES)
    assert [(f.severity, f.direction, f.probe) for f in got] == findings
    for f in got:
        assert f.message


def test_drift_messages_say_what_and_where() -> None:
    (f,) = drift(EXPECTED, _live(stmt(resource=f"arn:aws:s3:::{DOCS}/*")), DOCS, [MATERIALS])
    assert f.message == (
        "materials: anonymous s3:GetObject on ensure-study-documents/classrooms/c1/materials/d.pdf"
        " is allowed but should be denied."
    )
    (info,) = drift(
        EXPECTED,
        _live(
            stmt(resource=f"arn:aws:s3:::{DOCS}/temp/*"), stmt(resource=f"arn:aws:s3:::{DOCS}/*/thumbnails/*")
        ),
        DOCS,
        [THUMBS],
    )
    assert "Only live: Anyone on the internet can download objects matching temp/*" in info.message


def test_probe_rejects_unknown_severity() -> None:
    with pytest.raises(ValueError, match="severity"):
        Probe("x", "s3:GetObject", "k", "fatal", "warning")


# ---------------------------------------------------------------------------------------------------
# Properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=25,
)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a valid value, sometimes arbitrary JSON."""
    return st.sampled_from([json_values] + [valid] * 9).flatmap(lambda strategy: strategy)


def _negate_some(statement: dict[str, Any], flags: tuple[bool, bool, bool]) -> dict[str, Any]:
    """Turn Principal/Action/Resource into their Not... form where the flag says so."""
    out = dict(statement)
    for flag, name in zip(flags, ("Principal", "Action", "Resource"), strict=True):
        if flag and name in out:
            out["Not" + name] = out.pop(name)
    return out


_strings = st.sampled_from(["*", "x", "Allow", "10.0.0.0/8", "::/0", "true", "false", "s3:GetObject", "a?*"])
_conditions = st.dictionaries(
    st.sampled_from(["StringEquals", "StringNotLike", "IpAddress", "NotIpAddress", "Null", "Bool"])
    | st.text(max_size=4),
    _mostly(
        st.dictionaries(
            st.sampled_from(["aws:SourceIp", "s3:prefix", "AWS:SecureTransport"]),
            _mostly(_strings | st.lists(_strings, min_size=1, max_size=2) | st.booleans()),
            max_size=2,
        )
    ),
    max_size=2,
)
_statements = st.builds(
    _negate_some,
    st.fixed_dictionaries(
        {
            "Effect": _mostly(st.sampled_from(["Allow", "Deny"])),
            "Principal": _mostly(st.sampled_from(["*", {"AWS": "*"}, {"AWS": [USER, "*"]}, {"AWS": USER}])),
            "Action": _mostly(
                st.lists(st.sampled_from(["s3:GetObject", "s3:*", "*", "s3:List*"]), min_size=1)
            ),
            "Resource": _mostly(
                st.lists(
                    st.sampled_from(["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::?*"]),
                    min_size=1,
                )
            ),
        },
        optional={"Sid": _mostly(st.text(max_size=3)), "Condition": _mostly(_conditions)},
    ),
    st.tuples(*[st.sampled_from([False, False, False, True])] * 3),
)
# JSON shaped like policies, so that generated documents get deep into validation (and often pass)
policy_like = st.fixed_dictionaries(
    {"Statement": _mostly(st.lists(_statements, max_size=3) | _statements)},
    optional={
        "Version": _mostly(st.sampled_from(["2012-10-17", "2008-10-17"])),
        "Id": _mostly(st.text(max_size=3)),
    },
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_raises_only_policy_error(value: object) -> None:
    with contextlib.suppress(PolicyError):
        parse_policy(json.dumps(value))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_like)
def test_policy_shaped_json_raises_only_policy_error(value: object) -> None:
    try:
        policy = parse_policy(json.dumps(value))
    except PolicyError:
        return
    # whatever parsed must also be usable
    policy.explain()
    policy.anonymous_rules("b")
    policy.risks()
    assert parse_policy(policy.to_json()).to_json() == policy.to_json()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_policy_error(text: str) -> None:
    with contextlib.suppress(PolicyError):
        parse_policy(text)


patterns = st.text(alphabet="ab/*?", max_size=8)
valid_statements = st.builds(
    stmt,
    action=st.lists(st.sampled_from(["s3:GetObject", "s3:*", "s3:Put*", "s3:ListBucket", "*"]), min_size=1),
    resource=st.lists(patterns.map(lambda p: "arn:aws:s3:::" + p), min_size=1),
    principal=st.sampled_from(["*", {"AWS": USER}, {"AWS": ["*"]}]),
    effect=st.sampled_from(["Allow", "Deny"]),
)
valid_policies = st.lists(valid_statements, max_size=4).map(lambda s: pol(*s))
context_values = st.text(max_size=10) | st.lists(st.text(max_size=10), max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    valid_policies,
    st.text(max_size=12),
    st.none() | st.text(max_size=40),
    st.sampled_from(["*", USER, ""]),
    st.none() | st.dictionaries(st.sampled_from(["aws:SourceIp", "s3:prefix", "x"]), context_values),
)
def test_is_allowed_never_raises(
    policy: Policy, bucket: str, key: str | None, principal: str, context: dict[str, Any] | None
) -> None:
    conditional = Policy(
        policy.version,
        tuple(
            Statement(
                s.effect,
                s.principals,
                s.not_principal,
                s.actions,
                s.not_actions,
                s.resources,
                s.not_resources,
                (
                    Condition("IpAddress", "aws:SourceIp", ("10.0.0.0/8",)),
                    Condition("StringNotLike", "s3:prefix", ("a*",)),
                ),
            )
            for s in policy.statements
        ),
    )
    for p in (policy, conditional):
        for action in ("s3:GetObject", "s3:ListBucket", "S3:PUTOBJECT"):
            result = p.is_allowed(action, bucket, key, principal=principal, context=context)
            assert isinstance(result, bool)
        p.anonymous_rules(bucket)


@settings(max_examples=150, deadline=None)
@given(valid_policies, st.randoms(use_true_random=False))
def test_equivalence_survives_reordering_and_reformatting(policy: Policy, rnd: Any) -> None:
    doc = json.loads(policy.to_json())
    rnd.shuffle(doc["Statement"])
    for s in doc["Statement"]:
        for key in ("Action", "Resource"):
            rnd.shuffle(s[key])
            if len(s[key]) == 1 and rnd.random() < 0.5:
                s[key] = s[key][0]
    other = parse_policy(json.dumps(doc))
    assert policies_equivalent(policy, other)
    assert other.to_json() == policy.to_json()
    assert drift(policy, other, "b", [MATERIALS, THUMBS]) == []
