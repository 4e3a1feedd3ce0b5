"""Signing in with an OpenID Connect profile from the window.

The steps (:class:`~ensure_browser.core.auth.oidc_signin.OidcSignIn`) run in a worker: first the refresh
token kept in the keyring (no browser when it still works), else the system browser
(``QDesktopServices.openUrl``) with the loopback redirect. Meanwhile :class:`WaitingDialog` says what
to do, shows the address (to copy when no browser opens) and offers Cancel; a closed tab ends in a
plain message after :data:`~ensure_browser.core.auth.oidc_signin.BROWSER_TIMEOUT`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ensure_browser.core.auth.errors import SignInCancelled
from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.auth.oidc_signin import OidcSignIn, SignedIn
from ensure_browser.core.connection import to_settings
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

OpenUrl = Callable[[str], bool]
SignInFlow = OidcSignIn | LdapSignIn  # what ``then`` gets: its renewer(signed) renews the keys (or None)



def system_browser(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


class WaitingDialog(QDialog):
    """While the person signs in in the browser: what to do, the address, Cancel."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sign in to {0}").format(profile.name))
        self.setAccessibleName(tr("Signing in"))
        self.text = QLabel(tr("Opening the sign-in page of {0} in your web browser…").format(profile.issuer))
        self.text.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setAccessibleName(tr("Sign-in address"))
        self.url_edit.hide()
        self.copy_button = QPushButton(tr("Copy address"))
        self.copy_button.setAccessibleName(tr("Copy the sign-in address"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.url_edit.text()))
        self.copy_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Cancel the sign-in"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.text, self.url_edit, self.copy_button, buttons):
            layout.addWidget(widget)

    def browser_opened(self, url: str, opened: bool) -> None:
        self.url_edit.setText(url)
        self.url_edit.setVisible(True)
        self.copy_button.setVisible(True)
        if opened:
            self.text.setText(tr("Sign in in your web browser, then come back here. If no page opened, "
                                 "open this address yourself:"))
        else:
            self.text.setText(tr("No web browser could be opened. Open this address in a browser on this "
                                 "computer to sign in:"))


def sign_in(window: Host, profile: Profile, secrets: SecretStore, *, open_url: OpenUrl = system_browser,
            then: Callable[[SignInFlow, SignedIn], None] | None = None, use_kept: bool = True) -> None:
    """Sign in with ``profile`` and connect the window (or call ``then(flow, signed)`` instead); a directory
    (LDAP) profile asks for its password (:mod:`.password_sign_in`)."""
    if profile.kind is Kind.LDAP:  # a password, asked in the window
        from ensure_browser.ui.auth.password_sign_in import sign_in_with_password

        sign_in_with_password(window, profile, then=then)
        return
    try:
        flow = OidcSignIn(profile, to_settings(profile, ""), secrets)
    except ValueError as err:
        window.show_error(tr("The profile {0} cannot be used: {1}").format(profile.name, err))
        return
    dialog = WaitingDialog(profile, window)
    window.show_status(tr("Signing in to {0}…").format(profile.name))

    def work(ctx: TaskContext) -> SignedIn:
        if use_kept:
            try:
                kept = flow.kept()
            except Exception as err:  # an old or revoked refresh token: the browser then
                log.info("the kept sign-in of %s did not work: %s", profile.name, err)
            else:
                if kept is not None:
                    return kept

        def browser(url: str) -> bool:
            ctx.progress(url, force=True)  # opened on the GUI thread
            return True

        return flow.interactive(browser, cancel=ctx.token)

    def progress(url: object) -> None:
        if not dialog.isVisible():
            dialog.open()
        dialog.browser_opened(str(url), open_url(str(url)))

    def done(signed: SignedIn) -> None:
        dialog.done(QDialog.DialogCode.Accepted)
        dialog.deleteLater()
        if then is not None:
            then(flow, signed)
            return
        window.connect_to(Connection(label=profile.name, settings=flow.session_settings(signed), names=profile.buckets))

    def failed(exc: BaseException) -> None:
        dialog.done(QDialog.DialogCode.Rejected)
        dialog.deleteLater()
        window.show_status(tr("Not signed in"))
        if isinstance(exc, SignInCancelled):
            return
        message = error_text(exc)
        window.show_error(tr("Signing in to {0} failed: {1}").format(profile.name, message),
                          lambda: sign_in(window, profile, secrets, open_url=open_url, then=then, use_kept=use_kept))

    handle = workers().run("sign-in", work, on_done=done, on_error=failed, on_progress=progress,
                           on_cancelled=lambda: failed(SignInCancelled("Sign-in was cancelled.")), owner=window,
                           name="sign in")
    dialog.rejected.connect(lambda: handle.token.cancel("Sign-in was cancelled."))
