"""Bucket policies on a real server: the engine's verdict against what unsigned requests really get,
drift from the schema, applying the expected policy, and ``ensure-browser policy check``.

The server is SeaweedFS (``weed mini``), the stand-in for MinIO. Where it departs from the policy
semantics the engine implements (AWS/MinIO), the table says so explicitly in ``SEAWEED_DEPARTS`` and
the test asserts what the server does instead, so a change in either shows up.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.cli import main as app
from ensure_browser.core.errors import TlsFailure
from ensure_browser.core.policies.check import (
    PolicyChangedMeanwhile,
    PolicyNotChanged,
    SeenText,
    apply_expected_policy,
    check_bucket,
    is_public,
    policy_diff,
    set_policy_verified,
    who_can,
)
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.policies.reachability import AnonymousProbe
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.policies import expected_bucket_policy, probe_keys
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import SeaweedServer
from tests.support.servers import S3Server, running_server

LOOPBACK = {"aws:SourceIp": "127.0.0.1"}


def _policy(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(actions: list[str], resources: list[str], principal: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": "Allow", "Principal": principal, "Action": actions, "Resource": resources, **extra}


def _policies(b: str) -> dict[str, str]:
    arn = f"arn:aws:s3:::{b}"
    return {
        # the schema's "Public Read (for thumbnails)" shape
        "schema": _policy(_allow(["s3:GetObject"], [f"{arn}/*/thumbnails/*"])),
        # everything readable and listable, but an explicit Deny wins for private/
        "deny-over-allow": _policy(
            _allow(["s3:GetObject", "s3:ListBucket"], [f"{arn}/*", arn]),
            {"Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject"], "Resource": [f"{arn}/private/*"]},
        ),
        # anonymous uploads into inbox/ only (and downloads of c/thumbnails/*)
        "prefix-upload": _policy(
            _allow(["s3:PutObject"], [f"{arn}/inbox/*"]),
            _allow(["s3:GetObject"], [f"{arn}/c/thumbnails/*"]),
        ),
        # listing limited to one prefix by an s3:prefix condition
        "list-prefix-condition": _policy(
            _allow(["s3:ListBucket"], [arn], Condition={"StringLike": {"s3:prefix": ["c/*"]}}),
        ),
        # c/ readable from loopback (the test client); private/ only from 10.0.0.0/8 (not us)
        "ip-condition": _policy(
            _allow(["s3:GetObject"], [f"{arn}/c/*"], Condition={"IpAddress": {"aws:SourceIp": ["127.0.0.0/8"]}}),
            _allow(["s3:GetObject"], [f"{arn}/private/*"],
                   Condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}),
        ),
        # Principal {"AWS": ["*"]} means everyone, like "*"
        "aws-star-principal": _policy(_allow(["s3:GetObject"], [f"{arn}/c/*"], principal={"AWS": ["*"]})),
        # NotResource: everything except private/
        "not-resource": _policy(
            {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "NotResource": [f"{arn}/private/*"]},
        ),
        # wildcards in actions and '?' in resources
        "wildcards": _policy(_allow(["s3:Get*"], [f"{arn}/c/thumbnails/?.png"])),
        # s3:* on the bucket: a "public everything" policy
        "s3-star": _policy(_allow(["s3:*"], [f"{arn}/*", arn])),
    }


# (method, key or prefix): GET/HEAD/PUT/DELETE on keys, LIST on prefixes.
REQUESTS: list[tuple[str, str]] = [
    ("HEAD", "c/thumbnails/a.png"),
    ("GET", "c/thumbnails/a.png"),
    ("HEAD", "c/thumbnails/missing.png"),
    ("GET", "c/materials/a.pdf"),
    ("GET", "private/secret.txt"),
    ("GET", "inbox/existing.txt"),
    ("LIST", "c/"),
    ("LIST", "private/"),
    ("LIST", ""),
    ("PUT", "inbox/new.txt"),
    ("PUT", "c/materials/new.pdf"),
    ("DELETE", "inbox/existing.txt"),
]
ACTIONS = {"HEAD": "s3:GetObject", "GET": "s3:GetObject", "PUT": "s3:PutObject", "DELETE": "s3:DeleteObject",
           "LIST": "s3:ListBucket"}
OBJECTS = ["c/thumbnails/a.png", "c/materials/a.pdf", "private/secret.txt", "inbox/existing.txt"]

# Where SeaweedFS 4.48 departs from the semantics: (policy, method) -> what the server does instead.
SEAWEED_DEPARTS = {
    # SeaweedFS never lets an anonymous request write or delete, whatever the bucket policy allows
    # (measured: PutObject on inbox/*, s3:* on the bucket -> 403 AccessDenied).
    ("prefix-upload", "PUT"): "SeaweedFS refuses anonymous PutObject although the policy allows it",
    ("s3-star", "PUT"): "SeaweedFS refuses anonymous PutObject although the policy allows it",
    ("s3-star", "DELETE"): "SeaweedFS refuses anonymous DeleteObject although the policy allows it",
}


def _ask(probe: AnonymousProbe, bucket: str, method: str, target: str) -> bool | None:
    if method == "HEAD":
        return probe.head_object(bucket, target).allowed
    if method == "GET":
        return probe.get_object(bucket, target).allowed
    if method == "LIST":
        return probe.list_objects(bucket, target).allowed
    if method == "PUT":
        return probe.put_object(bucket, target, b"anonymous").allowed
    return probe.delete_object(bucket, target).allowed


def test_engine_verdicts_match_unsigned_requests(s3_server: S3Server, admin_storage: Storage,
                                                 make_bucket: Callable[[str], str]) -> None:
    probe = AnonymousProbe(s3_server.settings())
    mismatches: list[str] = []
    departures_seen: set[tuple[str, str]] = set()
    for name in _policies("x"):
        bucket = make_bucket("pol")
        for obj in OBJECTS:
            admin_storage.upload_bytes(bucket, obj, b"content")
        text = _policies(bucket)[name]
        admin_storage.set_bucket_policy(bucket, text)
        policy = parse_policy(text)
        assert policies_equivalent(parse_policy(admin_storage.get_bucket_policy(bucket) or ""), policy), name
        for method, target in REQUESTS:
            key: str | None = None if method == "LIST" else target
            context: dict[str, str | list[str]] = dict(LOOPBACK)
            if method == "LIST":
                context["s3:prefix"] = target
            expected = policy.is_allowed(ACTIONS[method], bucket, key, principal="*", context=context)
            actual = _ask(probe, bucket, method, target)
            if (name, method) in SEAWEED_DEPARTS and expected:
                # The documented difference: the engine (AWS/MinIO semantics) allows, SeaweedFS refuses.
                assert actual is False, f"{name} {method} {target}: {SEAWEED_DEPARTS[name, method]} - no longer?"
                departures_seen.add((name, method))
                continue
            if actual != expected:
                mismatches.append(f"{name}: {method} {target}: engine {expected}, server {actual}")
    assert mismatches == []
    assert departures_seen == set(SEAWEED_DEPARTS)  # every documented difference was exercised


def test_probe_answers_carry_status_and_message(s3_server: S3Server, admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "c/thumbnails/a.png", b"png")
    admin_storage.upload_bytes(bucket, "listed/one.txt", b"1")
    admin_storage.set_bucket_policy(bucket, _policies(bucket)["schema"])
    probe = AnonymousProbe(s3_server.settings())
    public = probe.head_object(bucket, "c/thumbnails/a.png")
    assert (public.status, public.allowed, public.verdict) == (200, True, "allowed")
    missing = probe.head_object(bucket, "c/thumbnails/none.png")
    assert (missing.status, missing.allowed, missing.code) == (404, True, "NoSuchKey")
    denied = probe.get_object(bucket, "listed/one.txt")
    assert (denied.status, denied.allowed, denied.code) == (403, False, "AccessDenied")
    assert denied.request == f"GET /{bucket}/listed/one.txt" and "Access Denied" in denied.message
    listing = probe.list_objects(bucket, "listed/")
    assert listing.allowed is False and listing.request.startswith(f"GET /{bucket}?list-type=2&prefix=listed%2F")
    no_bucket = probe.head_object(f"nope-{uuid.uuid4().hex[:8]}", "x")
    assert no_bucket.allowed is False  # SeaweedFS (like AWS) refuses before saying the bucket is missing
    # a permitted listing returns the names it saw
    admin_storage.set_bucket_policy(bucket, _policies(bucket)["deny-over-allow"])
    listed = probe.list_objects(bucket, "listed/")
    assert listed.allowed is True and listed.keys == ("listed/one.txt",)


def test_answers_that_say_nothing_about_access() -> None:
    classify = AnonymousProbe.classify
    body = b"<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>"
    missing = classify("GET /b/k", 404, "Not Found", body, is_listing=False)
    assert (missing.allowed, missing.code, missing.verdict) == (None, "NoSuchBucket", "unknown")
    assert "does not exist" in missing.message
    assert classify("GET /b/k", 503, "Slow Down", b"", is_listing=False).allowed is None
    assert classify("GET /b/k", 307, "Redirect", b"", is_listing=False).allowed is None
    empty = classify("GET /b/k", 416, "Range Not Satisfiable", b"", is_listing=False)
    assert empty.allowed is True and "empty" in empty.message


def test_who_can_matches_the_server_for_anonymous(s3_server: S3Server, admin_storage: Storage, bucket: str) -> None:
    text = _policies(bucket)["deny-over-allow"]
    admin_storage.set_bucket_policy(bucket, text)
    admin_storage.upload_bytes(bucket, "private/secret.txt", b"s")
    policy = parse_policy(text)
    answers = {a.operation: a for a in who_can(policy, bucket, "private/secret.txt", "*")}
    assert answers["read"].decision == "deny" and "explicit Deny" in answers["read"].sentence()
    assert answers["list"].allowed and answers["list"].context == (("s3:prefix", "private/"),)
    assert answers["write"].decision == "none" and "default deny" in answers["write"].sentence()
    probe = AnonymousProbe(s3_server.settings())
    assert probe.head_object(bucket, "private/secret.txt").allowed is answers["read"].allowed
    assert probe.list_objects(bucket, "private/").allowed is answers["list"].allowed
    # a named user is not decided by the bucket policy alone when nothing mentions it
    user = {a.operation: a for a in who_can(policy, bucket, "c/x.txt", "arn:aws:iam:::user/ensure-study")}
    assert user["read"].allowed and user["write"].decision == "none"
    assert "own permissions" in user["write"].sentence()


def test_is_public_asks_about_an_anonymous_download() -> None:
    policy = parse_policy(_policy(_allow(["s3:GetObject"], ["arn:aws:s3:::b/*/thumbnails/*"]),
                                  _allow(["s3:GetObject"], ["arn:aws:s3:::b/shared/*"], {"AWS": "arn:aws:iam:::user/u"})))
    assert is_public(policy, "b", "c/thumbnails/t.png")
    assert not is_public(policy, "b", "c/materials/m.pdf")
    assert not is_public(policy, "b", "shared/x")  # granted to a user, not to everyone
    assert not is_public(None, "b", "c/thumbnails/t.png")
    assert is_public(policy, "b", "c/thumbnails/", folder=True)  # a new object in the folder
    assert not is_public(policy, "b", "c/", folder=True)
    assert not is_public(policy, "other", "c/thumbnails/t.png")


def test_tls_settings_and_ca_file_are_honoured(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, ca = tls_s3_server
    with_ca = AnonymousProbe(server.settings(secure=True, ca_file=str(ca)))
    answer = with_ca.list_objects("no-such-bucket-tls")
    assert (answer.status, answer.code) == (403, "AccessDenied")  # SeaweedFS: a missing bucket, anonymously
    without_ca = AnonymousProbe(server.settings(secure=True))
    with pytest.raises(TlsFailure, match="could not be verified"):
        without_ca.list_objects("no-such-bucket-tls")
    unverified = AnonymousProbe(server.settings(secure=True, verify_tls=False))
    assert unverified.list_objects("no-such-bucket-tls").status == answer.status


# -- drift -----------------------------------------------------------------------------------------------


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=make_bucket("docs"), recordings=make_bucket("rec"), ocr=make_bucket("ocr"),
                       mlflow=make_bucket("ml"))


def _set_expected(storage: Storage, names: BucketNames) -> None:
    text = expected_bucket_policy("documents", names)
    assert text is not None
    storage.set_bucket_policy(names.documents, text)


def test_schema_policy_has_no_drift(s3_server: S3Server, admin_storage: Storage, names: BucketNames) -> None:
    _set_expected(admin_storage, names)
    probe = AnonymousProbe(s3_server.settings())
    for bucket in names.all():
        report = check_bucket(admin_storage, bucket, names, probe)
        assert report.status == "ok", (bucket, report.findings, [c.message for c in report.live_checks])
        assert report.findings == ()
    docs = check_bucket(admin_storage, names.documents, names, probe)
    thumb = next(c for c in docs.live_checks if c.probe.kind == "thumbnail")
    assert thumb.answer.allowed and thumb.severity is None  # the server agrees: thumbnails are public


def test_wholly_public_bucket_is_critical(s3_server: S3Server, admin_storage: Storage, names: BucketNames) -> None:
    bucket = names.documents
    admin_storage.set_bucket_policy(bucket, _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{bucket}/*"])))
    report = check_bucket(admin_storage, bucket, names, AnonymousProbe(s3_server.settings()))
    assert report.status == "drift" and report.worst == "critical"
    critical = [f for f in report.findings if f.severity == "critical"]
    assert {f.probe.key.split("/")[-2] for f in critical if f.probe and f.probe.key} == {"materials", "notes"}
    assert all(f.direction == "more open than expected" for f in critical)
    # the server confirms it: an unsigned HEAD of the material probe key is not refused
    live = {c.probe.kind: c for c in report.live_checks}
    assert live["material"].severity == "critical" and live["material"].answer.allowed
    # recordings made public: critical too
    rec = names.recordings
    admin_storage.set_bucket_policy(rec, _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{rec}/*"])))
    rec_report = check_bucket(admin_storage, rec, names)
    assert rec_report.worst == "critical" and len(rec_report.findings) == 4


def test_private_thumbnails_are_a_warning(s3_server: S3Server, admin_storage: Storage, names: BucketNames) -> None:
    admin_storage.delete_bucket_policy(names.documents)
    report = check_bucket(admin_storage, names.documents, names, AnonymousProbe(s3_server.settings()))
    assert [(f.severity, f.direction) for f in report.findings] == [("warning", "less open than expected")]
    assert "Thumbnail" in report.findings[0].message
    assert [c.severity for c in report.live_checks if c.severity] == ["warning"]


def test_apply_expected_policy_with_diff(admin_storage: Storage, names: BucketNames) -> None:
    bucket = names.documents
    public = _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{bucket}/*"]))
    admin_storage.set_bucket_policy(bucket, public)
    expected = parse_policy(expected_bucket_policy("documents", names) or "")
    diff = policy_diff(parse_policy(public), expected, bucket)
    assert f"-        \"arn:aws:s3:::{bucket}/*\"" in diff
    assert f"+        \"arn:aws:s3:::{bucket}/*/thumbnails/*\"" in diff
    result = apply_expected_policy(admin_storage, bucket, names)
    assert result.changed and policies_equivalent(result.after, expected)
    assert check_bucket(admin_storage, bucket, names).status == "ok"
    # a bucket that should have no policy gets its policy removed
    rec = names.recordings
    admin_storage.set_bucket_policy(rec, _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{rec}/*"])))
    assert apply_expected_policy(admin_storage, rec, names).after is None
    assert admin_storage.get_bucket_policy(rec) is None


def test_apply_expected_policy_writes_only_over_the_policy_the_diff_showed(admin_storage: Storage,
                                                                          names: BucketNames) -> None:
    bucket = names.documents
    shown = _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{bucket}/*"]))
    admin_storage.set_bucket_policy(bucket, shown)
    seen = check_bucket(admin_storage, bucket, names).live
    assert seen is not None
    # someone else changes the policy while the diff is on the screen
    meanwhile = _policy(_allow(["s3:GetObject", "s3:ListBucket"], [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]))
    admin_storage.set_bucket_policy(bucket, meanwhile)
    with pytest.raises(PolicyChangedMeanwhile) as info:
        apply_expected_policy(admin_storage, bucket, names, seen)
    assert info.value.unchanged is True and info.value.understood
    assert "changed by someone else since it was shown; nothing was written" in info.value.message
    assert policies_equivalent(info.value.live, parse_policy(meanwhile))
    assert policies_equivalent(parse_policy(admin_storage.get_bucket_policy(bucket) or ""), parse_policy(meanwhile))
    # removed meanwhile: also not what was shown
    admin_storage.delete_bucket_policy(bucket)
    with pytest.raises(PolicyChangedMeanwhile) as gone:
        apply_expected_policy(admin_storage, bucket, names, seen)
    assert gone.value.live is None and gone.value.live_text is None
    assert admin_storage.get_bucket_policy(bucket) is None
    # the same meaning in other words (order, single values) is what was shown: written
    same = json.dumps({"Statement": [{"Resource": f"arn:aws:s3:::{bucket}/*", "Action": "s3:GetObject",
                                      "Principal": {"AWS": ["*"]}, "Effect": "Allow"}], "Version": "2012-10-17"})
    admin_storage.set_bucket_policy(bucket, same)
    result = apply_expected_policy(admin_storage, bucket, names, seen)
    assert result.changed and check_bucket(admin_storage, bucket, names).status == "ok"
    # a bucket expected to have no policy, and none seen: the check passes too
    assert apply_expected_policy(admin_storage, names.recordings, names, None).changed is False


def test_a_policy_seen_only_as_text_is_replaced_only_while_the_text_is_the_same(admin_storage: Storage,
                                                                                 names: BucketNames) -> None:
    bucket = names.recordings
    admin_storage.set_bucket_policy(bucket, _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{bucket}/*"])))
    live_text = admin_storage.get_bucket_policy(bucket)
    assert live_text is not None
    mine = _policy(_allow(["s3:ListBucket"], [f"arn:aws:s3:::{bucket}"]))
    # the same meaning in other words is not the text that was shown: refused, nothing written
    other_words = json.dumps({"Statement": [{"Resource": f"arn:aws:s3:::{bucket}/*", "Action": "s3:GetObject",
                                             "Principal": "*", "Effect": "Allow"}], "Version": "2012-10-17"})
    with pytest.raises(PolicyChangedMeanwhile) as info:
        set_policy_verified(admin_storage, bucket, mine, SeenText(other_words))
    assert info.value.live_text == live_text and info.value.unchanged is True
    assert admin_storage.get_bucket_policy(bucket) == live_text
    # exactly the text shown: written
    assert set_policy_verified(admin_storage, bucket, mine, SeenText(live_text)).changed
    assert policies_equivalent(parse_policy(admin_storage.get_bucket_policy(bucket) or ""), parse_policy(mine))


def test_read_only_identity_cannot_apply_and_nothing_changes(s3_server: S3Server, admin_storage: Storage,
                                                              names: BucketNames) -> None:
    bucket = names.documents
    public = _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{bucket}/*"]))
    admin_storage.set_bucket_policy(bucket, public)
    before = admin_storage.get_bucket_policy(bucket)
    support = s3_server.storage(s3_server.support)
    with pytest.raises(PolicyNotChanged) as info:
        apply_expected_policy(support, bucket, names)
    assert info.value.code == "AccessDenied" and info.value.unchanged is True
    assert f"'{s3_server.support.access_key}' may not change bucket policies" in info.value.message
    assert "Nothing was changed." in info.value.message
    assert admin_storage.get_bucket_policy(bucket) == before


def test_probe_keys_cover_every_schema_bucket() -> None:
    assert {p.role for p in probe_keys(BucketNames())} == {"documents", "recordings", "ocr", "mlflow"}


# -- the command line --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """The CLI uses the schema's default bucket names: give it a server of its own."""
    with running_server("ensure-browser-policy-cli-") as server:
        yield server.server


