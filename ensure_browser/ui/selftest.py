"""``ensure-browser --self-test``: prove that an installed or frozen app carries what it needs.

Each check prints one line (``OK``, ``FAIL``, or ``WARN`` for an optional check that failed) and the
exit status is 0 only when every required check passed. It needs no server and no display: without
``$DISPLAY``/``$WAYLAND_DISPLAY`` on Linux it uses Qt's offscreen platform. The checks cover what a
PyInstaller bundle most easily loses: the main window (platform plugin, widgets), QtPdf, the SVG
image-format and icon-engine plugins, the JPEG plugin, the bundled resources, QtMultimedia with its
FFmpeg backend, and the keyring backends, which keyring finds through its entry points metadata.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ensure_browser import APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

log = logging.getLogger(__name__)

MEDIA_TIMEOUT_S = 15.0
PDF_WIDTH = 200
ICON_SIZE = 64
# The keyring backend each platform must have discovered (through keyring's entry points) for
# secrets to reach the OS store; the active backend may still be the fail one when no service runs.
NATIVE_KEYRING = {
    "linux": "keyring.backends.SecretService.Keyring",
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], str]  # returns the detail line; raises when the check fails
    required: bool = True


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    required: bool
    detail: str
    seconds: float

    @property
    def status(self) -> str:
        if self.ok:
            return "OK"
        return "FAIL" if self.required else "WARN"

    def line(self) -> str:
        return f"{self.status:<5} {self.name:<13} {self.detail} ({self.seconds:.2f} s)"


def _use_offscreen_without_display() -> None:
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _resource(*parts: str) -> str:
    from ensure_browser.resources import resource_path

    path = resource_path(*parts)
    if path is None:
        raise CheckFailed(f"the bundled file {'/'.join(parts)} is missing")
    return str(path)


# -- checks ------------------------------------------------------------------------------------------


def check_qt() -> str:
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from ensure_browser.ui.application import make_application

    make_application([APP_NAME])
    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}, platform {QGuiApplication.platformName()}"


def check_main_window() -> str:
    from PySide6.QtWidgets import QApplication

    from ensure_browser.ui.application import build_main_window

    window = build_main_window()
    try:
        window.show()
        QApplication.processEvents()
        pixmap = window.grab()
        if pixmap.isNull():
            raise CheckFailed("the main window could not be drawn")
        menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
        return f"{window.windowTitle()!r} drawn at {pixmap.width()}x{pixmap.height()}, menus {', '.join(menus)}"
    finally:
        window.hide()  # not close(): a self-test must not write the user's window geometry
        window.deleteLater()
        QApplication.processEvents()


def make_pdf() -> bytes:
    """A one-page A4 PDF drawn with QPdfWriter in memory (the demo data's writer)."""
    from ensure_browser.demo.samples import Document, Page, write_pdf

    page = Page("Self-test", (f"{APP_NAME} {__version__} renders this page with QtPdf.",))
    return write_pdf(Document(f"{APP_NAME} self-test", "Packaging", (page,), "self-test.pdf")).data


def check_pdf() -> str:
    from PySide6.QtGui import QImage

    from ensure_browser.ui.preview.pdf_render import render_pdf_page_png

    pdf = make_pdf()
    png = render_pdf_page_png(pdf, 0, PDF_WIDTH)
    image = QImage.fromData(png)
    if image.isNull() or image.width() != PDF_WIDTH:
        raise CheckFailed("QtPdf rendered no usable page")
    return f"QtPdf rendered page 1 of a {len(pdf)}-byte PDF to a {image.width()}x{image.height()} PNG"


def _opaque_pixels(image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    img = image.convertToFormat(QImage.Format.Format_ARGB32)
    return sum(1 for y in range(img.height()) for x in range(img.width()) if img.pixelColor(x, y).alpha() > 0)


def check_svg() -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    path = _resource("icons", "ensure-browser.svg")
    renderer = QSvgRenderer(path)
    if not renderer.isValid():
        raise CheckFailed(f"QtSvg cannot read {path}")
    image = QImage(ICON_SIZE, ICON_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not _opaque_pixels(image):
        raise CheckFailed("the SVG icon rendered empty")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise CheckFailed("the SVG image-format plugin (imageformats/qsvg) is missing")
    plugin_image = QImageReader(path).read()
    if plugin_image.isNull():
        raise CheckFailed("the SVG image-format plugin cannot read the icon")
    engine = _load_plugin("iconengines", "qsvgicon")
    icon = QIcon(path)
    pixmap = icon.pixmap(QSize(ICON_SIZE, ICON_SIZE))
    if pixmap.isNull() or not _opaque_pixels(pixmap.toImage()):
        raise CheckFailed("QIcon cannot draw the SVG icon")
    return f"icon drawn by QSvgRenderer, the svg image plugin and QIcon ({engine}) at {ICON_SIZE} px"


def _load_plugin(kind: str, stem: str) -> str:
    """Load the Qt plugin ``kind/*stem*`` from Qt's plugin paths; its class name, or CheckFailed."""
    from PySide6.QtCore import QCoreApplication, QDir, QPluginLoader

    errors = []
    for directory in QCoreApplication.libraryPaths():
        folder = QDir(f"{directory}/{kind}")
        for name in folder.entryList(QDir.Filter.Files):
            if stem not in name:
                continue
            loader = QPluginLoader(folder.absoluteFilePath(name))
            instance = loader.instance() if loader.load() else None
            if instance is not None:
                return instance.metaObject().className()
            errors.append(loader.errorString())
    raise CheckFailed(f"the Qt plugin {kind}/{stem} is missing{': ' + errors[0] if errors else ''}")


def check_images() -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter

    path = _resource("icons", "ensure-browser.png")
    png = QImageReader(path).read()
    if png.isNull():
        raise CheckFailed(f"the bundled PNG {path} cannot be decoded")
    # Thumbnails are often JPEG, which Qt reads through a plugin: write one and read it back.
    sample = QImage(32, 32, QImage.Format.Format_RGB32)
    sample.fill(QColor("#2e86c1"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"jpeg")).write(sample):
        raise CheckFailed("the JPEG image-format plugin (imageformats/qjpeg) is missing")
    jpeg = QImage.fromData(bytes(buffer.data().data()))
    if jpeg.isNull():
        raise CheckFailed("a JPEG could not be decoded")
    return f"bundled PNG {png.width()}x{png.height()} decoded; JPEG written and read back"


def _load_media(filename: str) -> str:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

    path = _resource("media", filename)
    player = QMediaPlayer()
    audio = QAudioOutput()
    player.setAudioOutput(audio)
    if not player.isAvailable():
        raise CheckFailed("QtMultimedia has no backend (plugins/multimedia/ffmpegmediaplugin missing?)")
    loop = QEventLoop()
    errors: list[str] = []
    status_t = QMediaPlayer.MediaStatus
    ready = {status_t.LoadedMedia, status_t.BufferedMedia, status_t.BufferingMedia, status_t.EndOfMedia}

    def settled() -> bool:
        return player.mediaStatus() in ready or player.duration() > 0 or bool(errors) \
            or player.mediaStatus() == status_t.InvalidMedia

    def on_error(_error: QMediaPlayer.Error, message: str) -> None:
        errors.append(message)
        loop.quit()

    def on_change(*_args: object) -> None:
        if settled():
            loop.quit()

    player.mediaStatusChanged.connect(on_change)
    player.durationChanged.connect(on_change)
    player.errorOccurred.connect(on_error)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    deadline = QDeadlineTimer(int(MEDIA_TIMEOUT_S * 1000))
    try:
        player.setSource(QUrl.fromLocalFile(path))
        while not settled() and not deadline.hasExpired():
            timer.start(max(1, int(deadline.remainingTime())))
            loop.exec()
        status = player.mediaStatus()
        if errors or status == status_t.InvalidMedia:
            raise CheckFailed(f"{filename}: {errors[0] if errors else 'invalid media'}")
        if player.duration() <= 0 and status not in ready:
            raise CheckFailed(f"{filename} did not load within {MEDIA_TIMEOUT_S:.0f} s (status {status.name})")
        video = "with video" if player.hasVideo() else "audio only"
        return f"{filename} {player.duration() / 1000:.1f} s {video}"
    finally:
        timer.stop()
        player.setSource(QUrl())  # not stop(): it keeps the GIL while waiting for FFmpeg (media_view.stop)
        player.deleteLater()
        audio.deleteLater()


def check_media() -> str:
    from PySide6.QtMultimedia import QMediaDevices

    loaded = [_load_media("audio.mp3"), _load_media("chunk_0.webm")]
    device = QMediaDevices.defaultAudioOutput()
    output = device.description() if not device.isNull() else "no audio device"
    return f"QtMultimedia loaded {'; '.join(loaded)}; output: {output}"


def _subclasses(cls: type) -> Iterator[type]:
    """Every class derived from ``cls`` so far (Python's own ``__subclasses__``, not keyring's
    private registry): the backends keyring has loaded."""
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        yield sub
        yield from _subclasses(sub)


def check_keyring() -> str:
    import keyring
    from keyring.backend import KeyringBackend

    from ensure_browser.core.profiles.secrets import SecretStore

    active = keyring.get_keyring()
    discovered = {f"{cls.__module__}.{cls.__qualname__}" for cls in _subclasses(KeyringBackend)}
    native = next((name for prefix, name in NATIVE_KEYRING.items() if sys.platform.startswith(prefix)), None)
    if native is not None and native not in discovered:
        raise CheckFailed(f"keyring did not find {native} (keyring.backends or its entry points are missing)")
    cls = type(active)
    where = SecretStore(backend=active).backend_description()
    names = ", ".join(sorted(name.removeprefix("keyring.backends.") for name in discovered))
    return f"active {cls.__module__}.{cls.__qualname__} -> secrets go to: {where}; discovered: {names}"


def check_keyring_usable() -> str:
    from ensure_browser.core.profiles.secrets import SecretStore

    store = SecretStore()
    reason = store.unavailable_reason()
    if reason is not None:
        raise CheckFailed(reason)
    return f"secrets can be stored in {store.backend_description()}"


def _catalogs() -> list[tuple[str, QTranslator]]:
    from pathlib import Path

    from PySide6 import QtCore

    from ensure_browser.ui.i18n import CATALOG

    found: list[tuple[str, QTranslator]] = []
    for qm in sorted(Path(_resource("i18n")).glob(f"{CATALOG}_*.qm")):
        translator = QtCore.QTranslator()
        if not translator.load(str(qm)) or translator.isEmpty():
            raise CheckFailed(f"the translation {qm.name} does not load")
        found.append((qm.stem.removeprefix(f"{CATALOG}_"), translator))
    if not found:
        raise CheckFailed("no translations (resources/i18n/*.qm) in the package")
    return found


def check_translations() -> str:
    return "the app in " + ", ".join(language for language, _ in _catalogs())


def check_qt_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from ensure_browser.ui.i18n import PSEUDO_LOCALE

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    languages = [language for language, _ in _catalogs() if language != PSEUDO_LOCALE]
    missing = [lang for lang in languages if not QTranslator().load(QLocale(lang), "qtbase", "_", folder)]
    if missing:
        raise CheckFailed(f"Qt's own dialogs stay English in {', '.join(missing)}: no qtbase_*.qm in {folder}")
    return f"Qt's own texts in {', '.join(languages)} ({folder})"


CHECKS: tuple[Check, ...] = (
    Check("qt", check_qt),
    Check("main window", check_main_window),
    Check("pdf", check_pdf),
    Check("svg icon", check_svg),
    Check("images", check_images),
    Check("media", check_media),
    Check("keyring", check_keyring),
    Check("translations", check_translations),
    Check("qt i18n", check_qt_translations, required=False),
    Check("keyring store", check_keyring_usable, required=False),  # no Secret Service is not a defect
)


def run_checks(checks: tuple[Check, ...] = CHECKS, out: TextIO | None = None) -> list[Outcome]:
    """Run ``checks`` in order, printing one line each to ``out`` (stdout by default)."""
    stream = out if out is not None else sys.stdout
    outcomes = []
    for check in checks:
        start = time.monotonic()
        try:
            detail, ok = check.run(), True
        except Exception as exc:  # every failure is reported as a line, never as a traceback
            level = logging.WARNING if check.required else logging.INFO
            log.log(level, "self-test %s failed", check.name, exc_info=not isinstance(exc, CheckFailed))
            detail, ok = (str(exc) if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"), False
        outcome = Outcome(check.name, ok, check.required, detail, time.monotonic() - start)
        outcomes.append(outcome)
        if stream is not None:  # a windowed executable on Windows has no stdout
            print(outcome.line(), file=stream, flush=True)
    return outcomes


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check; 0 when all required checks pass, 1 otherwise."""
    _use_offscreen_without_display()
    stream = out if out is not None else sys.stdout
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    if stream is not None:
        print(f"{APP_NAME} {__version__}{frozen} self-test on {sys.platform}, Python {sys.version.split()[0]}",
              file=stream, flush=True)
    outcomes = run_checks(CHECKS, stream)
    failed = [o.name for o in outcomes if o.required and not o.ok]
    if stream is not None:
        summary = f"FAILED: {', '.join(failed)}" if failed else "all required checks passed"
        print(f"self-test: {summary}", file=stream, flush=True)
    from ensure_browser.ui.workers import workers

    workers().shutdown(5_000)
    return 1 if failed else 0
