"""Run the benchmarks against peers, side by side in one run, on one SeaweedFS server on loopback.

    python -m bench.run [--quick] [--only listing,upload,...] [--json PATH] [--markdown PATH]

Prints one line per metric and peer: the project's median, the peer's median from the same run,
the ratio (>1: the project is better) and each target as met or missed with its margin; writes
everything (every repeat, the machine, tool versions) as JSON. Exit status 1 when a figure failed
to run (a missed target is a result, not a failure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.harness import Context, Row, Sizes, machine_info, open_context, tool_versions
from bench.report import markdown_table, missed, text_table, write_json

ROOT = Path(__file__).resolve().parent
DEFAULT_JSON = ROOT / "results" / "latest.json"
DEFAULT_MARKDOWN = ROOT / "results" / "latest.md"


# figure -> (module, function); modules are imported when their figure runs
FIGURES: dict[str, tuple[str, str]] = {
    "listing": ("bench.fig_listing", "run"),
    "upload": ("bench.fig_transfers", "run_upload"),
    "download": ("bench.fig_transfers", "run_download"),
    "preview": ("bench.fig_preview", "run"),
    "startup": ("bench.fig_startup", "run"),
    "scan": ("bench.fig_scan", "run"),
    "sort": ("bench.fig_sort", "run"),
    "search": ("bench.fig_search", "run"),
    "cli": ("bench.fig_cli", "run"),
    "ab": ("bench.fig_ab", "run"),  # #23: obstore / opendal / minio-py / rclone on the same work
    "layers": ("bench.fig_layers", "run"),  # #23: small downloads, the engine against its library and rclone
}


# figures run only when named with --only (an A/B for a decision, not a figure of the app)
ON_REQUEST = {"ab", "layers"}


def figure(name: str) -> Callable[[Context], list[Row]]:
    module, function = FIGURES[name]
    fn: Callable[[Context], list[Row]] = getattr(importlib.import_module(module), function)
    return fn


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about 3 minutes)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these figures (comma-separated or repeated): "
                             "listing, upload, download, preview, startup, scan, sort, search, cli, ab, layers")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})")
    parser.add_argument("--markdown", type=Path, default=DEFAULT_MARKDOWN,
                        help=f"markdown table with date and machine (default {DEFAULT_MARKDOWN})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="keep the server's data here and reuse the seeded objects next time "
                             "(default: a temporary directory, removed at the end)")
    return parser.parse_args(argv)


def markdown_report(rows: list[Row], meta: dict[str, object], failed: list[str]) -> str:
    machine = meta["machine"]
    assert isinstance(machine, dict)
    versions = meta["versions"]
    assert isinstance(versions, dict)
    lines = [
        f"Measured {meta['date']} with `{meta['command']}` ({meta['mode']} sizes, {meta['seconds']:.0f} s).",
        "",
        f"Machine: {machine['cores']} cores, {machine['memory_gib']} GiB memory, {machine['cpu']} "
        f"({machine['cpu_mhz']} MHz); "
        f"Linux {machine['kernel']}, Python {machine['python']}; load average at the start "
        f"{machine['load_average']} and at the end {meta['load_average_end']}.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "",
        "Ratio: how many times better the project is than the peer (project/peer for rates, "
        "peer/project for times and sizes); medians over the repeats. Result: for a ratio target, how far "
        "the ratio is above (+) or below (-) the target ratio; for a limit, the distance to it.",
        "",
        markdown_table(rows),
    ]
    misses = missed(rows)
    lines += ["", "Targets missed:" if misses else "Every target was met."]
    lines += [f"- {m}" for m in misses]
    if failed:
        lines += ["", "Figures that failed to run: " + ", ".join(failed)]
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def write_markdown(path: Path, table: str) -> None:
    """Write the table; in a file that has the markers, replace only what is between them (the prose
    around them, e.g. the analysis in bench/RESULTS.md, stays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = f"{head}{BEGIN}\n{table}{END}{tail}"
    else:
        text = f"{BEGIN}\n{table}{END}\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    figures = FIGURES
    wanted = [name.strip() for item in args.only for name in item.split(",") if name.strip()] or [
        f for f in figures if f not in ON_REQUEST]
    unknown = [w for w in wanted if w not in figures]
    if unknown:
        say(f"unknown figure(s): {', '.join(unknown)}; choose from {', '.join(figures)}")
        return 2
    sizes = Sizes.quick() if args.quick else Sizes()
    started = time.perf_counter()
    machine = machine_info()
    say(f"bench: {'quick' if args.quick else 'full'} sizes; {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['cpu']}; load average {machine['load_average']}")
    rows: list[Row] = []
    failed: list[str] = []
    with open_context(sizes, args.data_dir, say) as ctx:
        if ctx.rclone is None:
            say("bench: rclone is not installed; its columns are left out (make bench installs it)")
        for name in wanted:
            say(f"== {name}")
            t0 = time.perf_counter()
            try:
                got = figure(name)(ctx)
            except Exception:
                failed.append(name)
                say(f"bench: the {name} figure failed:\n{traceback.format_exc()}")
                continue
            rows += got
            say(f"   {name} took {time.perf_counter() - t0:.0f} s")
    seconds = time.perf_counter() - started
    meta: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "make bench-quick" if args.quick else "make bench",
        "mode": "quick" if args.quick else "full",
        "seconds": seconds,
        "sizes": sizes.__dict__,
        "machine": machine,
        "load_average_end": [round(x, 2) for x in __import__("os").getloadavg()],
        "versions": tool_versions(),
        "figures": wanted,
        "failed": failed,
    }
    print()
    print(text_table(rows))
    misses = missed(rows)
    print()
    print("Targets missed:" if misses else "Every target was met.")
    for m in misses:
        print(f"  - {m}")
    if failed:
        print(f"Figures that failed to run: {', '.join(failed)}")
    print(f"\n{seconds:.0f} s in all; load average at the end {meta['load_average_end']}")
    write_json(args.json, rows, meta)
    write_markdown(args.markdown, markdown_report(rows, meta, failed))
    say(f"bench: wrote {args.json} and {args.markdown}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
