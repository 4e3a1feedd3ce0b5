"""The Policies panel's content: what is public, who can read this key, drift from the schema, user policies.

A bucket combo over five tabs, one module each (the shape of Vorta's ``views/archive/*.py`` and
Picard's ``ui/options/*.py``):

* **Bucket policy** (:mod:`~ensure_browser.ui.policies.policy_tab`) - the live policy as JSON, its
  plain-language explanation, anonymous rules and risk warnings, and the editor.
* **Who can access** (:mod:`~ensure_browser.ui.policies.access_tab`) - read / write / list / delete
  for a principal as the bucket policy decides, beside what the server answers an unsigned request.
* **Schema drift** (:mod:`~ensure_browser.ui.policies.drift_tab`) - each bucket's findings with
  severity, and *Apply expected policy…* with a unified diff to confirm.
* **Retention** (:mod:`~ensure_browser.ui.policies.retention_tab`) - each bucket's versioning with
  *Turn on versioning…*, and its lifecycle rules beside the schema's with *Apply expected rules…*.
* **User policies** (:mod:`~ensure_browser.ui.policies.users_tab`) - the schema's ensure-study policy
  as declared, and the users and policies read through MinIO's admin API where the server offers it.

The tabs share a :class:`~ensure_browser.ui.policies.context.TabContext` (cache, connection, the
bucket chosen here, status line, worker tasks). Policies are fetched per bucket in workers and
cached (:class:`~ensure_browser.ui.policies.cache.PolicyCache`); the dock, the context-menu entry and
the trees' public badges are put into the main window by :mod:`~ensure_browser.ui.policies.panel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.policies.access_tab import AccessTab
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.policies.context import TabContext
from ensure_browser.ui.policies.drift_tab import DriftTab
from ensure_browser.ui.policies.policy_tab import PolicyTab
from ensure_browser.ui.policies.retention_tab import RetentionTab
from ensure_browser.ui.policies.users_tab import UsersTab
from ensure_browser.ui.policies.widgets import text_label


@dataclass
class InspectorConnection:
    """What the inspector needs of a connection (a MainWindow ``Connection`` has these attributes)."""

    settings: ConnectionSettings
    names: BucketNames
    storage: Storage
    buckets: list[str]


class PolicyInspector(QWidget):
    """The panel's content: one bucket at a time, five tabs."""

    status = Signal(str)  # a line for people (also shown in the panel)
    accessChecked = Signal()  # the live anonymous answers of the access tab arrived
    driftChecked = Signal()
    policySaved = Signal(str)  # bucket
    usersChecked = Signal()
    retentionChecked = Signal()

    def __init__(self, cache: PolicyCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy-inspector")
        self.cache = cache
        self.ctx = TabContext(cache, self.current_bucket, self)
        self.ctx.status.connect(self.status)

        self.bucket_combo = QComboBox()
        self.bucket_combo.setObjectName("policy-bucket")
        self.bucket_combo.setAccessibleName(self.tr("Bucket"))
        self.bucket_combo.currentTextChanged.connect(self._bucket_changed)
        self.refresh_button = QPushButton(self.tr("Reload"))
        self.refresh_button.setToolTip(self.tr("Read the bucket's policy from the server again"))
        self.refresh_button.clicked.connect(self.reload)
        self.status_label = text_label()
        self.status.connect(self.status_label.setText)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Bucket:")))
        top.addWidget(self.bucket_combo, 1)
        top.addWidget(self.refresh_button)

        self.policy_tab = PolicyTab(self.ctx)
        self.access_tab = AccessTab(self.ctx)
        self.drift_tab = DriftTab(self.ctx)
        self.users_tab = UsersTab(self.ctx)
        self.retention_tab = RetentionTab(self.ctx)
        self.retention_tab.retentionChecked.connect(self.retentionChecked)
        self.policy_tab.policySaved.connect(self.policySaved)
        self.access_tab.accessChecked.connect(self.accessChecked)
        self.drift_tab.driftChecked.connect(self.driftChecked)
        self.users_tab.usersChecked.connect(self.usersChecked)
        # The tables people look at first, here too (the end-to-end journeys read them).
        self.rules_table = self.policy_tab.rules_table
        self.access_table = self.access_tab.access_table
        self.drift_table = self.drift_tab.drift_table

        self.tabs = QTabWidget()
        self.tabs.addTab(self.policy_tab, self.tr("Bucket policy"))
        self.tabs.addTab(self.access_tab, self.tr("Who can access"))
        self.tabs.addTab(self.drift_tab, self.tr("Schema drift"))
        self.tabs.addTab(self.users_tab, self.tr("User policies"))
        self.tabs.addTab(self.retention_tab, self.tr("Retention"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)
        cache.changed.connect(self._policy_changed)
        self._set_enabled(False)

    @property
    def connection(self) -> Any:
        """What the panel shows (None: not connected); set it with :meth:`set_connection`."""
        return self.ctx.connection

    # -- connection and bucket ----------------------------------------------------------------------
    def set_connection(self, connection: Any) -> None:
        """Show ``connection``'s buckets (an object with settings, names, storage and buckets)."""
        self.ctx.cancel()
        self.ctx.connection = connection
        self.drift_tab.clear()
        self.retention_tab.clear()
        self.users_tab.set_connection(connection)
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
        self.policy_tab.stop_editing()
        if bucket is None:
            return
        entry = self.cache.ensure(bucket)
        if entry is None:
            self.status.emit(self.tr("Reading the policy of {0}…").format(bucket))
        self.policy_tab.show_policy(entry)
        self.access_tab.clear()

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
        self.policy_tab.policy_changed(entry)
        self.access_tab.policy_changed()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.users_tab:
            self.users_tab.opened()
        elif self.tabs.widget(index) is self.retention_tab:
            self.retention_tab.opened()

    # -- what the window and the journeys ask -------------------------------------------------------
    def show_access(self, bucket: str, key: str) -> None:
        """Answer "who can access this?" for ``bucket/key`` (a key or a prefix)."""
        self.select_bucket(bucket)
        self.tabs.setCurrentWidget(self.access_tab)
        self.access_tab.show_access(key)

    def check_drift(self) -> None:
        """Compare every schema bucket's live policy with the schema, and ask the server, in a worker."""
        self.drift_tab.check_drift()

    def busy(self) -> bool:
        """Whether a task of the panel (or a policy fetch) is running."""
        return self.ctx.running() or self.cache.busy()
