"""Sizes as people read them (the one formatter of the core and the UI)."""

from __future__ import annotations


def human_bytes(size: int | None) -> str:
    """1536 -> "1.5 KiB"; None -> ""."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    units = ("KiB", "MiB", "GiB", "TiB", "PiB")
    value, i = size / 1024, 0
    while value >= 1024 and i < len(units) - 1:
        value, i = value / 1024, i + 1
    return f"{value:.1f} {units[i]}"
