"""One copy or move of documents in the main window, from planning to the report.

The selection is planned in a worker (folders listed, thumbnails and conflicts found) behind a
cancellable progress dialog; a move is confirmed (what moves where, Cancel the default button; a
copy writes nothing over anything and is not asked about unless something cannot go); then the
plan runs in a worker with progress and cancel (between documents). The report says what was done
and what was kept, and why; the levels shown are listed again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from ensure_browser.core.objects.relocate import (
    PREVIEW,
    Destination,
    Mode,
    RelocatePlan,
    Selected,
    Unit,
    plan_relocate,
    preview_lines,
)
from ensure_browser.core.objects.relocate_run import RelocateResult, execute_relocate
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.flow import PROGRESS_DELAY_MS, ObjectFlow
from ensure_browser.ui.search.live import note_moved, note_put
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)



def question(plan: RelocatePlan) -> str:
    """The confirmation's question: what goes from where to where, the places named alike."""
    units = plan.units
    what = (tr("“{0}”").format(units[0].name) if len(units) == 1  # the language's own quotation marks
            else tr("{0} documents").format(formats.count(len(units))))
    thumbs = sum(1 for u in units if u.thumbnail is not None)
    if thumbs:
        what = (tr("{0} with 1 thumbnail") if thumbs == 1 else tr("{0} with {1} thumbnails")).format(
            what, formats.count(thumbs))
    classroom = plan.destination.kind == "classroom"
    origins = sorted({u.origin for u in units if u.origin})
    where = plan.destination.describe()
    if not origins:
        return (tr("Move {0} to {1}?") if plan.mode == "move" else tr("Copy {0} to {1}?")).format(what, where)
    source = ((tr("Classroom {0}") if classroom else tr("Student {0}")).format(origins[0]) if len(origins) == 1
              else (tr("{0} classrooms") if classroom else tr("{0} students")).format(formats.count(len(origins))))
    return (tr("Move {0} from {1} to {2}?") if plan.mode == "move" else tr("Copy {0} from {1} to {2}?")).format(
        what, source, where)


def _names(pairs: list[tuple[Unit, str]]) -> str:
    shown = "; ".join(f"{u.name}: {why}" for u, why in pairs[:PREVIEW])
    more = len(pairs) - min(len(pairs), PREVIEW)
    return shown + (" " + tr("… and {0} more").format(formats.count(more)) if more else "")


