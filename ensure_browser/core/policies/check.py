"""Bucket policies against the schema and against people: drift reports, applying the expected
policy, and "who can access this key".

Built on the policy engine (:mod:`ensure_browser.core.policies.engine`) and the schema table
(:mod:`ensure_browser.core.schema.layout`); used by the Policies panel and by ``ensure-browser policy check``.
Everything compares policies by meaning (servers normalise the JSON they return). Nothing here
imports Qt; the functions that talk to the server block, so run them in a worker.
"""

from __future__ import annotations

import difflib
import enum
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ensure_browser.core.errors import AccessDenied, NoSuchBucket, NotSupported, StorageError
from ensure_browser.core.policies.compare import Finding, Probe, drift, policies_equivalent
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import DENY, PolicyError, Risk, resource_arn
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.policies.reachability import AnonymousAnswer, AnonymousProbe
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.policies import PROBE_ID, ProbeKey, expected_bucket_policy, probe_keys
from ensure_browser.core.schema.table import BUCKETS, BucketNames
from ensure_browser.core.severity import Severity, rank
from ensure_browser.core.severity import worst as worst_of
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

__all__ = [
    "ANONYMOUS",
    "OPERATIONS",
    "UNSEEN",
    "AccessAnswer",
    "ApplyResult",
    "BucketReport",
    "LiveCheck",
    "PolicyChangedMeanwhile",
    "PolicyNotChanged",
    "SeenText",
    "apply_expected_policy",
    "check_all",
    "check_bucket",
    "drift_probes",
    "exit_status",
    "is_public",
    "parse_optional",
    "policy_diff",
    "principal_arn",
    "probe_live",
    "schema_example_keys",
    "schema_risks",
    "user_arn",
    "who_can",
]

ANONYMOUS: Final = "*"

#: The operations of the "who can access this" question: (name, action).
OPERATIONS: Final[tuple[tuple[str, str], ...]] = (
    ("read", "s3:GetObject"),
    ("write", "s3:PutObject"),
    ("list", "s3:ListBucket"),
    ("delete", "s3:DeleteObject"),
)


# -- parsing --------------------------------------------------------------------------------------------


def parse_optional(text: str | None) -> Policy | None:
    """``None`` for no policy, else the parsed policy (raises :class:`PolicyError`)."""
    return None if text is None else parse_policy(text)


def _canonical(policy: Policy | None) -> str:
    return "(no bucket policy)\n" if policy is None else policy.to_json() + "\n"


def policy_diff(live: Policy | None, expected: Policy | None, bucket: str = "") -> str:
    """A unified diff from the live policy to the expected one, both in canonical JSON.

    Canonical JSON (sorted statements, lists and principals) keeps the diff about meaning, not about
    how a server happened to format or order the text. Empty when both are textually equal.
    """
    name = f"{bucket} " if bucket else ""
    return "".join(
        difflib.unified_diff(
            _canonical(live).splitlines(keepends=True),
            _canonical(expected).splitlines(keepends=True),
            fromfile=f"{name}live policy",
            tofile=f"{name}expected policy (schema)",
        )
    )


# -- drift ----------------------------------------------------------------------------------------------


def _probe_keys_of(bucket: str, names: BucketNames) -> list[ProbeKey]:
    return [p for p in probe_keys(names) if p.bucket == bucket]


def drift_probes(bucket: str, names: BucketNames) -> list[Probe]:
    """The schema's probe keys of ``bucket`` as anonymous GetObject requests for :func:`drift`.

    A thumbnail (expected public) that is denied gives its severity (warning); a material or
    recording (expected private) that is granted gives its severity (critical).
    """
    return [
        Probe(f"{p.label} keys", "s3:GetObject", p.key, p.severity, p.severity)
        for p in _probe_keys_of(bucket, names)
    ]


@dataclass(frozen=True)
class LiveCheck:
    """One schema probe key asked anonymously of the server: what it answered, and the drift it shows."""

    probe: ProbeKey
    answer: AnonymousAnswer
    severity: Severity | None  # None: the server behaves as the schema expects (or could not tell)
    message: str


