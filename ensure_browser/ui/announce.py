"""Telling a screen reader about a state change the user did not ask to focus on.

A transfer that finished or failed, an error in the banner, a scan's result: a sighted user sees the
text change somewhere on the screen; a screen reader user hears nothing unless the app announces it.
:func:`announce` sends Qt's announcement event (``QAccessibleAnnouncementEvent``, Qt 6.8+), which the
AT-SPI bridge forwards as ``object:announcement`` (Orca speaks it); assertive for errors, polite
otherwise. :func:`set_status` sets a status label's text and announces it in one step.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel

log = logging.getLogger(__name__)


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Have assistive technology speak ``text``, on behalf of the widget ``source``."""
    text = " ".join(text.split())
    if not text:
        return
    event = QAccessibleAnnouncementEvent(source, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)
    log.debug("announced %r", text)


def set_status(label: QLabel, text: str, *, assertive: bool = False) -> None:
    """Show ``text`` in ``label`` and announce it: the result of something that ran in the background."""
    label.setText(text)
    announce(label, text, assertive=assertive)
