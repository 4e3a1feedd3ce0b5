"""The connection profiles dialog, and a menu of profiles for the main window.

Profiles (no secrets) live in a :class:`~ensure_browser.core.profiles.store.ProfileStore`; secrets go to
the OS keyring through a :class:`~ensure_browser.core.profiles.secrets.SecretStore`. Keyring access blocks
(D-Bus) and a connection test talks to the network, so both run through
:func:`ensure_browser.ui.workers.workers`; the dialog only shows their results.

The main window creates ``ProfilesDialog(store, secrets, parent)``, listens to
``connect_requested(Profile, secret)`` and may fill a "Switch profile" menu with
:func:`build_profiles_menu`.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.connection import BucketAccess, import_from_environment, open_buckets, to_settings
from ensure_browser.core.errors import StorageError
from ensure_browser.core.profiles.model import DEFAULT_REGION, Profile
from ensure_browser.core.profiles.secrets import SecretLocation, SecretStore, SecretStoreError
from ensure_browser.core.profiles.store import ProfileError, ProfileStore
from ensure_browser.core.profiles.validation import (
    ValidationError,
    validate_ca_file,
    validate_endpoint,
    validate_name,
    validate_profile,
)
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import ROLES, BucketNames
from ensure_browser.logs import register_secret
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

_ERROR_STYLE = "color:#a4000f;"
_OK_STYLE = "color:#0b6b1f;"
_MUTED_STYLE = "color:palette(mid);"


def _message(exc: BaseException) -> str:
    """The human message of a core error; anything else is unexpected and says so."""
    text = getattr(exc, "message", None)
    if isinstance(text, str) and text:
        return text
    return QCoreApplication.translate("ProfilesDialog", "Unexpected error: {0}").format(exc)


class _Field(QWidget):
    """A form widget with its inline validation message below it."""

    def __init__(self, widget: QWidget, *extra: QWidget) -> None:
        super().__init__()
        self.widget = widget
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        for w in extra:
            row.addWidget(w)
        outer.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        outer.addWidget(self.error)

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


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
        self._loaded_secret = ""  # the secret as it was when the form was filled
        self._generation = 0  # bumps at each selection: late keyring answers are dropped
        self._keyring_ok: bool | None = None  # None until the worker has looked
        self._keyring_label = ""
        self._session_fallback: set[str] = set()  # keyring failed: Connect again keeps it in memory
        self._tasks: list[TaskHandle] = []
        self._test_handle: TaskHandle | None = None
        self._filling = False

        self._build()
        self._refresh_list(select or (store.last_used.name if store.last_used else None))
        self._check_keyring()

    # -- construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.problem_label = QLabel(self.store.problem or "")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(_ERROR_STYLE)
        self.problem_label.setVisible(bool(self.store.problem))

        # left: the list and what to do with it
        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profile-list")
        self.profile_list.currentItemChanged.connect(self._on_current_changed)
        self.add_button = QPushButton(self.tr("Add"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.import_button = QPushButton(self.tr("Import from environment"))
        self.import_button.setToolTip(
            self.tr("Read MINIO_ENDPOINT, MINIO_ROOT_USER/PASSWORD, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY, "
                    "AWS_S3_ENDPOINT and AWS_S3_BUCKET from this program's environment.")
        )
        self.add_button.clicked.connect(self.add_profile)
        self.duplicate_button.clicked.connect(self.duplicate_profile)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button.clicked.connect(self.ask_delete)
        self.import_button.clicked.connect(self.import_environment)
        left = QVBoxLayout()
        left.addWidget(self.profile_list, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.duplicate_button)
        row2.addWidget(self.rename_button)
        row2.addWidget(self.delete_button)
        left.addLayout(row1)
        left.addLayout(row2)
        left.addWidget(self.import_button)

        # right: the form
        self.name_edit = QLineEdit()
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText(self.tr("host:port, e.g. localhost:9000"))
        self.tls_check = QCheckBox(self.tr("Use TLS (https)"))
        self.verify_check = QCheckBox(self.tr("Verify the server certificate"))
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(self.tr("System certificates"))
        self.ca_button = QPushButton(self.tr("Browse…"))
        self.ca_button.clicked.connect(self.choose_ca_file)
        self.region_edit = QLineEdit()
        self.access_key_edit = QLineEdit()
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_location = QLabel()
        self.secret_location.setStyleSheet(_MUTED_STYLE)
        self.secret_location.setWordWrap(True)
        self.session_only_check = QCheckBox(self.tr("Keep the secret for this session only"))
        self.bucket_edits = {kind: QLineEdit() for kind in ROLES}

        self.fields: dict[str, _Field] = {
            "name": _Field(self.name_edit),
            "endpoint": _Field(self.endpoint_edit),
            "ca_file": _Field(self.ca_edit, self.ca_button),
            "region": _Field(self.region_edit),
            "access_key": _Field(self.access_key_edit),
            "secret": _Field(self.secret_edit),
        }
        for kind, edit in self.bucket_edits.items():
            self.fields[f"bucket_{kind}"] = _Field(edit)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("Name:"), self.fields["name"])
        form.addRow(self.tr("Endpoint:"), self.fields["endpoint"])
        form.addRow("", self.tls_check)
        form.addRow("", self.verify_check)
        form.addRow(self.tr("CA certificate:"), self.fields["ca_file"])
        form.addRow(self.tr("Region:"), self.fields["region"])
        form.addRow(self.tr("Access key:"), self.fields["access_key"])
        form.addRow(self.tr("Secret key:"), self.fields["secret"])
        form.addRow("", self.secret_location)
        form.addRow("", self.session_only_check)
        labels = {
            "documents": self.tr("Documents bucket:"),
            "recordings": self.tr("Recordings bucket:"),
            "ocr": self.tr("OCR bucket:"),
            "mlflow": self.tr("MLflow bucket:"),
        }
        for kind in ROLES:
            form.addRow(labels.get(kind, kind), self.fields[f"bucket_{kind}"])
        self.form_widget = QWidget()
        self.form_widget.setLayout(form)

        # below the form: the test result and the main buttons
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.save_button = QPushButton(self.tr("Save"))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
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
        right.addWidget(self.form_widget)
        right.addStretch(1)
        right.addWidget(self.busy)
        right.addWidget(self.status_label)
        right.addLayout(buttons)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 5)
        outer = QVBoxLayout(self)
        outer.addWidget(self.problem_label)
        outer.addLayout(body, 1)

        self.tls_check.toggled.connect(self._update_enabled)
        self.verify_check.toggled.connect(self._update_enabled)
        self.endpoint_edit.editingFinished.connect(self._check_endpoint)
        self.ca_edit.editingFinished.connect(self._check_ca)
        for key, fld in self.fields.items():
            line = fld.widget
            if isinstance(line, QLineEdit):
                line.textEdited.connect(lambda _text, key=key: self.fields[key].set_error(""))

    # -- small helpers ---------------------------------------------------------------------------
    def _run(self, name: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> TaskHandle:
        """Blocking work (keyring, network) in the misc pool; callbacks on the GUI thread."""

        def work(_ctx: TaskContext) -> Any:
            return fn()

        handle = workers().run("misc", work, on_done=on_done, on_error=on_error, owner=self, name=name)
        self._tasks = [t for t in self._tasks if t.running] + [handle]
        return handle

    @property
    def idle(self) -> bool:
        """No keyring or connection work is running for this dialog."""
        return not any(t.running for t in self._tasks)

    def _set_status(self, text: str, style: str = "") -> None:
        self.status_label.setStyleSheet(style)
        self.status_label.setText(text)

    def _clear_errors(self) -> None:
        for fld in self.fields.values():
            fld.set_error("")

    def _show_errors(self, problems: list[ValidationError]) -> None:
        for problem in problems:
            fld = self.fields.get(problem.field)
            if fld is not None:
                fld.set_error(problem.message)
        if problems:
            first = self.fields.get(problems[0].field)
            if first is not None:
                first.widget.setFocus()

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @property
    def draft(self) -> Profile | None:
        return self._draft

    @property
    def current_name(self) -> str | None:
        """The saved profile shown in the form (None for a draft or nothing)."""
        return self._current

    # -- list ------------------------------------------------------------------------------------
    def _refresh_list(self, select: str | None = None, select_draft: bool = False) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        target: QListWidgetItem | None = None
        for profile in self.store.profiles():
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.profile_list.addItem(item)
            if profile.name == select:
                target = item
        if self._draft is not None:
            item = QListWidgetItem(self.tr("{0} (unsaved)").format(self._draft.name))
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.profile_list.addItem(item)
            if select_draft:
                target = item
        if target is None and self.profile_list.count() and not select_draft:
            target = self.profile_list.item(0)
        if target is not None:
            self.profile_list.setCurrentItem(target)
        else:
            self.profile_list.setCurrentRow(-1)
        self.profile_list.blockSignals(False)
        self._show_selection()

    def _on_current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._filling:
            return
        if previous is not None and self.is_dirty() and not self._ask(
            self.tr("Unsaved changes"), self.tr("Discard the changes to this profile?")
        ):
            self.profile_list.blockSignals(True)
            self.profile_list.setCurrentItem(previous)
            self.profile_list.blockSignals(False)
            return
        if current is not None and current.data(Qt.ItemDataRole.UserRole) is not None and self._draft:
            # Leaving a draft discards it.
            name = current.data(Qt.ItemDataRole.UserRole)
            self._draft = None
            self._refresh_list(name)
            return
        self._show_selection()

    def _show_selection(self) -> None:
        item = self.profile_list.currentItem()
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._generation += 1
        self._clear_errors()
        self._set_status("")
        if item is None:
            self._current, self._loaded = None, None
            self._fill(None, "")
        elif name is None and self._draft is not None:
            self._current = None
            self._fill(self._draft, self._draft_secret)
        else:
            profile = self.store.get(name)
            self._current = name
            self._fill(profile, "")
            if profile is not None:
                self._load_secret(profile.name)
        self._update_enabled()

    def _fill(self, profile: Profile | None, secret: str) -> None:
        self._filling = True
        try:
            p = profile or Profile(name="", endpoint="")
            self.form_widget.setEnabled(profile is not None)
            self.name_edit.setText(p.name)
            self.name_edit.setReadOnly(profile is not None and self._current is not None)
            self.name_edit.setToolTip(
                self.tr("Use Rename to change the name of a saved profile.") if self._current else ""
            )
            self.endpoint_edit.setText(p.endpoint)
            self.tls_check.setChecked(p.tls)
            self.verify_check.setChecked(p.verify_tls)
            self.ca_edit.setText(p.ca_file or "")
            self.region_edit.setText(p.region)
            self.access_key_edit.setText(p.access_key)
            self.secret_edit.setText(secret)
            for kind, edit in self.bucket_edits.items():
                edit.setText(getattr(p.buckets, kind))
            self.session_only_check.setChecked(self._keyring_ok is False)
            self._loaded = self.form_profile() if profile is not None else None
            self._loaded_secret = secret if self._current else ""
        finally:
            self._filling = False
        self._show_secret_location(None)

    def form_profile(self) -> Profile:
        """The profile as the form shows it (not validated; the endpoint as typed when invalid)."""
        tls = self.tls_check.isChecked()
        endpoint = self.endpoint_edit.text().strip()
        with contextlib.suppress(ValidationError):
            endpoint, tls = validate_endpoint(endpoint, tls)
        buckets = replace(
            BucketNames(), **{kind: edit.text().strip() for kind, edit in self.bucket_edits.items()}
        )
        return Profile(
            name=self.name_edit.text().strip(),
            endpoint=endpoint,
            tls=tls,
            verify_tls=self.verify_check.isChecked(),
            ca_file=self.ca_edit.text().strip() or None,
            region=self.region_edit.text().strip() or DEFAULT_REGION,
            access_key=self.access_key_edit.text().strip(),
            buckets=buckets,
        )

    def is_dirty(self) -> bool:
        """True when the form differs from what was saved (a draft is always unsaved)."""
        if self._draft is not None and self._current is None and self.profile_list.currentItem() is not None:
            return True
        if self._loaded is None:
            return False
        return self.form_profile() != self._loaded or self.secret_edit.text() != self._loaded_secret

    def _update_enabled(self) -> None:
        has = self.profile_list.currentItem() is not None
        saved = self._current is not None
        writable = not self.store.read_only
        tls = self.tls_check.isChecked()
        self.verify_check.setEnabled(tls)
        self.ca_edit.setEnabled(tls and self.verify_check.isChecked())
        self.ca_button.setEnabled(tls and self.verify_check.isChecked())
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.duplicate_button.setEnabled(has and writable)
        self.rename_button.setEnabled(saved and writable)
        self.delete_button.setEnabled(has and writable)
        self.save_button.setEnabled(has and writable)
        self.connect_button.setEnabled(has)
        self.test_button.setEnabled(has and (self._test_handle is None or not self._test_handle.running))
        self.session_only_check.setEnabled(self._keyring_ok is True)

    # -- keyring ---------------------------------------------------------------------------------
    def _check_keyring(self) -> None:
        secrets = self.secrets

        def probe() -> tuple[bool, str, str]:
            ok = secrets.available
            return ok, secrets.backend_description() if ok else "", secrets.unavailable_reason() or ""

        def done(result: tuple[bool, str, str]) -> None:
            self._keyring_ok, self._keyring_label, reason = result
            if not self._keyring_ok:
                self.session_only_check.setChecked(True)
                self.session_only_check.setToolTip(reason)
            self._update_enabled()
            self._show_secret_location(None)

        def failed(exc: BaseException) -> None:
            self._keyring_ok, self._keyring_label = False, ""
            self._update_enabled()
            self._show_secret_location(None)
            self.fields["secret"].set_error(_message(exc))

        self._run("keyring-probe", probe, done, failed)

    def _show_secret_location(self, where: SecretLocation | None) -> None:
        """Say where the secret of the form is (or will be) kept."""
        if self._keyring_ok is None:
            text = self.tr("Checking the keyring…")
        elif not self._keyring_ok:
            text = self.tr("Session only: no keyring available. The secret is kept in memory until the "
                           "application quits.")
        elif where is SecretLocation.SESSION or (where is None and self.session_only_check.isChecked()):
            text = self.tr("Session only: kept in memory until the application quits.")
        elif where is SecretLocation.KEYRING:
            text = self.tr("Stored in {0}").format(self._keyring_label)
        else:
            text = self.tr("Will be stored in {0}").format(self._keyring_label)
        self.secret_location.setText(text)

    def _load_secret(self, name: str) -> None:
        generation = self._generation
        secrets = self.secrets
        self.secret_edit.setPlaceholderText(self.tr("Reading the keyring…"))

        def read() -> tuple[str | None, SecretLocation | None]:
            value = secrets.get(name)
            return value, (secrets.location(name) if value is not None else None)

        def done(result: tuple[str | None, SecretLocation | None]) -> None:
            if generation != self._generation:
                return
            value, where = result
            self.secret_edit.setPlaceholderText("" if value else self.tr("Not stored: enter the secret key"))
            if value is not None and not self.secret_edit.text():
                self.secret_edit.setText(value)
                self._loaded_secret = value
            self.session_only_check.setChecked(where is SecretLocation.SESSION or self._keyring_ok is False)
            self._show_secret_location(where)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.secret_edit.setPlaceholderText(self.tr("Enter the secret key"))
            self.fields["secret"].set_error(_message(exc))

        self._run("keyring-read", read, done, failed)

    # -- profile actions -------------------------------------------------------------------------
    def _start_draft(self, profile: Profile, secret: str, status: str = "") -> None:
        if self.is_dirty() and not self._ask(self.tr("Unsaved changes"),
                                             self.tr("Discard the changes to this profile?")):
            return
        self._draft = profile
        self._draft_secret = secret
        self._current = None
        self._refresh_list(select_draft=True)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        if status:
            self._set_status(status)

    def add_profile(self) -> None:
        name = self.store.unique_name(self.tr("New profile"))
        self._start_draft(Profile(name=name, endpoint="localhost:9000"), "")

    def duplicate_profile(self) -> None:
        source = self.form_profile()
        stem = self.tr("{0} copy").format(source.name) if source.name else self.tr("New profile")
        self._start_draft(source.renamed(self.store.unique_name(stem)), self.secret_edit.text())

    def import_environment(self) -> None:
        try:
            profile, secret = import_from_environment(os.environ)
        except ValidationError as err:
            self._set_status(err.message, _ERROR_STYLE)
            return
        profile = profile.renamed(self.store.unique_name(profile.name))
        note = self.tr("Imported from the environment. Check the settings, then save.")
        if secret is None:
            note += " " + self.tr("No secret key was set in the environment: enter it.")
        self._start_draft(profile, secret or "", note)

    def choose_ca_file(self) -> None:
        start = os.path.dirname(self.ca_edit.text()) or os.path.expanduser("~")
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate"), start,
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)
            self._check_ca()

    def _check_endpoint(self) -> None:
        text = self.endpoint_edit.text()
        if not text.strip():
            return
        try:
            validate_endpoint(text, self.tls_check.isChecked())
            self.fields["endpoint"].set_error("")
        except ValidationError as err:
            self.fields["endpoint"].set_error(err.message)

    def _check_ca(self) -> None:
        path = self.ca_edit.text().strip()
        try:
            if path:
                validate_ca_file(path)
            self.fields["ca_file"].set_error("")
        except ValidationError as err:
            self.fields["ca_file"].set_error(err.message)

    def _validated(self, need_secret: bool) -> Profile | None:
        """The form's profile when it is valid; else None with the messages next to the fields."""
        self._clear_errors()
        profile = self.form_profile()
        problems = validate_profile(profile)
        if self._current is None and profile.name in self.store:
            problems.insert(0, ValidationError(
                "name", self.tr("A profile called '{0}' exists already.").format(profile.name)))
        if need_secret and not self.secret_edit.text():
            problems.append(ValidationError("secret", self.tr("Enter the secret key.")))
        self._show_errors(problems)
        if problems:
            self._set_status(self.tr("Correct the marked fields."), _ERROR_STYLE)
            return None
        return profile

    def _store_profile(self, profile: Profile) -> bool:
        """Write the profile (not its secret) to the profiles file."""
        try:
            self.store.put(profile)
        except ProfileError as err:
            self._set_status(err.message, _ERROR_STYLE)
            return False
        was_draft = self._current is None
        self._draft = None if was_draft else self._draft
        self._current = profile.name
        if was_draft:
            self._refresh_list_keep_form(profile.name)
        self._loaded = profile
        self.name_edit.setReadOnly(True)
        self._update_enabled()
        return True

    def _refresh_list_keep_form(self, select: str) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for p in self.store.profiles():
            item = QListWidgetItem(p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            self.profile_list.addItem(item)
            if p.name == select:
                self.profile_list.setCurrentItem(item)
        self.profile_list.blockSignals(False)

    def _store_secret(self, name: str, secret: str, then: Callable[[SecretLocation | None], None],
                      force_session: bool = False) -> None:
        """Keyring (or session) write in a worker; ``then(location)`` runs on success."""
        secrets = self.secrets
        session_only = force_session or self.session_only_check.isChecked() or self._keyring_ok is False

        def write() -> SecretLocation | None:
            if not secret:
                secrets.delete(name)
                return None
            return secrets.save(name, secret, session_only=session_only)

        def done(where: SecretLocation | None) -> None:
            self._loaded_secret = secret
            self._session_fallback.discard(name)
            self._show_secret_location(where)
            then(where)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            message = _message(exc)
            if isinstance(exc, SecretStoreError):
                self._session_fallback.add(name)
                message += " " + self.tr("Save or connect again to keep it for this session only.")
            self.fields["secret"].set_error(message)
            self._set_status(self.tr("The profile was saved, but not its secret key."), _ERROR_STYLE)

        self._set_busy(True)
        self._run("keyring-write", write, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.save_button, self.connect_button):
            button.setEnabled(not busy)

    def save(self) -> None:
        """Validate and save the form's profile; its secret goes to the keyring (in a worker)."""
        profile = self._validated(need_secret=False)
        if profile is None or not self._store_profile(profile):
            return
        self._set_status(self.tr("Saved."), _OK_STYLE)
        secret = self.secret_edit.text()
        if secret == self._loaded_secret and profile.name not in self._session_fallback:
            return
        force_session = profile.name in self._session_fallback

        def saved(where: SecretLocation | None) -> None:
            self._set_busy(False)
            self._update_enabled()
            self._set_status(self.tr("Saved."), _OK_STYLE)

        self._store_secret(profile.name, secret, saved, force_session)

    def connect_profile(self) -> None:
        """Save what changed, remember the profile as last used, emit ``connect_requested``."""
        profile = self._validated(need_secret=True)
        if profile is None:
            return
        secret = self.secret_edit.text()
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

        if secret == self._loaded_secret and profile.name not in self._session_fallback:
            finish()
        else:
            self._store_secret(profile.name, secret, finish, profile.name in self._session_fallback)

    def ask_rename(self) -> None:
        old = self._current
        if old is None:
            return
        if self.is_dirty() and not self._ask(self.tr("Unsaved changes"),
                                             self.tr("Discard the changes to this profile?")):
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
            self._set_status(err.message, _ERROR_STYLE)
            return
        if new == old:
            return
        secrets = self.secrets

        def moved(_result: object) -> None:
            try:
                self.store.rename(old, new)
            except ProfileError as err:
                self._set_status(err.message, _ERROR_STYLE)
                self._run("keyring-rename-back", lambda: secrets.rename(new, old), lambda _r: None,
                          lambda exc: self.fields["secret"].set_error(_message(exc)))
                return
            self._session_fallback.discard(old)
            self._refresh_list(new)
            self._set_status(self.tr("Renamed to {0}.").format(new), _OK_STYLE)

        def failed(exc: BaseException) -> None:
            self._set_status(
                self.tr("The profile was not renamed: its secret could not be moved. {0}").format(
                    _message(exc)), _ERROR_STYLE)

        self._run("keyring-rename", lambda: secrets.rename(old, new), moved, failed)

    def ask_delete(self) -> None:
        if self._current is None:
            if self._draft is not None:
                self._draft = None
                self._refresh_list()
            return
        name = self._current
        if self._ask(self.tr("Delete profile"),
                     self.tr("Delete the profile '{0}' and its stored secret key?").format(name)):
            self.delete_profile(name)

    def delete_profile(self, name: str) -> None:
        """Remove the profile from the file and its secret from the keyring (in a worker)."""
        try:
            self.store.remove(name)
        except ProfileError as err:
            self._set_status(err.message, _ERROR_STYLE)
            return
        self._loaded = None
        self._current = None
        self._session_fallback.discard(name)
        self._refresh_list()
        self._set_status(self.tr("Deleted {0}.").format(name), _OK_STYLE)
        secrets = self.secrets

        def failed(exc: BaseException) -> None:
            self._set_status(
                self.tr("The profile was deleted, but its secret could not be removed from the keyring: "
                        "{0}").format(_message(exc)), _ERROR_STYLE)

        self._run("keyring-delete", lambda: secrets.delete(name), lambda _r: None, failed)

    # -- connection test -------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Connect with the form's settings in a worker; show the storage core's message."""
        profile = self._validated(need_secret=True)
        if profile is None:
            return
        secret = self.secret_edit.text()
        register_secret(secret)
        self.test_button.setEnabled(False)
        self.test_button.setText(self.tr("Testing…"))
        self.busy.show()
        self._set_status(self.tr("Connecting to {0}…").format(profile.endpoint))

        def check() -> BucketAccess:
            return open_buckets(Storage(to_settings(profile, secret)), profile.buckets)

        def finished() -> None:
            self.test_button.setText(self.tr("Test connection"))
            self.busy.hide()
            self._test_handle = None
            self._update_enabled()

        def done(access: BucketAccess) -> None:
            finished()
            n = len(access.readable)
            lines = [self.tr("Connected: 1 bucket readable.") if n == 1
                     else self.tr("Connected: {0} buckets readable.").format(n)]
            lines += access.lines()[1:]
            self._set_status("\n".join(lines), _OK_STYLE if n else _ERROR_STYLE)

        def failed(exc: BaseException) -> None:
            finished()
            if not isinstance(exc, StorageError):
                log.error("connection test crashed: %s", type(exc).__name__)
            self._set_status(_message(exc), _ERROR_STYLE)

        self._test_handle = self._run("connection-test", check, done, failed)

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.is_dirty() and not self._ask(self.tr("Unsaved changes"),
                                             self.tr("Close and discard the unsaved changes?")):
            return
        if self._test_handle is not None:
            self._test_handle.cancel()
        super().reject()


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
