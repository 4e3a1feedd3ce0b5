"""User policies through MinIO's admin API, behind a small interface.

Bucket policies travel over plain S3; user (identity) policies only over MinIO's admin API
(``/minio/admin/v3/...``). :class:`AdminClient` is what the rest of the program needs from it;
:class:`MinioAdminClient` implements it over ``minio.MinioAdmin`` and translates its failures:

* a server without that API (SeaweedFS, AWS S3...) raises :class:`AdminUnavailable` with the plain
  sentence :data:`NOT_AVAILABLE`;
* a key that may not use it raises :class:`~ensure_browser.core.errors.AccessDenied`;
* network and TLS failures raise the storage layer's typed errors.

:func:`check_user_policy` compares a user's attached policies (their own and their groups') with the
schema's "Authenticated Access" policy by meaning. Identity policies name no ``Principal``; they
are read as if each statement named the user, which is what they mean, so the policy engine can
compare them with the schema's text. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final, Protocol, TypeVar

from ensure_browser.core.errors import AccessDenied, StorageError, from_s3_code, translate
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.s3.storage import ConnectionSettings
from ensure_browser.core.schema.policies import authenticated_access_policy
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

__all__ = [
    "NOT_AVAILABLE",
    "SCHEMA_USER",
    "AdminClient",
    "AdminUnavailable",
    "MinioAdminClient",
    "UserInfo",
    "UserPolicy",
    "UserPolicyCheck",
    "check_user_policy",
    "identity_policy",
]

SCHEMA_USER: Final = "ensure-study"
NOT_AVAILABLE: Final = "This server does not offer MinIO's admin API; user policies cannot be read here."

T = TypeVar("T")


def status_and_body(exc: Exception) -> tuple[str, str]:
    """The HTTP status and the body of a ``MinioAdminException``, from its public text
    (``admin request failed; Status: <code>, Body: <body>``, the same from minio 7.2.18 on)."""
    said = re.fullmatch(r"admin request failed; Status: (.*?), Body: (.*)", str(exc), re.DOTALL)
    return (said.group(1), said.group(2)) if said else ("", str(exc))


class AdminUnavailable(StorageError):
    """The server has no MinIO admin API (it answered like a plain S3 server, or not at all)."""

    def __init__(self, message: str = NOT_AVAILABLE, detail: str = "") -> None:
        super().__init__(message, detail, code="AdminUnavailable")


@dataclass(frozen=True)
class UserInfo:
    """A user of the server: its access key (name), status and attached policy and group names."""

    name: str
    status: str = "enabled"
    policies: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserPolicy:
    """The policies that apply to a user: ``documents`` maps each policy name to its JSON text.

    ``sources`` says where each came from ("user" or "group NAME").
    """

    user: str
    documents: dict[str, str] = field(default_factory=dict, hash=False)
    sources: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.documents)

    def as_policy(self) -> Policy | None:
        """All documents as one policy whose statements name the user (None when nothing is attached)."""
        if not self.documents:
            return None
        return identity_policy(self.user, list(self.documents.values()))


class AdminClient(Protocol):
    """What the program needs from a server's user administration."""

    def list_users(self) -> list[UserInfo]:
        """Every user; raises :class:`AdminUnavailable`, ``AccessDenied`` or another StorageError."""
        ...

    def user_policy(self, name: str) -> UserPolicy:
        """The policies attached to ``name`` directly or through its groups."""
        ...


def identity_policy(user: str, documents: list[str]) -> Policy:
    """Identity-policy JSON documents (no ``Principal``) as one bucket-style policy naming ``user``.

    Raises :class:`PolicyError` when a document is not a valid policy.
    """
    statements: list[Any] = []
    for text in documents:
        try:
            doc = json.loads(text)
        except ValueError as err:
            raise PolicyError(f"A user policy is not valid JSON: {err}") from None
        raw = doc.get("Statement", []) if isinstance(doc, dict) else None
        if raw is None:
            raise PolicyError("A user policy must be a JSON object with a Statement.")
        for st in raw if isinstance(raw, list) else [raw]:
            named = isinstance(st, dict) and ("Principal" in st or "NotPrincipal" in st)
            if isinstance(st, dict) and not named:
                statements.append({**st, "Principal": {"AWS": [f"arn:aws:iam:::user/{user}"]}})
            else:
                statements.append(st)
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": statements}))


