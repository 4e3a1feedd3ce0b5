"""The *Retention* tab: each schema bucket's versioning (off / on / suspended) with *Turn on
versioning…*, and its lifecycle rules beside the schema's with the drift in plain words and *Apply
expected rules…* after a diff. Both act only after a confirmation; the rules are written only while
the live ones still do what the diff showed (:func:`~ensure_browser.core.retention.check.apply_expected_rules`).
A server without lifecycle rules (``rclone serve s3``) is said in plain words, not as an error."""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.retention.check import (
    BucketRetention,
    RulesChangedMeanwhile,
    apply_expected_rules,
    check_all,
    versioning_word,
)
from ensure_browser.core.retention.compare import rules_diff
from ensure_browser.core.retention.expected import RetentionSettings
from ensure_browser.core.retention.versioning import turn_on_versioning
from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.severity import count
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.drift_tab import ApplyPolicyDialog
from ensure_browser.ui.policies.widgets import SEVERITY_TONES, error_text, fill, item, row, table, text_label
from ensure_browser.ui.toned import set_tone
from ensure_browser.ui.workers import TaskContext

#: Text colour of a bucket's versioning state.
VERSIONING_TONES: dict[str | None, str] = {"Enabled": SEVERITY_TONES["ok"], "Suspended": SEVERITY_TONES["warning"],
                                            "Off": SEVERITY_TONES["info"], None: SEVERITY_TONES["info"]}


class ApplyRulesDialog(ApplyPolicyDialog):
    """The diff from a bucket's live lifecycle rules to the schema's, and Apply."""

    def __init__(self, bucket: str, diff: str, parent: QWidget | None = None, *, changed: bool = False) -> None:
        super().__init__(bucket, diff, parent)
        self.setObjectName("apply-rules-dialog")
        self.setWindowTitle(self.tr("Apply the expected lifecycle rules to {0}").format(bucket))
        self.diff_view.setAccessibleName(self.tr("Changes to the lifecycle rules"))
        text = self.tr(
            "The lifecycle rules of <b>{0}</b> will be replaced by the ones the schema expects: the server "
            "then removes what they name, by itself, every day. Lines starting with − are removed, lines "
            "starting with + are added (one line per rule, saying what it does)."
        ).format(html.escape(bucket))
        if changed:
            text = self.tr("<b>The rules of {0} were changed by someone else since the difference was shown; "
                           "nothing was written.</b> This is the difference now.").format(html.escape(bucket)) \
                + " " + text
        self.intro.setText(text)


