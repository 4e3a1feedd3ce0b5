"""Context-menu actions of the domain trees: verify a meeting's recordings, and the cross-links
between a material and its OCR document (which switch the sidebar and select the other node).

Every storage request runs in a worker; the GUI only opens levels (loading them as needed) and
shows progress and results.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressDialog

from ensure_browser.core.health.level_checks import (
    RecordingHead,
    find_material,
    has_ocr_document,
    meeting_recordings,
    ocr_document_prefix,
    read_head,
    recording_facts,
)
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.trees.domain_sources import DomainSource, section_title
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

T = TypeVar("T")


class Navigation(QObject):
    """Opens the levels of a domain tree down to ``(bucket, key)`` and selects that node.

    Levels not loaded yet are loaded (in the listing pool) and waited for. ``finished`` carries the
    selected node, or None when the key is not there (the window shows why).
    """

    finished = Signal(object)  # Node | None

    def __init__(self, window: Host, title: str, bucket: str, key: str) -> None:
        super().__init__(window)
        self.window = window
        self.title = title
        self.bucket = bucket
        self.key = key
        self.model: LazyTreeModel | None = None
        self._waiting: Node | None = None
        self.result: Node | None = None
        self.done = False

    def start(self) -> None:
        if not self.window.show_tree(self.title):
            self._fail(tr("The {0} tree is not available in this connection.").format(self.title))
            return
        model = self.model = self.window.model_for(self.title)
        model.loadFinished.connect(self._on_loaded)
        model.loadFailed.connect(self._on_failed)
        root = model.root.children[0] if model.root.children else None
        if root is None or root.bucket != self.bucket or not self.key.startswith(root.key or ""):
            self._fail(tr("s3://{0}/{1} is not part of the {2} tree.").format(self.bucket, self.key, self.title))
            return
        self._step(root)

    def cancel(self) -> None:
        """Stop waiting for levels (a newer navigation replaces this one)."""
        self._finish(None, emit=False)

    def _step(self, node: Node) -> None:
        model, panel = self.model, self.window.tree_panel
        assert model is not None
        panel.expand_to(node)
        if node.key == self.key:
            panel.select_node(node)
            panel.active_view().setFocus()
            self._finish(node)
            return
        if panel.nav is not None:
            panel.view.expand(panel.nav.index_of(node))
        for child in node.children:
            ckey = child.key or ""
            if ckey == self.key or (child.is_container and ckey and self.key.startswith(ckey)):
                self._step(child)
                return
        if node.state in (LoadState.LOADED, LoadState.ERROR):
            self._fail(tr("s3://{0}/{1} was not found.").format(self.bucket, self.key))
            return
        self._waiting = node
        if node.state is LoadState.IDLE:
            model.load(node)

    def _on_loaded(self, node: Node) -> None:
        if node is self._waiting and not self.done:
            self._waiting = None
            self._step(node)

    def _on_failed(self, node: Node, message: str) -> None:
        if node is self._waiting and not self.done:
            self._fail(tr("Could not open {0}: {1}").format(node.path, message))

    def _fail(self, message: str) -> None:
        self.window.show_error(message)
        self._finish(None)

    def _finish(self, node: Node | None, emit: bool = True) -> None:
        if self.done:
            return
        self.done = True
        self.result = node
        self._waiting = None
        if self.model is not None:
            self.model.loadFinished.disconnect(self._on_loaded)
            self.model.loadFailed.disconnect(self._on_failed)
        if emit:
            self.finished.emit(node)


class RecordingVerifier(QObject):
    """Reads the first four bytes of a meeting's raw recording and chunks (ranged GETs in a worker)
    with a cancellable progress dialog; flags what is not WebM and reports the result."""

    finished = Signal(object)  # list[RecordingHead] | None (cancelled or failed)

    def __init__(self, window: Host, source: DomainSource, node: Node, meeting_id: str) -> None:
        super().__init__(window)
        self.window = window
        self.source = source
        self.node = node
        self.meeting_id = meeting_id
        self.bucket = source.names.recordings
        self.dialog = QProgressDialog(
            tr("Reading the start of each recording of meeting {0}…").format(meeting_id), tr("Cancel"), 0, 0, window
        )
        self.dialog.setWindowTitle(tr("Verify recordings"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.handle: TaskHandle | None = None
        self.message: QMessageBox | None = None
        self.heads: list[RecordingHead] | None = None

    def start(self) -> None:
        storage, bucket, meeting_id = self.source.storage, self.bucket, self.meeting_id

        def work(ctx: TaskContext) -> list[RecordingHead]:
            infos = meeting_recordings(storage, bucket, meeting_id, ctx.token)
            ctx.progress((0, len(infos), ""), force=True)
            heads = []
            for i, info in enumerate(infos):
                ctx.check()
                heads.append(read_head(storage, info))
                ctx.progress((i + 1, len(infos), info.key))
            return heads

        self.dialog.show()
        self.handle = workers().run(
            "preview", work, on_done=self._done, on_error=self._failed, on_progress=self._progress,
            on_cancelled=self._cancelled, owner=self, name=f"verify recordings {meeting_id}",
        )

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _progress(self, value: object) -> None:
        if not isinstance(value, tuple):
            return
        done, total, key = value
        self.dialog.setMaximum(max(1, int(total)))
        self.dialog.setValue(int(done))
        if key:
            self.dialog.setLabelText(tr("Checked {0} of {1}: {2}").format(done, total, str(key).rsplit("/", 1)[-1]))

    def _close_dialog(self) -> None:
        self.dialog.canceled.disconnect(self.cancel)  # closing the dialog emits canceled
        self.dialog.close()
        self.dialog.deleteLater()

    def _done(self, heads: list[RecordingHead]) -> None:
        self._close_dialog()
        self.heads = heads
        facts = recording_facts(self.bucket, self.meeting_id, heads)
        self.source.apply_facts(facts, self.node)
        bad = [h for h in heads if not h.is_webm]
        if not heads:
            icon, text = QMessageBox.Icon.Information, tr("Meeting {0} has no recordings to verify.").format(
                self.meeting_id)
        elif not bad:
            icon, text = QMessageBox.Icon.Information, tr(
                "All {0} recordings of meeting {1} start like WebM files.").format(len(heads), self.meeting_id)
        else:
            names = ", ".join(h.key.rsplit("/", 1)[-1] for h in bad)
            icon, text = QMessageBox.Icon.Warning, tr(
                "{0} of {1} recordings of meeting {2} are not WebM files: {3}.").format(
                len(bad), len(heads), self.meeting_id, names)
        self.window.show_status(text)
        self.message = QMessageBox(icon, tr("Verify recordings"), text, QMessageBox.StandardButton.Ok, self.window)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # key names from the server
        self.message.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message.open()
        self.finished.emit(heads)

    def _failed(self, exc: BaseException) -> None:
        self._close_dialog()
        message = error_text(exc)
        self.window.show_error(tr("Verifying the recordings of meeting {0} failed: {1}").format(
            self.meeting_id, message), self.restart)
        self.finished.emit(None)

    def _cancelled(self) -> None:
        self._close_dialog()
        self.window.show_status(tr("Verifying recordings was cancelled."))
        self.finished.emit(None)

    def restart(self) -> None:
        RecordingVerifier(self.window, self.source, self.node, self.meeting_id).start()


class DomainActions(QObject):
    """The domain trees' context-menu entries and what they do."""

    def __init__(self, window: Host, source_of: Callable[[Node], DomainSource | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.source_of = source_of  # the source a node of the domain trees came from
        self.navigation: Navigation | None = None
        self.verifier: RecordingVerifier | None = None
        self._lookups: list[TaskHandle] = []

    # -- menu --------------------------------------------------------------------------------------
    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        d = node.payload
        source = self.source_of(node)
        if not isinstance(d, DomainNode) or not d.recognized or source is None:
            return
        actions = []
        if d.role == "recordings" and "meeting_id" in d.ids:
            meeting_id = str(d.ids["meeting_id"])
            action = menu.addAction(tr("Verify recordings of meeting {0}").format(meeting_id))
            action.triggered.connect(lambda: self.verify_recordings(node))
            actions.append(action)
        if d.kind == "material":
            doc = str(d.ids["document_id"])
            known = source.shared.ocr_documents.get(doc)
            action = menu.addAction(tr("Open OCR document") if known is not False else tr("No OCR document"))
            action.setEnabled(known is not False)
            action.triggered.connect(lambda: self.open_ocr_document(node))
            actions.append(action)
        if d.role == "ocr" and "document_id" in d.ids:
            action = menu.addAction(tr("Open material"))
            action.triggered.connect(lambda: self.open_material(node))
            actions.append(action)
        if actions:
            menu.insertSeparator(actions[0])

    # -- verify recordings -------------------------------------------------------------------------
    def verify_recordings(self, node: Node) -> RecordingVerifier | None:
        d = node.payload
        source = self.source_of(node)
        if not isinstance(d, DomainNode) or source is None or "meeting_id" not in d.ids:
            return None
        if self.verifier is not None and self.verifier.handle is not None and self.verifier.handle.running:
            self.verifier.cancel()
        self.verifier = RecordingVerifier(self.window, source, node, str(d.ids["meeting_id"]))
        self.verifier.start()
        return self.verifier

    # -- cross-links -------------------------------------------------------------------------------
    def navigate(self, section: str, bucket: str, key: str) -> Navigation:
        """Switch the sidebar to ``section``'s tree and select ``key`` there (opening levels)."""
        if self.navigation is not None:
            self.navigation.cancel()
        self.navigation = Navigation(self.window, section_title(section), bucket, key)
        self.navigation.start()
        return self.navigation

    def _document(self, node: Node) -> tuple[DomainSource, str] | None:
        """The source of ``node`` and the document id it concerns (a material, an OCR node)."""
        d = node.payload
        source = self.source_of(node)
        if not isinstance(d, DomainNode) or source is None or "document_id" not in d.ids:
            return None
        return source, str(d.ids["document_id"])

    def open_ocr_document(self, node: Node) -> None:
        """Select the OCR document of a material (checked in a worker unless already known)."""
        found = self._document(node)
        if found is None:
            return
        source, doc = found
        names, shared = source.names, source.shared
        prefix = ocr_document_prefix(doc)

        def go(found: bool) -> None:
            shared.ocr_documents[doc] = found
            if found:
                self.navigate("ocr", names.ocr, prefix)
            else:
                self.window.show_error(tr("There is no OCR document for {0} in {1}.").format(doc, names.ocr))

        if shared.ocr_documents.get(doc):
            go(True)
            return
        storage = source.storage
        self._lookup(lambda ctx: has_ocr_document(storage, names.ocr, doc, ctx.token), go,
                     tr("Looking for the OCR document of {0}…").format(doc))

    def open_material(self, node: Node) -> None:
        """Select the material an OCR document was made from (found in a worker unless known)."""
        found = self._document(node)
        if found is None:
            return
        source, doc = found
        names, shared = source.names, source.shared

        def go(key: str | None) -> None:
            if key is None:
                self.window.show_error(tr("No classroom in {0} holds a material {1}.").format(names.documents, doc))
                return
            shared.materials[doc] = (names.documents, key)
            self.navigate("classrooms", names.documents, key)

        known = shared.materials.get(doc)
        if known is not None and known[0] == names.documents:
            go(known[1])
            return
        storage = source.storage
        self._lookup(lambda ctx: find_material(storage, names.documents, doc, ctx.token), go,
                     tr("Looking for the material {0}…").format(doc))

    def _lookup(self, work: Callable[[TaskContext], T], done: Callable[[T], None], status: str) -> None:
        self.window.show_status(status)

        def failed(exc: BaseException) -> None:
            self.window.show_error(error_text(exc))

        self._lookups = [h for h in self._lookups if h.running]
        self._lookups.append(workers().run("listing", work, on_done=done, on_error=failed, owner=self,
                                           name=status))
