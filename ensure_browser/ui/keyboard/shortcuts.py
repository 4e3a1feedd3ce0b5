"""Help > Keyboard shortcuts: every key of the window, read from its real actions and menus.

Nothing here is a hand-kept list: :func:`shortcut_rows` walks the menu bar (each menu's mnemonic, each
action with its keys, under the menu that holds it), then every other action of the window and of its
child windows that has a key (the keys of the lists and trees, the panes, ...). A key added anywhere as
a :class:`QAction` appears here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr


@dataclass(frozen=True)
class ShortcutRow:
    group: str  # "File", "View > Go to", "Lists and trees", ...
    what: str  # the action's text, without its mnemonic marker
    keys: str  # "Ctrl+U" or "Shift+F10, Menu", as this platform writes them


def plain(text: str) -> str:
    """A menu text as read: "&Upload files…" -> "Upload files…" ("&&" stays one "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_of(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())


def mnemonic(text: str) -> str:
    """The Alt+letter a menu title's "&" marks, or ""."""
    i = text.replace("&&", "\0\0").find("&")
    return f"Alt+{text[i + 1].upper()}" if 0 <= i < len(text) - 1 else ""


def _where(action: QAction) -> str:
    """A group for an action outside the menus: the views or the window it works in."""
    widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
    views = [w for w in widgets if isinstance(w, QAbstractItemView)]
    if views and len(views) == len(widgets):
        return tr("Lists and trees")
    windows = {w.window() for w in widgets}
    if len(windows) == 1:
        window = next(iter(windows))
        if not isinstance(window, QMainWindow):
            return window.windowTitle() or tr("Other windows")
    return tr("Main window")


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every keyboard shortcut of ``window`` (see the module docstring), menus first, in menu order."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} > {plain(sub.title())}")
                continue
            seen.add(id(action))
            keys = keys_of(action)
            if keys and not action.isSeparator():
                rows.append(ShortcutRow(path, plain(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            title = plain(menu.title())
            key = mnemonic(menu.title())
            if key:
                rows.append(ShortcutRow(tr("Menus"), tr("Open the {0} menu").format(title), key))
            walk(menu, title)
    others = [a for a in window.findChildren(QAction) if id(a) not in seen and keys_of(a) and a.text()]
    for action in sorted(others, key=lambda a: plain(a.text()).casefold()):
        seen.add(id(action))
        rows.append(ShortcutRow(_where(action), plain(action.text()), keys_of(action)))
    return rows


class ShortcutsDialog(QDialog):
    """The shortcuts grouped as the menus are, in a tree a screen reader reads row by row."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.resize(620, 640)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(tr("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("Action"), tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for row in shortcut_rows(window):
            group = groups.get(row.group)
            if group is None:
                group = groups[row.group] = QTreeWidgetItem(self.tree, [row.group])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            QTreeWidgetItem(group, [row.what, row.keys])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.tree.setFocus()
        first = self.tree.topLevelItem(0)
        first_row = first.child(0) if first is not None else None
        if first_row is not None:
            self.tree.setCurrentItem(first_row)


def install_shortcuts_help(window: Host) -> QAction:
    """Help > Keyboard shortcuts (F1); returns the action."""
    action = QAction(tr("&Keyboard shortcuts"), window)
    action.setObjectName("keyboard-shortcuts")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.triggered.connect(lambda: ShortcutsDialog(window).exec())
    actions = window.help_menu.actions()
    window.help_menu.insertAction(actions[0] if actions else None, action)  # type: ignore[arg-type]
    return action
