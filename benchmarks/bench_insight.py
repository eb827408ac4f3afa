"""What tends to change: reading it for 100,000 practices against 1,000, and against the
insight panel's existing per-exercise figures (``Store.stats``) on the same history.

``Store.rating_changes`` counts the changes per exercise in SQL and ``what_helps`` works on
those counts, so the answer stays small however long the history is; what grows is the scan
SQLite makes, as for ``stats``. Timings are in-process, alternating the two queries, median
of --runs (after one warm-up each).

Also ``Store.first_practice`` (where the minutes chart starts for all time), for every
practice and for one exercise, against ``stats``: it reads one end of an index.

Target: rating_changes + what_helps no slower than 2x stats on the same history.
Run: python benchmarks/bench_insight.py [--rows N] [--small N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_history import generate

from numbtui.helps import what_helps
from numbtui.store import Filters, Store


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(path: Path, runs: int) -> dict[str, float]:
    with Store.open(path) as store:
        calls: dict[str, Callable[[], object]] = {
            "stats": store.stats,
            "helps": lambda: what_helps(store.rating_changes()),
            # The minutes chart's start for all time: all practices, and one exercise's.
            "first": store.first_practice,
            "first_one": lambda: store.first_practice(Filters(exercise_id="name-it")),
        }
        for call in calls.values():
            call()
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(runs):
            for name, call in calls.items():
                times[name].append(timed(call))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for rows in (args.small, args.rows):
            path = Path(folder) / f"h{rows}.sqlite3"
            generate(path, rows)
            results[rows] = measure(path, args.runs)
    print(
        f"{'practices':>10} {'stats':>10} {'helps':>10} {'helps/stats':>12}"
        f" {'first':>10} {'one ex.':>10} {'first/stats':>12}"
    )
    for rows, result in results.items():
        ratio = result["helps"] / result["stats"]
        first = max(result["first"], result["first_one"]) / result["stats"]
        print(
            f"{rows:>10,} {result['stats']:>9.4f}s {result['helps']:>9.4f}s {ratio:>12.2f}"
            f" {result['first']:>9.5f}s {result['first_one']:>9.5f}s {first:>12.3f}"
        )
    scale = results[args.rows]["helps"] / results[args.small]["helps"]
    print(f"helps at {args.rows:,} / at {args.small:,}: {scale:.1f}")


if __name__ == "__main__":
    main()
