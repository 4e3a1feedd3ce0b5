"""The demo server (a real ``weed mini`` per test) and seeding (into the shared test server)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo import seed as demo_mod
from ensure_browser.demo.seed import DemoBusy, DemoServer, SampleObject, seed
from ensure_browser.demo.server import pid_alive, stop_pid
from tests.support.servers import temporary_names


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """An unrelated live process (not a ``weed``)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    yield proc
    stop_pid(proc.pid, timeout=2)
    proc.wait(timeout=5)


def _state(path: Path) -> dict[str, object]:
    return dict(json.loads((path / "demo.json").read_text(encoding="utf-8")))


@pytest.mark.slow
def test_start_stop_restart_keeps_credentials_and_data(tmp_path: Path) -> None:
    server = DemoServer(tmp_path / "demo")
    settings = server.start()
    try:
        assert server.running and server.settings == settings
        assert settings.endpoint.startswith("127.0.0.1:")
        state_file = tmp_path / "demo" / "demo.json"
        assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
        state = _state(tmp_path / "demo")
        assert state["pid"] == server.pid
        assert server.start() == settings  # already running: the same server
        storage = Storage(settings)
        storage.make_bucket("kept")
        storage.upload_bytes("kept", "a/b.txt", b"hello")
    finally:
        server.stop()
    assert not server.running and server.settings is None
    server.stop()  # twice is fine
    assert _state(tmp_path / "demo")["pid"] is None

    again = server.start()
    try:
        assert (again.access_key, again.secret_key) == (settings.access_key, settings.secret_key)
        assert Storage(again).read_range("kept", "a/b.txt") == b"hello"
    finally:
        server.stop()


@pytest.mark.slow
def test_a_stale_server_is_stopped_but_a_foreign_pid_is_not(
    tmp_path: Path, sleeper: subprocess.Popen[bytes]
) -> None:
    data_dir = tmp_path / "demo"
    first = DemoServer(data_dir)
    first.start()
    stale_pid = first.pid
    assert stale_pid is not None
    del first  # "crashed": nobody stops it

    # While another live ensure-browser owns it, it is left alone.
    state = _state(data_dir)
    state["owner_pid"] = sleeper.pid
    state["owner_started"] = demo_mod.process_start_time(sleeper.pid)
    (data_dir / "demo.json").write_text(json.dumps(state), encoding="utf-8")
    with pytest.raises(DemoBusy, match="another running ensure-browser"):
        DemoServer(data_dir).start()
    assert pid_alive(stale_pid)

    state["owner_pid"] = 0  # the owner is gone
    (data_dir / "demo.json").write_text(json.dumps(state), encoding="utf-8")
    second = DemoServer(data_dir)
    settings = second.start()
    try:
        assert not pid_alive(stale_pid)
        assert second.pid != stale_pid
        Storage(settings).list_buckets()
    finally:
        second.stop()

    # A state file naming a live process that is not our weed: it is never killed.
    state = _state(data_dir)
    state["pid"] = sleeper.pid
    (data_dir / "demo.json").write_text(json.dumps(state), encoding="utf-8")
    second.start()
    second.stop()
    assert sleeper.poll() is None


def test_unreadable_state_starts_fresh(tmp_path: Path) -> None:
    server = DemoServer(tmp_path)
    (tmp_path / "demo.json").write_text("{not json", encoding="utf-8")
    assert server.read_state() == {}
    server.stop()  # never started: nothing to do


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with temporary_names(admin_storage, "seed") as names:
        yield names


def test_seed_uploads_once(admin_storage: Storage, names: BucketNames) -> None:
    objects = [
        SampleObject("documents", "classrooms/c1/materials/d1.pdf", b"%PDF-1.4\n", "application/pdf",
                     {"original-filename": "Zellbiologie – Übersicht.pdf"}),
        SampleObject("recordings", "meetings/m1/processed/audio.mp3", b"ID3", "audio/mpeg"),
        SampleObject("ocr", "d1/quality/report.json", b"{}", "application/json"),
        SampleObject("mlflow", "1/r1/artifacts/metrics.json", b"{}", "application/json"),
    ]
    progress: list[tuple[int, int]] = []
    assert seed(admin_storage, names, objects, progress=lambda d, t: progress.append((d, t))) == 4
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    st = admin_storage.stat(names.documents, "classrooms/c1/materials/d1.pdf")
    assert st.content_type == "application/pdf"
    assert st.metadata["original-filename"] == "Zellbiologie – Übersicht.pdf"
    assert admin_storage.read_range(names.recordings, "meetings/m1/processed/audio.mp3") == b"ID3"
    assert admin_storage.get_bucket_policy(names.documents) is not None

    assert seed(admin_storage, names, objects) == 0
    # Deleting one sample does not bring it back: the user's changes are kept.
    admin_storage.delete(names.ocr, "d1/quality/report.json")
    assert seed(admin_storage, names, objects) == 0
    assert not admin_storage.exists(names.ocr, "d1/quality/report.json")


def test_unknown_bucket_role_is_refused(admin_storage: Storage, names: BucketNames) -> None:
    with pytest.raises(ValueError, match="Unknown bucket role"):
        seed(admin_storage, names, [SampleObject("nope", "k", b"")])


def test_state_file_is_private_even_with_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        DemoServer(tmp_path).write_state({"credentials": {"access_key": "a", "secret_key": "b"}})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "demo.json").stat().st_mode) == 0o600
