"""Server strings for terminals and JSON: control and format characters never pass raw."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ensure_browser.safe_text import json_safe, terminal


def _dangerous(c: str) -> bool:
    return (unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t") or c == "\u00ad"


def test_escapes_are_visible_and_layout_stays() -> None:
    assert terminal("a\x1b[31mb\x07\tc\n\x9b2J\u202egpj.exe\u200b") == "a\\x1b[31mb\\x07\tc\n\\x9b2J\\u202egpj.exe\\u200b"
    assert terminal("Élève 9c – Übung.pdf") == "Élève 9c – Übung.pdf"  # letters of any script stay


@given(st.text())
def test_no_control_or_format_character_reaches_a_terminal(text: str) -> None:
    assert not any(_dangerous(c) for c in terminal(text))


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda kids: st.lists(kids) | st.dictionaries(st.text(), kids), max_leaves=10))
def test_json_stays_the_same_data_without_raw_controls(value: object) -> None:
    document = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(document) == value
    assert not any(_dangerous(c) for c in document)
