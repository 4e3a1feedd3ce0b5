""""Copy to…" / "Move to…": choose the classroom (for materials) or student (for notes) to go to.

The classrooms or students are listed in a worker (the dialog shows at once and fills in); a
filter box narrows the list, Enter or a double-click chooses. ``chosen`` carries the Destination.
"""

from __future__ import annotations

import logging
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.objects.relocate import Destination, list_owners
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)



class DestinationChooser(QDialog):
    chosen = Signal(object)  # Destination

    def __init__(self, parent: QWidget, storage: Storage, names: BucketNames,
                 kind: Literal["classroom", "student"], title: str, exclude: str | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.exclude = exclude
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.label = QLabel(tr("Choose the classroom:") if kind == "classroom" else tr("Choose the student:"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Filter…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(tr("Filter the list"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Classrooms") if kind == "classroom" else tr("Students"))
        self.label.setBuddy(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(title.rstrip("…"))
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        for w in (self.label, self.filter, self.list, self.buttons):
            layout.addWidget(w)
        self.resize(360, 420)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda cur, _prev: self.ok.setEnabled(cur is not None))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.handle: TaskHandle | None = workers().run(
            "misc", lambda ctx: self._load(ctx, storage, names), on_done=self._loaded, on_error=self._failed,
            owner=self, name="list-destinations")
        self.list.addItem(tr("Loading…"))
        self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _load(self, ctx: TaskContext, storage: Storage, names: BucketNames) -> list[str]:
        return list_owners(storage, self.kind, names, ctx.token)

    def _loaded(self, owners: list[str]) -> None:
        self.handle = None
        self.list.clear()
        for owner in owners:
            item = QListWidgetItem(owner)
            if owner == self.exclude:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(tr("The selection is here already."))
            self.list.addItem(item)
        if not owners:
            self.list.addItem(tr("None found."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._filter(self.filter.text())

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.list.clear()
        message = error_text(exc)
        self.list.addItem(tr("The list could not be read: {0}").format(message))
        self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first is None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                first = item
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first is not None:
            self.list.setCurrentItem(first)

    def destination(self) -> Destination | None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return Destination(self.kind, item.text(),
                           (tr("Classroom {0}") if self.kind == "classroom" else tr("Student {0}")).format(item.text()))

    def accept(self) -> None:
        dest = self.destination()
        if dest is None:
            return
        self.chosen.emit(dest)
        super().accept()

    def reject(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        super().reject()
