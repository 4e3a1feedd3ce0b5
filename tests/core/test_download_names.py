"""Downloads under real names (issue 24, item 1), on the real server.

Materials and notes are uploaded through the app's upload path (``plan_drop`` + the queue), which sets
their ``original-filename`` metadata; hostile original names are put into that plan's metadata,
as a client other than this app could store them.
"""

from __future__ import annotations

import dataclasses
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers import download_names
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META, FreeNames, folder_base, real_name
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import Direction, JobState
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.plan import DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.transfers import make_pdf, tiny_png

CLASSROOM = "math-7a"
STUDENT = "stu-42"


@pytest.fixture
def names(bucket: str, make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=bucket, recordings=make_bucket("rec"))


@pytest.fixture
def queue(admin_storage: Storage, names: BucketNames, tmp_path: Path) -> Iterator[TransferQueue]:
    q = TransferQueue(admin_storage, names, journal=Journal(tmp_path / "journal" / "transfers.json"),
                      render_thumbnail=tiny_png, retry_backoff=0.05)
    driver = ThreadedDriver(q)
    q.driver = driver  # type: ignore[attr-defined]
    yield q
    driver.close()


def run(queue: TransferQueue) -> None:
    driver: ThreadedDriver = queue.driver  # type: ignore[attr-defined]
    driver.drive()
    assert driver.wait(30)
    failed = [(j.key, j.state, j.error) for j in queue.jobs() if j.state is not JobState.DONE]
    assert failed == []


def upload(queue: TransferQueue, names: BucketNames, tmp_path: Path, files: dict[str, str],
           target: DropTarget) -> dict[str, str]:
    """Upload one PDF per (local file name -> original name) through a drop plan; original -> key."""
    sources = []
    for i, local in enumerate(files):
        path = tmp_path / "src" / str(i) / local
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_pdf(f"doc {i}"))
        sources.append(path)
    plan = plan_drop(target, sources, names)
    assert plan.refusals == []
    plan.uploads = [dataclasses.replace(u, metadata={ORIGINAL_NAME_META: original})
                    for u, original in zip(plan.uploads, files.values(), strict=True)]
    queue.add_plan(plan)
    run(queue)
    return {u.metadata[ORIGINAL_NAME_META]: u.key for u in plan.uploads}


def classroom(names: BucketNames) -> DropTarget:
    return DropTarget("classroom", names.documents, f"classrooms/{CLASSROOM}/", {"classroom_id": CLASSROOM})


def notes(names: BucketNames) -> DropTarget:
    return DropTarget("student_notes", names.documents, f"students/{STUDENT}/notes/", {"student_id": STUDENT})


def download(queue: TransferQueue, items: list[tuple[str, str]], dest: Path) -> dict[str, bytes]:
    """Plan and run the downloads; every file below ``dest`` (relative path -> bytes)."""
    before = {j.id for j in queue.jobs()}
    plan = queue.plan_downloads(items, dest)
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == []
    queue.add_downloads(jobs)
    run(queue)
    assert all(Path(j.local_path).resolve().is_relative_to(dest.resolve()) for j in queue.jobs()
               if j.id not in before and j.direction is Direction.DOWNLOAD)
    return {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}


def test_materials_and_notes_download_under_their_original_names(
    queue: TransferQueue, names: BucketNames, admin_storage: Storage, tmp_path: Path,
) -> None:
    """What the tree shows is what arrives: not ``<uuid>.pdf``; a selected object costs no extra HEAD."""
    material = upload(queue, names, tmp_path, {"Photosynthesis Lab.pdf": "Photosynthesis Lab.pdf"},
                      classroom(names))["Photosynthesis Lab.pdf"]
    note = upload(queue, names, tmp_path, {"Zellbiologie – Übersicht.pdf": "Zellbiologie – Übersicht.pdf"},
                  notes(names))["Zellbiologie – Übersicht.pdf"]
    assert material.startswith(f"classrooms/{CLASSROOM}/materials/") and note.startswith(f"students/{STUDENT}/")
    dest = tmp_path / "dest"
    got = download(queue, [(names.documents, material), (names.documents, note)], dest)
    assert set(got) == {"Photosynthesis Lab.pdf", "Zellbiologie – Übersicht.pdf"}
    assert got["Photosynthesis Lab.pdf"] == admin_storage.read_range(names.documents, material)
    assert {j.display_name for j in queue.jobs() if j.direction is Direction.DOWNLOAD} == set(got)


