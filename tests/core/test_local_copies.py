"""Local copies for Open and drag-out (issue 24, item 2), on the real server: real names, verified,
re-used while the ETag holds, a changed object fetched again, the user's edits never overwritten."""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.objects import drag_tree
from ensure_browser.core.objects.local_copies import LocalCopies
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META

CLASSROOM = "math-7a"


@pytest.fixture
def names(bucket: str, make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=bucket, recordings=make_bucket("rec"))


class Counting:
    """The real Storage, its downloads counted."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.downloads: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.storage, name)

    def download_file(self, bucket: str, key: str, dest: Path, **kw: object) -> object:
        self.downloads.append(key)
        return self.storage.download_file(bucket, key, dest, **kw)  # type: ignore[arg-type]


def material(storage: Storage, names: BucketNames, doc: str, original: str, data: bytes) -> str:
    key = f"classrooms/{CLASSROOM}/materials/{doc}.pdf"
    storage.upload_bytes(names.documents, key, data, "application/pdf", {ORIGINAL_NAME_META: original})
    return key


def test_a_copy_has_the_real_name_and_bytes_and_is_reused_until_the_object_changes(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    key = material(admin_storage, names, "d1", "Photosynthesis Lab.pdf", b"%PDF-1 first")
    counting = Counting(admin_storage)
    copies = LocalCopies(counting, names, tmp_path / "cache")  # type: ignore[arg-type]
    first = copies.fetch(names.documents, key)
    assert first.fetched and first.name == "Photosynthesis Lab.pdf"
    assert first.path.read_bytes() == b"%PDF-1 first"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cache" / "objects").stat().st_mode) == 0o700

    again = copies.fetch(names.documents, key)
    assert not again.fetched and again.path == first.path and counting.downloads == [key]

    material(admin_storage, names, "d1", "Photosynthesis Lab.pdf", b"%PDF-1 second, corrected")
    changed = copies.fetch(names.documents, key)
    assert changed.fetched and changed.path == first.path and changed.etag != first.etag
    assert changed.path.read_bytes() == b"%PDF-1 second, corrected"
    assert counting.downloads == [key, key]


def test_a_copy_edited_on_disk_is_kept_and_a_fresh_one_fetched(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    key = material(admin_storage, names, "d2", "Worksheet.pdf", b"%PDF-1 server")
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    first = copies.fetch(names.documents, key)
    first.path.write_bytes(b"%PDF-1 my edits")
    fresh = copies.fetch(names.documents, key)
    assert fresh.fetched and fresh.path.read_bytes() == b"%PDF-1 server"
    kept = list((tmp_path / "cache" / "kept").rglob("Worksheet.pdf"))
    assert [p.read_bytes() for p in kept] == [b"%PDF-1 my edits"]


def test_a_renamed_object_gets_a_copy_under_its_new_name(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    key = material(admin_storage, names, "d3", "Old name.pdf", b"%PDF-1 x")
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    old = copies.fetch(names.documents, key)
    material(admin_storage, names, "d3", "New name.pdf", b"%PDF-1 x")
    new = copies.fetch(names.documents, key)
    assert new.name == "New name.pdf" and new.fetched and not old.path.exists()


HOSTILE = {
    "a/b\\c.pdf": "a_b_c.pdf",
    "ctl\x01\x1f\x7f.pdf": "ctl___.pdf",
    "CON.pdf": "_CON.pdf",
    "../../etc/passwd": "_.._etc_passwd.pdf",
}


def test_a_drag_folder_has_every_copy_under_a_safe_distinct_name(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    long_name = "é" * 148 + ".pdf"  # 300 bytes
    originals = [*HOSTILE, long_name, "Lab.pdf", "lab.PDF", "Lab"]
    keys = [material(admin_storage, names, f"h{i}", o, f"%PDF-1 {i}".encode()) for i, o in enumerate(originals)]
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    seen: list[tuple[int, int]] = []
    tree = drag_tree.build(copies, [(names.documents, k) for k in keys], lambda d, t: seen.append((d, t)))
    paths = [p for p in tree.entries if p is not None]
    assert len(paths) == len(keys) and {p.parent for p in paths} == {tree.folder}
    by_name = {p.name: p.read_bytes() for p in paths}
    for i, (original, expected) in enumerate(HOSTILE.items()):
        assert by_name[expected] == f"%PDF-1 {i}".encode(), original
    assert by_name["Lab.pdf"] == b"%PDF-1 5" and by_name["lab (2).PDF"] == b"%PDF-1 6"
    assert by_name["Lab (3).pdf"] == b"%PDF-1 7"
    cut = paths[len(HOSTILE)].name
    assert cut.endswith(".pdf") and len(cut.encode()) <= 200
    for path in paths:
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in path.name)
        assert path.resolve().is_relative_to((tmp_path / "cache").resolve())
    assert seen[-1][0] == seen[-1][1]


def test_a_cancelled_copy_leaves_nothing_under_the_name(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    key = material(admin_storage, names, "big", "Big.pdf", b"%PDF-1 " + b"x" * 300_000)
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done:
            token.cancel()

    with pytest.raises(Cancelled):
        copies.fetch(names.documents, key, progress, token)
    assert not list((tmp_path / "cache").rglob("Big.pdf"))
    assert copies.fetch(names.documents, key).path.read_bytes().startswith(b"%PDF-1 xxx")


def test_the_cache_keeps_the_recently_used_copies_within_its_limit(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    keys = [material(admin_storage, names, f"l{i}", f"L{i}.pdf", b"%PDF-1 " + bytes(1000)) for i in range(3)]
    copies = LocalCopies(admin_storage, names, tmp_path / "cache", limit=2500)
    first = copies.fetch(names.documents, keys[0])
    second = copies.fetch(names.documents, keys[1])
    os.utime(first.path.parent / ".copy.json", (1, 1))
    os.utime(second.path.parent / ".copy.json", (2, 2))
    assert not copies.fetch(names.documents, keys[0]).fetched  # used again: now the most recent
    third = copies.fetch(names.documents, keys[2])
    assert first.path.exists() and third.path.exists() and not second.path.exists()


def test_trimming_the_cache_sets_an_edited_copy_aside_instead_of_removing_it(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    keys = [material(admin_storage, names, f"t{i}", f"T{i}.pdf", b"%PDF-1 " + bytes(1000)) for i in range(3)]
    copies = LocalCopies(admin_storage, names, tmp_path / "cache", limit=2500)
    first = copies.fetch(names.documents, keys[0])
    first.path.write_bytes(b"%PDF-1 my edits, opened from the app and saved")
    os.utime(first.path.parent / ".copy.json", (1, 1))  # the least recently used: the first to go
    copies.fetch(names.documents, keys[1])
    copies.fetch(names.documents, keys[2])
    assert not first.path.exists()  # out of the cache ...
    kept = list((tmp_path / "cache" / "kept").rglob("T0.pdf"))
    assert [p.read_bytes() for p in kept] == [b"%PDF-1 my edits, opened from the app and saved"]  # ... not lost
