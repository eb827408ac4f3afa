"""How long rejecting each hostile exercise file takes, against loading a good one.

Every file in ``tests/data/bad`` (syntax errors, an alias bomb, a 3 MB file, deep nesting,
binary noise, ...) is loaded in this process with ``load_file`` (which must reject it) and
timed, alternating with loading the bundled ``body-scan.yaml`` (the largest good file) so
machine noise hits both alike. Each figure is the median of --runs loads.

Target (issue: foundation): every bad file rejected in well under a second; reported here as
the slowest bad file in milliseconds and as a ratio to the good file.
Run: python benchmarks/bench_bad_files.py [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numbtui.loader import ExerciseFileError, load_file
from numbtui.paths import bundled_exercises_dir

BAD = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad"


def _time_load(path: Path, *, bad: bool) -> float:
    started = time.perf_counter()
    try:
        load_file(path)
    except ExerciseFileError:
        if not bad:
            raise
    else:
        if bad:
            raise SystemExit(f"{path} was accepted")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    good = bundled_exercises_dir() / "body-scan.yaml"
    results: list[tuple[float, float, str]] = []
    for path in sorted(BAD.iterdir()):
        bad_times, good_times = [], []
        for _ in range(args.runs):
            bad_times.append(_time_load(path, bad=True))
            good_times.append(_time_load(good, bad=False))
        results.append((statistics.median(bad_times), statistics.median(good_times), path.name))
    results.sort(reverse=True)
    print(f"{len(results)} bad files, median of {args.runs} loads each; the five slowest:")
    for bad_s, good_s, name in results[:5]:
        print(f"  {name:28} {bad_s * 1000:7.2f} ms   good file {good_s * 1000:6.2f} ms")
    bad_s, good_s, name = results[0]
    print(
        f"slowest bad file: {bad_s * 1000:.1f} ms ({name}), "
        f"{bad_s / good_s:.2f}x loading body-scan.yaml (target: well under 1000 ms)"
    )


if __name__ == "__main__":
    main()
