"""The sign-in journey in a real window with a real browser page: run as a script under an X server
(see test_sign_in_journey.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/e2e/sign_in_app.py --issuer URL --endpoint HOST:PORT --shots DIR

It builds the app as ``ensure-browser`` does, saves an OpenID Connect profile and opens it. The app asks
``QDesktopServices`` to open the provider's sign-in page; the browser here is QtWebEngine (Chromium),
as no system browser is installed on the test machines: a page in a window of its own, where the
person types a user name and presses Enter. The provider redirects the page to the app's loopback
listener; the app connects. Prints one JSON line (``{"ok": ...}``) and exits 0 when the journey passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # as root in a container; the page is our test's
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from ensure_browser.core.profiles.model import Kind, Profile  # noqa: E402
from ensure_browser.core.profiles.store import ProfileStore  # noqa: E402
from ensure_browser.logs import setup_logging  # noqa: E402
from ensure_browser.ui.application import build_main_window, make_application  # noqa: E402
from ensure_browser.ui.auth.session_bar import SessionBar  # noqa: E402
from ensure_browser.ui.profiles.flow import open_profile  # noqa: E402


class WebBrowser(QObject):
    """QDesktopServices' http handler: a QtWebEngine page where the person signs in."""

    def __init__(self, user: str) -> None:
        super().__init__()
        self.user = user
        self.view = QWebEngineView()
        self.view.setWindowTitle("Web browser")
        self.view.resize(900, 700)
        self.pages: list[str] = []
        self.view.loadFinished.connect(self._loaded)

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.view.show()
        self.view.load(url)

    def _loaded(self, ok: bool) -> None:
        url = self.view.url().toString()
        self.pages.append(f"{'ok' if ok else 'failed'} {url.split('?')[0]}")
        if "/oauth2/authorize" in url:  # the provider's page: type the user name, press Enter
            QTimer.singleShot(300, self._type)

    def _type(self) -> None:
        target = self.view.focusProxy() or self.view
        target.setFocus()
        QTest.keyClicks(target, self.user)
        QTest.keyClick(target, Qt.Key.Key_Return)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--role", required=True)
    parser.add_argument("--shots", type=Path, required=True)
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    log_file = setup_logging(2)
    app = make_application()
    from PySide6.QtGui import QDesktopServices

    browser = WebBrowser("dana")
    QDesktopServices.setUrlHandler("http", browser, "open")
    window = build_main_window()
    window.resize(1200, 800)
    window.show()
    profile = Profile(name="School", endpoint=args.endpoint, kind=Kind.OIDC, issuer=args.issuer,
                      client_id=args.client_id, role_arn=args.role)
    ProfileStore().put(profile)
    result: dict[str, object] = {"ok": False, "log": str(log_file)}

    def connected(_connection: object) -> None:
        QTimer.singleShot(500, finish)

    def finish() -> None:
        try:
            bar = window.service(SessionBar)
            result["label"] = bar.label.text() if bar else ""
            result["status"] = window.status_label.text()
            result["pages"] = browser.pages
            window.grab().save(str(args.shots / "sign-in-connected.png"))
            browser.view.grab().save(str(args.shots / "sign-in-browser.png"))
            result["ok"] = bool(bar and bar.label.text().startswith("Signed in as dana until"))
        except Exception:
            result["error"] = traceback.format_exc()
        app.quit()

    def give_up() -> None:
        result["error"] = f"not connected in time; pages: {browser.pages}; banner: {window.banner.text}"
        window.grab().save(str(args.shots / "sign-in-timeout.png"))
        app.quit()

    window.connected.connect(connected)
    QTimer.singleShot(0, lambda: open_profile(window, profile.name))
    QTimer.singleShot(90_000, give_up)
    app.exec()
    QDesktopServices.unsetUrlHandler("http")
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
