"""The *Bucket policy* tab: the live policy as JSON, what it means, its anonymous rules and risks.

The JSON is read-only until *Edit* is on; every change is parsed and a
:class:`~ensure_browser.core.policies.model.PolicyError` shown inline; *Save* sets it in a worker and
reads it back. Saving an empty editor removes the bucket policy, only after a question (Cancel by
default).

Save writes only over the policy the editor was filled from: the live policy is read again right before
writing, and when it was changed on the server meanwhile (a colleague, another program) nothing is
written and :class:`~ensure_browser.ui.policies.conflict.PolicyConflictDialog` shows what is live now.
"""

from __future__ import annotations

import html
from typing import TypeAlias

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from ensure_browser.core.policies.check import (
    ApplyResult,
    PolicyChangedMeanwhile,
    SeenText,
    schema_risks,
    set_policy_verified,
)
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.ui import theme
from ensure_browser.ui.i18n import QT_TR_NOOP, tr, tr_text
from ensure_browser.ui.policies.cache import PolicyEntry
from ensure_browser.ui.policies.conflict import PolicyConflictDialog
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.widgets import (
    SEVERITY_COLORS,
    SEVERITY_TONES,
    bullets,
    error_text,
    fill,
    item,
    monospace,
    pretty,
    row,
    table,
    text_label,
)
from ensure_browser.ui.toned import set_tone
from ensure_browser.ui.workers import TaskContext

#: The live policy the editor was filled from: parsed, ``None`` for no policy, raw text when not understood.
Seen: TypeAlias = Policy | SeenText | None

_SEVERITIES = {"critical": QT_TR_NOOP("Critical"), "warning": QT_TR_NOOP("Warning"), "info": QT_TR_NOOP("Info")}


