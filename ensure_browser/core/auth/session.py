"""Temporary keys that renew themselves: :class:`SessionCredentials`, a minio-py credentials provider.

minio-py asks its provider for credentials on every request (``Minio(credentials=...)``), so every
listing, transfer part, presigned link, preview read and policy call signs with the keys current at
that moment, session token included. When less than a quarter of the keys' life (at most 5 minutes)
is left, the next request renews them through ``renew`` (for OpenID Connect: the refresh token, a new
ID token, ``AssumeRoleWithWebIdentity``); the other requests meanwhile go on with the keys that are
still valid, so a running multipart upload never waits for or fails on a renewal. When renewal fails
and the keys have expired, requests raise :class:`~ensure_browser.core.errors.SignInRequired` (the
transfer queue pauses its jobs on it) until :meth:`SessionCredentials.restart` gets new keys from a
new sign-in.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from minio.credentials import Credentials
from minio.credentials.providers import Provider

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.errors import SignInRequired
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

MAX_MARGIN = 300.0  # seconds before expiry at which renewal starts, at most
RETRY_AFTER = 10.0  # seconds between renewal attempts after one failed
SIGNED_OUT = "You signed out."

Renew = Callable[[], Credentials]
Listener = Callable[["SessionCredentials"], None]


def expiry_of(creds: Credentials) -> datetime | None:
    """The keys' expiry as an aware UTC datetime (minio-py keeps a naive one)."""
    exp = creds.expiration
    if exp is None:
        return None
    return exp.replace(tzinfo=UTC) if exp.tzinfo is None else exp.astimezone(UTC)


class SessionCredentials(Provider):
    """The temporary keys of one signed-in person; thread-safe (see the module's docstring)."""

    def __init__(self, first: Credentials, renew: Renew | None, *, person: str,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.person = person
        self._now = now
        self._lock = threading.Lock()  # held while renewing
        self._listeners: list[Listener] = []
        self._creds = first
        self._renew = renew
        self._margin = self._margin_of(first)
        self._failure: SignInError | None = None
        self._failed_at = 0.0
        self._expiry_told = False  # listeners heard that the keys expired without a renewal

    # -- what the window shows -------------------------------------------------------------------
    @property
    def expires(self) -> datetime | None:
        return expiry_of(self._creds)

    @property
    def failure(self) -> SignInError | None:
        """Why the last renewal failed (None after a success)."""
        return self._failure

    @property
    def signed_in(self) -> bool:
        """The keys are still valid (or can be renewed: the next request will tell)."""
        return self._seconds_left(self._creds) > 0 or (self._renew is not None and self._failure is None)

    @property
    def renewable(self) -> bool:
        """The keys renew themselves (OpenID Connect with a refresh token); False: a new sign-in is needed
        before they end (LDAP: the password is never kept)."""
        return self._renew is not None

    @property
    def margin(self) -> float:
        """Seconds before the expiry at which renewal starts (or, without a renewer, the window asks)."""
        return self._margin

    def subscribe(self, listener: Listener) -> None:
        """``listener(self)`` after each renewal and each failure (in the requesting thread)."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener(self)
            except Exception:
                log.exception("session listener failed")

    # -- minio-py's provider interface ------------------------------------------------------------
    def retrieve(self) -> Credentials:
        creds = self._creds
        left = self._seconds_left(creds)
        if left > self._margin:
            return creds
        if left > 0:  # still valid: one request renews, the others go on with these keys
            if self._lock.acquire(blocking=False):
                try:
                    self._renew_now(creds)
                finally:
                    self._lock.release()
            return self._creds if self._seconds_left(self._creds) > 0 else creds
        with self._lock:  # expired: every request waits for the one renewal
            if self._seconds_left(self._creds) > 0:
                return self._creds
            self._renew_now(self._creds)
            if self._seconds_left(self._creds) > 0:
                return self._creds
        failure = self._failure
        if not self._expiry_told:
            self._expiry_told = True
            self._notify()
        ended = failure is not None and failure.message == SIGNED_OUT
        raise SignInRequired("You signed out: sign in again to go on." if ended else
                             "Your sign-in has expired: sign in again to go on.",
                             failure.detail if failure else "", code="SignInRequired")

    def _renew_now(self, creds: Credentials) -> None:
        """Renew under the lock (unless another thread just did, or a failure is too recent)."""
        if self._creds is not creds or self._renew is None:
            return
        if self._failure is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            return
        try:
            fresh = self._renew()
        except SignInError as err:
            self._failure, self._failed_at = err, time.monotonic()
            log.warning("renewing the temporary keys of %s failed: %s | %s", self.person, err.message, err.detail)
        except Exception as err:  # a bug or an unexpected answer: the same for the person
            self._failure = SignInError(Text(QT_TR_NOOP("The temporary keys could not be renewed.")),
                                        f"{type(err).__name__}: {err}")
            self._failed_at = time.monotonic()
            log.exception("renewing the temporary keys of %s failed", self.person)
        else:
            self._set(fresh)
            log.info("temporary keys of %s renewed; valid until %s", self.person, self.expires)
        self._notify()

    def _set(self, creds: Credentials) -> None:
        self._creds = creds
        self._margin = self._margin_of(creds)
        self._failure = None
        self._expiry_told = False

    # -- sign-in and sign-out ---------------------------------------------------------------------
    def restart(self, creds: Credentials, renew: Renew | None, person: str) -> None:
        """New keys from a new sign-in (the same connection goes on with them)."""
        with self._lock:
            self.person = person
            self._renew = renew
            self._set(creds)
        self._notify()

    def end(self) -> None:
        """Sign out: the keys are dropped and cannot be renewed; requests raise SignInRequired."""
        with self._lock:
            self._renew = None
            self._creds = Credentials(access_key="-", secret_key="-", expiration=datetime(2000, 1, 1))
            self._failure = SignInError(SIGNED_OUT)
            self._failed_at = time.monotonic()
        self._notify()

    # -- time ---------------------------------------------------------------------------------------
    def _seconds_left(self, creds: Credentials) -> float:
        exp = expiry_of(creds)
        return float("inf") if exp is None else (exp - self._now()).total_seconds()

    def _margin_of(self, creds: Credentials) -> float:
        left = self._seconds_left(creds)
        if left == float("inf"):
            return 0.0
        return min(MAX_MARGIN, max(0.0, left) / 4)

    def lifetime_left(self) -> timedelta | None:
        exp = self.expires
        return None if exp is None else exp - self._now()
