"""The argument parser of every ``numbtui`` command, and the flags several commands share.

Flags that tune a practice may come before or after the command (``numbtui --minutes 2 play
X`` and ``numbtui play X --minutes 2``); :func:`parse_arguments` joins what was given in both
places. The commands themselves are in the other ``numbtui.cli_*`` modules.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path

from numbtui import __version__

KIND_CHOICES = {"all": None, "practices": "practice", "logs": "log"}
"""``history --kind``: the word on the command line, and the record kind it keeps."""


EPILOG = """\
examples:
  numbtui                              open the app and choose an exercise
  numbtui play body-scan               start the body scan straight away
  numbtui play breathing-4-4-4 --minutes 1 --reduce-motion
  numbtui list                         see every exercise and how long it takes
  numbtui history                      look back at your practice
  numbtui --plain                      line by line, for screen readers and braille displays
  numbtui history --format csv > practice.csv
  numbtui insight                      what tends to change, per exercise
  numbtui log 3 --words tired --note "after the meeting"
                                       note how much you can feel now (0-10)
  numbtui validate my-exercise.yaml    check an exercise you wrote

Leave any exercise with q or Escape. Press F2 anywhere for support contacts.
numbtui is a practice tool, not a substitute for professional care.
If you are in danger, call your local emergency number. In the US: call or text 988
(Suicide & Crisis Lifeline), or SAMHSA 1-800-662-4357 (free, 24/7). Elsewhere:
findahelpline.com
"""


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not math.isfinite(value) or not 0 < value <= 180:
        raise argparse.ArgumentTypeError("minutes must be more than 0 and at most 180")
    return value


def _add_play_flags(parser: argparse.ArgumentParser, *, unset: object = None) -> None:
    # The flags may come before or after the command (`numbtui --minutes 2 play X` and
    # `numbtui play X --minutes 2`); the command's copies default to SUPPRESS so that they
    # never overwrite a value given before the command.
    parser.add_argument(
        "--minutes",
        type=_minutes,
        metavar="M",
        default=unset,
        help="fit the exercise to about M minutes",
    )
    motion = parser.add_mutually_exclusive_group()
    motion.add_argument(
        "--reduce-motion",
        action="store_true",
        default=unset,
        help="no animation: the pacer shows words and a countdown",
    )
    motion.add_argument(
        "--motion",
        dest="reduce_motion",
        action="store_false",
        default=unset,
        help="animate the pacer",
    )
    bell = parser.add_mutually_exclusive_group()
    bell.add_argument(
        "--bell",
        action="store_true",
        default=unset,
        help="ring the terminal bell (and flash) at each step and breath phase",
    )
    bell.add_argument("--no-bell", dest="bell", action="store_false", default=unset, help="no bell")
    parser.add_argument(
        "--sound",
        choices=["off", "cues", "voice"],
        default=unset,
        help="for this run: no sound, cues (a tone for each breath phase, a chime for each "
        "step), or voice (cues, and each step spoken)",
    )
    checkin = parser.add_mutually_exclusive_group()
    checkin.add_argument(
        "--checkin",
        action="store_true",
        default=unset,
        help="ask how much you can feel before the exercise, too",
    )
    checkin.add_argument(
        "--no-checkin",
        dest="checkin",
        action="store_false",
        default=unset,
        help="skip the check-in before",
    )
    _add_plain_flags(parser, unset=unset)


def _time_left(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 600:
        raise argparse.ArgumentTypeError("time left: whole seconds from 0 (never) to 600")
    return int(text)


def _add_plain_flags(parser: argparse.ArgumentParser, *, unset: object = None) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        default=unset if unset is not None else False,
        help="plain mode: whole lines of text for screen readers, braille displays and pipes "
        "(also NUMBTUI_PLAIN=1, the setting, or TERM=dumb)",
    )
    parser.add_argument(
        "--compact",
        action="store_true",
        default=unset,
        help='plain mode: breath phases without their seconds ("In." rather than "In, 4.")',
    )
    parser.add_argument(
        "--time-left",
        type=_time_left,
        metavar="SECONDS",
        default=unset,
        help="plain mode: say the time left on long steps at most every SECONDS "
        "(default 30; 0 never)",
    )


EXERCISES_AFTER = "exercises_after_command"


def _add_exercises_flag(parser: argparse.ArgumentParser, *, dest: str, default: object) -> None:
    # Given after `play` or `list` too. A command's parser writes its own list over the one
    # of the same name, so its copy has a name of its own and main() joins the two.
    parser.add_argument(
        "--exercises",
        dest=dest,
        action="append",
        type=Path,
        default=default,
        metavar="DIR",
        help="also load exercises from this folder or file (repeatable)",
    )


def parse_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace:
    """Parse ``argv``; ``--exercises`` given before and after the command are joined."""
    args = parser.parse_args(argv)
    args.exercises += vars(args).pop(EXERCISES_AFTER, [])
    return args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every numbtui command."""
    parser = argparse.ArgumentParser(
        prog="numbtui",
        description="Guided exercises for when you feel numb, flat or far away: "
        "body scan, paced breathing, five-senses grounding, mindful walking.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"numbtui {__version__}")
    _add_exercises_flag(parser, dest="exercises", default=[])
    _add_play_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="start an exercise by its id")
    play.add_argument("exercise_id", metavar="ID")
    _add_play_flags(play, unset=argparse.SUPPRESS)
    _add_exercises_flag(play, dest=EXERCISES_AFTER, default=argparse.SUPPRESS)

    listing = sub.add_parser("list", help="list the exercises")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_exercises_flag(listing, dest=EXERCISES_AFTER, default=argparse.SUPPRESS)

    validate = sub.add_parser("validate", help="check exercise files or folders")
    validate.add_argument("targets", nargs="+", type=Path, metavar="PATH")

    render = sub.add_parser(
        "render",
        help="write a practice into a WAV file, to play anywhere",
        description="Write the whole practice (spoken guidance, cues and the silences "
        "between them, on the player's schedule) into a WAV file, e.g. to play on a phone "
        "during a walk. Needs no audio device; voice needs a speech engine (espeak-ng, say "
        "or SAPI). A prompt that waits for a key is given a fixed time in the file.",
    )
    render.add_argument("exercise_id", metavar="ID")
    render.add_argument("--to", type=Path, required=True, metavar="FILE.wav", dest="target")
    render.add_argument(
        "--minutes", type=_minutes, metavar="M", help="fit the exercise to about M minutes"
    )
    render.add_argument(
        "--sound",
        choices=["cues", "voice"],
        default=argparse.SUPPRESS,
        help="cues only, or cues and voice (the default)",
    )
    _add_exercises_flag(render, dest=EXERCISES_AFTER, default=argparse.SUPPRESS)
    sub.add_parser(
        "sound-check", help="play each cue and one spoken sentence, to set the volume"
    ).add_argument(
        "--sound",
        choices=["cues", "voice"],
        default=argparse.SUPPRESS,
        help="cues leaves out the sentence",
    )

    sub.add_parser("schema", help="print the JSON Schema of the exercise format")
    sub.add_parser("paths", help="show where numbtui keeps its files")

    history = sub.add_parser("history", help="browse your practice history, or export it")
    history.add_argument(
        "--format",
        choices=["table", "json", "jsonl", "csv"],
        help="print the history instead of opening the browser",
    )
    history.add_argument("--exercise", metavar="ID", help="only this exercise")
    history.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD or ISO)")
    history.add_argument("--until", metavar="DATE", help="up to this date (inclusive)")
    _add_plain_flags(history, unset=argparse.SUPPRESS)

    history.add_argument(
        "--kind",
        choices=list(KIND_CHOICES),
        default="all",
        help="practices, logged moments (logs), or all (the default)",
    )

    insight = sub.add_parser(
        "insight",
        help="what tends to change before and after, per exercise",
        description="Per exercise, the typical change in how much you could feel (after minus "
        "before, over practices rated both times) and the range the middle 80% of changes "
        "fall in; shown once an exercise has 5 such practices.",
    )
    insight.add_argument(
        "--format", choices=["table", "json"], default="table", help="table (default) or json"
    )
    insight.add_argument("--exercise", metavar="ID", help="only this exercise")
    insight.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD or ISO)")
    insight.add_argument("--until", metavar="DATE", help="up to this date (inclusive)")

    log = sub.add_parser(
        "log",
        help="note how much you can feel right now (0-10), with words and a note",
        description="Note a moment: how much you can feel right now, from 0 (nothing at all) "
        "to 10 (vivid), and if you like words that fit and a note. With a number it is saved "
        "at once; without one, numbtui asks (in a terminal). Nothing, numb or blank is a real "
        "answer.",
    )
    log.add_argument("value", nargs="?", metavar="N", help="how much you can feel now, 0-10")
    log.add_argument(
        "--words",
        action="append",
        default=[],
        metavar="W[,W...]",
        help="words that fit, separated by commas (the rating's words or your own kept ones, "
        "e.g. tired,nothing / blank)",
    )
    log.add_argument(
        "--own-word",
        action="append",
        default=[],
        metavar="W",
        help="a word of your own (repeatable; kept and offered first next time)",
    )
    log.add_argument("--note", default="", metavar="TEXT", help="a note for yourself")
    _add_plain_flags(log, unset=argparse.SUPPRESS)

    importer = sub.add_parser(
        "import",
        help="bring back exported or recovered records",
        description="Bring back practices and logs from a `numbtui history --format json` or "
        "`jsonl` export, or from the recovery file. Records already in the history are skipped, so "
        "importing twice changes nothing (one stored with different content is named, and "
        "kept unless --replace); a line that cannot be read is reported with its number, "
        "and the good lines are still imported (exit 1 if any line was bad). Fields numbtui "
        "does not know are left out, with a warning.",
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument(
        "--replace",
        action="store_true",
        help="where a practice or log is already in the history with other content, take the "
        "file's version (without it the stored version is kept)",
    )

    sub.add_parser(
        "backups",
        help="list the automatic backups of your history",
        description="numbtui copies your history into its backups folder after the first "
        "practice or log saved each day (checked, never over a good backup with a damaged one), "
        "and keeps the last 7 daily and 4 weekly copies.",
    )
    restore = sub.add_parser(
        "restore",
        help="put a backup in place of your history",
        description="Check FILE (a backup from `numbtui backups`) and put it in place of "
        "your history. The current history is kept beside it, renamed, never deleted. "
        "Close numbtui first.",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    return parser
