"""A visible focus: a ring in the palette's highlight colour around the widget that has the keyboard.

Qt's Fusion style marks the current row of a list, but a selected row looks the same whether its list
has the focus or not, and a text field's focus is a thin line: a keyboard user loses track of where the
keys go. :class:`FocusRing` draws a 2-pixel frame around the focus widget of any
window of the app, on top of it and transparent to the mouse. It follows the focus, the widget's
moves and resizes, and the palette (light, dark, high contrast).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QMenu, QWidget

WIDTH = 2


class FocusRing(QWidget):
    """The ring of one window, around its focus widget (see the module docstring)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def follow(self, widget: QWidget | None) -> None:
        if self.target is not None:
            with contextlib.suppress(RuntimeError):  # deleted
                self.target.removeEventFilter(self)
        self.target = widget
        if widget is not None:
            widget.installEventFilter(self)
        self.place()

    def place(self) -> None:
        target, parent = self.target, self.parentWidget()
        if target is None or parent is None or not target.isVisible():
            self.hide()
            return
        w = WIDTH
        top_left = target.mapTo(parent, target.rect().topLeft())
        self.setGeometry(QRect(top_left, target.size()).adjusted(-w, -w, w, w))
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                                                       QEvent.Type.Hide):
            self.place()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        target = self.target
        palette = target.palette() if target is not None else self.palette()
        painter = QPainter(self)
        painter.setPen(QPen(QColor(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)), WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(inset, inset, -inset, -inset))
        painter.end()


class FocusRings(QObject):
    """One :class:`FocusRing` per window of the app, made when a widget in it first takes the focus."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rings: dict[int, FocusRing] = {}
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, QApplication.focusWidget())

    def ring_of(self, window: QWidget) -> FocusRing:
        key = id(window)
        ring = self.rings.get(key)
        if ring is None:
            ring = self.rings[key] = FocusRing(window)
            ring.destroyed.connect(lambda _obj=None, k=key: self.rings.pop(k, None))
        return ring

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        shown = None
        if now is not None and not isinstance(now, QMenu) and now.window() is not now:
            shown = self.ring_of(now.window())
            shown.follow(now)
        for ring in list(self.rings.values()):
            if ring is not shown:
                ring.follow(None)
