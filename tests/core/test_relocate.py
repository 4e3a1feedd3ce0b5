"""Copy and move of materials and notes on the real SeaweedFS: bytes, content type, metadata and
thumbnails; a move keeps the document id, a copy gets a new one; a source changed since the
confirmation stays; an existing destination is kept; a partial failure loses nothing; cancel."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.objects.relocate import Destination, Selected, plan_relocate
from ensure_browser.core.objects.relocate_run import execute_relocate
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity, SeaweedServer

C1, C2 = "c1", "c2"
MAT = "classrooms/c1/materials/{0}.pdf"
THUMB = "classrooms/c1/thumbnails/{0}_thumb.png"


def _material(storage: Storage, docs: str, doc_id: str, name: str, classroom: str = C1,
              thumb: bool = True) -> str:
    key = f"classrooms/{classroom}/materials/{doc_id}.pdf"
    storage.upload_bytes(docs, key, b"%PDF-1.4 " + doc_id.encode(), content_type="application/pdf",
                         metadata={"original-filename": name})
    if thumb:
        storage.upload_bytes(docs, f"classrooms/{classroom}/thumbnails/{doc_id}_thumb.png",
                             b"\x89PNG thumb " + doc_id.encode(), content_type="image/png")
    return key


def _selected(storage: Storage, docs: str, key: str) -> Selected:
    st = storage.stat(docs, key)
    return Selected(docs, key, st.etag, st.size, st.metadata.get("original-filename", ""))


def _keys(storage: Storage, docs: str, prefix: str = "") -> set[str]:
    return {i.key for i in storage.list_recursive(docs, prefix)}


@pytest.fixture
def docs(make_bucket: Callable[[str], str]) -> str:
    return make_bucket("docs")


def test_move_keeps_the_document_id_bytes_type_metadata_and_thumbnail(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    key = _material(admin_storage, docs, "d1", "Photosynthesis Lab – Übung.pdf")
    before = admin_storage.stat(docs, key)
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, key)], Destination("classroom", C2),
                         "move", names)
    assert [u.document.dest_key for u in plan.units] == ["classrooms/c2/materials/d1.pdf"]
    assert plan.units[0].thumbnail is not None
    assert plan.units[0].thumbnail.dest_key == "classrooms/c2/thumbnails/d1_thumb.png"
    assert "Photosynthesis Lab" in plan.summary() and "1 thumbnail" in plan.summary()
    result = execute_relocate(admin_storage, plan)
    assert len(result.done) == 1 and not result.kept
    assert _keys(admin_storage, docs) == {"classrooms/c2/materials/d1.pdf", "classrooms/c2/thumbnails/d1_thumb.png"}
    after = admin_storage.stat(docs, "classrooms/c2/materials/d1.pdf")
    assert after.etag == before.etag and after.content_type == "application/pdf"
    assert after.metadata["original-filename"] == "Photosynthesis Lab – Übung.pdf"
    assert admin_storage.read_range(docs, "classrooms/c2/materials/d1.pdf") == b"%PDF-1.4 d1"
    assert admin_storage.read_range(docs, "classrooms/c2/thumbnails/d1_thumb.png") == b"\x89PNG thumb d1"
    assert admin_storage.stat(docs, "classrooms/c2/thumbnails/d1_thumb.png").content_type == "image/png"


def test_copy_gets_a_new_document_id_and_keeps_the_source(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    key = _material(admin_storage, docs, "d1", "Worksheet.pdf")
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, key)], Destination("classroom", C2),
                         "copy", names)
    result = execute_relocate(admin_storage, plan)
    assert len(result.done) == 1
    new = [k for k in _keys(admin_storage, docs, "classrooms/c2/")]
    assert len(new) == 2
    material = next(k for k in new if "/materials/" in k)
    c = classify(docs, material, names)
    assert c is not None and c.kind == "material" and c.ids["document_id"] != "d1"
    assert f"classrooms/c2/thumbnails/{c.ids['document_id']}_thumb.png" in new
    assert admin_storage.stat(docs, material).metadata["original-filename"] == "Worksheet.pdf"
    assert admin_storage.read_range(docs, material) == b"%PDF-1.4 d1"
    assert {MAT.format("d1"), THUMB.format("d1")} <= _keys(admin_storage, docs)  # the source stays


def test_notes_move_between_students_and_other_kinds_are_refused(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    admin_storage.upload_bytes(docs, "students/s1/notes/n1.pdf", b"%PDF-1.4 note", content_type="application/pdf",
                               metadata={"original-filename": "My notes.pdf"})
    material = _material(admin_storage, docs, "d1", "Lab.pdf")
    selected = [_selected(admin_storage, docs, "students/s1/notes/n1.pdf"), _selected(admin_storage, docs, material),
                Selected(docs, THUMB.format("d1"))]
    plan = plan_relocate(admin_storage, selected, Destination("student", "s2"), "move", names)
    assert [u.document.dest_key for u in plan.units] == ["students/s2/notes/n1.pdf"]
    assert len(plan.refused) == 2 and "thumbnail goes with its material" in plan.refused[1].reason
    result = execute_relocate(admin_storage, plan)
    assert len(result.done) == 1
    st = admin_storage.stat(docs, "students/s2/notes/n1.pdf")
    assert st.metadata["original-filename"] == "My notes.pdf" and st.content_type == "application/pdf"
    assert not admin_storage.exists(docs, "students/s1/notes/n1.pdf")
    assert admin_storage.exists(docs, material)


def test_a_folder_is_planned_with_every_material_in_it(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    for n in range(3):
        _material(admin_storage, docs, f"d{n}", f"Doc {n}.pdf", thumb=n != 1)
    plan = plan_relocate(admin_storage, [Selected(docs, "classrooms/c1/materials/")],
                         Destination("classroom", C2), "move", names)
    assert sorted(u.document.source_key for u in plan.units) == [MAT.format(f"d{n}") for n in range(3)]
    assert sum(1 for u in plan.units if u.thumbnail is not None) == 2
    result = execute_relocate(admin_storage, plan)
    assert len(result.done) == 3
    assert _keys(admin_storage, docs, "classrooms/c1/") == set()


def test_a_source_changed_since_the_confirmation_is_not_moved(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    k1 = _material(admin_storage, docs, "d1", "One.pdf")
    k2 = _material(admin_storage, docs, "d2", "Two.pdf")
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, k) for k in (k1, k2)],
                         Destination("classroom", C2), "move", names)
    admin_storage.upload_bytes(docs, k1, b"%PDF-1.4 corrected since", content_type="application/pdf")
    result = execute_relocate(admin_storage, plan)
    assert [u.document.source_key for u in result.done] == [k2]
    assert [(u.document.source_key, "changed since you confirmed" in why) for u, why in result.kept] == [(k1, True)]
    assert admin_storage.read_range(docs, k1) == b"%PDF-1.4 corrected since"
    assert admin_storage.exists(docs, THUMB.format("d1"))
    assert not admin_storage.exists(docs, "classrooms/c2/materials/d1.pdf")
    assert not admin_storage.exists(docs, "classrooms/c2/thumbnails/d1_thumb.png")  # no half-moved unit


def test_an_existing_destination_is_kept(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    key = _material(admin_storage, docs, "d1", "Mine.pdf")
    admin_storage.upload_bytes(docs, "classrooms/c2/materials/d1.pdf", b"%PDF-1.4 theirs")
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, key)], Destination("classroom", C2),
                         "move", names)
    assert not plan.units and [k for _u, k in plan.conflicts] == ["classrooms/c2/materials/d1.pdf"]
    # Made between the plan and the run: kept as well.
    key3 = _material(admin_storage, docs, "d3", "Three.pdf")
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, key3)], Destination("classroom", C2),
                         "move", names)
    admin_storage.upload_bytes(docs, "classrooms/c2/thumbnails/d3_thumb.png", b"someone else's thumbnail")
    result = execute_relocate(admin_storage, plan)
    assert not result.done and "exists already" in result.kept[0][1]
    assert admin_storage.read_range(docs, "classrooms/c2/materials/d1.pdf") == b"%PDF-1.4 theirs"
    assert admin_storage.read_range(docs, "classrooms/c2/thumbnails/d3_thumb.png") == b"someone else's thumbnail"
    assert not admin_storage.exists(docs, "classrooms/c2/materials/d3.pdf")  # the half copy removed again
    assert {key, key3, THUMB.format("d3")} <= _keys(admin_storage, docs)


def test_cancel_stops_between_documents(admin_storage: Storage, docs: str) -> None:
    names = BucketNames(documents=docs)
    keys = [_material(admin_storage, docs, f"d{n}", f"{n}.pdf", thumb=False) for n in range(5)]
    plan = plan_relocate(admin_storage, [_selected(admin_storage, docs, k) for k in keys],
                         Destination("classroom", C2), "move", names)
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, _total: int, _name: str) -> None:
        seen.append(done)
        if done == 2:
            token.cancel()

    result = execute_relocate(admin_storage, plan, token, progress)
    assert result.cancelled and len(result.done) == 3 and len(result.not_attempted) == 2
    moved = {u.document.source_key for u in result.done}
    for key in keys:
        dest = key.replace("/c1/", "/c2/")
        assert admin_storage.exists(docs, dest) == (key in moved)
        assert admin_storage.exists(docs, key) == (key not in moved)


# -- least privilege: a key without permission -----------------------------------------------------

DOCS = "ensure-study-documents"


@pytest.fixture(scope="module")
def limited() -> Iterator[tuple[Storage, Storage]]:
    """Own server: ``admin``, and ``mover`` that may read and list everything but write (and
    delete) only below classrooms/c2/materials/ and students/s2/."""
    tmp = Path(tempfile.mkdtemp(prefix="ensure-browser-relocate-"))
    mover = Identity.generate("mover", ("Read", "List", f"Write:{DOCS}/classrooms/c2/materials/*",
                                        f"Write:{DOCS}/students/s2/*"))
    server = SeaweedServer(tmp, [Identity.generate("admin"), mover])
    try:
        server.start()
        admin = Storage(ConnectionSettings(server.endpoint, server.admin.access_key, server.admin.secret_key))
        admin.make_bucket(DOCS)
        yield admin, Storage(ConnectionSettings(server.endpoint, mover.access_key, mover.secret_key))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_a_thumbnail_without_permission_keeps_the_whole_material(limited: tuple[Storage, Storage]) -> None:
    admin, mover = limited
    with_thumb = _material(admin, DOCS, "p1", "With thumbnail.pdf")
    plain = _material(admin, DOCS, "p2", "No thumbnail.pdf", thumb=False)
    plan = plan_relocate(mover, [_selected(admin, DOCS, k) for k in (with_thumb, plain)],
                         Destination("classroom", C2), "move")
    result = execute_relocate(mover, plan)
    # p1: its thumbnail may not be written in c2 -> the material copy is removed again, all kept.
    assert [u.document.source_key for u, _why in result.kept] == [with_thumb]
    assert "thumbnail" in result.kept[0][1]
    assert admin.exists(DOCS, with_thumb) and admin.exists(DOCS, THUMB.format("p1"))
    assert not admin.exists(DOCS, "classrooms/c2/materials/p1.pdf")
    # p2: copied, but the source in c1 may not be deleted: it stays, the copy is verified in place.
    assert [u.document.source_key for u, _why in result.copied_source_kept] == [plain]
    assert "was kept" in result.copied_source_kept[0][1]
    assert admin.read_range(DOCS, plain) == admin.read_range(DOCS, "classrooms/c2/materials/p2.pdf")
    assert not result.done


def test_a_move_with_permission_on_both_sides_completes(limited: tuple[Storage, Storage]) -> None:
    admin, mover = limited
    admin.upload_bytes(DOCS, "students/s2/notes/n9.pdf", b"%PDF-1.4 n9", content_type="application/pdf")
    plan = plan_relocate(mover, [_selected(admin, DOCS, "students/s2/notes/n9.pdf")],
                         Destination("student", "s2"), "copy")
    result = execute_relocate(mover, plan)
    assert len(result.done) == 1 and admin.exists(DOCS, "students/s2/notes/n9.pdf")
    assert len(_keys(admin, DOCS, "students/s2/notes/")) == 2
