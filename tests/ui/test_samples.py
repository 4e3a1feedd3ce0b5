"""The demo data set (Qt: PDFs, rendering) and seeding it into the real server."""

from __future__ import annotations

import json
import pickle
import struct
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ensure_browser.core.health.rules import StorageScan
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import all_kinds, classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.samples import Document, Page, build_samples, write_pdf
from ensure_browser.demo.seed import SampleObject, seed
from ensure_browser.ui.preview.pdf_render import open_pdf, render_pdf_page_png
from tests.support.servers import temporary_names

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _page_count(data: bytes) -> int:
    with open_pdf(data) as doc:
        return int(doc.pageCount())


def _is_mp3(data: bytes) -> bool:
    if data[:3] == b"ID3":
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        data = data[10 + size:]
    return len(data) > 2 and data[0] == 0xFF and (data[1] & 0xE0) == 0xE0


def _encrypted_pdf() -> bytes:
    """A tiny PDF behind the standard security handler whose user password is not empty."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    file_id = b"<" + b"ab" * 16 + b">"
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n"
    out += trailer % (len(objs) + 1, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.fixture(scope="module")
def samples(qapp: QApplication) -> list[SampleObject]:
    return build_samples(render_page=render_pdf_page_png)


# -- rendering --------------------------------------------------------------------------------------------


def test_render_pdf_page_keeps_the_aspect_and_works_in_a_thread(qapp: QApplication) -> None:
    pdf = write_pdf(Document("Title", "Sub", (Page("One", ("Text",)), Page("Two", ("More",))), "x.pdf"))
    results: dict[str, object] = {}

    def work() -> None:
        try:
            results["png"] = render_pdf_page_png(pdf.data, 1, max_width=200)
        except Exception as exc:
            results["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert "error" not in results, results.get("error")
    png = results["png"]
    assert isinstance(png, bytes)
    assert _png_size(png) == (200, round(200 * 842 / 595))
    image = QImage.fromData(png)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # on white paper, not transparent


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"%PDF-1.4 garbage", "not a valid PDF"), (b"hello", "not a valid PDF"),
     (_encrypted_pdf(), "encrypted")],
    ids=["empty", "garbage", "not-pdf", "encrypted"],
)
def test_render_refuses_bad_pdfs(qapp: QApplication, data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        render_pdf_page_png(data)


def test_render_refuses_a_missing_page(qapp: QApplication) -> None:
    pdf = write_pdf(Document("T", "S", (Page("One", ("Text",)),), "x.pdf"))
    with pytest.raises(ValueError, match="has 1 page"):
        render_pdf_page_png(pdf.data, page=3)


# -- the data set ----------------------------------------------------------------------------------------


def test_build_is_deterministic_and_fast(qapp: QApplication, samples: list[SampleObject]) -> None:
    import time

    started = time.monotonic()
    again = build_samples(render_page=render_pdf_page_png)
    assert time.monotonic() - started < 3.0
    assert [(o.bucket_role, o.key) for o in again] == [(o.bucket_role, o.key) for o in samples]
    assert len({(o.bucket_role, o.key) for o in samples}) == len(samples)


def test_materials_thumbnails_and_metadata(qapp: QApplication, samples: list[SampleObject]) -> None:
    by_key = {o.key: o for o in samples}
    materials = [o for o in samples if "/materials/" in o.key]
    classrooms = {o.key.split("/")[1] for o in materials}
    assert len(classrooms) >= 3
    assert all(2 <= n <= 3 for n in Counter(o.key.split("/")[1] for o in materials).values())
    filenames = {o.metadata["original-filename"] for o in materials}
    assert "Fractions - worksheet 3.pdf" in filenames
    assert "Zellbiologie – Übersicht.pdf" in filenames
    for material in materials:
        assert material.content_type == "application/pdf"
        with open_pdf(material.data) as doc:
            assert doc.pageCount() >= 2
            page = doc.pagePointSize(0)
        thumb_key = material.key.replace("/materials/", "/thumbnails/").replace(".pdf", "_thumb.png")
        thumb = by_key[thumb_key]
        assert thumb.content_type == "image/png"
        width, height = _png_size(thumb.data)
        assert width == 320
        assert abs(height / width - page.height() / page.width()) < 0.01
    notes = [o for o in samples if "/notes/" in o.key]
    assert len({o.key.split("/")[1] for o in notes}) >= 3
    assert all(_page_count(o.data) >= 2 for o in notes)


def test_ocr_matches_its_material(qapp: QApplication, samples: list[SampleObject]) -> None:
    material_ids = {
        o.key.rsplit("/", 1)[1].removesuffix(".pdf"): o for o in samples if "/materials/" in o.key
    }
    reports = [o for o in samples if o.bucket_role == "ocr" and o.key.endswith("quality/report.json")]
    assert reports
    for report_obj in reports:
        document_id = report_obj.key.split("/")[0]
        assert document_id in material_ids
        report = json.loads(report_obj.data)
        assert report["document_id"] == document_id
        assert report["status"] == "ok"
        assert report["pages"] == _page_count(material_ids[document_id].data)
        confidences = []
        for number in range(1, report["pages"] + 1):
            page_key = f"{document_id}/json/page_{number}.json"
            page = json.loads(next(o.data for o in samples if o.key == page_key))
            assert page["page"] == number
            assert page["blocks"] and page["text"].startswith(page["blocks"][0]["text"])
            confidences.append(page["confidence"])
            image = next(o.data for o in samples if o.key == f"{document_id}/pages/page_{number}.png")
            assert _png_size(image)[0] > 320
        assert report["mean_confidence"] == pytest.approx(sum(confidences) / len(confidences), abs=0.001)
        assert report["low_confidence_pages"] == [i + 1 for i, c in enumerate(confidences) if c < 0.8]


def test_media_and_models_are_real(qapp: QApplication, samples: list[SampleObject]) -> None:
    webms = [o for o in samples if o.key.endswith(".webm")]
    assert webms and all(o.data[:4] == EBML_MAGIC and o.content_type == "video/webm" for o in webms)
    mp3s = [o for o in samples if o.key.endswith(".mp3")]
    assert mp3s and all(_is_mp3(o.data) and o.content_type == "audio/mpeg" for o in mp3s)
    chunks = {o.data for o in webms if "/chunks/" in o.key}
    assert len(chunks) >= 5  # every chunk index has its own clip
    assert sum(len(o.data) for o in webms + mp3s if o.key.count("/") > 1) > 0
    models = [o for o in samples if o.key.endswith("model/model.pkl")]
    assert len(models) == 2
    for model in models:
        assert isinstance(pickle.loads(model.data), dict)
        run = model.key.rsplit("/", 2)[0]
        metrics = json.loads(next(o.data for o in samples if o.key == f"{run}/artifacts/metrics.json"))
        assert set(metrics) == {"accuracy", "f1", "loss"}
        assert any(o.key == f"{run}/model/requirements.txt" for o in samples)


def test_anomalies_only_on_request(qapp: QApplication, samples: list[SampleObject]) -> None:
    def orphans(objs: list[SampleObject]) -> tuple[set[str], set[str]]:
        materials = {o.key.rsplit("/", 1)[1].removesuffix(".pdf") for o in objs if "/materials/" in o.key}
        thumbs = {o.key.rsplit("/", 1)[1].removesuffix("_thumb.png") for o in objs if "/thumbnails/" in o.key}
        return materials - thumbs, thumbs - materials

    assert orphans(samples) == (set(), set())
    without_thumb, orphan_thumbs = orphans(build_samples(render_page=render_pdf_page_png, with_anomalies=True))
    assert len(without_thumb) == 1 and len(orphan_thumbs) == 1


# -- seeding ---------------------------------------------------------------------------------------------


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with temporary_names(admin_storage, "demo") as names:
        yield names


def test_seeded_demo_covers_the_schema(
    qapp: QApplication, admin_storage: Storage, names: BucketNames, samples: list[SampleObject]
) -> None:
    assert seed(admin_storage, names, samples) == len(samples)
    stored = {
        (bucket, info.key): info
        for bucket in names.all()
        for info in admin_storage.list_recursive(bucket)
    }
    assert len(stored) == len(samples)
    classified = {(bucket, key): classify(bucket, key, names) for bucket, key in stored}
    kinds = Counter(c.kind for c in classified.values() if c is not None)
    assert set(kinds) == set(all_kinds()), kinds  # every pattern, and nothing unrecognized
    # the gap: one meeting lacks chunk_3, the other has it
    meetings = {
        key.split("/")[1] for bucket, key in stored if bucket == names.recordings and "/chunks/" in key
    }
    missing = [m for m in meetings if (names.recordings, f"meetings/{m}/chunks/chunk_3.webm") not in stored]
    assert len(meetings) >= 2 and len(missing) == 1
    assert sum(1 for b, k in stored if k.startswith(f"meetings/{missing[0]}/chunks/")) >= 5
    # The consistency rules find the gap and nothing else.
    scan = StorageScan(names)
    content_types = {(names.name_for(o.bucket_role), o.key): o.content_type for o in samples}
    for (bucket, key), info in stored.items():
        scan.add(bucket, info)
        scan.add_content_type(bucket, key, content_types[bucket, key])
    flags = scan.flags()
    assert [(f.code, f.items) for f in flags] == [("chunk_gap", (3,))], flags
    assert scan.unrecognized == 0
    st = admin_storage.stat(names.documents, next(k for b, k in stored if "/materials/" in k))
    assert st.content_type == "application/pdf" and st.metadata["original-filename"].endswith(".pdf")

    assert seed(admin_storage, names, samples) == 0
