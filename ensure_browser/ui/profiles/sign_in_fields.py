"""How a profile signs in, in the profile form: the kind (access key, OpenID Connect, LDAP) and the
fields of each kind. The form shows the rows of the chosen kind only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from ensure_browser.core.profiles.model import DEFAULT_SCOPES, Kind, Profile
from ensure_browser.ui.profiles.form_field import Field


class SignInFields(QObject):
    """The kind chooser and the OpenID Connect / LDAP fields (the access-key rows stay the form's)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        for text, kind in ((self.tr("Access key and secret key"), Kind.KEYS),
                           (self.tr("School account (OpenID Connect, in the web browser)"), Kind.OIDC),
                           (self.tr("Directory account (LDAP user name and password)"), Kind.LDAP)):
            self.kind_combo.addItem(text, kind.value)
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setPlaceholderText(self.tr("e.g. https://login.example.org/realms/school"))
        self.client_id_edit = QLineEdit()
        self.scopes_edit = QLineEdit()
        self.scopes_edit.setPlaceholderText(DEFAULT_SCOPES)
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText(self.tr("Optional, e.g. arn:aws:iam::role/Teacher"))
        self.user_edit = QLineEdit()
        self.user_edit.setToolTip(self.tr("The password is asked at each sign-in and never stored."))
        self.fields: dict[str, Field] = {
            "kind": Field(self.kind_combo),
            "issuer": Field(self.issuer_edit),
            "client_id": Field(self.client_id_edit),
            "scopes": Field(self.scopes_edit),
            "user_name": Field(self.user_edit),
            "role_arn": Field(self.role_edit),
        }
        self.labels = {"kind": self.tr("Sign in with:"), "issuer": self.tr("Issuer URL:"),
                       "client_id": self.tr("Client id:"), "scopes": self.tr("Scopes:"),
                       "user_name": self.tr("User name:"), "role_arn": self.tr("Role ARN:")}

    @property
    def kind(self) -> Kind:
        return Kind(self.kind_combo.currentData() or Kind.KEYS.value)

    def fill(self, profile: Profile) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(profile.kind.value)))
        self.issuer_edit.setText(profile.issuer)
        self.client_id_edit.setText(profile.client_id)
        self.scopes_edit.setText(profile.scopes)
        self.role_edit.setText(profile.role_arn)
        self.user_edit.setText(profile.user_name)

    def apply(self, profile: Profile) -> Profile:
        """``profile`` with the kind and the sign-in fields as the form shows them."""
        return replace(profile, kind=self.kind, issuer=self.issuer_edit.text().strip(),
                       client_id=self.client_id_edit.text().strip(),
                       scopes=" ".join(self.scopes_edit.text().split()) or DEFAULT_SCOPES,
                       role_arn=self.role_edit.text().strip(), user_name=self.user_edit.text().strip())

    def show_rows(self, form: QFormLayout, key_rows: list[QWidget]) -> None:
        """Only the rows of the chosen kind: ``key_rows`` (access key, secret ...) for the access-key kind."""
        kind = self.kind
        for widget in key_rows:
            form.setRowVisible(widget, kind is Kind.KEYS)
        for name in ("issuer", "client_id", "scopes"):
            form.setRowVisible(self.fields[name], kind is Kind.OIDC)
        form.setRowVisible(self.fields["user_name"], kind is Kind.LDAP)
        form.setRowVisible(self.fields["role_arn"], kind is not Kind.KEYS)
