"""Level checks of the domain trees, on objects stored in the real server (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from ensure_browser.core.health.level_checks import (
    EBML_MAGIC,
    LevelFacts,
    RecordingHead,
    find_material,
    has_ocr_document,
    level_check,
    meeting_recordings,
    ocr_document_prefix,
    read_head,
    recording_facts,
    summarize,
)
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.schema.tree import DomainNode, map_entries, sections
from tests.support.servers import remove_bucket, unique_names

OBJECTS: dict[str, dict[str, bytes]] = {  # role -> key -> content
    "documents": {
        "classrooms/c1/materials/a.pdf": b"%PDF",
        "classrooms/c1/materials/b.pdf": b"%PDF",
        "classrooms/c1/thumbnails/a_thumb.png": b"png",
        "classrooms/c1/thumbnails/z_thumb.png": b"png",
        "classrooms/c2/materials/q.pdf": b"%PDF",
        "classrooms/c2/thumbnails/q_thumb.png": b"png",
        "students/s1/notes/n.pdf": b"%PDF",
        "temp/u1/part-1": b"x",
    },
    "recordings": {
        "meetings/m1/raw/recording.webm": EBML_MAGIC + b"rest",
        "meetings/m1/chunks/chunk_0.webm": EBML_MAGIC + b"0",
        "meetings/m1/chunks/chunk_2.webm": b"",
        "meetings/m1/chunks/chunk_3.webm": b"%PDF-1.4",
    },
    "ocr": {
        "a/pages/page_1.png": b"png",
        "a/pages/page_2.png": b"png",
        "a/json/page_1.json": b"{}",
        "a/json/page_5.json": b"{}",
    },
}


@dataclass(frozen=True)
class Stored:
    """The objects above in three buckets of the session's server (read only by the tests)."""

    storage: Storage
    names: BucketNames


@pytest.fixture(scope="module")
def stored(admin_storage: Storage) -> Iterator[Stored]:
    names = unique_names("lvl")
    made = [names.name_for(role) for role in OBJECTS]
    try:
        for role, objects in OBJECTS.items():
            bucket = names.name_for(role)
            admin_storage.make_bucket(bucket)
            for key, data in objects.items():
                admin_storage.upload_bytes(bucket, key, data)
        yield Stored(admin_storage, names)
    finally:
        for bucket in made:
            remove_bucket(admin_storage, bucket)


def node_at(stored: Stored, section: str, *labels: str) -> DomainNode:
    """Walk the domain tree from a section through children with these labels."""
    node = next(s for s in sections(stored.names) if s.section == section)
    for label in labels:
        page = [e for p in stored.storage.list_level(node.bucket, node.key) for e in p]
        node = next(c for c in map_entries(node, page) if c.label == label)
    return node


def run(stored: Stored, node: DomainNode, now: datetime | None = None) -> LevelFacts:
    check = level_check(node, names=stored.names, now=now)
    assert check is not None
    for page in stored.storage.list_level(node.bucket, node.key):
        check.add(page, map_entries(node, page))
    return check.finish(stored.storage)


def codes(facts: LevelFacts, key: str) -> list[str]:
    return [f.code for f in facts.flags.get(key, ())]


def test_levels_with_rules_get_a_check_and_others_none(stored: Stored) -> None:
    for path in [("classrooms", "c1"), ("classrooms", "c1", "Materials"), ("classrooms", "c1", "Thumbnails"),
                 ("meetings", "m1"), ("meetings", "m1", "Chunks"), ("ocr", "a"), ("ocr", "a", "Page images"),
                 ("temp",), ("temp", "u1")]:
        assert level_check(node_at(stored, *path)) is not None, path
    for path in [("classrooms",), ("students",), ("students", "s1"), ("meetings",), ("meetings", "m1", "Raw"),
                 ("ocr",)]:
        assert level_check(node_at(stored, *path)) is None, path


@pytest.mark.parametrize("labels", [("c1",), ("c1", "Materials"), ("c1", "Thumbnails")])
def test_thumbnail_pairs_land_on_rows_folders_and_classroom(stored: Stored, labels: tuple[str, ...]) -> None:
    facts = run(stored, node_at(stored, "classrooms", *labels))
    assert facts.scope == "classrooms/c1/"
    assert codes(facts, "classrooms/c1/materials/b.pdf") == ["material_without_thumbnail"]
    assert codes(facts, "classrooms/c1/thumbnails/z_thumb.png") == ["thumbnail_without_material"]
    assert codes(facts, "classrooms/c1/materials/") == ["material_without_thumbnail"]
    assert codes(facts, "classrooms/c1/thumbnails/") == ["thumbnail_without_material"]
    assert sorted(codes(facts, "classrooms/c1/")) == ["material_without_thumbnail", "thumbnail_without_material"]
    assert "classrooms/c1/materials/a.pdf" not in facts.flags
    assert facts.codes == {"material_without_thumbnail", "thumbnail_without_material"}


