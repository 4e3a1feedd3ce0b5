"""Help > About names the app's version, the Qt, PySide6 and minio versions, and the licence."""

from __future__ import annotations

from pathlib import Path

import minio
import PySide6
from PySide6.QtCore import QSettings, QTimer, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ensure_browser import APP_DISPLAY_NAME, __version__
from ensure_browser.ui.main_window import MainWindow


def test_about_shows_the_versions_and_licence(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    about = next(a for a in window.help_menu.actions() if a.text().replace("&", "").startswith("About"))
    seen: dict[str, str] = {}

    def read_and_close() -> None:  # runs inside the message box's own event loop
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, read_and_close)
            return
        seen["title"], seen["text"] = boxes[0].windowTitle(), boxes[0].text()
        boxes[0].close()

    QTimer.singleShot(0, read_and_close)
    about.trigger()  # QMessageBox.about is modal: it returns once read_and_close closed it
    assert seen, "no About box appeared"
    assert APP_DISPLAY_NAME in seen["title"]
    text = seen["text"]
    for expected in (__version__, qVersion(), PySide6.__version__, minio.__version__, "MIT"):
        assert expected in text, f"{expected!r} not in the About text: {text}"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
