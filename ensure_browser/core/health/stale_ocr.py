"""The rule "OCR older than its material": OCR results made from a file that has been replaced since.

A material keeps its document id when its PDF is replaced (see
:mod:`~ensure_browser.core.objects.replace`); the OCR results under that id (``{document_id}/pages/``,
``json/``, ``quality/`` in the OCR bucket) were made from the old file. They are stale when every one
of them was written before the material was: the newest OCR object is older than the material.
(OCR run again after the replace rewrites them, and the finding goes.) The fix is the platform's:
run OCR on the material again; the finding says so. No Qt here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import dir_prefix
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["STALE_OCR", "StaleOcr", "material_flag", "ocr_state", "stale_ocr_flag"]

STALE_OCR = "ocr_older_than_material"
OCR_STATE_CAP = 2_000  # OCR objects of one document looked at, at most, for one material row


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _ocr_prefix(document_id: str) -> str:
    return dir_prefix("ocr_page_image", {"document_id": document_id}, upto="document_id")


def material_flag(bucket: str, material_key: str, ocr_bucket: str, document_id: str) -> Flag:
    """The finding on a material whose OCR results are older than it."""
    return Flag(STALE_OCR, "warning",
                Text(QT_TR_NOOP("Its OCR results ({0} in {1}) are older than this file: they were made from the file "
                                "it replaced. Run OCR on it again."), _ocr_prefix(document_id), ocr_bucket),
                bucket, material_key,
                {"document_id": document_id})


def ocr_state(storage: Storage, ocr_bucket: str, document_id: str, material_modified: datetime | None,
              cancel: CancelToken = NEVER) -> tuple[bool, bool]:
    """(whether the document has OCR results, whether they are all older than its material written
    at ``material_modified``), from one listing of the OCR document (network: a worker). A document
    with more than :data:`OCR_STATE_CAP` objects is not judged (the scan does it)."""
    newest: datetime | None = None
    seen = 0
    for entry in storage.list_recursive(ocr_bucket, _ocr_prefix(document_id), cancel=cancel):
        seen += 1
        if entry.last_modified is not None and (newest is None or _aware(entry.last_modified) > newest):
            newest = _aware(entry.last_modified)
        if seen >= OCR_STATE_CAP:
            return True, False
    stale = newest is not None and material_modified is not None and newest < _aware(material_modified)
    return seen > 0, stale


def stale_ocr_flag(ocr_bucket: str, document_id: str, material_key: str, when: datetime | None) -> Flag:
    """The finding on the OCR document of ``document_id`` whose material was written at ``when``."""
    name = material_key.rsplit("/", 1)[-1]
    text = (Text(QT_TR_NOOP("The OCR results of document {0} are older than its material {1} (replaced {2} UTC): "
                            "they were made from the file it replaced. Run OCR on the material again."),
                 document_id, name, f"{_aware(when):%Y-%m-%d %H:%M}") if when is not None else
            Text(QT_TR_NOOP("The OCR results of document {0} are older than its material {1}: they were made from "
                            "the file it replaced. Run OCR on the material again."), document_id, name))
    return Flag(STALE_OCR, "warning", text,
                ocr_bucket, _ocr_prefix(document_id), {"document_id": document_id})


class StaleOcr:
    """Materials and OCR objects seen so far, by document id: each material's time, each OCR
    document's newest object."""

    def __init__(self, ocr_bucket: str) -> None:
        self.ocr_bucket = ocr_bucket
        self.materials: dict[str, tuple[str, datetime]] = {}  # document id -> (key, last modified)
        self.newest_ocr: dict[str, datetime] = {}

    def material(self, document_id: str, key: str, modified: datetime | None) -> None:
        if modified is not None:
            self.materials[document_id] = (key, _aware(modified))

    def ocr(self, document_id: str, modified: datetime | None) -> None:
        if modified is None:
            return
        modified = _aware(modified)
        newest = self.newest_ocr.get(document_id)
        if newest is None or modified > newest:
            self.newest_ocr[document_id] = modified

    def merge(self, other: StaleOcr) -> None:
        self.materials.update(other.materials)
        for document_id, modified in other.newest_ocr.items():
            self.ocr(document_id, modified)

    def flags(self) -> list[Flag]:
        out = []
        for document_id in sorted(self.newest_ocr.keys() & self.materials.keys(), key=natural_key):
            key, modified = self.materials[document_id]
            if self.newest_ocr[document_id] < modified:
                out.append(stale_ocr_flag(self.ocr_bucket, document_id, key, modified))
        return out
