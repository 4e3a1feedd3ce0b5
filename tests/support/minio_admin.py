"""A FAKE of MinIO's admin API, the one part of the storage the tests cannot run for real.

The test server is SeaweedFS, which has no admin API (``/minio/admin/v3/...``), and no MinIO server
is available here. This small HTTP server on loopback answers what minio-py's ``MinioAdmin`` asks
(list-users, user-info, group, info-canned-policy) with bodies in MinIO's shape (madmin-go's user
map and UserInfo JSON; list-users encrypted with the caller's secret key, as MinIO does).

It authenticates every request as MinIO does, in MinIO's order: the access key must be known
(``InvalidAccessKeyId``), the AWS Signature V4 must be the one its secret gives for the request as
received (``SignatureDoesNotMatch``; recomputed with minio-py's public ``minio.signer.sign_v4_s3``,
which the tests check against AWS's documented examples), the signed payload hash must be the body's
(``XAmzContentSHA256Mismatch``), and only then may the key be one without admin rights
(``AccessDenied``). Errors are MinIO's JSON documents with its status codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from minio.credentials import Credentials
from minio.crypto import encrypt
from minio.signer import sign_v4_s3

ERRORS: dict[str, tuple[int, str]] = {  # MinIO's status and message for each refusal
    "AccessDenied": (403, "Access Denied."),
    "InvalidAccessKeyId": (403, "The Access Key Id you provided does not exist in our records."),
    "SignatureDoesNotMatch": (403, "The request signature we calculated does not match the signature you "
                                   "provided. Check your key and signing method."),
    "XAmzContentSHA256Mismatch": (400, "The provided 'x-amz-content-sha256' header does not match what was "
                                       "computed."),
}
# command -> (state table, query parameter, MinIO error code and message when absent)
LOOKUPS: dict[str, tuple[str, str, str, str]] = {
    "user-info": ("users", "accessKey", "XMinioAdminNoSuchUser", "The specified user does not exist"),
    "group": ("groups", "group", "XMinioAdminNoSuchGroup", "The specified group does not exist"),
    "info-canned-policy": ("policies", "name", "XMinioAdminNoSuchPolicy", "The canned policy does not exist"),
}


def _canonical_query(query: str) -> str:
    """``query`` with a ``=`` after every name that has no value (``?lifecycle`` is signed as
    ``lifecycle=``, as AWS documents); the signer sorts the pairs."""
    return "&".join(p if "=" in p else p + "=" for p in query.split("&")) if query else ""


def signature_error(method: str, target: str, headers: Mapping[str, str], body: bytes,
                    secrets: Mapping[str, str]) -> str | None:
    """Why a request fails AWS Signature V4 authentication (a MinIO error code), or None when it
    passes: ``target`` is the request line's path and query, ``headers`` the headers as received,
    ``secrets`` the secret key of every known access key."""
    lower = {k.lower(): v for k, v in headers.items()}
    auth = lower.get("authorization", "")
    algorithm, _, params = auth.partition(" ")
    fields = dict(p.strip().partition("=")[::2] for p in params.split(","))
    if algorithm != "AWS4-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
        return "AccessDenied"
    access_key, _, scope = fields["Credential"].partition("/")
    if access_key not in secrets:
        return "InvalidAccessKeyId"
    day, region, service, terminator = (scope.split("/") + ["", "", "", ""])[:4]
    signed = fields["SignedHeaders"].split(";")
    try:
        date = datetime.strptime(lower.get("x-amz-date", ""), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return "AccessDenied"
    if (service, terminator) != ("s3", "aws4_request") or day != date.strftime("%Y%m%d") \
            or not {"host", "x-amz-date", "x-amz-content-sha256"} <= set(signed) \
            or any(name not in lower for name in signed):
        return "SignatureDoesNotMatch"
    content_sha256 = lower["x-amz-content-sha256"]
    url = urlsplit(target)
    expected = sign_v4_s3(
        method=method, url=url._replace(query=_canonical_query(url.query)), region=region,
        headers={name: lower[name] for name in signed}, credentials=Credentials(access_key, secrets[access_key]),
        content_sha256=content_sha256, date=date,
    )["Authorization"]
    if not hmac.compare_digest(str(expected).rpartition("Signature=")[2], fields["Signature"]):
        return "SignatureDoesNotMatch"
    if content_sha256 != "UNSIGNED-PAYLOAD" and content_sha256 != hashlib.sha256(body).hexdigest():
        return "XAmzContentSHA256Mismatch"
    return None


@dataclass
class AdminState:
    """What the fake server holds: identities (access key -> secret), which of them are admins, and
    MinIO's users, groups and canned policies."""

    secrets: dict[str, str]
    admins: set[str]
    users: dict[str, dict[str, object]] = field(default_factory=dict)
    groups: dict[str, dict[str, object]] = field(default_factory=dict)
    policies: dict[str, dict[str, object]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)  # "command" or "command: refusal code", in order


class _Handler(BaseHTTPRequestHandler):
    state: AdminState  # set on the subclass made for each server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, code: str, status: int | None = None, message: str | None = None) -> None:
        # MinIO's admin API reports errors as JSON (not the S3 XML document)
        known_status, known_message = ERRORS.get(code, (400, code))
        doc = {"Code": code, "Message": message or known_message, "Resource": urlsplit(self.path).path,
               "RequestId": "17F0"}
        self._send(status or known_status, json.dumps(doc).encode())

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        command = url.path.removeprefix("/minio/admin/v3/")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.state
        refused = signature_error("GET", self.path, dict(self.headers.items()), body, state.secrets)
        access_key = self.headers.get("Authorization", "").partition("Credential=")[2].partition("/")[0]
        if refused is None and access_key not in state.admins:
            refused = "AccessDenied"
        state.requests.append(f"{command}: {refused}" if refused else command)
        if refused:
            self._error(refused)
            return
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if command == "list-users":
            plain = json.dumps(state.users).encode()
            self._send(200, encrypt(plain, state.secrets[access_key]), "application/octet-stream")
        elif command in LOOKUPS:
            table, param, code, message = LOOKUPS[command]
            found = getattr(state, table).get(query.get(param, ""))
            if found is None:
                self._error(code, 404, message)
            else:
                self._send(200, json.dumps(found).encode())
        else:
            self._error("XMinioAdminNotImplemented", 400, "unknown admin command")


class MinioAdminFake:
    """The fake admin API on a free loopback port while the ``with`` block runs."""

    def __init__(self, state: AdminState) -> None:
        self.state = state
        handler = type("Handler", (_Handler,), {"state": state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> MinioAdminFake:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