class PolicyTab(QWidget):
    """The live policy of the bucket chosen above the tabs, its meaning, and the editor."""

    policySaved = Signal(str)  # bucket ("" when saving failed)

    def __init__(self, ctx: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._meaning: tuple[str, Policy | None, bool] | None = None
        self._seen: Seen = None  # what Save may write over (see save())
        self.conflict_dialog: PolicyConflictDialog | None = None
        theme.changed().changed.connect(self._recolour)
        self.json_edit = QPlainTextEdit()
        self.json_edit.setObjectName("policy-json")
        self.json_edit.setAccessibleName(self.tr("Bucket policy (JSON)"))
        self.json_edit.setReadOnly(True)
        self.json_edit.setPlaceholderText(self.tr("No bucket policy is set: nothing in this bucket is public. "
                                                  "Turn on Edit to write one."))
        monospace(self.json_edit)
        self.json_edit.textChanged.connect(self._validate)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip(self.tr("Edit the policy (only keys allowed to set policies can save)"))
        self.edit_button.toggled.connect(self._edit_toggled)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self._revert)
        self.validation_label = text_label("policy-validation")
        buttons = row(self.edit_button, self.save_button, self.revert_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Live policy (JSON)")))
        left_layout.addWidget(self.json_edit, 1)
        left_layout.addWidget(self.validation_label)
        left_layout.addLayout(buttons)

        self.explanation_label = text_label("policy-explanation")
        self.rules_table = table([self.tr("Pattern"), self.tr("Access"), self.tr("Description")])
        self.rules_table.setAccessibleName(self.tr("Expected rules"))
        self.rules_table.setObjectName("policy-rules")
        self.risks_label = text_label("policy-risks")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("<b>What it means</b>")))
        right_layout.addWidget(self.explanation_label)
        right_layout.addWidget(QLabel(self.tr("<b>Risks</b>")))
        right_layout.addWidget(self.risks_label)
        right_layout.addWidget(QLabel(self.tr("<b>Anonymous access</b>")))
        right_layout.addWidget(self.rules_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- the bucket -------------------------------------------------------------------------------------
    def stop_editing(self) -> None:
        """Leave editing (another bucket was chosen): the editor shows the live policy again."""
        if self.edit_button.isChecked():
            self.edit_button.setChecked(False)

    def policy_changed(self, entry: PolicyEntry) -> None:
        """The current bucket's policy was read again: show it unless it is being edited."""
        if not self.edit_button.isChecked():
            self.show_policy(entry)

    def show_policy(self, entry: PolicyEntry | None) -> None:
        """``entry``'s policy, its meaning and risks (None: nothing, until the policy is read)."""
        self._seen = _seen_of(entry)
        self.json_edit.blockSignals(True)
        self.json_edit.setPlainText(pretty(entry.text) if entry is not None else "")
        self.json_edit.blockSignals(False)
        self.validation_label.clear()
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        if entry is None:
            self.explanation_label.clear()
            self.risks_label.clear()
            self.rules_table.setRowCount(0)
            return
        if entry.error:
            self.ctx.status.emit(tr_text(entry.error))
        else:
            self.ctx.status.emit(self.tr("Policy of {0} read from the server.").format(entry.bucket))
        self._show_meaning(entry.bucket, entry.policy, entry.text is not None and not entry.error)

    def _show_meaning(self, bucket: str, policy: Policy | None, has_policy: bool) -> None:
        self._meaning = (bucket, policy, has_policy)  # shown again in the colours of a new theme
        if policy is None:
            none = self.tr("No bucket policy: only signed-in users with their own permissions have access; "
                           "nothing is public.") if not has_policy else ""
            self.explanation_label.setText(html.escape(none))
            self.rules_table.setRowCount(0)
            self.risks_label.setText(html.escape(self.tr("No risks found.")) if not has_policy else "")
            return
        self.explanation_label.setText(bullets([(s, None) for s in policy.explain()]))
        rules = policy.anonymous_rules(bucket)
        fill(self.rules_table, [
            [item(r.pattern or self.tr("(the bucket)")), item(r.access), item(r.description)] for r in rules
        ])
        risks = policy.risks() + schema_risks(policy, bucket, self.ctx.names())
        if risks:
            self.risks_label.setText(bullets(
                [(self.tr("{0}: {1}").format(tr(_SEVERITIES.get(r.severity, r.severity)), tr_text(r.message)),
                  SEVERITY_COLORS.get(r.severity)) for r in risks]
            ))
        else:
            self.risks_label.setText(html.escape(self.tr("No risks found.")))

    def _recolour(self, *_theme: object) -> None:
        """The risks are rich text with the theme's colours in it: written again after a theme switch."""
        if self._meaning is not None:
            self._show_meaning(*self._meaning)

    def _edit_toggled(self, on: bool) -> None:
        self.json_edit.setReadOnly(not on)
        if on:
            self.ctx.status.emit(self.tr("Editing: every change is checked; Save sets the policy on the server."))
            self._validate()
        else:
            self._revert()

    def _revert(self) -> None:
        bucket = self.ctx.current_bucket()
        entry = self.ctx.cache.get(bucket) if bucket else None
        if self.edit_button.isChecked():
            self._seen = _seen_of(entry)
            self.json_edit.setPlainText(pretty(entry.text) if entry is not None else "")
            self._validate()
        else:
            self.show_policy(entry)

    def edited_policy(self) -> Policy | None:
        """The editor's text parsed (raises PolicyError); None when it is empty (no policy)."""
        text = self.json_edit.toPlainText()
        return None if not text.strip() else parse_policy(text)

    def _validate(self) -> None:
        if not self.edit_button.isChecked():
            return
        bucket = self.ctx.current_bucket()
        entry = self.ctx.cache.get(bucket) if bucket else None
        try:
            policy = self.edited_policy()
        except PolicyError as err:
            set_tone(self.validation_label, SEVERITY_TONES['critical'])
            self.validation_label.setText(error_text(err))
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(True)
            return
        live = entry.policy if entry is not None else None
        same = entry is not None and not entry.error and policies_equivalent(policy, live)
        set_tone(self.validation_label, SEVERITY_TONES['ok'])
        if policy is None:
            self.validation_label.setText(self.tr("Empty: saving removes the bucket policy."))
        elif same:
            self.validation_label.setText(self.tr("Valid; it means the same as the live policy."))
        else:
            self.validation_label.setText(self.tr("Valid policy with {0} statement(s).").format(len(policy.statements)))
        if bucket is not None:
            self._show_meaning(bucket, policy, policy is not None)
        self.save_button.setEnabled(not same)
        self.revert_button.setEnabled(True)

    def _removal_confirmed(self, bucket: str) -> bool:
        """Ask before an empty Save removes ``bucket``'s policy (Cancel by default)."""
        answer = QMessageBox.question(
            self, self.tr("Remove the bucket policy"),
            self.tr("Remove the bucket policy of {0}? The editor is empty, so saving deletes the policy on "
                    "the server: everything it allows (anonymous reads, access for other users) stops.").format(bucket),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> None:
        """Set the edited policy on the server in a worker (an empty editor removes the policy).

        It is written only while the live policy still means the one the editor was filled from (when
        editing began, or at Revert); otherwise nothing is written and :meth:`_changed_meanwhile` asks.
        """
        bucket = self.ctx.current_bucket()
        if bucket is None or self.ctx.connection is None or not self.edit_button.isChecked():
            return
        try:
            self.edited_policy()
        except PolicyError as err:
            self.validation_label.setText(error_text(err))
            return
        raw = self.json_edit.toPlainText()
        text = raw if raw.strip() else None
        if text is None and not self._removal_confirmed(bucket):
            self.ctx.status.emit(self.tr("The policy of {0} was not removed.").format(bucket))
            return
        self._write(bucket, text, self._seen)

    def _write(self, bucket: str, text: str | None, seen: Seen) -> None:
        """Set ``text`` (None: remove) as ``bucket``'s policy while the live one still means ``seen``."""
        if self.ctx.connection is None:
            return
        storage = self.ctx.connection.storage
        self.save_button.setEnabled(False)
        self.json_edit.setReadOnly(True)  # what is written is what the editor shows
        self.ctx.status.emit(self.tr("Saving the policy of {0}…").format(bucket))

        def work(_ctx: TaskContext) -> ApplyResult:
            return set_policy_verified(storage, bucket, text, seen)

        def done(_result: ApplyResult) -> None:
            self.ctx.status.emit(self.tr("The policy of {0} was saved and read back.").format(bucket))
            self.edit_button.setChecked(False)
            self.ctx.cache.refresh(bucket)
            self.policySaved.emit(bucket)

        def failed(exc: BaseException) -> None:
            self.json_edit.setReadOnly(not self.edit_button.isChecked())
            set_tone(self.validation_label, SEVERITY_TONES['critical'])
            self.save_button.setEnabled(True)
            if isinstance(exc, PolicyChangedMeanwhile):
                self._changed_meanwhile(bucket, text, exc)
            else:
                self.validation_label.setText(error_text(exc))
                self.ctx.status.emit(error_text(exc))
            self.policySaved.emit("")

        self.ctx.run(work, done, failed, f"set policy of {bucket}")

    def _changed_meanwhile(self, bucket: str, text: str | None, change: PolicyChangedMeanwhile) -> None:
        """Nothing was written: the live policy changed since editing began. Show it and ask.

        *Replace it with my version* writes ``text`` while the live policy still is the one just shown (a
        further change is caught again); the editor's baseline becomes that policy. *Keep editing* (the
        default) writes nothing and keeps the baseline, so the next Save asks again with what is live
        then: the edits are never written over a policy the user has not seen and chosen to replace.
        """
        message = self.tr("The policy of {0} was changed on the server since you began editing; nothing "
                          "was written. Your edits are still in the editor.").format(bucket)
        self.validation_label.setText(message)
        self.ctx.status.emit(message)
        self.ctx.cache.refresh(bucket)  # badges and Revert follow the live policy (the editor is kept)
        live: Seen = change.live if change.understood or change.live_text is None else SeenText(change.live_text)
        dialog = PolicyConflictDialog(change, text is None, self)
        dialog.accepted.connect(lambda: self._replace(bucket, text, live))
        dialog.rejected.connect(lambda: self.ctx.status.emit(self.tr(
            "Nothing was written; Save asks again while the policy of {0} differs from the one you began "
            "editing.").format(bucket)))
        dialog.finished.connect(dialog.deleteLater)
        self.conflict_dialog = dialog
        dialog.open()

    def _replace(self, bucket: str, text: str | None, live: Seen) -> None:
        if not self.edit_button.isChecked() or self.ctx.current_bucket() != bucket:
            return  # editing ended (another bucket was chosen) while the question was open
        self._seen = live
        self._write(bucket, text, live)


def _seen_of(entry: PolicyEntry | None) -> Seen:
    """The live policy as the editor shows it from ``entry`` (None: no policy, or it could not be read,
    so Save writes only while there is none)."""
    if entry is not None and entry.text is not None and entry.policy is None:
        return SeenText(entry.text)
    return entry.policy if entry is not None else None
