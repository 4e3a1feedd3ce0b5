"""The connection profiles dialog.

Profiles (no secrets) live in a :class:`~ensure_browser.core.profiles.store.ProfileStore`; secrets go to
the OS keyring through a :class:`~ensure_browser.core.profiles.secrets.SecretStore`. Keyring access blocks
(D-Bus) and a connection test talks to the network, so both run through
:func:`ensure_browser.ui.workers.workers`; the dialog only shows their results. The list and the form
are widgets of their own (:mod:`.profile_list`, :mod:`.form`), and so is the connection test
(:mod:`.connection_test`); the dialog keeps what ties them together: the selection, the draft, and
whether the form holds unsaved changes.

The main window creates ``ProfilesDialog(store, secrets, parent)`` and listens to
``connect_requested(Profile, secret)`` (:mod:`ensure_browser.ui.profiles.flow`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.connection import import_from_environment
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SecretLocation, SecretStore
from ensure_browser.core.profiles.store import ProfileError, ProfileStore
from ensure_browser.core.profiles.validation import ValidationError, validate_name
from ensure_browser.logs import register_secret
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.profiles.connection_test import ConnectionTest
from ensure_browser.ui.profiles.form import ERROR_TONE, OK_TONE, ProfileForm, StatusLine, error_message
from ensure_browser.ui.profiles.profile_list import ProfileList
from ensure_browser.ui.profiles.secret_field import SecretField
from ensure_browser.ui.profiles.tasks import DialogTasks
from ensure_browser.ui.toned import set_tone

log = logging.getLogger(__name__)


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question (No by default); True for Yes."""
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ProfilesDialog(QDialog):
    """Add, edit, duplicate, rename, delete, import, test and connect connection profiles."""

    connect_requested = Signal(object, str)  # (Profile, secret)

    def __init__(
        self,
        store: ProfileStore,
        secrets: SecretStore,
        parent: QWidget | None = None,
        *,
        select: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self.setWindowTitle(self.tr("Connection profiles"))
        self.setObjectName("profiles-dialog")
        self.resize(860, 600)

        self._draft: Profile | None = None  # a new profile not saved yet (Add, Duplicate, Import)
        self._draft_secret = ""
        self._current: str | None = None  # name of the saved profile in the form
        self._loaded: Profile | None = None  # what the form showed when it was filled
        self.tasks = DialogTasks(self)
        self._filling = False

        self._build()
        self._refresh_list(select or (store.last_used.name if store.last_used else None))
        self.secret_field.probe()

    # -- construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.problem_label = QLabel(self.store.problem or "")
        self.problem_label.setWordWrap(True)
        set_tone(self.problem_label, ERROR_TONE)
        self.problem_label.setVisible(bool(self.store.problem))

        self.profiles = ProfileList()  # left: the list and what to do with it
        self.profiles.profile_list.currentItemChanged.connect(self._on_current_changed)
        self.profiles.add_button.clicked.connect(self.add_profile)
        self.profiles.duplicate_button.clicked.connect(self.duplicate_profile)
        self.profiles.rename_button.clicked.connect(self.ask_rename)
        self.profiles.delete_button.clicked.connect(self.ask_delete)
        self.profiles.import_button.clicked.connect(self.import_environment)
        self.form = ProfileForm()  # right: the form
        self.secret_field = SecretField(self.form, self.secrets, self.tasks.run, self._update_enabled)

        self.status = StatusLine()  # below the form: the outcomes, then the main buttons
        self.test_button = QPushButton(self.tr("Test connection"))
        self.save_button = QPushButton(self.tr("Save"))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.connection_test = ConnectionTest(self.test_button, self.status.busy, self.tasks.run, self._set_status,
                                              self._update_enabled)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save)
        self.connect_button.clicked.connect(self.connect_profile)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.close_button)

        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addStretch(1)
        right.addWidget(self.status)
        right.addLayout(buttons)

        body = QHBoxLayout()
        body.addWidget(self.profiles, 2)
        body.addLayout(right, 5)
        outer = QVBoxLayout(self)
        outer.addWidget(self.problem_label)
        outer.addLayout(body, 1)

    # -- small helpers ---------------------------------------------------------------------------
    @property
    def idle(self) -> bool:
        """No keyring or connection work is running for this dialog."""
        return self.tasks.idle

    def _set_status(self, text: str, tone_name: str = "") -> None:
        self.status.set_status(text, tone_name)

    def _may_discard(self, question: str = "") -> bool:
        """True when the form has no unsaved changes, or the user agrees to lose them."""
        return not self.is_dirty() or ask(self,
            self.tr("Unsaved changes"), question or self.tr("Discard the changes to this profile?"))

    @property
    def draft(self) -> Profile | None:
        return self._draft

    @property
    def current_name(self) -> str | None:
        """The saved profile shown in the form (None for a draft or nothing)."""
        return self._current

    # -- list ------------------------------------------------------------------------------------
    def _refresh_list(self, select: str | None = None, select_draft: bool = False) -> None:
        self.profiles.fill(self.store.profiles(), select, self._draft, select_draft)
        self._show_selection()

    def _on_current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._filling:
            return
        if previous is not None and not self._may_discard():
            self.profiles.select_quietly(previous)
            return
        if current is not None and current.data(Qt.ItemDataRole.UserRole) is not None and self._draft:
            # Leaving a draft discards it.
            name = current.data(Qt.ItemDataRole.UserRole)
            self._draft = None
            self._refresh_list(name)
            return
        self._show_selection()

    def _show_selection(self) -> None:
        has = self.profiles.has_selection()
        name = self.profiles.current_name()
        self.secret_field.forget_reads()
        self.form.clear_errors()
        self._set_status("")
        if not has:
            self._current, self._loaded = None, None
            self._fill(None, "")
        elif name is None and self._draft is not None:
            self._current = None
            self._fill(self._draft, self._draft_secret)
        else:
            profile = self.store.get(name) if name is not None else None
            self._current = name
            self._fill(profile, "")
            if profile is not None:
                self.secret_field.load(profile.name)
        self._update_enabled()

    def _fill(self, profile: Profile | None, secret: str) -> None:
        self._filling = True
        try:
            self.form.fill(profile, secret, saved=self._current is not None,
                           session_only=self.secret_field.keyring_ok is False)
            self._loaded = self.form.profile() if profile is not None else None
            self.secret_field.loaded = secret if self._current else ""
        finally:
            self._filling = False
        self.secret_field.show_location(None)

    def is_dirty(self) -> bool:
        """True when the form differs from what was saved (a draft is always unsaved)."""
        if self._draft is not None and self._current is None and self.profiles.has_selection():
            return True
        if self._loaded is None:
            return False
        return self.form.profile() != self._loaded or self.form.secret != self.secret_field.loaded

    def _update_enabled(self) -> None:
        has = self.profiles.has_selection()
        writable = not self.store.read_only
        self.form.update_tls_enabled()
        self.profiles.update_enabled(has=has, saved=self._current is not None, writable=writable)
        self.save_button.setEnabled(has and writable)
        self.connect_button.setEnabled(has)
        self.test_button.setEnabled(has and not self.connection_test.running)
        self.form.session_only_check.setEnabled(self.secret_field.keyring_ok is True)

    # -- profile actions -------------------------------------------------------------------------
    def _start_draft(self, profile: Profile, secret: str, status: str = "") -> None:
        if not self._may_discard():
            return
        self._draft = profile
        self._draft_secret = secret
        self._current = None
        self._refresh_list(select_draft=True)
        self.form.name_edit.setFocus()
        self.form.name_edit.selectAll()
        if status:
            self._set_status(status)

    def add_profile(self) -> None:
        name = self.store.unique_name(self.tr("New profile"))
        self._start_draft(Profile(name=name, endpoint="localhost:9000"), "")

    def duplicate_profile(self) -> None:
        source = self.form.profile()
        stem = self.tr("{0} copy").format(source.name) if source.name else self.tr("New profile")
        self._start_draft(source.renamed(self.store.unique_name(stem)), self.form.secret)

    def import_environment(self) -> None:
        try:
            profile, secret = import_from_environment(os.environ)
        except ValidationError as err:
            self._set_status(tr_text(err.message), ERROR_TONE)
            return
        profile = profile.renamed(self.store.unique_name(profile.name))
        note = self.tr("Imported from the environment. Check the settings, then save.")
        if secret is None:
            note += " " + self.tr("No secret key was set in the environment: enter it.")
        self._start_draft(profile, secret or "", note)

    def _validated(self, need_secret: bool) -> Profile | None:
        """The form's profile when it is valid; else None with the messages next to the fields."""
        name = self.form.name_edit.text().strip()
        profile = self.form.validated(name_taken=self._current is None and name in self.store,
                                      need_secret=need_secret)
        if profile is None:
            self._set_status(self.tr("Correct the marked fields."), ERROR_TONE)
        return profile

    def _store_profile(self, profile: Profile) -> bool:
        """Write the profile (not its secret) to the profiles file."""
        try:
            self.store.put(profile)
        except ProfileError as err:
            self._set_status(tr_text(err.message), ERROR_TONE)
            return False
        was_draft = self._current is None
        self._draft = None if was_draft else self._draft
        self._current = profile.name
        if was_draft:
            self.profiles.fill_saved(self.store.profiles(), profile.name)
        self._loaded = profile
        self.form.name_edit.setReadOnly(True)
        self._update_enabled()
        return True

    def _store_secret(self, name: str, secret: str, then: Callable[[SecretLocation | None], None],
                      force_session: bool = False) -> None:
        """Keyring (or session) write in a worker; ``then(location)`` runs on success."""

        def failed() -> None:
            self._set_busy(False)
            self._set_status(self.tr("The profile was saved, but not its secret key."), ERROR_TONE)

        self._set_busy(True)
        self.secret_field.store(name, secret, then, failed, force_session)

    def _set_busy(self, busy: bool) -> None:
        self.status.busy.setVisible(busy)
        for button in (self.save_button, self.connect_button):
            button.setEnabled(not busy)

    def save(self) -> None:
        """Validate and save the form's profile; its secret goes to the keyring (in a worker)."""
        profile = self._validated(need_secret=False)
        if profile is None or not self._store_profile(profile):
            return
        self._set_status(self.tr("Saved."), OK_TONE)
        secret = self.form.secret
        if self.secret_field.unchanged(profile.name):
            return
        force_session = profile.name in self.secret_field.fallback

        def saved(where: SecretLocation | None) -> None:
            self._set_busy(False)
            self._update_enabled()
            self._set_status(self.tr("Saved."), OK_TONE)

        self._store_secret(profile.name, secret, saved, force_session)

    def connect_profile(self) -> None:
        """Save what changed, remember the profile as last used, emit ``connect_requested``."""
        profile = self._validated(need_secret=True)
        if profile is None:
            return
        secret = self.form.secret
        register_secret(secret)
        changed = self.is_dirty() or self._current is None
        if changed and not self._store_profile(profile):
            return

        def finish(_where: SecretLocation | None = None) -> None:
            self._set_busy(False)
            try:
                self.store.set_last_used(profile.name)
            except ProfileError as err:
                log.warning("could not remember the last used profile: %s", err.message)
            log.info("connecting with profile %r", profile.name)
            self.connect_requested.emit(profile, secret)
            self.accept()

        if self.secret_field.unchanged(profile.name):
            finish()
        else:
            self._store_secret(profile.name, secret, finish, profile.name in self.secret_field.fallback)

    def ask_rename(self) -> None:
        old = self._current
        if old is None:
            return
        if not self._may_discard():
            return
        new, ok = QInputDialog.getText(self, self.tr("Rename profile"), self.tr("New name:"),
                                       QLineEdit.EchoMode.Normal, old)
        if ok:
            self.rename_profile(new)

    def rename_profile(self, new: str) -> None:
        """Rename the saved profile in the form: the keyring entry moves first, then the file."""
        old = self._current
        if old is None:
            return
        try:
            new = validate_name(new)
            if new != old and new in self.store:
                raise ValidationError("name", self.tr("A profile called '{0}' exists already.").format(new))
        except ValidationError as err:
            self._set_status(tr_text(err.message), ERROR_TONE)
            return
        if new == old:
            return

        def moved() -> None:
            try:
                self.store.rename(old, new)
            except ProfileError as err:
                self._set_status(tr_text(err.message), ERROR_TONE)
                self.secret_field.move_back(new, old)
                return
            self.secret_field.fallback.discard(old)
            self._refresh_list(new)
            self._set_status(self.tr("Renamed to {0}.").format(new), OK_TONE)

        def failed(exc: BaseException) -> None:
            self._set_status(
                self.tr("The profile was not renamed: its secret could not be moved. {0}").format(
                    error_message(exc)), ERROR_TONE)

        self.secret_field.move(old, new, moved, failed)

    def ask_delete(self) -> None:
        if self._current is None:
            if self._draft is not None:
                self._draft = None
                self._refresh_list()
            return
        name = self._current
        if ask(self, self.tr("Delete profile"),
                     self.tr("Delete the profile '{0}' and its stored secret key?").format(name)):
            self.delete_profile(name)

    def delete_profile(self, name: str) -> None:
        """Remove the profile from the file and its secret from the keyring (in a worker)."""
        try:
            self.store.remove(name)
        except ProfileError as err:
            self._set_status(tr_text(err.message), ERROR_TONE)
            return
        self._loaded = None
        self._current = None
        self._refresh_list()
        self._set_status(self.tr("Deleted {0}.").format(name), OK_TONE)

        def failed(exc: BaseException) -> None:
            self._set_status(
                self.tr("The profile was deleted, but its secret could not be removed from the keyring: "
                        "{0}").format(error_message(exc)), ERROR_TONE)

        self.secret_field.delete(name, failed)

    # -- connection test -------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Connect with the form's settings in a worker; show the storage core's message."""
        profile = self._validated(need_secret=True)
        if profile is None:
            return
        secret = self.form.secret
        register_secret(secret)
        self._set_status(self.tr("Connecting to {0}…").format(profile.endpoint))
        self.connection_test.start(profile, secret)

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        if not self._may_discard(self.tr("Close and discard the unsaved changes?")):
            return
        self.connection_test.cancel()
        super().reject()