def test_many_findings_are_summed_up_above_the_rows() -> None:
    rec = "ensure-study-recordings"
    flags = [Flag("empty_chunk", "warning", f"Chunk {i} is empty.", rec, f"meetings/m/chunks/chunk_{i}.webm")
             for i in (10, 2, 7, 1, 30, 4, 3)]
    assert summarize("empty_chunk", flags[:3], rec, "meetings/m/") == flags[:3]
    (summary,) = summarize("empty_chunk", flags, rec, "meetings/m/")
    assert summary.key == "meetings/m/" and summary.severity == "warning"
    assert summary.message == ("7 chunks are empty (0 bytes): chunk_1.webm, chunk_2.webm, chunk_3.webm, "
                               "chunk_4.webm, chunk_7.webm, … (2 more).")


def test_meeting_gaps_empty_chunks_and_missing_audio(stored: Stored) -> None:
    facts = run(stored, node_at(stored, "meetings", "m1"))
    meeting, chunks = "meetings/m1/", "meetings/m1/chunks/"
    assert sorted(codes(facts, meeting)) == ["chunk_gap", "empty_chunk", "meeting_without_audio"]
    assert sorted(codes(facts, chunks)) == ["chunk_gap", "empty_chunk"]
    assert codes(facts, "meetings/m1/chunks/chunk_2.webm") == ["empty_chunk"]
    gap = next(f for f in facts.flags[chunks] if f.code == "chunk_gap")
    assert gap.items == (1,)
    # the chunks level alone decides chunk flags only; the audio flag is left to the meeting
    chunk_facts = run(stored, node_at(stored, "meetings", "m1", "Chunks"))
    assert "meeting_without_audio" not in chunk_facts.codes
    assert sorted(codes(chunk_facts, meeting)) == ["chunk_gap", "empty_chunk"]


def test_ocr_pages_and_json_pair_per_page(stored: Stored) -> None:
    facts = run(stored, node_at(stored, "ocr", "a", "Page text (JSON)"))
    assert sorted(codes(facts, "a/")) == ["ocr_json_without_page", "ocr_page_without_json"]
    assert codes(facts, "a/pages/page_2.png") == ["ocr_page_without_json"]
    assert codes(facts, "a/json/page_5.json") == ["ocr_json_without_page"]
    assert facts.flags["a/pages/page_2.png"][0].message == "Page 2 has no JSON text."


def test_temp_uploads_age_against_the_clock(stored: Stored) -> None:
    section = node_at(stored, "temp")
    written = stored.storage.stat(stored.names.documents, "temp/u1/part-1").last_modified
    assert written is not None
    assert run(stored, section, now=written + timedelta(hours=2)).flags == {}
    facts = run(stored, section, now=written + timedelta(days=3))
    assert codes(facts, "temp/u1/") == ["stale_temp_upload"]
    assert codes(facts, "temp/") == ["stale_temp_upload"]


def test_extra_listings_stop_at_the_cap(stored: Stored) -> None:
    check = level_check(node_at(stored, "classrooms", "c1"), cap=1, names=stored.names)
    assert check is not None
    check.finish(stored.storage)
    assert check.incomplete


def test_recording_heads_and_flags(stored: Stored) -> None:
    storage, rec = stored.storage, stored.names.recordings
    infos = meeting_recordings(storage, rec, "m1")
    assert [i.key.rsplit("/", 1)[-1] for i in infos] == ["recording.webm", "chunk_0.webm", "chunk_2.webm",
                                                         "chunk_3.webm"]
    heads = [read_head(storage, i) for i in infos]
    heads.append(read_head(storage, ObjectInfo(rec, "meetings/m1/chunks/chunk_9.webm", 10)))
    assert [h.is_webm for h in heads] == [True, True, False, False, False]
    assert heads[-1].error
    facts = recording_facts(rec, "m1", heads)
    assert facts.scope == "meetings/m1/"
    assert facts.flags["meetings/m1/chunks/chunk_3.webm"][0].message == (
        "chunk_3.webm is not a WebM recording: it starts with 25 50 44 46 (expected 1A 45 DF A3).")
    assert "empty" in facts.flags["meetings/m1/chunks/chunk_2.webm"][0].message
    assert codes(facts, "meetings/m1/chunks/chunk_9.webm") == ["recording_unreadable"]
    assert sorted(codes(facts, "meetings/m1/")) == ["not_webm", "not_webm", "recording_unreadable"]
    assert RecordingHead("k", 4, EBML_MAGIC).is_webm


def test_cross_link_lookups(stored: Stored) -> None:
    storage, names = stored.storage, stored.names
    assert ocr_document_prefix("a") == "a/"
    assert has_ocr_document(storage, names.ocr, "a")
    assert not has_ocr_document(storage, names.ocr, "b")
    assert find_material(storage, names.documents, "q") == "classrooms/c2/materials/q.pdf"
    assert find_material(storage, names.documents, "nope") is None
