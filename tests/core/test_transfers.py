"""Transfers against a real S3 server: planning, uploads, conflicts, pause/resume, journal, downloads."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import threading
import time
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.create_only import FIRST_PUT_EXTRA
from ensure_browser.core.s3.put_single import FIRST_PUT_LOOK
from ensure_browser.core.s3.storage import (
    CHECKSUM_CRC32,
    ConnectionSettings,
    ObjectInfo,
    ObjectStat,
    Storage,
    UploadResult,
    composite_crc32_of,
    plan_parts,
)
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import (
    BatchSummary,
    ConflictAnswer,
    ConflictPolicy,
    ConflictQuestion,
    Direction,
    JobState,
    TransferJob,
)
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.local_names import (
    ensure_inside,
    key_parts_below,
    local_path_for,
    numbered_name,
    safe_local_name,
)
from ensure_browser.core.transfers.plan import DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue
from ensure_browser.demo.server import Identity
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server, running_server
from tests.support.transfers import make_pdf, sha256_file, tiny_png, write_big_file

MiB = 1024 * 1024
PART = 5 * MiB  # the S3 minimum part size: many parts from small files


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture
def names(bucket: str) -> BucketNames:
    return BucketNames(documents=bucket)


QueueFactory = Callable[..., tuple[TransferQueue, ThreadedDriver]]


@pytest.fixture
def make_queue(admin_storage: Storage, names: BucketNames, tmp_path: Path) -> Iterator[QueueFactory]:
    made: list[ThreadedDriver] = []

    def factory(storage: Storage | None = None, journal: Path | None = None,
                **kw: object) -> tuple[TransferQueue, ThreadedDriver]:
        kw.setdefault("part_size", PART)
        kw.setdefault("retry_backoff", 0.05)
        queue = TransferQueue(storage or admin_storage, kw.pop("names", names),  # type: ignore[arg-type]
                              journal=Journal(journal or tmp_path / "journal" / "transfers.json"), **kw)  # type: ignore[arg-type]
        driver = ThreadedDriver(queue)
        made.append(driver)
        return queue, driver

    yield factory
    for driver in made:
        driver.close()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def raw(bucket: str, prefix: str = "") -> DropTarget:
    return DropTarget("raw_prefix" if prefix else "bucket", bucket, prefix)


def single(queue: TransferQueue) -> TransferJob:
    jobs = [j for j in queue.jobs() if j.direction is not Direction.THUMBNAIL]
    assert len(jobs) == 1
    return jobs[0]


def uploads_in(storage: Storage, bucket: str) -> list[str]:
    return [u.key for u in storage.list_multipart_uploads(bucket)]


def wait_for(pred: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


# -- planning ------------------------------------------------------------------------------------

def test_pdf_on_classroom_or_materials_becomes_a_material_with_a_thumbnail(tmp_path: Path,
                                                                          names: BucketNames) -> None:
    pdf = write(tmp_path / "Week 1 – Fractions.pdf", make_pdf())
    for kind in ("classroom", "materials"):
        plan = plan_drop(DropTarget(kind, names.documents, ids={"classroom_id": "math-7a"}), [pdf], names)
        assert plan.refusals == []
        (up,) = plan.uploads
        doc_id = up.key.split("/")[-1].removesuffix(".pdf")
        assert uuid.UUID(doc_id).version == 4
        assert up.bucket == names.documents
        assert up.key == f"classrooms/math-7a/materials/{doc_id}.pdf"
        assert up.thumbnail_key == f"classrooms/math-7a/thumbnails/{doc_id}_thumb.png"
        assert up.metadata == {"original-filename": "Week 1 – Fractions.pdf"}
        assert up.content_type == "application/pdf"
        assert up.check_conflict is False


def test_pdf_on_student_notes(tmp_path: Path, names: BucketNames) -> None:
    pdf = write(tmp_path / "notes.PDF", make_pdf())
    plan = plan_drop(DropTarget("student_notes", names.documents, ids={"student_id": "s-42"}), [pdf], names)
    (up,) = plan.uploads
    note_id = up.key.split("/")[-1].removesuffix(".pdf")
    assert up.key == f"students/s-42/notes/{note_id}.pdf"
    assert uuid.UUID(note_id).version == 4
    assert up.thumbnail_key is None
    assert up.metadata["original-filename"] == "notes.PDF"


def test_refusals_say_why(tmp_path: Path, names: BucketNames) -> None:
    docx = write(tmp_path / "essay.docx", b"PK\x03\x04 not a pdf")
    fake = write(tmp_path / "fake.pdf", b"<html>this is not a pdf</html>")
    folder = tmp_path / "folder"
    write(folder / "inside.pdf", make_pdf())
    good = write(tmp_path / "good.pdf", b"junk before the header " + make_pdf())
    materials = DropTarget("materials", names.documents, ids={"classroom_id": "c1"})
    plan = plan_drop(materials, [docx, fake, folder, good], names)
    assert [u.source for u in plan.uploads] == [good]
    why = {r.path.name: r.message for r in plan.refusals}
    assert "PDF documents only" in why["essay.docx"] and ".docx" in why["essay.docx"]
    assert "not a PDF" in why["fake.pdf"] and "%PDF-" in why["fake.pdf"]
    assert "is a folder" in why["folder"]

    meeting = DropTarget("meeting", "ensure-study-recordings", ids={"meeting_id": "m1"})
    plan = plan_drop(meeting, [good, folder], names)
    assert plan.uploads == []
    assert all("recordings are produced by the platform" in r.message for r in plan.refusals)
    assert len(plan.refusals) == 2

    notes = DropTarget("student_notes", names.documents, ids={"student_id": "s1"})
    assert "is a folder" in plan_drop(notes, [folder], names).refusals[0].message


def test_raw_folders_keep_relative_paths_and_content_types(tmp_path: Path, names: BucketNames) -> None:
    root = tmp_path / "drop"
    write(root / "a.txt", b"a")
    write(root / "sub" / "b.json", b"{}")
    write(root / "sub" / "deeper" / "c.png", b"png")
    single_file = write(tmp_path / "single.pdf", make_pdf())
    plan = plan_drop(raw("any-bucket", "in/here"), [root, single_file], names)
    assert plan.refusals == []
    got = {u.key: u.content_type for u in plan.uploads}
    assert got == {
        "in/here/drop/a.txt": "text/plain",
        "in/here/drop/sub/b.json": "application/json",
        "in/here/drop/sub/deeper/c.png": "image/png",
        "in/here/single.pdf": "application/pdf",
    }
    assert {u.display_name for u in plan.uploads} >= {"drop/sub/deeper/c.png"}


def test_raw_walk_follows_no_link(tmp_path: Path, names: BucketNames) -> None:
    root = tmp_path / "loop"
    write(root / "x.txt", b"x")
    (root / "again").symlink_to(root, target_is_directory=True)  # a loop
    (root / "link.txt").symlink_to(root / "x.txt")
    plan = plan_drop(raw("b"), [root], names)
    assert [u.key for u in plan.uploads] == ["loop/x.txt"]
    why = {r.path.name: r.message for r in plan.refusals}
    assert why == {"again": "again is a link to a folder; links are not followed, so what it points to was not "
                            "uploaded.",
                   "link.txt": "link.txt is a link to a file; links are not followed, so what it points to was "
                               "not uploaded."}


def test_links_to_secrets_are_not_uploaded(tmp_path: Path, names: BucketNames) -> None:
    """A link to ~/.ssh/id_rsa inside a dropped folder, or dropped itself, uploads nothing."""
    secret = write(tmp_path / "home" / ".ssh" / "id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----")
    secret_pdf = write(tmp_path / "home" / "private.pdf", make_pdf())
    homework = tmp_path / "homework"
    write(homework / "essay.txt", b"essay")
    (homework / "notes.txt").symlink_to(secret)
    (homework / "ssh").symlink_to(secret.parent, target_is_directory=True)
    (tmp_path / "dropped-link.txt").symlink_to(secret)
    (tmp_path / "dropped-folder-link").symlink_to(homework, target_is_directory=True)
    (tmp_path / "Lesson.pdf").symlink_to(secret_pdf)

    plan = plan_drop(raw("b"), [homework, tmp_path / "dropped-link.txt", tmp_path / "dropped-folder-link"], names)
    assert [(u.source, u.key) for u in plan.uploads] == [(homework / "essay.txt", "homework/essay.txt")]
    why = {r.path: r.message for r in plan.refusals}
    assert set(why) == {homework / "notes.txt", homework / "ssh", tmp_path / "dropped-link.txt",
                        tmp_path / "dropped-folder-link"}
    assert all("links are not followed" in m for m in why.values())
    assert why[tmp_path / "dropped-link.txt"].endswith("Drop the file or folder itself.")

    on_materials = DropTarget("materials", names.documents, ids={"classroom_id": "math-7a"})
    plan = plan_drop(on_materials, [tmp_path / "Lesson.pdf"], names)
    assert plan.uploads == []
    (refusal,) = plan.refusals
    assert refusal.path.name == "Lesson.pdf" and "links are not followed" in refusal.message


def test_a_file_replaced_by_a_link_after_planning_is_not_uploaded(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    secret = write(tmp_path / "home" / ".ssh" / "id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----")
    src = write(tmp_path / "drop" / "notes.txt", b"notes")
    plan = plan_drop(raw(bucket), [src], names)
    assert [u.key for u in plan.uploads] == ["notes.txt"]
    src.unlink()
    src.symlink_to(secret)
    queue, driver = make_queue()
    queue.add_plan(plan)
    driver.drive()
    assert driver.wait(20)
    job = single(queue)
    assert job.state is JobState.FAILED and "replaced by a link" in (job.error or "")
    assert list(admin_storage.list_recursive(bucket)) == []


def test_unreadable_files_become_refusals(tmp_path: Path, names: BucketNames) -> None:
    root = tmp_path / "mixed"
    write(root / "ok.txt", b"fine")
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(root / "pipe")
    expected = {"dangling", "pipe"}
    if os.geteuid() != 0:  # root reads everything: chmod 000 stops nobody there
        locked = write(root / "locked.txt", b"secret")
        locked.chmod(0)
        expected.add("locked.txt")
    plan = plan_drop(raw("b"), [root], names)
    assert [u.key for u in plan.uploads] == ["mixed/ok.txt"]
    why = {r.path.name: r.message for r in plan.refusals}
    assert set(why) == expected
    assert "broken link" in why["dangling"]
    assert "not a regular file" in why["pipe"]


def test_ten_thousand_files_plan_fast(tmp_path: Path, names: BucketNames) -> None:
    root = tmp_path / "many"
    for d in range(20):
        folder = root / f"d{d:02d}"
        folder.mkdir(parents=True)
        for i in range(500):
            (folder / f"f{i:04d}.bin").write_bytes(b"")
    started = time.monotonic()
    plan = plan_drop(raw("b", "p/"), [root], names)
    elapsed = time.monotonic() - started
    assert len(plan.uploads) == 10_000 and plan.refusals == []
    assert plan.uploads[0].key == "p/many/d00/f0000.bin"
    assert elapsed < 3.0, f"planning 10,000 files took {elapsed:.1f} s"


# -- local names ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("parts", "expected"), [
    (["..", "..", "etc", "passwd"], ["_", "_", "etc", "passwd"]),
    (["a\\b"], ["a_b"]),
    (["CON"], ["_CON"]),
    (["com1.txt"], ["_com1.txt"]),
    (["bell\x07name\x00.txt"], ["bell_name_.txt"]),
    (["what?.pdf"], ["what_.pdf"]),
    (["trailing. "], ["trailing"]),
    (["."], ["_"]),
])
def test_local_names_are_sanitised(tmp_path: Path, parts: list[str], expected: list[str]) -> None:
    assert local_path_for(tmp_path, parts) == tmp_path.joinpath(*expected)


def test_long_names_are_capped_keeping_the_extension(tmp_path: Path) -> None:
    name = safe_local_name("x" * 300 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 200
    assert len(safe_local_name("é" * 300).encode()) <= 200
    assert numbered_name("report.pdf", 1) == "report (1).pdf"
    assert numbered_name("archive.tar.gz", 2) == "archive (2).tar.gz"
    assert numbered_name(".bashrc", 1) == ".bashrc (1)"


def test_symlinked_folder_inside_destination_cannot_escape(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    outside = tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(Exception, match="outside"):
        local_path_for(dest, ["evil", "file.txt"])
    with pytest.raises(Exception, match="outside"):
        ensure_inside(dest, dest / ".." / "x")


# -- uploads -------------------------------------------------------------------------------------

def test_material_upload_with_metadata_content_type_and_thumbnail(
    make_queue: QueueFactory, admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    pdf_bytes = make_pdf("Material")
    pdf = write(tmp_path / "Algèbre.pdf", pdf_bytes)
    queue, driver = make_queue(render_thumbnail=tiny_png)
    batches: list[object] = []
    queue.subscribe(on_batch=batches.append)
    plan = plan_drop(DropTarget("classroom", names.documents, ids={"classroom_id": "c-1"}), [pdf], names)
    queue.add_plan(plan)
    driver.drive()
    assert driver.wait(20)
    jobs = queue.jobs()
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    up = plan.uploads[0]
    st = admin_storage.stat(up.bucket, up.key)
    assert st.content_type == "application/pdf"
    assert st.metadata.get("original-filename") == "Algèbre.pdf"
    assert st.etag == hashlib.md5(pdf_bytes).hexdigest()
    assert up.thumbnail_key is not None
    thumb = admin_storage.stat(up.bucket, up.thumbnail_key)
    assert thumb.content_type == "image/png"
    assert admin_storage.read_range(up.bucket, up.thumbnail_key) == tiny_png()
    (summary,) = batches
    assert summary.uploaded == 1 and summary.failed == 0  # type: ignore[attr-defined]


def test_raw_upload_of_a_folder(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                tmp_path: Path, names: BucketNames) -> None:
    root = tmp_path / "site"
    write(root / "index.html", b"<h1>hi</h1>")
    write(root / "css" / "main.css", b"body{}")
    queue, driver = make_queue()
    queue.add_plan(plan_drop(raw(bucket, "www"), [root], names))
    driver.drive()
    assert driver.wait(20)
    assert all(j.state is JobState.DONE for j in queue.jobs())
    assert admin_storage.read_range(bucket, "www/site/css/main.css") == b"body{}"
    assert admin_storage.stat(bucket, "www/site/index.html").content_type == "text/html"


@pytest.mark.parametrize(("policy", "expected_state", "expected_keys", "content"), [
    (ConflictPolicy.REPLACE, JobState.DONE, ["doc.txt"], b"new"),
    (ConflictPolicy.KEEP_BOTH, JobState.DONE, ["doc (1).txt", "doc.txt"], b"old"),
    (ConflictPolicy.SKIP, JobState.SKIPPED, ["doc.txt"], b"old"),
])
def test_conflict_policies(make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path,
                           names: BucketNames, policy: ConflictPolicy, expected_state: JobState,
                           expected_keys: list[str], content: bytes) -> None:
    admin_storage.upload_bytes(bucket, "doc.txt", b"old")
    src = write(tmp_path / "doc.txt", b"new")
    queue, driver = make_queue(conflict_policy=policy)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(20)
    assert single(queue).state is expected_state
    assert sorted(o.key for o in admin_storage.list_recursive(bucket)) == expected_keys
    assert admin_storage.read_range(bucket, "doc.txt") == content
    if policy is ConflictPolicy.KEEP_BOTH:
        assert admin_storage.read_range(bucket, "doc (1).txt") == b"new"
        assert single(queue).key == "doc (1).txt"


def test_ask_with_apply_to_all_asks_once(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                         tmp_path: Path, names: BucketNames) -> None:
    for i in range(3):
        admin_storage.upload_bytes(bucket, f"f{i}.txt", b"old")
    files = [write(tmp_path / f"f{i}.txt", b"new") for i in range(3)]
    asked: list[ConflictQuestion] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question)
        return ConflictAnswer(ConflictPolicy.KEEP_BOTH, apply_to_all=True)

    queue, driver = make_queue(ask_conflict=ask)
    queue.add_plan(plan_drop(raw(bucket), files, names))
    driver.drive()
    assert driver.wait(20)
    assert len(asked) == 1 and asked[0].existing_size == 3 and asked[0].new_size == 3
    keys = sorted(o.key for o in admin_storage.list_recursive(bucket))
    assert keys == ["f0 (1).txt", "f0.txt", "f1 (1).txt", "f1.txt", "f2 (1).txt", "f2.txt"]


@pytest.mark.parametrize("state", ["queued", "running", "paused"])
def test_apply_to_all_holds_for_its_own_batch_only(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path, names: BucketNames, state: str,
) -> None:
    """"Replace - apply to all" answered in one drop, while a job of that drop is still queued,
    running or paused: a later, unrelated drop is asked about its own conflict (it used to be
    replaced without a question)."""
    proxy, storage = via_proxy
    admin_storage.upload_bytes(bucket, "a.txt", b"old")
    admin_storage.upload_bytes(bucket, "other/thesis.pdf", b"%PDF- theirs")
    first = [write(tmp_path / "one" / "a.txt", b"new"), tmp_path / "one" / "big.bin"]
    write_big_file(first[1], 3 * PART)
    asked: list[str] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question.target)
        if question.target.endswith("/a.txt"):
            return ConflictAnswer(ConflictPolicy.REPLACE, apply_to_all=True)
        return ConflictAnswer(ConflictPolicy.SKIP)

    queue, driver = make_queue(storage=storage, ask_conflict=ask, concurrency=1 if state == "queued" else 2,
                               part_parallel=1, multipart_threshold=PART)
    second = plan_drop(raw(bucket, "other"), [write(tmp_path / "two" / "thesis.pdf", b"%PDF- mine")], names)
    added: list[str] = []

    def add_second_when_a_is_done(_event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if job is not None and job.key == "a.txt" and job.state is JobState.DONE and not added:
            others = [j.state for j in queue.jobs() if j.key == "big.bin"]
            assert others == [JobState.QUEUED], others
            added.extend(queue.add_plan(second))

    if state == "queued":  # one job at a time: big.bin waits while a.txt is asked about and replaced
        queue.subscribe(add_second_when_a_is_done)
    elif state == "running":  # big.bin's first part is held at the proxy
        proxy.faults.hold = b"partNumber=1&"
        proxy.faults.released.clear()
    else:
        _pause_after(queue, PART)
    queue.add_plan(plan_drop(raw(bucket), first, names))
    driver.drive()
    try:
        wait_for(lambda: any(j.key == "a.txt" and j.state is JobState.DONE for j in queue.jobs()))
        if state != "queued":
            big = JobState.RUNNING if state == "running" else JobState.PAUSED
            wait_for(lambda: [j.state for j in queue.jobs() if j.key == "big.bin"] == [big])
            added.extend(queue.add_plan(second))
            driver.drive()
        wait_for(lambda: bool(added) and all(j.state.finished for j in queue.snapshots(added)))
    finally:
        proxy.faults.released.set()
    assert asked == [f"s3://{bucket}/a.txt", f"s3://{bucket}/other/thesis.pdf"]
    assert [j.state for j in queue.snapshots(added)] == [JobState.SKIPPED]
    assert admin_storage.read_range(bucket, "other/thesis.pdf") == b"%PDF- theirs"
    assert admin_storage.read_range(bucket, "a.txt") == b"new"
    if state == "paused":
        queue.resume(next(j.id for j in queue.jobs() if j.key == "big.bin"))
    driver.drive()
    assert driver.wait(30)
    assert [j.state for j in queue.jobs() if j.key == "big.bin"] == [JobState.DONE]


def test_ask_without_an_asker_fails_clearly(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                            tmp_path: Path, names: BucketNames) -> None:
    admin_storage.upload_bytes(bucket, "x.txt", b"old")
    queue, driver = make_queue()
    queue.add_plan(plan_drop(raw(bucket), [write(tmp_path / "x.txt", b"new")], names))
    driver.drive()
    assert driver.wait(20)
    job = single(queue)
    assert job.state is JobState.FAILED and "exists already" in job.error
    assert admin_storage.read_range(bucket, "x.txt") == b"old"


def _act_after(queue: TransferQueue, threshold: int, action: Callable[[str], object]) -> None:
    """Call ``action(job_id)`` once per job when it has ``threshold`` bytes done (in the job's thread)."""
    acted: set[str] = set()

    def listener(event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if (event == "changed" and job is not None and job.state is JobState.RUNNING
                and job.bytes_done >= threshold and job_id not in acted):
            acted.add(job_id)
            action(job_id)

    queue.subscribe(listener)


def _pause_after(queue: TransferQueue, threshold: int) -> None:
    _act_after(queue, threshold, queue.pause)


def test_pause_keeps_the_upload_and_resume_continues_from_the_last_part(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    size = 8 * PART
    src = tmp_path / "big.bin"
    sha = write_big_file(src, size)
    journal = tmp_path / "j.json"
    queue, driver = make_queue(part_parallel=1, journal=journal)
    _pause_after(queue, 2 * PART)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    wait_for(lambda: single(queue).state is JobState.PAUSED)
    job = single(queue)
    assert job.upload_id and len(job.done_parts) >= 2
    first_sent = job.sent_bytes
    assert uploads_in(admin_storage, bucket) == ["big.bin"]
    assert not admin_storage.exists(bucket, "big.bin")  # nothing partial at the key
    queue.flush()  # the journal is written within its interval; make it current
    record = json.loads(journal.read_text())
    assert record["jobs"][0]["upload_id"] == job.upload_id
    assert record["jobs"][0]["state"] == "paused"
    assert "secret" not in journal.read_text().lower()

    assert queue.resume(job.id)
    assert driver.wait(30)
    job = single(queue)
    assert job.state is JobState.DONE, job.error
    second_sent = job.sent_bytes - first_sent
    assert 0 < second_sent <= size - 2 * PART
    path = tmp_path / "back.bin"
    admin_storage.download_file(bucket, "big.bin", path)
    assert sha256_file(path) == sha
    assert uploads_in(admin_storage, bucket) == []
    queue.flush()  # finished jobs leave the journal within its write interval
    assert json.loads(journal.read_text())["jobs"] == []


def test_cancel_leaves_no_object_and_no_upload(make_queue: QueueFactory, admin_storage: Storage,
                                               bucket: str, tmp_path: Path, names: BucketNames) -> None:
    src = tmp_path / "big.bin"
    write_big_file(src, 6 * PART)
    queue, driver = make_queue(part_parallel=1)
    _act_after(queue, PART, queue.cancel)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(30)
    assert single(queue).state is JobState.CANCELLED
    assert not admin_storage.exists(bucket, "big.bin")
    assert uploads_in(admin_storage, bucket) == []
    assert queue.state.pending_uploads() == {}


def test_cancel_of_a_paused_upload_aborts_it(make_queue: QueueFactory, admin_storage: Storage,
                                             bucket: str, tmp_path: Path, names: BucketNames) -> None:
    src = tmp_path / "big.bin"
    write_big_file(src, 5 * PART)
    queue, driver = make_queue(part_parallel=1)
    _pause_after(queue, PART)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    wait_for(lambda: single(queue).state is JobState.PAUSED)
    assert uploads_in(admin_storage, bucket) == ["big.bin"]
    assert queue.cancel(single(queue).id)
    assert driver.wait(20)
    assert uploads_in(admin_storage, bucket) == []
    assert single(queue).state is JobState.CANCELLED


@pytest.mark.parametrize("size", [1000, 4 * PART])
def test_read_only_identity_gets_a_clear_error_and_writes_nothing(
    make_queue: QueueFactory, support_storage: Storage, admin_storage: Storage, bucket: str,
    tmp_path: Path, names: BucketNames, size: int,
) -> None:
    src = tmp_path / "f.bin"
    write_big_file(src, size)
    queue, driver = make_queue(storage=support_storage)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(20)
    job = single(queue)
    assert job.state is JobState.FAILED
    assert "Access denied" in job.error and support_storage.settings.access_key in job.error
    assert not admin_storage.exists(bucket, "f.bin")
    assert uploads_in(admin_storage, bucket) == []


@pytest.mark.parametrize("change", ["grow", "delete", "rewrite"])
def test_a_source_that_changes_mid_upload_fails_clearly(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
    change: str,
) -> None:
    src = tmp_path / "moving.bin"
    write_big_file(src, 5 * PART)
    queue, driver = make_queue(part_parallel=1)
    touched: list[bool] = []

    def listener(_event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if job and job.bytes_done >= PART and not touched:
            touched.append(True)
            if change == "grow":
                with open(src, "ab") as fh:
                    fh.write(b"more")
            elif change == "rewrite":  # same size, other bytes in a part already sent: the parts'
                with open(src, "r+b") as fh:  # MD5s are of the bytes sent, so the mtime must tell
                    fh.write(b"X" * 1000)
            else:
                src.unlink()

    queue.subscribe(listener)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(30)
    job = single(queue)
    assert job.state is JobState.FAILED
    assert ("disappeared during the upload" if change == "delete" else "changed during the upload") in job.error
    assert not admin_storage.exists(bucket, "moving.bin")
    assert uploads_in(admin_storage, bucket) == []


@pytest.fixture
def via_proxy(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    """A Storage (a fresh connection: its first PUT sends Content-MD5) whose requests pass a fault
    proxy that records them; the proxy can sign again for its ``kms`` fault."""
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port), secret_key=s3_server.admin.secret_key) as proxy:
        yield proxy, Storage(ConnectionSettings(proxy.endpoint, s3_server.admin.access_key,
                                                s3_server.admin.secret_key))


def deletes(proxy: FaultProxy) -> list[str]:
    return [r for r in proxy.requests_seen if r.startswith("DELETE ") or "?delete" in r]


def replace_it(_question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
    return ConflictAnswer(ConflictPolicy.REPLACE)


@pytest.mark.parametrize("replace", [False, True], ids=["new", "replace"])
@pytest.mark.parametrize("size", [1000, 2 * PART + 1], ids=["put", "multipart"])
def test_an_encrypted_upload_is_verified_by_its_checksum_and_nothing_is_deleted(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path, names: BucketNames, size: int, replace: bool,
) -> None:
    """A server whose ETags are no MD5 of the bytes (MinIO with SSE-KMS: the proxy's kms fault) but
    which answers the CRC32 it checked: the upload is verified by the checksum, the job is done and
    no DELETE is sent (the queue used to delete a correct upload there, a replaced object with it)."""
    proxy, storage = via_proxy
    proxy.faults.kms = True
    src = tmp_path / "enc.bin"
    write_big_file(src, size)
    if replace:
        admin_storage.upload_bytes(bucket, "enc.bin", b"the old version")
    queue, driver = make_queue(storage=storage, multipart_threshold=PART, ask_conflict=replace_it)
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(30)
    job = single(queue)
    assert job.state is JobState.DONE, job.error
    assert admin_storage.read_range(bucket, "enc.bin") == src.read_bytes()
    assert storage.stat(bucket, "enc.bin").encrypted
    assert deletes(proxy) == []


def test_encrypted_objects_download_verified_by_their_checksum_or_their_size(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    """Downloads from a server with SSE-KMS objects (the kms fault): a single PUT's object is checked
    by the CRC32 the GET answers (never by its ETag as an MD5: they used to fail, "nothing was kept"),
    a big one in one stream likewise, a multipart one by its size in ranges conditional on its ETag."""
    proxy, storage = via_proxy
    proxy.faults.kms = True
    sources = {"d/small.bin": 1000, "d/big.bin": 6 * MiB, "d/multi.bin": 3 * PART}
    for key, size in sources.items():
        write_big_file(tmp_path / "src.bin", size, seed=size)
        admin_storage.upload_file(bucket, key, tmp_path / "src.bin", multipart_threshold=2 * PART, part_size=PART)
    queue, driver = make_queue(storage=storage, download_ranges=2)
    plan = queue.plan_downloads([(bucket, "d/")], tmp_path / "out")
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == []
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(30)
    assert {j.key: (j.state, j.error) for j in queue.jobs()} == {k: (JobState.DONE, "") for k in sources}
    for key, size in sources.items():
        write_big_file(tmp_path / "src.bin", size, seed=size)
        assert (tmp_path / "out" / key).read_bytes() == (tmp_path / "src.bin").read_bytes()
    assert any(r.startswith("GET /") and "multi.bin" in r for r in proxy.requests_seen)


def _answered_checksum_differs(proxy: FaultProxy, storage: Storage, sent: bytes = b"original") -> None:
    """The bytes stored differ from the ones sent, and the server's answer proves it: changed on the
    way (the rewrite fault) to a server that checks no checksum of a single PUT (as learnt of moto), so
    its ETag is the MD5 of other bytes."""
    storage.capabilities.learn(Capability.SHA256_CHECKSUMS, False, "as a server that does not take it")
    proxy.faults.rewrite = (sent, sent.upper())


def upload_v(make_queue: QueueFactory, storage: Storage, bucket: str, tmp_path: Path,
             during: Callable[[], None] = lambda: None) -> TransferJob:
    """Upload b"original" to ``v.txt`` through ``storage`` (``during``: called while it runs); the job at its end."""
    queue, driver = make_queue(storage=storage)
    job_id = queue.add_upload(write(tmp_path / "v.txt", b"original"), bucket, "v.txt")
    driver.drive()
    during()
    assert driver.wait(20)
    job = queue.get(job_id)
    assert job is not None
    return job


def test_a_disproved_upload_that_created_the_object_is_removed(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    """The checksum the server answers differs from the bytes sent, and the upload created the
    object (its write was conditional on no object at the key): the job fails and our object goes."""
    proxy, storage = via_proxy
    _answered_checksum_differs(proxy, storage)
    job = upload_v(make_queue, storage, bucket, tmp_path)
    assert job.state is JobState.FAILED
    assert "Verification failed" in job.error and "was removed" in job.error
    assert not admin_storage.exists(bucket, "v.txt")
    # the question whether the server honours a DELETE's ETag condition, then the conditional DELETE
    assert deletes(proxy) == [f"POST /{bucket}?delete="] * 2


def test_a_disproved_replacement_is_kept_and_the_job_fails(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path, names: BucketNames,
) -> None:
    """A Replace wrote over the old object, so removing the new one would lose both: even when the
    answer proves it wrong, it stays, and the job fails saying so."""
    proxy, storage = via_proxy
    admin_storage.upload_bytes(bucket, "v.txt", b"the old version")
    _answered_checksum_differs(proxy, storage, b"the new version")
    queue, driver = make_queue(storage=storage, ask_conflict=replace_it)
    queue.add_plan(plan_drop(raw(bucket), [write(tmp_path / "v.txt", b"the new version")], names))
    driver.drive()
    assert driver.wait(20)
    job = single(queue)
    assert job.state is JobState.FAILED and "Verification failed" in job.error and "kept" in job.error
    assert admin_storage.read_range(bucket, "v.txt") == b"THE NEW VERSION"
    assert deletes(proxy) == []


def test_a_disproved_upload_another_client_overwrote_is_left_alone(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    """Between the PUT and the look at what is stored (held at the proxy) another client writes the
    key: the object is theirs, it stays, and the job says another client wrote it."""
    proxy, storage = via_proxy
    _answered_checksum_differs(proxy, storage)
    proxy.faults.hold = f"HEAD /{bucket}/v.txt".encode()
    # the conflict check's HEAD and the create-only look-up before the connection's first PUT pass
    # (see create_only), the verification's waits
    proxy.faults.hold_after = 2
    proxy.faults.released.clear()

    def another_client_writes() -> None:
        try:
            wait_for(lambda: proxy.stats.held == 1)
            admin_storage.upload_bytes(bucket, "v.txt", b"theirs")
        finally:
            proxy.faults.released.set()

    job = upload_v(make_queue, storage, bucket, tmp_path, another_client_writes)
    assert job.state is JobState.FAILED and "another client wrote it" in job.error
    assert admin_storage.read_range(bucket, "v.txt") == b"theirs"
    assert deletes(proxy) == []


def test_an_upload_nothing_can_verify_is_kept_and_the_job_fails(
    make_queue: QueueFactory, via_proxy: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    """An encrypted object (its ETag no MD5) and no checksum answered: nothing proves the bytes
    right or wrong. The job fails saying so, and the object is not removed."""
    proxy, storage = via_proxy
    proxy.faults.kms = True
    proxy.faults.strip_header = b"x-amz-checksum-sha256"  # the checksum of a single PUT (see put_single)
    job = upload_v(make_queue, storage, bucket, tmp_path)
    assert job.state is JobState.FAILED and "could not be verified" in job.error and "kept" in job.error
    assert admin_storage.read_range(bucket, "v.txt") == b"original"
    assert deletes(proxy) == []


@pytest.mark.parametrize("known", [True, False], ids=["server-refuses-create-only", "nothing-known"])
def test_a_composite_checksum_mismatch_fails_a_multipart_upload(
    make_queue: QueueFactory, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, known: bool,
) -> None:
    """The ETags agree, but the CRC32 the server composed differs from the bytes sent ("had"
    another): the job fails. Our object is removed where the connection knows that the server
    refuses a create-only write over an object (its first create-only PUT showed it), so that this
    upload created it; while nothing is known (only the look-up before completing guarded the
    key, see create_only) it may have replaced one, and it is kept."""
    storage = s3_server.storage()  # a connection of its own: it knows nothing of the server yet
    if known:
        storage.upload_bytes(bucket, "first.txt", b"1", if_absent=True)
    src = tmp_path / "m.bin"
    write_big_file(src, 2 * PART + 1)
    queue, driver = make_queue(storage=storage, multipart_threshold=PART)
    job_id = queue.add_upload(src, bucket, "m.bin")
    seen: list[UploadResult] = []
    uploads = queue.runners[Direction.UPLOAD]
    real_verify = uploads.verify

    def verify(j: TransferJob, result: UploadResult) -> None:
        seen.append(result)
        real_verify(j, dataclasses.replace(result, local_checksum=composite_crc32_of([1, 2, 3])))

    monkeypatch.setattr(uploads, "verify", verify)
    driver.drive()
    assert driver.wait(20)
    job = queue.state.jobs[job_id]
    assert job.state is JobState.FAILED and "Verification failed" in job.error
    assert ("was removed" if known else "it was kept, since it may have replaced") in job.error
    assert admin_storage.exists(bucket, "m.bin") is not known
    (result,) = seen
    assert result.verified and result.etag == result.local_etag and result.created is known
    assert result.checksum == result.local_checksum == composite_crc32_of([zlib.crc32(c) for c in _chunks(src, PART)])


def _chunks(path: Path, size: int) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_each_batch_is_summarised_once_when_its_last_job_ends(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    """Batches are counted as their jobs end (no pass over the whole batch per job): one summary each,
    and a retried job reports in a batch of its own."""
    files = [write(tmp_path / "b" / f"f{i}.txt", b"x") for i in range(12)]
    queue, driver = make_queue()
    summaries: list[BatchSummary] = []
    queue.subscribe(on_batch=summaries.append)
    plan = plan_drop(raw(bucket), files, names)
    files[3].unlink()  # fails: it is gone by the time it runs
    queue.add_plan(plan)
    driver.drive()
    assert driver.wait(20)
    assert [(s.uploaded, s.failed) for s in summaries] == [(11, 1)]
    (failed,) = [j for j in queue.jobs() if j.state is JobState.FAILED]
    write(files[3], b"back")
    assert queue.retry(failed.id)
    assert driver.wait(20)
    assert [(s.uploaded, s.failed) for s in summaries] == [(11, 1), (1, 0)]
    assert summaries[1].batch != summaries[0].batch
    assert admin_storage.read_range(bucket, "f3.txt") == b"back"


def test_the_threaded_driver_runs_the_next_job_in_the_thread_that_ended_one(
    make_queue: QueueFactory, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    """No hand-off to another pool thread per job (a wake-up and a GIL switch for every small file)."""
    files = [write(tmp_path / "t" / f"f{i}.txt", b"x") for i in range(6)]
    queue, driver = make_queue(concurrency=1)
    threads: set[str] = set()

    def listener(_event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if job is not None and job.state is JobState.RUNNING:
            threads.add(threading.current_thread().name)

    queue.subscribe(listener)
    queue.add_plan(plan_drop(raw(bucket), files, names))
    assert driver.wait(20)
    assert all(j.state is JobState.DONE for j in queue.jobs())
    transfer_threads = {name for name in threads if name.startswith("transfer")}
    assert len(transfer_threads) == 1, threads

# -- journal and recovery ------------------------------------------------------------------------

@pytest.mark.parametrize("checksum", ["", CHECKSUM_CRC32], ids=["older-version-md5", "crc32"])
def test_recovery_after_a_crash_resumes_and_aborts_orphans(
    admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames, make_queue: QueueFactory,
    checksum: str,
) -> None:
    """The upload resumes with the check its parts were begun with: CRC32 checksums (the upload was
    created with them; the parts the server has get theirs from the local file for the completion),
    or Content-MD5 for an upload an older version began (its journal record has no ``checksum``)."""
    size = 6 * PART
    src = tmp_path / "crash.bin"
    sha = write_big_file(src, size)
    st = src.stat()
    # The "crashed" app had created the upload and sent parts 1 and 2.
    upload_id = admin_storage.create_multipart(bucket, "crash.bin", "application/octet-stream", checksum=checksum)
    with open(src, "rb") as fh:
        for number, offset, length in plan_parts(size, PART)[:2]:
            fh.seek(offset)
            data = fh.read(length)
            admin_storage.upload_part(bucket, "crash.bin", upload_id, number, data,
                                      crc32=zlib.crc32(data) if checksum else None)
    orphan_id = admin_storage.create_multipart(bucket, "orphan.bin", "application/octet-stream")
    job = TransferJob(id="job-1", direction=Direction.UPLOAD, bucket=bucket, key="crash.bin",
                      local_path=str(src), size=size, state=JobState.RUNNING, upload_id=upload_id,
                      part_size=PART, source_size=st.st_size, source_mtime_ns=st.st_mtime_ns,
                      endpoint=admin_storage.settings.endpoint, checksum=checksum)
    record = job.to_record()
    if not checksum:
        del record["checksum"]  # as an older version wrote it
    journal_path = tmp_path / "crash.json"
    endpoint = admin_storage.settings.endpoint
    Journal(journal_path).save(Journal(None).load().__class__(
        jobs=[record],
        uploads={upload_id: {"bucket": bucket, "key": "crash.bin", "job": "job-1", "endpoint": endpoint},
                 orphan_id: {"bucket": bucket, "key": "orphan.bin", "job": "gone", "endpoint": endpoint}},
    ))

    queue, driver = make_queue(journal=journal_path)
    report = queue.recover()
    assert report.resumed == ["job-1"] and report.aborted_uploads == [orphan_id]
    assert uploads_in(admin_storage, bucket) == ["crash.bin"]
    driver.drive()
    assert driver.wait(30)
    done = queue.get("job-1")
    assert done is not None and done.state is JobState.DONE, done and done.error
    assert done.sent_bytes == size - 2 * PART
    if checksum:  # the server's composite checksum is the one of the whole file's parts
        crcs = [zlib.crc32(chunk) for chunk in _chunks(src, PART)]
        head = admin_storage.signed.request("HEAD", bucket, "crash.bin", headers={"x-amz-checksum-mode": "ENABLED"})
        assert head.headers.get("x-amz-checksum-crc32") == composite_crc32_of(crcs)
    back = tmp_path / "back.bin"
    admin_storage.download_file(bucket, "crash.bin", back)
    assert sha256_file(back) == sha
    assert uploads_in(admin_storage, bucket) == []
    queue.flush()
    assert json.loads(journal_path.read_text()) == {"version": 1, "jobs": [], "uploads": {}}
    assert journal_path.stat().st_mode & 0o077 == 0



def test_the_journal_reuses_records_only_while_their_job_is_unchanged(
    admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    """Unchanged jobs keep their encoded record between writes; any change, in place ones included
    (parts added to ``done_parts``), is written."""
    journal_path = tmp_path / "j.json"
    queue = TransferQueue(admin_storage, names, journal=Journal(journal_path))  # no driver: nothing runs
    files = [write(tmp_path / f"f{i}.bin", b"x") for i in range(3)]
    ids = [queue.add_upload(f, bucket, f.name) for f in files]
    name = {job_id: f"job{i}" for i, job_id in enumerate(ids)}

    def records() -> dict[str, dict[str, object]]:
        queue.flush()
        return {name[r["id"]]: r for r in json.loads(journal_path.read_text())["jobs"]}

    first = records()
    assert set(first) == set(name.values()) and all(r["state"] == "queued" for r in first.values())
    assert queue.pause(ids[1])
    live = queue.state.jobs[ids[2]]
    live.upload_id = "upload-2"
    live.done_parts[1] = "etag-1"  # changed in place, as a running upload does
    second = records()
    assert second["job0"] == first["job0"]
    assert second["job1"]["state"] == "paused"
    assert second["job2"]["upload_id"] == "upload-2" and second["job2"]["done_parts"] == {"1": "etag-1"}
    live.done_parts[2] = "etag-2"
    assert records()["job2"]["done_parts"] == {"1": "etag-1", "2": "etag-2"}
    assert queue.cancel(ids[0])
    assert set(records()) == {"job1", "job2"}

def test_recovery_restarts_when_the_upload_is_gone_and_keeps_other_endpoints(
    admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames, make_queue: QueueFactory,
) -> None:
    src = write(tmp_path / "small.txt", b"hello")
    st = src.stat()
    mine = TransferJob(id="mine", direction=Direction.UPLOAD, bucket=bucket, key="small.txt",
                       local_path=str(src), size=5, upload_id="no-such-upload", source_size=st.st_size,
                       source_mtime_ns=st.st_mtime_ns, endpoint=admin_storage.settings.endpoint)
    other = TransferJob(id="other", direction=Direction.UPLOAD, bucket=bucket, key="x",
                        local_path=str(src), endpoint="elsewhere:9000")
    journal_path = tmp_path / "j.json"
    Journal(journal_path).save(Journal(None).load().__class__(jobs=[mine.to_record(), other.to_record()]))
    queue, driver = make_queue(journal=journal_path)
    assert queue.recover().resumed == ["mine"]
    driver.drive()
    assert driver.wait(20)
    assert admin_storage.read_range(bucket, "small.txt") == b"hello"
    queue.flush()
    left = json.loads(journal_path.read_text())["jobs"]
    assert [j["id"] for j in left] == ["other"]


@pytest.fixture(scope="module")
def own_server() -> Iterator[S3Server]:
    with running_server("ensure-browser-transfers-") as server:
        yield server


def test_server_stopped_mid_upload_then_resumed_after_restart(own_server: S3Server, tmp_path: Path) -> None:
    storage = Storage(ConnectionSettings(own_server.endpoint, own_server.admin.access_key,
                                         own_server.admin.secret_key, connect_timeout=1, retries=1))
    bucket = f"stop-{uuid.uuid4().hex[:8]}"
    storage.make_bucket(bucket)
    names = BucketNames(documents=bucket)
    size = 6 * PART
    src = tmp_path / "interrupted.bin"
    sha = write_big_file(src, size)
    journal_path = tmp_path / "j.json"
    queue = TransferQueue(storage, names, journal=Journal(journal_path), part_size=PART, part_parallel=1,
                          retries=1, retry_backoff=0.05)
    driver = ThreadedDriver(queue)
    stopped = threading.Event()

    def listener(_event: str, job_id: str) -> None:
        job = queue.get(job_id)
        if job and job.bytes_done >= 2 * PART and not stopped.is_set():
            stopped.set()
            own_server.server.stop()  # blocks this part's thread until the server is gone

    queue.subscribe(listener)
    try:
        queue.add_plan(plan_drop(raw(bucket), [src], names))
        driver.drive()
        assert driver.wait(60)
        job = single(queue)
        assert job.state is JobState.FAILED
        assert job.error == (f"Nothing is listening at {own_server.endpoint} (connection refused). Is the server "
                             "running, and is the port right?")  # the retry found the server gone
        assert job.upload_id  # kept for the next start
    finally:
        driver.close()
        own_server.server.start()

    # "App restart": a new queue reads the journal and finishes the upload from the server's parts.
    queue2 = TransferQueue(storage, names, journal=Journal(journal_path), part_size=PART, part_parallel=2)
    driver2 = ThreadedDriver(queue2)
    try:
        report = queue2.recover()
        assert report.resumed == [job.id]
        driver2.drive()
        assert driver2.wait(60)
        done = queue2.get(job.id)
        assert done is not None and done.state is JobState.DONE, done and done.error
        assert 0 < done.sent_bytes < size
        back = tmp_path / "back.bin"
        storage.download_file(bucket, "interrupted.bin", back)
        assert sha256_file(back) == sha
        assert storage.list_multipart_uploads(bucket) == []
    finally:
        driver2.close()


def test_200_mib_multipart_round_trip(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                      tmp_path: Path, names: BucketNames) -> None:
    size = 200 * MiB + 12345
    src = tmp_path / "huge.bin"
    sha = write_big_file(src, size, seed=7)
    queue, driver = make_queue(part_size=16 * MiB)
    started = time.monotonic()
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(60)
    assert single(queue).state is JobState.DONE, single(queue).error
    assert admin_storage.stat(bucket, "huge.bin").etag.endswith("-13")
    dest = tmp_path / "dl"
    plan = queue.plan_downloads([(bucket, "huge.bin")], dest)
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == []
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(60)
    assert sha256_file(dest / "huge.bin") == sha
    assert time.monotonic() - started < 30


# -- downloads -----------------------------------------------------------------------------------

HOSTILE_KEYS = ["in/../../etc/passwd", "in//abs", "in/a\\b", "in/CON", "in/ctl\x01\x1f.txt",
                "in/" + "n" * 300 + ".txt", "in/sub/../../../x", "in/./.", "in/sub/ok.txt"]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_hostile_keys_map_inside_the_folder(tmp_path: Path, key: str) -> None:
    """Keys a server may list (SeaweedFS itself normalises most of these away) stay inside."""
    path = local_path_for(tmp_path, ["in", *key_parts_below(key, "in/")])
    assert path.resolve().is_relative_to(tmp_path.resolve())
    rel = path.relative_to(tmp_path).parts
    assert all(p not in ("..", ".") and "\\" not in p and len(p.encode()) <= 255 for p in rel)
    assert not any(ord(ch) < 32 for p in rel for ch in p)


def test_download_of_a_prefix_with_hostile_keys_stays_inside(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    for key in HOSTILE_KEYS:
        with contextlib.suppress(StorageError):  # the client or server refuses some of these names
            admin_storage.upload_bytes(bucket, key, key.encode())
    keys = {o.key for o in admin_storage.list_recursive(bucket)}
    assert {"in/CON", "in/ctl\x01\x1f.txt", "in/sub/ok.txt"} <= keys
    dest = tmp_path / "dest"
    queue, driver = make_queue()
    plan = queue.plan_downloads([(bucket, "in/")], dest)
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == []
    assert len(jobs) == len(keys)
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(20)
    root = dest.resolve()
    for job in queue.jobs():
        assert job.state is JobState.DONE, job.error
        assert Path(job.local_path).resolve().is_relative_to(root)
    written = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert "in/_CON" in written and "in/sub/ok.txt" in written and "in/ctl__.txt" in written
    assert all(len(part.encode()) <= 255 for w in written for part in Path(w).parts)
    assert (dest / "in" / "sub" / "ok.txt").read_bytes() == b"in/sub/ok.txt"


# key below "shown/" -> the file name it gets: format characters (bidi, zero-width) go, controls become "_"
FORMAT_KEYS = {
    "report.pdf\u202egpj.exe": "report.pdfgpj.exe",  # would show as report.pdfexe.jpg
    "\u2067fdp.exe\u2069.pdf": "fdp.exe.pdf",
    "zero\u200bwidth\u200d\ufeff\u00ad.txt": "zerowidth.txt",
    "line\u2028break\u0085end\u009b.txt": "line_break_end_.txt",
    "\u202a\u202b\u202c\u202d\u2066\u2068": "_",
    "folder\u202e/inner\u2069.txt": "folder/inner.txt",
}


def _shown_as_named(name: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") for ch in name)


@pytest.mark.parametrize("name", ["Zellbiologie \u2013 \u00dcbersicht.pdf", "Week 1 \u2013 Fractions.pdf",
                                  "notes\u202e.PDF", "\u2066\u05e9\u05dc\u05d5\u05dd\u2069.pdf",
                                  "\U000e0041tag.pdf", "\ud800broken.pdf"])
def test_local_names_show_what_they_are_named(name: str) -> None:
    local = safe_local_name(name)
    assert _shown_as_named(local) and local.endswith(".pdf" if name.endswith(".pdf") else ".PDF")
    local.encode("utf-8")  # no lone surrogate is left to fail on the file system


def test_downloaded_names_keep_no_bidi_or_format_characters(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    for key in FORMAT_KEYS:
        admin_storage.upload_bytes(bucket, "shown/" + key, key.encode())
    assert {o.key for o in admin_storage.list_recursive(bucket)} == {"shown/" + k for k in FORMAT_KEYS}
    dest = tmp_path / "dest"
    queue, driver = make_queue()
    plan = queue.plan_downloads([(bucket, "shown/")], dest)
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == []
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(20)
    assert all(job.state is JobState.DONE for job in queue.jobs())
    written = {str(p.relative_to(dest / "shown")): p.read_bytes().decode() for p in dest.rglob("*") if p.is_file()}
    assert written == {shown: key for key, shown in FORMAT_KEYS.items()}
    assert all(_shown_as_named(p.name) for p in dest.rglob("*"))


def test_download_of_a_prefix(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                              tmp_path: Path) -> None:
    for key in ("docs/a.txt", "docs/sub/b.txt", "docs/sub/deeper/c.txt", "other/x.txt"):
        admin_storage.upload_bytes(bucket, key, key.encode())
    dest = tmp_path / "dest"
    queue, driver = make_queue()
    jobs = queue.plan_downloads([(bucket, "docs/"), (bucket, "other/x.txt")], dest).jobs
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(20)
    got = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert got == ["docs/a.txt", "docs/sub/b.txt", "docs/sub/deeper/c.txt", "x.txt"]
    assert (dest / "docs/sub/deeper/c.txt").read_bytes() == b"docs/sub/deeper/c.txt"


@pytest.mark.parametrize(("policy", "expected"), [
    (ConflictPolicy.SKIP, {"obj.txt": b"local"}),
    (ConflictPolicy.KEEP_BOTH, {"obj.txt": b"local", "obj (1).txt": b"remote"}),
    (ConflictPolicy.REPLACE, {"obj.txt": b"remote"}),
])
def test_downloads_never_overwrite_silently(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                            tmp_path: Path, policy: ConflictPolicy,
                                            expected: dict[str, bytes]) -> None:
    """A file that appears where a planned download goes (the plan numbers what is there already)
    is left alone unless the answer says to replace it."""
    admin_storage.upload_bytes(bucket, "obj.txt", b"remote")
    dest = tmp_path / "d"
    queue, driver = make_queue(conflict_policy=policy)
    jobs = queue.plan_downloads([(bucket, "obj.txt")], dest).jobs
    write(dest / "obj.txt", b"local")
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(20)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == expected


def test_big_downloads_come_in_one_stream_from_a_server_on_this_machine(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """With the server on loopback, ranges would only share the processors with it: one stream,
    unless asked for; a server elsewhere gets ``part_parallel`` ranges."""
    src = tmp_path / "one.bin"
    sha = write_big_file(src, 3 * PART)
    assert admin_storage.upload_multipart(bucket, "one.bin", src, part_size=PART).etag.endswith("-3")
    queue, driver = make_queue(part_parallel=3)
    assert admin_storage.settings.on_this_machine and queue.settings.download_ranges == 1
    threads: set[str] = set()
    queue.subscribe(lambda _event, _job_id: threads.add(threading.current_thread().name))
    jobs = queue.plan_downloads([(bucket, "one.bin")], tmp_path / "dl").jobs
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(30) and single(queue).state is JobState.DONE, single(queue).error
    assert sha256_file(tmp_path / "dl" / "one.bin") == sha
    assert not any(name.startswith("range") for name in threads), threads
    assert make_queue(part_parallel=3, download_ranges=2)[0].settings.download_ranges == 2
    remote = Storage(dataclasses.replace(admin_storage.settings, endpoint="files.school.example:9000"))
    assert make_queue(storage=remote, part_parallel=3)[0].settings.download_ranges == 3


@pytest.mark.parametrize("parallel", [1, 2], ids=["one-stream", "ranges"])
def test_broken_download_resumes(make_queue: QueueFactory, admin_storage: Storage, bucket: str,
                                 tmp_path: Path, parallel: int) -> None:
    """The queue passes ``download_ranges`` and ``part_size`` on: the multipart object (ETag ``...-2``)
    comes in 5 MiB ranges, two at a time, into a ``.part`` of the object's size; paused past two
    ranges' worth (so at least one range is complete), the resume fetches only what is missing."""
    size = 24 * MiB
    src = tmp_path / "src.bin"
    sha = write_big_file(src, size)
    admin_storage.upload_file(bucket, "dl.bin", src)
    dest = tmp_path / "dl"
    queue, driver = make_queue(part_parallel=parallel, download_ranges=parallel)
    threads: set[str] = set()
    queue.subscribe(lambda _event, _job_id: threads.add(threading.current_thread().name))
    _pause_after(queue, 2 * MiB if parallel == 1 else 2 * PART + MiB)
    jobs = queue.plan_downloads([(bucket, "dl.bin")], dest).jobs
    queue.add_downloads(jobs)
    driver.drive()
    wait_for(lambda: single(queue).state is JobState.PAUSED)
    part, marker = dest / "dl.bin.part", dest / "dl.bin.part.etag"
    assert part.exists() and marker.exists()
    if parallel == 1:
        assert 0 < part.stat().st_size < size
        assert not any(name.startswith("range") for name in threads)
    else:
        assert part.stat().st_size == size and marker.read_text().splitlines()[1].startswith("ranges ")
        assert sum(name.startswith("range") for name in threads) == 2, threads
    assert not (dest / "dl.bin").exists()
    first = single(queue).sent_bytes
    queue.resume(single(queue).id)
    assert driver.wait(30)
    job = single(queue)
    assert job.state is JobState.DONE, job.error
    assert job.sent_bytes - first <= size - PART if parallel > 1 else job.sent_bytes - first < size
    assert sha256_file(dest / "dl.bin") == sha
    assert not part.exists() and not marker.exists()


def test_cancelled_download_leaves_no_partial_file(make_queue: QueueFactory, admin_storage: Storage,
                                                   bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "src.bin"
    write_big_file(src, 20 * MiB)
    admin_storage.upload_file(bucket, "c.bin", src)
    dest = tmp_path / "dl"
    queue, driver = make_queue()
    _act_after(queue, MiB, queue.cancel)
    jobs = queue.plan_downloads([(bucket, "c.bin")], dest).jobs
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(20)
    assert single(queue).state is JobState.CANCELLED
    assert list(dest.iterdir()) == []


def test_mid_sized_uploads_verify_minio_multipart_etags(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    """Below the multipart threshold but above 5 MiB, minio-py splits the PUT itself: still verified."""
    src = tmp_path / "mid.bin"
    sha = write_big_file(src, 12 * MiB + 7)
    queue, driver = make_queue()
    queue.add_plan(plan_drop(raw(bucket), [src], names))
    driver.drive()
    assert driver.wait(20)
    assert single(queue).state is JobState.DONE, single(queue).error
    back = tmp_path / "back.bin"
    admin_storage.download_file(bucket, "mid.bin", back)
    assert sha256_file(back) == sha


# -- requests per file, conflict checks of a batch, conditional writes ----------------------------

@pytest.fixture
def counting(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    """A Storage whose requests pass a proxy that counts them (no faults switched on)."""
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        yield proxy, Storage(ConnectionSettings(proxy.endpoint, s3_server.admin.access_key,
                                                s3_server.admin.secret_key))


ODD_NAMES = ["Ünïcödé 文件.txt", "a file with spaces.txt", "a+b.txt", "100%25 done.txt"]


def test_a_batch_upload_costs_one_request_per_file_and_still_finds_conflicts(
    make_queue: QueueFactory, counting: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path, names: BucketNames,
) -> None:
    """One LIST of the target prefix for the batch, then one PUT per file (verified by its ETag):
    no HEAD before (conflict check) or after (verification), but for the connection's first
    create-only PUT, which finds out that the server honours If-None-Match. Existing objects are
    still found."""
    proxy, storage = counting
    folder = tmp_path / "drop"
    files = [write(folder / n, n.encode()) for n in ODD_NAMES]
    files += [write(folder / "sub" / f"f{i:02d}.txt", b"new %d" % i) for i in range(16)]
    admin_storage.upload_bytes(bucket, "in/drop/sub/f03.txt", b"theirs")
    admin_storage.upload_bytes(bucket, "in/drop/" + ODD_NAMES[0], b"theirs too")
    queue, driver = make_queue(storage=storage, conflict_policy=ConflictPolicy.SKIP)
    queue.add_plan(plan_drop(raw(bucket, "in"), [folder], names))
    driver.drive()
    assert driver.wait(30)
    states = {j.key: j.state for j in queue.jobs()}
    skipped = {"in/drop/sub/f03.txt", "in/drop/" + ODD_NAMES[0]}
    assert {k for k, s in states.items() if s is JobState.SKIPPED} == skipped
    assert all(s is JobState.DONE for k, s in states.items() if k not in skipped)
    assert admin_storage.read_range(bucket, "in/drop/sub/f03.txt") == b"theirs"
    assert admin_storage.read_range(bucket, "in/drop/" + ODD_NAMES[1]) == ODD_NAMES[1].encode()
    assert proxy.stats.requests == 1 + len(files) - len(skipped) + FIRST_PUT_EXTRA + FIRST_PUT_LOOK


def test_a_small_batch_or_a_key_that_may_not_list_checks_each_file(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
) -> None:
    """Without the right to list, a batch falls back to a HEAD per file: conflicts are still found."""
    with running_server("ensure-browser-nolist-", identities=[
            Identity.generate("admin"), Identity.generate("nolist", ("Read", "Write"))]) as server:
        admin, nolist = server.storage(), server.storage(server.server.identities[1])
        admin.make_bucket(bucket)
        admin.upload_bytes(bucket, "f05.txt", b"theirs")
        files = [write(tmp_path / f"f{i:02d}.txt", b"new") for i in range(12)]
        queue, driver = make_queue(storage=nolist, conflict_policy=ConflictPolicy.SKIP)
        queue.add_plan(plan_drop(raw(bucket), files, names))
        driver.drive()
        assert driver.wait(30)
        states = {j.key: j.state for j in queue.jobs()}
        assert states.pop("f05.txt") is JobState.SKIPPED
        assert set(states.values()) == {JobState.DONE}
        assert admin.read_range(bucket, "f05.txt") == b"theirs"


class LateWriter(Storage):
    """A real Storage after whose conflict check (the batch's listing, or a HEAD that finds nothing)
    another client writes ``key``: the object appears between the check and the upload."""

    def __init__(self, other: Storage, bucket: str, key: str) -> None:
        super().__init__(other.settings)
        self.other, self.late_bucket, self.late_key = other, bucket, key
        self.written = False

    def _write(self) -> None:
        if not self.written:
            self.written = True
            self.other.upload_bytes(self.late_bucket, self.late_key, b"theirs")

    def list_recursive(self, bucket: str, prefix: str = "", cancel: CancelToken = NEVER) -> Iterator[ObjectInfo]:
        yield from super().list_recursive(bucket, prefix, cancel)
        self._write()

    def stat(self, bucket: str, key: str) -> ObjectStat:
        try:
            return super().stat(bucket, key)
        except NoSuchKey:
            if key == self.late_key:
                self._write()
            raise


@pytest.mark.parametrize("choice", [ConflictPolicy.SKIP, ConflictPolicy.REPLACE, ConflictPolicy.KEEP_BOTH])
@pytest.mark.parametrize("size", [100, 2 * PART + 1], ids=["put", "multipart"])
@pytest.mark.parametrize("check", ["listing", "head"])
def test_an_object_that_appears_after_the_check_is_never_overwritten(
    make_queue: QueueFactory, admin_storage: Storage, bucket: str, tmp_path: Path, names: BucketNames,
    check: str, size: int, choice: ConflictPolicy,
) -> None:
    """The write is conditional (If-None-Match: *): the server refuses it, and the user is asked."""
    count = 10 if check == "listing" else 1
    files = [tmp_path / "d" / f"f{i}.bin" for i in range(count)]
    for i, f in enumerate(files):
        f.parent.mkdir(exist_ok=True)
        write_big_file(f, size, seed=i)
    late = f"d/f{count - 1}.bin"
    storage = LateWriter(admin_storage, bucket, late)
    asked: list[ConflictQuestion] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question)
        return ConflictAnswer(choice)

    queue, driver = make_queue(storage=storage, ask_conflict=ask, multipart_threshold=2 * PART)
    queue.add_plan(plan_drop(raw(bucket), [tmp_path / "d"], names))
    driver.drive()
    assert driver.wait(30)
    assert storage.written
    assert [q.target for q in asked] == [f"s3://{bucket}/{late}"] and asked[0].existing_size == len(b"theirs")
    job = next(j for j in queue.jobs() if j.display_name.endswith(f"f{count - 1}.bin"))
    assert job.state is (JobState.SKIPPED if choice is ConflictPolicy.SKIP else JobState.DONE), job.error
    stored = admin_storage.read_range(bucket, late)
    if choice is ConflictPolicy.REPLACE:
        assert hashlib.sha256(stored).hexdigest() == sha256_file(files[-1])
    else:
        assert stored == b"theirs"
    if choice is ConflictPolicy.KEEP_BOTH:
        assert job.key == f"d/f{count - 1} (1).bin"
        assert admin_storage.stat(bucket, job.key).size == size
    assert uploads_in(admin_storage, bucket) == []


def test_a_batch_download_costs_one_get_per_file(
    make_queue: QueueFactory, counting: tuple[FaultProxy, Storage], admin_storage: Storage, bucket: str,
    tmp_path: Path,
) -> None:
    """Size and ETag come from the GET (no HEAD), verified while streaming; no resume marker for
    small files; the folders are made once, when a file is first written into them."""
    proxy, storage = counting
    keys = [f"dl/{n}" for n in ODD_NAMES] + [f"dl/sub/deeper/f{i}.txt" for i in range(8)] + ["dl/empty"]
    for key in keys:
        admin_storage.upload_bytes(bucket, key, b"" if key.endswith("empty") else key.encode())
    queue, driver = make_queue(storage=storage)
    plan = queue.plan_downloads([(bucket, "dl/")], tmp_path / "dest")
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == [] and len(jobs) == len(keys)
    queue.add_downloads(jobs)
    driver.drive()
    assert driver.wait(30)
    assert all(j.state is JobState.DONE for j in queue.jobs())
    assert proxy.stats.requests == 1 + len(keys)  # the listing, then one GET each
    written = sorted(str(p.relative_to(tmp_path / "dest")) for p in (tmp_path / "dest").rglob("*") if p.is_file())
    assert written == sorted(k.replace("dl/", "dl/", 1) for k in keys)
    assert (tmp_path / "dest" / "dl" / ODD_NAMES[2]).read_bytes() == f"dl/{ODD_NAMES[2]}".encode()
