"""`ensure-browser versions` and `restore` against the real SeaweedFS: the table, --json, a restore
and an undelete, bad usage, and hostile keys and version ids kept harmless in the terminal."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ensure_browser.cli import main as app
from tests.support.servers import S3Server

# SeaweedFS answers ListObjectVersions in plain XML (no URL encoding), where ESC and BEL cannot be
# written (it sends U+FFFD): the key holds the control and format characters XML can carry.
HOSTILE = "classrooms/c1/materials/red\x9b2J\u202egpj\u200b.pdf"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")


@pytest.fixture
def base(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", s3_server.admin.secret_key)
    return ["--endpoint", s3_server.endpoint, "--access-key", s3_server.admin.access_key]


def _history(s3_server: S3Server, bucket: str, key: str) -> list[str]:
    """Two versions, then a delete marker; the version ids, oldest first."""
    storage = s3_server.storage()
    storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    ids = []
    for data in (b"first", b"second!"):
        storage.upload_bytes(bucket, key, data)
        ids.append(str(storage.stat(bucket, key).version_id))
        time.sleep(1.05)
    storage.delete(bucket, key)
    return ids


def test_versions_json_and_table(s3_server: S3Server, bucket: str, base: list[str],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _history(s3_server, bucket, "a/doc.pdf")
    assert app.main(["versions", f"s3://{bucket}/a/doc.pdf", "--json", *base]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["is_latest"], r["is_delete_marker"]) for r in records] == [(True, True), (False, False), (False, False)]
    assert [r["version_id"] for r in records[1:]] == [second, first]
    assert [r["size"] for r in records] == [0, 7, 5]
    assert all(r["last_modified"] for r in records)
    assert app.main(["versions", f"s3://{bucket}/a/doc.pdf", *base]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["VERSION", "ID"]
    assert "delete marker" in lines[1] and "yes" in lines[1]
    assert lines[2].startswith(second) and lines[3].startswith(first)


def test_restore_undoes_a_delete_and_restores_an_old_version(s3_server: S3Server, bucket: str, base: list[str],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _history(s3_server, bucket, "a/doc.pdf")
    storage = s3_server.storage()
    assert app.main(["restore", f"s3://{bucket}/a/doc.pdf", "--version", second, *base]) == 0
    assert "brought back" in capsys.readouterr().out
    assert storage.read_range(bucket, "a/doc.pdf") == b"second!"
    assert app.main(["restore", f"s3://{bucket}/a/doc.pdf", "--version", first, *base]) == 0
    assert "restored" in capsys.readouterr().out
    assert storage.read_range(bucket, "a/doc.pdf") == b"first"
    assert len(storage.list_versions(bucket, "a/doc.pdf")) == 5  # 2 + the marker + 2 restores: none removed


def test_restore_refuses_a_delete_marker_and_bad_locations(s3_server: S3Server, bucket: str, base: list[str],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _history(s3_server, bucket, "a/doc.pdf")
    marker = s3_server.storage().list_versions(bucket, "a/doc.pdf")[0].version_id
    assert app.main(["restore", f"s3://{bucket}/a/doc.pdf", "--version", marker, *base]) == 1
    assert "delete marker" in capsys.readouterr().err
    for location in (f"s3://{bucket}", f"s3://{bucket}/a/", "a/doc.pdf"):
        with pytest.raises(SystemExit) as info:
            app.main(["versions", location, *base])
        assert info.value.code == 2
    assert app.main(["versions", f"s3://{bucket}/never-was.pdf", *base]) == 1
    assert "no versions" in capsys.readouterr().err


def test_hostile_keys_and_version_ids_are_escaped(s3_server: S3Server, bucket: str, base: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _history(s3_server, bucket, HOSTILE)
    assert app.main(["versions", f"s3://{bucket}/{HOSTILE}", *base]) == 0
    out = capsys.readouterr().out
    assert "delete marker" in out and not any(c in out for c in RAW)
    assert app.main(["versions", f"s3://{bucket}/{HOSTILE}", "--json", *base]) == 0
    out = capsys.readouterr().out
    assert len(json.loads(out)) == 3 and not any(c in out for c in RAW)
    assert app.main(["restore", f"s3://{bucket}/{HOSTILE}", "--version", "\x1b]0;pwned\x07\u202e", *base]) == 1
    captured = capsys.readouterr()
    assert "\\x1b]0;pwned\\x07\\u202e" in captured.err
    assert not any(c in captured.err + captured.out for c in RAW)
