"""Renaming materials and notes on the real SeaweedFS: the display name changes, nothing else does."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ensure_browser.core.objects.rename import InvalidName, clean_name, rename, rename_check
from ensure_browser.core.s3.storage import SourceChanged, Storage
from ensure_browser.core.schema.table import BucketNames

MATERIAL = "classrooms/c1/materials/0b7a1c2e-1111-4222-8333-944455556666.pdf"
NOTE = "students/s1/notes/5f0e2b1a-1111-4222-8333-944455556666.pdf"


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(make_bucket("doc"), make_bucket("rec"), make_bucket("ocr"), make_bucket("mlf"))


def _put(storage: Storage, bucket: str, key: str, data: bytes, **meta: str) -> str:
    storage.upload_bytes(bucket, key, data, content_type="application/pdf",
                         metadata={"original-filename": "Photosynthesis Lab.pdf", **meta})
    return storage.stat(bucket, key).etag


@pytest.mark.parametrize("key", [MATERIAL, NOTE], ids=["material", "note"])
def test_rename_keeps_bytes_content_type_and_other_metadata(admin_storage: Storage, names: BucketNames,
                                                            key: str) -> None:
    docs = names.documents
    etag = _put(admin_storage, docs, key, b"%PDF-1.4 lab", **{"uploaded-by": "teacher-7"})
    result, clean = rename(admin_storage, docs, key, etag, "Fotosynthese – Übung 2", names)
    assert clean.name == "Fotosynthese – Übung 2.pdf" and ".pdf was added" in clean.note
    after = admin_storage.stat(docs, key)
    assert after.metadata == {"original-filename": "Fotosynthese – Übung 2.pdf", "uploaded-by": "teacher-7"}
    assert after.content_type == "application/pdf"
    assert after.etag == result.etag == etag  # the same bytes: the same MD5
    assert admin_storage.read_range(docs, key) == b"%PDF-1.4 lab"


def test_rename_is_refused_when_the_object_changed_since_it_was_shown(admin_storage: Storage,
                                                                       names: BucketNames) -> None:
    docs = names.documents
    seen = _put(admin_storage, docs, MATERIAL, b"%PDF-1.4 first")
    _put(admin_storage, docs, MATERIAL, b"%PDF-1.4 replaced by a colleague", **{"original-filename": "Theirs.pdf"})
    with pytest.raises(SourceChanged):
        rename(admin_storage, docs, MATERIAL, seen, "Mine.pdf", names)
    after = admin_storage.stat(docs, MATERIAL)
    assert after.metadata["original-filename"] == "Theirs.pdf"
    assert admin_storage.read_range(docs, MATERIAL) == b"%PDF-1.4 replaced by a colleague"


@pytest.mark.parametrize(("text", "why"), [
    ("", "must not be empty"),
    ("  . ", "must not be empty"),
    ("../../etc/passwd", "cannot contain /"),
    ("a\\b.pdf", "cannot contain /"),
    ("Lab\nReport.pdf", "control character (U+000A)"),
    ("Lab\x1b[31mRed.pdf", "control character (U+001B)"),
    ("report\u202egpj.exe", "invisible formatting character (U+202E)"),
    ("CON.pdf", "reserved device name"),
    ("com1", "reserved device name"),
    ("lpt9.notes.pdf", "reserved device name"),
    ("é" * 150 + ".pdf", "is 304 bytes long"),
    (".hidden.pdf", "cannot start with a dot"),
])
def test_hostile_names_are_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InvalidName, match=None) as caught:
        clean_name(text, MATERIAL)
    assert why in str(caught.value)


def test_names_are_tidied_and_long_ones_up_to_the_limit_pass() -> None:
    assert clean_name("  Lab Report.PDF  ", MATERIAL).name == "Lab Report.PDF"
    assert clean_name("Lab Report...", MATERIAL).name == "Lab Report.pdf"
    assert clean_name("Console notes", MATERIAL).name == "Console notes.pdf"  # CON only as a whole stem
    assert clean_name("a" * 251, MATERIAL).name == "a" * 251 + ".pdf"  # 255 bytes
    with pytest.raises(InvalidName):
        clean_name("a" * 252, MATERIAL)


def test_hostile_name_changes_nothing_on_the_server(admin_storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    etag = _put(admin_storage, docs, MATERIAL, b"%PDF-1.4 x")
    with pytest.raises(InvalidName):
        rename(admin_storage, docs, MATERIAL, etag, "x/../../y.pdf", names)
    assert admin_storage.stat(docs, MATERIAL).metadata["original-filename"] == "Photosynthesis Lab.pdf"


@pytest.mark.parametrize(("role", "key", "short"), [
    ("recordings", "meetings/m1/chunks/chunk_3.webm", "chunks are named by number"),
    ("recordings", "meetings/m1/raw/recording.webm", "named by the platform"),
    ("ocr", "0b7a1c2e/pages/page_1.png", "OCR pages are named by id and page"),
    ("ocr", "0b7a1c2e/json/page_1.json", "OCR pages are named by id and page"),
    ("mlflow", "1/run9/model/model.pkl", "MLflow files are named by run"),
    ("documents", "classrooms/c1/thumbnails/0b7a1c2e_thumb.png", "named after its material"),
    ("documents", "notes.txt", "no display name"),
])
def test_kinds_named_by_ids_are_not_renamable_and_say_why(admin_storage: Storage, names: BucketNames,
                                                          role: str, key: str, short: str) -> None:
    bucket = getattr(names, role)
    check = rename_check(bucket, key, False, names)
    assert not check.allowed
    assert check.short == short
    assert "cannot" in check.reason or "Only materials" in check.reason
    admin_storage.upload_bytes(bucket, key, b"data")
    etag = admin_storage.stat(bucket, key).etag
    with pytest.raises(InvalidName):
        rename(admin_storage, bucket, key, etag, "nicer.pdf", names)
    assert "original-filename" not in admin_storage.stat(bucket, key).metadata
    assert not rename_check(names.documents, "classrooms/c1/", True, names).allowed
    assert rename_check(names.documents, MATERIAL, False, names).allowed
