"""The app opens where QtMultimedia or QtPdf cannot be loaded, and the previews say why they are off.

A machine without ``libpulse.so.0`` cannot import ``PySide6.QtMultimedia`` (an ``ImportError`` from the
loader). Each test runs the app's window in a fresh interpreter where the module's import fails the
same way (``sys.modules[name] = None`` makes ``import name`` raise ``ImportError``), then shows a
recording and a PDF in the preview pane as a user would select them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from tests.support.servers import S3Server
from tests.support.transfers import make_pdf

SCRIPT = r"""
import json, os, sys
for name in sys.argv[1:]:
    sys.modules[name] = None
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.application import build_main_window, make_application
from ensure_browser.ui.trees.tree_model import Node

app = make_application()
window = build_main_window()
window.show()
app.processEvents()
pane = window.preview
storage = Storage(ConnectionSettings(endpoint=os.environ["T_ENDPOINT"], access_key=os.environ["T_KEY"],
                                     secret_key=os.environ["T_SECRET"]))
names = BucketNames()
shown = {}
meeting = Node(label="m1", kind="meeting", bucket=names.recordings, key="meetings/m1/", is_container=True,
               extra={"ids": {"meeting_id": "m1"}})
pane.show_node(meeting, storage, names)
app.processEvents()
shown["meeting"] = pane.stack.currentWidget().objectName() if hasattr(pane, "stack") else ""
shown["media_text"] = pane.media_view.text() if hasattr(pane.media_view, "text") else ""
shown["media_visible"] = pane.media_view.isVisible()
shown["pdf_text"] = pane.pdf_view.text() if hasattr(pane.pdf_view, "text") else ""
pdf = Node(label="w.pdf", kind="object", bucket=os.environ["T_BUCKET"], key="w.pdf", size=int(os.environ["T_SIZE"]))
pane.show_node(pdf, storage, names)
import time
deadline = time.monotonic() + 20
def settled():
    text = pane.message.text() if pane.message.isVisible() else ""
    return pane.pdf_view.isVisible() or (bool(text) and "Loading" not in text)
while time.monotonic() < deadline and not settled():
    app.processEvents()
    time.sleep(0.01)
shown["pdf_visible"] = pane.pdf_view.isVisible()
shown["pdf_message"] = pane.message.text() if pane.message.isVisible() else ""
shown["window_visible"] = window.isVisible()
shown["qt_loaded"] = sorted(m for m in sys.modules if m.startswith("PySide6.Qt") and sys.modules[m] is not None)
print("RESULT " + json.dumps(shown))
window.close()
"""


def _run(server: S3Server, bucket: str, *blocked: str) -> dict[str, object]:
    pdf = make_pdf()
    server.storage().client.put_object(bucket, "w.pdf", io.BytesIO(pdf), len(pdf), content_type="application/pdf")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", T_ENDPOINT=server.endpoint, T_KEY=server.admin.access_key,
               T_SECRET=server.admin.secret_key, T_BUCKET=bucket, T_SIZE=str(len(pdf)))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, *blocked], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


@pytest.mark.slow
def test_window_opens_without_qtmultimedia_and_the_media_preview_says_why(s3_server: S3Server, bucket: str) -> None:
    shown = _run(s3_server, bucket, "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets")
    assert shown["window_visible"] is True
    assert shown["media_visible"] is True  # selecting a meeting shows the explanation, not a player
    text = str(shown["media_text"])
    assert text.startswith("Audio and video previews are off: PySide6.QtMultimedia could not be loaded")
    assert "restart" in text
    assert shown["pdf_text"] == ""  # the PDF viewer is the real one, and shows the PDF
    assert shown["pdf_visible"] is True, shown
    assert "PySide6.QtPdf" in shown["qt_loaded"]


@pytest.mark.slow
def test_window_opens_without_qtpdf_and_the_pdf_preview_says_why(s3_server: S3Server, bucket: str) -> None:
    shown = _run(s3_server, bucket, "PySide6.QtPdf", "PySide6.QtPdfWidgets")
    assert shown["window_visible"] is True
    assert str(shown["pdf_text"]).startswith("PDF previews are off: PySide6.QtPdf could not be loaded")
    assert shown["pdf_visible"] is True, shown  # selecting a PDF shows the explanation
    assert shown["media_text"] == ""
    assert "PySide6.QtPdf" not in shown["qt_loaded"]


def test_a_missing_library_is_named_with_its_debian_package() -> None:
    pytest.importorskip("PySide6.QtWidgets")
    from ensure_browser.ui.preview.optional import Missing, package_for

    assert package_for("libpulse.so.0: cannot open shared object file: No such file or directory") == "libpulse0"
    assert package_for("libnss3.so: cannot open shared object file") == "libnss3"
    assert package_for("import of PySide6.QtPdf halted; None in sys.modules") is None
    why = Missing("Audio and video previews", "PySide6.QtMultimedia", "libpulse.so.0: cannot open", "libpulse0")
    assert "sudo apt install libpulse0" in why.explanation()