@dataclass(frozen=True)
class BucketReport:
    """The policy state of one bucket of the schema.

    ``status`` is ``ok`` (means what the schema says), ``drift`` (findings), ``missing`` (no such
    bucket), ``unsupported`` (the server has no bucket policies: ``unsupported`` says so) or
    ``error`` (the policy could not be read or understood: ``error`` says why).
    """

    bucket: str
    role: str | None
    exists: bool = True
    live_text: str | None = None
    live: Policy | None = None
    expected: Policy | None = None
    findings: tuple[Finding, ...] = ()
    live_checks: tuple[LiveCheck, ...] = ()
    error: str = ""
    unsupported: str = ""

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if not self.exists:
            return "missing"
        if self.unsupported:
            return "unsupported"
        if self.findings or any(c.severity for c in self.live_checks):
            return "drift"
        return "ok"

    @property
    def severities(self) -> list[Severity]:
        found = [f.severity for f in self.findings] + [c.severity for c in self.live_checks if c.severity]
        return sorted(found, key=rank)

    @property
    def worst(self) -> str | None:
        return worst_of(self.severities)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: rank(f.severity))

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "role": self.role,
            "status": self.status,
            "error": self.error or None,
            "unsupported": self.unsupported or None,
            "findings": [
                {"severity": f.severity, "direction": f.direction, "message": f.message,
                 "key": f.probe.key if f.probe else None}
                for f in self.sorted_findings()
            ],
            "live_checks": [
                {"key": c.probe.key, "kind": c.probe.kind, "expect_public": c.probe.expect_public,
                 "request": c.answer.request, "status": c.answer.status, "verdict": c.answer.verdict,
                 "severity": c.severity, "message": c.message}
                for c in self.live_checks
            ],
            "live_policy": None if self.live is None else self.live.to_json(indent=None),
            "expected_policy": None if self.expected is None else self.expected.to_json(indent=None),
        }


def probe_live(anonymous: AnonymousProbe, bucket: str, names: BucketNames) -> list[LiveCheck]:
    """Ask the server anonymously for each schema probe key of ``bucket`` (HEAD; the keys need not exist)."""
    out: list[LiveCheck] = []
    for pk in _probe_keys_of(bucket, names):
        answer = anonymous.head_object(pk.bucket, pk.key)
        if answer.allowed is None:
            out.append(LiveCheck(pk, answer, None, f"{pk.label}: the server's answer says nothing about "
                                                   f"access ({answer.summary()})."))
            continue
        flag = pk.check(answer.allowed)
        if flag is None:
            state = "readable by anyone" if answer.allowed else "not readable anonymously"
            out.append(LiveCheck(pk, answer, None, f"{pk.label}: {state}, as the schema expects."))
        else:
            out.append(LiveCheck(pk, answer, flag.severity, f"{flag.message} (server: {answer.summary()})"))
    return out


def check_bucket(storage: Storage, bucket: str, names: BucketNames,
                 anonymous: AnonymousProbe | None = None) -> BucketReport:
    """Read ``bucket``'s live policy and compare it with the schema's (and, with ``anonymous``, ask
    the server about each probe key). Connection-level failures raise; a bucket-level problem
    (missing bucket, policy not readable) is reported in the result."""
    role = names.role_of(bucket)
    expected_text = expected_bucket_policy(role, names) if role else None
    expected = parse_optional(expected_text)
    try:
        live_text = storage.get_bucket_policy(bucket)
    except NoSuchBucket:
        return BucketReport(bucket, role, exists=False, expected=expected)
    except AccessDenied as err:
        return BucketReport(bucket, role, expected=expected,
                            error=f"The policy of {bucket} cannot be read: {err.message}")
    except NotSupported as err:  # what anyone can read is then the server's own affair: ask it (probe)
        checks = tuple(probe_live(anonymous, bucket, names)) if anonymous is not None else ()
        return BucketReport(bucket, role, expected=expected, live_checks=checks, unsupported=err.message)
    try:
        live = parse_optional(live_text)
    except PolicyError as err:
        return BucketReport(bucket, role, live_text=live_text, expected=expected,
                            error=f"The live policy of {bucket} is not understood: {err}")
    findings = tuple(drift(expected, live, bucket, drift_probes(bucket, names)))
    checks = tuple(probe_live(anonymous, bucket, names)) if anonymous is not None else ()
    return BucketReport(bucket, role, True, live_text, live, expected, findings, checks)


