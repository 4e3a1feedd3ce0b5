"""Keys that reach every part of the main window without a mouse.

- F6 / Shift+F6 move the focus to the next / previous pane (sections, navigator, contents, preview,
  then each open dock), Ctrl+1 ... Ctrl+4 to one of the first four directly;
- Shift+F10 (and the Menu key) open the context menu of the current row of a list or tree;
- opening a dock from the keyboard (View > Transfers, Policies) puts the focus inside it;
- Ctrl+Alt+P plays or pauses the recording in the preview, Ctrl+Alt+S stops it (and the media keys);
- the widget with the keyboard has a ring around it (:mod:`~ensure_browser.ui.keyboard.focus_ring`);
- when a dialog or window of the app closes and no window has the keyboard any more, the main window
  takes it back (:class:`FocusReturn`: without a window manager that does it, the keys went nowhere).

Every key is a :class:`QAction` of the window, so Help > Keyboard shortcuts lists it
(:mod:`~ensure_browser.ui.keyboard.shortcuts`).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLineEdit,
    QMenu,
    QTabBar,
    QToolBar,
    QWidget,
)

from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.keyboard.focus_ring import FocusRings

log = logging.getLogger(__name__)



def focusable(widget: QWidget) -> bool:
    return (widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


def focus_first_child(container: QWidget) -> bool:
    """Give the focus to the first widget of ``container`` in the tab order (or to the container)."""
    if focusable(container):
        container.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container:
        if container.isAncestorOf(widget) and focusable(widget):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        widget = widget.nextInFocusChain()
    return False


def open_context_menu(view: QAbstractItemView) -> None:
    """What a right click on the current row does, at that row (the viewport shows the menu)."""
    index = view.currentIndex()
    rect = view.visualRect(index) if index.isValid() else view.viewport().rect()
    pos = rect.center() if index.isValid() else QPoint(4, 4)
    if index.isValid():
        view.scrollTo(index)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)


class FocusReturn(QObject):
    """Gives the keyboard back to ``window`` when a window of the app that had it closed."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._changed)

    def _changed(self, old: QWidget | None, now: QWidget | None) -> None:
        if old is not None and now is None:
            left = old.window()
            QTimer.singleShot(0, lambda: self._give_back(left))

    def _give_back(self, left: QWidget) -> None:
        try:
            closed = not left.isVisible()
        except RuntimeError:  # deleted with its dialog
            closed = True
        if closed and QGuiApplication.focusWindow() is None and self.window.isVisible():
            log.debug("a closed window had the keyboard: back to the main window")
            self.window.activateWindow()


class KeyboardNavigation(QObject):
    """The window's keys for panes, context menus and playback (see the module docstring)."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.menu = QMenu(tr("&Go to"), window)
        self.next_pane_action = self._action(tr("&Next pane"), ["F6"], lambda: self.cycle(1))
        self.previous_pane_action = self._action(tr("&Previous pane"), ["Shift+F6"], lambda: self.cycle(-1))
        self.menu.addSeparator()
        self.pane_actions = [
            self._action(tr("&Sections"), ["Ctrl+1"], lambda: self.focus_pane(0)),
            self._action(tr("Na&vigator"), ["Ctrl+2"], lambda: self.focus_pane(1)),
            self._action(tr("&Contents"), ["Ctrl+3"], lambda: self.focus_pane(2)),
            self._action(tr("P&review"), ["Ctrl+4"], lambda: self.focus_pane(3)),
        ]
        self.menu.addSeparator()
        self.context_menu_action = self._action(tr("Context &menu of the current row"), ["Shift+F10", "Menu"],
                                                self.context_menu)
        window.view_menu.addSeparator()
        window.view_menu.addMenu(self.menu)
        self.playback = QMenu(tr("Play&back"), window)
        self.play_action = self._action(tr("&Play / pause recording"), ["Ctrl+Alt+P", "Media Play",
                                                                          "Toggle Media Play/Pause"],
                                        self.play_pause, self.playback)
        self.stop_action = self._action(tr("&Stop recording"), ["Ctrl+Alt+S", "Media Stop"], self.stop,
                                        self.playback)
        window.view_menu.addMenu(self.playback)
        self.focus_return = FocusReturn(window)
        self.tab_order()
        self.focus_rings = FocusRings(self)
        for dock in window.findChildren(QDockWidget):
            dock.toggleViewAction().triggered.connect(lambda checked, d=dock: self._dock_opened(d, checked))

    def _action(self, text: str, keys: list[str], slot: Callable[[], object], menu: QMenu | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        (menu or self.menu).addAction(action)
        self.window.addAction(action)  # works while the menu is closed
        return action

    def tab_order(self) -> None:
        """Tab goes as the eye reads: location, sections, navigator, filter, contents, preview. The
        window's own bar of tabbed docks (empty and off-screen while they are closed) takes no Tab:
        F6 and the docks' keys reach them."""
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        panel = self.window.tree_panel
        toolbar = self.window.findChild(QToolBar, "main-toolbar")
        location = toolbar.findChild(QLineEdit) if toolbar is not None else None
        chain = [w for w in (location, self.window.sidebar, panel.view, panel.filter_edit, panel.contents)
                 if w is not None]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- panes -------------------------------------------------------------------------------------
    def panes(self) -> list[QWidget]:
        """The panes in F6 order: sections, navigator, contents, preview, then the visible docks."""
        panel = self.window.tree_panel
        found: list[QWidget] = [self.window.sidebar, panel.view, panel.contents, self.window.preview]
        found += [d for d in self.window.findChildren(QDockWidget) if d.isVisible() and d.widget() is not None]
        return found

    def current_pane(self) -> int:
        focus = QApplication.focusWidget()
        for i, pane in enumerate(self.panes()):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return i
        return -1

    def cycle(self, step: int) -> None:
        panes = self.panes()
        start = self.current_pane()
        for n in range(1, len(panes) + 1):
            index = (start + step * n) % len(panes) if start >= 0 else (0 if step > 0 else len(panes) - 1)
            if self.focus_pane(index):
                return

    def focus_pane(self, index: int) -> bool:
        panes = self.panes()
        if not 0 <= index < len(panes):
            return False
        pane = panes[index]
        if isinstance(pane, QDockWidget):
            pane.raise_()
            pane = pane.widget()
        return focus_first_child(pane)

    def _dock_opened(self, dock: QDockWidget, checked: bool) -> None:
        if checked:
            QTimer.singleShot(0, lambda: dock.isVisible() and focus_first_child(dock.widget()))

    # -- context menu and playback -----------------------------------------------------------------
    def context_menu(self) -> None:
        focus = QApplication.focusWidget()
        while focus is not None and not isinstance(focus, QAbstractItemView):
            focus = focus.parentWidget()
        if focus is not None:
            open_context_menu(focus)

    def play_pause(self) -> None:
        media = self.window.preview.made_media_view()  # None: nothing has played yet
        toggle = getattr(media, "toggle_play", None)  # None where Qt Multimedia is missing
        if media is not None and toggle is not None and media.isVisible():
            toggle()

    def stop(self) -> None:
        media = self.window.preview.made_media_view()
        if media is not None:
            media.stop()


def install_keyboard(window: Host) -> KeyboardNavigation:
    """Add the keys of :class:`KeyboardNavigation` and Help > Keyboard shortcuts to ``window``; call
    after the other features, so the docks they add are known."""
    from ensure_browser.ui.keyboard.shortcuts import install_shortcuts_help

    navigation = KeyboardNavigation(window)
    window.provide(KeyboardNavigation, navigation)
    install_shortcuts_help(window)
    return navigation
