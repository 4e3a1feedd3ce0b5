"""Logging set-up: a rotating log file in the user's log dir, optional console, secret scrubbing."""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

import platformdirs

from ensure_browser import APP_NAME

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_SIG_RE = re.compile(r"(X-Amz-Signature=|Signature=|X-Amz-Credential=)[^&\s\"']+")


def register_secret(value: str) -> None:
    """Never let ``value`` reach a log line or a crash report."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for value in secrets:
        text = text.replace(value, "•••")
    return _SIG_RE.sub(r"\1•••", text)


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = scrub(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        return True


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(verbose: int = 0, directory: Path | None = None) -> Path:
    """Rotating file (always, DEBUG with -v) and console (only with -v). Returns the log file."""
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{APP_NAME}.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ensure_browser", False):
            root.removeHandler(handler)
    scrubber = ScrubFilter()
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                        encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler.addFilter(scrubber)
    file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    file_handler._ensure_browser = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter(LOG_FORMAT))
        console.addFilter(scrubber)
        console.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        console._ensure_browser = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("urllib3", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
