"""Share links (issue 24, item 8) on the real server: presigned links fetched and compared byte for
byte, the 7-day cap, public URLs where the policy makes objects public, a classroom's materials,
text and CSV with hostile original names."""

from __future__ import annotations

import csv
import io
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ensure_browser.core.errors import InvalidRequest
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.policies import expected_bucket_policy
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.share.formats import links_csv, links_text
from ensure_browser.core.share.links import link_for, presigned_expiry, share_links
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from tests.support.transfers import make_pdf

CLASSROOM = "c-share"
HOSTILE = ["Lab, part 1.pdf", 'He said "hi".pdf', "two\nlines.pdf", "bell\x07\x1b[31m.pdf",
           "=HYPERLINK(\"http://x\").pdf", "\u202eevil.pdf"]


@pytest.fixture
def names(bucket: str, make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=bucket, recordings=make_bucket("rec"))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return bytes(resp.read())


def put_materials(storage: Storage, bucket: str, originals: list[str]) -> dict[str, bytes]:
    """One material per original name (as a client other than this app could store it); key -> bytes."""
    bodies = {}
    for i, original in enumerate(originals):
        key = f"classrooms/{CLASSROOM}/materials/0000000{i}-aaaa-4bbb-8ccc-dddddddddddd.pdf"
        body = make_pdf(f"doc {i}")
        storage.upload_bytes(bucket, key, body, content_type="application/pdf",
                             metadata={ORIGINAL_NAME_META: original})
        bodies[key] = body
    return bodies


def test_presigned_links_fetch_the_bytes_and_expire_as_shown(admin_storage: Storage, names: BucketNames) -> None:
    bodies = put_materials(admin_storage, names.documents, ["a.pdf", "b.pdf"])
    result = share_links(admin_storage, [(names.documents, k) for k in bodies], timedelta(hours=2), names)
    assert [link.key for link in result.links] == list(bodies)
    assert [link.name for link in result.links] == ["a.pdf", "b.pdf"]
    for link in result.links:
        assert not link.public
        assert fetch(link.url) == bodies[link.key]
        assert link.expires is not None
        assert abs(link.expires - (datetime.now(UTC) + timedelta(hours=2))) < timedelta(minutes=1)
    assert result.earliest_expiry == min(link.expires for link in result.links if link.expires)


def test_expiry_is_capped_at_seven_days(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "x.txt", b"x")
    link = link_for(admin_storage, bucket, "x.txt", timedelta(days=7), public=False)
    assert presigned_expiry(link.url) == link.expires
    with pytest.raises(InvalidRequest, match="7 days"):
        link_for(admin_storage, bucket, "x.txt", timedelta(days=7, seconds=1), public=False)
    with pytest.raises(InvalidRequest, match="7 days"):
        share_links(admin_storage, [(bucket, "x.txt")], timedelta(days=8), None)
    with pytest.raises(InvalidRequest):
        share_links(admin_storage, [(bucket, "x.txt")], timedelta(0), None)


def test_public_objects_get_their_plain_url(admin_storage: Storage, names: BucketNames) -> None:
    """With the schema's policy, thumbnails are public: their link is the unsigned URL and works
    without a signature; the material beside them stays presigned."""
    bucket = names.documents
    policy = expected_bucket_policy("documents", names)
    assert policy is not None
    admin_storage.set_bucket_policy(bucket, policy)
    thumb = f"classrooms/{CLASSROOM}/thumbnails/00000000-aaaa-4bbb-8ccc-dddddddddddd_thumb.png"
    admin_storage.upload_bytes(bucket, thumb, b"\x89PNG fake", content_type="image/png")
    bodies = put_materials(admin_storage, bucket, ["m.pdf"])
    result = share_links(admin_storage, [(bucket, thumb), (bucket, next(iter(bodies)))], timedelta(days=1), names)
    public, private = result.links
    assert public.public and public.expires is None and "X-Amz-Signature" not in public.url
    assert fetch(public.url) == b"\x89PNG fake"
    assert not private.public and "X-Amz-Signature" in private.url
    assert "never (public)" not in links_text([private]) and links_csv([public]).splitlines()[1].endswith(",")


def test_a_classrooms_share_names_its_materials_only(admin_storage: Storage, names: BucketNames) -> None:
    bucket = names.documents
    bodies = put_materials(admin_storage, bucket, ["Photosynthesis Lab.pdf", "Quiz.pdf"])
    admin_storage.upload_bytes(bucket, f"classrooms/{CLASSROOM}/thumbnails/x_thumb.png", b"png")
    seen: list[int] = []
    result = share_links(admin_storage, [(bucket, f"classrooms/{CLASSROOM}/")], timedelta(hours=1), names,
                         progress=seen.append)
    assert sorted(link.key for link in result.links) == sorted(bodies)
    assert sorted(link.name for link in result.links) == ["Photosynthesis Lab.pdf", "Quiz.pdf"]
    assert seen and seen[-1] == 2
    for link in result.links:
        assert fetch(link.url) == bodies[link.key]


def test_text_and_csv_with_hostile_names(admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    bodies = put_materials(admin_storage, names.documents, HOSTILE)
    result = share_links(admin_storage, [(names.documents, k) for k in bodies], timedelta(hours=1), names)
    text = links_text(result.links)
    lines = text.splitlines()
    assert len(lines) == len(HOSTILE) + 1  # one per link, and the expiry
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert lines[2].startswith("two\\nlines.pdf: http")
    assert lines[-1].startswith("(links valid until ")

    table = links_csv(result.links)
    path = tmp_path / "links.csv"
    path.write_text(table, encoding="utf-8", newline="")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["name", "key", "url", "expires"]
    assert len(rows) == len(HOSTILE) + 1
    got = {row[1]: row for row in rows[1:]}
    for (key, body), original in zip(bodies.items(), HOSTILE, strict=True):
        name, _key, url, expires = got[key]
        assert fetch(url) == body
        assert datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) > datetime.now(UTC)
        if original.startswith("="):
            assert name == "'" + original  # no formula in a spreadsheet
        elif original.isprintable():
            assert name == original  # commas and quotes survive the round trip
        else:
            assert name.isprintable() and "\\" in name
    assert all(len(row) == 4 for row in csv.reader(io.StringIO(table)))
