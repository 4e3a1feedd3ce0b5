"""The table printer (terminal and markdown) and the JSON results."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness import Row

NOTE = "\0note"  # marks a note line under a metric (not part of the column widths)
HEADER = ("Figure", "Metric", "Project", "Peer", "Peer value", "Ratio", "Target", "Result")


def fmt(value: float, unit: str) -> str:
    if math.isnan(value):
        return "n/a"
    if unit in ("rows/s", "keys/s", "files/s") or abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"


def table_rows(rows: Sequence[Row]) -> list[tuple[str, ...]]:
    """One line per (metric, peer); targets on the line of the peer they compare with."""
    out: list[tuple[str, ...]] = []
    for row in rows:
        peers = list(row.peers) or [""]
        absolute = [t for t in row.targets if t.peer is None]
        for i, peer in enumerate(peers):
            targets = [t for t in row.targets if t.peer == peer and peer] + (absolute if i == 0 else [])
            target_text = "; ".join(t.describe(row.unit, row.better) for t in targets)
            results = []
            for t in targets:
                met, margin = row.check(t)
                results.append(f"{'met' if met else 'MISSED'} ({margin})")
            project = fmt(row.project_median, row.unit) if i == 0 else ""
            metric = row.metric if i == 0 else ""
            figure = row.figure if i == 0 else ""
            if peer:
                peer_value = fmt(row.peer_median(peer), row.unit)
                ratio = f"{row.ratio(peer):.2f}x"
            else:
                peer_value = ratio = ""
            out.append((figure, metric, project, peer, peer_value, ratio, target_text, "; ".join(results)))
        if row.note:
            out.append((NOTE, f"({row.note})", "", "", "", "", "", ""))
    return out


def text_table(rows: Sequence[Row]) -> str:
    lines = [HEADER, *table_rows(rows)]
    widths = [max(len(line[c]) for line in lines if line[0] != NOTE) for c in range(len(HEADER))]
    right = {2, 4, 5}

    def render(line: tuple[str, ...]) -> str:
        if line[0] == NOTE:
            return " " * (widths[0] + 4) + line[1]
        cells = [cell.rjust(w) if c in right else cell.ljust(w) for c, (cell, w) in enumerate(zip(line, widths,
                                                                                                  strict=True))]
        return "  ".join(cells).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([render(HEADER), sep, *(render(line) for line in lines[1:])])


def markdown_table(rows: Sequence[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---:" if c in (2, 4, 5) else "---"
                                                           for c in range(len(HEADER))) + "|"]
    for line in table_rows(rows):
        cells = ("", f"*{line[1][1:-1]}*", *line[2:]) if line[0] == NOTE else line
        lines.append("| " + " | ".join(esc(cell) for cell in cells) + " |")
    return "\n".join(lines)


def missed(rows: Sequence[Row]) -> list[str]:
    out = []
    for row in rows:
        for t in row.targets:
            met, margin = row.check(t)
            if not met:
                out.append(f"{row.figure}: {row.metric}: {t.describe(row.unit, row.better)} missed ({margin})")
    return out


def write_json(path: Path, rows: Sequence[Row], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": "ensure-browser-bench", "version": 1, **meta, "rows": [r.to_json() for r in rows],
            "missed": missed(rows)}
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
