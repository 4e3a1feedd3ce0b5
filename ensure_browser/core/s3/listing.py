"""Listing: one level below a prefix in pages, or every key (or every version) below it (see :mod:`.pages`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import translate
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.model import ObjectInfo
from ensure_browser.core.s3.pages import ListedObject, list_pages

T = TypeVar("T")


class ListingMixin(StorageBase):
    """The listing requests of :class:`~ensure_browser.core.s3.storage.Storage`."""

    def _wrap_iter(self, it: Iterator[T], bucket: str, prefix: str) -> Iterator[T]:
        while True:
            try:
                item = next(it)
            except StopIteration:
                return
            except Exception as exc:
                raise translate(
                    exc,
                    endpoint=self.settings.endpoint,
                    access_key=self.settings.access_key,
                    bucket=bucket,
                    key=prefix or None,
                    secure=self.settings.secure,
                ) from exc
            yield item

    @staticmethod
    def _entry(bucket: str, obj: ListedObject) -> ObjectInfo:
        return ObjectInfo(bucket, obj.object_name, obj.size, obj.last_modified, obj.etag, obj.is_dir,
                          obj.size_known)

    def list_level(
        self,
        bucket: str,
        prefix: str = "",
        page_size: int = 1000,
        cancel: CancelToken = NEVER,
    ) -> Iterator[list[ObjectInfo]]:
        """One level below ``prefix`` (delimiter ``/``) in pages of at most ``page_size`` entries."""
        pages = self._wrap_iter(list_pages(self.signed, bucket, prefix, delimiter="/",
                                           check=cancel.raise_if_cancelled), bucket, prefix)
        page: list[ObjectInfo] = []
        entry = self._entry
        for listed in pages:
            cancel.raise_if_cancelled()
            for obj in listed:
                if obj.object_name == prefix:
                    continue  # a "folder marker" object equal to the prefix itself
                page.append(entry(bucket, obj))
                if len(page) >= page_size:
                    yield page
                    page = []
        if page:
            yield page

    def list_recursive(
        self, bucket: str, prefix: str = "", cancel: CancelToken = NEVER
    ) -> Iterator[ObjectInfo]:
        for obj in self.list_recursive_raw(bucket, prefix, cancel):
            cancel.raise_if_cancelled()
            yield self._entry(bucket, obj)

    def list_recursive_raw(self, bucket: str, prefix: str = "", *tokens: CancelToken) -> Iterator[ListedObject]:
        """Every key below ``prefix`` as the listing read it (:class:`~ensure_browser.core.s3.pages.ListedObject`:
        ``object_name``, ``size``, ``is_dir`` ...), no entry made per key, for callers that go through
        many keys quickly (the health scan); errors as StorageError. Once one of ``tokens`` is
        cancelled no further page is requested (the caller checks them between keys too)."""

        def check() -> None:
            for token in tokens:
                token.raise_if_cancelled()

        pages = self._wrap_iter(list_pages(self.signed, bucket, prefix, check=check), bucket, prefix)
        return (obj for page in pages for obj in page)

    def list_versions_raw(self, bucket: str, prefix: str = "", *tokens: CancelToken) -> Iterator[Any]:
        """Every version and delete marker below ``prefix`` (minio-py's ``list_objects`` with
        ``include_version``: ``object_name``, ``version_id``, ``is_latest``, ``is_delete_marker``,
        ``size``), streamed page by page; errors as StorageError. Once one of ``tokens`` is cancelled
        no further page is requested (the caller checks them between entries too)."""
        listed = self.client.list_objects(bucket, prefix or None, recursive=True, include_version=True)
        for obj in self._wrap_iter(iter(listed), bucket, prefix):
            for token in tokens:
                token.raise_if_cancelled()
            yield obj
