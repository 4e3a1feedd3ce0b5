"""The *Schema drift* tab: each bucket's findings with severity, and *Apply expected policy…* with a
unified diff to confirm. The policy is written only while the live one still means what the diff
showed; when it changed meanwhile, nothing is written and the new diff is shown to confirm again."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.policies.check import (
    ApplyResult,
    BucketReport,
    PolicyChangedMeanwhile,
    apply_expected_policy,
    check_all,
    policy_diff,
)
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.reachability import AnonymousProbe
from ensure_browser.core.severity import count
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import tr_text
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.widgets import (
    SEVERITY_TONES,
    error_text,
    fill,
    item,
    monospace,
    row,
    table,
    text_label,
)
from ensure_browser.ui.toned import set_tone
from ensure_browser.ui.workers import TaskContext


class ApplyPolicyDialog(QDialog):
    """Shows the unified diff from the live policy to the expected one and asks to apply it."""

    def __init__(self, bucket: str, diff: str, parent: QWidget | None = None, *, changed: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("apply-policy-dialog")
        self.setWindowTitle(self.tr("Apply the expected policy to {0}").format(bucket))
        self.resize(720, 480)
        text = self.tr(
            "The live policy of <b>{0}</b> will be replaced by the one the schema expects. "
            "Lines starting with − are removed, lines starting with + are added (canonical JSON, so "
            "only differences in meaning show)."
        ).format(html.escape(bucket))
        if changed:
            text = self.tr("<b>The policy of {0} was changed by someone else since the difference was shown; "
                           "nothing was written.</b> This is the difference now.").format(html.escape(bucket)) \
                + " " + text
        intro = QLabel(text)
        intro.setObjectName("apply-policy-intro")
        intro.setWordWrap(True)
        self.intro = intro
        self.diff_view = QPlainTextEdit(diff)
        self.diff_view.setAccessibleName(self.tr("Changes to the policy"))
        self.diff_view.setReadOnly(True)
        monospace(self.diff_view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.diff_view, 1)
        layout.addWidget(self.buttons)

class DriftTab(QWidget):
    """Every schema bucket's findings with their severity, and the way back to the expected policy."""

    driftChecked = Signal()

    def __init__(self, ctx: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reports: dict[str, BucketReport] = {}
        self.apply_dialog: ApplyPolicyDialog | None = None
        self.drift_button = QPushButton(self.tr("Check all buckets"))
        self.drift_button.clicked.connect(self.check_drift)
        self.apply_button = QPushButton(self.tr("Apply expected policy…"))
        self.apply_button.setToolTip(self.tr("Replace the selected bucket's policy with the schema's, after "
                                             "showing the difference"))
        self.apply_button.clicked.connect(self.ask_apply)
        self.drift_table = table([self.tr("Bucket"), self.tr("Severity"), self.tr("Direction"), self.tr("Finding")])
        self.drift_table.setAccessibleName(self.tr("Schema drift findings"))
        self.drift_table.setObjectName("drift-table")
        self.drift_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.drift_status = text_label("drift-status")
        buttons = row(self.drift_button, self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.drift_table, 1)
        layout.addWidget(self.drift_status)

    def clear(self) -> None:
        """Forget the reports (a new connection)."""
        self.reports.clear()
        self.drift_table.setRowCount(0)
        self.drift_status.clear()

    def check_drift(self) -> None:
        """Compare every schema bucket's live policy with the schema, and ask the server, in a worker."""
        if self.ctx.connection is None:
            return
        connection = self.ctx.connection
        storage, names, settings = connection.storage, connection.names, connection.settings
        self.drift_button.setEnabled(False)
        set_tone(self.drift_status, None)
        self.drift_status.setText(self.tr("Checking the bucket policies…"))

        def work(_ctx: TaskContext) -> list[BucketReport]:
            return check_all(storage, names, AnonymousProbe(settings))

        def done(reports: list[BucketReport]) -> None:
            self.drift_button.setEnabled(True)
            self.reports = {r.bucket: r for r in reports}
            self._show_reports(reports)
            self.driftChecked.emit()

        def failed(exc: BaseException) -> None:
            self.drift_button.setEnabled(True)
            self._drift_error(self.tr("The check failed: {0}").format(error_text(exc)))
            self.driftChecked.emit()

        self.ctx.run(work, done, failed, "policy drift")

    def _show_reports(self, reports: list[BucketReport]) -> None:
        rows: list[list[QTableWidgetItem]] = []
        worst: list[str] = []
        for report in reports:
            b = report.bucket
            if report.status == "ok":
                rows.append([item(b), item(self.tr("OK"), tone_name=SEVERITY_TONES["ok"]), item(""),
                             item(self.tr("The live policy means what the schema expects; the server agrees."))])
            elif report.status == "missing":
                rows.append([item(b), item(self.tr("missing"), tone_name=SEVERITY_TONES["info"]), item(""),
                             item(self.tr("The bucket does not exist."))])
            elif report.status == "error":
                rows.append([item(b), item(self.tr("error"), tone_name=SEVERITY_TONES["critical"]), item(""),
                             item(report.error)])
            elif report.status == "unsupported":
                rows.append([item(b), item(self.tr("no policies"), tone_name=SEVERITY_TONES["info"]), item(""),
                             item(report.unsupported)])
            for finding in report.sorted_findings():
                rows.append([item(b), item(finding.severity, tone_name=SEVERITY_TONES[finding.severity]),
                             item(self.tr("policy: {0}").format(finding.direction)), item(finding.message)])
            for check in report.live_checks:
                if check.severity:
                    rows.append([item(b), item(check.severity, tone_name=SEVERITY_TONES[check.severity]),
                                 item(self.tr("server answer")), item(check.message, check.answer.request)])
            worst += report.severities
        fill(self.drift_table, rows)
        counts = count(worst)
        summary = formats.severities(counts) + "."
        set_tone(self.drift_status, SEVERITY_TONES['critical'] if counts["critical"] else None)
        self.drift_status.setText(summary)

    def _drift_error(self, message: str) -> None:
        set_tone(self.drift_status, SEVERITY_TONES['critical'])
        self.drift_status.setText(tr_text(message))

    def _apply_target(self) -> str | None:
        rows = self.drift_table.selectionModel().selectedRows() if self.drift_table.selectionModel() else []
        if rows:
            cell = self.drift_table.item(rows[0].row(), 0)
            if cell is not None:
                return cell.text()
        return self.ctx.current_bucket()

    def ask_apply(self) -> None:
        """Show the diff to the expected policy of the selected bucket and apply it when confirmed."""
        bucket = self._apply_target()
        if bucket is None or self.ctx.connection is None:
            return
        if self.ctx.connection.names.role_of(bucket) is None:
            self._drift_error(self.tr("{0} is not one of the schema's buckets.").format(bucket))
            return
        report = self.reports.get(bucket)
        if report is None:
            self._drift_error(self.tr("Run the check first to see what would change."))
            return
        if report.status in ("missing", "error", "unsupported"):
            missing = self.tr("The bucket {0} does not exist.").format(bucket)
            self._drift_error(report.error or report.unsupported or missing)
            return
        if policies_equivalent(report.live, report.expected):
            self._drift_error(self.tr("The policy of {0} already means what the schema expects.").format(bucket))
            return
        self._open_apply_dialog(bucket, report.live, report.expected)

    def _open_apply_dialog(self, bucket: str, live: Policy | None, expected: Policy | None, *,
                           changed: bool = False) -> None:
        """Show the diff from ``live`` to ``expected``; Apply writes it only while the live policy means ``live``."""
        dialog = ApplyPolicyDialog(bucket, policy_diff(live, expected, bucket), self, changed=changed)
        dialog.accepted.connect(lambda: self._apply(bucket, live, expected))
        dialog.finished.connect(dialog.deleteLater)
        self.apply_dialog = dialog
        dialog.open()

    def _apply(self, bucket: str, seen: Policy | None, expected: Policy | None) -> None:
        if self.ctx.connection is None:
            return
        storage, names = self.ctx.connection.storage, self.ctx.connection.names
        self.apply_button.setEnabled(False)
        set_tone(self.drift_status, None)
        self.drift_status.setText(self.tr("Setting the expected policy on {0}…").format(bucket))

        def work(_ctx: TaskContext) -> ApplyResult:
            return apply_expected_policy(storage, bucket, names, seen)

        def done(_result: ApplyResult) -> None:
            self.apply_button.setEnabled(True)
            self.ctx.cache.refresh(bucket)
            self.drift_status.setText(self.tr("The expected policy is set on {0}.").format(bucket))
            self.check_drift()

        def failed(exc: BaseException) -> None:
            self.apply_button.setEnabled(True)
            self._drift_error(error_text(exc))
            if isinstance(exc, PolicyChangedMeanwhile):
                self.ctx.cache.refresh(bucket)
                report = self.reports.get(bucket)
                if report is not None:  # what a later Apply shows the difference from
                    self.reports[bucket] = replace(report, live_text=exc.live_text, live=exc.live,
                                                   error="" if exc.understood else error_text(exc))
                if exc.understood and not policies_equivalent(exc.live, expected):
                    self._open_apply_dialog(bucket, exc.live, expected, changed=True)
            self.driftChecked.emit()

        self.ctx.run(work, done, failed, f"apply expected policy to {bucket}")