def check_all(storage: Storage, names: BucketNames, anonymous: AnonymousProbe | None = None) -> list[BucketReport]:
    """:func:`check_bucket` for the four buckets of the schema, in schema order."""
    return [check_bucket(storage, bucket, names, anonymous) for bucket in dict.fromkeys(names.all())]


def exit_status(reports: Iterable[BucketReport]) -> int:
    """1 when any finding is critical, 2 when a bucket could not be checked, else 0."""
    reports = list(reports)
    if any(r.worst == "critical" for r in reports):
        return 1
    if any(r.status == "error" for r in reports):
        return 2
    return 0


# -- applying the expected policy --------------------------------------------------------------------


class PolicyNotChanged(StorageError):
    """Setting a policy failed; ``unchanged`` says whether the live policy was verified unchanged."""

    def __init__(self, message: str, detail: str = "", *, code: str | None = None,
                 unchanged: bool | None = None) -> None:
        super().__init__(message, detail, code=code)
        self.unchanged = unchanged


class PolicyChangedMeanwhile(PolicyNotChanged):
    """The live policy no longer means what the user saw (in a diff, in the editor): nothing was written.

    ``live`` is the policy read now (``None``: no policy, or ``understood`` is False), ``live_text`` its text.
    """

    def __init__(self, bucket: str, live_text: str | None, live: Policy | None, understood: bool) -> None:
        super().__init__(f"The policy of {bucket} was changed by someone else since it was shown; nothing was "
                         "written. Look at the difference again.", f"live now: {live_text}",
                         code="PolicyChanged", unchanged=True)
        self.bucket, self.live_text, self.live, self.understood = bucket, live_text, live, understood


class _Unset(enum.Enum):
    UNSEEN = "unseen"


#: ``seen`` when the caller showed no policy it expects to replace (no re-check before writing).
UNSEEN: Final = _Unset.UNSEEN


@dataclass(frozen=True)
class SeenText:
    """``seen`` for a live policy that was shown only as text (the parser did not understand it): the
    re-check then asks for exactly this text, since its meaning cannot be compared."""

    text: str


@dataclass(frozen=True)
class ApplyResult:
    bucket: str
    before: Policy | None
    after: Policy | None
    changed: bool


def _read(storage: Storage, bucket: str) -> Policy | None:
    return parse_optional(storage.get_bucket_policy(bucket))


