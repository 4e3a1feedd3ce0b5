"""The search index on a real server: hits by original name, id, OCR text, date range and size;
changed, deleted and uploaded objects after the next refresh; only changed keys read again; the
app's own writes at once; bad queries, damaged indexes, private files; the ``search`` command line."""

from __future__ import annotations

import json
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ensure_browser.cli import main as app
from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.live import note_deleted, note_moved, note_put
from ensure_browser.core.search.query import HIT_END, HIT_START, Query, SearchSyntaxError, parse_day, parse_size, search
from ensure_browser.core.search.refresh import ORIGINAL_NAME_META, refresh
from ensure_browser.core.search.store import FORMAT_VERSION, SearchIndex, index_path
from ensure_browser.core.search.text import json_strings
from tests.support.servers import S3Server, remove_bucket, running_server

OCR_PAGE = {"engine": "tesseract", "blocks": [{"lines": [{"text": "Photosynthesis needs light"},
                                                         {"text": "and water"}]}], "confidence": 0.93}
# (role, key, bytes, original file name or None)
OBJECTS: list[tuple[str, str, bytes, str | None]] = [
    ("documents", "classrooms/cls-9c/materials/d-101.pdf", b"%PDF-1.4 fractions", "Fractions worksheet.pdf"),
    ("documents", "classrooms/cls-9c/thumbnails/d-101_thumb.png", b"png", None),
    ("documents", "classrooms/cls-7a/materials/d-202.pdf", b"%PDF-1.4 maps", "World maps.pdf"),
    ("documents", "students/stu-17/notes/n-1.pdf", b"%PDF-1.4 note", "My notes on decimals.pdf"),
    ("recordings", "meetings/mtg-42/raw/recording.webm", b"w" * 5000, None),
    ("recordings", "meetings/mtg-42/chunks/chunk_0.webm", b"c" * 300, None),
    ("ocr", "scan-5/json/page_1.json", json.dumps(OCR_PAGE).encode(), None),
    ("ocr", "scan-5/pages/page_1.png", b"png", None),
    ("mlflow", "exp-1/run-1/artifacts/metrics.json", b"{}", None),
]


def seed(storage: Storage, names: BucketNames, objects: list[tuple[str, str, bytes, str | None]]) -> None:
    for role, key, data, name in objects:
        storage.upload_bytes(names.name_for(role), key, data,
                             metadata={ORIGINAL_NAME_META: name} if name else None)


@pytest.fixture
def world(admin_storage: Storage, tmp_path: Path) -> Iterator[tuple[Storage, BucketNames, SearchIndex]]:
    stem = uuid.uuid4().hex[:8]
    names = BucketNames(*(f"srch-{role[:4]}-{stem}" for role in ("documents", "recordings", "ocr", "mlflow")))
    for bucket in names.all():
        admin_storage.make_bucket(bucket)
    try:
        seed(admin_storage, names, OBJECTS)
        index = SearchIndex.for_connection(admin_storage.settings.endpoint, admin_storage.settings.access_key,
                                           tmp_path / "search")
        yield admin_storage, names, index
    finally:
        for bucket in names.all():
            remove_bucket(admin_storage, bucket)


def keys(index: SearchIndex, q: Query, names: BucketNames) -> list[str]:
    hits, _more = search(index, q, names)
    return sorted(h.key for h in hits)


