"""Which preview an object gets: by its schema kind, then its file name, then its content type."""

from __future__ import annotations

import enum
import posixpath
from typing import Any

from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames


class View(enum.Enum):
    MATERIAL = "material"  # thumbnail at once, the PDF on demand
    PDF = "pdf"
    IMAGE = "image"
    JSON = "json"
    TEXT = "text"
    MEDIA = "media"
    OCR_DOCUMENT = "ocr_document"
    OTHER = "other"  # metadata, download and link only


BY_SCHEMA_KIND: dict[str, View] = {
    "material": View.MATERIAL,
    "student_note": View.PDF,
    "thumbnail": View.IMAGE,
    "ocr_page_image": View.IMAGE,
    "ocr_page_json": View.JSON,
    "ocr_quality_report": View.JSON,
    "meeting_raw": View.MEDIA,
    "meeting_chunk": View.MEDIA,
    "meeting_audio": View.MEDIA,
    "exam_recording": View.MEDIA,
}

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico"})
MEDIA_EXTENSIONS = frozenset({".webm", ".mp3", ".mp4", ".m4a", ".ogg", ".oga", ".ogv", ".opus", ".wav",
                              ".flac", ".mkv", ".mov"})
TEXT_EXTENSIONS = frozenset({".txt", ".log", ".csv", ".tsv", ".md", ".rst", ".yaml", ".yml", ".ini", ".cfg",
                             ".toml", ".conf", ".py", ".sh", ".xml", ".html", ".htm", ".jsonl", ".ndjson",
                             ".sql", ".properties"})
TEXT_NAMES = frozenset({"mlmodel", "readme", "license", "dockerfile", "makefile"})
BY_EXTENSION: dict[str, View] = {".pdf": View.PDF, ".json": View.JSON}
BY_EXTENSION.update(dict.fromkeys(IMAGE_EXTENSIONS, View.IMAGE))
BY_EXTENSION.update(dict.fromkeys(MEDIA_EXTENSIONS, View.MEDIA))
BY_EXTENSION.update(dict.fromkeys(TEXT_EXTENSIONS, View.TEXT))


def view_for_key(schema_kind: str, key: str) -> View | None:
    """The view decided by schema kind or file name; None when only the content type can tell."""
    if schema_kind in BY_SCHEMA_KIND:
        return BY_SCHEMA_KIND[schema_kind]
    name = posixpath.basename(key)
    ext = posixpath.splitext(name)[1].lower()
    if ext in BY_EXTENSION:
        return BY_EXTENSION[ext]
    if name.lower() in TEXT_NAMES:
        return View.TEXT
    return None


def view_for_content_type(content_type: str) -> View:
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype == "application/pdf":
        return View.PDF
    if ctype == "application/json" or ctype.endswith("+json"):
        return View.JSON
    if ctype.startswith("image/") and ctype != "image/svg+xml":
        return View.IMAGE
    if ctype.startswith(("audio/", "video/")):
        return View.MEDIA
    if ctype.startswith("text/") or ctype in ("application/x-yaml", "application/yaml", "application/xml",
                                              "application/x-ndjson", "application/toml"):
        return View.TEXT
    return View.OTHER


def schema_of(bucket: str, key: str, names: BucketNames) -> tuple[str, dict[str, Any]]:
    """(kind, ids) of an object key; ("", {}) in a bucket outside the schema."""
    found = classify(bucket, key, names)
    if found is None:
        return "", {}
    return found.kind, dict(found.ids)
