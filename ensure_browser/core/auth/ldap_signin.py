"""Signing in with a directory (LDAP) account: a user name and password exchanged for temporary keys.

:class:`LdapSignIn` sends the profile's user name and the password the person typed to the storage
endpoint (``AssumeRoleWithLDAPIdentity``, :mod:`.sts`); the storage server checks them against its
directory and returns temporary keys. The password is never stored (not in the profile, not in the
keyring, not in a log, not on this object): the caller passes it for one call and drops it.

LDAP has no refresh token, so the keys cannot renew themselves: :meth:`LdapSignIn.session_settings`
gives a :class:`~.session.SessionCredentials` without a renewer, and before the keys end the window
asks for the password again (the transfers that meet expired keys wait, paused).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.oidc_signin import SignedIn, session_name
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:  # minio loads on the first sign-in, not at start-up
    from minio.credentials import Credentials

log = logging.getLogger(__name__)


class LdapSignIn:
    """Sign-in with one LDAP profile against one storage endpoint (blocking: run in a worker)."""

    def __init__(self, profile: Profile, settings: ConnectionSettings, *, user_name: str | None = None,
                 duration: int = 0) -> None:
        if profile.kind is not Kind.LDAP:
            raise ValueError("not a directory (LDAP) profile")
        self.profile = profile
        self.user_name = (user_name if user_name is not None else profile.user_name).strip()
        self.settings = replace(settings, credentials=None)
        self.duration = duration

    def sign_in(self, password: str) -> SignedIn:
        """Temporary keys for the profile's user name and ``password`` (not kept anywhere)."""
        if not self.user_name:
            raise SignInError(Text(QT_TR_NOOP("Enter your directory user name in the connection profile.")))
        if not password:
            raise SignInError(Text(QT_TR_NOOP("Enter your directory password.")))
        from ensure_browser.core.auth.sts import assume_role_with_ldap_identity

        creds = assume_role_with_ldap_identity(self.settings, self.user_name, password, role_arn=self.profile.role_arn,
                                               session_name=session_name(self.user_name), duration=self.duration)
        log.info("signed in as %s (directory) at %s; keys valid until %s", self.user_name, self.settings.endpoint,
                 creds.expiration)
        return SignedIn(person=self.user_name, credentials=creds)

    def check(self) -> None:
        """Whether the storage server answers directory sign-in requests, without a password: the exchange
        is sent with an empty one, which a server with the STS API refuses as missing (MinIO and SeaweedFS
        name ``LDAPPassword``) before it asks its directory - so no failed login is counted against the
        person, and whether the server has a directory at all shows only at the real sign-in. Raises
        :class:`SignInError` in words when the server cannot be reached or has no STS API."""
        from ensure_browser.core.auth.sts import assume_role_with_ldap_identity

        try:
            assume_role_with_ldap_identity(self.settings, self.user_name or "ensure-browser", "",
                                           role_arn=self.profile.role_arn, session_name=session_name(self.user_name))
        except SignInError as err:
            if "ldappassword" not in err.detail.lower():
                raise
        log.info("the storage server at %s answers directory sign-in requests", self.settings.endpoint)

    def renewer(self, signed: SignedIn) -> Callable[[], Credentials] | None:
        """None: without the password (never kept) there is nothing to renew the keys with."""
        return None

    def session_settings(self, signed: SignedIn) -> ConnectionSettings:
        """The connection's settings: requests sign with the keys until they end (then: sign in again)."""
        from ensure_browser.core.auth.session import SessionCredentials

        provider = SessionCredentials(signed.credentials, None, person=signed.person)
        return replace(self.settings, access_key=signed.person, secret_key="", credentials=provider)
