"""The *Who can access* tab: read / write / list / delete for anonymous users, the connected user or a
typed principal, as the bucket policy decides (:func:`~ensure_browser.core.policies.check.who_can`),
beside what the server answers an unsigned request (:mod:`ensure_browser.core.policies.reachability`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.policies.check import (
    ANONYMOUS,
    AccessAnswer,
    list_prefix,
    object_key_for,
    principal_arn,
    user_arn,
    who_can,
)
from ensure_browser.core.policies.reachability import AnonymousAnswer, AnonymousProbe
from ensure_browser.core.schema.policies import PROBE_ID
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.widgets import (
    SEVERITY_TONES,
    bullets,
    error_text,
    fill,
    fit_rows,
    item,
    table,
    text_label,
)
from ensure_browser.ui.workers import TaskContext


class AccessTab(QWidget):
    """Who may read, write, list and delete a key or prefix of the bucket chosen above the tabs."""

    accessChecked = Signal()  # the live anonymous answers arrived

    def __init__(self, ctx: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._access_token = 0
        self._live: dict[str, AnonymousAnswer] = {}
        self._sample: str | None = None
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("access-target")
        self.target_edit.setAccessibleName(self.tr("Key or prefix"))
        self.target_edit.setPlaceholderText(self.tr("key, or prefix ending in / (empty: the whole bucket)"))
        self.target_edit.returnPressed.connect(self.check_access)
        self.principal_combo = QComboBox()
        self.principal_combo.setAccessibleName(self.tr("Who"))
        self.principal_combo.addItem(self.tr("Anonymous (anyone on the internet)"), "anonymous")
        self.principal_combo.addItem(self.tr("The connected user"), "user")
        self.principal_combo.addItem(self.tr("Another principal…"), "other")
        self.principal_combo.currentIndexChanged.connect(self._principal_changed)
        self.principal_edit = QLineEdit()
        self.principal_edit.setPlaceholderText(self.tr("user name or ARN, e.g. ensure-study"))
        self.principal_edit.setEnabled(False)
        self.principal_edit.setAccessibleName(self.tr("User name or ARN"))
        self.principal_edit.returnPressed.connect(self.check_access)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check_access)
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("Key or prefix:")))
        row1.addWidget(self.target_edit, 1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("Who:")))
        row2.addWidget(self.principal_combo)
        row2.addWidget(self.principal_edit, 1)
        row2.addWidget(self.check_button)
        self.access_table = table([self.tr("Operation"), self.tr("Bucket policy"),
                                    self.tr("Server (unsigned request)")])
        self.access_table.setObjectName("access-table")
        self.access_table.setAccessibleName(self.tr("Access by operation"))
        self.access_reasons = text_label("access-reasons")
        self.access_note = text_label()
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.access_table)
        layout.addWidget(QLabel(self.tr("<b>Why</b>")))
        layout.addWidget(self.access_reasons)
        layout.addWidget(self.access_note)
        layout.addStretch(1)

    def show_access(self, key: str) -> None:
        """Answer "who can access this?" for ``key`` (a key or a prefix) in the current bucket."""
        self.target_edit.setText(key)
        self.check_access()

    def clear(self) -> None:
        """Forget the answers (another bucket was chosen)."""
        self._live.clear()
        self.access_table.setRowCount(0)

    def policy_changed(self) -> None:
        """The current bucket's policy was read again: answer again if a question is on show."""
        if self.target_edit.text() or self.access_table.rowCount():
            self._evaluate_access()

    def _principal_changed(self, _index: int) -> None:
        self.principal_edit.setEnabled(self.principal_combo.currentData() == "other")
        if self.access_table.rowCount():
            self._evaluate_access()

    def principal(self) -> str:
        choice = self.principal_combo.currentData()
        if choice == "user" and self.ctx.connection is not None:
            return user_arn(self.ctx.connection.settings.access_key)
        if choice == "other":
            return principal_arn(self.principal_edit.text())
        return ANONYMOUS

    def check_access(self) -> None:
        """Evaluate the policy now and ask the server (unsigned HEAD and list) in a worker."""
        bucket = self.ctx.current_bucket()
        if bucket is None or self.ctx.connection is None:
            return
        target = self.target_edit.text().strip().lstrip("/")
        self._sample = None
        self._live.clear()
        self._access_token += 1
        token = self._access_token
        self._evaluate_access()
        storage, settings = self.ctx.connection.storage, self.ctx.connection.settings

        def work(ctx: TaskContext) -> tuple[str | None, dict[str, AnonymousAnswer]]:
            sample: str | None = None
            if target == "" or target.endswith("/"):
                sample = next((o.key for o in storage.list_recursive(bucket, target, cancel=ctx.token)), None)
            probe = AnonymousProbe(settings)
            answers = {"list": probe.list_objects(bucket, list_prefix(target), max_keys=1)}
            key = object_key_for(target, sample)
            ctx.check()
            answers["read"] = probe.head_object(bucket, key)
            return sample, answers

        def done(result: tuple[str | None, dict[str, AnonymousAnswer]]) -> None:
            if token != self._access_token:
                return
            self._sample, self._live = result
            self._evaluate_access()
            self.accessChecked.emit()

        def failed(exc: BaseException) -> None:
            if token != self._access_token:
                return
            self.access_note.setText(self.tr("The server could not be asked: {0}").format(error_text(exc)))
            self.accessChecked.emit()

        self.ctx.run(work, done, failed, f"who can access {bucket}/{target}")

    def access_answers(self) -> list[AccessAnswer]:
        """The bucket policy's answers for the current target and principal ([] before it is read)."""
        bucket = self.ctx.current_bucket()
        entry = self.ctx.cache.get(bucket) if bucket else None
        if bucket is None or entry is None:
            return []
        target = self.target_edit.text().strip().lstrip("/")
        return who_can(entry.policy, bucket, target, self.principal(), self._sample)

    def _evaluate_access(self) -> None:
        bucket = self.ctx.current_bucket()
        if bucket is None:
            return
        entry = self.ctx.cache.ensure(bucket)
        if entry is None:
            self.access_note.setText(self.tr("Reading the policy of {0}…").format(bucket))
            return
        principal = self.principal()
        answers = self.access_answers()
        rows = []
        reasons: list[tuple[str, str | None]] = []
        for answer in answers:
            verdict = {"allow": self.tr("allowed"), "deny": self.tr("denied (explicit Deny)"),
                       "none": self.tr("denied") if principal == ANONYMOUS else self.tr("not granted here")}
            color = SEVERITY_TONES["ok"] if answer.allowed else SEVERITY_TONES["critical"]
            if not answer.allowed and answer.decision == "none" and principal != ANONYMOUS:
                color = SEVERITY_TONES["info"]
            what = f"{answer.operation} ({answer.action})"
            where = answer.resource + (f" with s3:prefix={answer.context[0][1]!r}" if answer.context else "")
            rows.append([
                item(what, where),
                item(verdict[answer.decision], answer.sentence(), color),
                self._live_item(answer.operation, principal),
            ])
            reasons.append((f"{answer.operation}: {answer.sentence()}", None))
        fill(self.access_table, rows)
        fit_rows(self.access_table)
        self.access_reasons.setText(bullets(reasons))
        key = object_key_for(self.target_edit.text().strip().lstrip("/"), self._sample)
        who = self.tr("anyone (anonymous)") if principal == ANONYMOUS else principal
        note = self.tr("Answers for {0} on s3://{1}/{2}.").format(who, bucket, key)
        if key.endswith(PROBE_ID):
            note += " " + self.tr("No object was found under this prefix; a new object named {0} stands "
                                  "for any object there.").format(PROBE_ID)
        if principal != ANONYMOUS:
            note += " " + self.tr("The server column is what an unsigned (anonymous) request gets; a user's own "
                                  "permissions are not visible to the bucket policy.")
        if entry.error:
            note = entry.error
        self.access_note.setText(note)

    def _live_item(self, operation: str, principal: str) -> QTableWidgetItem:
        answer = self._live.get(operation)
        if operation in ("write", "delete"):
            return item(self.tr("not tried (it would change data)"), tone_name=SEVERITY_TONES["info"])
        if answer is None:
            return item(self.tr("asking…") if self.ctx.running() else "", tone_name=SEVERITY_TONES["info"])
        text = {"allowed": self.tr("allowed"), "denied": self.tr("denied"), "unknown": self.tr("unclear")}
        code = f" {answer.code}" if answer.code else ""
        label = f"{text[answer.verdict]} (HTTP {answer.status}{code})"
        if principal == ANONYMOUS:
            expected = next((a.allowed for a in self.access_answers() if a.operation == operation), None)
            if answer.allowed is not None and expected is not None and answer.allowed != expected:
                label += " " + self.tr("(differs from the policy)")
        color = {"allowed": SEVERITY_TONES["ok"], "denied": SEVERITY_TONES["critical"]}.get(answer.verdict)
        return item(label, f"{answer.request}\n{answer.summary()}", color)
