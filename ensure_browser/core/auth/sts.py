"""The storage server's STS API: an identity exchanged for temporary keys, its refusals in words.

:func:`assume_role_with_web_identity` sends ``AssumeRoleWithWebIdentity`` (the token in a form body,
never in the URL, where proxies log) to the storage endpoint, :func:`assume_role_with_ldap_identity` sends
``AssumeRoleWithLDAPIdentity`` (a directory user name and password, also in the body); both return minio-py's
:class:`~minio.credentials.Credentials` (access key, secret, session token, expiry). minio-py's own
``WebIdentityProvider`` would do the request, but its error says only "HTTP 400", while a person needs
to read whether the token or the role was refused; the request here is plain urllib3 (the TLS settings
of the profile) and :func:`exchange` is shared by every STS action (LDAP's is one function more).
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime

import certifi
import urllib3
from minio.credentials import Credentials

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

STS_VERSION = "2011-06-15"

# What the servers answer, in words (AWS, MinIO and SeaweedFS share these codes).
_REFUSALS = {
    "InvalidIdentityToken": "The storage server at {endpoint} did not accept the identity token: {message}",
    "ExpiredToken": "The storage server at {endpoint} says the identity token has expired. Check this "
                    "computer's clock, then sign in again.",
    "IDPRejectedClaim": "The storage server at {endpoint} refused the identity: {message}",
    "AccessDenied": "The storage server at {endpoint} does not let you take that role: {message}",
    "InvalidParameterValue": "The storage server at {endpoint} refused the request: {message}",
    "MalformedPolicyDocument": "The storage server at {endpoint} refused the request: {message}",
}


def _pool(settings: ConnectionSettings) -> urllib3.PoolManager:
    verify = settings.secure and settings.verify_tls
    ca = settings.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED" if verify else "CERT_NONE", ca_certs=ca if verify else None,
                               timeout=urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
                               retries=urllib3.Retry(total=1, read=0, redirect=False, allowed_methods=None))


def exchange(settings: ConnectionSettings, params: Mapping[str, str], result: str) -> Credentials:
    """POST an STS action (``params``) to the storage endpoint; its ``result`` element's credentials."""
    fields = {"Version": STS_VERSION, **params}
    try:
        answer = _pool(settings).request("POST", settings.base_url + "/", fields=fields, encode_multipart=False)
    except urllib3.exceptions.HTTPError as exc:
        raise SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} could not be reached to exchange the sign-in for keys."),
            settings.endpoint), f"{type(exc).__name__}: {exc}") from exc
    body = answer.data.decode("utf-8", "replace")
    if answer.status != 200:
        raise _refusal(settings.endpoint, answer.status, body)
    try:
        creds = ET.fromstring(body).find(f".//{{*}}{result}/{{*}}Credentials")
        if creds is None:
            raise ValueError("no Credentials element")
        access, secret, token, expiry = (creds.findtext(f"{{*}}{name}") or "" for name in
                                         ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"))
        expiration = datetime.fromisoformat(expiry.replace("Z", "+00:00")).astimezone(UTC)
    except (ET.ParseError, ValueError) as exc:
        raise SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} gave an answer that holds no keys."), settings.endpoint),
                          body[:300]) from exc
    if not (access and secret):
        raise SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} gave an answer that holds no keys."), settings.endpoint))
    for value in (secret, token):
        register_secret(value)
    return Credentials(access_key=access, secret_key=secret, session_token=token or None, expiration=expiration)


def _refusal(endpoint: str, status: int, body: str) -> SignInError:
    code = message = ""
    try:
        root = ET.fromstring(body)
        code = root.findtext(".//{*}Code") or root.findtext(".//Code") or ""
        message = root.findtext(".//{*}Message") or root.findtext(".//Message") or ""
    except ET.ParseError:
        pass
    if status in (404, 405, 501) or code in ("NotImplemented", "InvalidAction", "MethodNotAllowed"):
        return SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} does not offer sign-in with an identity provider (no STS API there)."),
            endpoint), f"HTTP {status} {code}: {message}")
    if code == "InvalidParameterValue" and "token" in message.lower():  # SeaweedFS: a token it cannot use
        code = "InvalidIdentityToken"
    template = _REFUSALS.get(code)
    text = message.strip().rstrip(".") or code or f"HTTP {status}"
    if template is None:
        return SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} refused the sign-in ({1}): {2}."), endpoint, code or status, text),
                           f"HTTP {status} {code}: {message}")
    return SignInError(template.format(endpoint=endpoint, message=text + "."), f"HTTP {status} {code}: {message}")


def assume_role_with_web_identity(settings: ConnectionSettings, id_token: str, *, role_arn: str = "",
                                  session_name: str = "", duration: int = 0) -> Credentials:
    """Temporary keys for an ID token (``duration`` seconds; 0: the server's default)."""
    params = {"Action": "AssumeRoleWithWebIdentity", "WebIdentityToken": id_token}
    if role_arn:
        params["RoleArn"] = role_arn
        params["RoleSessionName"] = session_name or "ensure-browser"
    if duration:
        params["DurationSeconds"] = str(duration)
    return exchange(settings, params, "AssumeRoleWithWebIdentityResult")


def assume_role_with_ldap_identity(settings: ConnectionSettings, user_name: str, password: str, *, role_arn: str = "",
                                   session_name: str = "", duration: int = 0, policy: str = "") -> Credentials:
    """Temporary keys for a directory user name and password (MinIO's and SeaweedFS's
    ``AssumeRoleWithLDAPIdentity``; SeaweedFS needs ``role_arn``, MinIO takes the role from its own policy
    mapping). The password travels in the form body only, never in the URL."""
    params = {"Action": "AssumeRoleWithLDAPIdentity", "LDAPUsername": user_name, "LDAPPassword": password}
    if role_arn:
        params["RoleArn"] = role_arn
        params["RoleSessionName"] = session_name or "ensure-browser"
    if duration:
        params["DurationSeconds"] = str(duration)
    if policy:
        params["Policy"] = policy
    try:
        return exchange(settings, params, "AssumeRoleWithLDAPIdentityResult")
    except SignInError as err:
        raise _ldap_refusal(settings.endpoint, user_name, err) from err


def _ldap_refusal(endpoint: str, user_name: str, err: SignInError) -> SignInError:
    """The directory's refusals in words (the servers answer AccessDenied both for a wrong password and
    for a role the person may not take; the message tells them apart)."""
    detail = err.detail.lower()
    if "authentication failed" in detail or "invalid credentials" in detail or "ldap auth failed" in detail \
            or ("not found" in detail and "role" not in detail):
        return SignInError(Text(QT_TR_NOOP(
            "The school directory did not accept the user name '{0}' with this password. Check both and try again."),
            user_name), err.detail)
    if "trust policy" in detail:
        return SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} does not let '{1}' take that role (the role's trust policy does not name "
            "you). Check the profile's role ARN or ask the administrator."), endpoint, user_name),
                           err.detail)
    if "rolearn is required" in detail:
        return SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} needs a role for a directory sign-in: enter the role ARN in the connection "
            "profile."), endpoint), err.detail)
    if "no ldap provider" in detail:
        return SignInError(Text(QT_TR_NOOP(
            "The storage server at {0} does not offer sign-in with a directory account (no LDAP provider is "
            "configured there)."), endpoint), err.detail)
    return err
