"""The bucket policies the schema implies, and the keys that probe a live policy for drift. No Qt here.

From the table's public keys (:attr:`~ensure_browser.core.schema.table.BucketSpec.public_read`):
:func:`expected_bucket_policy`, :func:`public_read_policy` and :func:`authenticated_access_policy`
give the policies as JSON text, :func:`expected_public` whether anyone may read a key without
signing in, and :func:`probe_keys` the keys whose anonymous readability tells whether the live
policy drifted from the schema (:meth:`ProbeKey.check`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ensure_browser.core.schema.classify import all_kinds, compiled, key_for
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.table import BUCKETS, DEFAULT_NAMES, BucketNames, BucketSpec, role_of
from ensure_browser.core.severity import Severity
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = [
    "PROBE_ID",
    "ProbeKey",
    "authenticated_access_policy",
    "expected_bucket_policy",
    "expected_public",
    "probe_keys",
    "public_read_policy",
]


def _bucket_spec(role: str) -> BucketSpec:
    for b in BUCKETS:
        if b.role == role:
            return b
    raise ValueError(f"Unknown bucket role {role!r}.")


def expected_bucket_policy(role: str, names: BucketNames | None = None) -> str | None:
    """The bucket policy the schema expects on ``role``'s bucket as JSON text, or None when nothing
    in that bucket is public (no anonymous-access policy at all)."""
    spec = _bucket_spec(role)
    if not spec.public_read:
        return None
    bucket = (names or DEFAULT_NAMES).name_for(role)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{glob}" for glob in spec.public_read],
            }
        ],
    }
    return json.dumps(policy, indent=4)


def public_read_policy(names: BucketNames | None = None) -> str:
    """The schema's "Public Read (for thumbnails)" policy for the configured documents bucket."""
    policy = expected_bucket_policy("documents", names)
    assert policy is not None  # the table makes thumbnails public
    return policy


def authenticated_access_policy(names: BucketNames | None = None, user: str = "ensure-study") -> str:
    """The schema's "Authenticated Access (default)" policy: ``user`` may do anything in the buckets.

    With the schema's bucket names the resource is the schema's ``ensure-study-*`` wildcard;
    with other names it lists each configured bucket.
    """
    all_names = (names or DEFAULT_NAMES).all()
    if all(n.startswith("ensure-study-") for n in all_names):
        resources = ["arn:aws:s3:::ensure-study-*/*"]
    else:
        resources = [f"arn:aws:s3:::{n}/*" for n in dict.fromkeys(all_names)]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam:::user/{user}"]},
                "Action": ["s3:*"],
                "Resource": resources,
            }
        ],
    }
    return json.dumps(policy, indent=4)


def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in glob.split("*")), re.DOTALL)


def expected_public(bucket: str, key: str, names: BucketNames | None = None) -> bool | None:
    """Whether the schema's policies let anyone read ``key`` without signing in; None for a bucket
    that is not one of the four. Note the schema's glob ``*/thumbnails/*`` also covers e.g.
    ``temp/u/thumbnails/x``."""
    role = role_of(bucket, names)
    if role is None:
        return None
    return any(_glob_regex(g).fullmatch(key) for g in _bucket_spec(role).public_read)


PROBE_ID = "ensure-browser-probe"


@dataclass(frozen=True)
class ProbeKey:
    """A key to request anonymously to see whether a bucket's live policy matches the schema.

    The object need not exist: a private key answers 403 to an anonymous request, a public one 200
    or 404. ``severity`` applies when the live exposure differs from ``expect_public``.
    """

    role: str
    bucket: str
    key: str
    kind: str
    label: str
    expect_public: bool
    severity: Severity

    def check(self, public: bool) -> Flag | None:
        """The drift flag for the observed exposure (``public``: anonymous read allowed), or None."""
        if public == self.expect_public:
            return None
        if public:
            return Flag("unexpected_public", self.severity,
                        Text(QT_TR_NOOP("{0} keys in {1} can be read by anyone without signing in."), self.label,
                             self.bucket),
                        self.bucket, self.key)
        return Flag("unexpected_private", self.severity,
                    Text(QT_TR_NOOP("{0} keys in {1} should be publicly readable but are not."), self.label,
                         self.bucket),
                    self.bucket, self.key)


def probe_keys(names: BucketNames | None = None) -> list[ProbeKey]:
    """One probe key per probed kind of the table, with placeholder ids, in table order."""
    out = []
    for kind in all_kinds():
        c = compiled(kind)
        if c.spec.probe is None:
            continue
        ids: dict[str, object] = {n: (1 if typ is int else PROBE_ID) for n, typ in c.ids}
        if c.spec.is_tail:
            ids["path"] = PROBE_ID
        bucket, key = key_for(kind, names, **ids)
        public = bool(expected_public(bucket, key, names))
        out.append(ProbeKey(c.role, bucket, key, kind, c.spec.label, public, c.spec.probe))
    return out
