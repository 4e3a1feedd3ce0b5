"""The container check the media preview makes before a player sees an object (issue 21, item 5)."""

from __future__ import annotations

from importlib import resources

import pytest

from ensure_browser.core.containers import ANY_MEDIA, HEAD_BYTES, Container, containers_for, describe, sniff


def _resource(name: str) -> bytes:
    return (resources.files("ensure_browser") / "resources" / "media" / name).read_bytes()[:HEAD_BYTES]


@pytest.mark.parametrize("name", ["recording.webm", "chunk_0.webm", "proctor_recording.webm"])
def test_the_sample_recordings_are_webm(name: str) -> None:
    assert sniff(_resource(name)) is Container.MATROSKA


def test_the_sample_audio_is_mp3() -> None:
    assert sniff(_resource("audio.mp3")) is Container.MP3


@pytest.mark.parametrize(("head", "container"), [
    (b"\xff\xfb\x90\x64" + bytes(12), Container.MP3),  # MPEG-1 layer III frame, no ID3 tag
    (b"\xff\xf3\x48\xc4" + bytes(12), Container.MP3),  # MPEG-2 layer III
    (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", Container.MP4),
    (b"OggS\x00\x02" + bytes(10), Container.OGG),
    (b"RIFF\x24\x08\x00\x00WAVEfmt ", Container.WAV),
    (b"fLaC\x00\x00\x00\x22" + bytes(8), Container.FLAC),
])
def test_other_plain_containers(head: bytes, container: Container) -> None:
    assert sniff(head) is container


@pytest.mark.parametrize("head", [
    b"#EXTM3U\n#EXT-X-VERSION:3\n",  # HLS: names URLs FFmpeg would open
    b'<?xml version="1.0"?><MPD',  # DASH manifest
    b"ffconcat version 1.0\nfile ",  # FFmpeg's concat list
    b"v=0\r\no=- 0 0 IN IP4 ",  # SDP
    b"[playlist]\nFile1=http://",  # PLS
    b"RIFF\x24\x08\x00\x00AVI LIST",  # RIFF, but not WAVE
    b"\xff\xff\xff\xff" + bytes(12),  # frame sync with reserved fields
    b"\xff\xe1\x90\x64" + bytes(12),  # MPEG version 2.5 (ok) with the reserved layer 00
    b"\xff\xfb\xf0\x64" + bytes(12),  # bitrate index 15
    b"%PDF-1.7\n",
    b"",
])
def test_everything_else_is_refused(head: bytes) -> None:
    assert sniff(head) is None


def test_schema_kinds_get_only_their_own_containers() -> None:
    assert containers_for("meeting_chunk") == {Container.MATROSKA}
    assert containers_for("meeting_raw") == {Container.MATROSKA}
    assert containers_for("exam_recording") == {Container.MATROSKA}
    assert containers_for("meeting_audio") == {Container.MP3}
    assert containers_for("") == ANY_MEDIA  # an object outside the schema (name or content type said media)
    assert containers_for("no such kind") == ANY_MEDIA


def test_describe() -> None:
    assert describe(frozenset({Container.MATROSKA})) == "WebM"
    assert describe(frozenset({Container.MP3, Container.MATROSKA})) == "WebM or MP3"
    assert describe(ANY_MEDIA) == "WebM, MP3, MP4, Ogg, WAV or FLAC"
