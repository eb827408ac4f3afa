"""Export and import of the practice history for the command line (no textual).

:func:`export` streams records as an aligned plain-text table, a JSON array, JSON Lines or
CSV, oldest first, holding one record in memory at a time. :func:`import_file` reads a JSON
array export, a JSON Lines export or the recovery file (the format is told by the first
character) a record at a time (see numbtui.jsonstream), reports every bad item with its line
number and a reason, and adds all the good ones in one transaction; importing the same file
twice adds nothing the second time.
:func:`parse_date` reads the ``--since`` / ``--until`` dates.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal, TextIO, get_args

from numbtui import textout
from numbtui.durations import format_duration
from numbtui.errors import DateError, ImportFileError, RecordError
from numbtui.jsonstream import Problem, array_items
from numbtui.rating import feeling
from numbtui.readfile import open_regular
from numbtui.record import FIELDS, Record
from numbtui.recovery import read, record_line
from numbtui.store import Filters, Store
from numbtui.text import clean_text

ExportFormat = Literal["table", "json", "jsonl", "csv"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)

FIELDS_NAMED = 20
"""At most this many unknown field names are reported (a hostile file may have thousands)."""


# -- export -----------------------------------------------------------------------------------


def export(store: Store, fmt: ExportFormat, out: TextIO, filters: Filters) -> int:
    """Write the matching records to ``out`` in ``fmt``, oldest first; return how many.

    JSON, JSON Lines and CSV carry every field with UTC times (``import`` reads JSON and
    JSON Lines back); the table, for reading, shows local times (a log shows as a "Logged
    moment" that ended "logged", with its one number under Feeling). An empty table
    writes nothing (the caller may say so); empty JSON is ``[]`` and empty CSV a header.
    """
    records = store.iter_records(filters)
    if fmt == "json":
        return _export_json(records, out)
    if fmt == "jsonl":
        return _export_jsonl(records, out)
    if fmt == "csv":
        return _export_csv(records, out)
    if fmt == "table":
        return _export_table(records, out)
    raise ValueError(f"unknown export format {fmt!r}")


def _export_json(records: Iterator[Record], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(",\n  " if count else "[\n  ")
        out.write(json.dumps(record.to_json_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _export_jsonl(records: Iterator[Record], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(record_line(record))
        count += 1
    return count


def _cell(text: str) -> str:
    # A spreadsheet runs a cell starting with one of these as a formula; notes and imported
    # titles are untrusted, so such text is marked as plain with a leading apostrophe.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _export_csv(records: Iterator[Record], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        writer.writerow(
            (
                record.id,
                # UTC like JSON (a record's times are UTC), whatever the local time zone.
                record.started.astimezone(UTC).isoformat(timespec="seconds"),
                record.ended.astimezone(UTC).isoformat(timespec="seconds"),
                record.exercise_id,
                _cell(record.title),
                record.content_hash,
                record.planned_seconds,
                record.practised_seconds,
                "true" if record.finished else "false",
                "" if record.before is None else record.before,
                "" if record.after is None else record.after,
                _cell("; ".join(record.words)),
                _cell(record.note),
                record.kind,
                record.switched_to or "",
            )
        )
        count += 1
    return count


_TABLE_COLUMNS = (("When", 16), ("Exercise", 24), ("Practised", 9), ("Ended", 21), ("Feeling", 7))


def _display_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _fit(text: str, width: int, *, right: bool = False, ellipsis: str = "…") -> str:
    """``text`` cut (with an ellipsis) or padded to ``width`` terminal columns."""
    if _display_width(text) > width:
        while text and _display_width(text) > width - len(ellipsis):
            text = text[:-1]
        text += ellipsis
    padding = " " * (width - _display_width(text))
    return padding + text if right else text + padding


def _table_line(
    cells: tuple[str, str, str, str, str, str], shown: Callable[[str], str] = str
) -> str:
    # Cells are made what the output can show before fitting, so that "->" for "→" (in a
    # locale that is not UTF-8) still lines up.
    parts = [
        _fit(shown(text), width, right=(name == "Practised"), ellipsis=shown("…"))
        for text, (name, width) in zip(cells, _TABLE_COLUMNS, strict=False)
    ]
    return "  ".join([*parts, shown(cells[-1])]).rstrip() + "\n"


def _export_table(records: Iterator[Record], out: TextIO) -> int:
    count = 0
    shown = textout.showable(out)
    for record in records:
        if not count:
            out.write(_table_line(("When", "Exercise", "Practised", "Ended", "Feeling", "Words")))
        out.write(
            _table_line(
                (
                    record.started_local,
                    record.title,
                    "" if record.is_log else format_duration(record.practised_seconds),
                    record.ended_words,
                    record_feeling(record),
                    ", ".join(record.words),
                ),
                shown,
            )
        )
        count += 1
    return count


def record_feeling(record: Record) -> str:
    """The ratings in words: "before → after" for a practice, the one number for a log."""
    if record.is_log:
        return "" if record.after is None else str(record.after)
    return feeling(record.before, record.after)


# -- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_file` did: counts, and each bad line as (line number, reason)."""

    imported: int
    already_present: int
    """Already in the history with the same content."""
    errors: list[tuple[int, str]] = field(default_factory=list)
    different: int = 0
    """Already in the history with other content (kept as stored, or replaced)."""
    different_ids: tuple[str, ...] = ()
    """The first few of those ids."""
    ignored_fields: list[tuple[int, str]] = field(default_factory=list)
    """Each field name numbtui does not know, with the first line it was found on."""


def import_file(store: Store, path: Path | str, *, replace: bool = False) -> ImportReport:
    """Import a JSON array export, a JSON Lines export or a recovery file into ``store``.

    Good records go in one transaction (ids already present with the same content are
    skipped, so importing twice is harmless; with other content they are kept as stored and
    counted, or replaced with ``replace``); bad ones are reported and skipped, and fields
    numbtui does not know are left out and named. Raises ImportFileError if the file cannot
    be read, and a StoreError if the database cannot be written (nothing is added).
    """
    path = Path(path)
    first = _first_character(path)
    items: Iterator[tuple[int, Record | RecordError]]
    if first is None:
        return ImportReport(imported=0, already_present=0)
    ignored: set[str] = set()
    if first == "[":
        items = _array(path, ignored)
    elif first == "{":
        items = read(path, ignored=ignored)
    else:
        return ImportReport(
            imported=0,
            already_present=0,
            errors=[(1, "not a numbtui export or recovery file (expected JSON or JSON Lines)")],
        )
    errors: list[tuple[int, str]] = []
    first_seen: dict[str, int] = {}

    def good_records() -> Iterator[Record]:
        for line, item in items:
            if ignored:  # the item had fields numbtui does not know: name each once
                for name in sorted(ignored):
                    if name not in first_seen and len(first_seen) < FIELDS_NAMED:
                        first_seen[name] = line
                ignored.clear()
            if isinstance(item, Record):
                yield item
            else:
                errors.append((line, str(item)))

    counts = store.import_records(good_records(), replace=replace)
    return ImportReport(
        imported=counts.imported,
        already_present=counts.already_present,
        errors=errors,
        different=counts.different,
        different_ids=counts.different_ids,
        ignored_fields=sorted((line, name) for name, line in first_seen.items()),
    )


def _first_character(path: Path) -> str | None:
    """The first character after any byte-order mark and blanks; None for a blank file."""
    try:
        with open_regular(path) as handle:
            head = handle.read(3).removeprefix(b"\xef\xbb\xbf")
            while True:
                stripped = head.lstrip(b" \t\r\n")
                if stripped:
                    return chr(stripped[0]) if stripped[0] < 0x80 else "?"
                head = handle.read(64 * 1024)
                if not head:
                    return None
    except OSError as exc:
        raise ImportFileError(f"Could not read {path}: {exc.strerror or exc}") from None


def _array(path: Path, ignored: set[str]) -> Iterator[tuple[int, Record | RecordError]]:
    """The items of a JSON array export as records, streamed (see numbtui.jsonstream)."""
    try:
        with open_regular(path) as handle:
            for line, index, item in array_items(handle):
                if isinstance(item, Problem):
                    yield line, RecordError(f"item {index}: {item}" if index else item)
                    continue
                try:
                    yield line, Record.from_json_dict(item, ignored=ignored)
                except RecordError as exc:
                    yield line, RecordError(f"item {index}: {exc}")
    except OSError as exc:
        raise ImportFileError(f"Could not read {path}: {exc.strerror or exc}") from None


# -- dates ------------------------------------------------------------------------------------


def parse_date(text: str, *, end_of_day: bool = False) -> datetime:
    """A ``--since`` / ``--until`` value as an aware datetime.

    ``YYYY-MM-DD`` is a local date: its first moment, or its last with ``end_of_day`` (so
    ``--until`` includes that day). A full ISO-8601 time without an offset is local time.
    Raises DateError (a ValueError) with a plain explanation.
    """
    value = text.strip()
    try:
        if len(value) <= 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        shown = clean_text(value)[:40]
        raise DateError(
            f"{shown!r} is not a date: use YYYY-MM-DD or an ISO-8601 date and time"
        ) from None
    # astimezone() on a naive time applies the local rules of that date (DST included).
    try:
        return moment.astimezone() if moment.tzinfo is None else moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 9999-12-31 west of UTC, 0001-01-01 east of it
        raise DateError(f"{value[:40]!r} is too far from today to compare with") from None
