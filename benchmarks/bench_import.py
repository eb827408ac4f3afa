"""Peak memory of ``numbtui import``: a JSON array against the same rows as JSON Lines, and
a JSON Lines file with one huge line against the same file without it.

Each import runs in a fresh child process (``import_file`` into a new history, the function
behind ``numbtui import``) that reports its peak resident set size (``VmHWM``). The files
are written once: ``rows.jsonl`` and ``rows.json`` with the same practices (about --mb MB
each), ``small.jsonl`` with --small practices, and ``huge-line.jsonl``, the same practices
with one line of --line-mb MB in the middle. Medians of --runs, alternating the files.

Targets (issue: the history never lies): array / JSON Lines <= 1.5;
huge line / without it <= 1.2 (the peak of a normal import whatever the line's size).
Run: python benchmarks/bench_import.py [--mb 200] [--line-mb 50] [--small N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from _common import PYTHON, child_env

CHILD = """
import json, sys, time
from pathlib import Path
from numbtui.history_io import import_file
from numbtui.store import Store

source, database = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
with Store.open(database) as store:
    report = import_file(store, source)
elapsed = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec,
# so it never reads below the benchmark's own size; VmHWM belongs to this program alone.
status = Path("/proc/self/status").read_text()
peak_kb = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
print(json.dumps({"rows": report.imported, "errors": len(report.errors), "seconds": elapsed,
                  "rss_kb": peak_kb}))
"""


def practice(number: int) -> dict[str, object]:
    """One exported practice, as ``numbtui history --format json`` writes it."""
    day, minute = divmod(number, 24 * 60)
    return {
        "id": str(uuid.UUID(int=number + 1)),
        "started": f"2024-{1 + day % 12:02d}-{1 + day % 28:02d}T{minute // 60:02d}:"
        f"{minute % 60:02d}:00+00:00",
        "ended": f"2024-{1 + day % 12:02d}-{1 + day % 28:02d}T{minute // 60:02d}:"
        f"{minute % 60:02d}:30+00:00",
        "exercise_id": "body-scan",
        "title": "Body scan",
        "content_hash": "0123456789abcdef",
        "planned_seconds": 600.0,
        "practised_seconds": 30.0,
        "finished": number % 3 != 0,
        "before": number % 11,
        "after": (number * 7) % 11,
        "words": ["warm", "tingling", "heavy"],
        "note": "my hands felt warm, and the breath came a little easier after a while",
    }


def write_files(root: Path, megabytes: int, small: int, line_mb: int) -> dict[str, Path]:
    files = {
        "jsonl": root / "rows.jsonl",
        "json": root / "rows.json",
        "small": root / "small.jsonl",
        "huge-line": root / "huge-line.jsonl",
    }
    target = megabytes * 2**20
    with files["jsonl"].open("w") as lines, files["json"].open("w") as array:
        array.write("[\n")
        number = written = 0
        while written < target:
            text = json.dumps(practice(number), ensure_ascii=False)
            lines.write(text + "\n")
            array.write((",\n  " if number else "  ") + text)
            written += len(text) + 1
            number += 1
        array.write("\n]\n")
    with files["small"].open("w") as plain, files["huge-line"].open("w") as huge:
        for index in range(small):
            text = json.dumps(practice(index)) + "\n"
            plain.write(text)
            huge.write(text)
            if index == small // 2:
                huge.write('{"note": "' + "x" * (line_mb * 2**20) + '"}\n')
    return files


def run_child(source: Path, root: Path) -> dict[str, float]:
    database = root / f"import-{uuid.uuid4().hex}.sqlite3"
    try:
        result = subprocess.run(
            [PYTHON, "-c", CHILD, str(source), str(database)],
            env=child_env(),
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        for leftover in root.glob(database.name + "*"):
            leftover.unlink()
    data: dict[str, float] = json.loads(result.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the array and JSONL files")
    parser.add_argument("--line-mb", type=int, default=50, help="size of the huge line")
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = write_files(root, args.mb, args.small, args.line_mb)
        figures: dict[str, dict[str, list[float]]] = {
            name: {"rss": [], "seconds": [], "rows": []} for name in files
        }
        for _ in range(args.runs):
            for name, path in files.items():  # alternate, so noise hits all alike
                result = run_child(path, root)
                figures[name]["rss"].append(result["rss_kb"] / 1024)
                figures[name]["seconds"].append(result["seconds"])
                figures[name]["rows"].append(result["rows"])
        med = {
            name: {key: statistics.median(values) for key, values in by.items()}
            for name, by in figures.items()
        }
        print(f"median of {args.runs} runs")
        for name, path in files.items():
            size = path.stat().st_size / 2**20
            print(
                f"{name:<10} {size:7.1f} MB file  {med[name]['rows']:8.0f} rows  "
                f"peak RSS {med[name]['rss']:7.1f} MB  {med[name]['seconds']:6.2f} s"
            )
        array_ratio = med["json"]["rss"] / med["jsonl"]["rss"]
        line_ratio = med["huge-line"]["rss"] / med["small"]["rss"]
        print(f"array / JSON Lines peak RSS: {array_ratio:.2f} (target <= 1.5)")
        print(f"{args.line_mb} MB line / without it peak RSS: {line_ratio:.2f} (target <= 1.2)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
