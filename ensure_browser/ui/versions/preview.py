"""The preview of one version of an object, in a window of its own beside the main preview.

What it shows is decided as the main preview decides it (by the schema's kind or the file name, else
by that version's content type): a PDF (a material's too), an image, JSON or text, each read capped
by :class:`~ensure_browser.ui.preview.content.PreviewLimits` in a worker and checked there; anything
else says to download it. Closing the window cancels the read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ensure_browser.core.s3.storage import ObjectVersion, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.preview.content import (
    PdfContent,
    PreviewError,
    PreviewLimits,
    TextContent,
    check_pdf,
    decode_image,
    load_json,
    load_text,
)
from ensure_browser.ui.preview.image_view import ImageView
from ensure_browser.ui.preview.kinds import View, schema_of, view_for_content_type, view_for_key
from ensure_browser.ui.preview.optional import make_pdf_view
from ensure_browser.ui.preview.text_views import TextView
from ensure_browser.ui.versions.panel import when
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

PDF_VIEWS = (View.PDF, View.MATERIAL)



@dataclass(frozen=True)
class Loaded:
    view: View
    content: PdfContent | QImage | TextContent | None


def load_version(storage: Storage, version: ObjectVersion, names: BucketNames, limits: PreviewLimits,
                 ctx: TaskContext) -> Loaded:
    """Read and check what the preview of ``version`` shows (in a worker)."""
    kind, _ids = schema_of(version.bucket, version.key, names)
    view = view_for_key(kind, version.key)
    if view is None:
        view = view_for_content_type(storage.stat(version.bucket, version.key, version.version_id).content_type)
    cap = {View.PDF: limits.pdf, View.MATERIAL: limits.pdf, View.IMAGE: limits.image, View.JSON: limits.json,
           View.TEXT: limits.text}.get(view)
    if cap is None:
        return Loaded(View.OTHER, None)
    if view in (*PDF_VIEWS, View.IMAGE) and version.size > cap:
        raise PreviewError(tr("This version is {0}, more than the {1} a preview may read. Download it to open "
                              "it.").format(formats.size(version.size), formats.size(cap)))
    data, truncated = storage.read_capped(version.bucket, version.key, cap, ctx.token, version.version_id)
    ctx.check()
    if view in PDF_VIEWS:
        return Loaded(View.PDF, check_pdf(data, limits, truncated=truncated))
    if view is View.IMAGE:
        return Loaded(view, decode_image(data, limits, truncated=truncated))
    if view is View.JSON:
        content = load_json(data, truncated, limits)
        return Loaded(View.TEXT, content if isinstance(content, TextContent)
                      else load_text(content.pretty.encode(), truncated))
    return Loaded(View.TEXT, load_text(data, truncated))


class VersionPreview(QDialog):
    """One version's preview; ``shown(view)`` once its content (or why not) is on screen."""

    shown = Signal(str)

    def __init__(self, storage: Storage, version: ObjectVersion, names: BucketNames, parent: QWidget | None = None,
                 limits: PreviewLimits | None = None) -> None:
        super().__init__(parent)
        self.version = version
        self.setWindowTitle(tr("{0} — version of {1}").format(version.key.rsplit("/", 1)[-1], when(version)))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 640)
        self.message = QLabel(tr("Loading…"))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_view = ImageView()
        self.text_view = TextView()
        self.pdf_view = make_pdf_view()
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(tr("Version preview"))
        for widget in (self.message, self.image_view, self.text_view, self.pdf_view):
            self.stack.addWidget(widget)
        header = QLabel(tr("{0}\nVersion {1}, {2}").format(version.key, version.version_id, when(version)))
        header.setTextFormat(Qt.TextFormat.PlainText)
        header.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        lim = limits or PreviewLimits()
        self.handle: TaskHandle | None = workers().run(
            "preview", lambda ctx: load_version(storage, version, names, lim, ctx), on_done=self._loaded,
            on_error=self._failed, owner=self, name="version preview")

    def _loaded(self, loaded: Loaded) -> None:
        self.handle = None
        content = loaded.content
        if isinstance(content, PdfContent):
            if not self.pdf_view.set_pdf(content.data):
                self._failed(PreviewError(tr("Cannot show the PDF: it could not be opened.")))
                return
            self.stack.setCurrentWidget(self.pdf_view)
        elif isinstance(content, QImage):
            self.image_view.set_image(content)
            self.stack.setCurrentWidget(self.image_view)
        elif isinstance(content, TextContent):
            self.text_view.set_text(content, self.version.size)
            self.stack.setCurrentWidget(self.text_view)
        else:
            self.message.setText(tr("There is no preview for this kind of object. Download the version to open "
                                    "it."))
        self.shown.emit(loaded.view.value)

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.message.setText(error_text(exc))
        self.stack.setCurrentWidget(self.message)
        self.shown.emit("error")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.handle is not None:
            self.handle.cancel()
        super().closeEvent(event)