def test_hits_by_name_id_ocr_date_and_size(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    result = refresh(storage, names, index)
    assert (result.listed, result.added, result.removed, result.details_failed) == (len(OBJECTS), len(OBJECTS), 0, 0)
    assert result.complete and index.last_refreshed() is not None

    hits, _ = search(index, Query("fract work"), names)  # word prefixes of the original name
    assert [(h.key, h.name, h.kind) for h in hits] == [
        ("classrooms/cls-9c/materials/d-101.pdf", "Fractions worksheet.pdf", "material")]
    assert hits[0].where == "Classroom cls-9c, document d-101" and hits[0].location.startswith("s3://srch-docu-")
    assert keys(index, Query("decimals"), names) == ["students/stu-17/notes/n-1.pdf"]
    # by id: a classroom's, a meeting's, a document's
    assert keys(index, Query("cls-9c"), names) == ["classrooms/cls-9c/materials/d-101.pdf",
                                                   "classrooms/cls-9c/thumbnails/d-101_thumb.png"]
    assert keys(index, Query("mtg-42"), names) == ["meetings/mtg-42/chunks/chunk_0.webm",
                                                   "meetings/mtg-42/raw/recording.webm"]
    assert keys(index, Query("d-202"), names) == ["classrooms/cls-7a/materials/d-202.pdf"]
    # by OCR text, with the matched words marked in the snippet
    hits, _ = search(index, Query("photosynth"), names)
    assert [h.key for h in hits] == ["scan-5/json/page_1.json"]
    assert f"{HIT_START}Photosynthesis{HIT_END} needs light and water" in hits[0].snippet
    assert "tesseract" in hits[0].snippet  # every string value of the page counts
    # filters alone and with words
    assert keys(index, Query(min_size=1000), names) == ["meetings/mtg-42/raw/recording.webm"]
    assert keys(index, Query(min_size=250, max_size=1000), names) == ["meetings/mtg-42/chunks/chunk_0.webm"]
    assert keys(index, Query(kinds=("material",)), names) == ["classrooms/cls-7a/materials/d-202.pdf",
                                                              "classrooms/cls-9c/materials/d-101.pdf"]
    assert keys(index, Query("pdf", classroom="cls-7a"), names) == ["classrooms/cls-7a/materials/d-202.pdf"]
    assert keys(index, Query(student="stu-17"), names) == ["students/stu-17/notes/n-1.pdf"]
    assert len(keys(index, Query(meeting="mtg-42"), names)) == 2
    # a date range: what was written after a moment, and before it
    time.sleep(1.2)
    moment = time.time()
    time.sleep(1.2)
    storage.upload_bytes(names.documents, "classrooms/cls-9c/materials/d-303.pdf", b"%PDF new",
                         metadata={ORIGINAL_NAME_META: "Late homework.pdf"})
    refresh(storage, names, index)
    assert keys(index, Query(since=moment), names) == ["classrooms/cls-9c/materials/d-303.pdf"]
    assert len(keys(index, Query(until=moment), names)) == len(OBJECTS)
    assert keys(index, Query("late", until=moment), names) == []


def test_the_next_refresh_shows_changes_and_reads_only_them(
        world: tuple[Storage, BucketNames, SearchIndex], monkeypatch: pytest.MonkeyPatch) -> None:
    storage, names, index = world
    refresh(storage, names, index)
    calls: list[tuple[str, str]] = []
    real_stat, real_read = Storage.stat, Storage.read_capped

    def stat_spy(self: Storage, bucket: str, key: str) -> object:
        calls.append(("stat", key))
        return real_stat(self, bucket, key)

    def read_spy(self: Storage, bucket: str, key: str, *args: object, **kwargs: object) -> object:
        calls.append(("get", key))
        return real_read(self, bucket, key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Storage, "stat", stat_spy)
    monkeypatch.setattr(Storage, "read_capped", read_spy)
    result = refresh(storage, names, index)  # nothing changed: nothing read again
    assert (result.added, result.changed, result.removed, calls) == (0, 0, 0, [])

    changed = "classrooms/cls-7a/materials/d-202.pdf"
    storage.upload_bytes(names.documents, changed, b"%PDF-1.4 maps v2", metadata={ORIGINAL_NAME_META: "Atlas.pdf"})
    storage.delete(names.documents, "students/stu-17/notes/n-1.pdf")
    storage.upload_bytes(names.ocr, "scan-5/json/page_2.json", json.dumps({"text": "Mitochondria"}).encode())
    result = refresh(storage, names, index)
    assert (result.added, result.changed, result.removed) == (1, 1, 1)
    assert sorted(calls) == [("get", "scan-5/json/page_2.json"), ("stat", changed)]
    assert keys(index, Query("atlas"), names) == [changed]
    assert keys(index, Query("world maps"), names) == []  # the old name left with the old ETag
    assert keys(index, Query("decimals"), names) == []
    assert keys(index, Query("stu-17"), names) == []
    assert keys(index, Query("mitochondria"), names) == ["scan-5/json/page_2.json"]


def test_the_apps_own_writes_show_at_once(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    settings, directory = storage.settings, index.path.parent
    refresh(storage, names, index)
    key = "classrooms/cls-9c/materials/d-404.pdf"
    answer = storage.upload_bytes(names.documents, key, b"%PDF quiz", metadata={ORIGINAL_NAME_META: "Quiz 3.pdf"})
    assert note_put(settings, names.documents, key, size=9, etag=answer.etag, original_name="Quiz 3.pdf",
                    names=names, directory=directory)
    hits, _ = search(index, Query("quiz"), names)
    assert [(h.key, h.kind, h.size) for h in hits] == [(key, "material", 9)]
    moved = "classrooms/cls-7a/materials/d-404.pdf"
    assert note_moved(settings, (names.documents, key), (names.documents, moved), names=names, directory=directory)
    assert keys(index, Query("quiz"), names) == [moved]
    assert note_deleted(settings, [(names.documents, moved)], directory) == 1
    assert keys(index, Query("quiz"), names) == []
    # nothing read again for a write the index was told of (its ETag is known): no change either
    assert note_put(settings, names.documents, key, size=9, etag=answer.etag, original_name="Quiz 3.pdf",
                    names=names, directory=directory)
    result = refresh(storage, names, index)
    assert (result.added, result.changed) == (0, 0) and keys(index, Query("quiz"), names) == [key]
    # a connection without an index is left alone
    assert not note_put(settings, names.documents, key, size=1, directory=directory / "none")


def test_bad_queries_are_plain_messages(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    refresh(storage, names, index, details=False)
    for text in ('"fractions', "fractions AND", "(maps", "9c: d-101", "NEAR("):
        with pytest.raises(SearchSyntaxError, match="could not be understood"):
            search(index, Query(text), names)
    assert keys(index, Query('"cls-9c" AND thumb*'), names) == ["classrooms/cls-9c/thumbnails/d-101_thumb.png"]
    assert search(index, Query("- … !"), names) == ([], False)  # no word at all
    assert parse_size("500MiB") == 500 * 2**20 and parse_size("1.5 GB") == 1_500_000_000
    with pytest.raises(ValueError, match="not a size"):
        parse_size("big")
    assert parse_day("2026-12-01", end=True) - parse_day("2026-12-01") == 86400


def test_a_damaged_or_old_index_is_made_anew(tmp_path: Path) -> None:
    path = index_path("127.0.0.1:9000", "key", tmp_path)
    index = SearchIndex(path)
    index.open()
    path.write_bytes(b"this is not a database" * 100)
    index.open()
    assert index.count() == 0 and index.last_refreshed() is None
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'format'")
        db.execute("INSERT INTO objects(bucket, key, kind, size) VALUES ('b', 'k', 'material', 1)")
    db.close()
    assert index.count() == 1
    index.open()  # another format: made anew
    assert index.count() == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()[0] == FORMAT_VERSION
    db.close()


def test_the_index_is_private_and_holds_no_secret(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    refresh(storage, names, index)
    assert stat.S_IMODE(index.path.parent.stat().st_mode) == 0o700
    for file in index.path.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
        assert storage.settings.secret_key.encode() not in file.read_bytes()
    assert storage.settings.access_key not in index.path.name
    assert index_path(storage.settings.endpoint, "other", index.path.parent) != index.path


def test_a_cancelled_refresh_stops(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        refresh(storage, names, index, cancel=token)
    assert index.last_refreshed() is None


def test_missing_bucket_leaves_the_index(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    refresh(storage, names, index)
    remove_bucket(storage, names.mlflow)
    result = refresh(storage, names, index)
    assert result.removed == 1 and result.problems == [f"The bucket {names.mlflow} does not exist."]
    storage.make_bucket(names.mlflow)


def test_json_strings_of_any_engine() -> None:
    assert json_strings(json.dumps(OCR_PAGE).encode()) == "tesseract Photosynthesis needs light and water"
    assert json_strings(b"not json") == "" and json_strings(b"\xff\xfe") == ""
    assert json_strings(json.dumps({"a": "x\x00\x02y\n z"}).encode()) == "x y z"
    assert 490 <= len(json_strings(json.dumps(["word " * 50] * 1000).encode(), cap=500)) <= 500
    assert json_strings(b"[" * 100 + b'"deep"' + b"]" * 100) == ""  # nested beyond any engine's: not followed
    assert json_strings(b"[" * 9000 + b'"deep"' + b"]" * 9000) == ""  # beyond what the parser takes
    assert json_strings(b"[" * 10 + b'"deep"' + b"]" * 10) == "deep"


# -- the command line -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_server() -> Iterator[S3Server]:
    """A server of its own: the command line searches the schema's default bucket names."""
    with running_server("ensure-browser-search-cli-") as server:
        yield server


def test_cli_search(default_server: S3Server, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ensure_browser.core.provision import provision

    server = default_server.server
    storage = default_server.storage(server.admin)
    names = BucketNames()
    provision(storage, names)
    seed(storage, names, OBJECTS)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", server.admin.secret_key)
    base = ["search", "--endpoint", server.endpoint, "--access-key", server.admin.access_key]

    assert app.main([*base, "fractions"]) == 0
    out = capsys.readouterr().out
    assert "Fractions worksheet.pdf" in out and "s3://ensure-study-documents/classrooms/cls-9c/materials/d-101.pdf" in out
    assert any(p.suffix == ".sqlite3" for p in (tmp_path / "cache").rglob("*"))

    assert app.main([*base, "--json", "--no-refresh", "photosynthesis"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["bucket"], r["key"], r["kind"]) for r in records] == [
        ("ensure-study-ocr", "scan-5/json/page_1.json", "ocr_page_json")]
    assert "Photosynthesis" in records[0]["snippet"]

    assert app.main([*base, "--json", "--min-size", "1k", "--kind", "meeting_raw"]) == 0
    assert [json.loads(line)["key"] for line in capsys.readouterr().out.splitlines()] == [
        "meetings/mtg-42/raw/recording.webm"]
    assert app.main([*base, "--no-refresh", "nothing-like-this"]) == 1
    for bad, message in ((['"open'], "could not be understood"), (["--min-size", "huge"], "not a size"),
                         (["--kind", "nope"], "Unknown kind"), ([], "Give words")):
        with pytest.raises(SystemExit) as info:
            app.main([*base, "--no-refresh", *bad])
        assert info.value.code == 2
        assert message in capsys.readouterr().err


def test_a_refresh_remakes_an_index_damaged_while_open(world: tuple[Storage, BucketNames, SearchIndex]) -> None:
    storage, names, index = world
    refresh(storage, names, index)
    index.path.write_bytes(b"\0garbage" * 4096)  # damaged behind the app's back (no open() in between)
    result = refresh(storage, names, index)
    assert result.added == len(OBJECTS) and keys(index, Query("fractions"), names) == [
        "classrooms/cls-9c/materials/d-101.pdf"]
