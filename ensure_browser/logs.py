"""Logging set-up: a rotating log file in the user's log dir, optional console, secret scrubbing."""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

import platformdirs

from ensure_browser import APP_NAME
from ensure_browser.safe_text import terminal

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
# A presigned URL's signature, credential and session token, in any letter case, plain or URL-encoded
# (``X-Amz-Signature%3D...`` when the URL itself is a query value), and an Authorization header's
# ``Signature=``: the value runs to the next separator.
# The same for OAuth 2 / OpenID Connect values in a URL or a form body (the authorization code, tokens,
# the PKCE verifier, the STS call's token) and any JSON web token on its own.
_SIG_RE = re.compile(
    r"((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|(?:(?<![\w-])|(?<=%3F)|(?<=%26))"
    r"(?:code|code_verifier|id_token|access_token|refresh_token|WebIdentityToken|SessionToken))(?:=|%3D))"
    r"[^&\s\"',;<>]+",
    re.IGNORECASE,
)
_JWT_RE = re.compile(r"\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*")
PRIVATE_DIR = 0o700  # the log folder: only its owner may list or read it
PRIVATE_FILE = 0o600


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
    return _JWT_RE.sub("•••", _SIG_RE.sub(r"\1•••", text))


class ScrubFilter(logging.Filter):
    """Scrubs a record's message for every handler after it (the formatter scrubs the rest)."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = scrub(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        return True


class ScrubbingFormatter(logging.Formatter):
    """Scrubs the whole formatted record: a traceback (``exc_info``) or stack (``stack_info``) quotes
    exception messages and local values that the message filter never sees."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class TerminalFormatter(ScrubbingFormatter):
    """For the console: also shows control and format characters of keys as escapes (a key's ESC
    sequence must not reach the terminal)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal(super().format(record))


def make_private(path: Path, mode: int) -> None:
    """Restrict ``path`` to its owner (a log or cache written before this version may be readable)."""
    try:
        path.chmod(mode)
    except OSError as exc:  # a file system without modes (FAT on a USB stick): nothing to restrict
        logging.getLogger(__name__).debug("cannot restrict %s: %s", path, exc)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR)
    return path


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class AppFileHandler(logging.handlers.RotatingFileHandler):
    """The app's rotating log file (a class of its own, so set-up can find and replace it)."""


class AppConsoleHandler(logging.StreamHandler):
    """The console log of ``-v``."""


def app_handlers() -> list[logging.Handler]:
    """The root logger's handlers that :func:`setup_logging` installed."""
    return [h for h in logging.getLogger().handlers if isinstance(h, (AppFileHandler, AppConsoleHandler))]


def setup_logging(verbose: int = 0, directory: Path | None = None) -> Path:
    """Rotating file (always, DEBUG with -v) and console (only with -v). Returns the log file."""
    directory = private_dir(directory or log_dir())
    path = directory / f"{APP_NAME}.log"
    root = logging.getLogger()
    for handler in app_handlers():
        root.removeHandler(handler)
    scrubber = ScrubFilter()
    file_handler = AppFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    file_handler.setFormatter(ScrubbingFormatter(LOG_FORMAT))
    for old in directory.glob(f"{APP_NAME}.log*"):
        make_private(old, PRIVATE_FILE)
    file_handler.addFilter(scrubber)
    file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.addHandler(file_handler)
    if verbose:
        console = AppConsoleHandler()
        console.setFormatter(TerminalFormatter(LOG_FORMAT))
        console.addFilter(scrubber)
        console.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        root.addHandler(console)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("urllib3", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
