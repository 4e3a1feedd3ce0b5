"""The rules' titles in plain words: what the GUI's Rule column and rule filter show. No Qt here.

Findings keep their stable rule codes (filters, CSV/JSON exports, the command line's report); a code
without a title here is shown as it is.
"""

from __future__ import annotations

from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["RULE_TITLES", "rule_title"]

RULE_TITLES = {
    "bucket_missing": QT_TR_NOOP("Bucket missing"),
    "bucket_unreadable": QT_TR_NOOP("Bucket unreadable"),
    "uploads_not_listed": QT_TR_NOOP("Uploads not listed"),
    "versions_not_counted": QT_TR_NOOP("Old versions not counted"),
    "material_without_thumbnail": QT_TR_NOOP("Material without thumbnail"),
    "thumbnail_without_material": QT_TR_NOOP("Thumbnail without material"),
    "chunk_gap": QT_TR_NOOP("Missing chunks"),
    "empty_chunk": QT_TR_NOOP("Empty chunk"),
    "duplicate_chunk": QT_TR_NOOP("Duplicate chunk number"),
    "meeting_without_audio": QT_TR_NOOP("Meeting without audio"),
    "not_webm": QT_TR_NOOP("Not a WebM recording"),
    "recording_unreadable": QT_TR_NOOP("Recording unreadable"),
    "ocr_page_without_json": QT_TR_NOOP("OCR page without text"),
    "ocr_json_without_page": QT_TR_NOOP("OCR text without page image"),
    "ocr_older_than_material": QT_TR_NOOP("OCR older than its material"),
    "stale_temp_upload": QT_TR_NOOP("Stale temporary upload"),
    "incomplete_multipart_upload": QT_TR_NOOP("Incomplete upload"),
    "wrong_content_type": QT_TR_NOOP("Wrong content type"),
    "unrecognized_key": QT_TR_NOOP("Key outside the schema"),
    "unrecognized_keys_not_listed": QT_TR_NOOP("More keys outside the schema"),
}


def rule_title(code: str) -> str:
    """The title of the rule ``code`` (a Text the GUI translates), else the code itself."""
    title = RULE_TITLES.get(code)
    return Text(title) if title is not None else code
