"""The preview pane against the real server: every kind, links, playback and hostile inputs."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import urllib3
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, key_for
from ensure_browser.core.schema.policies import public_read_policy
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.preview import PreviewLimits, PreviewPane, View
from ensure_browser.ui.preview.content import summarize_json
from ensure_browser.ui.preview.metadata_view import presigned_expiry
from ensure_browser.ui.preview.pdf_render import render_pdf_page_png
from ensure_browser.ui.preview.thumbnails import _png
from ensure_browser.ui.trees.tree_model import Node
from tests.support.faultproxy import FaultProxy
from tests.support.paths import PREVIEW_SCREENSHOTS as SCREENSHOTS
from tests.support.servers import S3Server

MiB = 1024 * 1024


# -- helpers ---------------------------------------------------------------------------------------


def make_pdf(pages: int = 3) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    for index in range(pages):
        if index:
            writer.newPage()
        font = painter.font()
        font.setPointSize(28)
        painter.setFont(font)
        painter.drawText(QRectF(60, 80, 460, 60), int(Qt.AlignmentFlag.AlignLeft),
                         f"Fractions – page {index + 1}")
        painter.fillRect(QRectF(60, 160, 460, 8), QColor("#2e86c1"))
    painter.end()
    return bytes(buffer.data().data())


def make_png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for x in range(0, width, 10):
        painter.fillRect(x, 0, 10, height, QColor.fromHsv((x * 2) % 360, 160, 230))
    painter.drawText(QRectF(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter), f"{width}x{height}")
    painter.end()
    return _png(image)


def png_bomb(side: int = 20000) -> bytes:
    """A valid PNG header claiming ``side`` x ``side`` pixels, with compressed zero rows (~400 KB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = bytes(side + 1)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def media(name: str) -> bytes:
    return (resources.files("ensure_browser") / "resources" / "media" / name).read_bytes()


def shot(widget: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


# Headless machines have no sound card and no GPU: Qt Multimedia says so once per process (the video
# frames are then converted on the CPU). Not this program's fault.
ENVIRONMENT_NOISE = ("No audio device detected", "No RHI backend")


@pytest.fixture(autouse=True)
def _no_sound_card_is_fine(qt_hygiene: Any) -> Iterator[None]:
    yield
    qt_hygiene.messages[:] = [m for m in qt_hygiene.messages if not any(n in m for n in ENVIRONMENT_NOISE)]


def shot_video(pane: PreviewPane, name: str) -> Path:
    """Like :func:`shot`, with the current video frame painted in: grab() cannot read video surfaces."""
    video = pane.media_view.video
    frame = video.videoSink().videoFrame().toImage()
    assert not frame.isNull() and frame.width() == 320  # the decoded chunk, 320x180
    pixmap = pane.grab()
    area = QRect(video.mapTo(pane, QPoint(0, 0)), video.size())
    scaled = frame.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter = QPainter(pixmap)
    painter.fillRect(area, QColor("black"))
    painter.drawImage(area.x() + (area.width() - scaled.width()) // 2,
                      area.y() + (area.height() - scaled.height()) // 2, scaled)
    painter.end()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert pixmap.save(str(path))
    return path


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=make_bucket("docs"), recordings=make_bucket("rec"), ocr=make_bucket("ocr"),
                       mlflow=make_bucket("mlf"))


class Harness:
    def __init__(self, qtbot: QtBot, storage: Storage, names: BucketNames) -> None:
        self.qtbot = qtbot
        self.storage = storage
        self.names = names
        self.pane = PreviewPane()
        qtbot.addWidget(self.pane)
        self.pane.resize(900, 680)
        self.pane.show()
        self.events: list[tuple[str, str]] = []
        self.pane.loaded.connect(lambda v: self.events.append(("loaded", v)))
        self.pane.failed.connect(lambda m: self.events.append(("failed", m)))

    def put(self, kind: str, data: bytes, content_type: str = "application/octet-stream", *,
            metadata: dict[str, str] | None = None, **ids: object) -> tuple[str, str]:
        bucket, key = key_for(kind, self.names, **ids)
        self.storage.upload_bytes(bucket, key, data, content_type, metadata)
        return bucket, key

    def node(self, bucket: str, key: str) -> Node:
        found = classify(bucket, key, self.names)
        kind = found.kind if found else "object"
        stat = self.storage.stat(bucket, key)
        return Node(label=key.rsplit("/", 1)[-1], kind=kind, bucket=bucket, key=key, size=stat.size,
                    modified=stat.last_modified)

    def show(self, node: Node | None, *, storage: Storage | None = None) -> tuple[str, str]:
        self.events.clear()
        self.pane.show_node(node, storage or self.storage, self.names)
        self.qtbot.waitUntil(lambda: bool(self.events), timeout=15_000)
        self.settle()
        return self.events[0]

    def show_key(self, bucket: str, key: str) -> tuple[str, str]:
        return self.show(self.node(bucket, key))

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.pane.busy(), timeout=15_000)


@pytest.fixture
def harness(qtbot: QtBot, admin_storage: Storage, names: BucketNames) -> Iterator[Harness]:
    h = Harness(qtbot, admin_storage, names)
    yield h
    h.pane.show_node(None)
    h.settle()


# -- images, PDFs, materials -----------------------------------------------------------------------


def test_image_fit_zoom_and_actual_size(harness: Harness) -> None:
    bucket, key = harness.put("ocr_page_image", make_png(600, 400), "image/png", document_id="doc-1", page=1)
    assert harness.show_key(bucket, key) == ("loaded", View.IMAGE.value)
    view = harness.pane.image_view
    assert harness.pane.stack.currentWidget() is view
    assert (view.pixmap().width(), view.pixmap().height()) == (600, 400)
    assert view.fitting and view.zoom <= 1.0
    view.actual_size()
    assert view.zoom == 1.0 and view.label.pixmap().width() == 600
    view.zoom_in()
    assert view.zoom == pytest.approx(1.25)
    assert view.label.pixmap().width() == 750
    view.fit()
    shot(harness.pane, "image")


def test_material_shows_thumbnail_then_pdf_on_demand(harness: Harness) -> None:
    pdf = make_pdf(3)
    bucket, key = harness.put("material", pdf, "application/pdf", classroom_id="class-7a",
                              document_id="doc-42")
    harness.put("thumbnail", render_pdf_page_png(pdf, 0, 240), "image/png", classroom_id="class-7a",
                document_id="doc-42")
    assert harness.show_key(bucket, key) == ("loaded", View.MATERIAL.value)
    pane = harness.pane
    assert pane.stack.currentWidget() is pane.material_page
    assert pane.thumbnail_view.pixmap().width() == 240
    assert pane.pdf_view.page_count() == 0  # the PDF itself only on demand
    shot(pane, "material-thumbnail")

    harness.events.clear()
    pane.open_pdf_button.click()
    harness.qtbot.waitUntil(lambda: ("loaded", View.PDF.value) in harness.events, timeout=15_000)
    harness.settle()
    viewer = pane.pdf_view
    assert pane.stack.currentWidget() is viewer
    assert viewer.document.pageCount() == 3
    assert viewer.page_spin.maximum() == 3 and viewer.page_count_label.text() == "of 3"
    viewer.next_button.click()
    harness.qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)
    before = viewer.zoom_percent()
    viewer.zoom_in_button.click()
    assert viewer.zoom_percent() > before and not viewer.fit_button.isChecked()
    viewer.fit_button.click()
    assert viewer.fit_button.isChecked()
    harness.qtbot.wait(400)  # QPdfView renders pages in the background
    shot(pane, "pdf")


