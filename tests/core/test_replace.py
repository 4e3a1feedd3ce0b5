"""Replacing a material's PDF on the real SeaweedFS: the same key (document id), the new bytes
verified, a new thumbnail, never over an object that changed, stale OCR found by the health scan."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.core.errors import Conflict
from ensure_browser.core.health.scan import scan
from ensure_browser.core.objects.replace import ReplacePlan, ReplaceRefused, plan_replace, replace_check
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.storage import SourceChanged, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import Direction, JobState
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.plan import DropPlan, DropTarget
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.dialects import Dialect, running_rclone
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server
from tests.support.transfers import make_pdf, write_big_file

DOC = "0b7a1c2e-1111-4222-8333-944455556666"
MATERIAL = f"classrooms/c1/materials/{DOC}.pdf"
THUMB = f"classrooms/c1/thumbnails/{DOC}_thumb.png"
OLD = make_pdf("Worksheet, first version")
NEW = make_pdf("Worksheet, corrected")


def thumbnail_of(pdf: bytes) -> bytes:
    """A thumbnail renderer standing in for QtPdf's (Qt-free tests): one PNG per PDF."""
    return b"\x89PNG\r\n\x1a\n" + hashlib.md5(pdf).digest()


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


@pytest.fixture
def material(admin_storage: Storage, names: BucketNames) -> str:
    """A material with its thumbnail; its ETag as the user saw it."""
    admin_storage.upload_bytes(names.documents, MATERIAL, OLD, content_type="application/pdf",
                               metadata={"original-filename": "Worksheet.pdf", "uploaded-by": "teacher-7"})
    admin_storage.upload_bytes(names.documents, THUMB, thumbnail_of(OLD), content_type="image/png")
    return admin_storage.stat(names.documents, MATERIAL).etag


@pytest.fixture
def queue(admin_storage: Storage, names: BucketNames, tmp_path: Path) -> Iterator[tuple[TransferQueue, ThreadedDriver]]:
    q = TransferQueue(admin_storage, names, journal=Journal(tmp_path / "journal.json"), render_thumbnail=thumbnail_of)
    driver = ThreadedDriver(q)
    yield q, driver
    driver.close()


