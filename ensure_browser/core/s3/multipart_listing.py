"""ListMultipartUploads, read whatever dialect of it the server answers.

minio-py's reader finds nothing in an answer without the S3 XML namespace (``rclone serve s3``
leaves it out, so its uploads in progress looked like none) and never reads the next upload-id
marker of a truncated answer; an empty ``delimiter`` parameter (which it sends) makes rclone list
none. ``rclone serve s3`` also answers 404 ``NoSuchUpload`` for a bucket
without uploads in progress: that is an empty list here, not a failure. A server that does not
offer the call (``NotImplemented``, or an answer that is not a list of uploads) raises
:class:`~ensure_browser.core.errors.NotSupported`, and the connection's
:class:`~ensure_browser.core.s3.capabilities.Capabilities` learns it.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import unquote_plus

from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.pages import parse_time

log = logging.getLogger(__name__)

#: S3 error codes of a server that does not offer a call at all
NOT_OFFERED = frozenset({"NotImplemented", "MethodNotAllowed", "XNotImplemented"})


@dataclass(frozen=True)
class ListedUpload:
    key: str
    upload_id: str
    initiated: datetime | None


@dataclass(frozen=True)
class UploadsPage:
    uploads: list[ListedUpload]
    truncated: bool = False
    next_key_marker: str | None = None
    next_upload_id_marker: str | None = None


def local_name(element: ET.Element) -> str:
    """The tag of ``element`` without its namespace."""
    return element.tag.rpartition("}")[2]


def parse_uploads_page(data: bytes) -> UploadsPage | None:
    """One ListMultipartUploads answer, with or without the S3 namespace; None when the XML is
    something else (a server that answered the request as another one)."""
    root = ET.fromstring(data)
    if local_name(root) != "ListMultipartUploadsResult":
        return None
    url = root.findtext("{*}EncodingType") == "url"

    def name(text: str | None) -> str:
        return unquote_plus(text) if url and text else text or ""

    uploads = [ListedUpload(name(up.findtext("{*}Key")), up.findtext("{*}UploadId") or "",
                            parse_time(up.findtext("{*}Initiated")))
               for up in root.iterfind("{*}Upload")]
    truncated = (root.findtext("{*}IsTruncated") or "").strip().lower() == "true"
    return UploadsPage(uploads, truncated, name(root.findtext("{*}NextKeyMarker")) or None,
                       root.findtext("{*}NextUploadIdMarker") or None)


class Requests(Protocol):
    def request(self, method: str, bucket: str, query: Mapping[str, str]) -> Any:
        """A signed request's answer (``.data``); an error answer raised as minio-py's ``S3Error``."""


def list_uploads(client: Requests, capabilities: Capabilities, bucket: str, prefix: str = "") -> list[ListedUpload]:
    """Every multipart upload in progress in ``bucket`` below ``prefix`` (other errors are raised
    as they come, for the caller to translate)."""
    from minio.error import S3Error  # minio-py with the first request, not the import

    out: list[ListedUpload] = []
    key_marker: str | None = None
    id_marker: str | None = None
    while True:
        # no empty delimiter (rclone then lists nothing) and no URL encoding asked for (SeaweedFS says it
        # encoded the keys and did not): keys come as they are, which XML carries
        query = {"uploads": "", "max-uploads": "1000"}
        if prefix:
            query["prefix"] = prefix
        if key_marker:
            query["key-marker"] = key_marker
        if id_marker:
            query["upload-id-marker"] = id_marker
        try:
            resp = client.request("GET", bucket, query)
        except S3Error as err:
            if err.code == "NoSuchUpload":  # rclone: none in progress
                capabilities.learn(Capability.MULTIPART_LISTING, True, "NoSuchUpload for no uploads in progress")
                return out
            if err.code in NOT_OFFERED:
                raise capabilities.unsupported(Capability.MULTIPART_LISTING, f"{err.code}: {err.message}") from err
            raise
        try:
            page = parse_uploads_page(resp.data)
        except ET.ParseError as err:
            raise capabilities.unsupported(Capability.MULTIPART_LISTING, f"not XML: {err}") from err
        if page is None:
            raise capabilities.unsupported(Capability.MULTIPART_LISTING,
                                           f"answered with {resp.data[:80]!r} instead of a list of uploads")
        capabilities.learn(Capability.MULTIPART_LISTING, True, "ListMultipartUploads answered")
        out.extend(page.uploads)
        following = (page.next_key_marker, page.next_upload_id_marker)
        if not page.truncated or not any(following) or following == (key_marker, id_marker):
            return out
        key_marker, id_marker = following
