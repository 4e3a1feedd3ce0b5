"""The app in the pseudo-locale (en_XA: every translated text accented, bracketed ⟦…⟧, a third longer).

The main window with its docks, connected to the demo data on the test server, and the connection
window: every text a user sees (labels, buttons, menus and actions, headers, tabs, tooltips,
window titles, placeholders) must come out pseudo-translated - one that does not escaped tr() -
unless it is server data or a proper name, and no label or button may be too narrow for its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QAbstractItemModel, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.samples import build_samples
from ensure_browser.demo.seed import seed
from ensure_browser.ui import i18n
from ensure_browser.ui.health.view import open_health_view
from ensure_browser.ui.main_window import Connection
from ensure_browser.ui.preview.pdf_render import render_pdf_page_png
from ensure_browser.ui.profiles.dialog import ProfilesDialog
from ensure_browser.ui.trees.tree_panel import LevelLabel
from ensure_browser.ui.workers import workers
from tests.support.pseudo import PROPER, untranslated
from tests.support.servers import S3Server, temporary_names

# Widgets whose text is not checked (their size is): none - the sentences the core composes (policy
# explanations, errors, findings) carry their templates (core.texts.Text) and are translated too.
CORE_ENGLISH: frozenset[str] = frozenset()


@pytest.fixture(params=[i18n.PSEUDO_LOCALE, "de"])
def pseudo(request: pytest.FixtureRequest, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The pseudo-locale (texts and sizes checked), then each complete translation (sizes only)."""
    monkeypatch.setenv(i18n.LANG_ENV, request.param)
    assert i18n.install_translators(qapp) == request.param
    yield request.param
    i18n.remove_translators(qapp)


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for what ``widget`` shows itself."""
    kind = type(widget).__name__
    if widget.isWindow() or isinstance(widget, QDockWidget):
        yield f"{kind} title", widget.windowTitle()
    if widget.toolTip():
        yield f"{kind} tooltip", widget.toolTip()
    if isinstance(widget, LevelLabel):  # the level's location (server data, shortened in the middle) and its count
        yield kind, widget.location + LevelLabel.SEPARATOR + widget.count
    elif isinstance(widget, QLabel | QAbstractButton):
        yield kind, widget.text()
    if isinstance(widget, QLineEdit):
        yield f"{kind} placeholder", widget.placeholderText()
    if isinstance(widget, QTextBrowser):  # the details pane (file contents are in other text widgets)
        yield kind, widget.toPlainText()
    if isinstance(widget, QGroupBox):
        yield kind, widget.title()
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{kind} tab", widget.tabText(i)
            yield f"{kind} tab tooltip", widget.tabToolTip(i)
    if isinstance(widget, QComboBox) and not widget.isEditable():
        for i in range(widget.count()):
            yield f"{kind} item", widget.itemText(i)
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QListWidget):
        model = widget.model()
        if isinstance(model, QAbstractItemModel):
            for section in range(model.columnCount()):
                yield f"{kind} header", str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    if isinstance(widget, QMenu):
        yield from _menu_texts(widget)


def _menu_texts(menu: QMenu) -> Iterator[tuple[str, str]]:
    yield "menu", menu.title()
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield "action", action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield "action tooltip", action.toolTip()
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


def _truncated(widget: QWidget) -> str | None:
    if not isinstance(widget, QLabel | QAbstractButton) or not widget.text():
        return None
    if isinstance(widget, QLabel) and widget.wordWrap():
        if widget.heightForWidth(widget.width()) > widget.height() + 1:
            return f"needs {widget.heightForWidth(widget.width())} px of height, has {widget.height()}"
        return None
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText and "<" in widget.text():
        need = widget.sizeHint().width()
    elif isinstance(widget, QLabel):
        lines = widget.text().split("\n")
        need = max(widget.fontMetrics().horizontalAdvance(line) for line in lines) + 2 * widget.margin() \
            + max(widget.indent(), 0)
        need += widget.width() - widget.contentsRect().width()
    else:
        need = widget.sizeHint().width()
    return f"needs {need} px of width, has {widget.width()}" if need > widget.width() + 1 else None


def walk(windows: list[QWidget], allowed: tuple[str, ...], least: int = 50, texts: bool = True) -> list[str]:
    problems: list[str] = []
    checked = 0
    for window in windows:
        widgets = [window, *window.findChildren(QWidget)]
        for widget in widgets:
            if not widget.isVisible() and not isinstance(widget, QMenu):
                continue
            if isinstance(widget, QMenu) and widget.parent() is None:
                continue
            name = widget.objectName() or widget.accessibleName() or type(widget).__name__
            for what, text in _texts(widget) if texts and widget.objectName() not in CORE_ENGLISH else ():
                rest = untranslated(text, allowed) if text else None
                if rest is not None:
                    problems.append(f"not translated ({what} of {name}): {text!r} (left: {rest!r})")
            if widget.isVisible():
                checked += 1
                cut = _truncated(widget)
                if cut is not None:
                    problems.append(f"truncated ({type(widget).__name__} {name}): {widget.text()!r} {cut}")  # type: ignore[attr-defined]
    assert checked > least, f"only {checked} widgets were looked at"
    return sorted(set(problems))


def _server_data(names: BucketNames, keys: list[str], buckets: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What the server says, shown as it is: bucket names (``buckets``: every bucket the connection
    lists, other tests' included), keys and their parts, metadata values."""
    parts = {part for key in keys for part in re.split(r"[/_.\-]", key) + key.split("/") if part}
    roles = ("documents", "recordings", "ocr", "mlflow")  # the schema's bucket roles: identifiers
    return (*names.all(), *buckets, *keys, *parts, *roles, "Test", *PROPER)


