"""The versioning state the delete confirmation uses (core/versions/state.py) follows this app's own
change at once: turned on in the Retention tab or by ``provision --versioning`` (both through
turn_on_versioning), on the same connection or another one to the same server (real SeaweedFS)."""

from __future__ import annotations

from ensure_browser.core.provision import provision
from ensure_browser.core.retention.versioning import turn_on_versioning
from ensure_browser.core.versions.state import ENABLED, STATES
from tests.support.servers import S3Server
from tests.support.versioned import versioned_names


def test_turning_versioning_on_is_seen_at_once(s3_server: S3Server) -> None:
    storage = s3_server.storage()
    with versioned_names(storage, "vs") as names:
        bucket = names.documents
        storage.make_bucket(bucket)
        assert not STATES.restorable(storage, bucket)  # read and kept for KEPT_FOR seconds
        turn_on_versioning(storage, [bucket])
        assert STATES.get(storage, bucket) == ENABLED


def test_provision_on_another_connection_is_seen_at_once(s3_server: S3Server) -> None:
    window = s3_server.storage()
    with versioned_names(window, "vp") as names:
        window.make_bucket(names.documents)
        assert STATES.get(window, names.documents) != ENABLED
        provision(s3_server.storage(), names, versioning=True)  # the same server, another connection
        assert STATES.get(window, names.documents) == ENABLED
