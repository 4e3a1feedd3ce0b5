"""The browser's way back: a one-shot HTTP listener on ``127.0.0.1`` with a random port (RFC 8252 §7.3).

The identity provider redirects the system browser to ``http://127.0.0.1:PORT/callback?code=...&state=...``;
:meth:`LoopbackRedirect.wait` serves that one request (a short page telling the person to return to
the app) and hands back its query parameters. Nothing but loopback is bound; requests for other paths
(a browser's ``/favicon.ico``) get a 404 and are not taken as the answer.
"""

from __future__ import annotations

import html
import logging
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ensure_browser.core.auth.errors import SignInCancelled, SignInError
from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.texts import QT_TR_N_NOOP, QT_TR_NOOP, Plural, Text

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; margin: 3em"><h1>{title}</h1><p>{text}</p></body></html>"""


class _Server(HTTPServer):
    answer: dict[str, str] | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self.send_error(404)
            return
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if "error" in params:
            title, text = "Sign-in was not completed", "You can close this tab and return to Ensure Browser."
        else:
            title, text = "Signed in", "You can close this tab and return to Ensure Browser."
        body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)
        if self.server.answer is None:
            self.server.answer = params

    def log_message(self, format: str, *args: Any) -> None:
        """The request line holds the authorization code: it is not logged."""


class LoopbackRedirect:
    """One listener on ``127.0.0.1:<random port>``; use as a context manager (closed after)."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.timeout = 0.2

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"

    def wait(self, timeout: float, cancel: CancelToken = NEVER) -> dict[str, str]:
        """The query parameters of the redirect; raises :class:`SignInError` when none comes within
        ``timeout`` seconds (the tab was closed) and :class:`SignInCancelled` when ``cancel`` fires."""
        deadline = time.monotonic() + timeout
        while self._server.answer is None:
            if cancel.cancelled:
                raise SignInCancelled(Text(QT_TR_NOOP("Sign-in was cancelled.")))
            if time.monotonic() > deadline:
                minutes = max(1, round(timeout / 60))
                raise SignInError(Plural(
                    minutes, "No answer came back from the browser within 1 minute. If the sign-in tab was closed, "
                    "sign in again.",
                    QT_TR_N_NOOP("No answer came back from the browser within {0} minutes. If the sign-in tab was "
                                 "closed, sign in again."), minutes))
            self._server.handle_request()
        return self._server.answer

    def close(self) -> None:
        self._server.server_close()

    def __enter__(self) -> LoopbackRedirect:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
