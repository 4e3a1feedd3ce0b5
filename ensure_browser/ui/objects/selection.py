"""The rows an action works on: every selected row, or the one a context menu was opened on.

Every object action (download, delete, copy location, copy, move, share, rename) takes its rows
from :func:`selection_for`, so a multi-selection means the same to all of them.
"""

from __future__ import annotations

from ensure_browser.ui.host import Host
from ensure_browser.ui.trees.tree_model import Node


def selection_for(window: Host, node: Node | None = None) -> list[Node]:
    """All selected rows of the view last used, in the order shown (rows hidden by the filter are
    not included). With ``node`` (the row a context menu was opened on) outside the selection,
    only ``node``."""
    selected = window.tree_panel.selected_nodes()
    if node is not None and all(n is not node for n in selected):
        return [node]
    return selected