def set_policy_verified(storage: Storage, bucket: str, policy_text: str | None,
                        seen: Policy | SeenText | _Unset | None = UNSEEN) -> ApplyResult:
    """Set (or, for ``None``, delete) ``bucket``'s policy and read it back to verify it means the same.

    ``seen`` is the live policy the user saw when deciding (``None``: no policy): the live policy is
    read right before writing and, when it no longer means the same (for a :class:`SeenText`: is no
    longer that very text), nothing is written and :class:`PolicyChangedMeanwhile` says what it is now.
    (S3 has no conditional policy write: a change between that read and the write is not caught.)
    On failure raises :class:`PolicyNotChanged` saying why; the live policy is read again to tell
    whether it is unchanged (``AccessDenied`` for an identity that may not change policies).
    """
    wanted = parse_optional(policy_text)
    before_text = storage.get_bucket_policy(bucket)
    try:
        before: Policy | None = parse_optional(before_text)
        understood = True
    except PolicyError:
        before, understood = None, False
    if isinstance(seen, SeenText):
        changed = before_text != seen.text
    else:
        changed = seen is not UNSEEN and (not understood or not policies_equivalent(before, seen))
    if changed:
        log.info("the policy of %s changed since it was shown; not written", bucket)
        raise PolicyChangedMeanwhile(bucket, before_text, before, understood)
    try:
        if policy_text is None:
            storage.delete_bucket_policy(bucket)
        else:
            storage.set_bucket_policy(bucket, policy_text)
    except StorageError as err:
        unchanged: bool | None
        try:
            unchanged = storage.get_bucket_policy(bucket) == before_text
        except StorageError:
            unchanged = None
        if isinstance(err, AccessDenied):
            access_key = storage.settings.access_key
            message = f"The access key '{access_key}' may not change bucket policies on {bucket}."
        else:
            message = f"The policy of {bucket} could not be set: {err.message}"
        if unchanged:
            message += " Nothing was changed."
        elif unchanged is None:
            message += " Whether the live policy changed could not be verified."
        log.info("setting the policy of %s failed: %s (%s)", bucket, err.message, err.detail)
        raise PolicyNotChanged(message, err.detail, code=err.code, unchanged=unchanged) from err
    after = _read(storage, bucket)
    if not policies_equivalent(after, wanted):
        raise PolicyNotChanged(
            f"The server accepted the policy of {bucket} but reads back a policy that means something "
            "else; check it in the Policies panel.",
            f"wanted {_canonical(wanted)} got {_canonical(after)}", unchanged=False,
        )
    log.info("policy of %s set; it was: %s", bucket, before_text)
    return ApplyResult(bucket, before, after, not policies_equivalent(before, after))


def apply_expected_policy(storage: Storage, bucket: str, names: BucketNames,
                          seen: Policy | _Unset | None = UNSEEN) -> ApplyResult:
    """Make ``bucket``'s live policy the schema's (delete it where the schema expects none), only while
    the live policy still means ``seen`` (the one the diff showed; see :func:`set_policy_verified`)."""
    role = names.role_of(bucket)
    if role is None:
        raise ValueError(f"{bucket} is not one of the schema's buckets.")
    return set_policy_verified(storage, bucket, expected_bucket_policy(role, names), seen)


# -- who can access -----------------------------------------------------------------------------------


def user_arn(name: str) -> str:
    """The principal of a user as bucket policies name it (MinIO form, no account id)."""
    return f"arn:aws:iam:::user/{name}"


def principal_arn(text: str) -> str:
    """A principal typed by a person: ``*`` / ``anonymous`` / empty, an ARN, or a bare user name."""
    text = text.strip()
    if text in ("", "*", "anonymous"):
        return ANONYMOUS
    return text if text.startswith("arn:") else user_arn(text)


def list_prefix(target: str) -> str:
    """The prefix whose listing a target is in: the prefix itself, or the key's folder."""
    if target == "" or target.endswith("/"):
        return target
    head, slash, _ = target.rpartition("/")
    return head + slash


def object_key_for(target: str, sample_key: str | None = None) -> str:
    """The key asked about for object actions: the target key, a sample key found under the prefix,
    or a made-up name directly under the prefix (standing for a new object there)."""
    if target and not target.endswith("/"):
        return target
    return sample_key or f"{target}{PROBE_ID}"


def is_public(policy: Policy | None, bucket: str, key: str, *, folder: bool = False) -> bool:
    """Whether ``policy`` lets anyone on the internet download ``bucket/key`` without signing in.

    The one "is this object public" question of the trees' badges and the preview's links. For a
    ``folder`` (``key`` a prefix, ``""`` for the bucket) it asks about a new object directly in it.
    """
    if policy is None:
        return False
    return policy.is_allowed("s3:GetObject", bucket, f"{key}{PROBE_ID}" if folder else key, ANONYMOUS)


