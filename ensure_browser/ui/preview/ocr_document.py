"""An OCR document in the preview: which pages it has and its quality report first, then each page's
image and JSON as the user pages through (all read in the ``preview`` pool)."""

from __future__ import annotations

from ensure_browser.core.errors import NoSuchKey
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.preview.content import JsonContent, TextContent, load_json
from ensure_browser.ui.preview.fetch import error_message
from ensure_browser.ui.preview.kinds import View, schema_of
from ensure_browser.ui.preview.ocr_view import OcrView
from ensure_browser.ui.preview.reads import Stage, image_reader, json_reader
from ensure_browser.ui.workers import TaskContext

Report = JsonContent | TextContent | None  # the quality report (None: there is none)



class OcrDocumentPreview:
    """Fills the pane's :class:`OcrView` with the selected OCR document and loads the page shown."""

    def __init__(self, stage: Stage, view: OcrView) -> None:
        self.stage = stage
        self.view = view
        self.document: tuple[Storage, BucketNames, str] | None = None  # storage, names, document id
        self.generation = -1  # the fetcher's generation the document was selected in
        view.page_requested.connect(self.load_page)

    def show(self, storage: Storage, names: BucketNames, bucket: str, document_id: str) -> None:
        limits = self.stage.limits
        self.document = (storage, names, document_id)
        self.generation = self.stage.fetcher.generation
        self.stage.show_message(tr("Loading the OCR document…"))
        try:
            _b, image_key = key_for("ocr_page_image", names, document_id=document_id, page=1)
            _b, json_key = key_for("ocr_page_json", names, document_id=document_id, page=1)
            _b, report_key = key_for("ocr_quality_report", names, document_id=document_id)
        except (KeyError, TypeError, ValueError) as exc:
            self.stage.show_error(str(exc))
            return
        prefixes = {image_key.rsplit("/", 1)[0] + "/", json_key.rsplit("/", 1)[0] + "/"}

        def work(ctx: TaskContext) -> tuple[list[int], Report]:
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
                report: Report = load_json(data, truncated, limits)
            except NoSuchKey:
                report = None
            return sorted(pages), report

        def done(result: tuple[list[int], Report]) -> None:
            pages, report = result
            self.view.set_document(document_id, pages)
            if isinstance(report, JsonContent) and report.summary:
                self.view.set_quality(f"{report.summary_title}: " + " · ".join(
                    f"{k} {v}" for k, v in report.summary))
            elif report is None:
                self.view.set_quality(tr("No quality report."))
            self.stage.show_view(self.view, View.OCR_DOCUMENT)

        self.stage.fetcher.run("preview ocr document", work, done, self.stage.show_error)

    def load_page(self, index: int) -> None:
        """Read the image and the JSON of page ``index`` (of the document still selected)."""
        if self.document is None or self.generation != self.stage.fetcher.generation:
            return
        storage, names, document_id = self.document
        limits, fetcher = self.stage.limits, self.stage.fetcher
        number = self.view.pages()[index]
        image_bucket, image_key = key_for("ocr_page_image", names, document_id=document_id, page=number)
        json_bucket, json_key = key_for("ocr_page_json", names, document_id=document_id, page=number)

        def image_failed(exc: BaseException) -> None:
            self.view.set_page_image(index, None, error_message(exc))

        def json_failed(exc: BaseException) -> None:
            self.view.set_page_json(index, None, error_message(exc))

        fetcher.run("preview image", image_reader(storage, image_bucket, image_key, limits),
                    lambda image: self.view.set_page_image(index, image), image_failed)
        fetcher.run("preview json", json_reader(storage, json_bucket, json_key, limits),
                    lambda content: self.view.set_page_json(index, content), json_failed)
