"""The form of the profiles dialog: one profile's fields, their inline messages, where its secret goes,
and the status line below it.

:class:`ProfileForm` shows a :class:`Profile` (and a secret) and reads one back; validation runs in
the core (:mod:`ensure_browser.core.profiles.validation`), the form only places the messages next
to the fields they concern.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.profiles.model import DEFAULT_REGION, Kind, Profile
from ensure_browser.core.profiles.secrets import SecretLocation
from ensure_browser.core.profiles.validation import (
    ValidationError,
    validate_ca_file,
    validate_endpoint,
    validate_profile,
)
from ensure_browser.core.schema.table import ROLES, BucketNames
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.profiles.form_field import ERROR_TONE, Field
from ensure_browser.ui.profiles.sign_in_fields import SignInFields
from ensure_browser.ui.toned import set_tone

__all__ = ["ERROR_TONE", "OK_TONE", "Field", "ProfileForm", "StatusLine", "error_message"]

OK_TONE = "ok"


def error_message(exc: BaseException) -> str:
    """The human message of a core error; anything else is unexpected and says so."""
    text = getattr(exc, "message", None)
    if isinstance(text, str) and text:
        return tr_text(text)
    return QCoreApplication.translate("ProfilesDialog", "Unexpected error: {0}").format(exc)


class ProfileForm(QWidget):
    """The fields of one profile and its secret, each with room for its validation message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        set_tone(self.secret_location, "muted")
        self.secret_location.setWordWrap(True)
        self.session_only_check = QCheckBox(self.tr("Keep the secret for this session only"))
        self.bucket_edits = {kind: QLineEdit() for kind in ROLES}
        self.sign_in = SignInFields(self)

        self.fields: dict[str, Field] = {
            "name": Field(self.name_edit),
            "endpoint": Field(self.endpoint_edit),
            "ca_file": Field(self.ca_edit, self.ca_button),
            "region": Field(self.region_edit),
            "access_key": Field(self.access_key_edit),
            "secret": Field(self.secret_edit),
        }
        self.fields.update(self.sign_in.fields)
        for kind, edit in self.bucket_edits.items():
            self.fields[f"bucket_{kind}"] = Field(edit)
        self._lay_out()
        self.sign_in.kind_combo.currentIndexChanged.connect(self.update_kind)

        self.tls_check.toggled.connect(self.update_tls_enabled)
        self.verify_check.toggled.connect(self.update_tls_enabled)
        self.endpoint_edit.editingFinished.connect(self.check_endpoint)
        self.ca_edit.editingFinished.connect(self.check_ca)
        for key, fld in self.fields.items():
            line = fld.widget
            if isinstance(line, QLineEdit):
                line.textEdited.connect(lambda _text, key=key: self.fields[key].set_error(""))

    def _lay_out(self) -> None:
        form = self.layout_ = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._row(form, self.tr("Name:"), self.fields["name"])
        self._row(form, self.tr("Endpoint:"), self.fields["endpoint"])
        form.addRow("", self.tls_check)
        form.addRow("", self.verify_check)
        self._row(form, self.tr("CA certificate:"), self.fields["ca_file"])
        self._row(form, self.tr("Region:"), self.fields["region"])
        for name, text in self.sign_in.labels.items():
            if name != "role_arn":
                self._row(form, text, self.fields[name])
        self._row(form, self.tr("Access key:"), self.fields["access_key"])
        self._row(form, self.tr("Secret key:"), self.fields["secret"])
        form.addRow("", self.secret_location)
        form.addRow("", self.session_only_check)
        self._row(form, self.sign_in.labels["role_arn"], self.fields["role_arn"])
        labels = {
            "documents": self.tr("Documents bucket:"),
            "recordings": self.tr("Recordings bucket:"),
            "ocr": self.tr("OCR bucket:"),
            "mlflow": self.tr("MLflow bucket:"),
        }
        for kind in ROLES:
            self._row(form, labels.get(kind, kind), self.fields[f"bucket_{kind}"])

    @staticmethod
    def _row(form: QFormLayout, text: str, fld: Field) -> None:
        label = fld.labelled(text)
        form.addRow(label, fld)
        label.setBuddy(fld.widget)  # not the Field (the widget and its message) that addRow made it

    # -- the profile in and out ------------------------------------------------------------------
    def fill(self, profile: Profile | None, secret: str, *, saved: bool, session_only: bool) -> None:
        """Show ``profile`` (None: an empty, disabled form); ``saved``: its name is changed by Rename."""
        p = profile or Profile(name="", endpoint="")
        self.setEnabled(profile is not None)
        self.name_edit.setText(p.name)
        self.name_edit.setReadOnly(profile is not None and saved)
        self.name_edit.setToolTip(self.tr("Use Rename to change the name of a saved profile.") if saved else "")
        self.endpoint_edit.setText(p.endpoint)
        self.tls_check.setChecked(p.tls)
        self.verify_check.setChecked(p.verify_tls)
        self.ca_edit.setText(p.ca_file or "")
        self.region_edit.setText(p.region)
        self.access_key_edit.setText(p.access_key)
        self.secret_edit.setText(secret)
        for kind, edit in self.bucket_edits.items():
            edit.setText(getattr(p.buckets, kind))
        self.session_only_check.setChecked(session_only)
        self.sign_in.fill(p)
        self.update_kind()

    def update_kind(self) -> None:
        """Show the rows of the chosen kind of sign-in only."""
        self.sign_in.show_rows(self.layout_, [self.fields["access_key"], self.fields["secret"], self.secret_location,
                                              self.session_only_check])

    def profile(self) -> Profile:
        """The profile as the form shows it (not validated; the endpoint as typed when invalid)."""
        tls = self.tls_check.isChecked()
        endpoint = self.endpoint_edit.text().strip()
        with contextlib.suppress(ValidationError):
            endpoint, tls = validate_endpoint(endpoint, tls)
        buckets = replace(
            BucketNames(), **{kind: edit.text().strip() for kind, edit in self.bucket_edits.items()}
        )
        return self.sign_in.apply(Profile(
            name=self.name_edit.text().strip(),
            endpoint=endpoint,
            tls=tls,
            verify_tls=self.verify_check.isChecked(),
            ca_file=self.ca_edit.text().strip() or None,
            region=self.region_edit.text().strip() or DEFAULT_REGION,
            access_key=self.access_key_edit.text().strip(),
            buckets=buckets,
        ))

    @property
    def secret(self) -> str:
        return self.secret_edit.text()

    # -- messages --------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for fld in self.fields.values():
            fld.set_error("")

    def show_errors(self, problems: list[ValidationError]) -> None:
        """Each message next to its field; the first field with a problem gets the focus."""
        for problem in problems:
            fld = self.fields.get(problem.field)
            if fld is not None:
                fld.set_error(tr_text(problem.message))
        if problems:
            first = self.fields.get(problems[0].field)
            if first is not None:
                first.widget.setFocus()

    def validated(self, *, name_taken: bool, need_secret: bool) -> Profile | None:
        """The form's profile when it is valid; else None with the messages next to the fields.

        ``name_taken``: a new profile's name is in use already; ``need_secret``: the secret must be set.
        """
        self.clear_errors()
        profile = self.profile()
        problems = validate_profile(profile)
        if name_taken:
            problems.insert(0, ValidationError(
                "name", self.tr("A profile called '{0}' exists already.").format(profile.name)))
        if need_secret and profile.kind is Kind.KEYS and not self.secret:
            problems.append(ValidationError("secret", self.tr("Enter the secret key.")))
        self.show_errors(problems)
        return None if problems else profile

    def set_error(self, field_name: str, text: str) -> None:
        self.fields[field_name].set_error(text)

    def check_endpoint(self) -> None:
        text = self.endpoint_edit.text()
        if not text.strip():
            return
        try:
            validate_endpoint(text, self.tls_check.isChecked())
            self.fields["endpoint"].set_error("")
        except ValidationError as err:
            self.fields["endpoint"].set_error(tr_text(err.message))

    def check_ca(self) -> None:
        path = self.ca_edit.text().strip()
        try:
            if path:
                validate_ca_file(path)
            self.fields["ca_file"].set_error("")
        except ValidationError as err:
            self.fields["ca_file"].set_error(tr_text(err.message))

    def choose_ca_file(self) -> None:
        start = os.path.dirname(self.ca_edit.text()) or os.path.expanduser("~")
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate"), start,
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_edit.setText(path)
            self.check_ca()

    def update_tls_enabled(self) -> None:
        """Certificate options only with TLS on; a CA file only when the certificate is verified."""
        tls = self.tls_check.isChecked()
        self.verify_check.setEnabled(tls)
        self.ca_edit.setEnabled(tls and self.verify_check.isChecked())
        self.ca_button.setEnabled(tls and self.verify_check.isChecked())

    def show_secret_location(self, keyring_ok: bool | None, keyring_label: str,
                             where: SecretLocation | None) -> None:
        """Say where the secret of the form is (or will be) kept."""
        if keyring_ok is None:
            text = self.tr("Checking the keyring…")
        elif not keyring_ok:
            text = self.tr("Session only: no keyring available. The secret is kept in memory until the "
                           "application quits.")
        elif where is SecretLocation.SESSION or (where is None and self.session_only_check.isChecked()):
            text = self.tr("Session only: kept in memory until the application quits.")
        elif where is SecretLocation.KEYRING:
            text = self.tr("Stored in {0}").format(keyring_label)
        else:
            text = self.tr("Will be stored in {0}").format(keyring_label)
        self.secret_location.setText(text)


class StatusLine(QWidget):
    """Below the form: a busy bar while keyring or network work runs, and the outcome in one message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.status_label)

    def set_status(self, text: str, tone_name: str = "") -> None:
        """Show ``text`` in the theme's ``tone_name`` colour (ERROR_TONE, OK_TONE; "": the palette's)."""
        set_tone(self.status_label, tone_name)
        self.status_label.setText(text)
