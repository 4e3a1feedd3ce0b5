"""Replacing a material's PDF with a corrected file, keeping its key and so its document id.

:func:`plan_replace` (network: one HEAD, one OCR listing) checks the chosen file as a drop on
materials is checked (a regular file, no link, a PDF by its ``%PDF-`` header), finds the material
still as the user saw it (its ETag) and gathers what the confirmation shows: the old and the new
file (name, size, date), and the OCR results made from the old one. :meth:`ReplacePlan.upload` is
the one upload the transfer queue runs: onto the same key, written only while the object still has
the ETag the user saw (``If-Match``, see :mod:`~ensure_browser.core.s3.replace_only`), with the
material's other metadata kept and the new file's name as its display name, and its thumbnail
rendered again. The OCR results under the document id were made from the old file: after the
replace they are older than their material (the health scan's
``ocr_older_than_material`` rule, :mod:`~ensure_browser.core.health.stale_ocr`). No Qt here.
"""

from __future__ import annotations

import logging
import os
import stat as stat_mod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, LocalFileError, StorageError
from ensure_browser.core.health.level_checks import ocr_document_prefix
from ensure_browser.core.s3.copying import SourceChanged
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.core.transfers.plan import PlannedUpload, is_pdf_file, upload_content_type

log = logging.getLogger(__name__)

OCR_LISTING_CAP = 10_000  # objects of one OCR document counted at most


class ReplaceRefused(StorageError):
    """The chosen file cannot replace the material; the message says why."""


@dataclass(frozen=True)
class FileFacts:
    """What the confirmation shows of one side: the name, size and date (and later the pages)."""

    name: str
    size: int
    modified: datetime | None


@dataclass(frozen=True)
class ReplacePlan:
    """One confirmed replace: the material as seen, the new file, what changes with it."""

    bucket: str
    key: str
    etag: str  # the material's, as the user saw it: the upload replaces only this
    document_id: str
    thumbnail_key: str
    old: FileFacts
    new: FileFacts
    source: Path
    content_type: str
    metadata: dict[str, str] = field(default_factory=dict)
    ocr_bucket: str = ""
    ocr_objects: int = 0  # OCR results of the document (made from the old file)

    def upload(self) -> PlannedUpload:
        """The upload the transfer queue runs: the same key, only over the ETag seen, a new thumbnail."""
        return PlannedUpload(
            source=self.source, bucket=self.bucket, key=self.key, size=self.new.size,
            content_type=self.content_type, metadata=dict(self.metadata), thumbnail_key=self.thumbnail_key,
            check_conflict=False, display_name=f"{self.new.name} (replaces {self.old.name})", if_match=self.etag,
        )


def replace_check(bucket: str, key: str | None, names: BucketNames | None) -> str:
    """"" when the object at ``key`` is a material whose PDF can be replaced, else why not."""
    cls = classify(bucket, key or "", names) if key else None
    if cls is not None and cls.kind == "material":
        return ""
    return "Only a classroom material's PDF can be replaced with a new file."


def _local_facts(path: Path) -> tuple[FileFacts, os.stat_result]:
    """The chosen file's facts, or :class:`ReplaceRefused` when it is no PDF one can upload."""
    name = path.name
    if path.is_symlink():
        raise ReplaceRefused(f"{name} is a link; links are not followed. Choose the file itself.")
    try:
        st = path.stat()
        if not stat_mod.S_ISREG(st.st_mode):
            raise ReplaceRefused(f"{name} is not a regular file.")
        if not is_pdf_file(path):
            raise ReplaceRefused(f"{name} is not a PDF document (no %PDF- header in its first KiB); materials "
                                 "are PDF documents.")
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("{0} cannot be read: {1}."), name, exc.strerror or exc), str(exc)) from exc
    return FileFacts(name, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC)), st


def count_ocr(storage: Storage, ocr_bucket: str, document_id: str, cancel: CancelToken = NEVER) -> int:
    """How many OCR objects the document has (at most :data:`OCR_LISTING_CAP`); 0 when unreadable."""
    found = 0
    try:
        for _entry in storage.list_recursive(ocr_bucket, ocr_document_prefix(document_id), cancel=cancel):
            found += 1
            if found >= OCR_LISTING_CAP:
                break
    except StorageError as err:
        if isinstance(err, Cancelled):
            raise
        log.info("OCR results of %s not counted: %s", document_id, err.message)
    return found


def plan_replace(storage: Storage, bucket: str, key: str, seen_etag: str, path: Path, names: BucketNames,
                 cancel: CancelToken = NEVER) -> ReplacePlan:
    """Check ``path`` and the material at ``key`` (still with ``seen_etag``) and say what the replace
    will do. Network and disk: call from a worker."""
    why = replace_check(bucket, key, names)
    if why:
        raise ReplaceRefused(why)
    cls = classify(bucket, key, names)
    assert cls is not None
    new, _st = _local_facts(Path(path))
    current = storage.stat(bucket, key)
    if current.etag.strip('"').lower() != seen_etag.strip('"').lower():
        raise SourceChanged(f"s3://{bucket}/{key} changed since it was shown; nothing was replaced.",
                            f"ETag {current.etag}, expected {seen_etag}", code="PreconditionFailed")
    cancel.raise_if_cancelled()
    doc = str(cls.ids["document_id"])
    old_name = current.metadata.get(ORIGINAL_NAME_META, "").strip() or key.rsplit("/", 1)[-1]
    metadata = dict(current.metadata)
    metadata[ORIGINAL_NAME_META] = new.name
    thumb = key_for("thumbnail", names, classroom_id=str(cls.ids["classroom_id"]), document_id=doc)[1]
    return ReplacePlan(
        bucket=bucket, key=key, etag=current.etag, document_id=doc, thumbnail_key=thumb,
        old=FileFacts(old_name, current.size, current.last_modified), new=new, source=Path(path),
        content_type=upload_content_type(bucket, key, names), metadata=metadata, ocr_bucket=names.ocr,
        ocr_objects=count_ocr(storage, names.ocr, doc, cancel),
    )