class RelocateFlow(ObjectFlow):
    """Copy or move ``selected`` to ``destination``. ``finished`` carries the RelocateResult, or
    None when nothing was done (cancelled, declined, failed before copying)."""

    def __init__(self, window: Host, selected: list[Selected], destination: Destination, mode: Mode,
                 refresh: Node | None = None) -> None:
        self.title = tr("Move") if mode == "move" else tr("Copy")
        super().__init__(window, self.title, tr("Finding what to copy…"), tr("Nothing was copied or moved."),
                         tr("Nothing was copied or moved: {0}"))
        self.selected = selected
        self.destination = destination
        self.mode: Mode = mode
        self.refresh_node = refresh
        self.plan: RelocatePlan | None = None

    # -- 1. plan ----------------------------------------------------------------------------------
    def start(self) -> None:
        conn = self.window.connection
        if conn is None or conn.storage is None:
            self._end(None)
            return
        storage, names = conn.storage, conn.names
        selected, destination, mode = self.selected, self.destination, self.mode

        def work(ctx: TaskContext) -> RelocatePlan:
            return plan_relocate(storage, selected, destination, mode, names, ctx.token,
                                 progress=lambda n: ctx.progress(n))

        def progress(value: object) -> None:
            if isinstance(value, int):
                self.dialog.setLabelText(tr("Finding what to copy… {0} documents").format(formats.count(value)))

        self.handle = workers().run("misc", work, on_done=self._planned, on_error=self._failed,
                                    on_progress=progress, on_cancelled=self._cancelled, owner=self,
                                    name="relocate-plan")
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress)

    def _planned(self, plan: RelocatePlan) -> None:
        self.handle = None
        self.dialog.hide()
        self.plan = plan
        if not plan.units:
            reasons = [f"{r.key}: {r.reason}" for r in plan.refused[:PREVIEW]]
            reasons += [tr("{0}: {1} exists already and was kept").format(u.name, key)
                        for u, key in plan.conflicts[:PREVIEW]]
            self.window.show_error(tr("Nothing to {0} to {1}.").format(
                self.title.lower(), plan.destination.describe()) + ("\n" + "\n".join(reasons) if reasons else ""))
            self._end(None)
            return
        if self.mode == "move" or plan.refused or plan.conflicts:
            self._confirm(plan)
        else:
            self.execute(plan)

    # -- 2. confirm -------------------------------------------------------------------------------
    def _confirm(self, plan: RelocatePlan) -> None:
        info = [tr("{0} in all.").format(formats.size(plan.total_bytes))]
        if self.mode == "move":
            info.append(tr("Moved documents stay the same documents, so their OCR results stay valid. Each is "
                           "removed from where it is only after its copy is in place and checked."))
        if plan.refused:
            info.append(tr("{0} selected items cannot go there and are left as they are.").format(
                formats.count(len(plan.refused))))
        if plan.conflicts:
            info.append(tr("{0} documents are there already: they are kept and not copied.").format(
                formats.count(len(plan.conflicts))))
        lines = preview_lines(plan.units)
        more = len(plan.units) - len(lines)
        if more:
            lines.append(tr("… and {0} more").format(formats.count(more)))
        lines += [f"{r.key}: {r.reason}" for r in plan.refused[:PREVIEW]]
        lines += [tr("{0}: {1} exists already").format(u.name, key) for u, key in plan.conflicts[:PREVIEW]]
        box, _go = self._confirmation(QMessageBox.Icon.Question, self.title, question(plan), "\n".join(info),
                                      "\n".join(lines), tr("Documents to copy or move"), self.title,
                                      QMessageBox.ButtonRole.AcceptRole)
        box.open()

    def _answered(self, yes: bool) -> None:
        plan, self.confirm = self.plan, None
        if not yes or plan is None:
            self.window.show_status(self.nothing_done)
            self._end(None)
            return
        self.execute(plan)

    # -- 3. run -----------------------------------------------------------------------------------
    def execute(self, plan: RelocatePlan) -> None:
        storage = self.planned_storage()
        if storage is None:
            return
        token = self.run_cancel_token()

        def work(ctx: TaskContext) -> RelocateResult:
            return execute_relocate(storage, plan, token,
                                    lambda done, total, name: ctx.progress((done, total, name)))

        def progress(value: object) -> None:
            if isinstance(value, tuple):
                done, total, name = value
                self.dialog.setMaximum(max(1, total))
                self.dialog.setValue(done)
                step = tr("{0} of {1}: {2}").format(formats.count(done + 1), formats.count(total), name)
                self.dialog.setLabelText(step if done < total else tr("Done."))

        verb = tr("Moving") if self.mode == "move" else tr("Copying")
        self.dialog.setLabelText(tr("{0} {1} documents to {2}…").format(verb, formats.count(len(plan.units)),
                                                                         plan.destination.describe()))
        self.dialog.setRange(0, max(1, len(plan.units)))
        self.dialog.setValue(0)
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress)
        self.handle = workers().run("misc", work, on_done=self._done, on_error=self._failed,
                                    on_progress=progress, owner=self, name="relocate")

    def _done(self, result: RelocateResult) -> None:
        self.handle = None
        self.dialog.hide()
        where = self.destination.describe()
        text = (tr("Moved {0} documents ({1}) to {2}.") if self.mode == "move"
                else tr("Copied {0} documents ({1}) to {2}.")).format(
            formats.count(len(result.done)), formats.size(result.done_bytes), where)
        if result.cancelled:
            text += " " + tr("Cancelled: {0} documents were left as they are.").format(
                formats.count(len(result.not_attempted)))
        problems: list[str] = []
        if result.kept:
            problems.append(tr("Kept where they are (nothing of them was changed): {0}").format(_names(result.kept)))
        if result.copied_source_kept:
            problems.append(tr("Copied, but the original was kept too: {0}").format(_names(result.copied_source_kept)))
        if result.incomplete:
            problems.append(_names(result.incomplete))
        if result.leftovers:
            problems.append(tr("Copies that could not be removed again after a failure: {0}").format(
                ", ".join(result.leftovers[:PREVIEW])))
        if result.stopped:
            problems.append(tr("Stopped: {0}; {1} documents were not attempted.").format(
                result.stopped, formats.count(len(result.not_attempted))))
        self.window.show_status(text)
        self._note_for_search(result)
        if result.kept or result.leftovers or result.stopped:
            self.window.show_error(text + "\n" + "\n".join(problems))
        elif problems:
            self.window.show_warning(text + "\n" + "\n".join(problems))
        self._refresh()
        self._end(result)

    def _note_for_search(self, result: RelocateResult) -> None:
        """Tell the search index what is where now: moved objects moved, copies (also a move's
        whose source was kept) new."""
        for unit in result.done if self.mode == "move" else ():
            for step in unit.steps:
                note_moved(self.window, (step.bucket, step.source_key), (step.bucket, step.dest_key), etag=step.etag)
        copies = [*result.done] if self.mode == "copy" else []
        copies += [u for u, _why in result.copied_source_kept]
        copies += [u for u, _why in result.incomplete]
        for unit in copies:
            steps = unit.steps if all(u is not unit for u, _w in result.incomplete) else (unit.document,)
            named = unit.name != unit.document.source_key.rsplit("/", 1)[-1]  # else not known: the index reads it
            for step in steps:
                note_put(self.window, step.bucket, step.dest_key, size=step.size, etag=step.etag,
                         original_name=unit.name if named and step is unit.document else None)

    def _refresh(self) -> None:
        """List again the level shown and the destination (where they are loaded)."""
        self._refresh_nodes([self.window.tree_panel.level, self.refresh_node])
