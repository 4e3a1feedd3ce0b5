"""Themes: the palette switches between light, dark and high contrast, every colour of its own stays
legible on it (WCAG AA contrast), the banner follows, and View > Theme is remembered. Following the
desktop's own setting while the app runs: tests/e2e/test_theme.py (a real settings portal on D-Bus)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from ensure_browser.ui import theme
from ensure_browser.ui.banner import Banner
from ensure_browser.ui.theme import Theme, ThemeFollower, apply_theme, palette_for, tone

ROLE = QPalette.ColorRole


def contrast(a: str | QColor, b: str | QColor) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(color: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())

    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(autouse=True)
def _light_again(qapp: QApplication) -> Iterator[None]:
    yield
    apply_theme(Theme.LIGHT)


@pytest.mark.parametrize("which", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST], ids=lambda t: t.value)
def test_each_theme_is_legible(qapp: QApplication, which: Theme) -> None:
    assert apply_theme(which) is which and theme.current() is which
    palette = QApplication.palette()
    assert palette.color(ROLE.Window) == palette_for(which).color(ROLE.Window)
    for fg, bg in ((ROLE.WindowText, ROLE.Window), (ROLE.Text, ROLE.Base), (ROLE.ButtonText, ROLE.Button),
                   (ROLE.HighlightedText, ROLE.Highlight), (ROLE.ToolTipText, ROLE.ToolTipBase)):
        assert contrast(palette.color(fg), palette.color(bg)) >= 4.5, (which, fg, bg)
    for name in ("error", "warning", "ok", "info", "muted"):
        for bg in (ROLE.Window, ROLE.Base, ROLE.AlternateBase):
            assert contrast(tone(name), palette.color(bg)) >= 4.5, (which, name, bg)
    for level in ("error", "warning", "info"):
        assert contrast(tone(f"{level}-text"), tone(f"{level}-bg")) >= 7, (which, level)
    minimum = 7 if which is Theme.HIGH_CONTRAST else 4.5
    assert contrast(palette.color(ROLE.Text), palette.color(ROLE.Base)) >= minimum
    assert bool(QApplication.instance().styleSheet()) is (which is Theme.HIGH_CONTRAST)  # type: ignore[union-attr]


def test_the_palette_switches_and_the_banner_follows(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message("Listing failed", "error")
    apply_theme(Theme.LIGHT)
    light = (QApplication.palette().color(ROLE.Window).lightness(), banner.styleSheet())
    apply_theme(Theme.DARK)
    qtbot.waitUntil(lambda: banner.styleSheet() != light[1])
    assert QApplication.palette().color(ROLE.Window).lightness() < 80 < light[0]
    assert tone("error-bg") in banner.styleSheet()
    apply_theme(Theme.HIGH_CONTRAST)
    assert QApplication.palette().color(ROLE.Window) == QColor("#000000")
    qtbot.waitUntil(lambda: tone("error-border") in banner.styleSheet())


def test_view_theme_is_remembered_and_system_follows_the_desktop(qtbot: QtBot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(theme.ENV, raising=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    follower = ThemeFollower(settings)
    assert follower.choice is Theme.SYSTEM and follower.actions[Theme.SYSTEM].isChecked()
    follower.actions[Theme.DARK].trigger()
    assert theme.current() is Theme.DARK and settings.value(theme.SETTING) == "dark"
    assert ThemeFollower(settings).choice is Theme.DARK  # the next start
    monkeypatch.setenv(theme.ENV, "high-contrast")
    assert ThemeFollower(settings).choice is Theme.HIGH_CONTRAST  # the environment wins
    monkeypatch.delenv(theme.ENV)
    follower.actions[Theme.SYSTEM].trigger()
    assert theme.current() is theme.system_theme()


def test_black_pictograms_are_drawn_in_the_text_colour_on_dark(qapp: QApplication) -> None:
    def lightest(which: Theme, icon_of: QStyle.StandardPixmap) -> int:
        apply_theme(which)
        image = QApplication.style().standardIcon(icon_of).pixmap(32, 32).toImage()
        return max(image.pixelColor(x, y).lightness() for x in range(32) for y in range(32)
                   if image.pixelColor(x, y).alpha() > 128)

    play = QStyle.StandardPixmap.SP_MediaPlay
    assert lightest(Theme.LIGHT, play) < 100  # black on a light window
    assert lightest(Theme.DARK, play) > 200 and lightest(Theme.HIGH_CONTRAST, play) > 200
    folder = QStyle.StandardPixmap.SP_DirIcon  # a coloured icon keeps its colours
    apply_theme(Theme.DARK)
    dark_folder = QApplication.style().standardIcon(folder).pixmap(32, 32).toImage()
    apply_theme(Theme.LIGHT)
    assert dark_folder == QApplication.style().standardIcon(folder).pixmap(32, 32).toImage()


def test_the_player_and_the_rows_take_icons_for_the_new_theme(qtbot: QtBot) -> None:
    from ensure_browser.ui.trees.flags import icons

    pytest.importorskip("PySide6.QtMultimedia")
    from ensure_browser.ui.preview.media_view import MediaView

    def lightness(icon: object) -> int:
        image = icon.pixmap(32, 32).toImage()  # type: ignore[attr-defined]
        return max(image.pixelColor(x, y).lightness() for x in range(32) for y in range(32)
                   if image.pixelColor(x, y).alpha() > 128)

    apply_theme(Theme.LIGHT)
    media = MediaView()
    qtbot.addWidget(media)
    row = icons().badged(None, "warning")
    assert lightness(media.play_button.icon()) < 100
    apply_theme(Theme.DARK)  # as when the desktop switches while the app runs
    qtbot.waitUntil(lambda: lightness(media.play_button.icon()) > 200)
    assert lightness(media.next_button.icon()) > 200
    assert icons().badged(None, "warning").cacheKey() != row.cacheKey()
    media.stop()