def test_policy_check_cli_exit_codes(own_server: SeaweedServer, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ensure_browser.core.provision import provision
    from ensure_browser.core.s3.storage import ConnectionSettings

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", own_server.admin.secret_key)
    argv = ["policy", "check", "--endpoint", own_server.endpoint, "--access-key", own_server.admin.access_key]
    names = BucketNames()
    storage = Storage(ConnectionSettings(own_server.endpoint, own_server.admin.access_key,
                                         own_server.admin.secret_key))

    assert app.main(argv) == 0  # no buckets yet: nothing exposed
    assert capsys.readouterr().out.count("MISSING") == 4

    provision(storage, names)
    assert app.main([*argv, "--probe"]) == 0
    out = capsys.readouterr().out
    assert all(f"{b}: OK" in out for b in names.all()), out

    docs = names.documents
    storage.set_bucket_policy(docs, _policy(_allow(["s3:GetObject"], [f"arn:aws:s3:::{docs}/*"])))
    assert app.main(argv) == 1
    out = capsys.readouterr().out
    assert f"{docs}: DRIFT (critical)" in out and "[critical] Material keys" in out

    assert app.main([*argv, "--json", "--probe"]) == 1
    doc = json.loads(capsys.readouterr().out)
    by_bucket = {b["bucket"]: b for b in doc["buckets"]}
    assert doc["exit_status"] == 1 and by_bucket[docs]["status"] == "drift"
    assert {f["severity"] for f in by_bucket[docs]["findings"]} == {"critical", "warning"}  # temp: warning
    assert any(c["severity"] == "critical" and c["verdict"] == "allowed" for c in by_bucket[docs]["live_checks"])

    storage.delete_bucket_policy(docs)  # thumbnails private: a warning only
    assert app.main(argv) == 0
    out = capsys.readouterr().out
    assert f"{docs}: DRIFT (warning)" in out and "[warning] Thumbnail keys" in out

    monkeypatch.setenv("MINIO_ROOT_PASSWORD", "wrong-secret")
    assert app.main(argv) == 2
    assert "secret key" in capsys.readouterr().err


def test_policy_check_needs_a_target(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    for var in ("MINIO_ENDPOINT", "AWS_S3_ENDPOINT"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(SystemExit) as info:
        app.main(["policy", "check"])
    assert info.value.code == 2
    assert "--endpoint" in capsys.readouterr().err

