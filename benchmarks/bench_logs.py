"""Logs kept apart: what the `kind = 'practice'` clause costs the per-exercise figures, and
what counting the logs costs Insight, on a history of 100,000 practices and 2,000 logs.

Baselines in the same run, on the same file: ``Store.stats`` and ``Store.rating_changes``
against the very same SQL without the clause (what they were before logs existed), and
``Store.count`` of the logs (``practice_by_kind`` index) against a count of every record.
In-process, alternating, median of --runs after one warm-up each.

Target: each figure with the clause within 1.2x of the same without it.
Run: python benchmarks/bench_logs.py [--rows N] [--logs N] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_history import generate

from numbtui.rating import WORDS
from numbtui.record import LOG, Record
from numbtui.store import Filters, Store

STATS_WITHOUT_KIND = (
    "SELECT exercise_id, title, MAX(started_us), COUNT(*), TOTAL(practised_seconds), "
    "AVG(rating_after), AVG(rating_after - rating_before) FROM practice "
    "GROUP BY exercise_id ORDER BY COUNT(*) DESC, exercise_id"
)
CHANGES_WITHOUT_KIND = (
    "SELECT exercise_id, rating_after - rating_before AS change, COUNT(*), title, "
    "MAX(started_us) FROM practice GROUP BY exercise_id, change ORDER BY exercise_id, change"
)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def add_logs(path: Path, count: int) -> None:
    rng = random.Random(2)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    with Store.open(path) as store:
        store.import_records(
            Record.new_log(
                at=start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60)),
                value=rng.randrange(11),
                words=rng.sample(WORDS, rng.randrange(3)),
            )
            for _ in range(count)
        )


def measure(path: Path, runs: int) -> dict[str, float]:
    with Store.open(path) as store:
        conn = store._conn  # the same connection, so only the SQL differs
        calls: dict[str, Callable[[], object]] = {
            "stats": store.stats,
            "stats, no clause": lambda: conn.execute(STATS_WITHOUT_KIND).fetchall(),
            "changes": store.rating_changes,
            "changes, no clause": lambda: conn.execute(CHANGES_WITHOUT_KIND).fetchall(),
            "count logs": lambda: store.count(Filters(kind=LOG)),
            "count all": store.count,
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
    parser.add_argument("--logs", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        generate(path, args.rows)
        add_logs(path, args.logs)
        result = measure(path, args.runs)
    print(f"{args.rows:,} practices, {args.logs:,} logs, median of {args.runs}")
    for name, base in (
        ("stats", "stats, no clause"),
        ("changes", "changes, no clause"),
        ("count logs", "count all"),
    ):
        ratio = result[name] / result[base]
        print(
            f"{name:>12} {result[name] * 1000:8.2f} ms   {base:>20} "
            f"{result[base] * 1000:8.2f} ms   ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
