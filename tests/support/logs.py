"""The app's logging set-up (ensure_browser.logs.setup_logging) for one test, undone afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ensure_browser.logs import app_handlers, setup_logging


@contextmanager
def app_logging(directory: Path, verbose: int = 0) -> Iterator[Path]:
    """Log as the app does into ``directory``; yields the log file. Levels and handlers are restored."""
    root = logging.getLogger()
    names = ("urllib3", "PIL")
    levels = (root.level, {n: logging.getLogger(n).level for n in names})
    path = setup_logging(verbose, directory)
    try:
        yield path
    finally:
        for handler in app_handlers():
            handler.close()
            root.removeHandler(handler)
        root.setLevel(levels[0])
        for name, level in levels[1].items():
            logging.getLogger(name).setLevel(level)
