"""Signing in with a directory (LDAP) profile from the window: the password asked in a dialog.

:class:`PasswordDialog` asks for the password of the profile's user name (a masked field, no copy);
:func:`sign_in_with_password` sends it once, in a worker, with
:class:`~ensure_browser.core.auth.ldap_signin.LdapSignIn`. The password is never stored or logged: the
field is emptied as soon as it is read, and the only reference to the text lives in the worker's call
until it returns (Python strings cannot be wiped; they are released). A refused password asks again,
with the reason above the field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.auth.oidc_signin import SignedIn
from ensure_browser.core.connection import to_settings
from ensure_browser.core.profiles.model import Profile
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

Then = Callable[[LdapSignIn, SignedIn], None]


class PasswordDialog(QDialog):
    """The directory password of one profile's user (see the module's docstring)."""

    def __init__(self, profile: Profile, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sign in to {0}").format(profile.name))
        self.setAccessibleName(tr("Directory sign-in"))
        self.reason = QLabel(reason)
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))
        self.text = QLabel(tr("Password of {0} in the school directory:").format(profile.user_name))
        self.text.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(tr("Directory password"))
        self.text.setBuddy(self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Sign in"))
        ok.setAccessibleName(tr("Sign in with this password"))
        ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(tr("Cancel the sign-in"))
        self.password_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text)))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.rejected.connect(self.password_edit.clear)
        layout = QVBoxLayout(self)
        for widget in (self.reason, self.text, self.password_edit, self.buttons):
            layout.addWidget(widget)

    def take_password(self) -> str:
        """The typed password; the field is emptied (nothing of it stays in the dialog)."""
        password = self.password_edit.text()
        self.password_edit.clear()
        return password


def sign_in_with_password(window: Host, profile: Profile, *, then: Then | None = None, reason: str = "") -> None:
    """Ask for the password of ``profile`` and sign in; connect the window (or ``then(flow, signed)``)."""
    try:
        flow = LdapSignIn(profile, to_settings(profile, ""))
    except ValueError as err:
        window.show_error(tr("The profile {0} cannot be used: {1}").format(profile.name, err))
        return
    dialog = PasswordDialog(profile, reason, window)

    def send() -> None:
        secret = [dialog.take_password()]  # the one reference, dropped by the worker once sent
        dialog.deleteLater()
        window.show_status(tr("Signing in to {0}…").format(profile.name))

        def work(_ctx: TaskContext) -> SignedIn:
            return flow.sign_in(secret.pop())

        workers().run("sign-in", work, on_done=done, on_error=failed, owner=window, name="directory sign in")

    def done(signed: SignedIn) -> None:
        if then is not None:
            then(flow, signed)
            return
        window.connect_to(Connection(label=profile.name, settings=flow.session_settings(signed), names=profile.buckets))

    def failed(exc: BaseException) -> None:
        window.show_status(tr("Not signed in"))
        message = error_text(exc)
        if isinstance(exc, SignInError):  # a refused password: ask again, saying why
            sign_in_with_password(window, profile, then=then, reason=message)
            return
        window.show_error(tr("Signing in to {0} failed: {1}").format(profile.name, message),
                          lambda: sign_in_with_password(window, profile, then=then))

    def cancelled() -> None:
        dialog.deleteLater()
        window.show_status(tr("Not signed in"))

    dialog.accepted.connect(send)
    dialog.rejected.connect(cancelled)
    dialog.open()
