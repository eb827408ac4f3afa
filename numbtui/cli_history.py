"""The commands about the practice history: ``history`` (export, or open the browser),
``insight``, ``import``, ``backups`` and ``restore``.

Exports and ``insight --format json`` are written as UTF-8 whatever the locale; a history that
can only be read (a read-only folder or disk) can still be exported.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from numbtui import paths
from numbtui.cli_launch import EXIT_DATA, EXIT_OK, _launch_options, _plain, _run_app
from numbtui.cli_parser import KIND_CHOICES
from numbtui.errors import UsageError

if TYPE_CHECKING:
    from numbtui.helps import Helps
    from numbtui.history_io import ImportReport
    from numbtui.store import Filters


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
