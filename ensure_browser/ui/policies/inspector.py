"""The Policies panel: what is public, who can read this key, drift from the schema, user policies.

A dock (View > Policies, Ctrl+Shift+P) with four tabs over the bucket chosen in its combo:

* **Bucket policy** - the live policy as JSON (read-only until *Edit* is on; every change is parsed
  and a :class:`~ensure_browser.core.policies.model.PolicyError` shown inline; *Save* sets it in a worker and
  reads it back), its plain-language explanation, anonymous rules and risk warnings.
* **Who can access** - read / write / list / delete for anonymous users, the connected user or a
  typed principal, as the bucket policy decides (:func:`~ensure_browser.core.policies.check.who_can`),
  beside what the server answers an unsigned request (:mod:`ensure_browser.core.policies.reachability`).
* **Schema drift** - each bucket's findings with severity, and *Apply expected policy…* with a
  unified diff to confirm.
* **User policies** - the schema's ensure-study policy as declared, and the users and policies read
  through MinIO's admin API where the server offers it.

Trees get "public" badges: after a level loads, objects (and folders) that the cached live policy
lets anyone download get a Kind suffix, a tooltip line, a details-pane row and, when they have no
icon, a globe icon. Policies are fetched per bucket in workers and cached (:class:`PolicyCache`).

:func:`register_policy_inspector` puts all of it into the main window.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFontDatabase, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.errors import StorageError
from ensure_browser.core.policies.admin import AdminClient, MinioAdminClient, UserPolicyCheck, check_user_policy
from ensure_browser.core.policies.check import (
    ANONYMOUS,
    AccessAnswer,
    ApplyResult,
    BucketReport,
    apply_expected_policy,
    check_all,
    list_prefix,
    object_key_for,
    policy_diff,
    principal_arn,
    schema_risks,
    set_policy_verified,
    user_arn,
    who_can,
)
from ensure_browser.core.policies.compare import policies_equivalent
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.policies.reachability import AnonymousAnswer, AnonymousProbe
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.layout import PROBE_ID, BucketNames, authenticated_access_policy
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

BADGE = "policy_badge"  # node.extra: the _Badge (not a str, so the details pane does not list it)
PUBLIC_ACCESS = "public_access"  # node.extra: the sentence the details pane shows as "Public access"
SEVERITY_COLORS = {"critical": "#b00020", "warning": "#8a5a00", "info": "#555555", "ok": "#1b7a1b"}


def tr(text: str) -> str:
    return QCoreApplication.translate("PolicyView", text)


def _message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)


def _pretty(text: str | None) -> str:
    """Indented JSON in the server's element order; the text itself when it is not JSON."""
    if text is None:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _item(text: str, tooltip: str = "", color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(tooltip or text)
    if color:
        item.setForeground(QBrush(QColor(color)))
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for col in range(len(headers) - 1):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_args: table.resizeRowsToContents())  # re-wrap long text
    return table


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _bullets(lines: list[tuple[str, str | None]]) -> str:
    """HTML list of (text, color) items."""
    items = "".join(
        f"<li style='color:{color}'>{html.escape(text)}</li>" if color else f"<li>{html.escape(text)}</li>"
        for text, color in lines
    )
    return f"<ul style='margin-left:-20px'>{items}</ul>"


def _text(name: str = "") -> QLabel:
    """A wrapped, selectable label for sentences (explanations, errors, status)."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _row(*widgets: QWidget) -> QHBoxLayout:
    """Widgets side by side, left-aligned."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _monospace(edit: QPlainTextEdit) -> None:
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)


def globe_icon(size: int = 16) -> QIcon:
    """A small globe: the "anyone on the internet" badge."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#1565c0"))
    pen.setWidthF(max(1.0, size / 14))
    painter.setPen(pen)
    painter.setBrush(QColor("#e3f2fd"))
    rect = QRectF(1, 1, size - 2, size - 2)
    painter.drawEllipse(rect)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(size * 0.32, 1, size * 0.36, size - 2))
    painter.drawLine(QPointF(1, size / 2), QPointF(size - 1, size / 2))
    painter.end()
    return QIcon(pixmap)


# -- the policy cache ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyEntry:
    """A bucket's live policy as last read: ``text`` (None: no policy), parsed ``policy`` and ``error``."""

    bucket: str
    text: str | None
    policy: Policy | None
    error: str = ""


