"""The schema table and what is derived from it: classification, keys, policies, tree, rules."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ensure_browser.core.health.rules import (
    ChunkSet,
    OcrPages,
    StorageScan,
    TempUploads,
    ThumbnailPairs,
    check_content_type,
    meeting_audio_flag,
)
from ensure_browser.core.s3.storage import ObjectInfo
from ensure_browser.core.schema.classify import (
    Classification,
    all_kinds,
    classify,
    compiled,
    content_type_for,
    counterpart,
    key_for,
    label_of,
    pattern_of,
)
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.policies import (
    authenticated_access_policy,
    expected_bucket_policy,
    expected_public,
    probe_keys,
    public_read_policy,
)
from ensure_browser.core.schema.table import BUCKETS, SECTIONS, BucketNames, role_of
from ensure_browser.core.schema.tree import DomainNode, ListingSpec, children_spec, map_entries, sections

N = BucketNames()
DOCS, REC, OCR, ML = N.documents, N.recordings, N.ocr, N.mlflow
BUCKET_OF = {"documents": DOCS, "recordings": REC, "ocr": OCR, "mlflow": ML}

# -- classification: the table, row by row ------------------------------------------------------------

POSITIVE = [
    (DOCS, "classrooms/c1/materials/d1.pdf", "material", {"classroom_id": "c1", "document_id": "d1"}),
    (DOCS, "classrooms/c1/thumbnails/d1_thumb.png", "thumbnail", {"classroom_id": "c1", "document_id": "d1"}),
    (DOCS, "students/s1/notes/n1.pdf", "student_note", {"student_id": "s1", "note_id": "n1"}),
    (DOCS, "temp/u1/part-0001", "temp_upload", {"upload_id": "u1"}),
    (DOCS, "temp/u1/a/b/c.bin", "temp_upload", {"upload_id": "u1"}),
    (REC, "meetings/m1/raw/recording.webm", "meeting_raw", {"meeting_id": "m1"}),
    (REC, "meetings/m1/chunks/chunk_0.webm", "meeting_chunk", {"meeting_id": "m1", "chunk_index": 0}),
    (REC, "meetings/m1/chunks/chunk_12.webm", "meeting_chunk", {"meeting_id": "m1", "chunk_index": 12}),
    (REC, "meetings/m1/chunks/chunk_007.webm", "meeting_chunk", {"meeting_id": "m1", "chunk_index": 7}),
    (REC, "meetings/m1/processed/audio.mp3", "meeting_audio", {"meeting_id": "m1"}),
    (REC, "exams/e1/proctor_recording.webm", "exam_recording", {"exam_session_id": "e1"}),
    (OCR, "d1/pages/page_1.png", "ocr_page_image", {"document_id": "d1", "page": 1}),
    (OCR, "d1/json/page_2.json", "ocr_page_json", {"document_id": "d1", "page": 2}),
    (OCR, "d1/quality/report.json", "ocr_quality_report", {"document_id": "d1"}),
    (ML, "1/abc/model/model.pkl", "mlflow_model_file", {"experiment_id": "1", "run_id": "abc"}),
    (ML, "1/abc/model/sub/dir/requirements.txt", "mlflow_model_file",
     {"experiment_id": "1", "run_id": "abc"}),
    (ML, "1/abc/artifacts/metrics.json", "mlflow_artifact", {"experiment_id": "1", "run_id": "abc"}),
    # ids are any non-empty segment: unicode, spaces, +, %, dots
    (DOCS, "classrooms/Mathé 7+A%20/materials/d 1.pdf", "material",
     {"classroom_id": "Mathé 7+A%20", "document_id": "d 1"}),
    (DOCS, "classrooms/c1/materials/x.pdf.pdf", "material", {"classroom_id": "c1", "document_id": "x.pdf"}),
    (DOCS, "classrooms/c1/materials/.pdf.pdf", "material", {"classroom_id": "c1", "document_id": ".pdf"}),
    (DOCS, "classrooms/c1/thumbnails/a_thumb_thumb.png", "thumbnail",
     {"classroom_id": "c1", "document_id": "a_thumb"}),
    (DOCS, "classrooms/../materials/....pdf", "material", {"classroom_id": "..", "document_id": "..."}),
    (REC, "meetings/会議/chunks/chunk_3.webm", "meeting_chunk", {"meeting_id": "会議", "chunk_index": 3}),
    (OCR, "d\n1/pages/page_10.png", "ocr_page_image", {"document_id": "d\n1", "page": 10}),
    (DOCS, "students/s1/notes/%2F.pdf", "student_note", {"student_id": "s1", "note_id": "%2F"}),
]


@pytest.mark.parametrize(("bucket", "key", "kind", "ids"), POSITIVE)
def test_every_table_row_is_recognised(bucket: str, key: str, kind: str, ids: dict[str, object]) -> None:
    c = classify(bucket, key)
    assert c is not None
    assert (c.kind, c.ids) == (kind, ids)
    assert c.recognized and c.label == label_of(kind) and c.role == role_of(bucket)
    assert all(type(v) is type(ids[n]) for n, v in c.ids.items())


def test_every_kind_is_covered_by_the_positive_table() -> None:
    assert {kind for _, _, kind, _ in POSITIVE} == set(all_kinds())


def test_tail_is_exposed() -> None:
    c = classify(ML, "1/abc/model/sub/model.pkl")
    assert c is not None and c.tail == "sub/model.pkl"
    c = classify(DOCS, "classrooms/c1/materials/d1.pdf")
    assert c is not None and c.tail is None


NEGATIVE = [
    (DOCS, "classrooms/c1/materials/d1.pdf/"),  # trailing slash
    (DOCS, "classrooms/c1/materials/"),
    (DOCS, "classrooms/c1/materials/.pdf"),  # empty document id
    (DOCS, "classrooms/c1/materials/a.PDF"),  # case of the extension
    (DOCS, "classrooms/c1/materials/a.pdf.txt"),
    (DOCS, "classrooms/c1/materials/sub/a.pdf"),  # extra depth
    (DOCS, "classrooms/materials/a.pdf"),  # missing depth
    (DOCS, "classrooms//materials/a.pdf"),  # empty segment
    (DOCS, "/classrooms/c1/materials/a.pdf"),  # leading slash
    (DOCS, "Classrooms/c1/materials/a.pdf"),
    (DOCS, "classrooms/c1/thumbnails/_thumb.png"),
    (DOCS, "classrooms/c1/thumbnails/a.png"),
    (DOCS, "classrooms/c1/thumbnails/a_thumb.PNG"),
    (DOCS, "students/s1/notes/n1.pdf/x"),
    (DOCS, "students/s1/n1.pdf"),
    (DOCS, "temp/u1/"),  # the tail must be non-empty
    (DOCS, "temp/u1"),
    (DOCS, "temp/u1/a//b"),  # no empty segments in the tail
    (DOCS, "temp/u1/a/"),
    (DOCS, "temp//x"),
    (DOCS, "meetings/m1/raw/recording.webm"),  # right key, wrong bucket
    (DOCS, ""),
    (DOCS, "/"),
    (REC, "meetings/m1/chunks/Chunk_1.webm"),
    (REC, "meetings/m1/chunks/chunk_.webm"),
    (REC, "meetings/m1/chunks/chunk_x.webm"),
    (REC, "meetings/m1/chunks/chunk_١.webm"),  # an Arabic-Indic digit
    (REC, "meetings/m1/chunks/chunk_².webm"),
    (REC, "meetings/m1/chunks/chunk_-1.webm"),
    (REC, "meetings/m1/chunks/chunk_1.webm.part"),
    (REC, "meetings/m1/chunks/chunk_1.WEBM"),
    (REC, "meetings/m1/raw/recording2.webm"),
    (REC, "meetings/m1/recording.webm"),
    (REC, "meetings/m1/processed/audio.wav"),
    (REC, "exams/e1/x/proctor_recording.webm"),
    (REC, "exams/proctor_recording.webm"),
    (OCR, "d1/pages/page_.png"),
    (OCR, "d1/pages/page_1.json"),
    (OCR, "d1/json/page_1.png"),
    (OCR, "d1/pages/page_1.png/"),
    (OCR, "pages/page_1.png"),
    (OCR, "d1/quality/report.json.bak"),
    (OCR, "a/d1/quality/report.json"),
    (ML, "1/abc/model/"),
    (ML, "1/abc/model"),
    (ML, "1/abc/other/x"),
    (ML, "1/model/x"),
    (ML, "1//model/x"),
    (ML, "1/abc/artifacts/a//b"),
    (REC, "meetings/m1/chunks/chunk_" + "9" * 5000 + ".webm"),  # more digits than int() takes
]


@pytest.mark.parametrize(("bucket", "key"), NEGATIVE)
def test_awkward_keys_are_unrecognised(bucket: str, key: str) -> None:
    c = classify(bucket, key)
    assert c == Classification("unrecognized", {}, role_of(bucket) or "", "Unrecognized")
    assert not c.recognized and c.ids == {}


def test_foreign_buckets_give_none() -> None:
    assert classify("some-other-bucket", "classrooms/c1/materials/d1.pdf") is None
    assert classify("", "") is None


def test_custom_bucket_names() -> None:
    names = BucketNames(documents="docs", recordings="rec", ocr="ocr-x", mlflow="ml")
    c = classify("docs", "classrooms/c1/materials/d1.pdf", names)
    assert c is not None and c.kind == "material" and c.role == "documents"
    assert classify("rec", "meetings/m/processed/audio.mp3", names).kind == "meeting_audio"  # type: ignore[union-attr]
    assert classify(DOCS, "classrooms/c1/materials/d1.pdf", names) is None  # default name is foreign now
    assert names.role_of("ml") == "mlflow" and names.role_of(DOCS) is None
    assert role_of("ocr-x", names) == "ocr" and role_of(OCR) == "ocr"
    assert names.all() == ("docs", "rec", "ocr-x", "ml")
    assert names.name_for("recordings") == "rec"
    with pytest.raises(ValueError, match="Unknown bucket role"):
        names.name_for("videos")


def test_classification_is_hashable_and_comparable() -> None:
    a = classify(DOCS, "classrooms/c1/materials/d1.pdf")
    b = classify(DOCS, "classrooms/c1/materials/d1.pdf")
    assert a == b and hash(a) == hash(b)


# -- classify never raises ----------------------------------------------------------------------------

_SEGMENTS = st.one_of(
    st.sampled_from(["classrooms", "students", "temp", "meetings", "exams", "materials", "thumbnails",
                     "notes", "raw", "chunks", "processed", "pages", "json", "quality", "model",
                     "artifacts", "recording.webm", "audio.mp3", "report.json", "proctor_recording.webm",
                     "chunk_1.webm", "page_2.png", "page_3.json", "d_thumb.png", "x.pdf", ".pdf",
                     "..", ".", "", " ", "%2F", "\x00", "\n", "\u202e", "١", "chunk_١.webm"]),
    st.text(max_size=12),
    st.text(alphabet="0123456789", min_size=1, max_size=30).map(lambda d: f"chunk_{d}.webm"),
    st.integers(min_value=300, max_value=1500).map(lambda n: "x" * n),
)
_KEYS = st.lists(_SEGMENTS, max_size=8).map("/".join)


@settings(max_examples=300)
@given(key=st.text(), bucket=st.sampled_from([DOCS, REC, OCR, ML, "elsewhere"]))
def test_classify_never_raises_on_any_text(key: str, bucket: str) -> None:
    c = classify(bucket, key)
    assert c is None if bucket == "elsewhere" else isinstance(c, Classification)


@settings(max_examples=300)
@given(key=_KEYS, bucket=st.sampled_from([DOCS, REC, OCR, ML]))
def test_classify_never_raises_on_built_keys(key: str, bucket: str) -> None:
    c = classify(bucket, key)
    assert c is not None
    if not c.recognized:
        assert c.ids == {}
        return
    try:  # the ids rebuild a key of the same kind and ids (chunk_01 comes back as chunk_1)
        rebuilt = key_for(c.kind, N, **c.ids, **({"path": c.tail} if c.tail else {}))
    except ValueError:
        return  # ids that classify accepts but uploads refuse ('..') or an over-long key
    assert classify(*rebuilt) == c


# -- key_for ------------------------------------------------------------------------------------------


def test_key_for_builds_upload_targets() -> None:
    assert key_for("material", N, classroom_id="c1", document_id="u-1") == (
        DOCS, "classrooms/c1/materials/u-1.pdf")
    assert key_for("thumbnail", N, classroom_id="c1", document_id="u-1") == (
        DOCS, "classrooms/c1/thumbnails/u-1_thumb.png")
    assert key_for("meeting_chunk", N, meeting_id="m", chunk_index=10) == (
        REC, "meetings/m/chunks/chunk_10.webm")
    assert key_for("ocr_page_json", N, document_id="d", page=3) == (OCR, "d/json/page_3.json")
    assert key_for("mlflow_model_file", N, experiment_id="1", run_id="r", path="model.pkl") == (
        ML, "1/r/model/model.pkl")
    assert key_for("temp_upload", N, upload_id="u") == (DOCS, "temp/u/")  # the directory to write into
    assert key_for("temp_upload", None, upload_id="u", path="a/b") == (DOCS, "temp/u/a/b")
    custom = BucketNames(documents="docs")
    assert key_for("student_note", custom, student_id="s", note_id="n") == ("docs", "students/s/notes/n.pdf")


@pytest.mark.parametrize(("kind", "ids", "message"), [
    ("nope", {}, "Unknown kind"),
    ("material", {"classroom_id": "c"}, "needs document_id"),
    ("material", {"classroom_id": "c", "document_id": "d", "x": 1}, "takes no x"),
    ("material", {"classroom_id": "c", "document_id": "d", "path": "p"}, "takes no path"),
    ("material", {"classroom_id": "c/d", "document_id": "d"}, "must not contain '/'"),
    ("material", {"classroom_id": "", "document_id": "d"}, "must not be empty"),
    ("material", {"classroom_id": "..", "document_id": "d"}, "must not be '..'"),
    ("material", {"classroom_id": 7, "document_id": "d"}, "must be text"),
    ("material", {"classroom_id": "c", "document_id": "\ud800"}, "cannot be stored"),
    ("material", {"classroom_id": "c", "document_id": "x" * 1100}, "at most 1024"),
    ("meeting_chunk", {"meeting_id": "m", "chunk_index": "1"}, "whole number"),
    ("meeting_chunk", {"meeting_id": "m", "chunk_index": -1}, "whole number"),
    ("meeting_chunk", {"meeting_id": "m", "chunk_index": True}, "whole number"),
    ("ocr_page_image", {"document_id": "d", "page": 1.0}, "whole number"),
    ("temp_upload", {"upload_id": "u", "path": ""}, "non-empty"),
    ("temp_upload", {"upload_id": "u", "path": "a//b"}, "must not be empty"),
    ("temp_upload", {"upload_id": "u", "path": "/a"}, "must not be empty"),
    ("temp_upload", {"upload_id": "u", "path": "a/"}, "must not be empty"),
    ("temp_upload", {"upload_id": "u", "path": "a/../b"}, "must not be '..'"),
])
def test_key_for_refuses_bad_ids(kind: str, ids: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        key_for(kind, N, **ids)


_ID_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: "/" not in s and s not in (".", "..")
)
_TAIL = st.lists(_ID_TEXT, min_size=1, max_size=4).map("/".join)


@st.composite
def _kind_and_ids(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    kind = draw(st.sampled_from(all_kinds()))
    ids: dict[str, object] = {
        name: draw(st.integers(min_value=0, max_value=10**30) if typ is int else _ID_TEXT)
        for name, typ in compiled(kind).ids
    }
    if pattern_of(kind).is_tail:
        ids["path"] = draw(_TAIL)
    return kind, ids


@settings(max_examples=300)
@given(kind_ids=_kind_and_ids(), names=st.sampled_from([N, BucketNames("a", "b", "c", "d")]))
def test_key_for_round_trips_through_classify(
    kind_ids: tuple[str, dict[str, object]], names: BucketNames
) -> None:
    kind, ids = kind_ids
    bucket, key = key_for(kind, names, **ids)
    c = classify(bucket, key, names)
    assert c is not None and c.kind == kind
    path = ids.pop("path", None)
    assert c.ids == ids and c.tail == path


def test_content_types_and_labels_come_from_the_table() -> None:
    assert content_type_for("material") == "application/pdf"
    assert content_type_for("thumbnail") == "image/png"
    assert content_type_for("meeting_audio") == "audio/mpeg"
    assert content_type_for("temp_upload") is None  # decided from the file name
    assert label_of("material") == "Material" and label_of("whatever") == "Unrecognized"
    with pytest.raises(ValueError, match="Unknown kind"):
        pattern_of("whatever")


def _pair(bucket: str, key: str) -> str | None:
    c = classify(bucket, key)
    assert c is not None
    return counterpart(c)


def test_counterparts() -> None:
    assert _pair(DOCS, "classrooms/c/materials/d.pdf") == "classrooms/c/thumbnails/d_thumb.png"
    assert _pair(DOCS, "classrooms/c/thumbnails/d_thumb.png") == "classrooms/c/materials/d.pdf"
    assert _pair(OCR, "d/pages/page_4.png") == "d/json/page_4.json"
    assert _pair(OCR, "d/json/page_4.json") == "d/pages/page_4.png"
    assert _pair(REC, "meetings/m/processed/audio.mp3") is None
    assert _pair(REC, "x") is None
    assert _pair(DOCS, "classrooms/../materials/.pdf.pdf") == "classrooms/../thumbnails/.pdf_thumb.png"


# -- policies and probes ------------------------------------------------------------------------------


def test_public_read_policy_is_the_schemas() -> None:
    policy = json.loads(public_read_policy())
    assert policy == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
                       "Resource": ["arn:aws:s3:::ensure-study-documents/*/thumbnails/*"]}],
    }
    custom = json.loads(public_read_policy(BucketNames(documents="docs")))
    assert custom["Statement"][0]["Resource"] == ["arn:aws:s3:::docs/*/thumbnails/*"]
    assert expected_bucket_policy("documents") == public_read_policy()
    for role in ("recordings", "ocr", "mlflow"):
        assert expected_bucket_policy(role) is None
    with pytest.raises(ValueError):
        expected_bucket_policy("videos")


def test_authenticated_access_policy() -> None:
    policy = json.loads(authenticated_access_policy())
    statement = policy["Statement"][0]
    assert statement["Principal"] == {"AWS": ["arn:aws:iam:::user/ensure-study"]}
    assert statement["Action"] == ["s3:*"] and statement["Resource"] == ["arn:aws:s3:::ensure-study-*/*"]
    custom = json.loads(authenticated_access_policy(BucketNames("a", "b", "a", "d"), user="svc"))
    assert custom["Statement"][0]["Resource"] == ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*", "arn:aws:s3:::d/*"]
    assert custom["Statement"][0]["Principal"] == {"AWS": ["arn:aws:iam:::user/svc"]}


def test_expected_public() -> None:
    assert expected_public(DOCS, "classrooms/c/thumbnails/d_thumb.png") is True
    assert expected_public(DOCS, "classrooms/c/materials/d.pdf") is False
    assert expected_public(REC, "meetings/m/thumbnails/x") is False  # nothing public there
    assert expected_public(DOCS, "temp/u/thumbnails/x") is True  # the schema's glob is that wide
    assert expected_public("elsewhere", "x") is None


def test_probe_keys() -> None:
    probes = {p.kind: p for p in probe_keys()}
    assert {"material", "thumbnail", "student_note", "meeting_raw", "meeting_chunk", "meeting_audio",
            "ocr_page_image", "mlflow_model_file"} <= set(probes)
    for p in probes.values():
        c = classify(p.bucket, p.key)
        assert c is not None and c.kind == p.kind and p.role == c.role
        assert p.expect_public == (p.kind == "thumbnail")
    assert probes["material"].severity == "critical" and probes["meeting_raw"].severity == "critical"
    assert probes["thumbnail"].severity == "warning"
    assert probes["material"].check(public=False) is None
    flag = probes["material"].check(public=True)
    assert flag is not None and (flag.code, flag.severity) == ("unexpected_public", "critical")
    assert "anyone" in flag.message
    flag = probes["thumbnail"].check(public=False)
    assert flag is not None and (flag.code, flag.severity) == ("unexpected_private", "warning")
    assert probes["thumbnail"].check(public=True) is None
    custom = BucketNames(recordings="rec")
    assert {p.bucket for p in probe_keys(custom) if p.role == "recordings"} == {"rec"}


def test_the_table_is_consistent() -> None:
    assert [b.role for b in BUCKETS] == ["documents", "recordings", "ocr", "mlflow"]
    assert tuple(b.default_name for b in BUCKETS) == BucketNames().all()
    kinds = all_kinds()
    assert len(kinds) == 13 and "unrecognized" not in kinds
    for kind in kinds:
        spec = pattern_of(kind)
        assert spec.label and spec.label[0].isupper()
        if spec.pair:
            assert pattern_of(spec.pair).pair == kind
            assert compiled(spec.pair).role == compiled(kind).role


# -- natural sort -------------------------------------------------------------------------------------


def test_natural_order() -> None:
    names = ["chunk_10.webm", "chunk_2.webm", "Chunk_3.webm", "chunk_1.webm", "chunk_02.webm", "b", "B",
             "a10", "a9", "", "10", "9", "é", "e", "page_١٠.png", "page_9.png"]
    assert sorted(names, key=natural_key) == [
        "", "9", "10", "a9", "a10", "B", "b", "chunk_1.webm", "chunk_02.webm", "chunk_2.webm", "Chunk_3.webm",
        "chunk_10.webm", "e", "page_9.png", "page_١٠.png", "é",
    ]


def test_natural_key_handles_huge_numbers() -> None:
    big, bigger = "x" + "9" * 5000, "x1" + "0" * 5000
    assert sorted([bigger, big], key=natural_key) == [big, bigger]


@settings(max_examples=200)
@given(st.lists(st.text(), max_size=20))
def test_natural_key_is_a_total_order(names: list[str]) -> None:
    ordered = sorted(names, key=natural_key)
    assert sorted(reversed(ordered), key=natural_key) == ordered
    for a in names:
        for b in names[:5]:
            assert (natural_key(a) == natural_key(b)) == (a == b)


# -- the domain tree ----------------------------------------------------------------------------------


def obj(key: str, size: int = 10, bucket: str = "", modified: datetime | None = None) -> ObjectInfo:
    return ObjectInfo(bucket, key, size, modified or datetime(2024, 1, 1, tzinfo=UTC), "etag")


def pre(key: str, bucket: str = "") -> ObjectInfo:
    return ObjectInfo(bucket, key, is_prefix=True)


def section(name: str, names: BucketNames = N) -> DomainNode:
    return next(s for s in sections(names) if s.section == name)


def only(nodes: list[DomainNode], label: str) -> DomainNode:
    found = [n for n in nodes if n.label == label]
    assert len(found) == 1, [n.label for n in nodes]
    return found[0]


def test_sections() -> None:
    secs = sections()
    assert [s.label for s in secs] == ["Classrooms", "Students", "Meetings", "Exams", "OCR documents",
                                       "MLflow experiments", "Temporary uploads"]
    assert all(s.kind == "section" and s.is_container for s in secs)
    assert [children_spec(s) for s in secs][:3] == [
        ListingSpec(DOCS, "classrooms/"), ListingSpec(DOCS, "students/"), ListingSpec(REC, "meetings/")]
    assert children_spec(section("ocr")) == ListingSpec(OCR, "")
    assert children_spec(section("mlflow", BucketNames(mlflow="ml"))) == ListingSpec("ml", "")
    assert sorted(secs, key=lambda n: n.sort_key) == secs


def test_classroom_branch() -> None:
    classrooms = section("classrooms")
    level = map_entries(classrooms,
                        [pre("classrooms/math-7a/"), pre("classrooms//"), obj("classrooms/README")])
    c = only(level, "math-7a")
    assert (c.kind, c.kind_label, c.ids, c.key, c.is_entity) == (
        "classroom", "Classroom", {"classroom_id": "math-7a"}, "classrooms/math-7a/", True)
    assert only(level, "(empty name)").kind == "unrecognized" and only(level, "(empty name)").is_container
    readme = only(level, "README")
    assert readme.kind == "unrecognized" and not readme.is_container and readme.size == 10

    assert children_spec(c) == ListingSpec(DOCS, "classrooms/math-7a/")
    groups = map_entries(c, [pre("classrooms/math-7a/thumbnails/"), pre("classrooms/math-7a/materials/"),
                             pre("classrooms/math-7a/old/")])
    assert [g.label for g in sorted(groups, key=lambda n: n.sort_key)] == ["Materials", "Thumbnails", "old"]
    materials = only(groups, "Materials")
    assert (materials.kind, materials.ids) == ("materials", {"classroom_id": "math-7a"})
    old = only(groups, "old")
    assert old.kind == "unrecognized" and children_spec(old) == ListingSpec(DOCS, "classrooms/math-7a/old/")
    assert [n.kind for n in map_entries(old, [obj("classrooms/math-7a/old/x.pdf")])] == ["unrecognized"]

    files = map_entries(materials, [obj("classrooms/math-7a/materials/d1.pdf", 5),
                                    obj("classrooms/math-7a/materials/d1.PDF"),
                                    pre("classrooms/math-7a/materials/sub/")])
    pdf = only(files, "d1.pdf")
    assert (pdf.kind, pdf.kind_label, pdf.ids, pdf.size, pdf.etag) == (
        "material", "Material", {"classroom_id": "math-7a", "document_id": "d1"}, 5, "etag")
    assert pdf.pair_key == "classrooms/math-7a/thumbnails/d1_thumb.png" and children_spec(pdf) is None
    assert only(files, "d1.PDF").kind == "unrecognized"
    assert only(files, "sub").kind == "unrecognized"
    with pytest.raises(ValueError):
        map_entries(pdf, [])


def test_meeting_branch_orders_chunks_numerically() -> None:
    meeting = only(map_entries(section("meetings"), [pre("meetings/m1/")]), "m1")
    groups = map_entries(meeting, [pre(f"meetings/m1/{g}/") for g in ("processed", "chunks", "raw")])
    assert [g.label for g in sorted(groups, key=lambda n: n.sort_key)] == ["Raw", "Chunks", "Processed"]
    chunks = only(groups, "Chunks")
    names = ["chunk_10.webm", "chunk_2.webm", "chunk_0.webm", "notes.txt", "chunk_1.webm"]
    nodes = map_entries(chunks, [obj(f"meetings/m1/chunks/{n}") for n in names])
    ordered = sorted(nodes, key=lambda n: n.sort_key)
    assert [n.label for n in ordered] == ["chunk_0.webm", "chunk_1.webm", "chunk_2.webm", "chunk_10.webm",
                                          "notes.txt"]
    assert [n.ids.get("chunk_index") for n in ordered] == [0, 1, 2, 10, None]
    assert ordered[-1].kind == "unrecognized"


def test_ocr_branch() -> None:
    doc = only(map_entries(section("ocr"), [pre("d1/"), obj("stray.txt")]), "d1")
    assert (doc.kind, doc.kind_label, doc.ids) == ("ocr_document", "OCR document", {"document_id": "d1"})
    groups = map_entries(doc, [pre("d1/json/"), pre("d1/pages/"), pre("d1/quality/")])
    assert [g.label for g in sorted(groups, key=lambda n: n.sort_key)] == [
        "Page images", "Page text (JSON)", "Quality"]
    images = only(groups, "Page images")
    pages = map_entries(images, [obj("d1/pages/page_2.png"), obj("d1/pages/page_10.png")])
    assert [(p.kind, p.ids["page"], p.pair_key) for p in sorted(pages, key=lambda n: n.sort_key)] == [
        ("ocr_page_image", 2, "d1/json/page_2.json"), ("ocr_page_image", 10, "d1/json/page_10.json")]
    report = map_entries(only(groups, "Quality"), [obj("d1/quality/report.json")])
    assert report[0].kind == "ocr_quality_report"


def test_mlflow_branch_lists_nested_folders_lazily() -> None:
    experiment = only(map_entries(section("mlflow"), [pre("1/")]), "1")
    assert (experiment.kind, experiment.kind_label) == ("experiment", "Experiment")
    run = only(map_entries(experiment, [pre("1/abc/")]), "abc")
    assert (run.kind, run.ids) == ("run", {"experiment_id": "1", "run_id": "abc"})
    groups = map_entries(run, [pre("1/abc/artifacts/"), pre("1/abc/model/")])
    assert [g.label for g in sorted(groups, key=lambda n: n.sort_key)] == ["Model", "Artifacts"]
    model = only(groups, "Model")
    inside = map_entries(model, [pre("1/abc/model/sub/"), obj("1/abc/model/model.pkl"), pre("1/abc/model//")])
    folder = only(inside, "sub")
    assert (folder.kind, folder.is_container) == ("folder", True)
    assert folder.ids == {"experiment_id": "1", "run_id": "abc"}
    assert only(inside, "model.pkl").kind == "mlflow_model_file"
    assert only(inside, "(empty name)").kind == "unrecognized"
    deeper = map_entries(folder, [pre("1/abc/model/sub/materials/"), obj("1/abc/model/sub/x.txt")])
    assert [n.kind for n in deeper] == ["folder", "mlflow_model_file"]


def test_temp_and_students_and_exams() -> None:
    upload = only(map_entries(section("temp"), [pre("temp/u1/")]), "u1")
    assert (upload.kind, upload.kind_label) == ("upload", "Upload")
    parts = map_entries(upload, [obj("temp/u1/part-0001"), pre("temp/u1/x/")])
    assert [n.kind for n in parts] == ["temp_upload", "folder"]
    student = only(map_entries(section("students"), [pre("students/s1/")]), "s1")
    notes = only(map_entries(student, [pre("students/s1/notes/")]), "Notes")
    assert map_entries(notes, [obj("students/s1/notes/n.pdf")])[0].kind == "student_note"
    exam = only(map_entries(section("exams"), [pre("exams/e1/")]), "e1")
    assert (exam.kind, exam.kind_label) == ("exam_session", "Exam session")
    files = map_entries(exam, [obj("exams/e1/proctor_recording.webm"), obj("exams/e1/x")])
    assert [n.kind for n in files] == ["exam_recording", "unrecognized"]


def test_entries_outside_the_prefix_stay_visible() -> None:
    nodes = map_entries(section("classrooms"), [obj("students/s1/notes/n.pdf"), pre("classrooms/a/b/")])
    assert [(n.kind, n.label) for n in nodes] == [("unrecognized", "students/s1/notes/n.pdf"),
                                                   ("unrecognized", "a/b/")]


class FakeStore:
    """Keys per bucket, listable one level at a time like S3 with delimiter '/'."""

    def __init__(self, keys: dict[str, set[str]]) -> None:
        self.keys = keys

    def list_level(self, spec: ListingSpec) -> list[ObjectInfo]:
        out: dict[str, ObjectInfo] = {}
        for key in self.keys.get(spec.bucket, set()):
            if not key.startswith(spec.prefix) or key == spec.prefix:
                continue
            rest = key[len(spec.prefix):]
            if spec.delimiter in rest:
                p = spec.prefix + rest.split(spec.delimiter, 1)[0] + spec.delimiter
                out[p] = pre(p, spec.bucket)
            else:
                out[key] = obj(key, bucket=spec.bucket)
        return list(out.values())


def walk(store: FakeStore, names: BucketNames) -> list[DomainNode]:
    leaves: list[DomainNode] = []
    todo = sections(names)
    while todo:
        node = todo.pop()
        spec = children_spec(node)
        assert spec is not None
        entries = store.list_level(spec)
        for page in (entries[:3], entries[3:]):  # paged: mapping is page-local
            for child in map_entries(node, page):
                assert child.bucket == node.bucket and child.section == node.section
                (todo if child.is_container else leaves).append(child)
    return leaves


_WALK_SEGMENTS = st.sampled_from(["classrooms", "students", "temp", "meetings", "exams", "materials",
                                  "thumbnails", "notes", "raw", "chunks", "processed", "pages", "json",
                                  "quality", "model", "artifacts", "recording.webm", "audio.mp3",
                                  "report.json", "proctor_recording.webm", "chunk_1.webm", "chunk_10.webm",
                                  "page_2.png", "page_2.json", "d_thumb.png", "d.pdf", ".pdf", "", "x", "ü"])


@settings(max_examples=150)
@given(keys=st.dictionaries(
    st.sampled_from([DOCS, REC, OCR, ML]),
    st.sets(st.lists(_WALK_SEGMENTS, min_size=1, max_size=6).map("/".join).filter(bool), max_size=25),
))
def test_every_key_under_a_section_is_reached_once_and_classified_alike(keys: dict[str, set[str]]) -> None:
    leaves = walk(FakeStore(keys), N)
    reached = [(n.bucket, n.key) for n in leaves]
    assert len(reached) == len(set(reached))
    section_prefixes = [(N.name_for(s.role), s.prefix) for s in SECTIONS]
    expected = {(b, k) for b, ks in keys.items() for k in ks  # folder markers show as their folder
                if not k.endswith("/") and any(b == sb and k.startswith(sp) for sb, sp in section_prefixes)}
    assert set(reached) == expected
    for n in leaves:
        c = classify(n.bucket, n.key)
        assert c is not None and c.kind == n.kind and c.ids == (n.ids if n.recognized else {})


def test_walk_of_a_realistic_store() -> None:
    keys = {
        DOCS: {"classrooms/c1/materials/d1.pdf", "classrooms/c1/thumbnails/d1_thumb.png",
               "students/s1/notes/n1.pdf", "temp/u1/a/part-1", "other/x"},
        REC: {f"meetings/m1/chunks/chunk_{i}.webm" for i in range(12)} | {"meetings/m1/raw/recording.webm"},
        OCR: {"d1/pages/page_1.png", "d1/json/page_1.json", "d1/quality/report.json"},
        ML: {"1/r/model/model.pkl", "1/r/artifacts/plots/loss.png"},
    }
    leaves = walk(FakeStore(keys), N)
    assert len(leaves) == sum(len(v) for v in keys.values()) - 1  # other/x lives in the Raw view only
    assert all(n.recognized for n in leaves)


# -- consistency rules --------------------------------------------------------------------------------


def test_thumbnail_pairing_per_classroom() -> None:
    flags = ThumbnailPairs.check(
        DOCS,
        [obj("classrooms/c/materials/a.pdf"), obj("classrooms/c/materials/b.pdf"),
         pre("classrooms/c/materials/x/")],
        [obj("classrooms/c/thumbnails/a_thumb.png"), obj("classrooms/c/thumbnails/z_thumb.png"),
         obj("classrooms/c/thumbnails/readme.txt")],
    )
    assert [(f.code, f.severity, f.key, f.ids) for f in flags] == [
        ("material_without_thumbnail", "warning", "classrooms/c/materials/b.pdf",
         {"classroom_id": "c", "document_id": "b"}),
        ("thumbnail_without_material", "warning", "classrooms/c/thumbnails/z_thumb.png",
         {"classroom_id": "c", "document_id": "z"}),
    ]
    assert flags[0].message == "Material b in classroom c has no thumbnail."
    pairs = ThumbnailPairs(DOCS)
    pairs.add("classrooms/c/materials/a.pdf")
    pairs.add("classrooms/d/thumbnails/a_thumb.png")  # another classroom: no pair
    assert {f.code for f in pairs.flags()} == {"material_without_thumbnail", "thumbnail_without_material"}


def test_chunk_gaps_empty_and_duplicate_chunks() -> None:
    chunks = ChunkSet(REC, "m1")
    chunks.add_entries(
        [obj(f"meetings/m1/chunks/chunk_{i}.webm", size=0 if i == 4 else 9) for i in (0, 1, 3, 4, 7)]
        + [obj("meetings/m1/chunks/chunk_01.webm"), obj("meetings/m2/chunks/chunk_9.webm"),
           obj("meetings/m1/chunks/notes.txt")]
    )
    assert chunks.missing() == [2, 5, 6]
    flags = chunks.flags()
    assert [(f.code, f.items) for f in flags] == [("chunk_gap", (2, 5, 6)), ("empty_chunk", ()),
                                                  ("duplicate_chunk", (1,))]
    assert flags[0].message == "Meeting m1 is missing chunks 2, 5-6."
    assert flags[0].key == "meetings/m1/chunks/"
    assert flags[1].key == "meetings/m1/chunks/chunk_4.webm" and "empty (0 bytes)" in flags[1].message
    assert "chunk_01.webm, chunk_1.webm" in flags[2].message
    one = ChunkSet(REC, "m")
    one.add(1, "meetings/m/chunks/chunk_1.webm", 5)
    assert one.flags()[0].message == "Meeting m is missing chunk 0."
    assert ChunkSet(REC, "m").flags() == []


def test_meeting_without_audio() -> None:
    assert meeting_audio_flag(REC, "m1", has_audio=True) is None
    flag = meeting_audio_flag(REC, "m1", has_audio=False)
    assert flag is not None and (flag.code, flag.key, flag.message) == (
        "meeting_without_audio", "meetings/m1/", "Meeting m1 has no processed audio.")


def test_ocr_pairing() -> None:
    flags = OcrPages.check(OCR, [obj(f"d1/pages/page_{i}.png") for i in (1, 2, 3, 4)],
                               [obj(f"d1/json/page_{i}.json") for i in (1, 2, 5)] + [obj("d1/json/x.json")])
    assert [(f.code, f.items, f.key) for f in flags] == [("ocr_page_without_json", (3, 4), "d1/"),
                                                         ("ocr_json_without_page", (5,), "d1/")]
    assert flags[0].message == "OCR document d1: pages 3-4 have no JSON."
    assert flags[1].message == "OCR document d1: JSON for page 5 has no page image."
    pages = OcrPages(OCR)
    pages.add("d2/pages/page_1.png")
    assert pages.flags()[0].message == "OCR document d2: page 1 has no JSON."
    assert OcrPages.check(OCR, [obj("d/pages/page_1.png")], [obj("d/json/page_1.json")]) == []


def test_stale_temp_uploads() -> None:
    now = datetime(2024, 5, 10, 12, tzinfo=UTC)
    temp = TempUploads(DOCS, now=now)
    temp.add_entries([
        obj("temp/old/part-1", modified=now - timedelta(days=3)),
        obj("temp/active/part-1", modified=now - timedelta(days=3)),
        obj("temp/active/part-2", modified=now - timedelta(hours=1)),
        obj("temp/edge/p", modified=now - timedelta(hours=24)),
        obj("temp/naive/p", modified=datetime(2024, 5, 9, 0, 0)),  # no time zone: taken as UTC
        ObjectInfo(DOCS, "temp/unknown/p", 1, None),
        obj("classrooms/c/materials/a.pdf", modified=now - timedelta(days=9)),
    ])
    flags = temp.flags()
    assert [(f.ids["upload_id"], f.key) for f in flags] == [("naive", "temp/naive/"), ("old", "temp/old/")]
    assert flags[1].message == "Temporary upload old was last written 3 days ago (older than 24 hours)."
    assert flags[0].message.startswith("Temporary upload naive was last written 36 hours ago")
    short = TempUploads(DOCS, now=now, max_age=timedelta(minutes=30))
    short.add("active", now - timedelta(hours=1))
    assert [f.code for f in short.flags()] == ["stale_temp_upload"]


def test_content_type_rules() -> None:
    assert check_content_type(DOCS, "classrooms/c/materials/a.pdf", "application/pdf") is None
    flag = check_content_type(DOCS, "classrooms/c/materials/a.pdf", "application/octet-stream")
    assert flag is not None and (flag.code, flag.severity) == ("wrong_content_type", "warning")
    assert flag.message == "Material a.pdf is stored as application/octet-stream, expected application/pdf."
    thumb = check_content_type(DOCS, "classrooms/c/thumbnails/a_thumb.png", "image/jpeg")
    assert thumb is not None and thumb.severity == "warning"
    assert check_content_type(DOCS, "classrooms/c/thumbnails/a_thumb.png", "IMAGE/PNG") is None
    assert check_content_type(OCR, "d/json/page_1.json", "application/json; charset=utf-8") is None
    info = check_content_type(OCR, "d/json/page_1.json", "text/plain")
    assert info is not None and info.severity == "info"
    assert check_content_type(REC, "meetings/m/chunks/chunk_1.webm", "audio/webm") is None
    assert check_content_type(DOCS, "temp/u/x", "anything/at-all") is None  # tails take any type
    assert check_content_type(DOCS, "nowhere", "text/plain") is None
    assert check_content_type("elsewhere", "classrooms/c/materials/a.pdf", "text/plain") is None
    empty = check_content_type(DOCS, "classrooms/c/materials/a.pdf", "")
    assert empty is not None and "stored as no content type" in empty.message


def test_storage_scan_runs_every_rule() -> None:
    now = datetime(2024, 5, 10, tzinfo=UTC)
    names = BucketNames(documents="docs")
    scan = StorageScan(names, now=now)
    listing = {
        "docs": ["classrooms/c/materials/a.pdf", "temp/u/p", "x/unknown"],
        REC: ["meetings/m1/chunks/chunk_0.webm", "meetings/m1/chunks/chunk_2.webm",
              "meetings/m2/processed/audio.mp3", "meetings/m3/notes.txt", "exams/e/proctor_recording.webm"],
        OCR: ["d/pages/page_1.png"],
        DOCS: ["classrooms/c/thumbnails/zzz_thumb.png"],  # not a configured bucket now: ignored
    }
    for bucket, keys in listing.items():
        for key in keys:
            scan.add(bucket, obj(key, modified=now - timedelta(days=2)))
    scan.add("docs", pre("classrooms/"))
    scan.add_content_type("docs", "classrooms/c/materials/a.pdf", "text/html")
    flags = scan.flags()
    assert sorted((f.code, f.key) for f in flags) == sorted([
        ("material_without_thumbnail", "classrooms/c/materials/a.pdf"),
        ("stale_temp_upload", "temp/u/"),
        ("chunk_gap", "meetings/m1/chunks/"),
        ("meeting_without_audio", "meetings/m1/"),
        ("meeting_without_audio", "meetings/m3/"),
        ("ocr_page_without_json", "d/"),
        ("wrong_content_type", "classrooms/c/materials/a.pdf"),
    ])
    assert scan.unrecognized == 2
    assert [f.sort_key for f in flags] == sorted(f.sort_key for f in flags)
    assert all(f.bucket in names.all() for f in flags)


def test_flags_are_hashable() -> None:
    flag = meeting_audio_flag(REC, "m", False)
    assert flag is not None and hash(flag) == hash(replace(flag))


def _entries(keys: Iterable[str]) -> list[ObjectInfo]:
    return [obj(k) for k in keys]


@settings(max_examples=100)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=30), st.randoms(use_true_random=False))
def test_chunk_set_finds_exactly_the_gaps(indices: list[int], rnd: random.Random) -> None:
    rnd.shuffle(indices)
    chunks = ChunkSet(REC, "m")
    chunks.add_entries(_entries(f"meetings/m/chunks/chunk_{i}.webm" for i in indices))
    top = max(indices, default=-1)
    assert chunks.missing() == [i for i in range(top + 1) if i not in indices]
