"""What the media preview plays: one entry of a playlist (no QtMultimedia needed to build one)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QUrl


@dataclass(frozen=True)
class PlaylistItem:
    label: str
    url: QUrl
    key: str = ""
