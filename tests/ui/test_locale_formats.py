"""Numbers and dates in the language of the window (ui/formats.py): German as a German user reads them,
English as before, and the contents table still sorted by the values, not by their text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui import formats, i18n
from ensure_browser.ui.trees.sorting import SIZE, SortSpec
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, RawSource
from tests.support.gui import show_panel

MOMENT = datetime(2026, 12, 7, 14, 5, 9, tzinfo=UTC)


@pytest.fixture
def language(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], str | None]]:
    def use(value: str) -> str | None:
        monkeypatch.setenv(i18n.LANG_ENV, value)
        return i18n.install_translators(qapp)

    yield use
    i18n.remove_translators(qapp)


def test_german_numbers_sizes_and_dates(language: Callable[[str], str | None]) -> None:
    assert language("de") == "de"
    assert formats.size(1536) == "1,5 KiB"
    assert formats.size(3 * 1024 * 1024 + 512 * 1024) == "3,5 MiB"
    assert formats.size(1000) == "1000 B"
    assert formats.size(None) == ""
    assert formats.count(1234567) == "1.234.567"
    assert formats.percent(42) == "42 %"
    local = MOMENT.astimezone()
    assert formats.date_time(MOMENT) == local.strftime("%d.%m.%Y %H:%M")
    assert formats.date_time(MOMENT.timestamp(), seconds=True) == local.strftime("%d.%m.%Y %H:%M:%S")
    assert formats.time_of_day(MOMENT) == local.strftime("%H:%M")
    assert formats.date_time(None) == ""
    assert language("de_AT") == "de"  # the German catalog, in the region asked for
    assert i18n.ui_locale().name() == "de_AT"
    assert formats.count(1234567) == "1\u00a0234\u00a0567"  # Austria groups thousands with a space


def test_english_is_unchanged(language: Callable[[str], str | None]) -> None:
    assert language("en") is None
    assert formats.size(1536) == "1.5 KiB"
    assert formats.size(900) == "900 B" and formats.size(1000) == "1000 B"
    assert formats.count(1234567) == "1,234,567"
    assert formats.percent(42) == "42%"
    local = MOMENT.astimezone()
    assert formats.date_time(MOMENT) == local.strftime("%Y-%m-%d %H:%M")
    assert formats.date_time(MOMENT, seconds=True, zone=True) == local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def test_the_contents_table_in_german_sorts_by_value(qtbot: QtBot, admin_storage: Storage, bucket: str,
                                                     language: Callable[[str], str | None]) -> None:
    language("de")
    sizes = {"big.bin": 10 * 1024, "mid.bin": 1536, "small.bin": 900}
    for name, size in sizes.items():
        admin_storage.upload_bytes(bucket, "lvl/" + name, b"x" * size)
    model = LazyTreeModel(RawSource(admin_storage, [bucket]))
    panel = show_panel(qtbot, model)
    node = model.root.children[0]
    for _level in range(2):  # the bucket, then lvl/
        panel.select_node(node)
        qtbot.waitUntil(lambda n=node: n.state is LoadState.LOADED, timeout=60_000)
        lvl, node = node, node.children[0] if node.children else node
    table = panel.contents
    assert table is not None
    shown = {lvl.children[r].label: (table.model().index(r, 2, table.rootIndex()).data(),
                                     table.model().index(r, 3, table.rootIndex()).data())
             for r in range(len(lvl.children))}
    assert shown["mid.bin"][0] == "1,5 KiB"
    assert shown["big.bin"][0] == "10,0 KiB"
    assert shown["small.bin"][0] == "900 B"
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", when) for _, when in shown.values()), shown
    model.sort(SIZE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.sorter.running == 0 and model.sorter.spec == SortSpec(SIZE, False), timeout=60_000)
    # by bytes: the text would put "1,5 KiB" < "10,0 KiB" < "900 B"
    assert [c.label for c in lvl.children] == ["small.bin", "mid.bin", "big.bin"]
    assert [table.model().index(r, 2, table.rootIndex()).data() for r in range(3)] == ["900 B", "1,5 KiB",
                                                                                         "10,0 KiB"]


def test_severity_counts_take_each_languages_plural(language: Callable[[str], str | None]) -> None:
    assert language("en") is None
    assert formats.severities({"critical": 0, "warning": 1, "info": 2}) == "0 critical, 1 warning, 2 info"
    assert formats.severities({"critical": 120, "warning": 5, "info": 1}) == "120 critical, 5 warnings, 1 info"
    assert language("de") == "de"
    assert formats.severities({"critical": 0, "warning": 1, "info": 2}) == "0 kritisch, 1 Warnung, 2 Hinweise"
    assert formats.severities({"critical": 12, "warning": 5, "info": 1}) == "12 kritisch, 5 Warnungen, 1 Hinweis"


def test_counts_of_a_thousand_and_more_are_grouped_in_the_windows_language(
        language: Callable[[str], str | None]) -> None:
    """Qt writes a %Ln count with the default locale: the language's, not the system's."""
    assert language("de") == "de"
    assert formats.severities({"critical": 1234, "warning": 0, "info": 1}) == "1.234 kritisch, 0 Warnungen, 1 Hinweis"
    assert language("en") is None
    assert formats.severities({"critical": 1234, "warning": 1000, "info": 1}) == "1,234 critical, 1,000 warnings, 1 info"
