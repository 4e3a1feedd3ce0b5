"""The pseudo-locale's checks shared by the tests that read the window in it (en_XA: every translated
text accented and bracketed ⟦…⟧): what of a shown text escaped tr()."""

from __future__ import annotations

import html
import re
import time

from ensure_browser import APP_DISPLAY_NAME

OPEN, CLOSE = "⟦", "⟧"
# Not for translation: proper names, units and symbols (besides the server's data, added per test).
PROPER = (APP_DISPLAY_NAME, "Ensure Study", "s3://", *time.tzname, "UTC", "S3", "MinIO", "ETag", "MLflow", "OCR", "JSON", "PDF", "KiB", "MiB",
          "GiB", "KB", "MB", "GB", "Ctrl", "Shift", "Alt", "Del", "F5", "Esc")
_WORD = re.compile(r"[A-Za-z]{2,}")
_TAG = re.compile(r"<[^<>]+>")


def untranslated(text: str, allowed: tuple[str, ...]) -> str | None:
    """The part of ``text`` that is neither pseudo-translated nor allowed, or None."""
    rest = html.unescape(_TAG.sub(" ", text))
    while True:  # innermost first: a translated text may hold another ("⟦Cannot show: {0}⟧")
        inner = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", rest)
        if inner == rest:
            break
        rest = inner
    for name in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(name, " ")
    return rest.strip() if _WORD.search(rest) else None


def check(language: str, shown: str, german: str, allowed: tuple[str, ...] = ()) -> None:
    """``shown`` is the German sentence, or in the pseudo-locale has nothing left in English."""
    if language == "de":
        assert shown == german
    else:
        assert untranslated(shown, (*allowed, *PROPER)) is None, shown
