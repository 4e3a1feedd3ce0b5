"""The main window following the desktop's theme (see test_theme.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=xdgdesktopportal python tests/e2e/theme_app.py

Builds the window as the app does (theme: the system's), prints ``theme NAME WINDOW-COLOUR`` now and
whenever the theme in use changes, and quits when its standard input closes.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402

from ensure_browser.ui import theme  # noqa: E402
from ensure_browser.ui.application import build_main_window, make_application  # noqa: E402


def main() -> int:
    app = make_application([sys.argv[0]])
    window = build_main_window()
    window.show()
    closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
    said: list[str] = []

    def poll() -> None:
        if closed.is_set():
            app.quit()
            return
        line = f"theme {theme.current().value} {window.palette().color(QPalette.ColorRole.Window).name()}"
        if not said or said[-1] != line:
            said.append(line)
            print(line, flush=True)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    app.exec()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