def test_material_without_thumbnail_says_so(harness: Harness) -> None:
    bucket, key = harness.put("material", make_pdf(1), "application/pdf", classroom_id="c",
                              document_id="lonely")
    assert harness.show_key(bucket, key) == ("loaded", View.MATERIAL.value)
    assert "has no thumbnail" in harness.pane.material_notice.text()
    assert harness.pane.title.text() == "lonely.pdf"  # no original name in the metadata: the key's name


def test_title_is_the_original_file_name_as_plain_text(harness: Harness) -> None:
    name = "<b>Lab</b> & notes ü.pdf"
    bucket, key = harness.put("material", make_pdf(1), "application/pdf", classroom_id="c",
                              document_id="named", metadata={"original-filename": name})
    assert harness.show_key(bucket, key) == ("loaded", View.MATERIAL.value)
    title = harness.pane.title
    assert title.text() == name and title.textFormat() == Qt.TextFormat.PlainText
    assert harness.pane.path.textFormat() == Qt.TextFormat.PlainText


def test_student_note_opens_as_pdf_and_broken_pdfs_fail_politely(harness: Harness) -> None:
    pdf = make_pdf(2)
    bucket, key = harness.put("student_note", pdf, "application/pdf", student_id="s1", note_id="n1")
    assert harness.show_key(bucket, key) == ("loaded", View.PDF.value)
    assert harness.pane.pdf_view.document.pageCount() == 2

    bucket, key = harness.put("student_note", pdf[: len(pdf) // 2], "application/pdf", student_id="s1",
                              note_id="broken")
    event, message = harness.show_key(bucket, key)
    assert event == "failed" and "not a valid PDF" in message
    assert harness.pane.stack.currentWidget() is harness.pane.message
    assert harness.pane.pdf_view.document.pageCount() == 0
    shot(harness.pane, "pdf-broken")


def test_hostile_images(harness: Harness) -> None:
    bomb = png_bomb()
    assert len(bomb) < 1 * MiB
    bucket, key = harness.put("thumbnail", bomb, "image/png", classroom_id="c", document_id="bomb")
    event, message = harness.show_key(bucket, key)
    assert event == "failed" and "20000 × 20000" in message
    shot(harness.pane, "image-bomb")

    bucket, key = harness.put("thumbnail", b"<html>this is not a picture</html>", "image/png",
                              classroom_id="c", document_id="fake")
    event, message = harness.show_key(bucket, key)
    assert event == "failed" and "not a valid image" in message


def test_too_large_image_is_not_fetched(harness: Harness) -> None:
    harness.pane.limits = PreviewLimits(image=1000)
    bucket, key = harness.put("thumbnail", make_png(300, 300), "image/png", classroom_id="c",
                              document_id="big")
    event, message = harness.show_key(bucket, key)
    assert event == "failed" and "more than the 1000 B a preview may read" in message


# -- JSON and text ---------------------------------------------------------------------------------


def test_json_tree_raw_and_quality_summary(harness: Harness) -> None:
    report = {"document_id": "doc-1", "pages": 4, "mean_confidence": 0.873, "low_confidence_pages": [4],
              "engine": "tesseract 5.3.0", "status": "ok"}
    bucket, key = harness.put("ocr_quality_report", json.dumps(report).encode(), "application/json",
                              document_id="doc-1")
    assert harness.show_key(bucket, key) == ("loaded", View.JSON.value)
    view = harness.pane.json_view
    summary = view.summary.text()
    assert "OCR quality report" in summary and "0.873" in summary and "Low-confidence pages" in summary
    item = view.find_items("mean_confidence")[0]
    assert item.text(1) == "0.873" and item.text(2) == "number"
    assert view.find_items("low_confidence_pages")[0].text(1) == "1 items"
    assert '"status": "ok"' in view.raw.toPlainText()
    shot(harness.pane, "json-quality-report")


def test_metrics_summary_and_lazy_nested_tree(harness: Harness) -> None:
    metrics = {"accuracy": 0.91, "f1": 0.88, "loss": 0.25,
               "history": {"epochs": [{"loss": 1.0}, {"loss": 0.5}]}}
    bucket, key = harness.put("mlflow_artifact", json.dumps(metrics).encode(), "application/json",
                              experiment_id="1", run_id="abc", path="metrics.json")
    assert harness.show_key(bucket, key) == ("loaded", View.JSON.value)
    view = harness.pane.json_view
    assert "Model metrics" in view.summary.text() and "accuracy" in view.summary.text()
    history = view.find_items("history")[0]
    epochs = history.child(0)
    assert epochs is not None
    assert epochs.text(0) == "epochs" and epochs.text(1) == "2 items"
    epochs.setExpanded(True)  # children are made when expanded
    first = epochs.child(0)
    assert first is not None and first.text(0) == "[0]"
    title, rows = summarize_json({"metrics": {"val_loss": 0.3, "step": 7}})
    assert title == "Model metrics" and ("val_loss", "0.3") in rows


def test_invalid_json_is_shown_as_text_with_a_message(harness: Harness) -> None:
    bucket, key = harness.put("ocr_page_json", b'{"page": 1, "text": "unterminated', "application/json",
                              document_id="doc-1", page=1)
    assert harness.show_key(bucket, key) == ("loaded", View.TEXT.value)
    view = harness.pane.text_view
    assert view.notice.isVisible() and "not valid JSON" in view.notice.text()
    assert view.text().startswith('{"page": 1')
    shot(harness.pane, "json-invalid")


def test_text_with_bad_bytes(harness: Harness) -> None:
    data = b"mlflow==2.11.1\nscikit-learn==1.4.1\ncaf\xe9 \xff\xfe\n"
    bucket, key = harness.put("mlflow_model_file", data, "text/plain", experiment_id="1", run_id="abc",
                              path="requirements.txt")
    assert harness.show_key(bucket, key) == ("loaded", View.TEXT.value)
    view = harness.pane.text_view
    assert view.text().startswith("mlflow==2.11.1\nscikit-learn==1.4.1\ncaf\ufffd")
    assert view.edit.isReadOnly() and not view.notice.isVisible()
    shot(harness.pane, "text")


def test_huge_text_file_is_truncated(harness: Harness, tmp_path: Path) -> None:
    path = tmp_path / "huge.log"
    line = b"2024-03-11T10:00:00Z INFO chunk uploaded meeting=math-7a index=12 bytes=1048576\n"
    block = line * (MiB // len(line) + 1)
    with path.open("wb") as fh:
        for _ in range(100):
            fh.write(block[:MiB])
    assert path.stat().st_size == 100 * MiB
    bucket = harness.names.mlflow
    key = "1/abc/artifacts/huge.log"
    harness.storage.upload_file(bucket, key, path, content_type="text/plain")
    assert harness.show_key(bucket, key) == ("loaded", View.TEXT.value)
    view = harness.pane.text_view
    assert len(view.text()) == 5 * MiB
    assert view.notice.isVisible()
    assert "first 5.0 MiB of 100.0 MiB" in view.notice.text() and "truncated" in view.notice.text()
    shot(harness.pane, "text-truncated")


# -- metadata and links ----------------------------------------------------------------------------


def test_other_objects_show_metadata_tags_download_and_presigned_link(harness: Harness) -> None:
    bucket, key = harness.put("mlflow_model_file", b"\x80\x04binary pickle", "application/octet-stream",
                              metadata={"original-filename": "modèle.pkl", "trained-by": "ci"},
                              experiment_id="1", run_id="abc", path="model.pkl")
    harness.storage.client.set_object_tags(bucket, key, _tags({"stage": "staging", "owner": "ml-team"}))
    assert harness.show_key(bucket, key) == ("loaded", View.OTHER.value)
    meta = harness.pane.metadata
    assert meta.is_expanded() and meta.body.isVisible()
    facts = meta.facts.text()
    etag = harness.storage.stat(bucket, key).etag
    for expected in ("application/octet-stream", etag, "original-filename: modèle.pkl", "stage = staging",
                     "owner = ml-team", "UTC"):
        assert expected in facts
    assert meta.public is False and meta.lifetime.isVisible()

    with harness.qtbot.waitSignal(harness.pane.download_requested, timeout=2000) as blocker:
        meta.download_button.click()
    assert blocker.args == [bucket, key]

    before = datetime.now(UTC).replace(microsecond=0)
    meta.copy_button.click()
    harness.qtbot.waitUntil(lambda: bool(meta.link_edit.text()), timeout=5000)
    harness.settle()
    url = meta.link_edit.text()
    assert "X-Amz-Expires=3600" in url
    expiry = presigned_expiry(url)
    assert expiry is not None and timedelta(minutes=59) < expiry - before <= timedelta(hours=1, seconds=2)
    assert expiry.strftime("%H:%M:%S UTC") in meta.expiry_label.text()
    assert expiry.astimezone().strftime("%H:%M:%S") in meta.expiry_label.text()
    assert QGuiApplication.clipboard().text() == url
    response = urllib3.request("GET", url)
    assert response.status == 200 and response.data == b"\x80\x04binary pickle"

    meta.lifetime.setCurrentIndex(3)
    meta.lifetime.activated.emit(3)
    harness.qtbot.waitUntil(lambda: "X-Amz-Expires=604800" in meta.link_edit.text(), timeout=5000)
    harness.settle()
    assert "7 days" in meta.lifetime.currentText()
    shot(harness.pane, "metadata-presigned")


def test_public_object_gets_its_plain_url(harness: Harness) -> None:
    names = harness.names
    harness.storage.set_bucket_policy(names.documents, public_read_policy(names))
    thumb_bucket, thumb_key = harness.put("thumbnail", make_png(64, 90), "image/png", classroom_id="c1",
                                          document_id="d1")
    material_bucket, material_key = harness.put("material", make_pdf(1), "application/pdf", classroom_id="c1",
                                                document_id="d1")

    harness.show_key(thumb_bucket, thumb_key)
    meta = harness.pane.metadata
    assert meta.public is True
    assert meta.link_kind.text() == "Public link (anyone can open it)"
    assert not meta.lifetime.isVisibleTo(meta)
    meta.set_expanded(True)
    meta.copy_button.click()
    assert meta.link_edit.text() == harness.storage.public_url(thumb_bucket, thumb_key)
    assert "X-Amz" not in meta.link_edit.text() and "anyone can open it" in meta.expiry_label.text()
    assert urllib3.request("GET", meta.link_edit.text()).status == 200  # unsigned
    shot(harness.pane, "metadata-public")

    harness.show_key(material_bucket, material_key)  # policy now from the cache
    assert meta.public is False and meta.lifetime.isVisibleTo(meta)
    assert urllib3.request("GET", harness.storage.public_url(material_bucket, material_key)).status == 403


def test_shared_policy_cache_updates_the_shown_object(harness: Harness) -> None:
    names = harness.names
    cache = PolicyCache(lambda: harness.storage)
    harness.pane.set_policy_cache(cache)  # as the Policies panel hands the window's cache over
    bucket, key = harness.put("thumbnail", make_png(64, 90), "image/png", classroom_id="c1", document_id="d1")
    harness.show_key(bucket, key)
    meta = harness.pane.metadata
    assert meta.public is False and cache.get(bucket) is not None
    harness.storage.set_bucket_policy(names.documents, public_read_policy(names))
    cache.refresh(bucket)  # what saving a policy in the panel does
    harness.qtbot.waitUntil(lambda: meta.public is True, timeout=10_000)


def _tags(values: dict[str, str]) -> Any:
    from minio.commonconfig import Tags

    tags = Tags.new_object_tags()
    tags.update(values)
    return tags


# -- OCR documents ---------------------------------------------------------------------------------


def test_ocr_document_pages_side_by_side(harness: Harness) -> None:
    doc = "doc-ocr"
    for page in (1, 2, 10):
        harness.put("ocr_page_image", make_png(300, 420), "image/png", document_id=doc, page=page)
        page_json = {"page": page, "text": f"Text of page {page}", "confidence": 0.9,
                     "blocks": [{"text": "x", "confidence": 0.9}]}
        harness.put("ocr_page_json", json.dumps(page_json).encode(), "application/json", document_id=doc,
                    page=page)
    report = {"pages": 3, "mean_confidence": 0.9, "low_confidence_pages": [], "status": "ok"}
    harness.put("ocr_quality_report", json.dumps(report).encode(), "application/json", document_id=doc)
    node = Node(label=doc, kind="ocr_document", bucket=harness.names.ocr, key=f"{doc}/", is_container=True)
    assert harness.show(node) == ("loaded", View.OCR_DOCUMENT.value)
    ocr = harness.pane.ocr_view
    assert ocr.pages() == [1, 2, 10]
    assert "Mean confidence 0.9" in ocr.quality.text()
    harness.qtbot.waitUntil(lambda: not ocr.image.pixmap().isNull() and bool(ocr.json.find_items("text")),
                            timeout=10_000)
    harness.settle()
    assert ocr.json.find_items("text")[0].text(1) == "Text of page 1"
    shot(harness.pane, "ocr-document")
    ocr.next_button.click()
    ocr.next_button.click()
    harness.qtbot.waitUntil(lambda: bool(ocr.json.find_items("text"))
                            and ocr.json.find_items("text")[0].text(1) == "Text of page 10", timeout=10_000)
    harness.settle()
    assert ocr.page_label.text() == "Page 10 (3 of 3)" and not ocr.next_button.isEnabled()


# -- recordings ------------------------------------------------------------------------------------


def _wait_playing(harness: Harness) -> QMediaPlayer:
    player = harness.pane.media_view.player
    harness.pane.media_view.play_button.click()
    harness.qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
                            and player.duration() > 0, timeout=15_000)
    return player


def test_meeting_chunks_play_in_sequence(harness: Harness) -> None:
    for index in (0, 1, 2, 10):
        harness.put("meeting_chunk", media(f"chunk_{index % 6}.webm"), "video/webm", meeting_id="m1",
                    chunk_index=index)
    bucket, key = key_for("meeting_chunk", harness.names, meeting_id="m1", chunk_index=1)
    assert harness.show_key(bucket, key) == ("loaded", View.MEDIA.value)
    view = harness.pane.media_view
    assert [item.label for item in view.items()] == ["chunk_0.webm", "chunk_1.webm", "chunk_2.webm",
                                                      "chunk_10.webm"]
    assert view.index == 1 and "(2 of 4)" in view.title.text()
    assert (view.items()[1].bucket, view.items()[1].key) == (bucket, key)  # an object, no URL
    player = _wait_playing(harness)
    assert 1000 < player.duration() < 2500
    assert view.seek.maximum() == player.duration()
    harness.qtbot.waitUntil(lambda: player.position() > 200 and view.video.videoSink().videoFrame().isValid(),
                            timeout=10_000)
    shot_video(harness.pane, "video-chunk")
    harness.qtbot.waitUntil(lambda: view.index == 2, timeout=10_000)  # the next chunk starts by itself
    harness.qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PlayingState,
                            timeout=10_000)
    assert view.time_label.text().endswith("/ 0:01")

    # The meeting itself (a domain-tree node) plays all its chunks from the first.
    meeting = Node(label="m1", kind="meeting", bucket=bucket, key="meetings/m1/", is_container=True,
                   extra={"ids": {"meeting_id": "m1"}})
    assert harness.show(meeting) == ("loaded", View.MEDIA.value)
    assert len(view.items()) == 4 and view.index == 0 and not view.is_playing()


