"""What the main window does not import before it is first shown (issue 23: start-up to window
<= 0.7 s, bench/fig_startup.py). Each of these is imported where it is first used: the HTTP stack
with the first request (core/s3/client.py ``StorageBase.pool``, core/errors.py ``translate``), the
health window when it is opened (ui/health/install.py), the PDF and media viewers with the first
preview of their kind (ui/preview/optional.py), the keyring when a secret is read or kept.

A fresh interpreter, as the app starts: the window built with everything the app installs
(``build_main_window``), shown and painted, not connected.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys
from ensure_browser.ui.application import build_main_window, make_application
app = make_application()
window = build_main_window()
window.show()
app.processEvents()
print("LOADED " + json.dumps(sorted(sys.modules)))
window.close()
"""

#: packages (and their sub-modules) the shown window has not imported
NOT_AT_START = (
    "urllib3", "http.client", "ssl", "email", "certifi",  # the HTTP stack: with the first request
    "asyncio",  # (it imports ssl) with the first big body read so that a cancel can end a stalled read
    "minio", "obstore",  # the S3 libraries: with the first request
    "keyring",  # when a secret is read or kept
    "PySide6.QtPdf", "PySide6.QtMultimedia",
    "ensure_browser.ui.preview.pdf_view", "ensure_browser.ui.preview.media_view",
    "ensure_browser.ui.health.view", "ensure_browser.core.health.scan", "ensure_browser.core.health.fixes",
)


def test_the_window_is_shown_without_what_it_does_not_need_yet(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
               **{f"XDG_{name}_HOME": str(tmp_path / name.lower()) for name in ("CONFIG", "DATA", "CACHE", "STATE")})
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("LOADED "))
    loaded = json.loads(line.removeprefix("LOADED "))
    assert "ensure_browser.ui.main_window" in loaded and "ensure_browser.ui.health.install" in loaded
    early = [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_AT_START)]
    assert early == []
