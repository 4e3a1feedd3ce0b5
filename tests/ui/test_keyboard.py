"""Keyboard only, in the window: Help > Keyboard shortcuts from the real actions, F6 through the panes,
the focus ring (the journeys, the context-menu key, the docks and the keyboard coming back to the window
after a dialog, under a real X server: tests/e2e/test_keyboard.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ensure_browser.ui.keyboard.focus_ring import FocusRing
from ensure_browser.ui.keyboard.navigation import KeyboardNavigation, install_keyboard
from ensure_browser.ui.keyboard.shortcuts import ShortcutsDialog, mnemonic, plain, shortcut_rows
from ensure_browser.ui.main_window import MainWindow
from ensure_browser.ui.policies.panel import register_policy_inspector
from ensure_browser.ui.transfers.actions import install_transfers


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install_transfers(window)
    register_policy_inspector(window)
    install_keyboard(window)
    return window


def test_the_shortcuts_dialog_lists_every_action_with_a_key(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    added = QAction("A key added later", window)
    added.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.view_menu.addAction(added)
    hidden = QAction("Only on the window", window)
    hidden.setShortcut(QKeySequence("Ctrl+Alt+K"))
    window.addAction(hidden)
    rows = shortcut_rows(window)
    listed = {(r.what, r.keys) for r in rows}
    with_keys = [a for a in window.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())]
    assert len(with_keys) > 15
    for action in with_keys:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        assert (plain(action.text()), keys) in listed, f"{action.text()!r} ({keys}) is not listed"
    groups = {r.what: r.group for r in rows}
    assert groups["A key added later"] == "View" and groups["Only on the window"] == "Main window"
    assert groups["Upload files…"] == "File" and groups["Next pane"] == "View > Go to"
    assert ("Open the File menu", "Alt+F") in listed and mnemonic("&&Tom && &Jerry") == "Alt+J"
    assert ("Context menu of the current row", "Shift+F10, Menu") in listed
    assert ("Play / pause recording", "Ctrl+Alt+P, Media Play, Toggle Media Play/Pause") in listed
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    shown = {(dialog.tree.topLevelItem(g).text(0), dialog.tree.topLevelItem(g).child(c).text(0))
             for g in range(dialog.tree.topLevelItemCount()) for c in range(dialog.tree.topLevelItem(g).childCount())}
    assert shown == {(r.group, r.what) for r in rows}
    help_action = next(a for a in window.help_menu.actions() if plain(a.text()) == "Keyboard shortcuts")
    assert help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_f6_moves_through_the_panes_with_a_ring_around_the_focus(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    nav = window.service(KeyboardNavigation)
    assert nav is not None
    panel = window.tree_panel
    nav.focus_pane(0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar)
    seen = []
    for _ in range(4):
        nav.next_pane_action.trigger()
        seen.append(QApplication.focusWidget())
    # the empty preview and the hidden docks take no focus: round to the sections again
    assert seen == [panel.view, panel.contents, window.sidebar, panel.view]
    nav.previous_pane_action.trigger()
    assert QApplication.focusWidget() is window.sidebar
    nav.pane_actions[2].trigger()
    assert QApplication.focusWidget() is panel.contents
    rings = [r for r in window.findChildren(FocusRing) if r.isVisible()]
    assert len(rings) == 1 and rings[0].target is panel.contents
    frame = rings[0].geometry()
    inner = panel.contents.geometry()
    inner.moveTopLeft(panel.contents.mapTo(window, panel.contents.rect().topLeft()))
    assert frame.contains(inner) and frame != inner



def test_tab_goes_as_the_eye_reads(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.location.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.location)
    seen = [QApplication.focusWidget()]
    for _ in range(4):
        window.focusNextChild()
        seen.append(QApplication.focusWidget())
    panel = window.tree_panel
    assert seen == [window.location, window.sidebar, panel.view, panel.filter_edit, panel.contents]
    window.focusPreviousChild()
    assert QApplication.focusWidget() is panel.filter_edit
