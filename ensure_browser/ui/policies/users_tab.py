"""The *User policies* tab: the schema's ensure-study policy as declared, and the users and policies
read through MinIO's admin API where the server offers it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ensure_browser.core.policies.admin import AdminClient, MinioAdminClient, UserPolicyCheck, check_user_policy
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.s3.storage import ConnectionSettings
from ensure_browser.core.schema.policies import authenticated_access_policy
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.widgets import (
    SEVERITY_TONES,
    bullets,
    error_text,
    fill,
    item,
    monospace,
    row,
    table,
    text_label,
)
from ensure_browser.ui.toned import set_tone
from ensure_browser.ui.workers import TaskContext


class UsersTab(QWidget):
    """The declared user policy, and what the server's admin API says about the users."""

    usersChecked = Signal()

    def __init__(self, ctx: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.admin_factory: Callable[[ConnectionSettings], AdminClient] = MinioAdminClient
        self.user_check: UserPolicyCheck | None = None
        self._users_loaded_for: object = None
        self.declared_edit = QPlainTextEdit()
        self.declared_edit.setReadOnly(True)
        self.declared_edit.setAccessibleName(self.tr("Declared user policies"))
        monospace(self.declared_edit)
        self.declared_label = text_label()
        self.users_button = QPushButton(self.tr("Read users from the server"))
        self.users_button.clicked.connect(self.check_users)
        self.users_status = text_label("users-status")
        self.users_table = table([self.tr("User"), self.tr("Status"), self.tr("Policies")])
        self.users_table.setAccessibleName(self.tr("Users on the server"))
        self.users_table.setObjectName("users-table")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>The schema's user policy</b> (Authenticated Access, as declared)")))
        layout.addWidget(self.declared_edit, 1)
        layout.addWidget(self.declared_label)
        layout.addLayout(row(self.users_button))
        layout.addWidget(self.users_status)
        layout.addWidget(self.users_table, 1)

    def set_connection(self, connection: Any) -> None:
        """Show the schema's user policy for ``connection``'s names; the users are read when the tab opens."""
        self.user_check = None
        self._users_loaded_for = None
        self.users_table.setRowCount(0)
        self.users_status.clear()
        declared = authenticated_access_policy(connection.names)
        self.declared_edit.setPlainText(declared)
        self.declared_label.setText(bullets([(s, None) for s in parse_policy(declared).explain()]))

    def opened(self) -> None:
        """The tab is on show: read the users once per connection."""
        if self.ctx.connection is not None and self._users_loaded_for is not self.ctx.connection:
            self.check_users()

    def check_users(self) -> None:
        """List the users and check ensure-study's policy through the admin API, in a worker."""
        if self.ctx.connection is None:
            return
        self._users_loaded_for = self.ctx.connection
        settings, names, factory = self.ctx.connection.settings, self.ctx.connection.names, self.admin_factory
        self.users_button.setEnabled(False)
        set_tone(self.users_status, None)
        self.users_status.setText(self.tr("Asking the server's admin API…"))

        def work(_ctx: TaskContext) -> UserPolicyCheck:
            return check_user_policy(factory(settings), names)

        def done(check: UserPolicyCheck) -> None:
            self.users_button.setEnabled(True)
            self.user_check = check
            color = {"ok": SEVERITY_TONES["ok"], "differs": SEVERITY_TONES["warning"],
                     "missing": SEVERITY_TONES["warning"]}.get(check.status)
            set_tone(self.users_status, color)
            self.users_status.setText(tr_text(check.message))
            fill(self.users_table, [
                [item(u.name), item(u.status), item(", ".join(u.policies + tuple(f"group {g}" for g in u.groups)))]
                for u in check.users
            ])
            self.usersChecked.emit()

        def failed(exc: BaseException) -> None:
            self.users_button.setEnabled(True)
            set_tone(self.users_status, SEVERITY_TONES['critical'])
            self.users_status.setText(error_text(exc))
            self.usersChecked.emit()

        self.ctx.run(work, done, failed, "user policies")