class RetentionTab(QWidget):
    """Versioning and lifecycle rules of every schema bucket, and the way to the schema's."""

    retentionChecked = Signal()

    def __init__(self, ctx: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reports: dict[str, BucketRetention] = {}
        self.apply_dialog: ApplyRulesDialog | None = None
        self.versioning_dialog: QMessageBox | None = None
        self.temp_days = self._days_box(RetentionSettings.temp_days, self.tr("Temporary uploads expire after, in days"))
        self.noncurrent_days = self._days_box(RetentionSettings.noncurrent_days,
                                              self.tr("Old versions are kept for, in days"))
        self.check_button = QPushButton(self.tr("Check all buckets"))
        self.check_button.setAccessibleName(self.tr("Check the retention of all buckets"))
        self.check_button.clicked.connect(self.check)
        self.versioning_button = QPushButton(self.tr("Turn on versioning…"))
        self.versioning_button.setAccessibleName(self.tr("Turn on versioning"))
        self.versioning_button.setToolTip(self.tr("Keep the earlier version of every replaced or deleted object in "
                                                  "the selected bucket, after a confirmation"))
        self.versioning_button.clicked.connect(self.ask_versioning)
        self.apply_button = QPushButton(self.tr("Apply expected rules…"))
        self.apply_button.setAccessibleName(self.tr("Apply the expected lifecycle rules"))
        self.apply_button.setToolTip(self.tr("Replace the selected bucket's lifecycle rules with the schema's, "
                                             "after showing the difference"))
        self.apply_button.clicked.connect(self.ask_apply)
        self.table = table([self.tr("Bucket"), self.tr("Versioning"), self.tr("Severity"), self.tr("Lifecycle rules")])
        self.table.setObjectName("retention-table")
        self.table.setAccessibleName(self.tr("Versioning and lifecycle rules of the buckets"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.status_label = text_label("retention-status")
        numbers = QHBoxLayout()
        for label, box in ((self.tr("Temporary uploads (temp/) expire after"), self.temp_days),
                           (self.tr("Old versions kept"), self.noncurrent_days)):
            caption = QLabel(label)
            caption.setBuddy(box)
            numbers.addWidget(caption)
            numbers.addWidget(box)
        numbers.addWidget(QLabel(self.tr("Incomplete uploads aborted after 7 days.")))
        numbers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(numbers)
        layout.addLayout(row(self.check_button, self.versioning_button, self.apply_button))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

    def _days_box(self, value: int, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, 3650)
        box.setValue(value)
        box.setSuffix(self.tr(" days"))
        box.setAccessibleName(name)
        box.valueChanged.connect(self._numbers_changed)
        return box

    def remember(self, store: QSettings) -> None:
        """Start from the numbers last chosen (kept in ``store``) and keep each one chosen from now on."""
        for box, name in ((self.temp_days, "retention/temp_days"), (self.noncurrent_days, "retention/noncurrent_days")):
            kept = store.value(name, box.value(), int)
            box.setValue(int(kept) if isinstance(kept, int) else box.value())
            box.valueChanged.connect(lambda value, name=name: store.setValue(name, value))

    def settings(self) -> RetentionSettings:
        return RetentionSettings(temp_days=self.temp_days.value(), noncurrent_days=self.noncurrent_days.value())

    def clear(self) -> None:
        """Forget the reports (a new connection)."""
        self.reports.clear()
        self.table.setRowCount(0)
        self.status_label.clear()

    def opened(self) -> None:
        """The tab was shown: check once per connection."""
        if not self.reports and self.ctx.connection is not None and self.check_button.isEnabled():
            self.check()

    def _numbers_changed(self, _value: int) -> None:
        if self.reports:  # the expected rules changed: what drifts changes with them
            self.check()

    # -- checking -----------------------------------------------------------------------------------
    def check(self) -> None:
        """Read every schema bucket's versioning and lifecycle rules and compare them, in a worker."""
        if self.ctx.connection is None:
            return
        storage, names, settings = self.ctx.connection.storage, self.ctx.connection.names, self.settings()
        self.check_button.setEnabled(False)
        self._say(self.tr("Reading the versioning and lifecycle rules…"))

        def work(_ctx: TaskContext) -> list[BucketRetention]:
            return check_all(storage, names, settings)

        def done(reports: list[BucketRetention]) -> None:
            self.check_button.setEnabled(True)
            self.reports = {r.bucket: r for r in reports}
            self._show(reports)
            self.retentionChecked.emit()

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            self._say(self.tr("The check failed: {0}").format(error_text(exc)), error=True)
            self.retentionChecked.emit()

        self.ctx.run(work, done, failed, "retention check")

    def _show(self, reports: list[BucketRetention]) -> None:
        rows: list[list[QTableWidgetItem]] = []
        found = []
        for report in reports:
            b = report.bucket
            versioning = item(self._state_text(report), tone_name=VERSIONING_TONES.get(report.versioning))
            if report.status == "ok":
                rows.append([item(b), versioning, item(self.tr("OK"), tone_name=SEVERITY_TONES["ok"]),
                             item(self.tr("The lifecycle rules do what the schema expects."))])
            elif report.status == "missing":
                rows.append([item(b), item(""), item(self.tr("missing"), tone_name=SEVERITY_TONES["info"]),
                             item(self.tr("The bucket does not exist."))])
            elif report.status == "error":
                rows.append([item(b), versioning, item(self.tr("error"), tone_name=SEVERITY_TONES["critical"]),
                             item(report.error)])
            elif report.status == "unsupported":
                rows.append([item(b), versioning, item(self.tr("no rules"), tone_name=SEVERITY_TONES["info"]),
                             item(report.unsupported)])
            for i, finding in enumerate(report.findings):
                rows.append([item(b), versioning if i == 0 else item(""),
                             item(finding.severity, tone_name=SEVERITY_TONES[finding.severity]), item(finding.message)])
                found.append(finding.severity)
            rows += [[item(b), item(""), item(self.tr("note")), item(note)] for note in report.notes]
        fill(self.table, rows)
        counts = count(found)
        drifting = sum(1 for r in reports if r.status == "drift")
        summary = self.tr("{0} of {1} buckets drift from the schema: {2} critical, {3} warning(s), {4} info.").format(
            drifting, len(reports), counts["critical"], counts["warning"], counts["info"])
        if not drifting:
            summary = self.tr("Every bucket's lifecycle rules are as the schema expects, where the server has them.")
        self._say(summary, error=bool(counts["critical"]))

    def _state_text(self, report: BucketRetention) -> str:
        """The bucket's versioning as the table says it (off / on / suspended)."""
        if not report.exists:
            return ""
        words = {"Enabled": self.tr("on"), "Suspended": self.tr("suspended"), "Off": self.tr("off"),
                 None: self.tr("not offered")}
        return words.get(report.versioning, versioning_word(report.versioning))

    def _say(self, text: str, *, error: bool = False) -> None:
        set_tone(self.status_label, SEVERITY_TONES['critical'] if error else None)
        self.status_label.setText(tr_text(text))

    def _target(self) -> str | None:
        """The selected row's bucket, else the panel's; None (and said) when it is not a schema bucket."""
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        cell = self.table.item(rows[0].row(), 0) if rows else None
        bucket = cell.text() if cell is not None else self.ctx.current_bucket()
        if bucket is not None and self.ctx.names().role_of(bucket) is None:
            self._say(self.tr("{0} is not one of the schema's buckets.").format(bucket), error=True)
            return None
        return bucket

    # -- versioning ---------------------------------------------------------------------------------
    def ask_versioning(self) -> None:
        """Ask to turn versioning on for the selected bucket; turn it on when confirmed."""
        bucket = self._target()
        if bucket is None or self.ctx.connection is None:
            return
        report = self.reports.get(bucket)
        if report is not None and report.versioning == "Enabled":
            self._say(self.tr("Versioning is on for {0} already.").format(bucket))
            return
        if report is not None and not report.exists:
            self._say(self.tr("The bucket {0} does not exist.").format(bucket), error=True)
            return
        if report is not None and report.versioning is None and not report.notes:  # notes: it was not read
            self._say(self.tr("This server does not support bucket versioning."))
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Turn on versioning"), self.tr(
            "Turn on versioning for <b>{0}</b>?<br><br>From then on, a replaced or deleted object keeps its "
            "earlier version, which can be restored. Old versions take space until a lifecycle rule removes "
            "them (the schema keeps them {1} days). Versioning cannot be turned off again, only suspended."
        ).format(html.escape(bucket), self.noncurrent_days.value()),
            QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("turn-on-versioning-dialog")
        turn_on = box.addButton(self.tr("Turn on versioning"), QMessageBox.ButtonRole.AcceptRole)
        turn_on.setAccessibleName(self.tr("Turn on versioning"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._turn_on(bucket))
        box.finished.connect(box.deleteLater)
        self.versioning_dialog = box
        box.open()

    def _turn_on(self, bucket: str) -> None:
        if self.ctx.connection is None:
            return
        storage = self.ctx.connection.storage
        self.versioning_button.setEnabled(False)
        self._say(self.tr("Turning on versioning for {0}…").format(bucket))

        def work(_ctx: TaskContext) -> list[str]:
            return turn_on_versioning(storage, [bucket])

        def done(lines: list[str]) -> None:
            self.versioning_button.setEnabled(True)
            self._say(" ".join(lines) or self.tr("Versioning is on for {0} already.").format(bucket),
                      error=any(line.startswith("Not turned on") for line in lines))
            self.check()

        def failed(exc: BaseException) -> None:
            self.versioning_button.setEnabled(True)
            self._say(error_text(exc), error=True)
            self.retentionChecked.emit()

        self.ctx.run(work, done, failed, f"turn on versioning for {bucket}")

    # -- lifecycle rules ----------------------------------------------------------------------------
    def ask_apply(self) -> None:
        """Show the diff to the schema's lifecycle rules of the selected bucket and apply it when confirmed."""
        bucket = self._target()
        if bucket is None or self.ctx.connection is None:
            return
        report = self.reports.get(bucket)
        if report is None:
            self._say(self.tr("Run the check first to see what would change."), error=True)
            return
        if report.status == "missing":
            self._say(self.tr("The bucket {0} does not exist.").format(bucket), error=True)
        elif report.status in ("error", "unsupported"):
            self._say(report.error or report.unsupported, error=not report.unsupported)
        elif report.status == "ok":
            self._say(self.tr("The lifecycle rules of {0} already do what the schema expects.").format(bucket))
        else:
            self._open_apply_dialog(bucket, report.live, report.expected)

    def _open_apply_dialog(self, bucket: str, live: tuple[LifecycleRule, ...], expected: tuple[LifecycleRule, ...],
                           *, changed: bool = False) -> None:
        dialog = ApplyRulesDialog(bucket, rules_diff(live, expected, bucket), self, changed=changed)
        settings = self.settings()
        dialog.accepted.connect(lambda: self._apply(bucket, live, settings))
        dialog.finished.connect(dialog.deleteLater)
        self.apply_dialog = dialog
        dialog.open()

    def _apply(self, bucket: str, seen: tuple[LifecycleRule, ...], settings: RetentionSettings) -> None:
        if self.ctx.connection is None:
            return
        storage, names = self.ctx.connection.storage, self.ctx.connection.names
        self.apply_button.setEnabled(False)
        self._say(self.tr("Setting the schema's lifecycle rules on {0}…").format(bucket))

        def work(_ctx: TaskContext) -> tuple[LifecycleRule, ...]:
            return apply_expected_rules(storage, bucket, names, settings, seen)

        def done(_rules: tuple[LifecycleRule, ...]) -> None:
            self.apply_button.setEnabled(True)
            self._say(self.tr("The schema's lifecycle rules are set on {0}.").format(bucket))
            self.check()

        def failed(exc: BaseException) -> None:
            self.apply_button.setEnabled(True)
            self._say(error_text(exc), error=True)
            report = self.reports.get(bucket)
            if isinstance(exc, RulesChangedMeanwhile) and report is not None:
                self._open_apply_dialog(bucket, exc.live, report.expected, changed=True)
            self.retentionChecked.emit()

        self.ctx.run(work, done, failed, f"apply lifecycle rules to {bucket}")
