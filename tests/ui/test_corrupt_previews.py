"""Damaged objects of every previewable kind: the pane says what is wrong (each case its one message)
and nothing raises.

test_preview.py covers a truncated PDF, an image bomb, HTML posing as PNG, invalid JSON and bad
text bytes; here are the others: empty objects, a PDF header followed by junk, broken PNG data for
thumbnails and OCR page images, undecodable OCR JSON, and recordings that are not media at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.preview import PreviewPane
from ensure_browser.ui.trees.tree_model import Node
from tests.support.preview import shown_pane

PNG_HEADER = b"\x89PNG\r\n\x1a\n"
JUNK = random.Random(21).randbytes(4096)  # the same junk every run: one outcome to assert

NOT_JSON = "This is not valid JSON (line {0}, column {1}: Expecting value); it is shown as text."
# (kind, data, content type, ids, what the pane says): "failed" with its message, or "text" with the
# notice shown above the raw text
CASES: list[tuple[str, bytes, str, dict[str, Any], tuple[str, str]]] = [
    ("student_note", b"%PDF-1.7\n" + JUNK, "application/pdf", {"student_id": "s", "note_id": "junk"},
     ("failed", "Cannot show the PDF: the data is not a valid PDF (damaged or incomplete).")),
    ("thumbnail", PNG_HEADER + JUNK, "image/png", {"classroom_id": "c", "document_id": "junk"},
     ("failed", "This is not a valid image: Unable to read image data.")),
    # a UTF-16 BOM: decoded as UTF-16 (what the BOM says), which is not JSON
    ("ocr_page_json", b"\xff\xfe{\"text\": \x00", "application/json", {"document_id": "d", "page": 1},
     ("text", NOT_JSON.format(1, 1))),
    ("ocr_page_image", PNG_HEADER[:5], "image/png", {"document_id": "d", "page": 1},
     ("failed", "This is not a valid image (unknown or damaged format).")),
    ("mlflow_artifact", b"{\"loss\": [1, 2,", "application/json",
     {"experiment_id": "1", "run_id": "r", "path": "metrics.json"}, ("text", NOT_JSON.format(1, 16))),
]
EMPTY_CASES: list[tuple[str, str, dict[str, Any], tuple[str, str]]] = [
    ("student_note", "application/pdf", {"student_id": "s", "note_id": "zero"},
     ("failed", "The file is empty: not a valid PDF.")),
    ("thumbnail", "image/png", {"classroom_id": "c", "document_id": "zero"},
     ("failed", "The file is empty: not a valid image.")),
    ("ocr_quality_report", "application/json", {"document_id": "d"}, ("text", "The file is empty: not valid JSON.")),
]
MEDIA_CASES: list[tuple[str, bytes, str, dict[str, Any]]] = [
    ("meeting_chunk", JUNK, "video/webm", {"meeting_id": "m", "chunk_index": 0}),
    ("meeting_audio", b"ID3" + JUNK[:64], "audio/mpeg", {"meeting_id": "m"}),
]


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("docs"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def pane(qtbot: QtBot) -> Iterator[PreviewPane]:
    with shown_pane(qtbot) as widget:
        yield widget


@pytest.fixture(autouse=True)
def _no_sound_card_is_fine(qt_hygiene: Any) -> Iterator[None]:
    yield
    noise = ("No audio device detected", "No RHI backend")
    qt_hygiene.messages[:] = [m for m in qt_hygiene.messages if not any(n in m for n in noise)]


def _show(qtbot: QtBot, pane: PreviewPane, storage: Storage, names: BucketNames, kind: str, data: bytes,
          content_type: str, ids: dict[str, Any]) -> tuple[str, str]:
    bucket, key = key_for(kind, names, **ids)
    storage.upload_bytes(bucket, key, data, content_type)
    found = classify(bucket, key, names)
    assert found is not None and found.kind == kind
    node = Node(label=key.rsplit("/", 1)[-1], kind=kind, bucket=bucket, key=key, size=len(data),
                extra={"ids": dict(found.ids)})
    events: list[tuple[str, str]] = []
    pane.loaded.connect(lambda v: events.append(("loaded", v)))
    pane.failed.connect(lambda m: events.append(("failed", m)))
    pane.show_node(node, storage, names)
    qtbot.waitUntil(lambda: bool(events), timeout=15_000)
    qtbot.waitUntil(lambda: not pane.busy(), timeout=15_000)
    pane.loaded.disconnect()
    pane.failed.disconnect()
    return events[0]


def _said(pane: PreviewPane, event: tuple[str, str]) -> tuple[str, str]:
    """What the pane says: ("failed", the message shown) or ("text", the notice above the text)."""
    kind, detail = event
    if kind == "failed":
        assert pane.stack.currentWidget() is pane.message and pane.message.text() == detail
        return "failed", detail
    assert event == ("loaded", "text") and pane.stack.currentWidget() is pane.text_view, event
    assert pane.text_view.notice.isVisible()
    return "text", pane.text_view.notice.text()


@pytest.mark.parametrize(("kind", "data", "content_type", "ids", "said"), CASES,
                         ids=[f"{c[0]}-{len(c[1])}" for c in CASES])
def test_damaged_objects_are_explained(qtbot: QtBot, pane: PreviewPane, admin_storage: Storage,
                                       names: BucketNames, kind: str, data: bytes, content_type: str,
                                       ids: dict[str, Any], said: tuple[str, str]) -> None:
    event = _show(qtbot, pane, admin_storage, names, kind, data, content_type, ids)
    assert _said(pane, event) == said


@pytest.mark.parametrize(("kind", "content_type", "ids", "said"), EMPTY_CASES, ids=[c[0] for c in EMPTY_CASES])
def test_empty_objects_say_they_are_empty(qtbot: QtBot, pane: PreviewPane, admin_storage: Storage,
                                          names: BucketNames, kind: str, content_type: str,
                                          ids: dict[str, Any], said: tuple[str, str]) -> None:
    event = _show(qtbot, pane, admin_storage, names, kind, b"", content_type, ids)
    assert _said(pane, event) == said


@pytest.mark.parametrize(("kind", "data", "content_type", "ids"), MEDIA_CASES, ids=[c[0] for c in MEDIA_CASES])
def test_recordings_that_are_not_media_say_so(qtbot: QtBot, pane: PreviewPane, admin_storage: Storage,
                                              names: BucketNames, kind: str, data: bytes, content_type: str,
                                              ids: dict[str, Any]) -> None:
    assert _show(qtbot, pane, admin_storage, names, kind, data, content_type, ids) == ("loaded", "media")
    media = pane.media_view
    media.play_button.click()
    qtbot.waitUntil(lambda: bool(media.status.text()), timeout=15_000)
    text = media.status.text()
    assert text.startswith("This recording cannot be played: "), text  # refused on opening, not mid-playback
    assert not media.is_playing()
