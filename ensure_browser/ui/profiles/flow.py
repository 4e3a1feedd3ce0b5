"""Opening connection profiles from the main window: start-up, --profile, the Connections menu and
the "Switch connection" menu of saved profiles (:func:`build_profiles_menu`).

One ProfileStore and one SecretStore serve the whole app (session-only secrets live in the latter).
Keyring reads are D-Bus calls: they run in a worker like every other blocking call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ensure_browser.core.connection import stored_secret, to_settings
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.workers import TaskContext, workers

if TYPE_CHECKING:
    from ensure_browser.ui.profiles.dialog import ProfilesDialog

log = logging.getLogger(__name__)



class ProfileServices:
    """The app-wide profile and secret stores, offered by the main window (``host.service``)."""

    def __init__(self, store: ProfileStore | None = None, secrets: SecretStore | None = None) -> None:
        self.store = store or ProfileStore()
        self.secrets = secrets or SecretStore()


def services(window: Host) -> ProfileServices:
    """The profile and secret stores of ``window`` (made on first use)."""
    found = window.service(ProfileServices)
    if found is not None:
        return found
    svc = ProfileServices()
    window.provide(ProfileServices, svc)
    return svc


def install_profiles_menu(window: Host, svc: ProfileServices | None = None) -> None:
    """File > Connections… and File > Switch connection (rebuilt each time it opens)."""
    if svc is not None:
        window.provide(ProfileServices, svc)
    manage = QAction(tr("&Connections…"), window)
    manage.setShortcut(QKeySequence("Ctrl+Shift+O"))
    manage.triggered.connect(lambda: open_dialog(window))
    switch = QMenu(tr("&Switch connection"), window)
    window.add_file_actions(manage, switch)
    switch.aboutToShow.connect(
        lambda: build_profiles_menu(switch, services(window).store, lambda p: open_profile(window, p.name))
    )


def open_dialog(window: Host, select: str | None = None) -> ProfilesDialog:
    from ensure_browser.ui.profiles.dialog import ProfilesDialog

    svc = services(window)
    dialog = ProfilesDialog(svc.store, svc.secrets, window, select=select)
    dialog.connect_requested.connect(lambda profile, secret: connect_profile(window, profile, secret))
    dialog.open()
    return dialog


def welcome(window: Host, try_demo: Callable[[], None] | None) -> None:
    """The first run (no profile at all): ask how to start instead of showing an empty form."""
    from ensure_browser.ui.profiles.welcome import Start, WelcomeDialog

    dialog = WelcomeDialog(window)
    if try_demo is None:
        dialog.demo_button.hide()

    def chosen(_result: int) -> None:
        if dialog.choice is Start.ADD:
            open_dialog(window).add_profile()
        elif dialog.choice is Start.ENVIRONMENT:
            open_dialog(window).import_environment()
        elif dialog.choice is Start.DEMO and try_demo is not None:
            try_demo()
        else:
            window.show_status(tr("Not connected: add a connection in File > Connections…"))
        dialog.deleteLater()

    dialog.finished.connect(chosen)
    dialog.open()


def connect_profile(window: Host, profile: Profile, secret: str) -> None:
    if profile.kind is not Kind.KEYS:  # a person signs in: temporary keys (ui/auth)
        from ensure_browser.ui.auth.sign_in import sign_in

        sign_in(window, profile, services(window).secrets)
        return
    window.connect_to(Connection(label=profile.name, settings=to_settings(profile, secret), names=profile.buckets))


def open_profile(window: Host, name: str | None, try_demo: Callable[[], None] | None = None) -> None:
    """Connect with ``name`` (or the last used profile); ask through the dialog when needed.

    With no profile at all (the first run) the welcome dialog offers the ways to start, the demo
    among them when ``try_demo`` is given."""
    svc = services(window)
    if svc.store.problem:
        window.show_error(svc.store.problem)
    profile = svc.store.get(name) if name else svc.store.last_used
    if profile is None and not name and not svc.store.profiles():
        welcome(window, try_demo)
        return
    if profile is None:
        if name:
            window.show_error(tr("There is no connection profile named {0}.").format(name))
        open_dialog(window)
        return
    if profile.kind is not Kind.KEYS:
        svc.store.set_last_used(profile.name)
        connect_profile(window, profile, "")
        return
    window.show_status(tr("Reading the secret of {0} from the keyring…").format(profile.name))

    def work(_ctx: TaskContext) -> str | None:
        return stored_secret(profile.name, svc.secrets)

    def done(secret: str | None) -> None:
        if secret is None:
            window.show_status(tr("Not connected"))
            open_dialog(window, select=profile.name)
            return
        svc.store.set_last_used(profile.name)
        connect_profile(window, profile, secret)

    def failed(exc: BaseException) -> None:
        window.show_status(tr("Not connected"))
        message = error_text(exc)
        window.show_error(tr("The secret of {0} could not be read: {1}").format(profile.name, message),
                          lambda: open_profile(window, profile.name))

    workers().run("misc", work, on_done=done, on_error=failed, owner=window, name="read secret")


def build_profiles_menu(menu: QMenu, store: ProfileStore, on_pick: Callable[[Profile], None]) -> None:
    """Fill ``menu`` with one entry per saved profile (the last used one checked).

    Call it again (e.g. from ``menu.aboutToShow``) to reflect changes; ``on_pick(profile)`` runs when
    an entry is chosen.
    """
    menu.clear()
    profiles = store.profiles()
    if not profiles:
        empty = menu.addAction(QCoreApplication.translate("ProfilesMenu", "No saved profiles"))
        empty.setEnabled(False)
        return
    last = store.last_used
    for profile in profiles:
        action = menu.addAction(profile.name)
        action.setCheckable(True)
        action.setChecked(last is not None and last.name == profile.name)
        action.setToolTip(profile.endpoint)
        action.triggered.connect(lambda _checked=False, p=profile: on_pick(p))
