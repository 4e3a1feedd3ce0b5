"""User policies over MinIO's admin API.

No MinIO server is available here (the test server is SeaweedFS, which has no admin API), so the
MinIO side is a FAKE: a small HTTP server on loopback that answers the admin requests minio-py's
``MinioAdmin`` sends (list-users, user-info, group, info-canned-policy) with bodies in the
shape MinIO sends them (madmin-go's user map and UserInfo JSON; list-users encrypted with the
caller's secret key, as MinIO does). The "not available" path runs against the real SeaweedFS.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from minio.crypto import encrypt

from ensure_browser.core.errors import AccessDenied, ConnectionRefused
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
from tests.support.servers import S3Server

ADMIN_KEY, ADMIN_SECRET = "minioadmin", "minioadmin123"
LIMITED_KEY = "support"

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


class FakeMinioAdmin(BaseHTTPRequestHandler):
    """Answers /minio/admin/v3/* like MinIO; ``users`` / ``groups`` / ``policies`` set the state."""

    users: ClassVar[dict[str, dict[str, object]]] = {}
    groups: ClassVar[dict[str, dict[str, object]]] = {}
    policies: ClassVar[dict[str, dict[str, object]]] = {}
    requests: ClassVar[list[str]] = []
    # command -> (state table, query parameter, MinIO error code and message when absent)
    LOOKUPS: ClassVar[dict[str, tuple[str, str, str, str]]] = {
        "user-info": ("users", "accessKey", "XMinioAdminNoSuchUser", "The specified user does not exist"),
        "group": ("groups", "group", "XMinioAdminNoSuchGroup", "The specified group does not exist"),
        "info-canned-policy": ("policies", "name", "XMinioAdminNoSuchPolicy", "The canned policy does not exist"),
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        # MinIO's admin API reports errors as JSON (not the S3 XML document)
        doc = {"Code": code, "Message": message, "Resource": urlsplit(self.path).path, "RequestId": "17F0"}
        self._send(status, json.dumps(doc).encode())

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.requests.append(url.path.rsplit("/", 1)[-1])
        auth = self.headers.get("Authorization", "")
        if f"Credential={ADMIN_KEY}/" not in auth:
            self._error(403, "AccessDenied", "Access Denied.")
            return
        command = url.path.removeprefix("/minio/admin/v3/")
        if command == "list-users":
            plain = json.dumps(self.users).encode()
            self._send(200, encrypt(plain, ADMIN_SECRET), "application/octet-stream")
        elif command in self.LOOKUPS:
            table, param, code, message = self.LOOKUPS[command]
            found = getattr(self, table).get(query.get(param, ""))
            if found is None:
                self._error(404, code, message)
            else:
                self._send(200, json.dumps(found).encode())
        else:
            self._error(400, "XMinioAdminNotImplemented", "unknown admin command")


@pytest.fixture
def fake_minio() -> Iterator[str]:
    FakeMinioAdmin.users = {
        "ensure-study": {"policyName": "ensure-study-rw", "status": "enabled", "memberOf": ["apps"],
                         "updatedAt": "2024-05-01T10:00:00Z"},
        "grader": {"policyName": "readonly-docs", "status": "enabled"},
        "ops": {"policyName": "readwrite,diagnostics", "status": "disabled"},
    }
    FakeMinioAdmin.groups = {"apps": {"name": "apps", "status": "enabled", "members": ["ensure-study"],
                                      "policy": "diagnostics"}}
    FakeMinioAdmin.policies = {"ensure-study-rw": SCHEMA_RW, "readwrite": READWRITE,
                               "readonly-docs": READONLY_DOCS, "diagnostics": DIAGNOSTICS}
    FakeMinioAdmin.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeMinioAdmin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


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


def test_schema_user_policy_matches_by_meaning(fake_minio: str) -> None:
    FakeMinioAdmin.users["ensure-study"] = {"policyName": "ensure-study-rw", "status": "enabled"}
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "ok", check.message
    assert "ensure-study-rw" in check.message and len(check.users) == 3


def test_a_group_policy_counts(fake_minio: str) -> None:
    """ensure-study's group adds admin rights: the user's effective policies no longer match the schema."""
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "differs"
    assert "(ensure-study-rw, diagnostics) differ in meaning" in check.message


def test_a_broader_policy_differs(fake_minio: str) -> None:
    FakeMinioAdmin.users["ensure-study"] = {"policyName": "readwrite", "status": "enabled"}
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert check.status == "differs" and "readwrite" in check.message
    assert check.live is not None and check.live.as_policy() is not None


def test_missing_user(fake_minio: str) -> None:
    del FakeMinioAdmin.users["ensure-study"]
    check = check_user_policy(_client(fake_minio), BucketNames())
    assert (check.status, check.message) == ("missing", "The server has no user named ensure-study.")


def test_a_key_without_admin_rights_gets_access_denied(fake_minio: str) -> None:
    client = _client(fake_minio, LIMITED_KEY, "secret")
    with pytest.raises(AccessDenied, match=f"'{LIMITED_KEY}' may not use the admin API to list the users"):
        client.list_users()


def test_a_missing_policy_document_is_reported(fake_minio: str) -> None:
    FakeMinioAdmin.users["grader"] = {"policyName": "gone", "status": "enabled"}
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
