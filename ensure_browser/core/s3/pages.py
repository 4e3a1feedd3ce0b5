"""ListObjectsV2 pages, read straight from the XML.

minio-py's ``list_objects`` turns every entry into an ``Object`` through a dozen namespaced
``findtext`` calls and parses its date with ``strptime``; for the listings this app makes (a prefix of
100,000 objects, a health scan of every key) that parsing costs about nine times what reading the
same XML takes here: one pass over each ``<Contents>``'s children, dates by
:meth:`datetime.fromisoformat`. The request is signed by :mod:`.signed` (error answers as
``StorageError``), and the query is the one minio-py sends (keys URL-encoded, empty ``delimiter``
and ``prefix`` sent, 1,000 keys per page), so bucket policies see the same request.

While one page is read, the next one is already being fetched (its continuation token is known as
soon as the page's XML is parsed), so the server's latency overlaps the reading. Nothing here
touches Qt.

What a server sends is bounded: a page of more than :data:`MAX_PAGE_BYTES` stops the listing
(:class:`ListingFailure` ``PageTooLarge``, nothing more read), and so does a server that repeats a
continuation token it sent before or a page it sent just before (``NoProgress``: such a listing
would never end). One entry's unreadable ``<Size>`` does not fail the listing: the entry is kept with
``size_known`` False (size 0), and a warning is logged.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from ensure_browser.core.errors import ProtocolFailure
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text

if TYPE_CHECKING:
    from ensure_browser.core.s3.signed import SignedRequests

log = logging.getLogger(__name__)

S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
MAX_KEYS = 1000  # what S3 returns at most per page; minio-py always asks for it (policies may require it)
# The most of a page's body read: a page of 1,000 keys of 1,024 bytes, each URL-encoded (up to three
# times longer), is under 4 MiB. A bigger body is not S3's; reading it whole cost a peer's 400 MB
# page 1.2 GB of memory.
MAX_PAGE_BYTES = 16 * 1024 * 1024
_READ = 1024 * 1024


class ListingFailure(ProtocolFailure):
    """A listing stopped because of what the server sent: ``code`` ``PageTooLarge`` (a page over
    :data:`MAX_PAGE_BYTES`) or ``NoProgress`` (a repeated continuation token or page)."""


class ListedObject:
    """One listing entry with the attribute names of minio-py's ``Object`` that callers read:
    an object, or a common prefix (``is_dir``; its ``object_name`` ends with the delimiter)."""

    __slots__ = ("etag", "is_dir", "last_modified", "object_name", "size", "size_known")

    def __init__(self, object_name: str, size: int = 0, last_modified: datetime | None = None,
                 etag: str | None = None, is_dir: bool = False, size_known: bool = True) -> None:
        self.object_name = object_name
        self.size = size
        self.last_modified = last_modified
        self.etag = etag
        self.is_dir = is_dir
        self.size_known = size_known  # False: the server's <Size> was unreadable (size 0)

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
    odd_sizes: list[tuple[str | None, str | None]] = []  # (key, the <Size> text) of unreadable sizes
    for element in root:
        tag = element.tag
        if tag == contents:
            key: str | None = None
            size = 0
            size_text: str | None = None
            modified: datetime | None = None
            etag: str | None = None
            for field in element:
                name = field.tag
                if name == key_tag:
                    key = decode(field.text or "")
                elif name == size_tag:
                    size_text = field.text
                elif name == time_tag:
                    modified = parse_time(field.text)
                elif name == etag_tag:
                    etag = (field.text or "").replace('"', "") or None
            if size_text:
                try:
                    size = int(size_text)
                except ValueError:
                    size = -1
                if size < 0:
                    odd_sizes.append((key, size_text))
                    if key is not None:
                        objects.append(ListedObject(key, 0, modified, etag, size_known=False))
                    continue
            if key is not None:
                objects.append(ListedObject(key, size, modified, etag))
        elif tag == prefixes:
            prefix = element.findtext(prefix_tag)
            if prefix:
                dirs.append(ListedObject(decode(prefix), is_dir=True))
    objects.extend(dirs)
    if odd_sizes:
        log.warning("%d listed object(s) with an unreadable size, kept with the size unknown (first: %r, "
                    "<Size>%r)", len(odd_sizes), *odd_sizes[0])
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


def list_pages(client: SignedRequests, bucket: str, prefix: str = "", delimiter: str = "", max_keys: int = MAX_KEYS,
               prefetch: bool = True, check: Check = _go_on) -> Iterator[list[ListedObject]]:
    """The pages of a ListObjectsV2 listing of ``bucket`` below ``prefix`` (``delimiter`` "/": one
    level; "": every key), through ``client`` (the connection's
    :class:`~ensure_browser.core.s3.signed.SignedRequests`). Errors are ``StorageError`` (an error
    answer) or urllib3's: callers translate them. With ``prefetch`` the next page is requested while the
    caller reads this one (in one helper thread, for as long as the iterator lives). ``check`` is
    called before each request after the first and stops the listing by raising (a cancelled
    listing asks for nothing more once the request in flight has been answered)."""

    def fetch(token: str | None) -> bytes:
        query = {"list-type": "2", "delimiter": delimiter, "encoding-type": "url", "max-keys": str(max_keys),
                 "prefix": prefix}
        if token:
            query["continuation-token"] = token
        response = client.request("GET", bucket, query=query, preload_content=False)
        return read_page(response)

    return iter_pages(fetch, prefetch, check)


def read_page(response: Any, limit: int = MAX_PAGE_BYTES) -> bytes:
    """The body of a page's ``response`` (urllib3's, not read yet), at most ``limit`` bytes: a
    bigger one (declared, or found while reading) raises :class:`ListingFailure` ``PageTooLarge``
    and the connection is closed with the rest unread."""
    declared = response.headers.get("Content-Length") or ""
    chunks: list[bytes] = []
    got = 0
    try:
        if not (declared.isdigit() and int(declared) > limit):
            while got <= limit:
                chunk = response.read(min(_READ, limit + 1 - got))
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
                got += len(chunk)
        response.close()  # the rest stays unread: the connection cannot serve another request
    finally:
        response.release_conn()
    raise ListingFailure(
        Text(QT_TR_NOOP("The server sent a page of the listing larger than {0} MiB, which no S3 server sends; the "
                        "listing stopped."), limit // (1024 * 1024)),
        f"Content-Length {declared or '-'}, read {got} bytes", code="PageTooLarge")


class _Progress:
    """What a listing's pages have shown so far: every continuation token, and the previous page,
    so that a server that repeats itself ends the listing with :class:`ListingFailure` ``NoProgress``
    instead of looping without end."""

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.pages = 0
        self.last: tuple[int, str, str] | None = None  # the previous page: entries, first and last name

    def next_token(self, token: str | None) -> None:
        """A page came with ``token`` (None: the last page); raises when it was seen before."""
        self.pages += 1
        if token is not None:
            if token in self.tokens:
                raise self._failure(Text(QT_TR_NOOP("sent a continuation token again")), token)
            self.tokens.add(token)

    def entries(self, root: ET.Element, token: str | None) -> list[ListedObject]:
        """The entries of the page ``root`` (which gave ``token``); raises when it is the page before
        again (same number of entries, same first and last name: keys are unique in a listing)."""
        entries = read_entries(root)
        shape = (len(entries), entries[0].object_name, entries[-1].object_name) if entries else None
        if shape is not None and token is not None and shape == self.last:
            raise self._failure(Text(QT_TR_NOOP("sent the same page again")), token)
        self.last = shape
        return entries

    def _failure(self, what: Text, token: str) -> ListingFailure:
        return ListingFailure(
            Plural(self.pages - 1,
                   "The server {0} after 1 page of the listing, which would never end; the listing "
                   "stopped and may be incomplete.",
                   QT_TR_N_NOOP("The server {0} after {1} pages of the listing, which would never end; the "
                                "listing stopped and may be incomplete."), what, self.pages - 1),
            f"continuation token {token[:200]!r}", code="NoProgress")


def iter_pages(fetch: Fetch, prefetch: bool = True, check: Check = _go_on) -> Iterator[list[ListedObject]]:
    """Pages from ``fetch`` until one has no continuation token; see :func:`list_pages`."""
    progress = _Progress()
    if not prefetch:
        token: str | None = None
        while True:
            root, token = _parse(fetch(token))
            progress.next_token(token)
            yield progress.entries(root, token)
            if token is None:
                return
            check()
    pool = ThreadPoolExecutor(1, "s3list-prefetch")
    pending: Future[bytes] | None = None
    try:
        body = fetch(None)
        while True:
            root, token = _parse(body)
            progress.next_token(token)  # a repeated token ends the listing before the next request
            if token is not None and _passes(check):
                pending = pool.submit(fetch, token)
            yield progress.entries(root, token)
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