# original name -> the file it becomes
HOSTILE = {
    "../../etc/passwd": "_.._etc_passwd.pdf",
    "a/b\\c.pdf": "a_b_c.pdf",
    "..": None,  # nothing left: the key's own name
    "ctl\x01\x1f\x7f.pdf": "ctl___.pdf",
    "report.pdf\u202egpj.exe": "report.pdfgpj.exe.pdf",
    "\u2066\u05e9\u05dc\u05d5\u05dd\u2069.pdf": "\u05e9\u05dc\u05d5\u05dd.pdf",
    "CON.pdf": "_CON.pdf",
    "nul": "_nul.pdf",
    "COM0 .pdf": "_COM0 .pdf",
    "trailing. . .": "trailing. . ..pdf",
    ".hidden.pdf": "hidden.pdf",
    "setup.exe": "setup.exe.pdf",
    "Lesson": "Lesson.pdf",
    "NOTES.PDF": "NOTES.PDF",
}


def test_hostile_original_names_become_safe_local_names(
    queue: TransferQueue, names: BucketNames, tmp_path: Path,
) -> None:
    long_name = "é" * 148 + ".pdf"  # 300 bytes
    assert len(long_name.encode()) == 300
    originals = {**{f"f{i}.pdf": o for i, o in enumerate(HOSTILE)}, "long.pdf": long_name}
    keys = upload(queue, names, tmp_path, originals, classroom(names))
    dest = tmp_path / "dest"
    download(queue, [(names.documents, k) for k in keys.values()], dest)
    by_key = {j.key: Path(j.local_path) for j in queue.jobs() if j.direction is Direction.DOWNLOAD}
    for original, expected in HOSTILE.items():
        path = by_key[keys[original]]
        assert path.parent == dest
        assert path.name == (expected or keys[original].rsplit("/", 1)[-1]), original
        assert path.is_file()
    cut = by_key[keys[long_name]].name
    assert cut.endswith(".pdf") and cut.startswith("é" * 90) and len(cut.encode()) <= 200
    for path in dest.iterdir():
        assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in path.name)
        assert len(path.name.encode()) <= 255 and "/" not in path.name and "\\" not in path.name


def test_collisions_are_numbered_within_a_batch_and_with_files_on_disk(
    queue: TransferQueue, names: BucketNames, tmp_path: Path,
) -> None:
    """Three materials named alike (one differs in case only: one file on Windows and macOS) get
    numbers; a file on disk is never replaced, nothing is refused, and a second download of the same
    finds its earlier copy ("Lab (2).pdf", proven identical) and fetches nothing."""
    keys = upload(queue, names, tmp_path, {"a.pdf": "Lab.pdf", "b.pdf": "Lab", "c.pdf": "lab.PDF"},
                  classroom(names))
    batch = [(names.documents, keys[o]) for o in ("Lab.pdf", "Lab", "lab.PDF")]
    got = download(queue, batch, tmp_path / "one")
    assert sorted(got) == ["Lab (2).pdf", "Lab.pdf", "lab (3).PDF"]
    assert len(set(got.values())) == 3  # three different PDFs, none lost

    dest = tmp_path / "two"
    dest.mkdir()
    (dest / "Lab.pdf").write_bytes(b"mine")
    got = download(queue, batch[:1], dest)
    assert got == {"Lab.pdf": b"mine", "Lab (2).pdf": got["Lab (2).pdf"]} and got["Lab (2).pdf"].startswith(b"%PDF")
    plan = queue.plan_downloads(batch[:1], dest)
    assert plan.jobs == [] and [Path(u.path).name for u in plan.unchanged] == ["Lab (2).pdf"]
    assert download(queue, batch[:1], dest) == got