class PolicyCache(QObject):
    """Live bucket policies, fetched in workers and parsed once; cleared when the storage changes."""

    changed = Signal(str)  # bucket: its entry is new

    def __init__(self, storage_provider: Callable[[], Storage | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._provider = storage_provider
        self._storage: Storage | None = None
        self._entries: dict[str, PolicyEntry] = {}
        self._running: dict[str, TaskHandle] = {}

    def _sync(self) -> Storage | None:
        storage = self._provider()
        if storage is not self._storage:
            for handle in self._running.values():
                handle.cancel()
            self._running.clear()
            self._entries.clear()
            self._storage = storage
        return storage

    def get(self, bucket: str) -> PolicyEntry | None:
        self._sync()
        return self._entries.get(bucket)

    def ensure(self, bucket: str) -> PolicyEntry | None:
        """The cached entry, or None after starting to fetch it (``changed`` follows)."""
        entry = self.get(bucket)
        if entry is None:
            self._fetch(bucket)
        return entry

    def refresh(self, bucket: str) -> None:
        """Read ``bucket``'s policy again (after a change)."""
        self._sync()
        self._entries.pop(bucket, None)
        if bucket in self._running:
            self._running.pop(bucket).cancel()
        self._fetch(bucket)

    def busy(self) -> bool:
        return bool(self._running)

    def _fetch(self, bucket: str) -> None:
        storage = self._storage
        if storage is None or bucket in self._running:
            return

        def work(_ctx: TaskContext) -> PolicyEntry:
            text = storage.get_bucket_policy(bucket)
            try:
                return PolicyEntry(bucket, text, None if text is None else parse_policy(text))
            except PolicyError as err:
                return PolicyEntry(bucket, text, None, tr("The live policy is not understood: {0}").format(err))

        def done(entry: PolicyEntry) -> None:
            self._finish(bucket, storage, entry)

        def failed(exc: BaseException) -> None:
            message = tr("The policy of {0} cannot be read: {1}").format(bucket, _message(exc))
            self._finish(bucket, storage, PolicyEntry(bucket, None, None, message))

        def cancelled() -> None:
            if self._running.get(bucket) is handle:
                del self._running[bucket]

        handle = workers().run("misc", work, on_done=done, on_error=failed, on_cancelled=cancelled, owner=self,
                               name=f"policy of {bucket}")
        self._running[bucket] = handle

    def _finish(self, bucket: str, storage: Storage, entry: PolicyEntry) -> None:
        self._running.pop(bucket, None)
        if storage is not self._storage:
            return
        self._entries[bucket] = entry
        self.changed.emit(bucket)


# -- badges in the trees -----------------------------------------------------------------------------------


@dataclass
class _Badge:
    kind_label: str  # the label before the badge
    tooltip: str  # the tooltip before the badge
    icon: QIcon | None  # the icon the badge set (None: the node kept its own)


def public_sentence(node: Node) -> str:
    if node.is_container:
        return tr("Anyone can download objects here without signing in (bucket policy).")
    return tr("Anyone can download this without signing in (bucket policy).")


def node_is_public(policy: Policy | None, node: Node) -> bool:
    """Whether the live policy lets anonymous users download ``node`` (a folder: a new object in it)."""
    if policy is None or node.bucket is None or node.key is None:
        return False
    key = f"{node.key}{PROBE_ID}" if node.is_container else node.key
    return policy.is_allowed("s3:GetObject", node.bucket, key)


class PublicBadges(QObject):
    """Marks anonymously readable nodes after each level loads, from the cached live policy."""

    def __init__(self, cache: PolicyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self._models: list[LazyTreeModel] = []
        self._icon: QIcon | None = None
        cache.changed.connect(self._policy_changed)

    def attach(self, model: LazyTreeModel) -> None:
        """Badge ``model``'s levels as they load (and those already loaded)."""
        self._models = [m for m in self._models if shiboken6.isValid(m)]
        self._models.append(model)
        model.loadFinished.connect(self._level_loaded)
        for node in list(model.iter_nodes()):
            if node.is_container and node.state is LoadState.LOADED:
                self._level_loaded(node, model)

    def retain(self, models: list[LazyTreeModel]) -> None:
        """Forget models other than ``models`` (a window drops its trees when it connects again)."""
        self._models = [m for m in self._models if shiboken6.isValid(m) and any(m is k for k in models)]

    def _level_loaded(self, node: Node, model: LazyTreeModel | None = None) -> None:
        model = model or self.sender()  # type: ignore[assignment]
        if not isinstance(model, LazyTreeModel) or node.bucket is None:
            return
        entry = self.cache.ensure(node.bucket)
        if entry is not None:  # otherwise _policy_changed badges every loaded level of the bucket
            for child in node.children:
                self.update(model, child, entry.policy)

    def _policy_changed(self, bucket: str) -> None:
        entry = self.cache.get(bucket)
        policy = entry.policy if entry is not None else None
        for model in [m for m in self._models if shiboken6.isValid(m)]:
            for node in list(model.iter_nodes()):
                if node.bucket == bucket:
                    self.update(model, node, policy)

    def update(self, model: LazyTreeModel, node: Node, policy: Policy | None) -> None:
        badge = node.extra.get(BADGE)
        public = node_is_public(policy, node)
        if public and not isinstance(badge, _Badge):
            self._add(node)
        elif not public and isinstance(badge, _Badge):
            self._remove(node, badge)
        else:
            return
        model.node_changed(node)

    def _add(self, node: Node) -> None:
        if self._icon is None:
            self._icon = globe_icon()
        sentence = public_sentence(node)
        badge = _Badge(node.kind_label, node.tooltip, None)
        if node.icon is None:
            node.icon = badge.icon = self._icon
        extras = node.extras()
        extras[BADGE] = badge
        extras[PUBLIC_ACCESS] = sentence
        node.kind_label = f"{node.kind_label or node.kind} · {tr('public')}"
        node.tooltip = f"{node.tooltip}\n🌐 {sentence}" if node.tooltip else f"🌐 {sentence}"

    @staticmethod
    def _remove(node: Node, badge: _Badge) -> None:
        node.forget(BADGE, PUBLIC_ACCESS)
        node.kind_label = badge.kind_label
        node.tooltip = badge.tooltip
        if badge.icon is not None and node.icon is badge.icon:
            node.icon = None


# -- dialogs -----------------------------------------------------------------------------------------------


class ApplyPolicyDialog(QDialog):
    """Shows the unified diff from the live policy to the expected one and asks to apply it."""

    def __init__(self, bucket: str, diff: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("apply-policy-dialog")
        self.setWindowTitle(self.tr("Apply the expected policy to {0}").format(bucket))
        self.resize(720, 480)
        intro = QLabel(self.tr(
            "The live policy of <b>{0}</b> will be replaced by the one the schema expects. "
            "Lines starting with − are removed, lines starting with + are added (canonical JSON, so "
            "only differences in meaning show)."
        ).format(html.escape(bucket)))
        intro.setWordWrap(True)
        self.diff_view = QPlainTextEdit(diff)
        self.diff_view.setReadOnly(True)
        _monospace(self.diff_view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.diff_view, 1)
        layout.addWidget(self.buttons)


# -- the inspector -----------------------------------------------------------------------------------------


@dataclass
class InspectorConnection:
    """What the inspector needs of a connection (a MainWindow ``Connection`` has these attributes)."""

    settings: ConnectionSettings
    names: BucketNames
    storage: Storage
    buckets: list[str]


class PolicyInspector(QWidget):
    """The panel's content: one bucket at a time, four tabs."""

    status = Signal(str)  # a line for people (also shown in the panel)
    accessChecked = Signal()  # the live anonymous answers of the access tab arrived
    driftChecked = Signal()
    policySaved = Signal(str)  # bucket
    usersChecked = Signal()

    def __init__(self, cache: PolicyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy-inspector")
        self.cache = cache
        self.connection: Any = None
        self.admin_factory: Callable[[ConnectionSettings], AdminClient] = MinioAdminClient
        self.reports: dict[str, BucketReport] = {}
        self.apply_dialog: ApplyPolicyDialog | None = None
        self.user_check: UserPolicyCheck | None = None
        self._tasks: list[TaskHandle] = []
        self._access_token = 0
        self._live: dict[str, AnonymousAnswer] = {}
        self._sample: str | None = None
        self._users_loaded_for: object = None

        self.bucket_combo = QComboBox()
        self.bucket_combo.setObjectName("policy-bucket")
        self.bucket_combo.currentTextChanged.connect(self._bucket_changed)
        self.refresh_button = QPushButton(self.tr("Reload"))
        self.refresh_button.setToolTip(self.tr("Read the bucket's policy from the server again"))
        self.refresh_button.clicked.connect(self.reload)
        self.status_label = _text()
        self.status.connect(self.status_label.setText)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Bucket:")))
        top.addWidget(self.bucket_combo, 1)
        top.addWidget(self.refresh_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_policy_tab(), self.tr("Bucket policy"))
        self.tabs.addTab(self._build_access_tab(), self.tr("Who can access"))
        self.tabs.addTab(self._build_drift_tab(), self.tr("Schema drift"))
        self.tabs.addTab(self._build_users_tab(), self.tr("User policies"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)
        cache.changed.connect(self._policy_changed)
        self._set_enabled(False)

    # -- building ------------------------------------------------------------------------------------
    def _build_policy_tab(self) -> QWidget:
        self.json_edit = QPlainTextEdit()
        self.json_edit.setObjectName("policy-json")
        self.json_edit.setReadOnly(True)
        self.json_edit.setPlaceholderText(self.tr("No bucket policy is set: nothing in this bucket is public. "
                                                  "Turn on Edit to write one."))
        _monospace(self.json_edit)
        self.json_edit.textChanged.connect(self._validate)
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip(self.tr("Edit the policy (only keys allowed to set policies can save)"))
        self.edit_button.toggled.connect(self._edit_toggled)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self._revert)
        self.validation_label = _text("policy-validation")
        buttons = _row(self.edit_button, self.save_button, self.revert_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Live policy (JSON)")))
        left_layout.addWidget(self.json_edit, 1)
        left_layout.addWidget(self.validation_label)
        left_layout.addLayout(buttons)

        self.explanation_label = _text("policy-explanation")
        self.rules_table = _table([self.tr("Pattern"), self.tr("Access"), self.tr("Description")])
        self.rules_table.setObjectName("policy-rules")
        self.risks_label = _text("policy-risks")
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
        return splitter

    def _build_access_tab(self) -> QWidget:
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("access-target")
        self.target_edit.setPlaceholderText(self.tr("key, or prefix ending in / (empty: the whole bucket)"))
        self.target_edit.returnPressed.connect(self.check_access)
        self.principal_combo = QComboBox()
        self.principal_combo.addItem(self.tr("Anonymous (anyone on the internet)"), "anonymous")
        self.principal_combo.addItem(self.tr("The connected user"), "user")
        self.principal_combo.addItem(self.tr("Another principal…"), "other")
        self.principal_combo.currentIndexChanged.connect(self._principal_changed)
        self.principal_edit = QLineEdit()
        self.principal_edit.setPlaceholderText(self.tr("user name or ARN, e.g. ensure-study"))
        self.principal_edit.setEnabled(False)
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
        self.access_table = _table([self.tr("Operation"), self.tr("Bucket policy"),
                                    self.tr("Server (unsigned request)")])
        self.access_table.setObjectName("access-table")
        self.access_reasons = _text("access-reasons")
        self.access_note = _text()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.access_table)
        layout.addWidget(QLabel(self.tr("<b>Why</b>")))
        layout.addWidget(self.access_reasons)
        layout.addWidget(self.access_note)
        layout.addStretch(1)
        return page

    def _build_drift_tab(self) -> QWidget:
        self.drift_button = QPushButton(self.tr("Check all buckets"))
        self.drift_button.clicked.connect(self.check_drift)
        self.apply_button = QPushButton(self.tr("Apply expected policy…"))
        self.apply_button.setToolTip(self.tr("Replace the selected bucket's policy with the schema's, after "
                                             "showing the difference"))
        self.apply_button.clicked.connect(self.ask_apply)
        self.drift_table = _table([self.tr("Bucket"), self.tr("Severity"), self.tr("Direction"), self.tr("Finding")])
        self.drift_table.setObjectName("drift-table")
        self.drift_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.drift_status = _text("drift-status")
        buttons = _row(self.drift_button, self.apply_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.drift_table, 1)
        layout.addWidget(self.drift_status)
        return page

    def _build_users_tab(self) -> QWidget:
        self.declared_edit = QPlainTextEdit()
        self.declared_edit.setReadOnly(True)
        _monospace(self.declared_edit)
        self.declared_label = _text()
        self.users_button = QPushButton(self.tr("Read users from the server"))
        self.users_button.clicked.connect(self.check_users)
        self.users_status = _text("users-status")
        self.users_table = _table([self.tr("User"), self.tr("Status"), self.tr("Policies")])
        self.users_table.setObjectName("users-table")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<b>The schema's user policy</b> (Authenticated Access, as declared)")))
        layout.addWidget(self.declared_edit, 1)
        layout.addWidget(self.declared_label)
        layout.addLayout(_row(self.users_button))
        layout.addWidget(self.users_status)
        layout.addWidget(self.users_table, 1)
        return page

    # -- connection and bucket ----------------------------------------------------------------------
    def set_connection(self, connection: Any) -> None:
        """Show ``connection``'s buckets (an object with settings, names, storage and buckets)."""
        self._cancel_tasks()
        self.connection = connection
        self.reports.clear()
        self.user_check = None
        self._users_loaded_for = None
        self.drift_table.setRowCount(0)
        self.users_table.setRowCount(0)
        self.users_status.clear()
        self.drift_status.clear()
        declared = authenticated_access_policy(connection.names)
        self.declared_edit.setPlainText(declared)
        self.declared_label.setText(_bullets([(s, None) for s in parse_policy(declared).explain()]))
        self.bucket_combo.blockSignals(True)
        self.bucket_combo.clear()
        for bucket in connection.buckets:
            role = connection.names.role_of(bucket)
            self.bucket_combo.addItem(f"{bucket}  ({role})" if role else bucket, bucket)
        self.bucket_combo.blockSignals(False)
        self._set_enabled(bool(connection.buckets))
        self._bucket_changed()

    def current_bucket(self) -> str | None:
        data = self.bucket_combo.currentData()
        return data if isinstance(data, str) else None

    def select_bucket(self, bucket: str) -> None:
        index = self.bucket_combo.findData(bucket)
        if index >= 0:
            self.bucket_combo.setCurrentIndex(index)

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.tabs, self.refresh_button, self.bucket_combo):
            widget.setEnabled(on)
        if not on:
            self.status.emit(self.tr("Not connected."))

    def _bucket_changed(self, _text: str = "") -> None:
        bucket = self.current_bucket()
        if self.edit_button.isChecked():
            self.edit_button.setChecked(False)
        if bucket is None:
            return
        entry = self.cache.ensure(bucket)
        if entry is None:
            self.status.emit(self.tr("Reading the policy of {0}…").format(bucket))
            self._show_policy(None)
        else:
            self._show_policy(entry)
        self._live.clear()
        self.access_table.setRowCount(0)

    def reload(self) -> None:
        bucket = self.current_bucket()
        if bucket is not None:
            self.status.emit(self.tr("Reading the policy of {0}…").format(bucket))
            self.cache.refresh(bucket)

    def _policy_changed(self, bucket: str) -> None:
        if bucket != self.current_bucket():
            return
        entry = self.cache.get(bucket)
        if entry is None:
            return
        if not self.edit_button.isChecked():
            self._show_policy(entry)
        if self.target_edit.text() or self.access_table.rowCount():
            self._evaluate_access()

    # -- the policy tab -------------------------------------------------------------------------------
    def _show_policy(self, entry: PolicyEntry | None) -> None:
        self.json_edit.blockSignals(True)
        self.json_edit.setPlainText(_pretty(entry.text) if entry is not None else "")
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
            self.status.emit(entry.error)
        else:
            self.status.emit(self.tr("Policy of {0} read from the server.").format(entry.bucket))
        self._show_meaning(entry.bucket, entry.policy, entry.text is not None and not entry.error)

    def _show_meaning(self, bucket: str, policy: Policy | None, has_policy: bool) -> None:
        if policy is None:
            none = self.tr("No bucket policy: only signed-in users with their own permissions have access; "
                           "nothing is public.") if not has_policy else ""
            self.explanation_label.setText(html.escape(none))
            self.rules_table.setRowCount(0)
            self.risks_label.setText(html.escape(self.tr("No risks found.")) if not has_policy else "")
            return
        self.explanation_label.setText(_bullets([(s, None) for s in policy.explain()]))
        rules = policy.anonymous_rules(bucket)
        _fill(self.rules_table, [
            [_item(r.pattern or self.tr("(the bucket)")), _item(r.access), _item(r.description)] for r in rules
        ])
        names = self.connection.names if self.connection is not None else BucketNames()
        risks = policy.risks() + schema_risks(policy, bucket, names)
        if risks:
            self.risks_label.setText(_bullets(
                [(f"{r.severity.capitalize()}: {r.message}", SEVERITY_COLORS.get(r.severity)) for r in risks]
            ))
        else:
            self.risks_label.setText(html.escape(self.tr("No risks found.")))

    def _edit_toggled(self, on: bool) -> None:
        self.json_edit.setReadOnly(not on)
        if on:
            self.status.emit(self.tr("Editing: every change is checked; Save sets the policy on the server."))
            self._validate()
        else:
            self._revert()

    def _revert(self) -> None:
        bucket = self.current_bucket()
        entry = self.cache.get(bucket) if bucket else None
        if self.edit_button.isChecked():
            self.json_edit.setPlainText(_pretty(entry.text) if entry is not None else "")
            self._validate()
        else:
            self._show_policy(entry)

    def edited_policy(self) -> Policy | None:
        """The editor's text parsed (raises PolicyError); None when it is empty (no policy)."""
        text = self.json_edit.toPlainText()
        return None if not text.strip() else parse_policy(text)

    def _validate(self) -> None:
        if not self.edit_button.isChecked():
            return
        bucket = self.current_bucket()
        entry = self.cache.get(bucket) if bucket else None
        try:
            policy = self.edited_policy()
        except PolicyError as err:
            self.validation_label.setStyleSheet(f"color: {SEVERITY_COLORS['critical']}")
            self.validation_label.setText(str(err))
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(True)
            return
        live = entry.policy if entry is not None else None
        same = entry is not None and not entry.error and policies_equivalent(policy, live)
        self.validation_label.setStyleSheet(f"color: {SEVERITY_COLORS['ok']}")
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

    def save(self) -> None:
        """Set the edited policy on the server in a worker (an empty editor removes the policy)."""
        bucket = self.current_bucket()
        if bucket is None or self.connection is None or not self.edit_button.isChecked():
            return
        try:
            self.edited_policy()
        except PolicyError as err:
            self.validation_label.setText(str(err))
            return
        raw = self.json_edit.toPlainText()
        text = raw if raw.strip() else None
        storage = self.connection.storage
        self.save_button.setEnabled(False)
        self.status.emit(self.tr("Saving the policy of {0}…").format(bucket))

        def work(_ctx: TaskContext) -> ApplyResult:
            return set_policy_verified(storage, bucket, text)

        def done(_result: ApplyResult) -> None:
            self.status.emit(self.tr("The policy of {0} was saved and read back.").format(bucket))
            self.edit_button.setChecked(False)
            self.cache.refresh(bucket)
            self.policySaved.emit(bucket)

        def failed(exc: BaseException) -> None:
            self.validation_label.setStyleSheet(f"color: {SEVERITY_COLORS['critical']}")
            self.validation_label.setText(_message(exc))
            self.status.emit(_message(exc))
            self.save_button.setEnabled(True)
            self.policySaved.emit("")

        self._run(work, done, failed, f"set policy of {bucket}")

    # -- the access tab ---------------------------------------------------------------------------------
    def show_access(self, bucket: str, key: str) -> None:
        """Answer "who can access this?" for ``bucket/key`` (a key or a prefix)."""
        self.select_bucket(bucket)
        self.target_edit.setText(key)
        self.tabs.setCurrentIndex(1)
        self.check_access()

    def _principal_changed(self, _index: int) -> None:
        self.principal_edit.setEnabled(self.principal_combo.currentData() == "other")
        if self.access_table.rowCount():
            self._evaluate_access()

    def principal(self) -> str:
        choice = self.principal_combo.currentData()
        if choice == "user" and self.connection is not None:
            return user_arn(self.connection.settings.access_key)
        if choice == "other":
            return principal_arn(self.principal_edit.text())
        return ANONYMOUS

    def check_access(self) -> None:
        """Evaluate the policy now and ask the server (unsigned HEAD and list) in a worker."""
        bucket = self.current_bucket()
        if bucket is None or self.connection is None:
            return
        target = self.target_edit.text().strip().lstrip("/")
        self._sample = None
        self._live.clear()
        self._access_token += 1
        token = self._access_token
        self._evaluate_access()
        storage, settings = self.connection.storage, self.connection.settings

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
            self.access_note.setText(self.tr("The server could not be asked: {0}").format(_message(exc)))
            self.accessChecked.emit()

        self._run(work, done, failed, f"who can access {bucket}/{target}")

    def access_answers(self) -> list[AccessAnswer]:
        """The bucket policy's answers for the current target and principal ([] before it is read)."""
        bucket = self.current_bucket()
        entry = self.cache.get(bucket) if bucket else None
        if bucket is None or entry is None:
            return []
        target = self.target_edit.text().strip().lstrip("/")
        return who_can(entry.policy, bucket, target, self.principal(), self._sample)

    def _evaluate_access(self) -> None:
        bucket = self.current_bucket()
        if bucket is None:
            return
        entry = self.cache.ensure(bucket)
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
            color = SEVERITY_COLORS["ok"] if answer.allowed else SEVERITY_COLORS["critical"]
            if not answer.allowed and answer.decision == "none" and principal != ANONYMOUS:
                color = SEVERITY_COLORS["info"]
            what = f"{answer.operation} ({answer.action})"
            where = answer.resource + (f" with s3:prefix={answer.context[0][1]!r}" if answer.context else "")
            rows.append([
                _item(what, where),
                _item(verdict[answer.decision], answer.sentence(), color),
                self._live_item(answer.operation, principal),
            ])
            reasons.append((f"{answer.operation}: {answer.sentence()}", None))
        _fill(self.access_table, rows)
        self._fit_rows(self.access_table)
        self.access_reasons.setText(_bullets(reasons))
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
            return _item(self.tr("not tried (it would change data)"), color=SEVERITY_COLORS["info"])
        if answer is None:
            return _item(self.tr("asking…") if self._tasks else "", color=SEVERITY_COLORS["info"])
        text = {"allowed": self.tr("allowed"), "denied": self.tr("denied"), "unknown": self.tr("unclear")}
        code = f" {answer.code}" if answer.code else ""
        label = f"{text[answer.verdict]} (HTTP {answer.status}{code})"
        if principal == ANONYMOUS:
            expected = next((a.allowed for a in self.access_answers() if a.operation == operation), None)
            if answer.allowed is not None and expected is not None and answer.allowed != expected:
                label += " " + self.tr("(differs from the policy)")
        color = {"allowed": SEVERITY_COLORS["ok"], "denied": SEVERITY_COLORS["critical"]}.get(answer.verdict)
        return _item(label, f"{answer.request}\n{answer.summary()}", color)

    @staticmethod
    def _fit_rows(table: QTableWidget) -> None:
        """A table exactly as tall as its rows (it sits above text, not in a scroll area of its own)."""
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height + 2)

    # -- the drift tab ------------------------------------------------------------------------------------
    def check_drift(self) -> None:
        """Compare every schema bucket's live policy with the schema, and ask the server, in a worker."""
        if self.connection is None:
            return
        storage, names, settings = self.connection.storage, self.connection.names, self.connection.settings
        self.drift_button.setEnabled(False)
        self.drift_status.setStyleSheet("")
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
            self._drift_error(self.tr("The check failed: {0}").format(_message(exc)))
            self.driftChecked.emit()

        self._run(work, done, failed, "policy drift")

    def _show_reports(self, reports: list[BucketReport]) -> None:
        rows: list[list[QTableWidgetItem]] = []
        worst: list[str] = []
        for report in reports:
            b = report.bucket
            if report.status == "ok":
                rows.append([_item(b), _item(self.tr("OK"), color=SEVERITY_COLORS["ok"]), _item(""),
                             _item(self.tr("The live policy means what the schema expects; the server agrees."))])
            elif report.status == "missing":
                rows.append([_item(b), _item(self.tr("missing"), color=SEVERITY_COLORS["info"]), _item(""),
                             _item(self.tr("The bucket does not exist."))])
            elif report.status == "error":
                rows.append([_item(b), _item(self.tr("error"), color=SEVERITY_COLORS["critical"]), _item(""),
                             _item(report.error)])
            for finding in report.sorted_findings():
                rows.append([_item(b), _item(finding.severity, color=SEVERITY_COLORS[finding.severity]),
                             _item(self.tr("policy: {0}").format(finding.direction)), _item(finding.message)])
            for check in report.live_checks:
                if check.severity:
                    rows.append([_item(b), _item(check.severity, color=SEVERITY_COLORS[check.severity]),
                                 _item(self.tr("server answer")), _item(check.message, check.answer.request)])
            worst += report.severities
        _fill(self.drift_table, rows)
        counts = {sev: worst.count(sev) for sev in ("critical", "warning", "info")}
        summary = self.tr("{0} critical, {1} warning(s), {2} info.").format(
            counts["critical"], counts["warning"], counts["info"])
        self.drift_status.setStyleSheet(f"color: {SEVERITY_COLORS['critical']}" if counts["critical"] else "")
        self.drift_status.setText(summary)

    def _drift_error(self, message: str) -> None:
        self.drift_status.setStyleSheet(f"color: {SEVERITY_COLORS['critical']}")
        self.drift_status.setText(message)

    def _apply_target(self) -> str | None:
        rows = self.drift_table.selectionModel().selectedRows() if self.drift_table.selectionModel() else []
        if rows:
            item = self.drift_table.item(rows[0].row(), 0)
            if item is not None:
                return item.text()
        return self.current_bucket()

    def ask_apply(self) -> None:
        """Show the diff to the expected policy of the selected bucket and apply it when confirmed."""
        bucket = self._apply_target()
        if bucket is None or self.connection is None:
            return
        if self.connection.names.role_of(bucket) is None:
            self._drift_error(self.tr("{0} is not one of the schema's buckets.").format(bucket))
            return
        report = self.reports.get(bucket)
        if report is None:
            self._drift_error(self.tr("Run the check first to see what would change."))
            return
        if report.status in ("missing", "error"):
            self._drift_error(report.error or self.tr("The bucket {0} does not exist.").format(bucket))
            return
        if policies_equivalent(report.live, report.expected):
            self._drift_error(self.tr("The policy of {0} already means what the schema expects.").format(bucket))
            return
        diff = policy_diff(report.live, report.expected, bucket)
        dialog = ApplyPolicyDialog(bucket, diff, self)
        dialog.accepted.connect(lambda: self._apply(bucket))
        dialog.finished.connect(dialog.deleteLater)
        self.apply_dialog = dialog
        dialog.open()

    def _apply(self, bucket: str) -> None:
        if self.connection is None:
            return
        storage, names = self.connection.storage, self.connection.names
        self.apply_button.setEnabled(False)
        self.drift_status.setStyleSheet("")
        self.drift_status.setText(self.tr("Setting the expected policy on {0}…").format(bucket))

        def work(_ctx: TaskContext) -> ApplyResult:
            return apply_expected_policy(storage, bucket, names)

        def done(_result: ApplyResult) -> None:
            self.apply_button.setEnabled(True)
            self.cache.refresh(bucket)
            self.drift_status.setText(self.tr("The expected policy is set on {0}.").format(bucket))
            self.check_drift()

        def failed(exc: BaseException) -> None:
            self.apply_button.setEnabled(True)
            self._drift_error(_message(exc))
            self.driftChecked.emit()

        self._run(work, done, failed, f"apply expected policy to {bucket}")

    # -- the users tab ------------------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 3 and self.connection is not None and self._users_loaded_for is not self.connection:
            self.check_users()

    def check_users(self) -> None:
        """List the users and check ensure-study's policy through the admin API, in a worker."""
        if self.connection is None:
            return
        self._users_loaded_for = self.connection
        settings, names, factory = self.connection.settings, self.connection.names, self.admin_factory
        self.users_button.setEnabled(False)
        self.users_status.setStyleSheet("")
        self.users_status.setText(self.tr("Asking the server's admin API…"))

        def work(_ctx: TaskContext) -> UserPolicyCheck:
            return check_user_policy(factory(settings), names)

        def done(check: UserPolicyCheck) -> None:
            self.users_button.setEnabled(True)
            self.user_check = check
            color = {"ok": SEVERITY_COLORS["ok"], "differs": SEVERITY_COLORS["warning"],
                     "missing": SEVERITY_COLORS["warning"]}.get(check.status)
            self.users_status.setStyleSheet(f"color: {color}" if color else "")
            self.users_status.setText(check.message)
            _fill(self.users_table, [
                [_item(u.name), _item(u.status), _item(", ".join(u.policies + tuple(f"group {g}" for g in u.groups)))]
                for u in check.users
            ])
            self.usersChecked.emit()

        def failed(exc: BaseException) -> None:
            self.users_button.setEnabled(True)
            self.users_status.setStyleSheet(f"color: {SEVERITY_COLORS['critical']}")
            self.users_status.setText(_message(exc))
            self.usersChecked.emit()

        self._run(work, done, failed, "user policies")

    # -- tasks --------------------------------------------------------------------------------------------
    def _run(self, work: Callable[[TaskContext], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None], name: str) -> None:
        handle: TaskHandle | None = None

        def finish() -> None:
            if handle is not None and handle in self._tasks:
                self._tasks.remove(handle)

        def on_done(result: Any) -> None:
            finish()
            done(result)

        def on_error(exc: BaseException) -> None:
            finish()
            if not isinstance(exc, StorageError):
                log.error("%s failed: %s", name, exc)
            failed(exc)

        handle = workers().run("misc", work, on_done=on_done, on_error=on_error, on_cancelled=finish,
                               owner=self, name=name)
        self._tasks.append(handle)

    def _cancel_tasks(self) -> None:
        for handle in self._tasks:
            handle.cancel()
        self._tasks.clear()

    def busy(self) -> bool:
        """Whether a task of the panel (or a policy fetch) is running."""
        return bool(self._tasks) or self.cache.busy()


# -- the main window ---------------------------------------------------------------------------------------


class PolicyPanel(QObject):
    """What :func:`register_policy_inspector` adds to a window: dock, inspector, cache and badges."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

        def storage() -> Storage | None:
            connection = window.connection
            return connection.storage if connection is not None else None

        self.cache = PolicyCache(storage, self)
        self.badges = PublicBadges(self.cache, self)
        self.inspector = PolicyInspector(self.cache)
        self.dock = QDockWidget(tr("Policies"), window)
        self.dock.setObjectName("policies-dock")
        self.dock.setWidget(self.inspector)
        # Bottom, beside the transfers: a right dock of this width pushed the window past a 1400 px screen.
        self.dock.setMinimumHeight(260)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        transfers = window.findChild(QDockWidget, "transfers-dock")
        if transfers is not None:
            window.tabifyDockWidget(transfers, self.dock)
        self.dock.hide()
        self.action: QAction = self.dock.toggleViewAction()
        self.action.setText(tr("&Policies"))
        self.action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.action.setToolTip(tr("What is public, who can access a key, drift from the schema"))
        window.view_menu.addAction(self.action)
        window.connected.connect(self._connected)
        window.context_menu_providers.append(self.context_menu)
        window.model_hooks.append(lambda model, _window: self.badges.attach(model))
        for model in list(window.models.values()):
            self.badges.attach(model)
        if window.connection is not None and window.connection.buckets:
            self.inspector.set_connection(window.connection)

    def _connected(self, connection: Any) -> None:
        self.badges.retain(list(self.window.models.values()))
        self.inspector.set_connection(connection)

    def context_menu(self, node: Node, menu: QMenu, _window: Any) -> None:
        if node.bucket is None:
            return
        action = menu.addAction(tr("Who can access this?"))
        bucket, key = node.bucket, node.key or ""
        action.triggered.connect(lambda: self.show_access(bucket, key))

    def show_access(self, bucket: str, key: str) -> None:
        self.dock.show()
        self.dock.raise_()
        self.inspector.show_access(bucket, key)


def register_policy_inspector(window: Any) -> PolicyPanel:
    """Add the Policies dock (View > Policies, Ctrl+Shift+P), the "Who can access this?" context-menu
    entry and the public badges to ``window`` (a MainWindow). Call once, before or after connecting."""
    panel = PolicyPanel(window)
    window.policy_panel = panel
    return panel
