"""Where tests write their screenshots (ignored by git; docs/screenshots holds the chosen ones)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PREVIEW_SCREENSHOTS = REPO / "screenshots" / "previews"
