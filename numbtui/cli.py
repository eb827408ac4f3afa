"""The ``numbtui`` command line: :func:`main` (the entry point) and the commands that play.

The Textual app is imported only when a command opens it, so ``list``, ``validate``,
``schema``, ``paths`` and ``history --format`` start fast and work without a terminal.
Expected failures print one line and exit with a code: 0 ok, 1 data error, 2 usage error,
130 interrupted.

The parser is in :mod:`numbtui.cli_parser`; the other commands are in
:mod:`numbtui.cli_library` (list, validate, schema, paths), :mod:`numbtui.cli_history`
(history, insight, import, backups, restore) and :mod:`numbtui.cli_log` (log).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

from numbtui.cli_history import cmd_backups, cmd_history, cmd_import, cmd_insight, cmd_restore
from numbtui.cli_launch import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    _launch_options,
    _library,
    _report_problems,
    _run_app,
)
from numbtui.cli_library import cmd_list, cmd_paths, cmd_schema, cmd_validate
from numbtui.cli_log import cmd_log
from numbtui.cli_parser import build_parser, parse_arguments
from numbtui.errors import NumbtuiError, UsageError


def cmd_play(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui play ID``: start one exercise and come back to the shell afterwards."""
    library = _library(args)
    _report_problems(library, err)
    library.require(args.exercise_id)
    # The library read to check the id is the one the app plays from: read once.
    return _run_app(replace(_launch_options(args), exercise_id=args.exercise_id), library)


def _sound_made(args: argparse.Namespace) -> str:
    """--sound for a command that makes sound: voice unless cues is asked for."""
    sound = getattr(args, "sound", None) or "voice"
    if sound == "off":
        raise UsageError(f"{args.command} makes sound: use --sound cues or --sound voice")
    return str(sound)


def cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui render ID --to FILE.wav``: the practice as a sound file."""
    from numbtui.sound.commands import render_command

    library = _library(args)
    _report_problems(library, err)
    exercise = library.require(args.exercise_id)
    return render_command(exercise, args.target, args.minutes, _sound_made(args), out)


def cmd_sound_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui sound-check``: each cue and one sentence, through the speakers."""
    from numbtui.sound.commands import sound_check

    return sound_check(_sound_made(args), out)


COMMANDS = {
    "render": cmd_render,
    "sound-check": cmd_sound_check,
    "list": cmd_list,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "paths": cmd_paths,
    "history": cmd_history,
    "insight": cmd_insight,
    "import": cmd_import,
    "backups": cmd_backups,
    "restore": cmd_restore,
    "log": cmd_log,
    "play": cmd_play,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run numbtui with these arguments; return the exit code."""
    if sys.stderr is None:  # started with `2>&-`: say nothing rather than fail
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:  # started with `>&-`: there is nowhere for the output to go
        print("numbtui: standard output is closed, so there is nowhere to write", file=sys.stderr)
        return EXIT_DATA
    from numbtui import textout

    # Under a locale that is not UTF-8, "→" and the like become "->" rather than a traceback.
    textout.fall_back(sys.stdout)
    textout.fall_back(sys.stderr)
    parser = build_parser()
    args = parse_arguments(parser, argv)
    out, err = sys.stdout, sys.stderr
    try:
        # Private data, whatever the folders and files were before (e.g. made by hand 0755).
        from numbtui.private import tighten_own

        for problem in tighten_own():
            print(f"numbtui: {problem}", file=err)
        command = COMMANDS.get(args.command)
        if command is None:
            return _run_app(_launch_options(args))
        return command(args, out, err)
    except NumbtuiError as exc:
        print(f"numbtui: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("numbtui: interrupted", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `numbtui list | head`); stop quietly, like other tools.
        sys.stdout = None
        return EXIT_OK
    except OSError as exc:
        # Most often writing the output failed (a full disk, a closed terminal); anything
        # else from the system is named with its file. One line either way, not a trace.
        reason = exc.strerror or str(exc)
        if exc.filename is not None:
            message = f"{reason}: {exc.filename}"
        else:
            message = f"could not write the output: {reason}"
        with contextlib.suppress(OSError):
            print(f"numbtui: {message}", file=err)
        return EXIT_DATA
