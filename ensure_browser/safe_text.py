"""Server strings made safe for the medium they are shown in.

Keys, bucket names, metadata and error messages come from the server: a key can hold an escape
sequence that recolours or rewrites a terminal (ESC, CSI ``\\x9b``, BEL), or bidirectional controls
that make ``report.pdf\\u202egpj.exe`` read as something else. Text for a terminal shows such
characters as visible escapes; JSON carries them as ``\\uXXXX`` (lossless, and still valid JSON);
a CSV cell also starts with an apostrophe where a spreadsheet would take it for a formula.
Rich text in the window is handled where it is shown (plain-text labels, ``html.escape``).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls, and the invisible format characters (bidi
# embeddings/overrides/isolates, zero-width joiners, BOM ...): Unicode category Cf, listed by range.
_DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control and format character shown as an escape (``\\x1b``, ``\\u202e``);
    newlines and tabs stay (the caller's own layout)."""
    text = _DANGEROUS.sub(lambda m: _escape(m.group()), text)
    if any(unicodedata.category(c) == "Cf" for c in text):  # a format character the table missed
        text = "".join(_escape(c) if unicodedata.category(c) == "Cf" else c for c in text)
    return text


def json_safe(document: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with every control and format
    character written as a ``\\uXXXX`` escape. They can only occur inside strings, where the escape
    means the same character: a parser reads the same data."""
    return _DANGEROUS.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


# What makes a spreadsheet (Excel, LibreOffice) read a cell as a formula, at the start of it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def one_line(text: str) -> str:
    """``text`` with control and format characters escaped, newlines and tabs included."""
    return terminal(text).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def csv_cell(text: str) -> str:
    """A server string as a CSV cell for a spreadsheet: on one line (:func:`one_line`), and with an
    apostrophe first where it would start a formula (``=``, ``+``, ``-``, ``@``, a tab or carriage
    return): a key like ``=HYPERLINK(...)`` is shown as text, never run. The ``csv`` module quotes
    commas and quotes."""
    text = one_line(text)
    return "'" + text if text.startswith(FORMULA_START) else text
