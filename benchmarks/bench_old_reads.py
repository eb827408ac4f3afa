"""Reading an older history (schema 3) through its copy in memory, against reading the same
practices in a current one (schema 4): what opening only to read costs when the file is older.

Each measure runs in a fresh child process: ``Store.open_read_only`` then ``export`` as json to
/dev/null (what ``numbtui history --format json`` does), timed in the child, with its peak
resident set size (``ru_maxrss``); and the open alone (``open_read_only`` + ``count``, what the
history screen in a read-only folder and ``numbtui insight`` pay before their first figure).
Both files hold the same rows; the older one is the current one with the schema-4 columns and
index left out, stamped ``user_version = 3``. Alternating, median of --runs.

Target: export time within 1.5x and peak RSS within 1x + the file's size; the open alone is
the copy and its migration, reported in ms.
Run: python benchmarks/bench_old_reads.py [--rows N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import PYTHON, child_env
from gen_history import generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numbtui.store import APPLICATION_ID, MIGRATIONS

CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from numbtui.history_io import export
from numbtui.store import NO_FILTERS, Store

path, what = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
with Store.open_read_only(path) as store:
    if what == "export":
        with open(os.devnull, "w", encoding="utf-8") as out:
            rows = export(store, "json", out, NO_FILTERS)
    else:
        rows = store.count()
    copy = store.reads_a_copy
elapsed = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "seconds": elapsed, "rss_kb": peak_kb, "copy": copy}))
"""

_OLD_COLUMNS = (
    "id, started_us, ended_us, exercise_id, title, content_hash, planned_seconds, "
    "practised_seconds, finished, rating_before, rating_after, words, note"
)


def make_schema_3(current: Path, old: Path) -> None:
    """Write the practices of ``current`` into a new file at schema 3, as numbtui kept them
    before logs existed (every row here is a practice, so nothing is left out)."""
    conn = sqlite3.connect(old, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for migration in MIGRATIONS[:3]:
            migration(conn)
        conn.execute("ATTACH DATABASE ? AS current", (str(current),))
        conn.execute(
            f"INSERT INTO practice ({_OLD_COLUMNS}) SELECT {_OLD_COLUMNS} FROM current.practice"
        )
        conn.execute("PRAGMA user_version = 3")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE current")
    finally:
        conn.close()


def run_child(path: Path, what: str) -> dict[str, float]:
    result = subprocess.run(
        [PYTHON, "-c", CHILD, str(path), what],
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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {"current": root / "current.sqlite3", "schema 3": root / "old.sqlite3"}
        generate(files["current"], args.rows)
        make_schema_3(files["current"], files["schema 3"])
        size = files["schema 3"].stat().st_size / 2**20
        print(f"{args.rows} practices; schema-3 file {size:.1f} MB; median of {args.runs} runs")
        for what in ("export", "open"):
            figures: dict[str, dict[str, list[float]]] = {
                name: {"seconds": [], "rss": []} for name in files
            }
            for path in files.values():  # one warm-up each (disk cache, .pyc files)
                run_child(path, what)
            for _ in range(args.runs):
                for name, path in files.items():  # alternate, so noise hits both alike
                    result = run_child(path, what)
                    assert result["rows"] == args.rows
                    assert result["copy"] == (name == "schema 3")
                    figures[name]["seconds"].append(result["seconds"])
                    figures[name]["rss"].append(result["rss_kb"] / 1024)
            med = {
                name: {key: statistics.median(values) for key, values in by.items()}
                for name, by in figures.items()
            }
            new, old = med["current"], med["schema 3"]
            print(
                f"{what:<6} time  current {new['seconds'] * 1000:7.0f} ms   "
                f"schema 3 {old['seconds'] * 1000:7.0f} ms   "
                f"ratio {old['seconds'] / new['seconds']:.2f}"
            )
            print(
                f"{what:<6} RSS   current {new['rss']:7.1f} MB   schema 3 {old['rss']:7.1f} MB   "
                f"+{old['rss'] - new['rss']:.1f} MB"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
