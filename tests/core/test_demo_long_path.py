"""A demo server whose data folder lies deep (a long home or temporary folder): its local sockets
would not fit a Unix socket's address there, so they go to a short private folder and the server
starts (found by the CI: pytest's numbered temporary folders made the accessibility test's path 3
bytes too long)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.demo.server import MAX_SOCKET_PATH, Identity, SeaweedServer


def test_a_deep_data_folder_still_starts(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    admin = Identity.generate("admin")
    server = SeaweedServer(deep, [admin])
    assert len(str(deep / "filer.sock")) > MAX_SOCKET_PATH
    sockets = server.socket_dir()
    assert sockets != deep and len(str(sockets / "filer.sock")) <= MAX_SOCKET_PATH
    assert stat.S_IMODE(sockets.lstat().st_mode) == 0o700 and sockets.lstat().st_uid == os.getuid()
    assert server.socket_dir() == sockets  # the same folder for every start
    try:
        server.start()
        storage = Storage(ConnectionSettings(server.endpoint, admin.access_key, admin.secret_key))
        storage.make_bucket("deep")
        assert storage.list_buckets() == ["deep"]
    finally:
        server.stop()
        shutil.rmtree(sockets, ignore_errors=True)


def test_a_short_data_folder_keeps_its_sockets() -> None:
    server = SeaweedServer(Path("/tmp/eb-short"), [Identity.generate("admin")])
    assert server.socket_dir() == Path("/tmp/eb-short")
