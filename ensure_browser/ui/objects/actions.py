"""Object actions in the main window: delete objects and folders, copy their location.

Delete is a three-step flow, none of it on the GUI thread's time: the selection is planned in a
worker (folders listed recursively, materials' thumbnails found) behind a cancellable progress
dialog; a confirmation names what goes (count, size, the first keys) with Cancel as the default
button and offers the thumbnails of deleted materials; then the planned objects (exactly those, each
only while it still has the ETag the user saw or the plan listed) are deleted in batches in a
worker, with progress and cancel. The affected levels are refreshed; objects replaced since are
kept and named, and what was refused is reported with the server's reason.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QCheckBox, QMenu, QMessageBox

from ensure_browser.core.objects.deletion import (
    PREVIEW_KEYS,
    DeleteItem,
    DeletePlan,
    DeleteResult,
    DeleteTarget,
    execute_delete,
    plan_delete,
)
from ensure_browser.ui import formats
from ensure_browser.ui.announce import announce
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.flow import PROGRESS_DELAY_MS, ObjectFlow
from ensure_browser.ui.objects.selection import selection_for
from ensure_browser.ui.search.live import note_deleted
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)



def location_of(node: Node) -> str | None:
    """``s3://bucket/key`` of a node that stands for an object or a prefix, else None."""
    if node.bucket is None:
        return None
    return f"s3://{node.bucket}/{node.key or ''}"


def deletable(node: Node) -> bool:
    """Objects and folders; not the tree's top level (a bucket or a whole section)."""
    return (node.bucket is not None and bool(node.key) and node.parent is not None
            and node.parent.parent is not None)


def target_of(node: Node) -> DeleteTarget:
    """What deleting ``node`` means: its prefix, or the object as the row shows it (with the ETag its
    listing gave, so that an object replaced since is not deleted)."""
    assert node.bucket is not None and node.key
    key = node.key
    if node.is_container:
        return DeleteTarget(node.bucket, key if key.endswith("/") else key + "/")
    etag = getattr(node.payload, "etag", None)  # ObjectInfo and DomainNode rows have one
    return DeleteTarget(node.bucket, key, int(node.size or 0), etag if isinstance(etag, str) and etag else None)


def changed_text(items: list[DeleteItem]) -> str:
    """The objects a deletion kept because they changed after the confirmation, by name."""
    shown = ", ".join(i.key for i in items[:PREVIEW_KEYS])
    more = len(items) - min(len(items), PREVIEW_KEYS)
    return tr("{0} objects changed since you confirmed and were kept: {1}").format(
        formats.count(len(items)), shown + (" " + tr("… and {0} more").format(formats.count(more)) if more else ""))


def undo_text(plan: DeletePlan) -> str:
    """What the confirmation says about undoing: the truth per bucket (versioned: how to restore)."""
    how = tr("To bring an object back, tick View > Show deleted objects in its folder and choose Undelete, or "
             "restore a version from its Versions tab.")
    restorable, final = plan.restorable_buckets, plan.final_buckets
    if restorable and not final:
        return tr("{0} keeps every version: the deleted objects can be restored.").format(
            ", ".join(restorable)) + " " + how
    if restorable:
        return tr("Objects deleted from {0} can be restored ({1}); those from {2} cannot: this cannot be "
                  "undone for them.").format(", ".join(restorable), how, ", ".join(final))
    return tr("This cannot be undone.")


