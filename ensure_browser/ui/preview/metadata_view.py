"""The collapsible metadata section under every preview: facts, tags, download and links.

"Copy link" makes a presigned GET whose lifetime the user picks and shows its exact expiry; an
object that the bucket policy makes public gets its plain URL instead (both by
:func:`ensure_browser.core.share.links.link_for`, as the Share dialog's links).
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.s3.objects import cut_short
from ensure_browser.core.s3.storage import ObjectStat
from ensure_browser.core.share.links import LIFETIMES, presigned_expiry
from ensure_browser.ui import formats

log = logging.getLogger(__name__)

DEFAULT_LIFETIME = 1  # an hour (LIFETIMES: core.share.links, the Share dialog's too)


def format_expiry(expiry: datetime) -> tuple[str, str]:
    """(local time with zone, UTC time) of ``expiry``."""
    local = formats.date_time(expiry, seconds=True, zone=True)
    return local, expiry.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class MetadataSection(QWidget):
    download_requested = Signal(str, str)  # bucket, key
    link_requested = Signal(object)  # timedelta: the pane presigns in a worker and calls show_link

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bucket = ""
        self.key = ""
        self.public: bool | None = None
        self.toggle = QToolButton()
        self.toggle.setText(self.tr("Details and sharing"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.toggle.toggled.connect(self.set_expanded)

        self.body = QWidget()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.download_button = QPushButton(self.tr("Download…"))
        self.download_button.clicked.connect(lambda: self.download_requested.emit(self.bucket, self.key))
        self.link_kind = QLabel()
        self.lifetime = QComboBox()
        self.lifetime.setAccessibleName(self.tr("Link lifetime"))
        labels = (self.tr("15 minutes"), self.tr("1 hour"), self.tr("1 day"), self.tr("7 days (maximum)"))
        for label, delta in zip(labels, LIFETIMES, strict=True):
            self.lifetime.addItem(label, delta)
        self.lifetime.setCurrentIndex(DEFAULT_LIFETIME)
        self.lifetime.setToolTip(self.tr("How long the link works"))
        self.lifetime.activated.connect(self._on_lifetime)
        self.copy_button = QPushButton(self.tr("Copy link"))
        self.copy_button.clicked.connect(self._on_copy)
        self.link_edit = QLineEdit()
        self.link_edit.setReadOnly(True)
        self.link_edit.setAccessibleName(self.tr("Shared link"))
        self.link_edit.setPlaceholderText(self.tr("Press “Copy link” to make a link"))
        self.expiry_label = QLabel()
        self.expiry_label.setWordWrap(True)
        self.expiry_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._copy_when_ready = False

        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.download_button)
        actions.addStretch(1)
        actions.addWidget(self.link_kind)
        actions.addWidget(self.lifetime)
        actions.addWidget(self.copy_button)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(14, 0, 0, 0)
        body_layout.addWidget(self.facts)
        body_layout.addLayout(actions)
        body_layout.addWidget(self.link_edit)
        body_layout.addWidget(self.expiry_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.set_expanded(False)

    # -- state ---------------------------------------------------------------------------------------
    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def show_object(self, bucket: str, key: str) -> None:
        """A new object: facts arrive later (``set_stat``), the link is made on demand."""
        self.bucket, self.key = bucket, key
        self.public = None
        self._copy_when_ready = False
        self.facts.setText(html.escape(self.tr("Loading details…")))
        self.link_edit.clear()
        self.expiry_label.clear()
        self._show_link_mode()

    def set_stat(self, stat: ObjectStat, tags: dict[str, str] | None, tags_error: str = "") -> None:
        rows: list[tuple[str, str]] = [
            (self.tr("Location"), f"s3://{stat.bucket}/{stat.key}"),
            (self.tr("Size"), self.tr("{0} ({1} bytes)").format(formats.size(stat.size), formats.count(stat.size))),
            (self.tr("Content type"), stat.content_type),
            (self.tr("ETag"), stat.etag),
        ]
        if stat.last_modified is not None:
            local, utc = format_expiry(stat.last_modified)
            rows.append((self.tr("Modified"), f"{local} ({utc})"))
        if stat.version_id:
            rows.append((self.tr("Version"), stat.version_id))
        meta = "<br>".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in sorted(stat.metadata.items()))
        if tags_error:
            tag_text = html.escape(tags_error)
        elif tags:
            tag_text = "<br>".join(f"{html.escape(k)} = {html.escape(v)}" for k, v in sorted(tags.items()))
        else:
            tag_text = html.escape(self.tr("none"))
        cells = [(html.escape(k), html.escape(v)) for k, v in rows]
        cells.append((html.escape(self.tr("User metadata")), meta or html.escape(self.tr("none"))))
        cells.append((html.escape(self.tr("Tags")), tag_text))
        self.facts.setText("<table>" + "".join(
            f"<tr><td style='color:#555;padding-right:10px' valign='top'>{k}</td><td>{v}</td></tr>"
            for k, v in cells) + "</table>")

    def set_error(self, message: str) -> None:
        self.facts.setText(f"<span style='color:#a00'>{html.escape(message)}</span>")

    def set_public(self, public: bool) -> None:
        """The bucket policy lets anyone read this object (True) or not (False)."""
        self.public = public
        self._show_link_mode()

    def _show_link_mode(self) -> None:
        public = bool(self.public)
        self.lifetime.setVisible(not public)
        if public:
            self.link_kind.setText(self.tr("Public link (anyone can open it)"))
            self.copy_button.setText(self.tr("Copy public link"))
        else:
            self.link_kind.setText(self.tr("Link valid for"))
            self.copy_button.setText(self.tr("Copy link"))

    # -- links ---------------------------------------------------------------------------------------
    def selected_lifetime(self) -> timedelta:
        value = self.lifetime.currentData()
        return value if isinstance(value, timedelta) else LIFETIMES[DEFAULT_LIFETIME]

    def _on_copy(self) -> None:
        self._copy_when_ready = True
        self.link_requested.emit(self.selected_lifetime())

    def _on_lifetime(self, _index: int) -> None:
        if self.link_edit.text() and not self.public:
            self.link_requested.emit(self.selected_lifetime())

    def show_link(self, url: str, public: bool) -> None:
        """Called with the link the pane made; copies it when the user asked for a copy."""
        self.link_edit.setText(url)
        self.link_edit.setCursorPosition(0)
        if public:
            self.expiry_label.setText(self.tr("Public link (anyone can open it): it does not expire, "
                                              "it works as long as the bucket policy allows anonymous "
                                              "reads."))
        else:
            expiry = presigned_expiry(url)
            if expiry is None:
                self.expiry_label.setText(self.tr("Presigned link."))
            else:
                local, utc = format_expiry(expiry)
                text = self.tr("Presigned link, valid until {0} ({1}).").format(local, utc)
                if cut_short(expiry, self.selected_lifetime()):
                    text += " " + self.tr("Shortened to the end of your sign-in session: a link signed with "
                                          "temporary keys stops working when they expire.")
                self.expiry_label.setText(text)
        if self._copy_when_ready:
            self._copy_when_ready = False
            QGuiApplication.clipboard().setText(url)
            self.expiry_label.setText(self.expiry_label.text() + " " + self.tr("Copied to the clipboard."))

    def show_link_error(self, message: str) -> None:
        self._copy_when_ready = False
        self.link_edit.clear()
        self.expiry_label.setText(self.tr("No link: {0}").format(message))
