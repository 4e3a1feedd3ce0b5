"""The list side of the profiles dialog: the saved profiles (and an unsaved draft) and what to do with them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ensure_browser.core.profiles.model import Profile


class ProfileList(QWidget):
    """The profiles by name (an item's data is the profile's name, None for the draft) and the buttons
    Add, Duplicate, Rename, Delete and Import; the dialog connects them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profile-list")
        self.profile_list.setAccessibleName(self.tr("Connection profiles"))
        self.add_button = QPushButton(self.tr("Add"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.import_button = QPushButton(self.tr("Import from environment"))
        self.import_button.setToolTip(
            self.tr("Read MINIO_ENDPOINT, MINIO_ROOT_USER/PASSWORD, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY, "
                    "AWS_S3_ENDPOINT and AWS_S3_BUCKET from this program's environment.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.profile_list, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.duplicate_button)
        row2.addWidget(self.rename_button)
        row2.addWidget(self.delete_button)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.import_button)

    def current_name(self) -> str | None:
        """The name of the selected saved profile (None for the draft or no selection)."""
        item = self.profile_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def has_selection(self) -> bool:
        return self.profile_list.currentItem() is not None

    def fill(self, profiles: list[Profile], select: str | None = None, draft: Profile | None = None,
             select_draft: bool = False) -> None:
        """Show ``profiles`` and the ``draft`` (last, in italics); select ``select``, or the draft when
        ``select_draft``, or else the first entry. Emits no selection signal."""
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        target: QListWidgetItem | None = None
        for profile in profiles:
            item = self._add(profile)
            if profile.name == select:
                target = item
        if draft is not None:
            item = QListWidgetItem(self.tr("{0} (unsaved)").format(draft.name))
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.profile_list.addItem(item)
            if select_draft:
                target = item
        if target is None and self.profile_list.count() and not select_draft:
            target = self.profile_list.item(0)
        if target is not None:
            self.profile_list.setCurrentItem(target)
        else:
            self.profile_list.setCurrentRow(-1)
        self.profile_list.blockSignals(False)

    def fill_saved(self, profiles: list[Profile], select: str) -> None:
        """Show only ``profiles`` with ``select`` selected (the form stays as it is: no signal)."""
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for p in profiles:
            item = self._add(p)
            if p.name == select:
                self.profile_list.setCurrentItem(item)
        self.profile_list.blockSignals(False)

    def _add(self, profile: Profile) -> QListWidgetItem:
        item = QListWidgetItem(profile.name)
        item.setData(Qt.ItemDataRole.UserRole, profile.name)
        self.profile_list.addItem(item)
        return item

    def select_quietly(self, item: QListWidgetItem) -> None:
        """Select ``item`` again without a selection signal (a change of selection was refused)."""
        self.profile_list.blockSignals(True)
        self.profile_list.setCurrentItem(item)
        self.profile_list.blockSignals(False)

    def update_enabled(self, *, has: bool, saved: bool, writable: bool) -> None:
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.duplicate_button.setEnabled(has and writable)
        self.rename_button.setEnabled(saved and writable)
        self.delete_button.setEnabled(has and writable)
