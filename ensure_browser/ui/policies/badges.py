"""Public badges in the trees: after a level loads, objects (and folders) that the cached live policy
lets anyone download get a Kind suffix, a tooltip line, a details-pane row and, when they have no
icon, a globe icon."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from ensure_browser.core.policies.check import is_public
from ensure_browser.core.policies.engine import Policy
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node

BADGE = "policy_badge"  # node.extra: the _Badge (not a str, so the details pane does not list it)
PUBLIC_ACCESS = "public_access"  # node.extra: the sentence the details pane shows as "Public access"


def globe_icon(size: int = 16) -> QIcon:
    """A small globe: the "anyone on the internet" badge."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#1565c0"))
    pen.setWidthF(max(1.0, size / 14))
    painter.setPen(pen)
    painter.setBrush(QColor("#e3f2fd"))
    rect = QRectF(1, 1, size - 2, size - 2)
    painter.drawEllipse(rect)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(size * 0.32, 1, size * 0.36, size - 2))
    painter.drawLine(QPointF(1, size / 2), QPointF(size - 1, size / 2))
    painter.end()
    return QIcon(pixmap)



@dataclass
class _Badge:
    kind_label: str  # the label before the badge
    tooltip: str  # the tooltip before the badge
    icon: QIcon | None  # the icon the badge set (None: the node kept its own)


def public_sentence(node: Node) -> str:
    if node.is_container:
        return tr("Anyone can download objects here without signing in (bucket policy).")
    return tr("Anyone can download this without signing in (bucket policy).")



class PublicBadges(QObject):
    """Marks anonymously readable nodes after each level loads, from the cached live policy."""

    def __init__(self, cache: PolicyCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self._models: list[LazyTreeModel] = []
        self._icon: QIcon | None = None
        cache.changed.connect(self._policy_changed)

    def attach(self, model: LazyTreeModel) -> None:
        """Badge ``model``'s levels as they load (and those already loaded)."""
        self._models = [m for m in self._models if shiboken6.isValid(m)]
        self._models.append(model)
        model.loadFinished.connect(self._level_loaded)
        for node in list(model.iter_nodes()):
            if node.is_container and node.state is LoadState.LOADED:
                self._level_loaded(node, model)

    def retain(self, models: list[LazyTreeModel]) -> None:
        """Forget models other than ``models`` (a window drops its trees when it connects again)."""
        self._models = [m for m in self._models if shiboken6.isValid(m) and any(m is k for k in models)]

    def _level_loaded(self, node: Node, model: LazyTreeModel | None = None) -> None:
        model = model or self.sender()  # type: ignore[assignment]
        if not isinstance(model, LazyTreeModel) or node.bucket is None:
            return
        entry = self.cache.ensure(node.bucket)
        if entry is not None:  # otherwise _policy_changed badges every loaded level of the bucket
            for child in node.children:
                self.update(model, child, entry.policy)

    def _policy_changed(self, bucket: str) -> None:
        entry = self.cache.get(bucket)
        policy = entry.policy if entry is not None else None
        for model in [m for m in self._models if shiboken6.isValid(m)]:
            for node in list(model.iter_nodes()):
                if node.bucket == bucket:
                    self.update(model, node, policy)

    def update(self, model: LazyTreeModel, node: Node, policy: Policy | None) -> None:
        badge = node.extra.get(BADGE)
        public = node.bucket is not None and node.key is not None and is_public(
            policy, node.bucket, node.key, folder=node.is_container)
        if public and not isinstance(badge, _Badge):
            self._add(node)
        elif not public and isinstance(badge, _Badge):
            self._remove(node, badge)
        else:
            return
        model.node_changed(node)

    def _add(self, node: Node) -> None:
        if self._icon is None:
            self._icon = globe_icon()
        sentence = public_sentence(node)
        badge = _Badge(node.kind_label, node.tooltip, None)
        if node.icon is None:
            node.icon = badge.icon = self._icon
        extras = node.extras()
        extras[BADGE] = badge
        extras[PUBLIC_ACCESS] = sentence
        node.kind_label = tr("{0} · public").format(node.kind_label or node.kind)
        node.tooltip = f"{node.tooltip}\n🌐 {sentence}" if node.tooltip else f"🌐 {sentence}"

    @staticmethod
    def _remove(node: Node, badge: _Badge) -> None:
        node.forget(BADGE, PUBLIC_ACCESS)
        node.kind_label = badge.kind_label
        node.tooltip = badge.tooltip
        if badge.icon is not None and node.icon is badge.icon:
            node.icon = None

