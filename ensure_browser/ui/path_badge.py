"""The status bar's warning of a connection whose network path is not protected.

Plain HTTP to another machine (:attr:`ConnectionSettings.in_the_clear`) and HTTPS without checking
the certificate (:attr:`ConnectionSettings.unverified_tls`) each show a badge with a warning icon, a
short text, an accessible name and a tooltip that says the risk in plain words. It stays for as long
as the window uses that connection; a connection that is protected hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.ui.theme import tone


def badge_style() -> str:
    """The badge's colours: the theme's warning (:func:`~ensure_browser.ui.theme.tone`)."""
    return (f"QFrame#path-badge {{ background:{tone('warning-bg')}; border:1px solid {tone('warning-border')};"
            f" border-radius:3px; color:{tone('warning-text')}; }}")


class PathBadge(QFrame):
    """The badge; :meth:`show_for` the connection the window opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("path-badge")
        self.setStyleSheet(badge_style())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 6, 0)
        layout.setSpacing(4)
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.label = QLabel()
        layout.addWidget(self.icon)
        layout.addWidget(self.label)
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.styleSheet() != badge_style():
            self.setStyleSheet(badge_style())  # the theme changed

    def text(self) -> str:
        """What the badge says (empty when the path is protected)."""
        return self.label.text()

    def show_for(self, settings: ConnectionSettings | None) -> None:
        """Show what is unprotected on the way to the server of ``settings``; hide when nothing is."""
        texts: list[str] = []
        tips: list[str] = []
        if settings is not None and settings.in_the_clear:
            texts.append(self.tr("Not encrypted (HTTP)"))
            tips.append(self.tr(
                "The connection to {0} uses plain HTTP across the network. Anyone on the way (the "
                "Wi-Fi, the local network, a provider) can read everything: object names, file "
                "contents, and what this app asks the server. They can also change what you "
                "download and what the server seems to answer. Uploads are signed, so the "
                "server refuses an upload that was changed on the way. Use HTTPS (the profile's TLS "
                "option) where the server offers it.").format(settings.endpoint))
        if settings is not None and settings.unverified_tls:
            texts.append(self.tr("Certificate not verified"))
            tips.append(self.tr(
                "The server's certificate is not checked (the profile's option, or --insecure). Anyone "
                "on the way to {0} can pose as the server, then read and change everything, your "
                "secret key's requests included. Give the server's CA file in the profile instead.")
                .format(settings.endpoint))
        text = " · ".join(texts)
        self.label.setText(text)
        self.setToolTip("\n\n".join(tips))
        self.setAccessibleName(self.tr("Security warning: {0}").format(text) if text else "")
        self.setAccessibleDescription("\n\n".join(tips))
        self.setVisible(bool(texts))