def _new_file(tmp_path: Path, data: bytes = NEW, name: str = "Worksheet (corrected).pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _run(queue: tuple[TransferQueue, ThreadedDriver], plan: ReplacePlan, names: BucketNames) -> dict[Direction, JobState]:
    q, driver = queue
    q.add_plan(DropPlan(DropTarget("materials", names.documents), [plan.upload()]))
    driver.drive()
    assert driver.wait(30)
    return {j.direction: j.state for j in q.jobs()}


def test_replace_keeps_the_key_and_metadata_and_renders_a_new_thumbnail(
        admin_storage: Storage, names: BucketNames, material: str, tmp_path: Path,
        queue: tuple[TransferQueue, ThreadedDriver]) -> None:
    plan = plan_replace(admin_storage, names.documents, MATERIAL, material, _new_file(tmp_path), names)
    assert (plan.key, plan.document_id, plan.thumbnail_key) == (MATERIAL, DOC, THUMB)
    assert plan.old.name == "Worksheet.pdf" and plan.old.size == len(OLD)
    assert plan.new.name == "Worksheet (corrected).pdf" and plan.new.size == len(NEW)
    states = _run(queue, plan, names)
    assert states == {Direction.UPLOAD: JobState.DONE, Direction.THUMBNAIL: JobState.DONE}
    st = admin_storage.stat(names.documents, MATERIAL)
    assert st.etag == hashlib.md5(NEW).hexdigest()  # the new bytes, verified by the queue and here
    assert admin_storage.read_range(names.documents, MATERIAL) == NEW
    assert st.content_type == "application/pdf"
    assert st.metadata == {"original-filename": "Worksheet (corrected).pdf", "uploaded-by": "teacher-7"}
    assert admin_storage.read_range(names.documents, THUMB) == thumbnail_of(NEW)
    assert admin_storage.capabilities.supports(Capability.CONDITIONAL_WRITE) is True  # SeaweedFS honours If-Match


def test_a_material_changed_before_the_confirmation_is_not_planned(
        admin_storage: Storage, names: BucketNames, material: str, tmp_path: Path) -> None:
    admin_storage.upload_bytes(names.documents, MATERIAL, make_pdf("a colleague's edit"),
                               content_type="application/pdf")
    with pytest.raises(SourceChanged, match="changed since it was shown"):
        plan_replace(admin_storage, names.documents, MATERIAL, material, _new_file(tmp_path), names)


@pytest.mark.parametrize("server_checks", [True, False], ids=["if-match", "head-before"])
def test_a_material_changed_after_the_confirmation_is_kept(
        admin_storage: Storage, names: BucketNames, material: str, tmp_path: Path,
        queue: tuple[TransferQueue, ThreadedDriver], server_checks: bool) -> None:
    """Between the confirmation and the upload a colleague replaces the worksheet: theirs is kept,
    whether the server refuses the write (If-Match) or the look-up right before it finds the change."""
    admin_storage.capabilities.learn(Capability.CONDITIONAL_WRITE, server_checks, "test")
    plan = plan_replace(admin_storage, names.documents, MATERIAL, material, _new_file(tmp_path), names)
    theirs = make_pdf("a colleague's edit")
    admin_storage.upload_bytes(names.documents, MATERIAL, theirs, content_type="application/pdf")
    states = _run(queue, plan, names)
    assert states == {Direction.UPLOAD: JobState.FAILED}  # no thumbnail of a file that was not uploaded
    job = queue[0].jobs()[0]
    assert "changed since you chose to replace it; it was kept" in job.error
    assert admin_storage.read_range(names.documents, MATERIAL) == theirs
    assert admin_storage.read_range(names.documents, THUMB) == thumbnail_of(OLD)


def test_a_big_replace_is_conditional_too(admin_storage: Storage, names: BucketNames, material: str,
                                          tmp_path: Path) -> None:
    """A multipart replace: refused on another ETag (nothing completed), done on the one seen."""
    big = tmp_path / "big.pdf"
    write_big_file(big, 6 * 1024 * 1024)
    with pytest.raises(Conflict, match="changed since you chose to replace it"):
        admin_storage.upload_multipart(names.documents, MATERIAL, big, content_type="application/pdf",
                                       part_size=5 * 1024 * 1024, if_match="0" * 32)
    assert admin_storage.read_range(names.documents, MATERIAL) == OLD
    result = admin_storage.upload_multipart(names.documents, MATERIAL, big, content_type="application/pdf",
                                            part_size=5 * 1024 * 1024, if_match=material)
    assert result.verified and admin_storage.stat(names.documents, MATERIAL).size == 6 * 1024 * 1024


def test_only_a_pdf_can_replace_a_material_and_only_a_material_is_replaced(
        admin_storage: Storage, names: BucketNames, material: str, tmp_path: Path) -> None:
    docx = tmp_path / "Worksheet.pdf.docx"
    docx.write_bytes(b"PK\x03\x04 not a pdf")
    with pytest.raises(ReplaceRefused, match="is not a PDF document"):
        plan_replace(admin_storage, names.documents, MATERIAL, material, docx, names)
    link = tmp_path / "link.pdf"
    os.symlink(_new_file(tmp_path), link)
    with pytest.raises(ReplaceRefused, match="is a link"):
        plan_replace(admin_storage, names.documents, MATERIAL, material, link, names)
    assert replace_check(names.documents, MATERIAL, names) == ""
    assert "Only a classroom material" in replace_check(names.documents, THUMB, names)
    assert "Only a classroom material" in replace_check(names.recordings, "meetings/m/chunks/chunk_1.webm", names)
    assert admin_storage.read_range(names.documents, MATERIAL) == OLD


def test_ocr_made_before_the_replace_is_counted_and_found_stale_by_the_health_scan(
        admin_storage: Storage, names: BucketNames, tmp_path: Path,
        queue: tuple[TransferQueue, ThreadedDriver]) -> None:
    other = "9c9c9c9c-1111-4222-8333-944455556666"
    for doc in (DOC, other):
        admin_storage.upload_bytes(names.documents, f"classrooms/c1/materials/{doc}.pdf", OLD,
                                   content_type="application/pdf")
    time.sleep(1.1)  # the server's times are to the second: OCR runs after the upload
    for doc in (DOC, other):
        admin_storage.upload_bytes(names.ocr, f"{doc}/pages/page_1.png", b"png")
        admin_storage.upload_bytes(names.ocr, f"{doc}/json/page_1.json", b"{}")
    assert not [f for f in scan(admin_storage, names).findings if f.rule == "ocr_older_than_material"]
    time.sleep(1.1)
    seen = admin_storage.stat(names.documents, MATERIAL).etag
    plan = plan_replace(admin_storage, names.documents, MATERIAL, seen, _new_file(tmp_path), names)
    assert plan.ocr_objects == 2
    _run(queue, plan, names)
    report = scan(admin_storage, names)
    stale = [f for f in report.findings if f.rule == "ocr_older_than_material"]
    assert [(f.bucket, f.key, f.severity) for f in stale] == [(names.ocr, f"{DOC}/", "warning")]
    assert "older than its material" in stale[0].message and "Run OCR on the material again" in stale[0].message
    time.sleep(1.1)
    admin_storage.upload_bytes(names.ocr, f"{DOC}/json/page_1.json", b"{ }")  # OCR run again: fresh
    assert not [f for f in scan(admin_storage, names).findings if f.rule == "ocr_older_than_material"]


@pytest.fixture(scope="module")
def rclone_server() -> Iterator[Dialect]:
    with running_rclone() as server:
        server.storage().make_bucket("replace")
        yield server


@pytest.fixture
def rclone(rclone_server: Dialect) -> Storage:
    """``rclone serve s3``: a server that ignores If-Match (the guard learns it and looks first)."""
    return rclone_server.storage()


def _puts_of(proxy: FaultProxy, path: str) -> int:
    return sum(1 for line in proxy.requests_seen if line.split("?")[0] == f"PUT {path}")


@pytest.mark.parametrize("server", ["seaweedfs", "rclone"])
def test_the_if_match_probe_writes_the_object_once(server: str, rclone_server: Dialect, s3_server: S3Server,
                                                   names: BucketNames, tmp_path: Path) -> None:
    """The first replacing PUT of a connection finds out whether the server honours If-Match without
    writing the object twice: rclone (ignores it) gets one PUT of the key, which is the replacement;
    SeaweedFS (honours it) refuses the probe, then gets the real, conditional PUT."""
    settings = rclone_server.settings() if server == "rclone" else s3_server.settings()
    bucket = "replace" if server == "rclone" else names.documents
    host, port = settings.endpoint.rsplit(":", 1)
    with FaultProxy((host, int(port))) as proxy:
        storage = Storage(dataclasses.replace(settings, endpoint=proxy.endpoint))
        storage.upload_bytes(bucket, "probe.pdf", OLD, content_type="application/pdf")
        seen = storage.stat(bucket, "probe.pdf").etag
        before = _puts_of(proxy, f"/{bucket}/probe.pdf")
        storage.upload_file(bucket, "probe.pdf", _new_file(tmp_path), content_type="application/pdf", if_match=seen)
        puts = _puts_of(proxy, f"/{bucket}/probe.pdf") - before
        assert storage.read_range(bucket, "probe.pdf") == NEW
        honours = storage.capabilities.supports(Capability.CONDITIONAL_WRITE)
        assert (honours, puts) == ((False, 1) if server == "rclone" else (True, 2))
        storage.upload_file(bucket, "probe.pdf", _new_file(tmp_path, OLD, "again.pdf"),
                            if_match=storage.stat(bucket, "probe.pdf").etag)
        assert _puts_of(proxy, f"/{bucket}/probe.pdf") - before == puts + 1  # known now: one PUT each


def test_a_server_that_ignores_if_match_is_learnt_and_guarded_by_a_look_first(rclone: Storage,
                                                                              tmp_path: Path) -> None:
    mine = _new_file(tmp_path)
    rclone.upload_bytes("replace", "m.pdf", OLD, content_type="application/pdf")
    seen = rclone.stat("replace", "m.pdf").etag
    rclone.upload_file("replace", "m.pdf", mine, content_type="application/pdf", if_match=seen)
    assert rclone.read_range("replace", "m.pdf") == NEW
    assert rclone.capabilities.supports(Capability.CONDITIONAL_WRITE) is False  # learnt by its first PUT
    theirs = make_pdf("a colleague's edit")
    rclone.upload_bytes("replace", "m.pdf", theirs, content_type="application/pdf")
    with pytest.raises(Conflict, match="changed since you chose to replace it"):  # the look right before
        rclone.upload_file("replace", "m.pdf", mine, content_type="application/pdf",
                           if_match=hashlib.md5(NEW).hexdigest())
    assert rclone.read_range("replace", "m.pdf") == theirs
