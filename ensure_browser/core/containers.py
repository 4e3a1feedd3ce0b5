"""Which media containers the app hands to a player, told by their first bytes. No Qt here.

FFmpeg decides what an input is by its content, whatever its name: an HLS playlist or an SDP file
stored as ``recording.webm`` makes it open the URLs written inside (other hosts, local files). So
the preview looks at the first bytes itself and gives the player only self-contained containers
that carry no references: a schema kind gets just the ones its content types name (WebM for
``*.webm``, MP3 for ``audio.mp3``), any other audio or video object the plain containers below.
"""

from __future__ import annotations

import enum

from ensure_browser.core.schema.classify import pattern_of


class Container(enum.Enum):
    MATROSKA = "WebM"  # WebM is Matroska; the value is the name people know
    MP3 = "MP3"
    MP4 = "MP4"
    OGG = "Ogg"
    WAV = "WAV"
    FLAC = "FLAC"


HEAD_BYTES = 16  # enough for every check below
EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # the EBML header id every WebM/Matroska file starts with

ANY_MEDIA: frozenset[Container] = frozenset(Container)
_BY_CONTENT_TYPE = {
    "video/webm": Container.MATROSKA,
    "audio/webm": Container.MATROSKA,
    "video/x-matroska": Container.MATROSKA,
    "audio/mpeg": Container.MP3,
    "audio/mp3": Container.MP3,
    "video/mp4": Container.MP4,
    "audio/mp4": Container.MP4,
    "audio/ogg": Container.OGG,
    "video/ogg": Container.OGG,
    "audio/wav": Container.WAV,
    "audio/flac": Container.FLAC,
}

# MPEG audio frame header: bitrate index 0 (free format) and 15 are not used by real encoders;
# version 01 and layer 00 are reserved, sample-rate index 3 too.
_RESERVED_VERSION, _RESERVED_LAYER, _BAD_BITRATES, _RESERVED_RATE = 0b01, 0b00, (0b0000, 0b1111), 0b11


def _mpeg_audio_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return (version != _RESERVED_VERSION and layer != _RESERVED_LAYER and bitrate not in _BAD_BITRATES
            and rate != _RESERVED_RATE)


def sniff(head: bytes) -> Container | None:
    """The container ``head`` (the first :data:`HEAD_BYTES` bytes or more) starts, or None."""
    if head.startswith(EBML_MAGIC):
        return Container.MATROSKA
    if head.startswith(b"ID3") or _mpeg_audio_frame(head):
        return Container.MP3
    if head[4:8] == b"ftyp":
        return Container.MP4
    if head.startswith(b"OggS"):
        return Container.OGG
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Container.WAV
    if head.startswith(b"fLaC"):
        return Container.FLAC
    return None


def containers_for(schema_kind: str) -> frozenset[Container]:
    """The containers an object of ``schema_kind`` may be played as; every plain one outside the schema."""
    if not schema_kind:
        return ANY_MEDIA
    try:
        content_types = pattern_of(schema_kind).content_types
    except ValueError:  # not a kind of the schema
        return ANY_MEDIA
    found = frozenset(_BY_CONTENT_TYPE[t] for t in content_types if t in _BY_CONTENT_TYPE)
    return found or ANY_MEDIA


def describe(allowed: frozenset[Container]) -> str:
    """``allowed`` for a sentence: "WebM", "WebM or MP3" ..."""
    names = [c.value for c in Container if c in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
