"""`numbtui list` against a minimal Textual app that starts and exits (same run, same machine).

The listing normally comes from the catalog cache; "no cache" shows the cost of parsing and
validating every file, as on the first run after a change.

Target (issue: foundation): the median of `numbtui list` is at most 0.35x the median of the
minimal Textual app. Run: python benchmarks/bench_cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile

from _common import PYTHON, child_env, interleaved, median_ms

MINIMAL_TEXTUAL_APP = """
from textual.app import App

class Minimal(App[None]):
    def on_mount(self) -> None:
        self.exit()

Minimal().run(headless=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as config, tempfile.TemporaryDirectory() as data:
        env = child_env(NUMBTUI_CONFIG_DIR=config, NUMBTUI_DATA_DIR=data)
        times = interleaved(
            {
                "minimal Textual app": [PYTHON, "-c", MINIMAL_TEXTUAL_APP],
                "numbtui list": [PYTHON, "-m", "numbtui", "list"],
                "numbtui list --json": [PYTHON, "-m", "numbtui", "list", "--json"],
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
