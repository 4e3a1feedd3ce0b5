"""OpenID Connect for a native app (RFC 8252) with authlib and joserfc: nothing of it hand-written.

:class:`OidcClient` reads the provider's discovery document (its ``issuer`` must be the one asked
for), makes the authorization URL (code flow with PKCE S256, fresh ``state`` and ``nonce``), redeems
the code the browser brought back (``state`` checked first, a provider's ``error`` in words), refreshes
with a refresh token, and checks every ID token: its signature against the provider's published keys
(``jwks_uri``), ``iss``, ``aud`` (and ``azp`` when there are several audiences), ``exp``, ``iat``,
``nonce``. A token that is expired or issued "in the future" by this computer's clock is named as a
clock problem with the minutes it is off.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text
from ensure_browser.logs import register_secret

log = logging.getLogger(__name__)

DEFAULT_SCOPES = "openid profile email"
LEEWAY = 60  # seconds of clock difference tolerated in exp / iat
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


@dataclass(frozen=True)
class ProviderInfo:
    """The endpoints the provider's discovery document names."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class AuthRequest:
    """One authorization request: what the redirect must match and what redeems its code."""

    url: str
    redirect_uri: str
    state: str = field(repr=False)
    nonce: str = field(repr=False)
    code_verifier: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    """A checked ID token, its claims, and the refresh token when the provider gave one."""

    id_token: str = field(repr=False)
    claims: Mapping[str, Any]
    refresh_token: str | None = field(default=None, repr=False)

    @property
    def person(self) -> str:
        """Who signed in, as the provider names them."""
        for name in ("preferred_username", "email", "name", "sub"):
            value = self.claims.get(name)
            if isinstance(value, str) and value:
                return value
        return "?"


def _secret(value: str | None) -> str | None:
    if value:
        register_secret(value)
    return value