def test_mp3_plays_through_the_apps_connection(harness: Harness) -> None:
    bucket, key = harness.put("meeting_audio", media("audio.mp3"), "audio/mpeg", meeting_id="m1")
    assert harness.show_key(bucket, key) == ("loaded", View.MEDIA.value)
    player = _wait_playing(harness)
    assert player.duration() > 5000
    harness.qtbot.waitUntil(lambda: player.position() > 300, timeout=10_000)
    assert not harness.pane.media_view.video.isVisible()
    harness.pane.media_view.volume.setValue(30)
    assert harness.pane.media_view.audio.volume() == pytest.approx(0.3)
    shot(harness.pane, "audio")
    harness.pane.show_node(None)
    assert player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


# -- following the selection -----------------------------------------------------------------------


def test_selection_change_cancels_the_previous_fetch(harness: Harness, s3_server: S3Server) -> None:
    """The first object's requests hang in a fault proxy (a very slow server); selecting another one
    cancels them, and their answers, once they come, are dropped."""
    slow_bucket, slow_key = harness.put("mlflow_artifact", b"slow", "text/plain", experiment_id="1",
                                        run_id="r", path="slow.txt")
    bucket, key = harness.put("mlflow_artifact", b"fast text", "text/plain", experiment_id="1", run_id="r",
                              path="fast.txt")
    pane = harness.pane
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        proxy.faults.hold = b"slow.txt"  # requests for it wait until released
        slow = Storage(replace(harness.storage.settings, endpoint=proxy.endpoint))
        pane.show_node(harness.node(slow_bucket, slow_key), slow, harness.names)
        harness.qtbot.waitUntil(lambda: proxy.stats.held > 0, timeout=5000)
        fetches = pane.fetcher.running()
        assert fetches and pane.busy() and pane.stack.currentWidget() is pane.message  # "Loading…", GUI free
        assert harness.show_key(bucket, key) == ("loaded", View.TEXT.value)
        assert all(f.token.cancelled for f in fetches)
        proxy.faults.released.set()  # the slow answers arrive now, too late
        harness.qtbot.waitUntil(lambda: not any(f.running for f in fetches), timeout=15_000)
        harness.settle()
    assert harness.events == [("loaded", View.TEXT.value)]
    assert pane.text_view.text() == "fast text"
