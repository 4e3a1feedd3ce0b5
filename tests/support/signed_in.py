"""The window of the sign-in tests: a fresh home folder, a main window with the profiles menu, the sign-in
session bar and the transfers, and a search of files for secrets and tokens (after a session nothing of
them may be on disk)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.ui.auth.session_bar import SessionBar, install_sign_in_session
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.profiles.flow import ProfileServices, install_profiles_menu
from ensure_browser.ui.transfers.actions import install_transfers

JWT = re.compile(rb"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")  # any JSON web token (ID, access, refresh tokens)


def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder (HOME and the XDG folders point into it)."""
    home = tmp_path / "home"
    home.mkdir()
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(var, str(home / sub))
    return home


def window_with(qtbot: QtBot, home: Path) -> tuple[MainWindow, SessionBar, ProfileServices]:
    if os.environ.get("ENSURE_BROWSER_TEST_KEYRING") != "1":  # never the desktop's own keyring
        pytest.fail("Run inside the keyring harness (dbus-run-session -- sh tests/with-keyring.sh ...).",
                    pytrace=False)
    window = MainWindow(QSettings(str(home / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    svc = ProfileServices(ProfileStore(home / ".config" / "ensure-browser"), SecretStore())
    install_profiles_menu(window, svc)
    bar = install_sign_in_session(window)
    install_transfers(window)
    window.show()
    return window, bar, svc


def files_holding(folders: list[Path], secrets: list[str]) -> list[str]:
    """Every file under ``folders`` holding one of ``secrets`` or any JSON web token."""
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if JWT.search(data) or any(s.encode() in data for s in secrets if s):
                    found.append(str(path))
    return found
