"""Rename… (F2 and the context menu): a material's or a student note's display name.

The name people see is the object's metadata (see :mod:`~ensure_browser.core.objects.rename`). The
dialog checks the new name as it is typed (the reason shown under the field, Rename disabled while
it cannot be used); the rename runs in a worker, only while the object still has the ETag its row
showed, and the row takes the new name at once (no reload). Objects named by the ids in their key
(chunks, OCR pages, MLflow files ...) get the entry disabled, its text and tooltip saying why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

from ensure_browser.core.objects.rename import (
    CleanName,
    InvalidName,
    RenameCheck,
    clean_name,
    current_name,
    rename,
    rename_check,
)
from ensure_browser.core.s3.copying import CopyResult, SourceChanged
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.core.transfers.download_names import NAMED_KINDS
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, schema_label, tr
from ensure_browser.ui.search.live import note_put
from ensure_browser.ui.trees.domain_sources import DomainSource, StatInfo
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)



def why_not(check: RenameCheck) -> str:
    """The core's reason, translated (the core marks its texts; the kind's label is a schema label)."""
    return tr(check.reason).format(*(schema_label(arg) for arg in check.args))


@dataclass(frozen=True)
class Subject:
    """What is renamed: the row, its object and what the user saw of it."""

    node: Node
    bucket: str
    key: str
    etag: str
    name: str
    content_type: str
    model: LazyTreeModel | None  # the tree the row is in


def seen_etag(node: Node) -> str:
    """The ETag the row showed (its listing's), or "" when it showed none."""
    etag = getattr(node.payload, "etag", None)
    return etag if isinstance(etag, str) else ""


class RenameDialog(QDialog):
    """Asks for the new name, checking it as it is typed; ``chosen`` carries the clean name."""

    chosen = Signal(object)  # CleanName

    def __init__(self, subject: Subject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = subject
        self.setWindowTitle(tr("Rename"))
        self.setAccessibleName(tr("Rename"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("New name for {0}:").format(subject.name))
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the name is the server's text
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.edit = QLineEdit(subject.name)
        self.edit.setAccessibleName(tr("New name"))
        intro.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(tr("Name check"))
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(tr("Rename"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName(tr("Rename"))
        self.ok.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(tr("Cancel"))
        cancel.setAutoDefault(False)  # Enter on a name that cannot be used does nothing, it does not cancel
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        stem, dot, _ext = subject.name.rpartition(".")
        self.edit.setSelection(0, len(stem) if dot and stem else len(subject.name))  # the stem, as file managers do
        self.resize(max(420, self.sizeHint().width()), self.sizeHint().height())
        self._check(self.edit.text())

    def _clean(self, text: str) -> CleanName | None:
        try:
            return clean_name(text, self.subject.key)
        except InvalidName as err:
            self.hint.setText(str(err))
            return None

    def _check(self, text: str) -> None:
        clean = self._clean(text)
        unchanged = clean is not None and clean.name == self.subject.name
        self.ok.setEnabled(clean is not None and not unchanged)
        if clean is not None:
            self.hint.setText(clean.note if clean.note else (
                tr("This is its name now.") if unchanged else tr("Stored as {0}").format(self.subject.key)))

    def _accept(self) -> None:
        clean = self._clean(self.edit.text())
        if clean is None or clean.name == self.subject.name:
            return
        self.chosen.emit(clean)
        self.accept()


class RenameActions(QObject):
    """The Rename… action (F2, File menu, context menu) and its flow."""

    renamed = Signal(object)  # the Node, once its new name is stored and shown

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: RenameDialog | None = None
        self.busy = False
        self.action = QAction(tr("&Rename…"), window)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.setStatusTip(tr("Change the display name of a material or note"))
        self.action.triggered.connect(lambda: self.rename_node())
        window.add_file_actions(self.action)
        for view in (window.tree_panel.view, window.tree_panel.contents):
            view.addAction(self.action)
        window.context_menu_providers.append(self.context_menu)

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if node.bucket is None or node.parent is None or node.parent.parent is None or window.connection is None:
            return
        check = rename_check(node.bucket, node.key, node.is_container, window.connection.names)
        text = tr("Rename…") if check.allowed else tr("Rename… ({0})").format(tr(check.short))
        entry = menu.addAction(text)
        entry.setEnabled(check.allowed)
        if not check.allowed:
            entry.setToolTip(why_not(check))
            entry.setStatusTip(why_not(check))
            menu.setToolTipsVisible(True)
        entry.triggered.connect(lambda: self.rename_node(node))

    # -- the flow ---------------------------------------------------------------------------------
    def rename_node(self, node: Node | None = None) -> None:
        """Rename ``node`` (by default the current row): ask for the name, then store it."""
        conn = self.window.connection
        node = node if isinstance(node, Node) else self.window.tree_panel.current_node()
        if conn is None or conn.storage is None or node is None or node.bucket is None:
            return
        if self.busy:
            self.window.show_status(tr("A rename is still running."))
            return
        check = rename_check(node.bucket, node.key, node.is_container, conn.names)
        if not check.allowed or not node.key:
            self.window.show_warning(tr("{0} cannot be renamed: {1}").format(node.label, why_not(check)))
            return
        storage, bucket, key = conn.storage, node.bucket, node.key
        model = self.window.current_model()
        self.busy = True

        def work(_ctx: TaskContext) -> ObjectStat:
            return storage.stat(bucket, key)

        workers().run("misc", work, on_done=lambda st: self._ask(node, st, model), on_error=self._failed, owner=self,
                      name=f"rename-stat {bucket}/{key}")

    def _ask(self, node: Node, st: ObjectStat, model: LazyTreeModel | None) -> None:
        assert node.bucket is not None and node.key is not None
        etag = seen_etag(node) or st.etag  # a row without one: what the name shown was read with
        subject = Subject(node, node.bucket, node.key, etag, current_name(st.metadata, node.key), st.content_type,
                          model)
        if st.etag.lower() != etag.lower():
            self.busy = False
            self._changed(subject)
            return
        self.dialog = RenameDialog(subject, self.window)
        self.dialog.chosen.connect(lambda clean: self._store(subject, clean))
        self.dialog.rejected.connect(self._declined)
        self.dialog.open()

    def _declined(self) -> None:
        self.dialog = None
        self.busy = False
        self.window.show_status(tr("Nothing was renamed."))

    def _store(self, subject: Subject, clean: CleanName) -> None:
        self.dialog = None
        conn = self.window.connection
        if conn is None or conn.storage is None:
            self.busy = False
            return
        storage, names = conn.storage, conn.names

        def work(_ctx: TaskContext) -> tuple[CopyResult, CleanName]:
            return rename(storage, subject.bucket, subject.key, subject.etag, clean.name, names)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SourceChanged):
                self.busy = False
                self._changed(subject)
            else:
                self._failed(exc)

        self.window.show_status(tr("Renaming {0}…").format(subject.name))
        workers().run("misc", work, on_done=lambda res: self._stored(subject, res[0], res[1]), on_error=failed,
                      owner=self, name=f"rename {subject.bucket}/{subject.key}")

    def _stored(self, subject: Subject, result: CopyResult, clean: CleanName) -> None:
        self.busy = False
        show_name(self.window, subject, clean.name, result.etag)
        note_put(self.window, subject.bucket, subject.key, size=result.size, etag=result.etag,
                 original_name=clean.name)  # the search index finds it by its new name at once
        panel = self.window.tree_panel
        if panel.current_node() is subject.node:  # the preview and details show the new metadata
            panel.nodeSelected.emit(subject.node)
        self.window.show_status(tr("Renamed {0} to {1}.").format(subject.name, clean.name))
        self.renamed.emit(subject.node)

    def _changed(self, subject: Subject) -> None:
        self.window.show_error(tr("{0} changed since it was shown (replaced or renamed by someone else); nothing "
                                  "was renamed. Its folder was listed again: look at it and rename it then.")
                               .format(subject.name))
        model, parent = subject.model, subject.node.parent
        if model is not None and parent is not None and parent.parent is not None:
            model.refresh(parent)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.dialog = None
        message = error_text(exc)
        self.window.show_error(tr("Nothing was renamed: {0}").format(message))


def show_name(window: Host, subject: Subject, name: str, etag: str) -> None:
    """The row of ``subject`` shows ``name`` now (no reload), and the domain trees remember it."""
    node = subject.node
    for model in window.models.values():
        if isinstance(model.source, DomainSource):
            model.source.shared.remember_stat(subject.bucket, subject.key, StatInfo(etag, subject.content_type, name))
    d = node.payload
    if isinstance(d, DomainNode) and d.kind in NAMED_KINDS:  # the Raw view names rows by their key
        node.label = name
        node.extras()["original_name"] = name
        if subject.model is not None:
            subject.model.node_changed(node)


def install_rename(window: Host) -> RenameActions:
    actions = RenameActions(window)
    window.provide(RenameActions, actions)
    return actions
