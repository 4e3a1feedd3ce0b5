"""Who is signed in and until when (the status bar), renewal failures, "Sign in again" and "Sign out".

For a connection whose keys are a person's temporary keys
(:class:`~ensure_browser.core.auth.session.SessionCredentials`): the status bar says "Signed in as
alice until 14:05"; a renewal that fails while the keys still work is a warning; once they have expired
the banner asks to sign in again, the transfers that met it wait paused (not failed) and resume after the
new sign-in (:func:`~ensure_browser.core.transfers.signed_out.resume_signed_in`). File > Sign out ends
the keys and forgets the refresh token kept in the keyring.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ensure_browser.core.auth.oidc_signin import SignedIn
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.transfers.signed_out import resume_signed_in
from ensure_browser.ui import formats
from ensure_browser.ui.auth.sign_in import OpenUrl, SignInFlow, sign_in, system_browser
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, tr, tr_text
from ensure_browser.ui.profiles.flow import services
from ensure_browser.ui.transfers.actions import TransferActions
from ensure_browser.ui.workers import TaskContext, workers

if TYPE_CHECKING:
    from ensure_browser.core.auth.session import SessionCredentials

log = logging.getLogger(__name__)

REFRESH_MS = 30_000



def clock(when: datetime) -> str:
    """``when`` in local time: the hour, with the date when it is not today."""
    local = when.astimezone()
    return formats.time_of_day(local) if local.date() == datetime.now().astimezone().date() \
        else formats.date_time(local)


def signed_in_session(connection: Connection) -> SessionCredentials | None:
    """The connection's sign-in session, or None for one with keys. The session module (and minio with it)
    is not imported for that: until a sign-in has loaded it, no connection can hold a session."""
    session_module = sys.modules.get("ensure_browser.core.auth.session")
    session = connection.settings.credentials
    if session_module is None or not isinstance(session, session_module.SessionCredentials):
        return None
    return session


class SessionBar(QObject):
    """The sign-in session of the window's connection (see the module's docstring)."""

    changed = Signal()  # the session renewed or failed (emitted from the requesting thread)

    def __init__(self, window: Host, open_url: OpenUrl = system_browser) -> None:
        super().__init__(window)
        self.window = window
        self.open_url = open_url
        self.session: SessionCredentials | None = None
        self.profile: Profile | None = None
        self._asked = False  # the banner asked to sign in again for this expiry
        self._asked_early = False  # the password was asked for before these keys end
        self._signed_out = False
        self.label = QLabel()
        self.label.setAccessibleName(tr("Sign-in session"))
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.sign_in_action = QAction(tr("Sign &in again…"), window)
        self.sign_in_action.triggered.connect(self.sign_in_again)
        self.sign_out_action = QAction(tr("Sign &out"), window)
        self.sign_out_action.triggered.connect(self.sign_out)
        for action in (self.sign_in_action, self.sign_out_action):
            action.setEnabled(False)
        window.add_file_actions(self.sign_in_action, self.sign_out_action)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.changed.connect(self.refresh)
        window.connected.connect(self._on_connected)

    def _on_connected(self, connection: Connection) -> None:
        self.session = signed_in_session(connection)
        self.profile = services(self.window).store.get(connection.label) if self.session else None
        if self.session is not None:
            self.session.subscribe(lambda _s: self.changed.emit())
            self.timer.start()
        else:
            self.timer.stop()
        self._asked = self._signed_out = self._asked_early = False
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        self.label.setVisible(session is not None)
        self.sign_in_action.setEnabled(session is not None and self.profile is not None)
        self.sign_out_action.setEnabled(session is not None and session.signed_in)
        if session is None:
            return
        expires = session.expires
        expired = expires is not None and expires <= datetime.now(UTC)
        failure = session.failure
        if self._signed_out:
            self.label.setText(tr("Signed out"))
            return
        if expired and not session.signed_in:
            self.label.setText(tr("Sign-in of {0} expired").format(session.person))
            if not self._asked:
                self._asked = True
                if failure is None and not session.renewable:  # a password sign-in ends without renewal
                    text = tr("Your sign-in has ended. Transfers wait, paused, until you sign in again.")
                else:
                    text = tr("Your sign-in has expired and could not be renewed ({0}). Transfers wait, "
                              "paused, until you sign in again.").format(tr_text(failure.message) if failure else "")
                self.window.show_error(text, self.sign_in_again)
            return
        if expires is not None:  # look again when the keys expire (or, without renewal, near it)
            left = (expires - datetime.now(UTC)).total_seconds()
            if not session.renewable and left <= session.margin and not self._asked_early:
                self._asked_early = True  # a password sign-in: ask for it once before the keys end
                self._ask_before_expiry(expires)
            ask_at = left - session.margin if not session.renewable and not self._asked_early else left
            self.timer.setInterval(max(1000, min(REFRESH_MS, int(ask_at * 1000) + 500)))
        until = clock(expires) if expires is not None else "?"
        self.label.setText(tr("Signed in as {0} until {1}").format(session.person, until))
        self.label.setToolTip(tr("You will be asked for your password before then.") if not session.renewable else
                              tr("The keys renew themselves before then.") if failure is None else
                              tr("Renewing the keys failed ({0}); they work until {1}.").format(
                                  tr_text(failure.message), until))

    # -- actions --------------------------------------------------------------------------------------
    def sign_in_again(self) -> None:
        """A new sign-in in the browser for the same connection: new keys, waiting transfers resume."""
        if self.profile is None or self.session is None:
            return
        sign_in(self.window, self.profile, services(self.window).secrets, open_url=self.open_url,
                then=self._restart, use_kept=False)

    def _ask_before_expiry(self, expires: datetime) -> None:
        """Keys that cannot renew themselves end soon: ask for the password now (Cancel: they end)."""
        if self.profile is None or self.session is None:
            return
        from ensure_browser.ui.auth.password_sign_in import sign_in_with_password

        sign_in_with_password(self.window, self.profile, then=self._restart,
                              reason=tr("Your sign-in as {0} ends at {1}. Enter your password again to go on; "
                                        "transfers keep running.").format(self.session.person, clock(expires)))

    def _restart(self, flow: SignInFlow, signed: SignedIn) -> None:
        session = self.session
        if session is None:
            return
        session.restart(signed.credentials, flow.renewer(signed), signed.person)
        self._asked = self._signed_out = self._asked_early = False
        actions = self.window.service(TransferActions)
        resumed = resume_signed_in(actions.controller.queue) if actions and actions.controller else []
        self.window.show_status(tr("Signed in again as {0}; {1} waiting transfer(s) resumed.")
                                .format(signed.person, len(resumed)))
        self.refresh()

    def sign_out(self) -> None:
        """End the keys and forget the refresh token kept in the keyring (in a worker: D-Bus)."""
        session, profile = self.session, self.profile
        if session is None:
            return
        self._signed_out = True  # on purpose: no banner about an expiry
        session.end()
        self.window.show_status(tr("Signed out of {0}.").format(profile.name if profile else session.person))
        self.refresh()
        if profile is None:
            return
        secrets = services(self.window).secrets

        def work(_ctx: TaskContext) -> None:
            secrets.delete(profile.secret_account)

        def failed(exc: BaseException) -> None:
            self.window.show_error(tr("Signed out, but the kept sign-in could not be removed from the keyring: {0}")
                                   .format(error_text(exc)))

        def done(_result: None) -> None:
            self.window.show_status(tr("Signed out of {0}; the kept sign-in was removed from the keyring.")
                                    .format(profile.name))

        workers().run("misc", work, on_done=done, on_error=failed, owner=self.window, name="forget refresh token")


def install_sign_in_session(window: Host) -> SessionBar:
    bar = SessionBar(window)
    window.provide(SessionBar, bar)
    return bar
