"""The ``numbtui`` command line: argument parsing and the commands that need no terminal UI.

The Textual app is imported only when a command opens it, so ``list``, ``validate``,
``schema``, ``paths`` and ``history --format`` start fast and work without a terminal.
Expected failures print one line and exit with a code: 0 ok, 1 data error, 2 usage error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from numbtui import __version__, paths
from numbtui.errors import NumbtuiError, UsageError
from numbtui.options import LaunchOptions

if TYPE_CHECKING:
    from numbtui.exercise import Exercise
    from numbtui.helps import Helps
    from numbtui.history_io import ImportReport
    from numbtui.library import Library
    from numbtui.moodlog import LogDraft
    from numbtui.record import Record
    from numbtui.store import Filters

KIND_CHOICES = {"all": None, "practices": "practice", "logs": "log"}
"""``history --kind``: the word on the command line, and the record kind it keeps."""

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INTERRUPTED = 130

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


def _library(args: argparse.Namespace) -> Library:
    from numbtui.library import discover

    return discover(args.exercises)


def _report_problems(library: Library, err: TextIO) -> None:
    for problem in library.problems:
        print(f"skipped: {problem}", file=err)


def cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui list``: the exercises with title, length, source and tags.

    The length is the one the person will get: fitted to the default length saved in the
    settings, with the written one beside it when that differs (numbtui.lengths).
    """
    from numbtui.catalog import summaries
    from numbtui.lengths import WAIT_WORDS, fitted_lengths, saved_minutes

    found, problems = summaries(args.exercises)
    for problem in problems:
        print(f"skipped: {problem}", file=err)
    minutes = saved_minutes(paths.settings_file())
    fitted = fitted_lengths(found, minutes)
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "seconds": round(fitted.get(s.id, s.length).seconds, 1),
            "written_seconds": round(s.length.seconds, 1),
            "default_minutes": minutes.get(s.id) if s.id in fitted else None,
            "waits_for_you": s.length.open_ended,  # the JSON name scripts rely on
            "source": s.source.value + (" (replaces bundled)" if s.replaces_bundled else ""),
            "path": s.path,
            "tags": list(s.tags),
        }
        for s in found
    ]
    if args.json:
        from numbtui.textout import utf8

        utf8(out)  # machine-readable: UTF-8 whatever the locale
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    table = [("ID", "TITLE", "LENGTH", "SOURCE", "TAGS")]
    for s, row in zip(found, rows, strict=True):
        length = s.length.text()
        if s.id in fitted and fitted[s.id].text() != length:
            length = f"{fitted[s.id].text()} (written {length})"
        table.append((s.id, s.title, length, str(row["source"]), ", ".join(s.tags)))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for cells in table:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip(), file=out)
    notes = []
    if fitted:
        notes.append("Lengths with “written” are fitted to the default length in your settings.")
    if any(s.length.open_ended for s in found):
        notes.append(
            f"+ some steps wait for you: each counts as about {WAIT_WORDS}, "
            "and it takes as long as you need."
        )
    if notes:
        print("", *notes, sep="\n", file=out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui validate``: check files or folders; exit 1 if any is not valid."""
    from numbtui.discovery import FILE, FOLDER, exercise_files, kind_of
    from numbtui.loader import ExerciseFileError, load_file

    files: list[Path] = []
    missing = 0
    for target in args.targets:
        kind = kind_of(target)
        if kind == FOLDER:
            files.extend(exercise_files(target))
        elif kind == FILE:
            files.append(target)
        else:
            print(f"{target}:1:1: {kind}", file=out)
            missing += 1
    from numbtui.safety import breathing_notes
    from numbtui.text import shown

    bad = noted = 0
    for file in files:
        try:
            exercise = load_file(file)
        except ExerciseFileError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=out)
            continue
        # Notes, not problems: the file is valid and plays; the exit code stays 0.
        notes = breathing_notes(exercise.steps)
        noted += bool(notes)
        for note in notes:
            print(f"{shown(str(file))}: step {note.step_number}: note: {note.message}", file=out)
        _warn_spoken(exercise, file, out)
    good = len(files) - bad
    summary = f"{good} valid, {bad + missing} with problems"
    if noted:
        summary += f"; {noted} with a note on breathing (valid, to read before playing)"
    print(summary, file=err)
    return EXIT_DATA if bad or missing or not files else EXIT_OK


def _warn_spoken(exercise: Exercise, file: Path, out: TextIO) -> None:
    """Warn (without failing) of steps too short to be spoken at the chosen rate."""
    from numbtui.settings import load
    from numbtui.sound.score import spoken_warnings

    rate = load(paths.settings_file()).settings.speech_rate
    warnings = spoken_warnings(exercise.steps, rate)
    if not warnings:
        return
    places = _step_places(file)
    for index, message in warnings:
        line, column = places[index] if index < len(places) else (1, 1)
        step = exercise.steps[index]
        print(
            f"{file}:{line}:{column}: warning: step {index + 1} ({step.kind}): {message}",
            file=out,
        )


def _step_places(file: Path) -> list[tuple[int, int]]:
    """The line and column of each step in a file that already loaded, for warnings."""
    import yaml

    node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "steps" and isinstance(value, yaml.SequenceNode):
                return [(i.start_mark.line + 1, i.start_mark.column + 1) for i in value.value]
    return []


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui schema``: the JSON Schema of an exercise file."""
    from numbtui.exercise import json_schema
    from numbtui.textout import utf8

    utf8(out)  # machine-readable: UTF-8 whatever the locale
    json.dump(json_schema(), out, indent=2, ensure_ascii=False)
    out.write("\n")
    return EXIT_OK


def cmd_paths(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui paths``: where numbtui reads and writes."""
    rows = [
        ("config", paths.config_dir()),
        ("settings", paths.settings_file()),
        ("support contacts", paths.support_file()),
        ("your exercises", paths.user_exercises_dir()),
        ("bundled exercises", paths.bundled_exercises_dir()),
        ("data", paths.data_dir()),
        ("history", paths.database_file()),
        ("recovery", paths.recovery_file()),
        ("your own words", paths.own_words_file()),
        ("backups", paths.backups_dir()),
        ("cache", paths.cache_dir()),
    ]
    for name, location in rows:
        print(f"{name + ':':<19}{location}", file=out)
    for extra in args.exercises:
        print(f"{'extra exercises:':<19}{extra}", file=out)
    return EXIT_OK


def cmd_history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui history --format F``: export; without --format, open the browser."""
    from numbtui.store import Filters

    filters = _filters(args)
    if args.format is None:
        return _run_app(replace(_launch_options(args), history=filters))
    from numbtui.history_io import export
    from numbtui.store import Store
    from numbtui.textout import utf8

    if args.format != "table":
        # Files numbtui writes are UTF-8 whatever the locale: never a note changed or cut short.
        utf8(out)

    database = paths.database_file()
    if not database.exists():
        if args.format == "json":
            out.write("[]\n")
        elif args.format == "table":
            print("No practice recorded yet.", file=err)
        return EXIT_OK
    # Only reading: so that a read-only folder or disk can still be exported.
    with Store.open_read_only(database) as store:
        if args.format == "table" and _plain(args):
            # A screen reader reads padded columns as noise: one sentence a practice instead.
            from numbtui.plain.history import write_history
            from numbtui.plain.lines import Lines

            written = write_history(store.iter_records(filters), Lines(out))
        else:
            written = export(store, args.format, out, filters)
        never = written == 0 and args.exercise and not store.count(Filters(args.exercise))
    if never:
        # Most likely a misspelt id: an empty export alone would not say so.
        from numbtui.text import shown

        print(
            f"No practice of {shown(args.exercise)!r} in your history; "
            "`numbtui list` shows the exercise ids.",
            file=err,
        )
    elif written == 0 and args.format == "table":
        print(
            "Nothing logged matches." if args.kind == "logs" else "No practice matches.", file=err
        )
    return EXIT_OK


def _filters(args: argparse.Namespace) -> Filters:
    from numbtui.history_io import parse_date
    from numbtui.store import Filters

    try:
        since = parse_date(args.since) if args.since else None
        until = parse_date(args.until, end_of_day=True) if args.until else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if since is not None and until is not None and until < since:
        from numbtui.text import shown

        raise UsageError(
            f"--until {shown(args.until)} is before --since {shown(args.since)}; "
            "swap the two dates to see that time"
        )
    kind = KIND_CHOICES[getattr(args, "kind", "all")]
    if kind == "log" and args.exercise is not None:
        # A log has no exercise: the two together can only ever list nothing.
        raise UsageError(
            "--kind logs lists moments logged, which belong to no exercise; "
            "leave out --exercise to see them"
        )
    return Filters(exercise_id=args.exercise, since=since, until=until, kind=kind)


def cmd_insight(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui insight``: what tends to change per exercise, as a table or JSON."""
    from numbtui.helps import as_json, what_helps
    from numbtui.moodlog import logs_among, moments_logged
    from numbtui.store import Store

    filters = _filters(args)
    database = paths.database_file()
    found = []
    logs = 0
    if database.exists():
        # Only reading: never changes the file (an older one is read as it is), and a
        # read-only folder or disk works too.
        with Store.open_read_only(database) as store:
            found = what_helps(store.rating_changes(filters))
            # Counted apart: a logged moment is never a before or after of an exercise.
            among = logs_among(filters)
            logs = 0 if among is None else store.count(among)
    if args.format == "json":
        from numbtui.textout import utf8

        utf8(out)  # machine-readable: UTF-8 whatever the locale
        # One object per exercise, as scripts have read it since it first shipped: a log is
        # not an exercise, so logs are never in it (history --kind logs lists them).
        json.dump([as_json(helps) for helps in found], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if not found and logs:
        # Only moments logged: said first, in the one line, with what there is not.
        dated = filters.since is not None or filters.until is not None
        none = "No practices in this period." if dated else "No practices yet."
        print(f"{moments_logged(logs)}. {none}", file=out)
        return EXIT_OK
    if not found:
        message = "No practice matches." if database.exists() else "No practice recorded yet."
        print(message, file=err)
    else:
        # For a chosen period, a withheld exercise says what the period has, not "n more".
        _print_helps_table(
            found, out, period=filters.since is not None or filters.until is not None
        )
    if logs:
        if found:
            print(file=out)
        print(moments_logged(logs), file=out)
    return EXIT_OK


def _print_helps_table(found: list[Helps], out: TextIO, *, period: bool) -> None:
    from numbtui.helps import NOTES, more_needed_text, range_text, signed
    from numbtui.text import shown

    table = [("EXERCISE", "RATED", "TYPICAL", "USUALLY")]
    for helps in found:
        if helps.mean_change is None:
            withheld = more_needed_text(helps, period=period)
            row = (shown(helps.title), str(helps.rated), "–", withheld)
        else:
            usually = range_text(helps).removeprefix("usually ")
            row = (shown(helps.title), str(helps.rated), signed(helps.mean_change), usually)
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for title, rated, typical, usually in table:
        cells = f"{title.ljust(widths[0])}  {rated.rjust(widths[1])}  {typical.rjust(widths[2])}"
        print(f"{cells}  {usually}".rstrip(), file=out)
    print(file=out)
    for note in NOTES:
        print(note, file=out)


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui import FILE``: bring records back; exit 1 if any line was bad."""
    from numbtui.history_io import import_file
    from numbtui.store import Store
    from numbtui.text import shown

    # Many rows in one go: check the whole file first (a damaged one is refused, untouched),
    # which a single save skips for speed.
    with Store.open(paths.database_file(), verify=True) as store:
        report = import_file(store, args.file, replace=args.replace)
    if report.imported or (args.replace and report.different):
        from numbtui.backups import start_if_due
        from numbtui.store import MIGRATIONS

        start_if_due(paths.database_file(), MIGRATIONS)
    for line, reason in report.errors:
        print(f"{args.file}:{line}: {reason}", file=err)
    for line, name in report.ignored_fields:
        print(
            f"{args.file}:{line}: the field {shown(name)[:40]!r} is not one numbtui knows; it was "
            "left out, and the known fields imported",
            file=err,
        )
    print(
        f"{report.imported} imported, {report.already_present} already present, "
        f"{len(report.errors)} could not be read",
        file=out,
    )
    if report.different:
        print(_different(report, args.file, replaced=args.replace), file=out)
    return EXIT_DATA if report.errors else EXIT_OK


def _different(report: ImportReport, file: Path, *, replaced: bool) -> str:
    """The sentence about ids already present with other content."""
    from numbtui.text import shown

    ids = ", ".join(report.different_ids)
    if report.different > len(report.different_ids):
        ids += f" and {report.different - len(report.different_ids)} more"
    count = report.different
    if replaced:
        return f"{count} already present with different content; took the file's version: ids {ids}"
    return (
        f"{count} already present with different content; kept the stored version: ids {ids}. "
        f"To take the file's version instead: numbtui import --replace {shown(str(file))}"
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def cmd_backups(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui backups``: date, contents and size of each backup, newest first."""
    from numbtui.backups import listing
    from numbtui.moodlog import practices_and_logs

    found = listing(paths.database_file())
    if not found:
        print(
            "No backups yet; numbtui makes one after the first practice or log saved each day, "
            f"in {paths.backups_dir()}",
            file=err,
        )
        return EXIT_OK
    table = [("DATE", "CONTENTS", "SIZE", "FILE")]
    table += [
        (
            backup.day.isoformat(),
            "cannot be read"
            if (kept := backup.contents) is None
            else practices_and_logs(kept.practices, kept.logs),
            _size(backup.size),
            str(backup.path),
        )
        for backup in found
    ]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]), file=out)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui restore FILE``: check a backup and put it in place of the history."""
    from numbtui.backups import restore
    from numbtui.moodlog import practices_and_logs
    from numbtui.store import MIGRATIONS

    done = restore(args.file, paths.database_file(), MIGRATIONS)
    holds = practices_and_logs(done.contents.practices, done.contents.logs)
    print(f"Restored your history from {args.file} ({holds}).", file=out)
    if done.set_aside is not None:
        print(f"The history it replaced is kept, not deleted: {done.set_aside}", file=out)
    return EXIT_OK


def cmd_log(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui log [N] [--words W,...] [--note TEXT]``: note a moment, or ask for it."""
    from datetime import UTC, datetime

    from numbtui import ownwords
    from numbtui.moodlog import (
        NEEDS_A_NUMBER,
        LogDraft,
        log_record,
        parse_own_words,
        parse_value,
        parse_words,
        words_that_fit,
    )
    from numbtui.rating import NOTE_MAX, Rating

    own, notice = ownwords.read(paths.own_words_file())
    if notice is not None:
        print(f"numbtui: {notice}", file=err)
    # Everything is checked before anything is saved: a bad word saves nothing at all.
    words = parse_words(args.words, own)
    words += tuple(w for w in parse_own_words(args.own_word, own) if w not in words)
    words = words_that_fit(words)
    if len(args.note) > NOTE_MAX:
        raise UsageError(f"the note is longer than {NOTE_MAX} characters")
    if args.value is None:
        if not (sys.stdin and sys.stdin.isatty()) or not (sys.stdout and sys.stdout.isatty()):
            raise UsageError(NEEDS_A_NUMBER)
        draft = LogDraft(words=words, note=args.note)
        if _plain(args):
            return _log_plain(draft, own, out, err)
        return _run_app(replace(_launch_options(args), log=draft))
    value = parse_value(args.value)
    return _save_log(log_record(datetime.now(UTC), Rating(value, words, args.note)), out, err)


def _log_plain(draft: LogDraft, own: tuple[str, ...], out: TextIO, err: TextIO) -> int:
    """``numbtui log`` without a number in plain mode: typed answers, then one line."""
    from datetime import UTC, datetime

    from numbtui.moodlog import ask_log, log_record
    from numbtui.plain.flow import Console

    console = Console(sys.stdin, out, err)
    rating = ask_log(console.ask, console.write, draft, own)
    if rating is None:
        console.write("Nothing logged this time, and that's fine.")
        return EXIT_OK
    return _save_log(log_record(datetime.now(UTC), rating), out, err)


def _save_log(record: Record, out: TextIO, err: TextIO) -> int:
    """Keep a log (the history, else the recovery file) and say where, in one line."""
    from numbtui.moodlog import logged_line
    from numbtui.recovery import record_line, save_record

    outcome = save_record(record, paths.database_file(), paths.recovery_file())
    _keep_own_words(record.words, err)
    if outcome.saved:
        print(logged_line(record), file=out)
        return EXIT_OK
    print(f"numbtui: {outcome.message}", file=err)
    if not outcome.recovered:
        err.write(record_line(record))
    return EXIT_DATA


def _keep_own_words(words: tuple[str, ...], err: TextIO) -> None:
    """Keep a log's own words for next time; a line if they could not be (the log is kept)."""
    from numbtui import ownwords

    problem = ownwords.keep_used(paths.own_words_file(), words)
    if problem is not None:
        print(f"numbtui: {problem}", file=err)


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