@dataclass(frozen=True)
class AccessAnswer:
    """Whether ``principal`` may do ``operation`` according to the bucket policy alone.

    ``decision`` is ``allow`` (an Allow statement matches and no Deny), ``deny`` (an explicit Deny
    matches) or ``none`` (no statement matches: anonymous requests are denied, users fall back to
    their own IAM permissions). ``because`` explains the matching statements.
    """

    operation: str
    action: str
    bucket: str
    key: str | None
    principal: str
    allowed: bool
    decision: str
    because: tuple[str, ...] = field(default=())
    context: tuple[tuple[str, str], ...] = ()

    @property
    def resource(self) -> str:
        return resource_arn(self.bucket, self.key)

    def sentence(self) -> str:
        """Plain language, e.g. "Allowed by the bucket policy: Anyone on the internet can download ..."."""
        if self.decision == "deny":
            return "Denied by an explicit Deny: " + " ".join(self.because)
        if self.decision == "allow":
            return "Allowed by the bucket policy: " + " ".join(self.because)
        if self.principal == ANONYMOUS:
            return "Denied: no statement grants it to anonymous users (default deny)."
        return "Not granted by the bucket policy; the user's own permissions on the server decide."


def who_can(policy: Policy | None, bucket: str, target: str, principal: str,
            sample_key: str | None = None) -> list[AccessAnswer]:
    """Read, write, list and delete answers for ``principal`` on ``target`` (a key, a prefix ending
    in ``/``, or ``""`` for the whole bucket), evaluated with :meth:`Policy.is_allowed`.

    Object actions are asked about :func:`object_key_for` (``sample_key`` for prefixes); ``list``
    is ``s3:ListBucket`` on the bucket with the ``s3:prefix`` of :func:`list_prefix`.
    """
    prefix = list_prefix(target)
    key = object_key_for(target, sample_key)
    out: list[AccessAnswer] = []
    for operation, action in OPERATIONS:
        is_list = operation == "list"
        req_key = None if is_list else key
        ctx = {"s3:prefix": prefix} if is_list else {}
        allowed = policy is not None and policy.is_allowed(action, bucket, req_key, principal, ctx)
        matching = _matching(policy, action, bucket, req_key, principal, ctx)
        decision = "deny" if any(st.effect == DENY for st in matching) else ("allow" if allowed else "none")
        if decision == "deny":
            matching = [st for st in matching if st.effect == DENY]
        because = tuple(dict.fromkeys(_explain(policy, matching)))
        out.append(AccessAnswer(operation, action, bucket, req_key, principal, allowed, decision, because,
                                tuple(ctx.items())))
    return out


def _matching(policy: Policy | None, action: str, bucket: str, key: str | None, principal: str,
              ctx: dict[str, str]) -> list[Any]:
    if policy is None:
        return []
    lowered = {k.lower(): [v] for k, v in ctx.items()}
    resource = resource_arn(bucket, key)
    return [st for st in policy.statements if st.matches(action, resource, principal, lowered)]


def _explain(policy: Policy | None, statements: Sequence[Any]) -> list[str]:
    if policy is None or not statements:
        return []
    sentences = policy.explain()
    return [sentences[policy.statements.index(st)] for st in statements]


# -- statements against the schema -----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(int|str))?\}")


def schema_example_keys(role: str) -> list[str]:
    """One example key per key pattern of ``role``'s bucket (ids filled with placeholders)."""
    out: list[str] = []
    for spec in BUCKETS:
        if spec.role != role:
            continue
        for pattern in spec.patterns:
            key = _PLACEHOLDER.sub(lambda m: "1" if m.group(2) == "int" else PROBE_ID, pattern.template)
            out.append(key.replace("**", PROBE_ID))
    return out


def schema_risks(policy: Policy, bucket: str, names: BucketNames) -> list[Risk]:
    """Warnings for statements that match no key of the schema in ``bucket`` (nor the bucket itself):
    they are typos, leftovers or grants meant for another bucket. Empty for buckets outside the schema."""
    role = names.role_of(bucket)
    if role is None:
        return []
    resources = [resource_arn(bucket)] + [resource_arn(bucket, k) for k in schema_example_keys(role)]
    sentences = policy.explain()
    return [
        Risk("warning", Text(QT_TR_NOOP("Statement {0} matches nothing in the schema's {1}: {2}"), i, bucket,
                             sentences[i - 1]))
        for i, st in enumerate(policy.statements, 1)
        if not any(st.applies_to_resource(r) for r in resources)
    ]
