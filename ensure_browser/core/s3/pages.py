"""ListObjectsV2 pages, read straight from the XML.

minio-py's ``list_objects`` turns every entry into an ``Object`` through a dozen namespaced
``findtext`` calls and parses its date with ``strptime``; for the listings this app makes (a prefix of
100,000 objects, a health scan of every key) that parsing costs about nine times what reading the
same XML takes here: one pass over each ``<Contents>``'s children, dates by
:meth:`datetime.fromisoformat`. The request itself is still minio-py's (signing, retries, region,
errors as ``S3Error``), and the query is the one minio-py sends (keys URL-encoded, empty
``delimiter`` and ``prefix`` sent, 1,000 keys per page), so bucket policies see the same request.

While one page is read, the next one is already being fetched (its continuation token is known as
soon as the page's XML is parsed), so the server's latency overlaps the reading. Nothing here
touches Qt.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

log = logging.getLogger(__name__)

S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
MAX_KEYS = 1000  # what S3 returns at most per page; minio-py always asks for it (policies may require it)


class ListedObject:
    """One listing entry with the attribute names of minio-py's ``Object`` that callers read:
    an object, or a common prefix (``is_dir``; its ``object_name`` ends with the delimiter)."""

    __slots__ = ("etag", "is_dir", "last_modified", "object_name", "size")

    def __init__(self, object_name: str, size: int = 0, last_modified: datetime | None = None,
                 etag: str | None = None, is_dir: bool = False) -> None:
        self.object_name = object_name
        self.size = size
        self.last_modified = last_modified
        self.etag = etag
        self.is_dir = is_dir

    def __repr__(self) -> str:
        return f"ListedObject({self.object_name!r}, size={self.size}, is_dir={self.is_dir})"


def parse_time(text: str | None) -> datetime | None:
    """An S3 ``LastModified`` (``2026-12-02T14:03:00.123Z``, fraction optional) as an aware UTC time;
    None when missing or unreadable (one odd date does not fail a listing)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        log.debug("unreadable LastModified %r", text)
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _unquote(text: str) -> str:
    return unquote_plus(text) if "%" in text or "+" in text else text


def _same(text: str) -> str:
    return text


def _text(element: ET.Element, name: str) -> str | None:
    return element.findtext(S3_NS + name)


def parse_page(data: bytes) -> tuple[list[ListedObject], str | None]:
    """The entries of one ListObjectsV2 response body (objects first, then common prefixes, in the
    server's order, as minio-py yields them) and the continuation token (None on the last page)."""
    root, token = _parse(data)
    return read_entries(root), token


def _parse(data: bytes) -> tuple[ET.Element, str | None]:
    """A response body's XML and its continuation token (None on the last page), known before its
    entries are read (so that the next page can be asked for meanwhile)."""
    root = ET.fromstring(data)
    if (_text(root, "IsTruncated") or "").strip().lower() != "true":
        return root, None
    token = _text(root, "NextContinuationToken")
    if token:
        return root, token
    # a server that truncates without a token: go on after the last key, as minio-py does
    last = None
    for last in root.iterfind(S3_NS + "Contents"):  # noqa: B007 - the last one is wanted
        pass
    key = last.findtext(S3_NS + "Key") if last is not None else None
    return root, _decoder(root)(key) if key else None


def _decoder(root: ET.Element) -> Callable[[str], str]:
    """How the page's keys are to be read: URL-decoded when it says they were sent so (asked for,
    so that keys with characters XML cannot carry survive)."""
    return _unquote if _text(root, "EncodingType") == "url" else _same


def read_entries(root: ET.Element) -> list[ListedObject]:
    """The objects, then the common prefixes, of a parsed page, keys decoded (see :func:`_decoder`)."""
    decode = _decoder(root)
    contents, prefixes = S3_NS + "Contents", S3_NS + "CommonPrefixes"
    key_tag, size_tag, time_tag, etag_tag = S3_NS + "Key", S3_NS + "Size", S3_NS + "LastModified", S3_NS + "ETag"
    prefix_tag = S3_NS + "Prefix"
    objects: list[ListedObject] = []
    dirs: list[ListedObject] = []
    for element in root:
        tag = element.tag
        if tag == contents:
            key: str | None = None
            size = 0
            modified: datetime | None = None
            etag: str | None = None
            for field in element:
                name = field.tag
                if name == key_tag:
                    key = decode(field.text or "")
                elif name == size_tag:
                    size = int(field.text or 0)
                elif name == time_tag:
                    modified = parse_time(field.text)
                elif name == etag_tag:
                    etag = (field.text or "").replace('"', "") or None
            if key is not None:
                objects.append(ListedObject(key, size, modified, etag))
        elif tag == prefixes:
            prefix = element.findtext(prefix_tag)
            if prefix:
                dirs.append(ListedObject(decode(prefix), is_dir=True))
    objects.extend(dirs)
    return objects


Fetch = Callable[[str | None], bytes]  # continuation token (None: the first page) -> response body
Check = Callable[[], None]  # raises to stop a listing before its next request


def _go_on() -> None:
    return None


def _passes(check: Check) -> bool:
    try:
        check()
    except Exception:
        return False
    return True


def list_pages(client: Any, bucket: str, prefix: str = "", delimiter: str = "", max_keys: int = MAX_KEYS,
               prefetch: bool = True, check: Check = _go_on) -> Iterator[list[ListedObject]]:
    """The pages of a ListObjectsV2 listing of ``bucket`` below ``prefix`` (``delimiter`` "/": one
    level; "": every key), through ``client`` (a ``minio.Minio``). Errors are minio-py's (``S3Error``,
    urllib3's): callers translate them. With ``prefetch`` the next page is requested while the
    caller reads this one (in one helper thread, for as long as the iterator lives). ``check`` is
    called before each request after the first and stops the listing by raising (a cancelled
    listing asks for nothing more once the request in flight has been answered)."""

    def fetch(token: str | None) -> bytes:
        query = {"list-type": "2", "delimiter": delimiter, "encoding-type": "url", "max-keys": str(max_keys),
                 "prefix": prefix}
        if token:
            query["continuation-token"] = token
        response = client._execute("GET", bucket, query_params=query)  # noqa: SLF001  (#23)
        return bytes(response.data)

    return iter_pages(fetch, prefetch, check)


def iter_pages(fetch: Fetch, prefetch: bool = True, check: Check = _go_on) -> Iterator[list[ListedObject]]:
    """Pages from ``fetch`` until one has no continuation token; see :func:`list_pages`."""
    if not prefetch:
        token: str | None = None
        while True:
            root, token = _parse(fetch(token))
            yield read_entries(root)
            if token is None:
                return
            check()
    pool = ThreadPoolExecutor(1, "s3list-prefetch")
    pending: Future[bytes] | None = None
    try:
        body = fetch(None)
        while True:
            root, token = _parse(body)
            if token is not None and _passes(check):
                pending = pool.submit(fetch, token)
            yield read_entries(root)
            if token is None:
                return
            if pending is None:  # stopped before the prefetch: raise now, after the page in hand
                check()
                pending = pool.submit(fetch, token)
            body = pending.result()
            pending = None
    finally:
        if pending is not None:
            pending.cancel()  # a page being fetched finishes in the background; nobody reads it
        pool.shutdown(wait=False)