class DeleteFlow(ObjectFlow):
    """One deletion, from planning to the report. ``finished`` carries the DeleteResult, or None
    when nothing was deleted (cancelled, declined, failed before deleting)."""

    def __init__(self, window: Host, nodes: list[Node]) -> None:
        super().__init__(window, tr("Delete"), tr("Listing what would be deleted…"), tr("Nothing was deleted."),
                         tr("Nothing was deleted: {0}"))
        self.nodes = nodes
        self.plan: DeletePlan | None = None
        self.companions_box: QCheckBox | None = None

    # -- 1. plan ----------------------------------------------------------------------------------
    def start(self) -> None:
        conn = self.window.connection
        if conn is None or conn.storage is None:
            self._end(None)
            return
        storage, names = conn.storage, conn.names
        targets = [target_of(n) for n in self.nodes]

        def work(ctx: TaskContext) -> DeletePlan:
            return plan_delete(storage, targets, names, ctx.token,
                               progress=lambda n, size: ctx.progress((n, size)))

        def progress(value: object) -> None:
            if isinstance(value, tuple):
                self.dialog.setLabelText(tr("Listing what would be deleted… {0} objects ({1})").format(
                    formats.count(value[0]), formats.size(value[1])))

        self.handle = workers().run("misc", work, on_done=self._planned, on_error=self._failed,
                                    on_progress=progress, on_cancelled=self._cancelled, owner=self,
                                    name="delete-plan")
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress)  # quick plans show no dialog

    def _planned(self, plan: DeletePlan) -> None:
        self.handle = None
        self.dialog.hide()
        self.plan = plan
        if not plan.items and not plan.companions:
            self.window.show_status(tr("Nothing to delete: the selected folders are empty."))
            self._refresh()
            self._end(None)
            return
        self._ask(plan)

    # -- 2. confirm -------------------------------------------------------------------------------
    def _ask(self, plan: DeletePlan) -> None:
        where = ", ".join(plan.buckets) if plan.items else ""
        if len(self.nodes) == 1 and plan.prefixes:
            text = tr("Delete the folder {0} and the {1} objects in it ({2}) from {3}?").format(
                plan.prefixes[0].key, formats.count(plan.count), formats.size(plan.total_bytes), where)
        elif plan.count == 1 and (name := self._shown_name(plan.items[0].key)):
            text = tr("Delete “{0}” ({1}) from {2}?").format(name, formats.size(plan.total_bytes), where)
        elif plan.count == 1:
            text = tr("Delete {0} ({1}) from {2}?").format(
                plan.items[0].key, formats.size(plan.total_bytes), where)
        else:
            text = tr("Delete {0} objects ({1}) from {2}?").format(
                formats.count(plan.count), formats.size(plan.total_bytes), where)
        shown = [i.key for i in plan.items[:PREVIEW_KEYS]]
        more = plan.count - len(shown)
        details = "\n".join(shown) + ("\n" + tr("… and {0} more").format(formats.count(more)) if more else "")
        box, _go = self._confirmation(QMessageBox.Icon.Warning, tr("Delete"), text, undo_text(plan),
                                      details, tr("Objects to delete"), tr("Delete"),
                                      QMessageBox.ButtonRole.DestructiveRole)
        if plan.companions:
            self.companions_box = QCheckBox(tr("Also delete its thumbnail") if plan.count == 1 else tr(
                "Also delete the thumbnails of these materials ({0})").format(len(plan.companions)))
            self.companions_box.setChecked(True)
            self.companions_box.setToolTip("\n".join(i.key for i in plan.companions[:PREVIEW_KEYS]))
            box.setCheckBox(self.companions_box)
        box.open()

    def _shown_name(self, key: str) -> str:
        """The name the row shows for ``key`` (a material's file name) where it is not the key's own."""
        node = next((n for n in self.nodes if n.key == key), None)
        return node.label if node is not None and node.label and node.label != key.rsplit("/", 1)[-1] else ""

    def _answered(self, yes: bool) -> None:
        plan, self.confirm = self.plan, None
        if not yes or plan is None:
            self.window.show_status(tr("Nothing was deleted."))
            self._end(None)
            return
        with_companions = self.companions_box is not None and self.companions_box.isChecked()
        self.execute(plan.with_companions() if with_companions else plan.items)

    # -- 3. delete --------------------------------------------------------------------------------
    def execute(self, items: list[DeleteItem]) -> None:
        storage = self.planned_storage()
        if storage is None:
            return
        token = self.run_cancel_token()

        def work(ctx: TaskContext) -> DeleteResult:
            return execute_delete(storage, items, token, lambda done, total: ctx.progress((done, total)))

        def progress(value: object) -> None:
            if isinstance(value, tuple):
                self.dialog.setMaximum(max(1, value[1]))
                self.dialog.setValue(value[0])
                self.dialog.setLabelText(tr("Deleting… {0} of {1}").format(
                    formats.count(value[0]), formats.count(value[1])))

        self.dialog.setLabelText(tr("Deleting {0} objects…").format(formats.count(len(items))))
        self.dialog.setRange(0, max(1, len(items)))
        self.dialog.setValue(0)
        self.dialog.show()
        self.handle = workers().run("misc", work, on_done=self._deleted, on_error=self._failed,
                                    on_progress=progress, owner=self, name="delete")

    def _deleted(self, result: DeleteResult) -> None:
        self.handle = None
        self.dialog.hide()
        done = tr("Deleted {0} objects ({1}).").format(formats.count(len(result.deleted)),
                                                       formats.size(result.deleted_bytes))
        if result.cancelled:
            done += " " + tr("Cancelled: {0} objects were not deleted.").format(formats.count(result.not_attempted))
        problems: list[str] = []
        if result.changed:
            done += " " + tr("{0} changed since you confirmed: kept.").format(formats.count(len(result.changed)))
            problems.append(changed_text(result.changed))
        self.window.show_status(done)
        note_deleted(self.window, [(item.bucket, item.key) for item in result.deleted])
        announce(self.window.statusBar(), done)
        if result.failed:
            (_bucket, key), reason = next(iter(result.failed.items()))
            problems.append(tr("{0} objects were not deleted; {1}: {2}").format(
                formats.count(len(result.failed)), key, reason))
            self.window.show_error("\n".join(problems))
        elif problems:
            self.window.show_warning("\n".join(problems))
        self._refresh()
        self._end(result)

    def _refresh(self) -> None:
        self._refresh_nodes([n.parent for n in self.nodes if n.parent is not None and n.parent.parent is not None])


