"""minio-py's request classes as this app extends them: imported by the functions that send those
requests, not with the storage modules, so that ``import ensure_browser.core.s3.storage`` loads no
minio-py (it costs about 100 ms, most of it its crypto for the admin API)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from minio.deleteobjects import DeleteObject
from minio.sse import Sse
from minio.xml import SubElement


class SourceEncryption(Sse):
    """A copy encrypted as its source is: SSE-S3 (``AES256``), or SSE-KMS with the source's key
    (the bucket's default key where the server named none). No key material travels, so no TLS is
    needed beyond what the connection has (S3 takes SigV4-signed SSE-KMS requests)."""

    def __init__(self, algorithm: str, kms_key_id: str) -> None:
        self.algorithm = algorithm
        self.kms_key_id = kms_key_id

    def headers(self) -> dict[str, str]:
        out = {"X-Amz-Server-Side-Encryption": self.algorithm}
        if self.kms_key_id:
            out["X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"] = self.kms_key_id
        return out

    def tls_required(self) -> bool:
        return False


@dataclass(frozen=True)
class DeleteIfMatch(DeleteObject):
    """An object of a multi-object DELETE that goes only while its ETag is ``etag`` (where the server
    honours the condition: AWS S3, SeaweedFS; others ignore the element)."""

    etag: str = ""

    def toxml(self, element: ET.Element | None) -> ET.Element:
        tag = super().toxml(element)
        SubElement(tag, "ETag", f'"{self.etag}"')
        return tag


def delete_objects(items: Sequence[tuple[str, str | None]]) -> list[DeleteObject]:
    """The objects of one multi-object DELETE: (key, ETag) pairs, each conditional on its ETag
    where one is given."""
    return [DeleteIfMatch(key, etag=etag) if etag else DeleteObject(key) for key, etag in items]
