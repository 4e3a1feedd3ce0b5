"""What the media preview plays: one entry of a playlist (no QtMultimedia needed to build one).

An entry names an object, never a URL: the player reads it through the app's own connection
(:mod:`~ensure_browser.ui.preview.stream`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaylistItem:
    label: str
    bucket: str
    key: str
    schema_kind: str = ""  # decides which containers it may be played as