def _split(names: object) -> tuple[str, ...]:
    if isinstance(names, list):
        return tuple(str(n) for n in names if n)
    if isinstance(names, str):
        return tuple(n.strip() for n in names.split(",") if n.strip())
    return ()


class MinioAdminClient:
    """:class:`AdminClient` over ``minio.MinioAdmin`` with the connection's credentials and TLS."""

    def __init__(self, settings: ConnectionSettings) -> None:
        import certifi
        import urllib3
        from minio import MinioAdmin
        from minio.credentials import StaticProvider
        from urllib3.util import Retry, Timeout

        self.settings = settings
        verify = settings.secure and settings.verify_tls
        http = urllib3.PoolManager(
            timeout=Timeout(connect=settings.connect_timeout, read=min(settings.read_timeout, 30.0)),
            cert_reqs="CERT_REQUIRED" if verify else "CERT_NONE",
            ca_certs=(settings.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()) if verify else None,
            retries=Retry(total=1, read=0, raise_on_status=False),
        )
        self._admin = MinioAdmin(
            endpoint=settings.endpoint,
            credentials=settings.credentials or StaticProvider(settings.access_key, settings.secret_key),
            region=settings.region,
            secure=settings.secure,
            cert_check=settings.verify_tls,
            http_client=http,
        )

    # -- AdminClient ---------------------------------------------------------------------------------
    def list_users(self) -> list[UserInfo]:
        data = self._json(self._admin.user_list, Text(QT_TR_NOOP("list the users")))
        if not isinstance(data, dict):
            raise AdminUnavailable(detail=f"list-users answered {type(data).__name__}")
        return sorted((self._user(name, info) for name, info in data.items()), key=lambda u: u.name)

    def user_policy(self, name: str) -> UserPolicy:
        info = self._user(name, self._json(partial(self._admin.user_info, name),
                                           Text(QT_TR_NOOP("read the user {0}"), name)))
        documents: dict[str, str] = {}
        sources: dict[str, str] = {}
        for policy_name in info.policies:
            documents[policy_name] = self._policy_text(policy_name)
            sources[policy_name] = "user"
        for group in info.groups:
            group_info = self._json(partial(self._admin.group_info, group),
                                    Text(QT_TR_NOOP("read the group {0}"), group))
            for policy_name in _split(group_info.get("policy") if isinstance(group_info, dict) else None):
                if policy_name not in documents:
                    documents[policy_name] = self._policy_text(policy_name)
                    sources[policy_name] = f"group {group}"
        return UserPolicy(name, documents, sources)

    # -- plumbing --------------------------------------------------------------------------------------
    @staticmethod
    def _user(name: str, info: object) -> UserInfo:
        if not isinstance(info, dict):
            return UserInfo(name)
        return UserInfo(name, str(info.get("status", "enabled")), _split(info.get("policyName")),
                        _split(info.get("memberOf")))

    def _policy_text(self, policy_name: str) -> str:
        data = self._json(partial(self._admin.policy_info, policy_name),
                          Text(QT_TR_NOOP("read the policy {0}"), policy_name))
        if isinstance(data, dict) and isinstance(data.get("Policy"), dict):  # the "v=2" PolicyInfo form
            data = data["Policy"]
        return json.dumps(data)

    def _json(self, call: Callable[[], str], what: str) -> Any:
        text = self._call(call, what)
        try:
            return json.loads(text)
        except ValueError:
            raise AdminUnavailable(detail=f"{what}: not JSON: {text[:200]!r}") from None

    def _call(self, call: Callable[[], T], what: str) -> T:
        from minio.error import MinioAdminException  # minio-py (and urllib3) with the first call
        from urllib3.exceptions import HTTPError

        try:
            return call()
        except MinioAdminException as exc:
            raise self._translate(exc, what) from exc
        except StorageError:
            raise
        except (OSError, HTTPError) as exc:  # network, TLS, timeouts
            raise translate(exc, endpoint=self.settings.endpoint, access_key=self.settings.access_key,
                            secure=self.settings.secure) from exc
        except Exception as exc:  # an answer that is not the admin API's (e.g. it cannot be decrypted)
            raise AdminUnavailable(detail=f"{what}: {type(exc).__name__}: {exc}") from exc

    def _translate(self, exc: Any, what: str) -> StorageError:
        status, body = status_and_body(exc)
        detail = f"{what}: HTTP {status}: {body[:500]}"
        log.debug("admin API call failed: %s", detail)
        json_error = body.lstrip().startswith("{")
        doc: dict[str, Any] = {}
        if json_error:
            with contextlib.suppress(ValueError):
                parsed = json.loads(body)
                doc = parsed if isinstance(parsed, dict) else {}
        code = str(doc.get("Code") or "")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "RequestTimeTooSkewed"):  # not the key's rights
            return from_s3_code(code, "", detail, self.settings.endpoint, self.settings.access_key, None, None)
        if status in ("401", "403") and ("AccessDenied" in body or json_error):
            return AccessDenied(
                Text(QT_TR_NOOP(
                    "The access key '{0}' may not use the admin API to {1}."), self.settings.access_key, what),
                detail, code="AccessDenied",
            )
        if status in ("400", "404", "405", "501") and not json_error:
            return AdminUnavailable(detail=detail)
        if status.startswith("5") and not json_error:
            return AdminUnavailable(detail=detail)
        message = str(doc.get("Message") or body)
        return StorageError(Text(QT_TR_NOOP("The admin API could not {0}: {1}"), what, message[:300]), detail,
                            code=status)


