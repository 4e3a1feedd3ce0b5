"""A/B of two checkouts' storage layers on small files (#23 step 5: the header parser of the deleted
``core/s3/httpconn.py`` against http.client's own).

    python -m bench.pool_ab OTHER_CHECKOUT [--rounds 7] [--files 500]

One SeaweedFS on loopback; then, alternating between this checkout and ``OTHER_CHECKOUT`` in fresh
interpreters (each its own ``PYTHONPATH``), each round PUTs ``--files`` files of 64 KiB, HEADs them
and GETs them back (``Storage.upload_bytes`` / ``stat`` / ``download_file``, 4 at a time). Prints
per checkout and phase the median wall time and the median CPU time of the process (all threads:
the GIL time a header parser costs) per 1,000 files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from tests.support.servers import running_server

HERE = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from ensure_browser.core.s3.storage import ConnectionSettings, Storage

endpoint, access, secret, bucket, files = sys.argv[1:6]
storage = Storage(ConnectionSettings(endpoint, access, secret))
if not storage.bucket_exists(bucket):
    storage.make_bucket(bucket)
keys = [f"f{i:05d}" for i in range(int(files))]
body = os.urandom(64 * 1024)
out = {}
with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(4) as pool:
    phases = {
        "put": lambda k: storage.upload_bytes(bucket, k, body),
        "head": lambda k: storage.stat(bucket, k),
        "get": lambda k: storage.download_file(bucket, k, os.path.join(tmp, k)),
    }
    for phase, fn in phases.items():
        wall, cpu = time.perf_counter(), time.process_time()
        list(pool.map(fn, keys))
        out[phase] = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    trees = {"this": HERE, "other": args.other.resolve()}
    results: dict[str, dict[str, list[tuple[float, float]]]] = {name: {} for name in trees}
    with running_server("ensure-bench-pool-ab-") as server:
        for round_no in range(args.rounds):
            order = list(trees) if round_no % 2 == 0 else list(reversed(trees))
            for name in order:
                env = {**os.environ, "PYTHONPATH": str(trees[name]), "PYTHONDONTWRITEBYTECODE": "1"}
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, server.endpoint, server.admin.access_key,
                     server.admin.secret_key, f"ab-{name}", str(args.files)],
                    env=env, cwd="/", capture_output=True, text=True, check=True)
                for phase, value in json.loads(done.stdout).items():
                    results[name].setdefault(phase, []).append(tuple(value))
            print(f"round {round_no + 1} done", file=sys.stderr)
    per = 1000 / args.files
    for name, phases in results.items():
        cells = []
        for phase, values in phases.items():
            wall = statistics.median(v[0] for v in values) * per
            cpu = statistics.median(v[1] for v in values) * per
            cells.append(f"{phase} {wall:.3f} s wall / {cpu:.3f} s CPU")
        print(f"{name:5} ({trees[name]}): " + "; ".join(cells) + " per 1,000 files")


if __name__ == "__main__":
    main()
