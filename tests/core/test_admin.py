"""User policies over MinIO's admin API.

No MinIO server is available here (the test server is SeaweedFS, which has no admin API), so the
MinIO side is the FAKE of tests/support/minio_admin.py: a loopback HTTP server that answers the
admin requests minio-py's ``MinioAdmin`` sends with bodies in MinIO's shape and checks each
request's Signature V4 against the secret of its access key. The "not available" path runs against
the real SeaweedFS.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator

import pytest

from ensure_browser.core.errors import AccessDenied, ConnectionRefused, UnknownAccessKey, WrongSecret
from ensure_browser.core.policies.admin import (
    NOT_AVAILABLE,
    AdminUnavailable,
    MinioAdminClient,
    UserInfo,
    UserPolicy,
    check_user_policy,
    identity_policy,
)
from ensure_browser.core.s3.storage import ConnectionSettings
from ensure_browser.core.schema.table import BucketNames
from tests.support.minio_admin import AdminState, MinioAdminFake, signature_error
from tests.support.servers import S3Server

ADMIN_KEY, ADMIN_SECRET = "minioadmin", "minioadmin123"
LIMITED_KEY, LIMITED_SECRET = "support", "support-secret"

SCHEMA_RW: dict[str, object] = {  # what an operator would attach to ensure-study (identity policy: no Principal)
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::ensure-study-*/*"]}],
}
READWRITE: dict[str, object] = {  # MinIO's built-in "readwrite" policy
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::*"]}],
}
DIAGNOSTICS: dict[str, object] = {  # MinIO's built-in "diagnostics" policy (shortened)
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["admin:ServerInfo", "admin:ServerTrace"],
                   "Resource": ["arn:minio:admin:::*"]}],
}
READONLY_DOCS: dict[str, object] = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::ensure-study-*/*"]}],
}


@pytest.fixture
def state() -> AdminState:
    return AdminState(
        secrets={ADMIN_KEY: ADMIN_SECRET, LIMITED_KEY: LIMITED_SECRET},
        admins={ADMIN_KEY},
        users={
            "ensure-study": {"policyName": "ensure-study-rw", "status": "enabled", "memberOf": ["apps"],
                             "updatedAt": "2024-05-01T10:00:00Z"},
            "grader": {"policyName": "readonly-docs", "status": "enabled"},
            "ops": {"policyName": "readwrite,diagnostics", "status": "disabled"},
        },
        groups={"apps": {"name": "apps", "status": "enabled", "members": ["ensure-study"], "policy": "diagnostics"}},
        policies={"ensure-study-rw": SCHEMA_RW, "readwrite": READWRITE, "readonly-docs": READONLY_DOCS,
                  "diagnostics": DIAGNOSTICS},
    )


@pytest.fixture
def fake_minio(state: AdminState) -> Iterator[str]:
    with MinioAdminFake(state) as fake:
        yield fake.endpoint


def _client(endpoint: str, key: str = ADMIN_KEY, secret: str = ADMIN_SECRET) -> MinioAdminClient:
    return MinioAdminClient(ConnectionSettings(endpoint, key, secret))


def test_list_users_and_their_policies(fake_minio: str) -> None:
    client = _client(fake_minio)
    users = client.list_users()
    assert users == [
        UserInfo("ensure-study", "enabled", ("ensure-study-rw",), ("apps",)),
        UserInfo("grader", "enabled", ("readonly-docs",), ()),
        UserInfo("ops", "disabled", ("readwrite", "diagnostics"), ()),
    ]
    policy = client.user_policy("ensure-study")
    assert policy.names == ("ensure-study-rw", "diagnostics")
    assert policy.sources == {"ensure-study-rw": "user", "diagnostics": "group apps"}


def test_schema_user_policy_matches_by_meaning(fake_minio: str, state: AdminState) -> None:
    state.users["ensure-study"] = {"policyName": "ensure-study-rw", "status": "enabled"}
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "ok", check.message
    assert "ensure-study-rw" in check.message and len(check.users) == 3


def test_a_group_policy_counts(fake_minio: str) -> None:
    """ensure-study's group adds admin rights: the user's effective policies no longer match the schema."""
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "differs"
    assert "(ensure-study-rw, diagnostics) differ in meaning" in check.message


def test_a_broader_policy_differs(fake_minio: str, state: AdminState) -> None:
    state.users["ensure-study"] = {"policyName": "readwrite", "status": "enabled"}
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "differs" and "readwrite" in check.message
    assert check.live is not None and check.live.as_policy() is not None


def test_missing_user(fake_minio: str, state: AdminState) -> None:
    del state.users["ensure-study"]
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert (check.status, check.message) == ("missing", "The server has no user named ensure-study.")


def test_a_key_without_admin_rights_gets_access_denied(fake_minio: str, state: AdminState) -> None:
    client = _client(fake_minio, LIMITED_KEY, LIMITED_SECRET)
    with pytest.raises(AccessDenied) as info:
        client.list_users()
    assert info.value.message == f"The access key '{LIMITED_KEY}' may not use the admin API to list the users."
    assert state.requests == ["list-users: AccessDenied"]  # signed right, refused for its rights


def test_a_wrong_secret_is_refused(fake_minio: str, state: AdminState) -> None:
    """The signature made with a wrong secret does not match: MinIO's SignatureDoesNotMatch, said as a
    wrong secret (not as missing admin rights)."""
    with pytest.raises(WrongSecret) as info:
        _client(fake_minio, ADMIN_KEY, "not-the-secret").list_users()
    assert info.value.message == (f"The secret key for access key '{ADMIN_KEY}' is wrong (the server rejected "
                                  "the signature).")
    with pytest.raises(UnknownAccessKey) as unknown:
        _client(fake_minio, "nobody", ADMIN_SECRET).user_policy("grader")
    assert unknown.value.message == f"The server at {fake_minio} does not know the access key 'nobody'."
    assert state.requests == ["list-users: SignatureDoesNotMatch", "user-info: InvalidAccessKeyId"]
    assert _client(fake_minio).user_policy("grader").names == ("readonly-docs",)
    assert state.requests[-2:] == ["user-info", "info-canned-policy"]


AWS_KEY, AWS_SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(("method", "target", "extra", "body", "signature"), [
    ("GET", "/test.txt", {"Range": "bytes=0-9"}, b"",
     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
    ("PUT", "/test%24file.text", {"Date": "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY"},
     b"Welcome to Amazon S3.", "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
    ("GET", "/?lifecycle", {}, b"", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
    ("GET", "/?max-keys=2&prefix=J", {}, b"", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
], ids=["get-object", "put-object", "get-lifecycle", "list-objects"])
def test_the_fakes_signature_check_follows_aws_examples(method: str, target: str, extra: dict[str, str],
                                                        body: bytes, signature: str) -> None:
    """The four signed requests of AWS's "Signature Calculations for the Authorization Header" page
    (us-east-1, 2013-05-24) pass the check; a changed byte of the request, the body or the secret fails it."""
    headers = {"Host": "examplebucket.s3.amazonaws.com", **extra, "x-amz-date": "20130524T000000Z",
               "x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
    signed = ";".join(sorted(k.lower() for k in headers))
    headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={AWS_KEY}/20130524/us-east-1/s3/aws4_request,"
                                f"SignedHeaders={signed},Signature={signature}")
    secrets = {AWS_KEY: AWS_SECRET}
    assert signature_error(method, target, headers, body, secrets) is None
    assert signature_error(method, target + "x", headers, body, secrets) == "SignatureDoesNotMatch"
    assert signature_error(method, target, {**headers, "x-amz-date": "20130524T000001Z"}, body,
                           secrets) == "SignatureDoesNotMatch"
    assert signature_error(method, target, headers, body + b"!", secrets) == "XAmzContentSHA256Mismatch"
    assert signature_error(method, target, headers, body, {AWS_KEY: AWS_SECRET[:-1]}) == "SignatureDoesNotMatch"
    assert signature_error(method, target, headers, body, {"other": AWS_SECRET}) == "InvalidAccessKeyId"
    assert signature_error(method, target, {"Host": "h"}, body, secrets) == "AccessDenied"


def test_a_missing_policy_document_is_reported(fake_minio: str, state: AdminState) -> None:
    state.users["grader"] = {"policyName": "gone", "status": "enabled"}
    with pytest.raises(Exception, match="canned policy does not exist"):
        _client(fake_minio).user_policy("grader")


def test_seaweedfs_has_no_admin_api(s3_server: S3Server) -> None:
    """The real SeaweedFS answers the admin paths like a missing bucket: said plainly, not a crash."""
    client = MinioAdminClient(s3_server.settings())
    with pytest.raises(AdminUnavailable) as info:
        client.list_users()
    assert info.value.message == NOT_AVAILABLE
    check = check_user_policy(client, BucketNames())
    assert (check.status, check.message) == ("unavailable", NOT_AVAILABLE)
    assert check.expected.statements[0].principals == {"arn:aws:iam:::user/ensure-study"}


def test_nothing_listening_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ConnectionRefused):
        _client(f"127.0.0.1:{port}").list_users()


def test_identity_policies_name_the_user() -> None:
    policy = identity_policy("ensure-study", [json.dumps(SCHEMA_RW)])
    assert policy.is_allowed("s3:PutObject", "ensure-study-ocr", "x", "arn:aws:iam:::user/ensure-study")
    assert not policy.is_allowed("s3:GetObject", "ensure-study-ocr", "x")  # not anonymous
    assert UserPolicy("nobody").as_policy() is None
