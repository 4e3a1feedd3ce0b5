"""A transfer journal that cannot be read is never overwritten: :class:`JournalGuard`.

The journal holds the upload ids of unfinished multipart uploads; dropping an unreadable one and
writing a new journal over it lost them (their parts stayed on the server, orphaned, and nobody was
told). Now a journal that is not valid JSON of the known version is renamed to
``<name>.corrupt-<UTC time>`` (a copy someone can read or repair) before anything is written, and
one that cannot be read at all (permissions, an I/O error) or not renamed is left alone: the queue
then writes no journal in this session. Either way a note for the user says what happened; the
queue's recovery report carries it to the Transfers panel.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_VERSION = 1
CORRUPT_SUFFIX = ".corrupt-"


class JournalGuard:
    """Reads the journal file at ``path`` and says whether a write may replace it. Not thread-safe
    (the :class:`~ensure_browser.core.transfers.journal.Journal`'s lock guards it)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.notes: list[str] = []  # for the user
        self.checked = False  # what is at ``path`` was read (or set aside, or is absent): it may be replaced
        self.blocked = False  # it could be neither read nor set aside: never written over

    def read(self) -> dict[str, Any] | None:
        """The journal (a dict of :data:`JOURNAL_VERSION`); None when there is none, or it cannot be
        read (then it was set aside, or writes are blocked, and a note says so)."""
        if self.path is None:
            return None
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            self.checked = True
            return None
        except OSError as exc:
            self._block(exc.strerror or str(exc))
            return None
        try:
            raw = json.loads(text.decode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError included
            self._set_aside(f"it is damaged: {exc}")
            return None
        if not isinstance(raw, dict) or raw.get("version") != JOURNAL_VERSION:
            version = raw.get("version") if isinstance(raw, dict) else None
            self._set_aside(f"its format (version {version!r}) is not one this version of the app reads")
            return None
        self.checked = True
        return raw

    def writable(self) -> bool:
        """Whether a write may replace the file now; a write before the first read looks at the file
        first (an unreadable one is set aside)."""
        if self.path is not None and not self.checked and not self.blocked:
            self.read()
        return self.checked and not self.blocked

    def _set_aside(self, why: str) -> None:
        assert self.path is not None
        aside = corrupt_name(self.path)
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            log.error("the transfer journal %s cannot be read (%s) nor set aside (%s)", self.path, why, exc)
            self._block(f"{why}; setting it aside failed: {exc.strerror or exc}")
            return
        log.warning("the transfer journal %s cannot be read (%s); kept as %s", self.path, why, aside.name)
        self.checked = True
        self.notes.append(
            f"The transfer journal could not be read ({why}). It was kept as {aside} and a new one "
            "was started. Interrupted transfers listed in it were not resumed, and their unfinished "
            "uploads may remain on the server: see Incomplete uploads.")

    def _block(self, why: str) -> None:
        log.error("the transfer journal %s cannot be read (%s); it will not be written in this session",
                  self.path, why)
        self.blocked = True
        self.notes.append(
            f"The transfer journal {self.path} could not be read ({why}). It was left as it is, and "
            "transfers are not remembered across restarts until it can be read; interrupted transfers "
            "listed in it were not resumed.")


def corrupt_name(path: Path) -> Path:
    """Where an unreadable journal at ``path`` is kept: ``<name>.corrupt-<UTC time>``, numbered when
    one of that name exists already (never replaced)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}{CORRUPT_SUFFIX}{stamp}")
    number = 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}{CORRUPT_SUFFIX}{stamp}-{number}")
    return aside
