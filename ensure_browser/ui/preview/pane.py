"""The preview pane: follows the selection and shows what the selected object is.

Every read runs in the ``preview`` pool through a :class:`~ensure_browser.ui.preview.fetch.Fetcher`;
selecting something else cancels the running fetches and drops their late results. Per kind:

* a material: its thumbnail at once, the PDF on demand ("Open PDF"); a student note or any PDF: the PDF;
* images: fit / zoom / actual size; JSON: a foldable tree, the raw text and a summary of quality
  reports and metrics; text: read-only plain text;
* an OCR document: page image beside its JSON, page by page;
* recordings: streamed from a presigned URL; a meeting chunk plays its meeting's chunks in sequence;
* everything: a collapsible metadata section with Download… and Copy link.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.policies.check import is_public
from ensure_browser.core.s3.storage import ObjectStat, Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.units import human_bytes
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.preview.content import (
    JsonContent,
    PdfContent,
    PreviewLimits,
    TextContent,
    check_pdf,
    decode_image,
    load_json,
    load_text,
)
from ensure_browser.ui.preview.fetch import Fetcher, error_message, object_tags
from ensure_browser.ui.preview.image_view import ImageView
from ensure_browser.ui.preview.kinds import View, schema_of, view_for_content_type, view_for_key
from ensure_browser.ui.preview.metadata_view import MetadataSection
from ensure_browser.ui.preview.ocr_view import OcrView
from ensure_browser.ui.preview.optional import UnavailableView, make_media_view, make_pdf_view
from ensure_browser.ui.preview.playlist import PlaylistItem
from ensure_browser.ui.preview.text_views import JsonView, TextView
from ensure_browser.ui.preview.widgets import notice_label
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext

if TYPE_CHECKING:
    from ensure_browser.ui.preview.pdf_view import PdfView

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]

CHUNK_KIND = "meeting_chunk"
OCR_DOCUMENT_KINDS = frozenset({"ocr_document"})
MEETING_KINDS = frozenset({"meeting"})


@dataclass
class Target:
    """What the pane shows for the current node."""

    bucket: str
    key: str
    schema_kind: str = ""
    ids: dict[str, Any] = field(default_factory=dict)
    size: int | None = None


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
        self.path.setStyleSheet("QLabel { color: #666; }")

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.image_view = ImageView()
        self.pdf_view = make_pdf_view()
        self.json_view = JsonView(children_shown=self.limits.json_children_shown)
        self.text_view = TextView()
        self.media_view = make_media_view()
        self.ocr_view = OcrView()
        self.ocr_view.page_requested.connect(self._load_ocr_page)
        self.thumbnail_view = ImageView(toolbar=False)
        self.material_notice = notice_label()
        self.open_pdf_button = QPushButton(self.tr("Open PDF"))
        self.open_pdf_button.setToolTip(self.tr("Load the whole PDF and show it here"))
        self.open_pdf_button.clicked.connect(self.open_material_pdf)
        self.material_page = self._material_page()

        self.stack = QStackedWidget()
        for widget in (self.message, self.image_view, self.pdf_view, self.json_view, self.text_view,
                       self.media_view, self.ocr_view, self.material_page):
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

    def _material_page(self) -> QWidget:
        page = QWidget()
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.open_pdf_button)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.material_notice)
        layout.addWidget(self.thumbnail_view, 1)
        return page

    # -- public API ----------------------------------------------------------------------------------
    def show_node(self, node: Node | None, storage: Storage | None = None,
                  names: BucketNames | None = None) -> None:
        """Preview ``node`` (None clears). Never blocks: reads run in workers."""
        self.fetcher.reset()
        self.media_view.stop()
        self.pdf_view.clear()
        self.node, self.target, self.view_kind, self.stat = node, None, None, None
        if storage is not None:
            self.storage = storage
        if names is not None:
            self.names = names
        if node is None or self.storage is None:
            self.title.setText(self.tr("Nothing selected"))
            self.path.clear()
            self.metadata.hide()
            self._show_message(self.tr("Select an object to preview it."))
            return
        self.title.setText(node.label)
        self.path.setText(node.path)
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
            self._show_message(self.tr("{0} is a folder: select an object in it to preview it.").format(
                node.label))
        else:
            self._show_message(self.tr("There is nothing to preview for {0}.").format(node.label))

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
        return bool(self.fetcher.running()) or (target is not None and self.policies.fetching(target.bucket))

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
        self.fetcher.run(name, fn, on_done, on_error or self._show_error)

    def _show_message(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def _show_error(self, exc: BaseException | str) -> None:
        message = exc if isinstance(exc, str) else error_message(exc)
        self.message.setStyleSheet("QLabel { color: #a00000; }")
        self.message.setText(message)
        self.stack.setCurrentWidget(self.message)
        self.failed.emit(message)

    def _shown(self, widget: QWidget, view: View) -> None:
        self.stack.setCurrentWidget(widget)
        self.loaded.emit(view.value)

    def _read(self, bucket: str, key: str, cap: int) -> Callable[[TaskContext], tuple[bytes, bool]]:
        storage = self.storage
        assert storage is not None

        def read(ctx: TaskContext) -> tuple[bytes, bool]:
            return storage.read_capped(bucket, key, cap, cancel=ctx.token)

        return read

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
            self._show_message(self.tr("Loading…"))

    def _load_stat(self, target: Target, *, decide: bool) -> None:
        storage = self.storage
        assert storage is not None

        def work(_ctx: TaskContext) -> tuple[ObjectStat, dict[str, str] | None, str]:
            stat = storage.stat(target.bucket, target.key)
            try:
                return stat, object_tags(storage, target.bucket, target.key), ""
            except StorageError as err:
                return stat, None, err.message

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
                self._show_error(exc)

        self._run("preview stat", work, done, failed)

    def _start(self, view: View, target: Target) -> None:
        self.view_kind = view
        cap = {View.PDF: self.limits.pdf, View.IMAGE: self.limits.image, View.JSON: self.limits.json,
               View.TEXT: self.limits.text}.get(view)
        too_big = cap is not None and target.size is not None and target.size > cap
        if too_big and view in (View.PDF, View.IMAGE):
            self._show_error(self.tr("{0} is {1}, more than the {2} a preview may read. Use Download… "
                                     "to open it.").format(_name(target.key), human_bytes(target.size),
                                                          human_bytes(cap)))
            return
        if view is View.MATERIAL:
            self._show_material(target)
        elif view is View.PDF:
            self._load_pdf(target, self.pdf_view, self.pdf_view)
        elif view is View.IMAGE:
            self._show_message(self.tr("Loading image…"))
            self._load_image(target.bucket, target.key, self._image_done)
        elif view is View.JSON:
            self._show_message(self.tr("Loading…"))
            self._load_json(target.bucket, target.key, self._json_done)
        elif view is View.TEXT:
            self._show_message(self.tr("Loading…"))
            read = self._read(target.bucket, target.key, self.limits.text)
            self._run("preview text", lambda ctx: load_text(*read(ctx)), self._text_done)
        elif view is View.MEDIA:
            self._show_media(target)
        else:
            self.metadata.set_expanded(True)
            self._show_message(self.tr("There is no preview for this kind of object. Use Download… or "
                                       "Copy link below."))
            self.loaded.emit(View.OTHER.value)

    # images
    def _load_image(self, bucket: str, key: str, done: Callable[[QImage], None],
                    failed: ErrorHandler | None = None) -> None:
        read, limits = self._read(bucket, key, self.limits.image), self.limits

        def work(ctx: TaskContext) -> QImage:
            data, truncated = read(ctx)
            ctx.check()
            return decode_image(data, limits, truncated=truncated)

        self._run("preview image", work, done, failed)

    def _image_done(self, image: QImage) -> None:
        self.image_view.set_image(image)
        self._shown(self.image_view, View.IMAGE)

    # PDF
    def _load_pdf(self, target: Target, viewer: PdfView | UnavailableView, page: QWidget) -> None:
        if isinstance(viewer, UnavailableView):  # QtPdf cannot be loaded here: the view says why
            self._shown(viewer, View.PDF)
            return
        read, limits = self._read(target.bucket, target.key, self.limits.pdf), self.limits
        if page is self.pdf_view:
            self._show_message(self.tr("Loading PDF…"))

        def work(ctx: TaskContext) -> PdfContent:
            data, truncated = read(ctx)
            ctx.check()
            return check_pdf(data, limits, truncated=truncated)

        def done(content: PdfContent) -> None:
            if not viewer.set_pdf(content.data):
                self._show_error(self.tr("Cannot show the PDF: it could not be opened."))
                return
            self._shown(page, View.PDF)

        self._run("preview pdf", work, done)

    # JSON and text
    def _load_json(self, bucket: str, key: str, done: Callable[[JsonContent | TextContent], None],
                   failed: ErrorHandler | None = None) -> None:
        read, limits = self._read(bucket, key, self.limits.json), self.limits

        def work(ctx: TaskContext) -> JsonContent | TextContent:
            data, truncated = read(ctx)
            return load_json(data, truncated, limits)

        self._run("preview json", work, done, failed)

    def _json_done(self, content: JsonContent | TextContent) -> None:
        if isinstance(content, JsonContent):
            self.json_view.set_json(content)
            self._shown(self.json_view, View.JSON)
        else:
            self._text_done(content)

    def _text_done(self, content: TextContent) -> None:
        total = self.target.size if self.target else None
        self.text_view.set_text(content, total)
        self._shown(self.text_view, View.TEXT)

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
                human_bytes(target.size), human_bytes(self.limits.pdf)))
            self.material_notice.show()
            return
        self.open_pdf_button.setEnabled(False)
        self.material_notice.setText(self.tr("Loading PDF…"))
        self.material_notice.show()
        self._load_pdf(target, self.pdf_view, self.pdf_view)

    # media
    def _show_media(self, target: Target) -> None:
        if isinstance(self.media_view, UnavailableView):  # QtMultimedia cannot be loaded here
            self._shown(self.media_view, View.MEDIA)
            return
        storage, lifetime, names = self.storage, self.limits.stream_link_lifetime, self.names
        assert storage is not None
        self._show_message(self.tr("Opening the recording…"))
        meeting_id = target.ids.get("meeting_id")
        chunks_prefix = target.key.rsplit("/", 1)[0] + "/" if target.schema_kind == CHUNK_KIND else ""

        def work(ctx: TaskContext) -> tuple[list[PlaylistItem], int]:
            if chunks_prefix and meeting_id is not None:
                items = self._chunk_playlist(ctx, storage, target.bucket, chunks_prefix, names)
                start = next((i for i, item in enumerate(items) if item.key == target.key), 0)
                if items:
                    return items, start
            url = storage.presign_get(target.bucket, target.key, lifetime)
            return [PlaylistItem(_name(target.key), _url(url), target.key)], 0

        def done(result: tuple[list[PlaylistItem], int]) -> None:
            items, start = result
            self.media_view.set_playlist(items, start)
            self._shown(self.media_view, View.MEDIA)

        self._run("preview media", work, done)

    def _chunk_playlist(self, ctx: TaskContext, storage: Storage, bucket: str, prefix: str,
                        names: BucketNames) -> list[PlaylistItem]:
        """A meeting's chunks in numeric order, each with a presigned URL (runs in a worker)."""
        found: list[tuple[int, str]] = []
        for page in storage.list_level(bucket, prefix, cancel=ctx.token):
            for entry in page:
                if entry.is_prefix:
                    continue
                kind, ids = schema_of(bucket, entry.key, names)
                index = ids.get("chunk_index")
                if kind == CHUNK_KIND and index is not None:
                    found.append((int(index), entry.key))
        found.sort()
        lifetime = self.limits.stream_link_lifetime
        return [PlaylistItem(_name(key), _url(storage.presign_get(bucket, key, lifetime)), key)
                for _index, key in found]

    def _show_meeting(self, bucket: str, meeting_id: str) -> None:
        """A meeting node: play its chunks in sequence (or its raw recording when it has none)."""
        if isinstance(self.media_view, UnavailableView):  # QtMultimedia cannot be loaded here
            self._shown(self.media_view, View.MEDIA)
            return
        try:
            _b, chunk_key = key_for(CHUNK_KIND, self.names, meeting_id=meeting_id, chunk_index=0)
            _b, raw_key = key_for("meeting_raw", self.names, meeting_id=meeting_id)
        except (KeyError, TypeError, ValueError) as exc:
            self._show_error(str(exc))
            return
        storage, names, lifetime = self.storage, self.names, self.limits.stream_link_lifetime
        assert storage is not None
        prefix = chunk_key.rsplit("/", 1)[0] + "/"
        self._show_message(self.tr("Opening the recording…"))

        def work(ctx: TaskContext) -> list[PlaylistItem]:
            items = self._chunk_playlist(ctx, storage, bucket, prefix, names)
            if items:
                return items
            storage.stat(bucket, raw_key)
            url = _url(storage.presign_get(bucket, raw_key, lifetime))
            return [PlaylistItem(_name(raw_key), url, raw_key)]

        def done(items: list[PlaylistItem]) -> None:
            self.media_view.set_playlist(items, 0)
            self._shown(self.media_view, View.MEDIA)

        self._run("preview meeting", work, done)

    # OCR documents
    def _show_ocr_document(self, bucket: str, document_id: str) -> None:
        storage, names, limits = self.storage, self.names, self.limits
        assert storage is not None
        self.target = Target(bucket, document_id + "/", "ocr_document", {"document_id": document_id})
        self.view_kind = View.OCR_DOCUMENT
        self._show_message(self.tr("Loading the OCR document…"))
        try:
            _b, image_key = key_for("ocr_page_image", names, document_id=document_id, page=1)
            _b, json_key = key_for("ocr_page_json", names, document_id=document_id, page=1)
            _b, report_key = key_for("ocr_quality_report", names, document_id=document_id)
        except (KeyError, TypeError, ValueError) as exc:
            self._show_error(str(exc))
            return
        prefixes = {image_key.rsplit("/", 1)[0] + "/", json_key.rsplit("/", 1)[0] + "/"}

        def work(ctx: TaskContext) -> tuple[list[int], JsonContent | TextContent | None]:
            pages: set[int] = set()
            for prefix in sorted(prefixes):
                for page in storage.list_level(bucket, prefix, cancel=ctx.token):
                    for entry in page:
                        kind, ids = schema_of(bucket, entry.key, names)
                        number = ids.get("page")
                        if kind in ("ocr_page_image", "ocr_page_json") and number is not None:
                            pages.add(int(number))
            try:
                data, truncated = storage.read_capped(bucket, report_key, limits.json, cancel=ctx.token)
                report: JsonContent | TextContent | None = load_json(data, truncated, limits)
            except NoSuchKey:
                report = None
            return sorted(pages), report

        def done(result: tuple[list[int], JsonContent | TextContent | None]) -> None:
            pages, report = result
            self.ocr_view.set_document(document_id, pages)
            if isinstance(report, JsonContent) and report.summary:
                self.ocr_view.set_quality(f"{report.summary_title}: " + " · ".join(
                    f"{k} {v}" for k, v in report.summary))
            elif report is None:
                self.ocr_view.set_quality(self.tr("No quality report."))
            self._shown(self.ocr_view, View.OCR_DOCUMENT)

        self._run("preview ocr document", work, done)

    def _load_ocr_page(self, index: int) -> None:
        target = self.target
        if target is None or self.view_kind is not View.OCR_DOCUMENT:
            return
        number = self.ocr_view.pages()[index]
        document_id = str(target.ids["document_id"])
        image_bucket, image_key = key_for("ocr_page_image", self.names, document_id=document_id, page=number)
        json_bucket, json_key = key_for("ocr_page_json", self.names, document_id=document_id, page=number)

        def image_failed(exc: BaseException) -> None:
            self.ocr_view.set_page_image(index, None, error_message(exc))

        def json_failed(exc: BaseException) -> None:
            self.ocr_view.set_page_json(index, None, error_message(exc))

        self._load_image(image_bucket, image_key, lambda image: self.ocr_view.set_page_image(index, image),
                         image_failed)
        self._load_json(json_bucket, json_key, lambda content: self.ocr_view.set_page_json(index, content),
                        json_failed)

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
        if self.metadata.public:
            self.metadata.show_link(storage.public_url(target.bucket, target.key), True)
            return

        def work(_ctx: TaskContext) -> str:
            return storage.presign_get(target.bucket, target.key, lifetime)

        def failed(exc: BaseException) -> None:
            self.metadata.show_link_error(error_message(exc))

        self._run("presign link", work, lambda url: self.metadata.show_link(url, False), failed)



def _url(text: str) -> QUrl:
    """A presigned URL as a QUrl, byte for byte (re-encoding would break the signature)."""
    return QUrl.fromEncoded(text.encode("ascii"), QUrl.ParsingMode.StrictMode)


def _name(key: str) -> str:
    return key.rsplit("/", 1)[-1]

