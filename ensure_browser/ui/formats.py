"""Numbers, sizes, percentages and dates as the user's language writes them (the one formatter of the GUI).

The locale is the one the translators were installed for (:func:`ensure_browser.ui.i18n.ui_locale`):
German shows ``1,5 MiB``, ``1.234`` and ``07.12.2026 14:05``. English, the app's own language, stays as it
was: ``1.5 MiB``, ``1,234`` and the unambiguous ``2026-12-07 14:05``. Only the text changes: views sort
by the values underneath (sizes in bytes, times as datetimes), never by these strings. The command
line keeps the core's English formats (core/units.py).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from ensure_browser.core.severity import Severity
from ensure_browser.ui.i18n import tr, ui_locale

__all__ = ["age", "count", "date_time", "decimal", "percent", "size", "time_of_day"]

_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB")
_ISO = {False: "yyyy-MM-dd HH:mm", True: "yyyy-MM-dd HH:mm:ss"}


def _english(locale: QLocale) -> bool:
    return locale.language() == QLocale.Language.English


def count(n: int) -> str:
    """1234 -> "1,234" (English), "1.234" (German)."""
    return ui_locale().toString(int(n))


def decimal(value: float, digits: int = 1) -> str:
    """1.5 -> "1.5" (English), "1,5" (German)."""
    return ui_locale().toString(float(value), "f", digits)


def size(n: int | None) -> str:
    """Bytes in binary units: 1536 -> "1.5 KiB" (English), "1,5 KiB" (German); None -> ""."""
    if n is None:
        return ""
    if n < 1024:
        plain = QLocale(ui_locale())
        plain.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)  # "1000 B", as the core writes it
        return tr("{0} B", "bytes").format(plain.toString(n))
    value, i = n / 1024, 0
    while value >= 1024 and i < len(_UNITS) - 1:
        value, i = value / 1024, i + 1
    return f"{decimal(value)} {_UNITS[i]}"


def age(seconds: float | None, *, ago: bool = False) -> str:
    """An age in the largest fitting unit, as the core's human_age picks it ("3 d", "5 h", "12 min", "45 s"
    in English), in the user's language with its plural forms ("3 Tage"; ``ago``: the form that follows
    "... ago", German "vor 3 Tagen"); None -> ""."""
    if seconds is None:
        return ""
    if seconds >= 86400 * 2:
        n = round(seconds / 86400)
        return tr("%n d", "time ago", n) if ago else tr("%n d", "age", n)
    if seconds >= 3600 * 2:
        n = round(seconds / 3600)
        return tr("%n h", "time ago", n) if ago else tr("%n h", "age", n)
    if seconds >= 120:
        n = round(seconds / 60)
        return tr("%n min", "time ago", n) if ago else tr("%n min", "age", n)
    n = round(max(seconds, 0))
    return tr("%n s", "time ago", n) if ago else tr("%n s", "age", n)


def severities(counts: Mapping[Severity, int]) -> str:
    """"2 critical, 1 warning, 0 info" in the user's language, each count a plural message (so a
    translation gives every number its own form; English reads right without a catalog: the
    singular and plural are two messages where English differs)."""
    crit, warn, info = counts.get("critical", 0), counts.get("warning", 0), counts.get("info", 0)
    warnings = tr("%Ln warning", "severity count", warn) if warn == 1 else tr("%Ln warnings", "severity count", warn)
    return ", ".join((tr("%Ln critical", "severity count", crit), warnings, tr("%Ln info", "severity count", info)))


def percent(value: int) -> str:
    """42 -> "42%" (English), "42 %" (German: the catalog writes the pattern)."""
    return tr("{0}%", "percentage").format(count(value))


def _pattern(locale: QLocale, seconds: bool) -> str:
    return _pattern_of(locale.name(), seconds)


@functools.cache
def _pattern_of(name: str, seconds: bool) -> str:
    locale = QLocale(name)
    if _english(locale):
        return _ISO[seconds]
    date = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in date:  # a four-digit year: "07.12.26" reads as a day in 1926 or 2026
        date = date.replace("yy", "yyyy")
    clock = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and ":ss" not in clock:
        clock = clock.replace(":mm", ":mm:ss")
    return f"{date} {clock}"


def _local(when: datetime | float) -> datetime:
    return datetime.fromtimestamp(when).astimezone() if isinstance(when, int | float) else when.astimezone()


def _wall_clock(local: datetime) -> QDateTime:
    """The local date and time as they read (already in local time: spelled as UTC, which is 25x faster to
    build than a local QDateTime, and the patterns name no zone)."""
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second),
                     QTimeZone.utc())


def date_time(when: datetime | float | None, *, seconds: bool = False, zone: bool = False) -> str:
    """A moment in local time: "2026-12-07 14:05" (English), "07.12.2026 14:05" (German); None -> "".

    ``when`` is an aware datetime or a Unix time; ``zone`` adds the local zone's abbreviation."""
    if when is None or when == 0:
        return ""
    local = _local(when)
    locale = ui_locale()
    text = locale.toString(_wall_clock(local), _pattern(locale, seconds))
    return f"{text} {local.strftime('%Z')}".strip() if zone else text


def time_of_day(when: datetime | float) -> str:
    """The hour and minute in local time: "14:05" (English, as before), the language's own clock else."""
    locale = ui_locale()
    pattern = "HH:mm" if _english(locale) else locale.timeFormat(QLocale.FormatType.ShortFormat)
    return locale.toString(_wall_clock(_local(when)), pattern)
