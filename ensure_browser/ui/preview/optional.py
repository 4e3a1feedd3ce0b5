"""Parts of Qt a machine may lack, and the previews that stand in for them.

PySide6's QtMultimedia loads the system's PulseAudio client library (``libpulse.so.0``) and QtPdf its
own set of libraries: on a machine without them, importing the module raises ``ImportError``. The app
must still open: the media and PDF previews then say what is missing and how to install it, and
everything else works. Nothing here imports QtMultimedia or QtPdf at module level.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ensure_browser.ui.i18n import tr

if TYPE_CHECKING:
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.ui.preview.media_view import MediaView
    from ensure_browser.ui.preview.pdf_view import PdfView
    from ensure_browser.ui.preview.playlist import PlaylistItem

log = logging.getLogger(__name__)

MULTIMEDIA = ("PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets")
PDF = ("PySide6.QtPdf", "PySide6.QtPdfWidgets")

# The shared libraries Qt's modules load that a minimal Debian/Ubuntu lacks, and their packages.
_DEBIAN_PACKAGES = {
    "libpulse.so": "libpulse0",
    "libasound.so": "libasound2",
    "libnss3.so": "libnss3",
    "libnssutil3.so": "libnss3",
    "libsmime3.so": "libnss3",
    "libEGL.so": "libegl1",
    "libGL.so": "libgl1",
    "libxkbcommon.so": "libxkbcommon0",
    "libfontconfig.so": "libfontconfig1",
    "libdbus-1.so": "libdbus-1-3",
}



@dataclass(frozen=True)
class Missing:
    """Why a Qt module cannot be loaded here, in words for the user."""

    feature: str  # "Audio and video previews"
    module: str  # "PySide6.QtMultimedia"
    reason: str  # the loader's message
    package: str | None  # a Debian/Ubuntu package that provides the missing library, when known

    def explanation(self) -> str:
        text = tr("{0} are off: {1} could not be loaded ({2}).").format(self.feature, self.module, self.reason)
        if self.package:
            text += " " + tr("Install the system package {0} (on Debian or Ubuntu: sudo apt install {0}) "
                             "and restart the app.").format(self.package)
        else:
            text += " " + tr("Install the system library it names and restart the app.")
        return text


def package_for(reason: str) -> str | None:
    """The Debian package that provides the shared library an ImportError names, when known."""
    match = re.search(r"(lib[\w+.-]*?\.so)(?:\.[\d.]+)?", reason)
    return _DEBIAN_PACKAGES.get(match.group(1)) if match else None


@functools.cache
def missing(modules: tuple[str, ...], feature: str) -> Missing | None:
    """None when every module in ``modules`` imports; else why the first one does not."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as err:
            reason = str(err) or type(err).__name__
            log.warning("%s unavailable: %s", name, reason)
            return Missing(feature, name, reason, package_for(reason))
    return None


def multimedia_missing() -> Missing | None:
    return missing(MULTIMEDIA, "Audio and video previews")


def pdf_missing() -> Missing | None:
    return missing(PDF, "PDF previews")


class UnavailableView(QWidget):
    """Stands where a viewer would be and says why it is not there."""

    def __init__(self, why: Missing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.why = why
        self.label = QLabel(why.explanation())
        self.label.setObjectName("unavailable-view")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(why.feature)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)

    def text(self) -> str:
        return self.label.text()

    # The calls the preview pane makes on a media or PDF viewer: nothing to play or show.
    def stop(self) -> None:
        pass

    def clear(self) -> None:
        pass

    def set_playlist(self, items: list[PlaylistItem], storage: Storage, start: int = 0, *,
                     autoplay: bool = False) -> None:
        pass

    def busy(self) -> bool:
        return False

    def set_pdf(self, data: bytes) -> bool:
        return False


def make_media_view() -> MediaView | UnavailableView:
    why = multimedia_missing()
    if why is not None:
        return UnavailableView(why)
    from ensure_browser.ui.preview.media_view import MediaView

    return MediaView()


def make_pdf_view() -> PdfView | UnavailableView:
    why = pdf_missing()
    if why is not None:
        return UnavailableView(why)
    from ensure_browser.ui.preview.pdf_view import PdfView

    return PdfView()
