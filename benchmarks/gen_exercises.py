"""Write N user exercise files, each a bundled exercise under a new id and title.

Used by the benchmarks of many exercises (``bench_cli_startup.py --many``, ``bench_tui_startup.py
--many``). Run: python benchmarks/gen_exercises.py FOLDER N
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write_exercises(folder: Path, count: int) -> list[Path]:
    """``count`` valid exercise files in ``folder``, cycling through the bundled ones."""
    folder.mkdir(parents=True, exist_ok=True)
    bundled = sorted((REPO / "exercises").glob("*.yaml"))
    written = []
    for number in range(count):
        source = bundled[number % len(bundled)]
        lines = source.read_text(encoding="utf-8").splitlines()
        # A title of its own, so the files are not all alike for the listing.
        lines = [
            f"title: Practice {number:05d}" if line.startswith("title:") else line for line in lines
        ]
        path = folder / f"user-{number:05d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    write_exercises(args.folder, args.count)


if __name__ == "__main__":
    main()
