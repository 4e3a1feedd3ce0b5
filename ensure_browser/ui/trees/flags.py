"""How flags show on a row of the domain trees: its icon by kind with a badge of the worst severity
over it, and a count of its problems in its tooltip (the model lists the flags themselves below).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.core.severity import count, rank, worst
from ensure_browser.ui.theme import current as current_theme
from ensure_browser.ui.trees.tree_model import Node


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation, n)


def severity_text(severity: str) -> str:
    texts: dict[str, str] = {"critical": tr("critical"), "warning": tr("warning"), "info": tr("note")}
    return texts.get(severity, severity)


def worst_severity(flags: Iterable[Any]) -> str | None:
    """The most serious severity among ``flags`` (a flag without one counts as a warning)."""
    return worst(str(getattr(f, "severity", "warning")) for f in flags)


# -- icons ------------------------------------------------------------------------------------------------

_VIDEO_KINDS = frozenset({"meeting_raw", "meeting_chunk", "exam_recording"})
_AUDIO_KINDS = frozenset({"meeting_audio"})
_IMAGE_KINDS = frozenset({"thumbnail", "ocr_page_image"})
_BADGES = {
    "critical": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ICON_SIZES = (16, 20, 24, 32, 48)


class Icons:
    """Standard style icons per kind of row, and the same with a severity badge (cached)."""

    def __init__(self, badge_cache: int = 2000) -> None:
        self._kinds: dict[str, QIcon] = {}
        self._theme = current_theme()
        self._badged: OrderedDict[tuple[int, str], QIcon] = OrderedDict()
        self._cap = badge_cache

    def _standard(self, which: QStyle.StandardPixmap) -> QIcon:
        return QApplication.style().standardIcon(which)

    def _follow_theme(self) -> None:
        """Icons made for another theme are dropped (its pictograms were drawn for its palette)."""
        if self._theme is not current_theme():
            self._theme = current_theme()
            self._kinds.clear()
            self._badged.clear()

    def for_node(self, d: DomainNode) -> QIcon:
        self._follow_theme()
        if not d.recognized:
            name, which = "unrecognized", QStyle.StandardPixmap.SP_MessageBoxQuestion
        elif d.kind == "section":
            name, which = "section", QStyle.StandardPixmap.SP_DriveNetIcon
        elif d.is_container:
            name, which = "dir", QStyle.StandardPixmap.SP_DirIcon
        elif d.kind in _VIDEO_KINDS:
            name, which = "video", QStyle.StandardPixmap.SP_MediaPlay
        elif d.kind in _AUDIO_KINDS:
            name, which = "audio", QStyle.StandardPixmap.SP_MediaVolume
        elif d.kind in _IMAGE_KINDS:
            name, which = "image", QStyle.StandardPixmap.SP_FileDialogContentsView
        else:
            name, which = "file", QStyle.StandardPixmap.SP_FileIcon
        icon = self._kinds.get(name)
        if icon is None:
            icon = self._kinds[name] = self._standard(which)
        return icon

    def badged(self, base: QIcon | None, severity: str) -> QIcon:
        """``base`` with the ``severity`` icon painted over its lower right quarter."""
        self._follow_theme()
        base_key = base.cacheKey() if base is not None else 0
        cached = self._badged.get((base_key, severity))
        if cached is not None:
            self._badged.move_to_end((base_key, severity))
            return cached
        badge = self._standard(_BADGES.get(severity, _BADGES["warning"]))
        icon = QIcon()
        for size in _ICON_SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            if base is not None and not base.isNull():
                base.paint(painter, QRect(0, 0, size, size))
            side = max(10, size * 3 // 4)
            rect = QRect(size - side, size - side, side, side)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 210))  # a halo, so the badge reads on any icon
            painter.drawEllipse(rect)
            badge.paint(painter, rect.adjusted(1, 1, -1, -1))
            painter.end()
            icon.addPixmap(pixmap)
        self._badged[(base_key, severity)] = icon
        while len(self._badged) > self._cap:
            self._badged.popitem(last=False)
        return icon


_icons: Icons | None = None


def icons() -> Icons:
    global _icons
    if _icons is None:
        _icons = Icons()
    return _icons


# -- flags on a row ---------------------------------------------------------------------------------------


def replace_flags(node: Node, codes: Iterable[str], new: Iterable[Any]) -> bool:
    """Replace ``node``'s flags of ``codes`` with ``new``; True (and the tooltip redone) if changed."""
    if not node.flags:  # the common case: a fresh row
        node.flags = list(new)
        if not node.flags:
            return False
        update_tooltip(node)
        return True
    codes = set(codes)
    kept = [f for f in node.flags if getattr(f, "code", None) not in codes]
    flags = kept + list(new)
    flags.sort(key=lambda f: (rank(str(getattr(f, "severity", "warning"))), getattr(f, "message", "")))
    if flags == node.flags:
        return False
    node.flags = flags
    update_tooltip(node)
    return True


_count_lines: dict[tuple[str, ...], str] = {}


def _count_line(flags: Iterable[Any]) -> str:
    """"2 problem(s) found (1 critical, 1 warning)" (cached by the severities)."""
    signature = tuple(sorted((str(getattr(f, "severity", "warning")) for f in flags), key=rank))
    line = _count_lines.get(signature)
    if line is None:
        detail = ", ".join(f"{n} {severity_text(sev)}" for sev, n in count(signature).items() if n)
        line = _count_lines[signature] = tr("%n problem(s) found", None, len(signature)) + f" ({detail})"
    return line


def update_tooltip(node: Node) -> None:
    """Rebuild the row's own tooltip lines: what it is, then how many problems it has (the model
    lists the flags themselves below)."""
    lines: list[str] = []
    d = node.payload
    if isinstance(d, DomainNode) and not d.recognized:
        lines.append(tr("Not part of the storage schema; shown as stored."))
    info = node.extra.get("info_lines")
    if info:
        lines.extend(info)
    if node.flags:
        lines.append(_count_line(node.flags))
    node.tooltip = "\n".join(lines)
