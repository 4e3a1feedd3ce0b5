"""A theme switch while the app runs reaches every widget with colours of its own (labels and table
cells in an error or "OK" colour, the profile form's messages, the contents' greyed rows), and the light
theme keeps the platform's own style while dark and high contrast use Fusion."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QProxyStyle
from pytestqt.qtbot import QtBot

from ensure_browser.ui import theme
from ensure_browser.ui.policies.widgets import SEVERITY_TONES, fill, item, table
from ensure_browser.ui.profiles.form import ERROR_TONE, OK_TONE, StatusLine
from ensure_browser.ui.profiles.form_field import Field
from ensure_browser.ui.theme import Theme, apply_theme, tone
from ensure_browser.ui.toned import set_tone

ROLE = QPalette.ColorRole


@pytest.fixture(autouse=True)
def _light_again(qapp: QApplication) -> Iterator[None]:
    apply_theme(Theme.LIGHT)
    yield
    apply_theme(Theme.LIGHT)


def _text_colour(label: QLabel) -> QColor:
    """The colour the label paints its text with (its style sheet polished into its palette)."""
    label.ensurePolished()
    return label.palette().color(ROLE.WindowText)


def test_toned_labels_and_cells_follow_a_switch(qtbot: QtBot) -> None:
    field = Field(QLineEdit())
    status = StatusLine()
    caption = QLabel("Saved")
    cells = table(["Bucket", "State"])
    for widget in (field, status, caption, cells):
        qtbot.addWidget(widget)
        widget.show()
    field.set_error("The endpoint is not a URL.")
    status.set_status("Could not reach the server.", ERROR_TONE)
    set_tone(caption, OK_TONE)
    fill(cells, [[item("a"), item("error", tone_name=SEVERITY_TONES["critical"])],
                 [item("b"), item("OK", tone_name=SEVERITY_TONES["ok"])]])
    plain = cells.item(0, 0).foreground().color()

    def colours() -> list[str]:
        return [_text_colour(field.error).name(), _text_colour(status.status_label).name(),
                _text_colour(caption).name(), cells.item(0, 1).foreground().color().name(),
                cells.item(1, 1).foreground().color().name()]

    light = colours()
    assert light == [tone("error"), tone("error"), tone("ok"), tone("error"), tone("ok")]
    for which in (Theme.DARK, Theme.HIGH_CONTRAST, Theme.LIGHT):
        apply_theme(which)  # as when the desktop switches while the app runs
        now = colours()
        assert now == [tone("error"), tone("error"), tone("ok"), tone("error"), tone("ok")], which
        if which is not Theme.LIGHT:
            assert now[0] != light[0] and now[2] != light[2] and now[3] != light[3], which
    assert cells.item(0, 0).foreground().color() == plain  # cells without a tone keep the palette's
    status.set_status("Saved.")  # no tone: the palette's own text colour again
    apply_theme(Theme.DARK)
    assert _text_colour(status.status_label) == QApplication.palette().color(ROLE.WindowText)


def test_the_contents_greyed_rows_follow_a_switch(qapp: QApplication) -> None:
    from ensure_browser.ui.trees.tree_model import _foreground

    light_grey = _foreground("deleted")
    apply_theme(Theme.DARK)
    assert _foreground("deleted") != light_grey and _foreground("deleted") == QColor(tone("muted"))


def _base_style() -> str:
    style = QApplication.style()
    assert isinstance(style, QProxyStyle)
    return style.baseStyle().name().lower()


def test_light_keeps_the_platforms_style_dark_and_high_contrast_use_fusion(
        qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    assert theme.style_for(Theme.LIGHT) == theme.platform_style()
    assert theme.style_for(Theme.DARK) == theme.style_for(Theme.HIGH_CONTRAST) == "Fusion"
    # A platform whose own style is not Fusion ("Windows" is built into every Qt, like the native ones)
    monkeypatch.setattr(theme, "_platform_style", "Windows")
    apply_theme(Theme.LIGHT)
    assert _base_style() == "windows"
    apply_theme(Theme.DARK)
    assert _base_style() == "fusion"
    assert QApplication.palette().color(ROLE.Window) == theme.palette_for(Theme.DARK).color(ROLE.Window)
    apply_theme(Theme.HIGH_CONTRAST)  # (the style is wrapped in Qt's style sheet style here)
    assert theme._style_in_use == "Fusion"  # noqa: SLF001
    assert QApplication.palette().color(ROLE.Window) == QColor("#000000")
    apply_theme(Theme.LIGHT)
    assert _base_style() == "windows"
    monkeypatch.undo()
    apply_theme(Theme.LIGHT)
    assert _base_style() == theme.platform_style().lower()


def test_notices_and_rich_text_details_follow_a_switch(qtbot: QtBot) -> None:
    from ensure_browser.ui.preview.widgets import notice_label
    from ensure_browser.ui.trees.details_panel import DetailsPanel
    from ensure_browser.ui.trees.tree_model import Node

    notice = notice_label()
    details = DetailsPanel()
    for widget in (notice, details):
        qtbot.addWidget(widget)
        widget.show()
    notice.setText("Only the first 1 MiB is shown.")
    details.show_node(Node(label="worksheet.pdf", kind="pdf", kind_label="PDF document", size=1536))

    def notice_colours() -> tuple[str, str]:
        notice.ensurePolished()
        palette = notice.palette()
        return palette.color(ROLE.Window).name(), palette.color(ROLE.WindowText).name()

    assert notice_colours() == (tone("warning-bg"), tone("warning-text"))
    light_muted = tone("muted")
    assert light_muted in details.body.toHtml()
    apply_theme(Theme.DARK)
    assert notice_colours() == (tone("warning-bg"), tone("warning-text"))
    assert tone("muted") != light_muted
    assert tone("muted") in details.body.toHtml() and light_muted not in details.body.toHtml()
