"""Share links as text (one line each, for a message or an e-mail) and as CSV (for a spreadsheet).

Names come from the server's metadata and are hostile: in the text every control or format character
(newlines too) is written as an escape, so that one link is one line and nothing can fake another;
in the CSV the ``csv`` module quotes commas and quotes, control characters are escaped likewise,
and a cell that a spreadsheet would take for a formula starts with an apostrophe
(:func:`~ensure_browser.safe_text.csv_cell`, used by every CSV export of the app).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime

from ensure_browser.core.share.links import ShareLink
from ensure_browser.safe_text import csv_cell, one_line

CSV_HEADER = ("name", "key", "url", "expires")


def expiry_text(expires: datetime | None) -> str:
    """``2026-12-13 22:30:00 UTC``, or ``never (public)`` for a public URL."""
    return "never (public)" if expires is None else expires.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def links_text(links: Sequence[ShareLink], until: str = "(links valid until {0})") -> str:
    """One line per link, ``name: url``; a last line says until when the presigned ones work
    (``until``: that line, translated by the window)."""
    lines = [f"{one_line(link.name)}: {link.url}" for link in links]
    expiring = [link.expires for link in links if link.expires is not None]
    if expiring:
        lines.append(until.format(expiry_text(min(expiring))))
    return "\n".join(lines) + "\n" if lines else ""


def links_csv(links: Sequence[ShareLink]) -> str:
    """CSV with the header ``name,key,url,expires`` (expires: ISO 8601 UTC, empty for public URLs)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for link in links:
        expires = "" if link.expires is None else link.expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        writer.writerow((csv_cell(link.name), csv_cell(link.key), link.url, expires))
    return out.getvalue()
