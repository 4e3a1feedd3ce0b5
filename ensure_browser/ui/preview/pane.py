"""The preview pane: follows the selection and shows what the selected object is.

Every read runs in the ``preview`` pool through a :class:`~ensure_browser.ui.preview.fetch.Fetcher`;
selecting something else cancels the running fetches and drops their late results. Per kind:

* a material: its thumbnail at once, the PDF on demand ("Open PDF"); a student note or any PDF: the PDF;
* images: fit / zoom / actual size; JSON: a foldable tree, the raw text and a summary of quality
  reports and metrics; text: read-only plain text;
* an OCR document: page image beside its JSON, page by page (:mod:`~ensure_browser.ui.preview.ocr_document`);
* recordings: streamed through the app's own connection; a meeting chunk plays its meeting's chunks
  in sequence (:mod:`~ensure_browser.ui.preview.recordings`);
* everything: a collapsible metadata section with Download… and Copy link.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.policies.check import is_public
from ensure_browser.core.s3.storage import ObjectStat, Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.share.links import ShareLink, link_for
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import error_text
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.preview.content import JsonContent, PdfContent, PreviewLimits, TextContent, check_pdf, load_text
from ensure_browser.ui.preview.fetch import Fetcher, error_message, object_tags
from ensure_browser.ui.preview.image_view import ImageView
from ensure_browser.ui.preview.kinds import View, schema_of, view_for_content_type, view_for_key
from ensure_browser.ui.preview.material_view import MaterialView
from ensure_browser.ui.preview.metadata_view import MetadataSection
from ensure_browser.ui.preview.ocr_document import OcrDocumentPreview
from ensure_browser.ui.preview.ocr_view import OcrView
from ensure_browser.ui.preview.optional import UnavailableView, make_media_view, make_pdf_view
from ensure_browser.ui.preview.reads import ErrorHandler, Target, capped_reader, file_name, image_reader, json_reader
from ensure_browser.ui.preview.recordings import RecordingPreview
from ensure_browser.ui.preview.text_views import JsonView, TextView
from ensure_browser.ui.toned import set_tone
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext

if TYPE_CHECKING:
    from ensure_browser.ui.preview.media_view import MediaView
    from ensure_browser.ui.preview.pdf_view import PdfView

log = logging.getLogger(__name__)

T = TypeVar("T")

OCR_DOCUMENT_KINDS = frozenset({"ocr_document"})
MEETING_KINDS = frozenset({"meeting"})
DELETED_KIND = "deleted"  # a row of a deleted object (see ui/versions/deleted.py)


class PreviewPane(QWidget):
    """Call :meth:`show_node` on every selection change; connect :attr:`download_requested`."""

    download_requested = Signal(str, str)  # bucket, key
    loaded = Signal(str)  # the View value whose content is now shown
    failed = Signal(str)  # an error message now shown in the pane

    def __init__(self, parent: QWidget | None = None, limits: PreviewLimits | None = None,
                 policies: PolicyCache | None = None) -> None:
        super().__init__(parent)
        self.limits = limits or PreviewLimits()
        self.fetcher = Fetcher(self)
        self.storage: Storage | None = None
        self.names = BucketNames()
        self.node: Node | None = None
        self.target: Target | None = None
        self.view_kind: View | None = None
        self.stat: ObjectStat | None = None
        self.policies = policies or PolicyCache(lambda: self.storage, self)
        self.policies.changed.connect(self._policy_read)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # names come from the server (metadata, keys)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.path = QLabel()
        self.path.setWordWrap(True)
        self.path.setTextFormat(Qt.TextFormat.PlainText)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, in every theme

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.image_view = ImageView()
        self._pdf_view: PdfView | UnavailableView | None = None  # QtPdf, QtMultimedia: loaded on first use
        self._media_view: MediaView | UnavailableView | None = None
        self.json_view = JsonView(children_shown=self.limits.json_children_shown)
        self.text_view = TextView()
        self.ocr_view = OcrView()
        self.ocr_document = OcrDocumentPreview(self, self.ocr_view)
        self.recordings = RecordingPreview(self, lambda: self.media_view)
        self.material_page = MaterialView()
        self.thumbnail_view, self.material_notice = self.material_page.thumbnail, self.material_page.notice
        self.open_pdf_button = self.material_page.open_pdf_button
        self.open_pdf_button.clicked.connect(self.open_material_pdf)

        self.stack = QStackedWidget()
        for widget in (self.message, self.image_view, self.json_view, self.text_view, self.ocr_view,
                       self.material_page):
            self.stack.addWidget(widget)
        self.metadata = MetadataSection()
        self.metadata.download_requested.connect(self.download_requested)
        self.metadata.link_requested.connect(self._make_link)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.path)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.metadata)
        self.show_node(None)

    # -- public API ----------------------------------------------------------------------------------
    @property
    def pdf_view(self) -> PdfView | UnavailableView:
        """The PDF viewer (or why there is none), made on first use."""
        if self._pdf_view is None:
            self._pdf_view = make_pdf_view()
            self.stack.addWidget(self._pdf_view)
        return self._pdf_view

    @property
    def media_view(self) -> MediaView | UnavailableView:
        """The audio and video player (or why there is none), made on first use."""
        if self._media_view is None:
            self._media_view = make_media_view()
            self.stack.addWidget(self._media_view)
        return self._media_view

    def made_media_view(self) -> MediaView | UnavailableView | None:
        """The player when something has used it yet, else None (nothing plays then)."""
        return self._media_view

    def show_node(self, node: Node | None, storage: Storage | None = None,
                  names: BucketNames | None = None) -> None:
        """Preview ``node`` (None clears). Never blocks: reads run in workers."""
        self.fetcher.reset()
        if self._media_view is not None:
            self._media_view.stop()
        if self._pdf_view is not None:
            self._pdf_view.clear()
        self.node, self.target, self.view_kind, self.stat = node, None, None, None
        if storage is not None:
            self.storage = storage
        if names is not None:
            self.names = names
        if node is None or self.storage is None:
            self.title.setText(self.tr("Nothing selected"))
            self.path.clear()
            self.metadata.hide()
            self.show_message(self.tr("Select an object to preview it."))
            return
        self.title.setText(node.label)
        self.path.setText(node.path)
        if node.kind == DELETED_KIND:  # View > Show deleted objects: nothing to read at the key
            self.metadata.hide()
            self.show_message(self.tr("{0} is deleted. Its versions are in the Versions tab: Undelete brings "
                                      "it back, and an older version can be previewed there.").format(node.label))
            return
        if node.bucket and node.key and not node.is_container:
            self._show_object(node, node.bucket, node.key)
            return
        self.metadata.hide()
        ids = self._ids(node)
        if node.bucket and (node.kind in OCR_DOCUMENT_KINDS or self._is_ocr_document(node)):
            self._show_ocr_document(node.bucket, str(ids.get("document_id") or (node.key or "").strip("/")))
        elif node.bucket and (node.kind in MEETING_KINDS) and ids.get("meeting_id"):
            self._show_meeting(node.bucket, str(ids["meeting_id"]))
        elif node.is_container:
            self.show_message(self.tr("{0} is a folder: select an object in it to preview it.").format(
                node.label))
        else:
            self.show_message(self.tr("There is nothing to preview for {0}.").format(node.label))

    def clear(self) -> None:
        self.show_node(None)

    def set_policy_cache(self, policies: PolicyCache) -> None:
        """Read bucket policies from ``policies`` (the window's, shared with the Policies panel)."""
        self.policies.changed.disconnect(self._policy_read)
        if self.policies.parent() is self:  # the pane's own, until now
            self.policies.deleteLater()
        self.policies = policies
        policies.changed.connect(self._policy_read)

    def busy(self) -> bool:
        target = self.target
        return (bool(self.fetcher.running()) or (self._media_view is not None and self._media_view.busy())
                or (target is not None and self.policies.fetching(target.bucket)))

    # -- helpers -------------------------------------------------------------------------------------
    def _ids(self, node: Node) -> dict[str, Any]:
        ids = node.extra.get("ids") or getattr(node.payload, "ids", None)
        if isinstance(ids, dict):
            return dict(ids)
        if node.bucket and node.key and not node.is_container:
            return schema_of(node.bucket, node.key, self.names)[1]
        return {}

    def _is_ocr_document(self, node: Node) -> bool:
        """A top-level prefix of the OCR bucket is one document's folder."""
        key = node.key or ""
        return node.bucket == self.names.ocr and key.endswith("/") and key.count("/") == 1

    def _run(self, name: str, fn: Callable[[TaskContext], T], on_done: Callable[[T], None],
             on_error: ErrorHandler | None = None) -> None:
        self.fetcher.run(name, fn, on_done, on_error or self.show_error)

    def show_message(self, text: str) -> None:
        set_tone(self.message, None)
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_error(self, exc: BaseException | str) -> None:
        message = exc if isinstance(exc, str) else error_message(exc)
        set_tone(self.message, "error")
        self.message.setText(message)
        self.stack.setCurrentWidget(self.message)
        self.failed.emit(message)

    def show_view(self, widget: QWidget, view: View) -> None:
        self.stack.setCurrentWidget(widget)
        self.loaded.emit(view.value)

    def _read(self, bucket: str, key: str, cap: int) -> Callable[[TaskContext], tuple[bytes, bool]]:
        assert self.storage is not None
        return capped_reader(self.storage, bucket, key, cap)

    # -- objects -------------------------------------------------------------------------------------
    def _show_object(self, node: Node, bucket: str, key: str) -> None:
        schema_kind, schema_ids = schema_of(bucket, key, self.names)
        given = node.extra.get("ids") or getattr(node.payload, "ids", None)
        ids: dict[str, Any] = dict(given) if isinstance(given, dict) and given else schema_ids
        target = Target(bucket, key, schema_kind, ids, node.size)
        self.target = target
        self.metadata.show_object(bucket, key)
        self.metadata.show()
        view = view_for_key(schema_kind, key)
        self._load_stat(target, decide=view is None)
        self._check_public(bucket, key)
        if view is not None:
            self._start(view, target)
        else:
            self.show_message(self.tr("Loading…"))

    def _load_stat(self, target: Target, *, decide: bool) -> None:
        storage = self.storage
        assert storage is not None

        def work(_ctx: TaskContext) -> tuple[ObjectStat, dict[str, str] | None, str]:
            stat = storage.stat(target.bucket, target.key)
            try:
                return stat, object_tags(storage, target.bucket, target.key), ""
            except StorageError as err:
                return stat, None, error_text(err)

        def done(result: tuple[ObjectStat, dict[str, str] | None, str]) -> None:
            stat, tags, tags_error = result
            self.stat = stat
            original = stat.metadata.get("original-filename", "")
            if original and self.target is target:
                self.title.setText(original)  # the name the uploader gave it; the key is in the path line
            target.size = stat.size
            self.metadata.set_stat(stat, tags, tags_error)
            if decide:
                self._start(view_for_content_type(stat.content_type), target)

        def failed(exc: BaseException) -> None:
            self.metadata.set_error(error_message(exc))
            if decide:
                self.show_error(exc)

        self._run("preview stat", work, done, failed)

    def _start(self, view: View, target: Target) -> None:
        self.view_kind = view
        cap = {View.PDF: self.limits.pdf, View.IMAGE: self.limits.image, View.JSON: self.limits.json,
               View.TEXT: self.limits.text}.get(view)
        too_big = cap is not None and target.size is not None and target.size > cap
        if too_big and view in (View.PDF, View.IMAGE):
            self.show_error(self.tr("{0} is {1}, more than the {2} a preview may read. Use Download… "
                                     "to open it.").format(file_name(target.key), formats.size(target.size),
                                                          formats.size(cap)))
            return
        if view is View.MATERIAL:
            self._show_material(target)
        elif view is View.PDF:
            self._load_pdf(target, self.pdf_view, self.pdf_view)
        elif view is View.IMAGE:
            self.show_message(self.tr("Loading image…"))
            self._load_image(target.bucket, target.key, self._image_done)
        elif view is View.JSON:
            self.show_message(self.tr("Loading…"))
            self._load_json(target.bucket, target.key, self._json_done)
        elif view is View.TEXT:
            self.show_message(self.tr("Loading…"))
            read = self._read(target.bucket, target.key, self.limits.text)
            self._run("preview text", lambda ctx: load_text(*read(ctx)), self._text_done)
        elif view is View.MEDIA:
            self._show_media(target)
        else:
            self.metadata.set_expanded(True)
            self.show_message(self.tr("There is no preview for this kind of object. Use Download… or "
                                       "Copy link below."))
            self.loaded.emit(View.OTHER.value)

    # images
    def _load_image(self, bucket: str, key: str, done: Callable[[QImage], None],
                    failed: ErrorHandler | None = None) -> None:
        assert self.storage is not None
        self._run("preview image", image_reader(self.storage, bucket, key, self.limits), done, failed)

    def _image_done(self, image: QImage) -> None:
        self.image_view.set_image(image)
        self.show_view(self.image_view, View.IMAGE)

    # PDF
    def _load_pdf(self, target: Target, viewer: PdfView | UnavailableView, page: QWidget) -> None:
        if isinstance(viewer, UnavailableView):  # QtPdf cannot be loaded here: the view says why
            self.show_view(viewer, View.PDF)
            return
        read, limits = self._read(target.bucket, target.key, self.limits.pdf), self.limits
        if page is self.pdf_view:
            self.show_message(self.tr("Loading PDF…"))

        def work(ctx: TaskContext) -> PdfContent:
            data, truncated = read(ctx)
            ctx.check()
            return check_pdf(data, limits, truncated=truncated)

        def done(content: PdfContent) -> None:
            if not viewer.set_pdf(content.data):
                self.show_error(self.tr("Cannot show the PDF: it could not be opened."))
                return
            self.show_view(page, View.PDF)

        self._run("preview pdf", work, done)

    # JSON and text
    def _load_json(self, bucket: str, key: str, done: Callable[[JsonContent | TextContent], None],
                   failed: ErrorHandler | None = None) -> None:
        assert self.storage is not None
        self._run("preview json", json_reader(self.storage, bucket, key, self.limits), done, failed)

    def _json_done(self, content: JsonContent | TextContent) -> None:
        if isinstance(content, JsonContent):
            self.json_view.set_json(content)
            self.show_view(self.json_view, View.JSON)
        else:
            self._text_done(content)

    def _text_done(self, content: TextContent) -> None:
        total = self.target.size if self.target else None
        self.text_view.set_text(content, total)
        self.show_view(self.text_view, View.TEXT)

    # materials
    def _show_material(self, target: Target) -> None:
        self.thumbnail_view.clear()
        self.open_pdf_button.setEnabled(True)
        self.material_notice.setText(self.tr("Loading thumbnail…"))
        self.material_notice.show()
        self.stack.setCurrentWidget(self.material_page)
        try:
            thumb_bucket, thumb_key = key_for("thumbnail", self.names, **target.ids)
        except (KeyError, TypeError, ValueError) as exc:
            log.info("no thumbnail key for %s: %s", target.key, exc)
            self.material_notice.setText(self.tr("No thumbnail can be derived for this material."))
            self.loaded.emit(View.MATERIAL.value)
            return

        def done(image: QImage) -> None:
            self.thumbnail_view.set_image(image)
            self.material_notice.hide()
            self.loaded.emit(View.MATERIAL.value)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NoSuchKey):
                text = self.tr("This material has no thumbnail (expected at s3://{0}/{1}).").format(
                    thumb_bucket, thumb_key)
            else:
                text = self.tr("The thumbnail cannot be shown: {0}").format(error_message(exc))
            self.material_notice.setText(text)
            self.loaded.emit(View.MATERIAL.value)

        self._load_image(thumb_bucket, thumb_key, done, failed)

    def open_material_pdf(self) -> None:
        """Load the selected material's PDF into the viewer (the "Open PDF" button)."""
        target = self.target
        if target is None or self.view_kind is not View.MATERIAL:
            return
        if target.size is not None and target.size > self.limits.pdf:
            self.material_notice.setText(self.tr("The PDF is {0}, more than the {1} a preview may read. "
                                                 "Use Download… to open it.").format(
                formats.size(target.size), formats.size(self.limits.pdf)))
            self.material_notice.show()
            return
        self.open_pdf_button.setEnabled(False)
        self.material_notice.setText(self.tr("Loading PDF…"))
        self.material_notice.show()
        self._load_pdf(target, self.pdf_view, self.pdf_view)

    # recordings and meetings
    def _show_media(self, target: Target) -> None:
        self.recordings.show_object(self.storage, self.names, target)

    def _show_meeting(self, bucket: str, meeting_id: str) -> None:
        self.recordings.show_meeting(self.storage, self.names, bucket, meeting_id)

    # OCR documents
    def _show_ocr_document(self, bucket: str, document_id: str) -> None:
        assert self.storage is not None
        self.target = Target(bucket, document_id + "/", "ocr_document", {"document_id": document_id})
        self.view_kind = View.OCR_DOCUMENT
        self.ocr_document.show(self.storage, self.names, bucket, document_id)

    # -- policy and links ----------------------------------------------------------------------------
    def _check_public(self, bucket: str, key: str) -> None:
        entry = self.policies.ensure(bucket)  # None: being read, _policy_read follows
        if entry is not None:
            self.metadata.set_public(is_public(entry.policy, bucket, key))

    def _policy_read(self, bucket: str) -> None:
        target, entry = self.target, self.policies.get(bucket)
        if target is None or target.bucket != bucket or entry is None:
            return
        if entry.error:  # unknown (e.g. no permission to read the policy): offer presigned links only
            log.info("bucket policy of %s unavailable: %s", bucket, entry.error)
        self.metadata.set_public(is_public(entry.policy, bucket, target.key))

    def _make_link(self, lifetime: timedelta) -> None:
        target, storage = self.target, self.storage
        if target is None or storage is None:
            return
        if self.metadata.public:  # a public URL is made without a request
            self.metadata.show_link(link_for(storage, target.bucket, target.key, lifetime, public=True).url, True)
            return

        def work(_ctx: TaskContext) -> ShareLink:
            return link_for(storage, target.bucket, target.key, lifetime, public=False)

        def failed(exc: BaseException) -> None:
            self.metadata.show_link_error(error_message(exc))

        self._run("presign link", work, lambda link: self.metadata.show_link(link.url, link.public), failed)
