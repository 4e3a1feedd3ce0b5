"""Buckets: list, check, create, their versioning and lifecycle rules, and their policies (see
:mod:`.bucket_features`, :mod:`.lifecycle`, :mod:`.bucket_policies`)."""

from __future__ import annotations

from ensure_browser.core.s3.bucket_features import BucketFeatures, read_features, read_versioning
from ensure_browser.core.s3.bucket_policies import delete_policy, read_policy, write_policy
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.lifecycle import LifecycleRule, enable_versioning, read_rules, write_rules


class BucketsMixin(StorageBase):
    """The bucket requests of :class:`~ensure_browser.core.s3.storage.Storage`."""

    def list_buckets(self) -> list[str]:
        return self._call(lambda: [b.name for b in self.client.list_buckets()])

    def bucket_exists(self, bucket: str) -> bool:
        return self._call(lambda: self.client.bucket_exists(bucket), bucket, head=True)

    def make_bucket(self, bucket: str) -> None:
        self._call(lambda: self.client.make_bucket(bucket), bucket)

    def bucket_features(self, bucket: str) -> BucketFeatures:
        """``bucket``'s versioning and lifecycle rules as the server answers them; what the server
        has of them goes into :attr:`capabilities` (see :mod:`~ensure_browser.core.s3.bucket_features`)."""
        return self._call(lambda: read_features(self.client, self.capabilities, bucket), bucket)

    def bucket_versioning(self, bucket: str) -> str | None:
        """"Enabled", "Suspended" or "Off"; None where the server has no versioning (one GET)."""
        return self._call(lambda: read_versioning(self.client, self.capabilities, bucket), bucket)

    def enable_versioning(self, bucket: str) -> None:
        """Turn versioning on for ``bucket``; NotSupported where the server has no versioning."""
        self._call(lambda: enable_versioning(self.client, self.capabilities, bucket), bucket)

    def lifecycle_rules(self, bucket: str) -> tuple[LifecycleRule, ...]:
        """``bucket``'s lifecycle rules (empty: none); NotSupported where the server has none at all
        (see :mod:`~ensure_browser.core.s3.lifecycle`)."""
        return self._call(lambda: read_rules(self.client, self.capabilities, bucket), bucket)

    def set_lifecycle_rules(self, bucket: str, rules: tuple[LifecycleRule, ...]) -> None:
        """Make ``rules`` ``bucket``'s whole lifecycle configuration (empty: remove it)."""
        self._call(lambda: write_rules(self.client, self.capabilities, bucket, rules), bucket)

    def check_connection(self) -> None:
        """Cheapest signed request that proves endpoint, keys and clock are right."""
        self._call(lambda: self.client.list_buckets())

    def get_bucket_policy(self, bucket: str) -> str | None:
        """The bucket policy as JSON text, or None when the bucket has none; NotSupported where the
        server has no bucket policies (see :mod:`~ensure_browser.core.s3.bucket_policies`)."""
        return self._call(lambda: read_policy(self.client, self.capabilities, bucket), bucket)

    def set_bucket_policy(self, bucket: str, policy_json: str) -> None:
        self._call(lambda: write_policy(self.client, self.capabilities, bucket, policy_json), bucket)

    def delete_bucket_policy(self, bucket: str) -> None:
        self._call(lambda: delete_policy(self.client, self.capabilities, bucket), bucket)
