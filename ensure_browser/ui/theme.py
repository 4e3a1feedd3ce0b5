"""Light, dark and high-contrast: the app follows the system's choice, or the one made in View > Theme.

The system's choice is read from Qt (``QStyleHints.colorScheme``, and ``QAccessibilityHints``'
contrast preference for high contrast), and followed when it changes while the app runs. The light
theme keeps the platform's own style (Windows, macOS, Breeze ...: see :func:`style_for`); the dark and
high-contrast themes are palettes of ours, painted with Fusion, so that a widget that paints with
palette roles (almost all do) needs nothing more. The few places that need a colour of their own (an
error in red, a muted caption, the banner's background) ask :func:`tone` for it, which answers for the
theme in use; their widgets re-read it on ``QEvent.PaletteChange`` or :func:`changed`
(ui/toned.py does it for labels and table cells).

``ENSURE_BROWSER_THEME=light|dark|high-contrast`` overrides both (for screenshots, or a desktop that
does not say).
"""

from __future__ import annotations

import logging
import os
from enum import Enum

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

from ensure_browser.ui.i18n import tr

log = logging.getLogger(__name__)

ENV = "ENSURE_BROWSER_THEME"
SETTING = "ui/theme"



class Theme(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


# Colours of their own, per theme; each meets WCAG AA (4.5:1) as text on its theme's window and base.
_TONES: dict[Theme, dict[str, str]] = {
    Theme.LIGHT: {
        "error": "#a4000f", "warning": "#7a4b00", "ok": "#0b6b1f", "info": "#0b4f9c", "muted": "#595959",
        "error-bg": "#fde7e9", "error-border": "#e8a1a8", "error-text": "#5c0011",
        "warning-bg": "#fff4ce", "warning-border": "#c99a00", "warning-text": "#4d3800",
        "info-bg": "#e8f1fb", "info-border": "#a7c5ea", "info-text": "#0b2e59",
    },
    Theme.DARK: {
        "error": "#ff8a80", "warning": "#ffd479", "ok": "#7ddc8f", "info": "#8cc4ff", "muted": "#b4b4b4",
        "error-bg": "#4a1c21", "error-border": "#a4454f", "error-text": "#ffdadd",
        "warning-bg": "#453a12", "warning-border": "#a68b2c", "warning-text": "#fff0c2",
        "info-bg": "#1b324d", "info-border": "#4d7fb8", "info-text": "#dbeaff",
    },
    Theme.HIGH_CONTRAST: {
        "error": "#ff6e6e", "warning": "#ffff00", "ok": "#00ff7f", "info": "#00ffff", "muted": "#ffffff",
        "error-bg": "#000000", "error-border": "#ff6e6e", "error-text": "#ffffff",
        "warning-bg": "#000000", "warning-border": "#ffff00", "warning-text": "#ffffff",
        "info-bg": "#000000", "info-border": "#00ffff", "info-text": "#ffffff",
    },
}
_current = Theme.LIGHT
FUSION = "Fusion"
_platform_style: str | None = None  # the style Qt chose for this platform, before the first apply_theme
_style_in_use: str | None = None  # the base of the ThemedStyle apply_theme set


class _Notifier(QObject):
    changed = Signal(object)  # the Theme now in use, after its palette and style are applied


_notifier: _Notifier | None = None


def changed() -> _Notifier:
    """Emits ``changed(theme)`` after every :func:`apply_theme` (widgets with colours of their own)."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def current() -> Theme:
    """The theme in use (never SYSTEM)."""
    return _current


def tone(name: str) -> str:
    """A colour of the theme in use: "error", "warning", "ok", "info", "muted", or a banner's
    "error-bg", "error-border", "error-text" (and the same for "warning" and "info")."""
    return _TONES[_current].get(name) or _TONES[_current]["muted"]


def system_theme() -> Theme:
    """What the desktop asks for: high contrast first, then dark or light."""
    hints = QGuiApplication.styleHints()
    if hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return Theme.HIGH_CONTRAST
    return Theme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Theme.LIGHT


# The dark and high-contrast palettes, role by role (QPalette.ColorRole names).
_ROLES = ("Window", "WindowText", "Base", "AlternateBase", "ToolTipBase", "ToolTipText", "PlaceholderText",
          "Text", "Button", "ButtonText", "BrightText", "Light", "Midlight", "Mid", "Dark", "Shadow",
          "Highlight", "HighlightedText", "Link", "LinkVisited", "Accent")
_COLORS = {
    Theme.DARK: ("#2b2b2b", "#ececec", "#1e1e1e", "#262626", "#3a3a3a", "#ececec", "#9a9a9a",
                 "#ececec", "#353535", "#ececec", "#ff6e6e", "#4a4a4a", "#3e3e3e", "#5a5a5a", "#1a1a1a", "#000000",
                 "#2a6cb3", "#ffffff", "#8cc4ff", "#c89bff", "#2a6cb3"),
    # white on black; yellow selection and focus
    Theme.HIGH_CONTRAST: ("#000000", "#ffffff", "#000000", "#141414", "#000000", "#ffffff", "#d0d0d0",
                          "#ffffff", "#000000", "#ffffff", "#ffff00", "#ffffff", "#c0c0c0", "#ffffff", "#ffffff",
                          "#ffffff", "#ffff00", "#000000", "#00ffff", "#ff80ff", "#ffff00"),
}
_DISABLED_ROLES = ("WindowText", "Text", "ButtonText", "Highlight", "HighlightedText")
_DISABLED = {
    Theme.DARK: ("#8a8a8a", "#8a8a8a", "#8a8a8a", "#4f4f4f", "#bdbdbd"),
    Theme.HIGH_CONTRAST: ("#a0a0a0", "#a0a0a0", "#a0a0a0", "#a0a0a0", "#000000"),
}


def platform_style() -> str:
    """The name of the style Qt picked for this platform ("windows11", "macOS", "Breeze", "Fusion")."""
    global _platform_style
    if _platform_style is None:
        app = QApplication.instance()
        style = app.style() if isinstance(app, QApplication) else None
        base = style.baseStyle() if isinstance(style, QProxyStyle) else style
        _platform_style = (base.name() if base is not None else "") or FUSION
    return _platform_style


def style_for(theme: Theme) -> str:
    """The style a theme is painted with: the platform's own for light, Fusion for dark and high contrast.

    The platform's style is what people know from their other programs, so it is the default. But the
    native styles of Windows ("windowsvista", "windows11") and macOS draw buttons, tabs, headers and
    scroll bars from the system's own theme images and ignore much of a custom palette: with our dark or
    high-contrast palette they show light controls with white text (unreadable), and they leave out the
    white edges high contrast needs. Fusion paints everything from the palette, so our WCAG-checked
    palettes (tests/ui/test_theme.py) hold for every control; on Linux desktops without a style of
    their own Qt picks Fusion anyway."""
    return platform_style() if theme is Theme.LIGHT else FUSION


def palette_for(theme: Theme) -> QPalette:
    """The style's own palette for light; a dark one; a high-contrast one (white on black, yellow focus)."""
    style = QStyleFactory.create(style_for(Theme.LIGHT if theme is Theme.SYSTEM else theme)) \
        or QStyleFactory.create(FUSION)
    base = style.standardPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    if theme is Theme.LIGHT or theme is Theme.SYSTEM:
        # Fusion's highlight (#308cc6) gives white text 3.7:1; this blue gives 5.4:1 (WCAG AA: 4.5).
        for which in (group.Active, group.Inactive):
            base.setColor(which, role.Highlight, QColor("#236db0"))
            base.setColor(which, role.Accent, QColor("#236db0"))
        return base
    colors = dict(zip(_ROLES, _COLORS[theme], strict=True))
    disabled = dict(zip(_DISABLED_ROLES, _DISABLED[theme], strict=True))
    palette = QPalette(base)
    for name, value in colors.items():
        palette.setColor(getattr(role, name), QColor(value))
    for name, value in disabled.items():
        palette.setColor(group.Disabled, getattr(role, name), QColor(value))
    return palette


# Fusion draws frames and button edges a shade darker than the window: black on black in high contrast.
# There every control gets a white edge, and headers too (the only style sheet the themes use).
HIGH_CONTRAST_STYLE = """
QAbstractScrollArea, QLineEdit, QComboBox, QAbstractSpinBox, QPushButton, QToolButton, QProgressBar,
QTabWidget::pane { border: 1px solid #ffffff; }
QPushButton, QToolButton, QComboBox { padding: 3px 8px; background: #000000; color: #ffffff; }
QPushButton:disabled, QToolButton:disabled { color: #a0a0a0; border-color: #a0a0a0; }
QHeaderView::section { background: #000000; color: #ffffff; border: 1px solid #ffffff; padding: 2px 4px; }
QTabBar::tab { background: #000000; color: #ffffff; border: 1px solid #ffffff; padding: 3px 10px; }
QTabBar::tab:selected { background: #ffff00; color: #000000; }
QMenu { border: 1px solid #ffffff; }
QToolTip { border: 1px solid #ffffff; }
"""


def chosen(settings: QSettings | None = None) -> Theme:
    """The environment's choice, else the one saved from View > Theme, else SYSTEM."""
    for value in (os.environ.get(ENV, ""), str(settings.value(SETTING, "", str)) if settings else ""):
        try:
            return Theme(value.strip().lower())
        except ValueError:
            continue
    return Theme.SYSTEM


class ThemedStyle(QProxyStyle):
    """The theme's style (:func:`style_for`), with its black pictogram icons (play, pause, help ...)
    drawn in the text colour on a dark or high-contrast palette: black on black is no icon. Coloured
    icons (folders, warnings) stay."""

    SIZES = (16, 20, 24, 32, 48, 64)

    def standardIcon(self, which: QStyle.StandardPixmap, option: QStyleOption | None = None,
                     widget: QWidget | None = None) -> QIcon:
        icon = super().standardIcon(which, option, widget)
        if _current is Theme.LIGHT or icon.isNull() or not _dark_pictogram(icon.pixmap(32, 32).toImage()):
            return icon
        color = QApplication.palette().color(QPalette.ColorRole.WindowText)
        tinted = QIcon()
        for size in self.SIZES:
            pixmap = icon.pixmap(size, size)
            painter = QPainter(pixmap)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(pixmap.rect(), color)
            painter.end()
            tinted.addPixmap(pixmap)
        return tinted


def _dark_pictogram(image: QImage) -> bool:
    """Whether every visible pixel of ``image`` is dark and grey (a black pictogram)."""
    seen = False
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() < 64:
                continue
            if pixel.lightness() > 110 or pixel.hslSaturation() > 60:
                return False
            seen = True
    return seen


def apply_theme(theme: Theme) -> Theme:
    """Use ``theme`` (SYSTEM: what the desktop asks for now) for the whole app; returns the one used."""
    global _current
    resolved = system_theme() if theme is Theme.SYSTEM else theme
    app = QApplication.instance()
    if isinstance(app, QApplication):
        global _style_in_use
        wanted = style_for(resolved)
        # (with the high-contrast style sheet on, app.style() is Qt's style sheet style around ours)
        ours = isinstance(app.style(), ThemedStyle) or bool(app.styleSheet())
        if not ours or (_style_in_use or "").lower() != wanted.lower():  # (Qt's names: "fusion")
            app.setStyle(ThemedStyle(QStyleFactory.create(wanted) or QStyleFactory.create(FUSION)))
            _style_in_use = wanted
        _current = resolved
        app.setPalette(palette_for(resolved))
        style_sheet = HIGH_CONTRAST_STYLE if resolved is Theme.HIGH_CONTRAST else ""
        if app.styleSheet() != style_sheet:
            app.setStyleSheet(style_sheet)
    else:
        _current = resolved
    log.info("theme: %s%s", resolved.value, " (the system's)" if theme is Theme.SYSTEM else "")
    changed().changed.emit(resolved)
    return resolved


class ThemeFollower(QObject):
    """Applies the chosen theme and follows the system while the choice is SYSTEM; View > Theme."""

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.choice = chosen(settings)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_changed)
        hints.accessibility().contrastPreferenceChanged.connect(self._system_changed)
        apply_theme(self.choice)
        self.menu = QMenu(tr("&Theme"))
        self.group = QActionGroup(self)
        labels = {Theme.SYSTEM: tr("&System"), Theme.LIGHT: tr("&Light"), Theme.DARK: tr("&Dark"),
                  Theme.HIGH_CONTRAST: tr("&High contrast")}
        self.actions: dict[Theme, QAction] = {}
        for theme, label in labels.items():
            action = self.menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(theme is self.choice)
            action.triggered.connect(lambda _checked=False, t=theme: self.choose(t))
            self.group.addAction(action)
            self.actions[theme] = action

    def choose(self, theme: Theme) -> None:
        self.choice = theme
        self.settings.setValue(SETTING, theme.value)
        self.actions[theme].setChecked(True)
        apply_theme(theme)

    def _system_changed(self, *_args: object) -> None:
        if self.choice is Theme.SYSTEM:
            apply_theme(Theme.SYSTEM)


def install_theme(window: QWidget, settings: QSettings, view_menu: QMenu) -> ThemeFollower:
    """Apply the chosen theme to the app, follow the system, and add Theme to the View menu."""
    follower = ThemeFollower(settings, window)
    view_menu.addMenu(follower.menu)
    follower.menu.setParent(window, follower.menu.windowFlags())
    return follower
