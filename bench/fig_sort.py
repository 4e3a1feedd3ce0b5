"""Figure: sort a level of N rows (the listing figure's prefix of 100,000 objects) by another column.

* project: the raw tree (LazyTreeModel + RawSource) in a TreePanel, the level loaded; a click on a
  column's header (``TreePanel.sort_by``) re-orders the level. Time from the click until the model
  holds the level in the new order (its keys and order worked out in a worker, the permutation
  applied on the GUI thread), and the worst GUI event-loop stall meanwhile (10 ms heartbeat). Each
  round sorts by size (descending: a scattered permutation) and back by name.
* peer: a ``QSortFilterProxyModel`` over the same loaded model, sorting the same level by the same
  column (the usual Qt way, all on the GUI thread: its time is its stall).

Runs are interleaved; medians are reported.
"""

from __future__ import annotations

import gc
import time

from bench.fig_listing import listing_panel, seed
from bench.gui import Heartbeat, dispose, drain_workers, idle_stall, qt_app, spin_for, spin_until
from bench.harness import BENCH_BUCKET, Context, Row, Target, settle

FIGURE = "sort"
TIMEOUT = 600.0


class Level:
    """The level loaded once in a model and panel, sorted again and again."""

    def __init__(self, ctx: Context) -> None:
        from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, RawSource

        self.loaded = LoadState.LOADED
        self.model = LazyTreeModel(RawSource(ctx.storage, [BENCH_BUCKET]))
        self.panel, node = listing_panel(ctx, self.model)
        self.node = node
        self.panel.select_node(node)
        if not spin_until(lambda: node.state is self.loaded, TIMEOUT):
            raise RuntimeError("the level did not load")
        self.panel.select_node(node.children[len(node.children) // 2])  # a selection to carry along
        spin_for(0.3)

    def sort(self, column: int, descending: bool, heartbeat: Heartbeat) -> tuple[float, float]:
        """(seconds until the level is in the new order, worst stall in ms)."""
        from ensure_browser.ui.trees.sorting import SortSpec

        sorter, spec = self.model.sorter, SortSpec(column, descending)
        heartbeat.start()
        t0 = time.perf_counter()
        self.panel.sort_by(column, descending)
        if not spin_until(lambda: sorter.spec == spec and sorter.running == 0, TIMEOUT, poll_ms=5):
            raise RuntimeError(f"the level was not sorted by {spec} in {TIMEOUT:.0f} s")
        took = time.perf_counter() - t0
        spin_for(0.2)  # the relayout and paint after the new order count too
        return took, heartbeat.stop()

    def proxy_sort(self, column: int, descending: bool) -> float:
        """Seconds a QSortFilterProxyModel over the same model takes to sort the level (GUI thread)."""
        from PySide6.QtCore import QCoreApplication, QEvent, QSortFilterProxyModel, Qt

        proxy = QSortFilterProxyModel()
        proxy.setSortRole(self.model.SortRole)
        proxy.setSourceModel(self.model)
        proxy.setDynamicSortFilter(False)
        t0 = time.perf_counter()
        proxy.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        level = proxy.mapFromSource(self.model.index_of(self.node))
        rows = proxy.rowCount(level)  # the level's mapping (and its sort) is made here
        first = proxy.index(0, 0, level).data()
        took = time.perf_counter() - t0
        if rows != len(self.node.children) or not first:
            raise RuntimeError(f"the proxy shows {rows} rows")
        proxy.setSourceModel(None)
        proxy.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # not during the next sort
        return took

    def close(self) -> None:
        self.model.cancel_all()
        self.panel.set_model(None)
        dispose(self.panel)
        del self.model, self.node
        gc.collect()


def run(ctx: Context) -> list[Row]:
    sizes = ctx.sizes
    n = sizes.list_objects
    seed(ctx)
    qt_app()
    idle = idle_stall()
    settle()
    level = Level(ctx)
    heartbeat = Heartbeat()
    times: list[float] = []
    stalls: list[float] = []
    proxy: list[float] = []
    for rnd in range(sizes.list_repeats):
        for column, descending in ((2, True), (0, False)):  # size, newest order; back to the names
            settle()
            took, stall = level.sort(column, descending, heartbeat)
            times.append(took)
            stalls.append(stall)
            settle()
            proxy.append(level.proxy_sort(column, descending))
            ctx.log(f"  round {rnd + 1}: sort {n:,} rows by column {column}{' desc' if descending else ''}: "
                    f"{took:.2f} s, stall {stall:.0f} ms; QSortFilterProxyModel {proxy[-1]:.2f} s")
    level.close()
    drain_workers()
    return [
        Row(FIGURE, f"sort {n:,} rows: time until in order", "s", "lower", times,
            {"QSortFilterProxyModel": proxy},
            note="by size (descending) and back by name, each round; the peer sorts on the GUI thread"),
        Row(FIGURE, f"sort {n:,} rows: worst GUI stall", "ms", "lower", stalls,
            {"QSortFilterProxyModel": [p * 1000 for p in proxy]}, [Target(50.0)],
            note=f"the peer's stall is its whole sort; an idle event loop stalls up to {idle:.0f} ms on this "
                 f"machine now"),
    ]
