"""Bundled files (icons, sample media), found through importlib.resources so they work from a
wheel and from a frozen (PyInstaller) app alike."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path | None:
    ref = resources.files(__name__)
    for part in parts:
        ref = ref / part
    path = Path(str(ref))
    return path if path.exists() else None


def app_icon_path() -> Path | None:
    return resource_path("icons", "ensure-browser.svg")
