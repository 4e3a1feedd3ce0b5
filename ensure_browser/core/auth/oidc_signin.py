"""Signing in with OpenID Connect, from the system browser to temporary keys (RFC 8252).

:class:`OidcSignIn` runs the steps for one profile of the OpenID Connect kind:

1. a :class:`~.loopback.LoopbackRedirect` on ``127.0.0.1:<random port>``;
2. the authorization URL (PKCE, ``state``, ``nonce``: :mod:`.oidc`) opened in the system browser by
   the caller's ``open_browser`` (``QDesktopServices.openUrl`` in the window, ``webbrowser`` elsewhere);
3. the redirect's code redeemed and the ID token checked;
4. the ID token exchanged for temporary keys at the storage endpoint (:mod:`.sts`);
5. the refresh token (if the provider gave one) kept in the OS keyring under the profile's
   :attr:`~ensure_browser.core.profiles.model.Profile.secret_account`, and nowhere else.

:meth:`OidcSignIn.session_settings` gives the :class:`ConnectionSettings` whose every request signs
with those keys; they renew themselves with the refresh token (:mod:`.session`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore, SecretStoreError
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:  # authlib, joserfc, requests and minio load on the first sign-in, not at start-up
    from minio.credentials import Credentials

    from ensure_browser.core.auth.oidc import OidcClient, Tokens

log = logging.getLogger(__name__)

BROWSER_TIMEOUT = 300.0  # seconds the loopback listener waits for the browser


@dataclass(frozen=True)
class SignedIn:
    """The outcome of a sign-in: who, and their first temporary keys."""

    person: str
    credentials: Credentials = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)


def session_name(person: str) -> str:
    """``RoleSessionName`` for ``person`` (2-64 characters of ``[\\w+=,.@-]``)."""
    name = re.sub(r"[^\w+=,.@-]", "-", person)[:64]
    return name if len(name) >= 2 else "ensure-browser"


class OidcSignIn:
    """Sign-in with one OpenID Connect profile against one storage endpoint (blocking: run in a worker)."""

    def __init__(self, profile: Profile, settings: ConnectionSettings, secrets: SecretStore | None = None, *,
                 client: OidcClient | None = None, duration: int = 0) -> None:
        if profile.kind is not Kind.OIDC:
            raise ValueError("not an OpenID Connect profile")
        self.profile = profile
        self.settings = replace(settings, credentials=None)
        self.secrets = secrets
        if client is None:
            from ensure_browser.core.auth.oidc import OidcClient
        self.client = client or OidcClient(profile.issuer, profile.client_id, profile.scopes)
        self.duration = duration

    # -- the ways in ------------------------------------------------------------------------------
    def interactive(self, open_browser: Callable[[str], bool], *, timeout: float = BROWSER_TIMEOUT,
                    cancel: CancelToken = NEVER) -> SignedIn:
        """Through the system browser; ``open_browser(url)`` returns False when no browser opened."""
        from ensure_browser.core.auth.loopback import LoopbackRedirect

        self.client.discover()  # a wrong issuer is named before a browser opens
        with LoopbackRedirect() as loopback:
            request = self.client.authorization(loopback.redirect_uri)
            if not open_browser(request.url):
                raise SignInError(Text(QT_TR_NOOP("No web browser could be opened for the sign-in.")))
            answer = loopback.wait(timeout, cancel)
        return self._exchange(self.client.redeem(request, answer))

    def with_refresh_token(self, refresh_token: str) -> SignedIn:
        """Without a browser, from a refresh token kept from an earlier sign-in."""
        return self._exchange(self.client.refresh(refresh_token))

    def kept(self) -> SignedIn | None:
        """Signed in again with the refresh token kept in the keyring, or None when there is none."""
        token = self._kept_token()
        return self.with_refresh_token(token) if token else None

    def _exchange(self, tokens: Tokens) -> SignedIn:
        from ensure_browser.core.auth.sts import assume_role_with_web_identity

        creds = assume_role_with_web_identity(self.settings, tokens.id_token, role_arn=self.profile.role_arn,
                                              session_name=session_name(tokens.person), duration=self.duration)
        signed = SignedIn(person=tokens.person, credentials=creds, refresh_token=tokens.refresh_token)
        self._keep(signed.refresh_token)
        log.info("signed in as %s at %s; keys valid until %s", signed.person, self.settings.endpoint,
                 creds.expiration)
        return signed

    # -- the session ------------------------------------------------------------------------------
    def renewer(self, signed: SignedIn) -> Callable[[], Credentials] | None:
        """New keys from the refresh token (kept up to date as the provider rotates it); None without one."""
        current = [signed.refresh_token]
        if current[0] is None:
            return None

        def renew() -> Credentials:
            token = current[0]
            if token is None:
                raise SignInError(Text(QT_TR_NOOP("There is no sign-in to renew.")))
            fresh = self.with_refresh_token(token)
            current[0] = fresh.refresh_token or token
            return fresh.credentials

        return renew

    def session_settings(self, signed: SignedIn) -> ConnectionSettings:
        """The connection's settings: requests sign with keys that renew themselves."""
        from ensure_browser.core.auth.session import SessionCredentials

        provider = SessionCredentials(signed.credentials, self.renewer(signed), person=signed.person)
        return replace(self.settings, access_key=signed.person, secret_key="", credentials=provider)

    # -- the refresh token in the keyring ---------------------------------------------------------
    def _kept_token(self) -> str | None:
        if self.secrets is None:
            return None
        return self.secrets.get(self.profile.secret_account)

    def _keep(self, refresh_token: str | None) -> None:
        if self.secrets is None or not refresh_token:
            return
        try:
            where = self.secrets.save(self.profile.secret_account, refresh_token,
                                      session_only=not self.secrets.available)
        except SecretStoreError as err:  # the sign-in works; it is only not kept for the next start
            log.warning("the refresh token of %s could not be kept: %s", self.profile.name, err.message)
        else:
            log.info("refresh token of %s kept (%s)", self.profile.name, where.value)