def test_folder_download_of_a_classroom_and_its_materials(
    queue: TransferQueue, names: BucketNames, admin_storage: Storage, tmp_path: Path,
) -> None:
    """The classroom id folder, "materials" and "thumbnails" below it, each material by its real name
    (two of the same name numbered); the materials folder alone says whose it is, too."""
    keys = upload(queue, names, tmp_path, {"x.pdf": "Fractions – Week 1.pdf", "y.pdf": "Quiz.pdf",
                                           "z.pdf": "quiz.pdf"}, classroom(names))
    doc_ids = {o: k.rsplit("/", 1)[-1].removesuffix(".pdf") for o, k in keys.items()}
    dest = tmp_path / "whole"
    got = download(queue, [(names.documents, f"classrooms/{CLASSROOM}/")], dest)
    assert sorted(got) == sorted([
        f"{CLASSROOM}/materials/Fractions – Week 1.pdf",
        f"{CLASSROOM}/materials/Quiz.pdf",
        f"{CLASSROOM}/materials/quiz (2).pdf",
        *(f"{CLASSROOM}/thumbnails/{d}_thumb.png" for d in doc_ids.values()),
    ]) or sorted(got) == sorted([
        f"{CLASSROOM}/materials/Fractions – Week 1.pdf", f"{CLASSROOM}/materials/quiz.pdf",
        f"{CLASSROOM}/materials/Quiz (2).pdf", *(f"{CLASSROOM}/thumbnails/{d}_thumb.png" for d in doc_ids.values()),
    ])
    fractions = got[f"{CLASSROOM}/materials/Fractions – Week 1.pdf"]
    assert fractions == admin_storage.read_range(names.documents, keys["Fractions – Week 1.pdf"])

    only = download(queue, [(names.documents, f"classrooms/{CLASSROOM}/materials/")], tmp_path / "materials")
    assert {p.rsplit("/", 1)[0] for p in only} == {f"{CLASSROOM}/materials"}
    assert f"{CLASSROOM}/materials/Fractions – Week 1.pdf" in only and len(only) == 3


def test_folder_download_of_a_meeting_keeps_its_structure(
    queue: TransferQueue, names: BucketNames, admin_storage: Storage, tmp_path: Path,
) -> None:
    """A meeting has no original names: its files keep the key's names, in the tree's folders."""
    rec = names.recordings
    files = {"meetings/m-1/raw/recording.webm": b"raw", "meetings/m-1/chunks/chunk_0.webm": b"c0",
             "meetings/m-1/chunks/chunk_1.webm": b"c1", "meetings/m-1/processed/audio.mp3": b"mp3"}
    for key, data in files.items():
        admin_storage.upload_bytes(rec, key, data, "video/webm")
    got = download(queue, [(rec, "meetings/m-1/")], tmp_path / "m")
    assert got == {k.removeprefix("meetings/"): v for k, v in files.items()}
    chunks = download(queue, [(rec, "meetings/m-1/chunks/")], tmp_path / "c")
    assert chunks == {"m-1/chunks/chunk_0.webm": b"c0", "m-1/chunks/chunk_1.webm": b"c1"}


def test_folder_names_need_one_head_per_material_at_most_a_few_at_once(
    queue: TransferQueue, names: BucketNames, admin_storage: Storage, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The HEADs for the names run in the planning worker, bounded; other objects need none."""
    upload(queue, names, tmp_path, {f"{i}.pdf": f"Sheet {i}.pdf" for i in range(12)}, classroom(names))
    running, peak, heads = [0], [0], []
    lock = threading.Lock()
    real_stat = admin_storage.stat

    def stat(bucket: str, key: str):  # type: ignore[no-untyped-def]
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            heads.append(key)
        try:
            return real_stat(bucket, key)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(admin_storage, "stat", stat)
    monkeypatch.setattr(download_names, "HEAD_CONCURRENCY", 3)
    plan = queue.plan_downloads([(names.documents, f"classrooms/{CLASSROOM}/")], tmp_path / "d")
    jobs, refusals = plan.jobs, plan.refusals
    assert refusals == [] and len(jobs) == 24
    assert len(heads) == 12 and all("/materials/" in k for k in heads) and peak[0] <= 3
    assert sorted(Path(j.local_path).name for j in jobs if "/materials/" in j.key) == sorted(
        f"Sheet {i}.pdf" for i in range(12))


def test_real_names_helpers() -> None:
    assert real_name("classrooms/c/materials/u.pdf", "") == "u.pdf"
    assert real_name("classrooms/c/materials/u.pdf", "  ") == "u.pdf"
    assert real_name("a/b", "x.txt") == "x.txt"  # a key without an extension adds none
    names = BucketNames()
    assert folder_base(names.documents, "classrooms/c1/materials/", names) == ["c1", "materials"]
    assert folder_base(names.documents, "classrooms/c1/", names) == ["c1"]
    assert folder_base(names.documents, "students/s/notes/", names) == ["s", "notes"]
    assert folder_base(names.ocr, "doc/pages/", names) == ["doc", "pages"]
    assert folder_base("elsewhere", "classrooms/c1/materials/", names) == ["materials"]
    free = FreeNames(["/x/taken.pdf"])
    assert free.claim(Path("/x/TAKEN.pdf")).name == "TAKEN (2).pdf"
    assert free.claim(Path("/x/taken.pdf")).name == "taken (3).pdf"
