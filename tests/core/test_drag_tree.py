"""Folders dragged out of the app (issue 24, item 2), on the real server: the drag's own folder holds
them with the folder download's structure and real names, within a cap, and nothing when cancelled."""

from __future__ import annotations

import stat
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

MATERIALS = "classrooms/math-7a/materials/"


@pytest.fixture
def names(bucket: str, make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=bucket, recordings=make_bucket("rec"))


def material(storage: Storage, names: BucketNames, doc: str, original: str, data: bytes) -> str:
    key = f"{MATERIALS}{doc}.pdf"
    storage.upload_bytes(names.documents, key, data, "application/pdf", {ORIGINAL_NAME_META: original})
    return key


def tree_of(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_a_folder_arrives_with_its_structure_and_real_names_beside_an_object(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    docs = names.documents
    material(admin_storage, names, "d1", "Lab.pdf", b"%PDF-1 lab")
    material(admin_storage, names, "d2", "lab.PDF", b"%PDF-1 other lab")
    material(admin_storage, names, "d3", "../../etc/passwd", b"%PDF-1 evil")
    material(admin_storage, names, "d4", "a/b\\c\x01.pdf", b"%PDF-1 slashes")
    admin_storage.upload_bytes(docs, "misc/reports/2024/summary.txt", b"summary")
    admin_storage.upload_bytes(docs, "misc/reports/notes.txt", b"notes")
    admin_storage.upload_bytes(docs, "misc/math-7a", b"an object named as the folder")
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    seen: list[tuple[int, int]] = []
    items = [(docs, MATERIALS), (docs, "misc/reports/"), (docs, "misc/math-7a"), (docs, "misc/empty/")]
    tree = drag_tree.build(copies, items, lambda d, t: seen.append((d, t)))

    assert tree_of(tree.folder) == {
        "empty": None,
        "math-7a": None,
        "math-7a (2)": b"an object named as the folder",
        "math-7a/materials": None,
        "math-7a/materials/Lab.pdf": b"%PDF-1 lab",
        "math-7a/materials/_.._etc_passwd.pdf": b"%PDF-1 evil",
        "math-7a/materials/a_b_c_.pdf": b"%PDF-1 slashes",
        "math-7a/materials/lab (2).PDF": b"%PDF-1 other lab",
        "reports": None,
        "reports/2024": None,
        "reports/2024/summary.txt": b"summary",
        "reports/notes.txt": b"notes",
    }
    folder = tree.folder
    assert tree.entries == [folder / "math-7a", folder / "reports", folder / "math-7a (2)", folder / "empty"]
    assert [c.key if c is not None else None for c in tree.copies] == [None, None, "misc/math-7a", None]
    assert len(tree.fetched) == 7 and tree.refusals == []
    assert folder.parent == tmp_path / "cache" / "drags" and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert seen[-1][0] == seen[-1][1] == sum(c.size for c in tree.fetched)
    again = drag_tree.build(copies, items[:1])  # from the cache: the same files, hard links to them
    lab = again.folder / "math-7a" / "materials" / "Lab.pdf"
    assert lab.read_bytes() == b"%PDF-1 lab" and lab.stat().st_nlink >= 2


def test_measure_counts_within_the_cap_and_stops_past_it(
    admin_storage: Storage, names: BucketNames,
) -> None:
    docs = names.documents
    for i in range(5):
        admin_storage.upload_bytes(docs, f"big/part-{i}.bin", bytes(100))
    admin_storage.upload_bytes(docs, "big/", b"")  # a folder marker: not a file
    items, sizes = [(docs, "big/"), (docs, "lone.bin")], [0, 7]
    listed: list[tuple[int, int]] = []
    assert drag_tree.measure(admin_storage, items, sizes, 10, 10_000, lambda f, b: listed.append((f, b))) == \
        drag_tree.Tally(6, 507)
    assert listed[-1] == (6, 507)
    over = drag_tree.measure(admin_storage, items, sizes, 3, 10_000)
    assert (over.files, over.complete) == (4, False)
    heavy = drag_tree.measure(admin_storage, items, sizes, 10, 250)
    assert (heavy.files, heavy.size, heavy.complete) == (3, 300, False)
    assert not drag_tree.measure(admin_storage, [(docs, "lone.bin")], [5000], 10, 250).complete


def test_a_cancelled_drag_leaves_no_folder(
    admin_storage: Storage, names: BucketNames, tmp_path: Path,
) -> None:
    for i in range(3):
        material(admin_storage, names, f"b{i}", f"Big {i}.pdf", b"%PDF-1 " + bytes(200_000))
    copies = LocalCopies(admin_storage, names, tmp_path / "cache")
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done > 250_000:
            token.cancel()

    with pytest.raises(Cancelled):
        drag_tree.build(copies, [(names.documents, MATERIALS)], progress, token)
    assert list((tmp_path / "cache" / "drags").iterdir()) == []
