"""`numbtui list` against a minimal Textual app that starts and exits (same run, same machine).

The listing normally comes from the catalog cache; "no cache" shows the cost of parsing and
validating every file, as on the first run after a change.

Target (issue: foundation): the median of `numbtui list` is at most 0.35x the median of the
minimal Textual app. Run: python benchmarks/bench_cli_startup.py [--runs N]

"a saved length" is `numbtui list` with a default length saved for one exercise: the settings
are then read through PyYAML and pydantic and that exercise is fitted (numbtui.lengths), which
a list without saved lengths skips.

With ``--many N`` (issue 9: many exercises, cold) it measures instead a cold `numbtui list`
(no cache: every file parsed and validated) of N generated user files against a cold list of
the bundled exercises alone, in the same run. Target: at most 3x for N = 300.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _common import PYTHON, child_env, interleaved, median_ms
from gen_exercises import write_exercises

MINIMAL_TEXTUAL_APP = """
from textual.app import App

class Minimal(App[None]):
    def on_mount(self) -> None:
        self.exit()

Minimal().run(headless=True)
"""


def many(count: int, runs: int) -> None:
    """Cold `numbtui list` of ``count`` user files against one of the bundled ones alone."""
    with tempfile.TemporaryDirectory() as root:
        bundled_only, with_many = Path(root, "none"), Path(root, "many")
        (bundled_only / "exercises").mkdir(parents=True)
        write_exercises(with_many / "exercises", count)
        data = Path(root, "data")
        cold = ["env", "NUMBTUI_CACHE_DIR=/dev/null/none", PYTHON, "-m", "numbtui", "list"]
        times = interleaved(
            {
                "list cold, bundled only": ["env", f"NUMBTUI_CONFIG_DIR={bundled_only}", *cold],
                f"list cold, +{count} user": ["env", f"NUMBTUI_CONFIG_DIR={with_many}", *cold],
            },
            child_env(NUMBTUI_DATA_DIR=str(data)),
            runs,
        )
    base = statistics.median(times["list cold, bundled only"])
    for name, values in times.items():
        ratio = statistics.median(values) / base
        print(f"{name:<26} {median_ms(values):<22} {ratio:.2f}x")
    ratio = statistics.median(times[f"list cold, +{count} user"]) / base
    per_file = (statistics.median(times[f"list cold, +{count} user"]) - base) / count * 1000
    print(f"cold list of {count} user files / bundled only: {ratio:.2f} (target <= 3)")
    print(f"about {per_file:.2f} ms a file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--many", type=int, default=0, help="cold list of N user files")
    args = parser.parse_args()
    if args.many:
        many(args.many, args.runs)
        return
    with (
        tempfile.TemporaryDirectory() as config,
        tempfile.TemporaryDirectory() as data,
        tempfile.TemporaryDirectory() as saved,
    ):
        Path(saved, "settings.yaml").write_text("minutes:\n  breathing-4-4-4: 0.2\n")
        env = child_env(NUMBTUI_CONFIG_DIR=config, NUMBTUI_DATA_DIR=data)
        times = interleaved(
            {
                "minimal Textual app": [PYTHON, "-c", MINIMAL_TEXTUAL_APP],
                "numbtui list": [PYTHON, "-m", "numbtui", "list"],
                "numbtui list --json": [PYTHON, "-m", "numbtui", "list", "--json"],
                "list, a saved length": [
                    "env",
                    f"NUMBTUI_CONFIG_DIR={saved}",
                    PYTHON,
                    "-m",
                    "numbtui",
                    "list",
                ],
                # A cache folder that cannot exist: every file is parsed and validated.
                "numbtui list, no cache": [
                    "env",
                    "NUMBTUI_CACHE_DIR=/dev/null/none",
                    PYTHON,
                    "-m",
                    "numbtui",
                    "list",
                ],
            },
            env,
            args.runs,
        )
    base = statistics.median(times["minimal Textual app"])
    for name, values in times.items():
        ratio = statistics.median(values) / base
        print(f"{name:<22} {median_ms(values):<22} {ratio:.2f}x")
    ratio = statistics.median(times["numbtui list"]) / base
    print(f"numbtui list / minimal Textual app: {ratio:.2f} (target <= 0.35)")


if __name__ == "__main__":
    main()