class ObjectActions(QObject):
    """The Delete and Copy location actions, in the File menu, the trees' context menu and on keys."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.flow: DeleteFlow | None = None
        self.delete_action = QAction(tr("&Delete…"), window)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.copy_action = QAction(tr("Copy &location"), window)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selected)
        window.add_file_actions(self.copy_action, self.delete_action)
        for view in (window.tree_panel.view, window.tree_panel.contents):
            view.addAction(self.delete_action)
            view.addAction(self.copy_action)
        window.context_menu_providers.append(self.context_menu)

    def _selection(self, node: Node | None = None) -> list[Node]:
        return selection_for(self.window, node)

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if location_of(node) is None:
            return
        menu.addSeparator()
        menu.addAction(tr("Copy location")).triggered.connect(lambda: self.copy_selected(node))
        if self.window.connection is not None and deletable(node):
            menu.addAction(tr("Delete…")).triggered.connect(lambda: self.delete_selected(node))

    def copy_selected(self, node: Node | None = None) -> None:
        locations = [loc for n in self._selection(node if isinstance(node, Node) else None)
                     if (loc := location_of(n)) is not None]
        if locations:
            QGuiApplication.clipboard().setText("\n".join(locations))
            self.window.show_status(
                tr("Copied {0}").format(locations[0]) if len(locations) == 1
                else tr("Copied {0} locations").format(len(locations)))

    def delete_selected(self, node: Node | None = None) -> None:
        if self.flow is not None:
            self.window.show_status(tr("A deletion is still running."))
            return
        nodes = self._selection(node if isinstance(node, Node) else None)
        if not nodes or self.window.connection is None:
            return
        refused = [n for n in nodes if not deletable(n)]
        if refused:
            self.window.show_error(tr("{0} cannot be deleted from here: only objects and folders inside a bucket "
                                      "can.").format(refused[0].label))
            return
        self.flow = DeleteFlow(self.window, nodes)
        self.flow.finished.connect(self._flow_ended)
        self.flow.start()

    def _flow_ended(self, _result: object) -> None:
        self.flow = None


def install_object_actions(window: Host) -> ObjectActions:
    actions = ObjectActions(window)
    window.provide(ObjectActions, actions)
    return actions
