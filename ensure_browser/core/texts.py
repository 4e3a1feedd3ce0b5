"""Marking texts that the core gives in English and the GUI shows translated.

``QT_TR_NOOP("...")`` returns its text unchanged; the translation pipeline (packaging/translations.py)
gives pyside6-lupdate every core module that uses it, which finds the texts by this name, and the
GUI passes them through its ``tr()`` (format arguments apart: a text with ``{0}`` is formatted after
translation). The core and the command line use the English text as it is. No Qt here.
"""

from __future__ import annotations


def QT_TR_NOOP(text: str) -> str:
    return text
