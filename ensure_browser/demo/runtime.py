"""The app's demo mode: one embedded server per process, seeded with the sample data on first use.

The server lives under the user's data directory (``.../ensure-browser/demo``) and stops when the
app quits (:func:`stop_demo`); a server left by a crash is found and stopped by
:meth:`DemoServer.start`. Called from worker threads (it blocks on the server and the network).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from ensure_browser import APP_NAME
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.seed import DemoServer, buckets_empty, seed
from ensure_browser.logs import register_secret

if TYPE_CHECKING:
    from ensure_browser.demo.samples import PageRenderer

log = logging.getLogger(__name__)

_lock = threading.Lock()
_server: DemoServer | None = None


def demo_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


def start_demo_server(data_dir: Path | None = None) -> tuple[DemoServer, ConnectionSettings]:
    """Start (or reuse) this process's demo server without seeding it."""
    global _server
    with _lock:
        if _server is None:
            _server = DemoServer(data_dir or demo_dir())
        server = _server
    settings = server.start()
    register_secret(settings.secret_key)
    return server, settings


def prepare_demo(progress: Callable[[str], None] | None = None, data_dir: Path | None = None, *,
                 render_page: PageRenderer) -> tuple[ConnectionSettings, BucketNames]:
    """Start the server, provision the buckets and seed the samples when the buckets are empty.

    ``render_page`` draws the samples' thumbnails and OCR page images (the GUI's QtPdf renderer).
    """
    say = progress or (lambda _text: None)
    say("Starting the demo server…")
    _server_obj, settings = start_demo_server(data_dir)
    names = BucketNames()
    storage = Storage(settings)
    if buckets_empty(storage, names):
        from ensure_browser.demo.samples import build_samples  # Qt (QPdfWriter/QtPdf): only when seeding

        say("Creating sample data…")
        objects = build_samples(say, render_page=render_page)
        count = seed(storage, names, objects,
                     progress=lambda done, total: say(f"Uploading sample data… {done}/{total}"))
        log.info("demo seeded with %d objects", count)
    else:
        seed(storage, names, [])  # provisions (idempotent) and uploads nothing
    return settings, names


def stop_demo() -> None:
    global _server
    with _lock:
        server, _server = _server, None
    if server is not None:
        server.stop()
