"""Peak memory of exporting 100,000 practices against exporting 1,000.

Each export runs in a fresh child process (``export(store, fmt, /dev/null, no filters)``, the
function behind ``numbtui history --format``) that reports its peak resident set size
(``ru_maxrss``); a second child reports the peak of Python allocations during the export
alone (``tracemalloc``, one run), which leaves out the interpreter and the imports; it levels off
at about 1.1 MB from 10,000 practices on (Python's free lists fill, then stay full), so its
ratio says little at these sizes. Medians of --runs.

Target (issue: history): peak RSS at 100,000 / at 1,000 <= 1.2 for json and csv.
Run: python benchmarks/bench_export.py [--rows N] [--small N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import PYTHON, child_env
from gen_history import generate

CHILD = """
import json, os, resource, sys, time, tracemalloc
from pathlib import Path
from numbtui.history_io import export
from numbtui.store import NO_FILTERS, Store

path, fmt, trace = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "trace"
with Store.open(path) as store, open(os.devnull, "w", encoding="utf-8") as out:
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    rows = export(store, fmt, out, NO_FILTERS)
    elapsed = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "seconds": elapsed, "rss_kb": peak_kb, "traced": traced}))
"""


def run_child(path: Path, fmt: str, *, trace: bool) -> dict[str, float]:
    result = subprocess.run(
        [PYTHON, "-c", CHILD, str(path), fmt, "trace" if trace else "plain"],
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        databases = {"small": root / "small.sqlite3", "large": root / "large.sqlite3"}
        generate(databases["small"], args.small)
        generate(databases["large"], args.rows)
        print(f"small: {args.small} rows, large: {args.rows} rows; median of {args.runs} runs")
        for fmt in ("json", "csv"):
            figures: dict[str, dict[str, list[float]]] = {}
            for name in databases:
                figures[name] = {"rss": [], "seconds": []}
            for _ in range(args.runs):
                for name, path in databases.items():  # alternate, so noise hits both alike
                    plain = run_child(path, fmt, trace=False)
                    figures[name]["rss"].append(plain["rss_kb"] / 1024)
                    figures[name]["seconds"].append(plain["seconds"])
            for name, path in databases.items():  # tracing is slow and its figure steady: once
                figures[name]["traced"] = [run_child(path, fmt, trace=True)["traced"] / 2**20]
            med = {
                name: {key: statistics.median(values) for key, values in by.items()}
                for name, by in figures.items()
            }
            small, large = med["small"], med["large"]
            print(
                f"{fmt:<5} peak RSS   small {small['rss']:6.1f} MB   large {large['rss']:6.1f} MB"
                f"   ratio {large['rss'] / small['rss']:.2f} (target <= 1.2)"
            )
            print(
                f"{fmt:<5} traced     small {small['traced']:6.2f} MB   "
                f"large {large['traced']:6.2f} MB   ratio {large['traced'] / small['traced']:.2f}"
            )
            print(
                f"{fmt:<5} time       small {small['seconds']:6.3f} s    "
                f"large {large['seconds']:6.3f} s    "
                f"({large['seconds'] / args.rows * 1e6:.1f} µs per practice)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
