"""Recordings reach the player only through the app's own verified connection, and only as media.

Issue 21, items 4 and 5: the preview handed QMediaPlayer a presigned URL, so FFmpeg fetched it
itself (no certificate check, the profile's CA file ignored, the signed URL printed on stderr), and
an object that was really an HLS playlist made FFmpeg connect to whatever service it named. Here a
TLS server with a self-signed certificate, the real test server and a loopback listener check that:
a wrong certificate stops the preview with the reason, the right CA plays, a playlist or text stored
as ``.webm`` is refused before the player sees it and nothing connects to the service it names, and
no request signature reaches stderr or the logs.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.classify import classify, key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.preview import PreviewPane
from ensure_browser.ui.trees.tree_model import Node
from tests.support.faultproxy import FaultProxy
from tests.support.logs import app_logging
from tests.support.peers import make_self_signed, tcp_peer
from tests.support.preview import shown_pane
from tests.support.servers import S3Server, remove_bucket

SIGNATURE_MARKS = ("X-Amz-Signature", "x-amz-signature", "X-Amz-Credential", "Signature=")


def media(name: str) -> bytes:
    return (resources.files("ensure_browser") / "resources" / "media" / name).read_bytes()


@pytest.fixture(autouse=True)
def _no_sound_card_is_fine(qt_hygiene: Any) -> Iterator[None]:
    yield
    noise = ("No audio device detected", "No RHI backend")
    qt_hygiene.messages[:] = [m for m in qt_hygiene.messages if not any(n in m for n in noise)]


@pytest.fixture
def pane(qtbot: QtBot) -> Iterator[PreviewPane]:
    with shown_pane(qtbot) as widget:
        yield widget


def _names(recordings: str) -> BucketNames:
    tag = uuid.uuid4().hex[:8]
    return BucketNames(documents=f"d-{tag}", recordings=recordings, ocr=f"o-{tag}", mlflow=f"m-{tag}")


def _show(qtbot: QtBot, pane: PreviewPane, storage: Storage, names: BucketNames, bucket: str,
          key: str, size: int) -> tuple[str, str]:
    found = classify(bucket, key, names)
    assert found is not None
    node = Node(label=key.rsplit("/", 1)[-1], kind=found.kind, bucket=bucket, key=key, size=size,
                extra={"ids": dict(found.ids)})
    events: list[tuple[str, str]] = []
    pane.loaded.connect(lambda v: events.append(("loaded", v)))
    pane.failed.connect(lambda m: events.append(("failed", m)))
    try:
        pane.show_node(node, storage, names)
        qtbot.waitUntil(lambda: bool(events), timeout=15_000)
        qtbot.waitUntil(lambda: not pane.busy(), timeout=15_000)
    finally:
        pane.loaded.disconnect()
        pane.failed.disconnect()
    return events[0]


def _no_signature(text: str) -> None:
    found = [mark for mark in SIGNATURE_MARKS if mark in text]
    assert found == [], f"request signatures in the output: {found}"


@pytest.fixture
def tls_bucket(tls_s3_server: tuple[S3Server, Path]) -> Iterator[tuple[Storage, str]]:
    server, ca = tls_s3_server
    storage = server.storage(secure=True, ca_file=str(ca))
    bucket = f"rec-{uuid.uuid4().hex[:12]}"
    storage.make_bucket(bucket)
    try:
        yield storage, bucket
    finally:
        remove_bucket(storage, bucket)


def test_a_wrong_certificate_stops_the_recording_and_the_right_ca_plays_it(
        qtbot: QtBot, pane: PreviewPane, tls_s3_server: tuple[S3Server, Path], tls_bucket: tuple[Storage, str],
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    server, _ca = tls_s3_server
    trusted, bucket = tls_bucket
    names = _names(bucket)
    data = media("audio.mp3")
    _b, key = key_for("meeting_audio", names, meeting_id="m1")
    trusted.upload_bytes(bucket, key, data, "audio/mpeg")
    other_ca, _key = make_self_signed(tmp_path)  # the profile trusts another CA than the server's
    untrusted = server.storage(secure=True, ca_file=str(other_ca), retries=0)
    view = pane.media_view
    player = view.player

    with app_logging(tmp_path / "logs", verbose=2) as log_file:
        _show(qtbot, pane, untrusted, names, bucket, key, len(data))
        view.play_button.click()
        qtbot.waitUntil(lambda: bool(view.status.text()) or player.position() > 200, timeout=15_000)
        qtbot.wait(500)
        assert player.position() == 0, "the recording played over a connection that was not verified"
        assert "could not be verified" in view.status.text()
        assert player.source().isEmpty() and player.mediaStatus() == QMediaPlayer.MediaStatus.NoMedia

        _show(qtbot, pane, trusted, names, bucket, key, len(data))
        view.play_button.click()
        qtbot.waitUntil(lambda: player.position() > 300, timeout=15_000)
        assert view.status.text() == ""
        # The player reads through the app (a device) and has no URL of its own.
        assert player.sourceDevice() is not None and player.source().isEmpty()
        pane.show_node(None)
        log_text = log_file.read_text(encoding="utf-8")

    out, err = capfd.readouterr()
    sys.stdout.write(out)
    sys.stderr.write(err)  # the Qt hygiene check reads it again
    _no_signature(err + out)
    _no_signature(log_text)


class Listener:
    """A loopback service that records every connection (and answers 404)."""

    def __init__(self) -> None:
        self.connections: list[bytes] = []
        self.lock = threading.Lock()

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            request = conn.recv(4096)
        except OSError:
            request = b""
        with self.lock:
            self.connections.append(request)
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()


def _playlist(port: int) -> bytes:
    return (f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
            f"#EXTINF:2.0,\nhttp://127.0.0.1:{port}/secret/segment0.ts\n"
            f"#EXTINF:2.0,\nhttp://127.0.0.1:{port}/secret/segment1.ts\n#EXT-X-ENDLIST\n").encode()


@pytest.mark.parametrize("content", ["hls", "text"])
def test_a_playlist_or_text_saved_as_webm_is_refused_before_the_player_sees_it(
        qtbot: QtBot, pane: PreviewPane, admin_storage: Storage, make_bucket: Callable[[str], str],
        content: str) -> None:
    names = _names(make_bucket("rec"))
    listener = Listener()
    with tcp_peer(listener.handle) as port:
        if content == "hls":
            data, content_type = _playlist(port), "application/vnd.apple.mpegurl"
        else:
            data, content_type = b"Meeting notes: nothing was recorded today.\n" * 40, "video/webm"
        bucket, key = key_for("meeting_raw", names, meeting_id="m1")
        admin_storage.upload_bytes(bucket, key, data, content_type)
        assert _show(qtbot, pane, admin_storage, names, bucket, key, len(data)) == ("loaded", "media")
        view = pane.media_view
        player = view.player
        view.play_button.click()
        qtbot.waitUntil(lambda: bool(view.status.text() or listener.connections), timeout=15_000)
        qtbot.wait(1500)  # time enough for a player that was given the object to reach the service
        assert listener.connections == []
        text = view.status.text()
        assert text.startswith("This recording cannot be played") and "not a recording" in text, text
        assert player.source().isEmpty() and player.sourceDevice() is None
        assert player.mediaStatus() == QMediaPlayer.MediaStatus.NoMedia and not view.is_playing()


def test_leaving_a_recording_never_waits_for_a_read_in_flight(
        qtbot: QtBot, pane: PreviewPane, s3_server: S3Server, admin_storage: Storage,
        make_bucket: Callable[[str], str]) -> None:
    """The player's thread waits for a block the server holds back; the GUI thread moves on at once."""
    names = _names(make_bucket("rec"))
    data = media("recording.webm")
    bucket, key = key_for("meeting_raw", names, meeting_id="m1")
    admin_storage.upload_bytes(bucket, key, data, "video/webm")
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        admin = s3_server.admin
        storage = Storage(ConnectionSettings(proxy.endpoint, admin.access_key, admin.secret_key))
        view = pane.media_view
        view.stream_block = 8 * 1024  # many small blocks: playing needs more than the opening read
        assert _show(qtbot, pane, storage, names, bucket, key, len(data)) == ("loaded", "media")
        proxy.faults.released.clear()
        proxy.faults.hold = f"GET /{bucket}/".encode()  # every further read of the object hangs
        try:
            view.play_button.click()
            # The player read past the first block: the reader's next ranged GET is held back.
            qtbot.waitUntil(lambda: proxy.stats.held >= 1, timeout=10_000)
            qtbot.wait(300)  # the player's thread now waits for a block that does not come
            started = time.monotonic()
            pane.show_node(None)
            assert time.monotonic() - started < 1.0
            assert view.player.sourceDevice() is None
        finally:
            proxy.faults.released.set()