class OidcClient:
    """One provider and one (public) client registered there."""

    def __init__(self, issuer: str, client_id: str, scopes: str = DEFAULT_SCOPES, *, timeout: float = 15.0,
                 now: Callable[[], float] = time.time, leeway: int = LEEWAY) -> None:
        self.issuer = issuer.strip().rstrip("/")
        self.client_id = client_id.strip()
        self.scopes = " ".join(dict.fromkeys(["openid", *scopes.split()]))
        self.timeout = timeout
        self.now = now
        self.leeway = leeway
        self._info: ProviderInfo | None = None
        self._keys: KeySet | None = None

    def _session(self, **kw: Any) -> OAuth2Session:
        return OAuth2Session(self.client_id, scope=self.scopes, code_challenge_method="S256",
                             token_endpoint_auth_method="none", **kw)

    def _get_json(self, url: str, what: Text) -> Any:
        try:
            answer = requests.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
        except requests.RequestException as exc:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider at {0} could not be reached ({1})."), self.issuer, what),
                              str(exc)) from exc
        if answer.status_code != 200:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider at {0} answered HTTP {1} for its {2}. Check the issuer URL."),
                self.issuer, answer.status_code, what), answer.text[:300])
        try:
            return answer.json()
        except ValueError as exc:
            raise SignInError(Text(QT_TR_NOOP(
                "The address {0} does not answer like an OpenID provider ({1} is not JSON). Check the issuer URL."),
                self.issuer, what)) from exc

    def discover(self) -> ProviderInfo:
        """The provider's endpoints from ``ISSUER/.well-known/openid-configuration``."""
        if self._info is not None:
            return self._info
        doc = self._get_json(self.issuer + "/.well-known/openid-configuration", Text(QT_TR_NOOP("discovery document")))
        if not isinstance(doc, dict):
            raise SignInError(Text(QT_TR_NOOP("The address {0} does not answer like an OpenID provider."), self.issuer))
        named = str(doc.get("issuer") or "").rstrip("/")
        if named != self.issuer:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider at {0} calls itself '{1}'. The profile's issuer must be exactly the "
                "provider's own (tokens name it)."), self.issuer, named))
        try:
            info = ProviderInfo(issuer=str(doc["issuer"]), authorization_endpoint=str(doc["authorization_endpoint"]),
                                token_endpoint=str(doc["token_endpoint"]), jwks_uri=str(doc["jwks_uri"]))
        except KeyError as exc:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider at {0} does not name its {1}."), self.issuer, exc.args[0])) from exc
        self._info = info
        return info

    def authorization(self, redirect_uri: str) -> AuthRequest:
        """A new authorization request (PKCE S256, fresh ``state`` and ``nonce``) sent back to ``redirect_uri``."""
        info = self.discover()
        verifier, state, nonce = secrets.token_urlsafe(64), secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        url, _ = self._session(redirect_uri=redirect_uri).create_authorization_url(
            info.authorization_endpoint, state=state, code_verifier=verifier, nonce=nonce)
        return AuthRequest(url=url, redirect_uri=redirect_uri, state=state, nonce=nonce, code_verifier=verifier)

    def redeem(self, request: AuthRequest, answer: Mapping[str, str]) -> Tokens:
        """The checked tokens for the browser's ``answer`` (the redirect's query parameters)."""
        error = answer.get("error")
        if error:
            if error == "access_denied":
                raise SignInError(Text(QT_TR_NOOP(
                    "Sign-in was refused at the identity provider (access denied). Nothing was changed.")),
                    str(answer.get("error_description") or ""))
            text = answer.get("error_description") or error
            raise SignInError(Text(QT_TR_NOOP("The identity provider did not sign you in: {0}."), text), error)
        if not secrets.compare_digest(answer.get("state") or "", request.state):
            raise SignInError(Text(QT_TR_NOOP(
                "The answer that came back to the app does not belong to this sign-in (its state differs). Sign in "
                "again.")))
        code = answer.get("code")
        if not code:
            raise SignInError(Text(QT_TR_NOOP("The identity provider sent no authorization code back.")))
        info = self.discover()
        try:
            token = self._session(redirect_uri=request.redirect_uri).fetch_token(
                info.token_endpoint, code=code, code_verifier=request.code_verifier, timeout=self.timeout)
        except (AuthlibBaseError, requests.RequestException) as exc:
            raise SignInError(Text(QT_TR_NOOP("The identity provider refused to give the tokens for this sign-in.")),
                              f"{type(exc).__name__}: {exc}") from exc
        return self._tokens(token, request.nonce)

    def refresh(self, refresh_token: str) -> Tokens:
        """New tokens for a kept refresh token; raises :class:`SignInError` when it is no longer good."""
        info = self.discover()
        try:
            token = self._session().refresh_token(info.token_endpoint, refresh_token=refresh_token,
                                                  timeout=self.timeout)
        except requests.RequestException as exc:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider at {0} could not be reached to renew the sign-in."), self.issuer),
                              f"{type(exc).__name__}: {exc}") from exc
        except AuthlibBaseError as exc:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider no longer accepts the kept sign-in. Sign in again.")),
                              f"{type(exc).__name__}: {exc}") from exc
        tokens = self._tokens(token, None)
        if tokens.refresh_token is None:  # the provider keeps the one it gave
            tokens = Tokens(tokens.id_token, tokens.claims, refresh_token)
        return tokens

    def _tokens(self, token: Mapping[str, Any], nonce: str | None) -> Tokens:
        _secret(token.get("access_token"))
        refresh = _secret(token.get("refresh_token"))
        id_token = _secret(token.get("id_token"))
        if not id_token:
            raise SignInError(Text(QT_TR_NOOP(
                "The identity provider gave no ID token: the profile's scopes must include 'openid'.")))
        return Tokens(id_token=id_token, claims=self.verify_id_token(id_token, nonce), refresh_token=refresh)

    def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            try:
                keys = self._get_json(self.discover().jwks_uri, Text(QT_TR_NOOP("signing keys")))
                self._keys = KeySet.import_key_set(keys)
            except (JoseError, ValueError, TypeError) as exc:
                raise SignInError(Text(QT_TR_NOOP("The signing keys of {0} could not be read."), self.issuer),
                                  str(exc)) from exc
        return self._keys

    def verify_id_token(self, id_token: str, nonce: str | None) -> dict[str, Any]:
        """The claims of ``id_token`` after its signature and claims are checked (joserfc)."""
        try:
            try:
                token = jwt.decode(id_token, self._key_set(), algorithms=list(ALGORITHMS))
            except JoseError:  # the provider may have rotated its keys since they were read
                token = jwt.decode(id_token, self._key_set(refresh=True), algorithms=list(ALGORITHMS))
        except JoseError as exc:
            raise SignInError(Text(QT_TR_NOOP("The ID token's signature does not match the identity provider's keys.")),
                              f"{type(exc).__name__}: {exc}") from exc
        claims = dict(token.claims)
        options: dict[str, Any] = {
            "iss": {"essential": True, "value": self.discover().issuer},
            "aud": {"essential": True, "value": self.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        }
        if nonce is not None:
            options["nonce"] = {"essential": True, "value": nonce}
        now = self.now()
        try:
            jwt.JWTClaimsRegistry(now=lambda: int(now), leeway=self.leeway, **options).validate(claims)
        except ExpiredTokenError as exc:
            raise SignInError(_skew("has expired", now - float(claims["exp"]), claims), str(exc)) from exc
        except (InvalidClaimError, MissingClaimError) as exc:
            raise SignInError(_claim_problem(exc, claims, now), str(exc)) from exc
        auds = claims.get("aud")
        if isinstance(auds, list) and len(auds) > 1 and claims.get("azp") != self.client_id:
            raise SignInError(Text(QT_TR_NOOP("The ID token was made for another application (azp).")))
        return claims


def _minutes(seconds: float) -> int:
    return max(1, round(abs(seconds) / 60))


_CHECK_CLOCK = "Check that the clock and time zone of this computer are right, then sign in again."
_SKEWS = {  # what the token is by this computer's clock: (one minute, several), each a whole sentence
    "has expired": (
        "The ID token has expired by this computer's clock (1 minute). " + _CHECK_CLOCK,
        QT_TR_N_NOOP("The ID token has expired by this computer's clock ({0} minutes). Check that the clock and "
                     "time zone of this computer are right, then sign in again.")),
    "was issued in the future": (
        "The ID token was issued in the future by this computer's clock (1 minute). " + _CHECK_CLOCK,
        QT_TR_N_NOOP("The ID token was issued in the future by this computer's clock ({0} minutes). Check that the "
                     "clock and time zone of this computer are right, then sign in again.")),
    "is not valid yet": (
        "The ID token is not valid yet by this computer's clock (1 minute). " + _CHECK_CLOCK,
        QT_TR_N_NOOP("The ID token is not valid yet by this computer's clock ({0} minutes). Check that the clock "
                     "and time zone of this computer are right, then sign in again.")),
}


def _skew(what: str, seconds: float, claims: Mapping[str, Any]) -> Text:
    minutes = _minutes(seconds)
    one, other = _SKEWS[what]
    return Plural(minutes, one, other, minutes)


def _claim_problem(exc: JoseError, claims: Mapping[str, Any], now: float) -> Text:
    claim = getattr(exc, "claim", "") or ""
    if claim == "iat" and isinstance(claims.get("iat"), int | float) and claims["iat"] > now:
        return _skew("was issued in the future", claims["iat"] - now, claims)
    if claim == "nbf":
        return _skew("is not valid yet", float(claims.get("nbf", now)) - now, claims)
    if claim == "iss":
        return Text(QT_TR_NOOP("The ID token names another issuer than the profile's."))
    if claim == "aud":
        return Text(QT_TR_NOOP("The ID token was made for another client id than the profile's."))
    if claim == "nonce":
        return Text(QT_TR_NOOP("The ID token does not belong to this sign-in (its nonce differs). Sign in again."))
    return Text(QT_TR_NOOP("The ID token is not acceptable ({0})."), claim or exc.error)
