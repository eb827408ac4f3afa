"""What the ``numbtui`` commands share: exit codes, the exercise library of this run, and
opening the app (or the plain mode) with this run's flags, which ``play``, ``history`` and
``log`` all do. The Textual app and the plain mode are imported only when opened.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, TextIO

from numbtui import paths
from numbtui.options import LaunchOptions

if TYPE_CHECKING:
    from numbtui.library import Library

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INTERRUPTED = 130


def _library(args: argparse.Namespace) -> Library:
    from numbtui.library import discover

    return discover(args.exercises)


def _report_problems(library: Library, err: TextIO) -> None:
    for problem in library.problems:
        print(f"skipped: {problem}", file=err)


def _launch_options(args: argparse.Namespace) -> LaunchOptions:
    return LaunchOptions(
        minutes=getattr(args, "minutes", None),
        reduce_motion=getattr(args, "reduce_motion", None),
        bell=getattr(args, "bell", None),
        checkin=getattr(args, "checkin", None),
        sound=getattr(args, "sound", None),
        extra_exercises=tuple(args.exercises),
        plain=bool(getattr(args, "plain", False)),
        compact=getattr(args, "compact", None),
        time_left=getattr(args, "time_left", None),
    )


def _plain(args: argparse.Namespace) -> bool:
    from numbtui.plain.mode import wanted

    return wanted(getattr(args, "plain", False), os.environ, paths.settings_file())


def _run_app(options: LaunchOptions, library: Library | None = None) -> int:
    from numbtui.plain.mode import wanted

    if wanted(options.plain, os.environ, paths.settings_file()):
        from numbtui.plain.flow import run as run_plain

        return run_plain(options, library=library)
    from numbtui.tui.launch import run

    return run(options, library)
