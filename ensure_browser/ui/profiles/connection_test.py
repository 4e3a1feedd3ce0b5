"""The profiles dialog's "Test connection": connect with a profile in a worker and say what it may open."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.auth.oidc import OidcClient
from ensure_browser.core.connection import BucketAccess, open_buckets, to_settings
from ensure_browser.core.errors import StorageError
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.store import ProfileError
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.i18n import tr, tr_text
from ensure_browser.ui.profiles.form import ERROR_TONE, OK_TONE, error_message
from ensure_browser.ui.profiles.tasks import Runner
from ensure_browser.ui.workers import TaskHandle

log = logging.getLogger(__name__)



def access_report(access: BucketAccess) -> tuple[str, str]:
    """What a finished test says (the readable buckets first, then one line per bucket) and its tone."""
    n = len(access.readable)
    lines = [tr("Connected: 1 bucket readable.") if n == 1 else tr("Connected: {0} buckets readable.").format(n)]
    lines += [tr_text(line) for line in access.lines()[1:]]
    return "\n".join(lines), OK_TONE if n else ERROR_TONE


class ConnectionTest:
    """Runs the test behind ``button`` with ``run`` and shows ``busy`` meanwhile; ``report(text, tone)``
    gets the outcome and ``finished()`` runs when the test is over (success or not)."""

    def __init__(self, button: QPushButton, busy: QWidget, run: Runner,
                 report: Callable[[str, str], None], finished: Callable[[], None]) -> None:
        self.button = button
        self.busy = busy
        self._run = run
        self._report = report
        self._finished = finished
        self._handle: TaskHandle | None = None

    @property
    def running(self) -> bool:
        return self._handle is not None and self._handle.running

    def start(self, profile: Profile, secret: str) -> None:
        """Connect with ``profile`` and ``secret`` in a worker and list its buckets with least privilege."""
        self.button.setEnabled(False)
        self.button.setText(tr("Testing…"))
        self.busy.show()

        def check() -> BucketAccess | str:
            if profile.kind is Kind.OIDC:  # no keys before a sign-in in the browser: the provider is checked
                OidcClient(profile.issuer, profile.client_id, profile.scopes).discover()
                return tr("The identity provider answers at {0}. Connect to sign in in the web browser.").format(
                    profile.issuer)
            if profile.kind is Kind.LDAP:  # the password is asked at each sign-in: the server's offer is checked
                LdapSignIn(profile, to_settings(profile, "")).check()
                return tr("The storage server at {0} answers directory sign-in requests. Connect to enter your "
                          "password; it is checked then.").format(profile.endpoint)
            return open_buckets(Storage(to_settings(profile, secret)), profile.buckets)

        def over() -> None:
            self.button.setText(tr("Test connection"))
            self.busy.hide()
            self._handle = None
            self._finished()

        def done(access: BucketAccess | str) -> None:
            over()
            self._report(*((access, OK_TONE) if isinstance(access, str) else access_report(access)))

        def failed(exc: BaseException) -> None:
            over()
            if not isinstance(exc, StorageError | ProfileError):
                log.error("connection test crashed: %s", type(exc).__name__)
            self._report(error_message(exc), ERROR_TONE)

        self._handle = self._run("connection-test", check, done, failed)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