@dataclass(frozen=True)
class UserPolicyCheck:
    """The schema's user policy next to what the server has (``status``: ok, differs, missing, unavailable)."""

    user: str
    status: str
    message: str
    expected: Policy
    live: UserPolicy | None = None
    users: tuple[UserInfo, ...] = ()


def check_user_policy(client: AdminClient, names: BucketNames, user: str = SCHEMA_USER) -> UserPolicyCheck:
    """List the users and compare ``user``'s policies with ``authenticated_access_policy`` by meaning.

    A server without the admin API gives status ``unavailable`` with :data:`NOT_AVAILABLE`; other
    failures (access denied, network) raise.
    """
    expected = parse_policy(authenticated_access_policy(names, user))
    try:
        users = tuple(client.list_users())
    except AdminUnavailable as err:
        return UserPolicyCheck(user, "unavailable", err.message, expected)
    if not any(u.name == user for u in users):
        return UserPolicyCheck(user, "missing", f"The server has no user named {user}.", expected, None, users)
    live = client.user_policy(user)
    try:
        live_policy = live.as_policy()
    except PolicyError as err:
        return UserPolicyCheck(user, "differs", f"The policies of {user} cannot be read: {err}", expected,
                               live, users)
    if policies_equivalent(live_policy, expected):
        names_text = ", ".join(live.names)
        return UserPolicyCheck(user, "ok", f"The policies of {user} ({names_text}) mean what the schema declares.",
                               expected, live, users)
    if live_policy is None:
        return UserPolicyCheck(user, "differs", f"No policy is attached to {user}.", expected, live, users)
    return UserPolicyCheck(
        user, "differs",
        f"The policies of {user} ({', '.join(live.names)}) differ in meaning from the schema's "
        "Authenticated Access policy.", expected, live, users,
    )
