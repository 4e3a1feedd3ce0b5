"""Signing in as a person without the window: the command line and scheduled jobs (no Qt).

- :func:`kept_sign_in`: an OpenID Connect profile with the refresh token an earlier sign-in in the window
  kept in the keyring: a new ID token (authlib), then ``AssumeRoleWithWebIdentity``; the keys renew
  themselves with it while the command runs. Without a kept sign-in, or when the provider no longer
  accepts it, the message says to sign in once in the window.
- :func:`password_sign_in`: a directory (LDAP) profile with a password the caller asked for.
- :func:`token_file_sign_in`: what every AWS SDK does with ``AWS_WEB_IDENTITY_TOKEN_FILE``,
  ``AWS_ROLE_ARN`` and ``AWS_ROLE_SESSION_NAME``: the token in the file exchanged at the storage endpoint;
  the file is read again at each renewal (whatever refreshes it, e.g. a Kubernetes service account).

Each returns the :class:`ConnectionSettings` whose requests sign with the temporary keys, or raises
:class:`~.errors.SignInError` with a message for people. Nothing here prints or stores a token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from minio.credentials import Credentials

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.auth.oidc_signin import OidcSignIn, session_name
from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.auth.sts import assume_role_with_web_identity
from ensure_browser.core.connection import TOKEN_FILE_ENV, to_settings
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore, SecretStoreError
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

def _sign_in_in_the_window(profile: Profile, why: str) -> str:
    return (f"The profile {profile.name!r} signs in with a school account and {why}. Sign in once in the window "
            f"(ensure-browser --profile {profile.name!r}); the command line then uses that sign-in.")


def kept_sign_in(profile: Profile, secrets: SecretStore | None = None) -> ConnectionSettings:
    """The settings of an OpenID Connect ``profile``, signed in with its kept refresh token."""
    store = secrets if secrets is not None else SecretStore()
    flow = OidcSignIn(profile, to_settings(profile, ""), store)
    try:
        token = store.get(profile.secret_account)
    except SecretStoreError as err:
        raise SignInError(Text(QT_TR_NOOP(
            "The keyring could not be read for the profile {0}: {1}"), repr(profile.name), err.message),
                          err.detail) from err
    if not token:
        raise SignInError(_sign_in_in_the_window(profile, "has no kept sign-in on this computer"))
    try:
        signed = flow.with_refresh_token(token)
    except SignInError as err:
        if "no longer accepts" in err.message:
            raise SignInError(_sign_in_in_the_window(profile, "its kept sign-in is no longer accepted by the "
                                                               "identity provider"), err.detail) from err
        raise
    return flow.session_settings(signed)


def person_profile(name: str, ask_password: Callable[[str, str], str], store: ProfileStore | None = None,
                   secrets: SecretStore | None = None) -> tuple[ConnectionSettings, BucketNames] | None:
    """The signed-in settings and bucket names of the saved profile ``name`` when a person signs in with it:
    OpenID Connect with the kept sign-in, LDAP with ``ask_password(user_name, profile_name)``. None when it
    has an access key or does not exist (the caller says so)."""
    profile = (store if store is not None else ProfileStore()).get(name)
    if profile is None or profile.kind is Kind.KEYS:
        return None
    try:
        if profile.kind is Kind.OIDC:
            return kept_sign_in(profile, secrets), profile.buckets
        return password_sign_in(profile, ask_password(profile.user_name, profile.name)), profile.buckets
    except ValueError as err:  # the profile's endpoint or fields
        raise SignInError(Text(QT_TR_NOOP("The profile {0} cannot be used: {1}"), repr(profile.name), err)) from err


def password_sign_in(profile: Profile, password: str) -> ConnectionSettings:
    """The settings of a directory (LDAP) ``profile`` signed in with ``password`` (not kept)."""
    flow = LdapSignIn(profile, to_settings(profile, ""))
    return flow.session_settings(flow.sign_in(password))


@dataclass(frozen=True)
class TokenFile:
    """The variables of AWS SDKs' web identity sign-in."""

    path: str
    role_arn: str = ""
    session_name: str = ""

    def read(self) -> str:
        try:
            token = Path(self.path).expanduser().read_text(encoding="utf-8").strip()
        except OSError as err:
            raise SignInError(Text(QT_TR_NOOP(
                "The web identity token file {0} (${1}) cannot be read: {2}."),
                self.path, TOKEN_FILE_ENV, err.strerror or err)) from err
        except UnicodeDecodeError as err:
            raise SignInError(Text(QT_TR_NOOP(
                "The web identity token file {0} (${1}) does not hold a token (it is not text)."),
                self.path, TOKEN_FILE_ENV)) from err
        if not token:
            raise SignInError(Text(QT_TR_NOOP(
                "The web identity token file {0} (${1}) is empty."), self.path, TOKEN_FILE_ENV))
        register_secret(token)
        return token


def token_file_sign_in(settings: ConnectionSettings, source: TokenFile) -> ConnectionSettings:
    """``settings`` (an endpoint without keys) signed in with the token in ``source``; renewals read the
    file again."""
    bare = replace(settings, access_key="", secret_key="", credentials=None)
    name = source.session_name or session_name("ensure-browser")

    def exchange() -> Credentials:
        return assume_role_with_web_identity(bare, source.read(), role_arn=source.role_arn, session_name=name)

    first = exchange()
    log.info("signed in with the web identity token file at %s; keys valid until %s", bare.endpoint,
             first.expiration)
    person = source.session_name or "web identity"
    return replace(bare, access_key=person, credentials=SessionCredentials(first, exchange, person=person))
