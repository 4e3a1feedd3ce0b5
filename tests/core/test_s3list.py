"""The ListObjectsV2 reader (core/s3list.py): its XML parsing, then against the real SeaweedFS server,
where it must list exactly what minio-py's own ``list_objects`` lists (the peer it replaced)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.s3.pages import iter_pages, list_pages, parse_page, parse_time
from ensure_browser.core.s3.storage import Storage

NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _body(entries: str, truncated: bool = False, token: str | None = None, encoding: str | None = None) -> bytes:
    extra = f"<NextContinuationToken>{token}</NextContinuationToken>" if token else ""
    enc = f"<EncodingType>{encoding}</EncodingType>" if encoding else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="{NS}"><Name>b</Name>{enc}'
            f"<IsTruncated>{str(truncated).lower()}</IsTruncated>{extra}{entries}</ListBucketResult>").encode()


def _contents(key: str, size: int = 1, modified: str = "2026-12-02T14:03:00.123Z", etag: str = "&#34;ab&#34;") -> str:
    return (f"<Contents><Key>{key}</Key><LastModified>{modified}</LastModified><ETag>{etag}</ETag>"
            f"<Size>{size}</Size><StorageClass>STANDARD</StorageClass></Contents>")


def test_a_page_gives_objects_then_prefixes_with_their_fields() -> None:
    body = _body(_contents("a/1.pdf", 7) + "<CommonPrefixes><Prefix>a/sub/</Prefix></CommonPrefixes>"
                 + _contents("a/2.pdf", 0, "2026-01-02T03:04:05Z", "&#34;cd-3&#34;"), truncated=True, token="t+/=")
    entries, token = parse_page(body)
    assert token == "t+/="
    assert [(e.object_name, e.size, e.is_dir, e.etag) for e in entries] == [
        ("a/1.pdf", 7, False, "ab"), ("a/2.pdf", 0, False, "cd-3"), ("a/sub/", 0, True, None)]
    assert entries[0].last_modified == datetime(2026, 12, 2, 14, 3, 0, 123000, tzinfo=UTC)
    assert entries[1].last_modified == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_url_encoded_keys_are_decoded_only_when_the_page_says_so() -> None:
    entries, token = parse_page(_body(_contents("a+b%2Bc%01d") + "<CommonPrefixes><Prefix>p%20q/</Prefix>"
                                      "</CommonPrefixes>", encoding="url"))
    assert token is None
    assert [e.object_name for e in entries] == ["a b+c\x01d", "p q/"]
    entries, _ = parse_page(_body(_contents("a+b%2B")))
    assert entries[0].object_name == "a+b%2B"


def test_the_last_key_continues_a_truncated_page_without_a_token() -> None:
    _, token = parse_page(_body(_contents("k1") + _contents("k2"), truncated=True))
    assert token == "k2"


@pytest.mark.parametrize("text", ["", None, "yesterday", "2026-13-45T00:00:00Z"])
def test_an_unreadable_date_is_none_not_a_failed_listing(text: str | None) -> None:
    assert parse_time(text) is None
    entries, _ = parse_page(_body(_contents("k", modified=text or "")))
    assert entries[0].last_modified is None


def test_a_time_with_an_offset_is_given_in_utc() -> None:
    assert parse_time("2026-12-02T15:00:00+01:00") == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize("prefetch", [True, False])
def test_pages_follow_the_tokens_and_stop_at_the_last(prefetch: bool) -> None:
    bodies = {None: _body(_contents("a"), True, "t1"), "t1": _body(_contents("b"), True, "t2"),
              "t2": _body(_contents("c"))}
    asked: list[str | None] = []

    def fetch(token: str | None) -> bytes:
        asked.append(token)
        return bodies[token]

    assert [[e.object_name for e in page] for page in iter_pages(fetch, prefetch)] == [["a"], ["b"], ["c"]]
    assert asked == [None, "t1", "t2"]


def test_a_failed_prefetch_fails_the_listing_at_the_page_it_was_for() -> None:
    def fetch(token: str | None) -> bytes:
        if token is None:
            return _body(_contents("a"), True, "t1")
        raise ConnectionResetError("gone")

    pages = iter_pages(fetch, prefetch=True)
    assert [e.object_name for e in next(pages)] == ["a"]
    with pytest.raises(ConnectionResetError):
        next(pages)


def test_an_abandoned_listing_stops_fetching() -> None:
    fetched = threading.Semaphore(0)
    count = 0

    def fetch(token: str | None) -> bytes:
        nonlocal count
        count += 1
        fetched.release()
        return _body(_contents(f"k{count}"), True, f"t{count}")

    pages = iter_pages(fetch, prefetch=True)
    next(pages)
    assert fetched.acquire(timeout=5) and fetched.acquire(timeout=5)  # the first page and the prefetched one
    pages.close()
    assert not fetched.acquire(timeout=0.3)
    assert count == 2


# -- against the server ------------------------------------------------------------------------------

HOSTILE = ["a\rb", "a\r\nb", "c\tq", "d\x01e", "e\x1f", "f\x7fg", "g\u2028h", "h\ufffei", "sp ace+%2B",
           "x&amp;<y>", "z\x85", "p+q/r s/%41", "p+q/plain", "ü/文件 🎓.pdf"]


def test_it_lists_exactly_what_minio_py_lists(admin_storage: Storage, bucket: str) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: admin_storage.upload_bytes(bucket, k, k.encode()), HOSTILE))
    theirs = [(o.object_name, o.size, o.etag, o.last_modified, o.is_dir)
              for o in admin_storage.client.list_objects(bucket, recursive=True)]
    mine = [(o.object_name, o.size, o.etag, o.last_modified, o.is_dir)
            for o in admin_storage.list_recursive_raw(bucket)]
    assert mine == theirs and len(mine) == len(HOSTILE)
    for prefix in ("", "p+q/", "ü/"):
        theirs = [(o.object_name, o.is_dir) for o in admin_storage.client.list_objects(bucket, prefix=prefix)]
        mine = [(e.key, e.is_prefix) for page in admin_storage.list_level(bucket, prefix) for e in page]
        assert mine == theirs, prefix


@pytest.mark.parametrize("prefetch", [True, False])
def test_small_pages_list_every_key_once_in_order(admin_storage: Storage, bucket: str, prefetch: bool) -> None:
    keys = [f"k/{i:03d}" for i in range(23)] + ["l/x", "m"]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: admin_storage.upload_bytes(bucket, k, b""), keys))
    pages = list(list_pages(admin_storage.signed, bucket, max_keys=5, prefetch=prefetch))
    assert len(pages) == 5
    assert [o.object_name for page in pages for o in page] == sorted(keys)
    level = [(o.object_name, o.is_dir) for page in list_pages(admin_storage.signed, bucket, delimiter="/",
                                                                max_keys=2, prefetch=prefetch) for o in page]
    assert level == [("k/", True), ("l/", True), ("m", False)]


def test_a_missing_bucket_is_a_storage_error(admin_storage: Storage) -> None:
    with pytest.raises(E.NoSuchBucket):
        list(admin_storage.list_recursive_raw("no-such-bucket-here"))
    with pytest.raises(E.NoSuchBucket):
        list(admin_storage.list_level("no-such-bucket-here"))


@pytest.mark.parametrize("prefetch", [True, False])
def test_a_stopped_listing_asks_for_nothing_more_after_the_page_in_hand(prefetch: bool) -> None:
    asked: list[str | None] = []
    stop = threading.Event()

    def fetch(token: str | None) -> bytes:
        asked.append(token)
        stop.set()  # stopped while the first request was in flight
        return _body(_contents("a"), True, "t1")

    def check() -> None:
        if stop.is_set():
            raise E.Cancelled()

    pages = iter_pages(fetch, prefetch, check)
    assert [e.object_name for e in next(pages)] == ["a"]  # the page in hand is still given
    with pytest.raises(E.Cancelled):
        next(pages)
    assert asked == [None]