@pytest.fixture(scope="module")
def demo(s3_server: S3Server, qapp: QApplication) -> Iterator[tuple[BucketNames, list[str]]]:
    storage = s3_server.storage()
    samples = build_samples(render_page=render_pdf_page_png)
    with temporary_names(storage, "pseudo") as names:
        seed(storage, names, samples)
        yield names, [s.key for s in samples] + [v for s in samples for v in s.metadata.values()]


def test_main_window_is_fully_translated_and_nothing_truncates(
        qtbot: QtBot, pseudo: str, demo: tuple[BucketNames, list[str]], s3_server: S3Server,
        tmp_path: Path) -> None:
    from ensure_browser.ui.application import build_main_window

    names, keys = demo
    window = build_main_window(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.connected, timeout=20_000):
        window.connect_to(Connection("Test", s3_server.settings(), names))
    for dock in window.findChildren(QDockWidget):
        dock.show()
    material = next(k for k in keys if k.startswith("classrooms/") and "/materials/" in k)
    window.location.setText(f"s3://{names.documents}/{material}")  # details, preview and policies of an object
    window.go_to_location()
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == material,
                    timeout=20_000)
    health = open_health_view(window)
    qtbot.waitUntil(lambda: not window.preview.busy(), timeout=20_000)
    qtbot.waitUntil(lambda: not any(task.running for task in workers().active()), timeout=30_000)
    qtbot.wait(100)  # the layouts settle after the last texts came in
    assert window.connection is not None
    problems = walk([window, health], _server_data(names, keys, tuple(window.connection.buckets)),
                    texts=pseudo == i18n.PSEUDO_LOCALE)
    assert not problems, "\n".join(problems)


def test_connection_window_is_fully_translated_and_nothing_truncates(
        qtbot: QtBot, pseudo: str, tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles")
    profile = Profile(name="School", endpoint="s3.example.org:9000", tls=True, access_key="teacher")
    store.add(profile)
    dialog = ProfilesDialog(store, SecretStore(backend=fail.Keyring()), select="School")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.idle, timeout=15_000)
    qtbot.wait(100)  # the layouts settle after the last texts came in
    allowed = ("School", "s3.example.org", "9000", "teacher", "us-east-1", *BucketNames().all(), *PROPER)
    problems = walk([dialog], allowed, least=20, texts=pseudo == i18n.PSEUDO_LOCALE)
    assert not problems, "\n".join(problems)


def test_the_checks_find_untranslated_and_truncated_text(qapp: QApplication) -> None:
    assert untranslated("⟦Ŝàṽé {0}···⟧", ()) is None
    assert untranslated("⟦Çàññöţ ŝĥöŵ: ⟦ţĥé ÞĐƑ··⟧···⟧ (bucket-1)", ("bucket-1",)) is None
    assert untranslated("Save", ()) == "Save"
    assert untranslated("⟦Ŝàṽé⟧ now", ()) == "now"
    label = QLabel("A label far too long for the room it was given")
    label.setFixedWidth(40)
    assert _truncated(label) is not None
    label.setFixedWidth(label.sizeHint().width() + 4)
    assert _truncated(label) is None
