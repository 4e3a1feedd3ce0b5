"""Level checks of the domain trees, on an in-memory listing (no server, no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import NoSuchKey
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
from ensure_browser.core.s3.storage import ObjectInfo
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.tree import DomainNode, map_entries, sections

DOCS, REC, OCR = "ensure-study-documents", "ensure-study-recordings", "ensure-study-ocr"
OLD = datetime(2024, 3, 1, tzinfo=UTC)


class FakeStorage:
    """Just enough of Storage: one-level and recursive listings, HEAD, ranged GET."""

    def __init__(self, objects: dict[str, dict[str, bytes]]) -> None:
        self.objects = objects

    def list_level(self, bucket: str, prefix: str = "", page_size: int = 1000,
                   cancel: CancelToken = NEVER) -> Iterator[list[ObjectInfo]]:
        seen: dict[str, ObjectInfo] = {}
        for key in sorted(self.objects.get(bucket, {})):
            if not key.startswith(prefix):
                continue
            rest = key[len(prefix):]
            if "/" in rest:
                sub = prefix + rest.split("/", 1)[0] + "/"
                seen.setdefault(sub, ObjectInfo(bucket, sub, is_prefix=True))
            else:
                seen[key] = self._info(bucket, key)
        entries = list(seen.values())
        for i in range(0, len(entries), page_size):
            yield entries[i:i + page_size]

    def list_recursive(self, bucket: str, prefix: str = "", cancel: CancelToken = NEVER) -> Iterator[ObjectInfo]:
        for key in sorted(self.objects.get(bucket, {})):
            if key.startswith(prefix):
                yield self._info(bucket, key)

    def _info(self, bucket: str, key: str) -> ObjectInfo:
        return ObjectInfo(bucket, key, len(self.objects[bucket][key]), OLD, "etag")

    def exists(self, bucket: str, key: str) -> bool:
        return key in self.objects.get(bucket, {})

    def read_range(self, bucket: str, key: str, offset: int = 0, length: int | None = None) -> bytes:
        if key not in self.objects.get(bucket, {}):
            raise NoSuchKey(f"{key} does not exist.")
        data = self.objects[bucket][key]
        return data[offset:offset + length if length is not None else None]


def node_at(storage: FakeStorage, section: str, *labels: str) -> DomainNode:
    """Walk the domain tree from a section through children with these labels."""
    node = next(s for s in sections() if s.section == section)
    for label in labels:
        page = [e for p in storage.list_level(node.bucket, node.key) for e in p]
        node = next(c for c in map_entries(node, page) if c.label == label)
    return node


def run(storage: FakeStorage, node: DomainNode, **kw: object) -> LevelFacts:
    check = level_check(node, **kw)  # type: ignore[arg-type]
    assert check is not None
    for page in storage.list_level(node.bucket, node.key):
        check.add(page, map_entries(node, page))
    return check.finish(storage)  # type: ignore[arg-type]


def codes(facts: LevelFacts, key: str) -> list[str]:
    return [f.code for f in facts.flags.get(key, ())]


@pytest.fixture
def storage() -> FakeStorage:
    return FakeStorage({
        DOCS: {
            "classrooms/c1/materials/a.pdf": b"%PDF",
            "classrooms/c1/materials/b.pdf": b"%PDF",
            "classrooms/c1/thumbnails/a_thumb.png": b"png",
            "classrooms/c1/thumbnails/z_thumb.png": b"png",
            "classrooms/c2/materials/q.pdf": b"%PDF",
            "classrooms/c2/thumbnails/q_thumb.png": b"png",
            "students/s1/notes/n.pdf": b"%PDF",
            "temp/u1/part-1": b"x",
        },
        REC: {
            "meetings/m1/raw/recording.webm": EBML_MAGIC + b"rest",
            "meetings/m1/chunks/chunk_0.webm": EBML_MAGIC + b"0",
            "meetings/m1/chunks/chunk_2.webm": b"",
            "meetings/m1/chunks/chunk_3.webm": b"%PDF-1.4",
        },
        OCR: {
            "a/pages/page_1.png": b"png",
            "a/pages/page_2.png": b"png",
            "a/json/page_1.json": b"{}",
            "a/json/page_5.json": b"{}",
        },
    })


def test_levels_with_rules_get_a_check_and_others_none(storage: FakeStorage) -> None:
    for path in [("classrooms", "c1"), ("classrooms", "c1", "Materials"), ("classrooms", "c1", "Thumbnails"),
                 ("meetings", "m1"), ("meetings", "m1", "Chunks"), ("ocr", "a"), ("ocr", "a", "Page images"),
                 ("temp",), ("temp", "u1")]:
        assert level_check(node_at(storage, *path)) is not None, path
    for path in [("classrooms",), ("students",), ("students", "s1"), ("meetings",), ("meetings", "m1", "Raw"),
                 ("ocr",)]:
        assert level_check(node_at(storage, *path)) is None, path


@pytest.mark.parametrize("labels", [("c1",), ("c1", "Materials"), ("c1", "Thumbnails")])
def test_thumbnail_pairs_land_on_rows_folders_and_classroom(storage: FakeStorage, labels: tuple[str, ...]) -> None:
    facts = run(storage, node_at(storage, "classrooms", *labels))
    assert facts.scope == "classrooms/c1/"
    assert codes(facts, "classrooms/c1/materials/b.pdf") == ["material_without_thumbnail"]
    assert codes(facts, "classrooms/c1/thumbnails/z_thumb.png") == ["thumbnail_without_material"]
    assert codes(facts, "classrooms/c1/materials/") == ["material_without_thumbnail"]
    assert codes(facts, "classrooms/c1/thumbnails/") == ["thumbnail_without_material"]
    assert sorted(codes(facts, "classrooms/c1/")) == ["material_without_thumbnail", "thumbnail_without_material"]
    assert "classrooms/c1/materials/a.pdf" not in facts.flags
    assert facts.codes == {"material_without_thumbnail", "thumbnail_without_material"}


def test_many_findings_are_summed_up_above_the_rows() -> None:
    flags = [Flag("empty_chunk", "warning", f"Chunk {i} is empty.", REC, f"meetings/m/chunks/chunk_{i}.webm")
             for i in (10, 2, 7, 1, 30, 4, 3)]
    assert summarize("empty_chunk", flags[:3], REC, "meetings/m/") == flags[:3]
    (summary,) = summarize("empty_chunk", flags, REC, "meetings/m/")
    assert summary.key == "meetings/m/" and summary.severity == "warning"
    assert summary.message == ("7 chunks are empty (0 bytes): chunk_1.webm, chunk_2.webm, chunk_3.webm, "
                               "chunk_4.webm, chunk_7.webm, … (2 more).")


def test_meeting_gaps_empty_chunks_and_missing_audio(storage: FakeStorage) -> None:
    facts = run(storage, node_at(storage, "meetings", "m1"))
    meeting, chunks = "meetings/m1/", "meetings/m1/chunks/"
    assert sorted(codes(facts, meeting)) == ["chunk_gap", "empty_chunk", "meeting_without_audio"]
    assert sorted(codes(facts, chunks)) == ["chunk_gap", "empty_chunk"]
    assert codes(facts, "meetings/m1/chunks/chunk_2.webm") == ["empty_chunk"]
    gap = next(f for f in facts.flags[chunks] if f.code == "chunk_gap")
    assert gap.items == (1,)
    # the chunks level alone decides chunk flags only; the audio flag is left to the meeting
    chunk_facts = run(storage, node_at(storage, "meetings", "m1", "Chunks"))
    assert "meeting_without_audio" not in chunk_facts.codes
    assert sorted(codes(chunk_facts, meeting)) == ["chunk_gap", "empty_chunk"]


def test_ocr_pages_and_json_pair_per_page(storage: FakeStorage) -> None:
    facts = run(storage, node_at(storage, "ocr", "a", "Page text (JSON)"))
    assert sorted(codes(facts, "a/")) == ["ocr_json_without_page", "ocr_page_without_json"]
    assert codes(facts, "a/pages/page_2.png") == ["ocr_page_without_json"]
    assert codes(facts, "a/json/page_5.json") == ["ocr_json_without_page"]
    assert facts.flags["a/pages/page_2.png"][0].message == "Page 2 has no JSON text."


def test_temp_uploads_age_against_the_clock(storage: FakeStorage) -> None:
    section = node_at(storage, "temp")
    assert run(storage, section, now=OLD + timedelta(hours=2)).flags == {}
    facts = run(storage, section, now=OLD + timedelta(days=3))
    assert codes(facts, "temp/u1/") == ["stale_temp_upload"]
    assert codes(facts, "temp/") == ["stale_temp_upload"]


def test_extra_listings_stop_at_the_cap(storage: FakeStorage) -> None:
    check = level_check(node_at(storage, "classrooms", "c1"), cap=1)
    assert check is not None
    check.finish(storage)  # type: ignore[arg-type]
    assert check.incomplete


def test_recording_heads_and_flags(storage: FakeStorage) -> None:
    infos = meeting_recordings(storage, REC, "m1")  # type: ignore[arg-type]
    assert [i.key.rsplit("/", 1)[-1] for i in infos] == ["recording.webm", "chunk_0.webm", "chunk_2.webm",
                                                         "chunk_3.webm"]
    heads = [read_head(storage, i) for i in infos]  # type: ignore[arg-type]
    heads.append(read_head(storage, ObjectInfo(REC, "meetings/m1/chunks/chunk_9.webm", 10)))  # type: ignore[arg-type]
    assert [h.is_webm for h in heads] == [True, True, False, False, False]
    assert heads[-1].error
    facts = recording_facts(REC, "m1", heads)
    assert facts.scope == "meetings/m1/"
    assert facts.flags["meetings/m1/chunks/chunk_3.webm"][0].message == (
        "chunk_3.webm is not a WebM recording: it starts with 25 50 44 46 (expected 1A 45 DF A3).")
    assert "empty" in facts.flags["meetings/m1/chunks/chunk_2.webm"][0].message
    assert codes(facts, "meetings/m1/chunks/chunk_9.webm") == ["recording_unreadable"]
    assert sorted(codes(facts, "meetings/m1/")) == ["not_webm", "not_webm", "recording_unreadable"]
    assert RecordingHead("k", 4, EBML_MAGIC).is_webm


def test_cross_link_lookups(storage: FakeStorage) -> None:
    assert ocr_document_prefix("a") == "a/"
    assert has_ocr_document(storage, OCR, "a")  # type: ignore[arg-type]
    assert not has_ocr_document(storage, OCR, "b")  # type: ignore[arg-type]
    assert find_material(storage, DOCS, "q") == "classrooms/c2/materials/q.pdf"  # type: ignore[arg-type]
    assert find_material(storage, DOCS, "nope") is None  # type: ignore[arg-type]
