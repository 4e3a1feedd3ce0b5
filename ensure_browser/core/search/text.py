"""What the index keeps of an object's content: the strings of an OCR page's JSON. No Qt here.

Every string value anywhere in the document counts (object keys do not), so any OCR engine's
format works (Tesseract's, a cloud service's, the platform's own); control characters become
spaces, runs of white space one space, and a page keeps at most :data:`TEXT_CAP` characters.
"""

from __future__ import annotations

import json
import re

__all__ = ["READ_CAP", "TEXT_CAP", "clean", "json_strings"]

READ_CAP = 2 * 1024 * 1024  # bytes of a page's JSON read at most
TEXT_CAP = 32_000  # characters of text kept per page
MAX_DEPTH = 64  # nesting followed at most (a hostile document nests deeper than any engine)

_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def clean(text: str) -> str:
    """One line of plain text: control characters and runs of white space as one space."""
    return _SPACE.sub(" ", text).strip()


def json_strings(data: bytes, cap: int = TEXT_CAP) -> str:
    """The string values of the JSON document ``data`` in document order, cleaned and joined by
    spaces, at most ``cap`` characters; "" when ``data`` is no JSON (or no UTF-8)."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return ""
    out: list[str] = []
    size = 0
    stack: list[tuple[object, int]] = [(doc, 0)]
    while stack and size < cap:
        value, depth = stack.pop()
        if isinstance(value, str):
            text = clean(value)
            if text:
                out.append(text)
                size += len(text) + 1
        elif depth < MAX_DEPTH and isinstance(value, dict):
            stack.extend((v, depth + 1) for v in reversed(list(value.values())))
        elif depth < MAX_DEPTH and isinstance(value, list):
            stack.extend((v, depth + 1) for v in reversed(value))
    return " ".join(out)[:cap]
