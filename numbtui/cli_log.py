"""``numbtui log``: note a moment from the shell (how much you can feel now, words, a note).

With a number it is saved at once; without one it is asked for, in the app or in plain mode.
Everything given is checked before anything is saved; own words used are kept for next time.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from numbtui import paths
from numbtui.cli_launch import EXIT_DATA, EXIT_OK, _launch_options, _plain, _run_app
from numbtui.errors import UsageError

if TYPE_CHECKING:
    from numbtui.moodlog import LogDraft
    from numbtui.record import Record


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
