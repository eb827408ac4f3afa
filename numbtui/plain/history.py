"""The practice history as a flat list a screen reader can follow: one sentence a practice.

No columns padded with spaces, no box characters and no arrows: each line says, in words,
when, what, how long, whether it was finished, the ratings, the words and the note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from numbtui.plain.lines import seconds_in_words, sentence
from numbtui.record import Record


def line_of(record: Record) -> str:
    """One practice as one line, e.g. "1 May 2026, 08:30. Body scan. 10 minutes practised,
    finished. Before 3, after 5. Words: warm, heavy. Note: ..."; a log: "1 May 2026, 08:30.
    Logged moment. Could feel 3. Words: tired."."""
    started = record.started.astimezone()
    when = f"{started.day} {started:%B %Y, %H:%M}"  # said well: "3 December 2026, 17:57"
    ratings = []
    if record.is_log:  # a moment, not a practice: no length, one number
        parts = [when, record.title]
        if record.after is not None:
            ratings.append(f"could feel {record.after}")
    else:
        practised = seconds_in_words(record.practised_seconds)
        parts = [when, record.title, f"{practised} practised, {record.ended_words}"]
    if record.before is not None:
        ratings.append(f"before {record.before}")
    if record.after is not None and not record.is_log:
        ratings.append(f"after {record.after}")
    if ratings:
        parts.append(", ".join(ratings).capitalize())
    if record.words:
        parts.append("Words: " + ", ".join(record.words))
    line = " ".join(sentence(part) for part in parts)
    if record.note:
        line += f" Note: {record.note}"
    return line


def write_history(records: Iterable[Record], write: Callable[[str], None]) -> int:
    """Write each record as a line, oldest first; return how many."""
    count = 0
    for record in records:
        write(line_of(record))
        count += 1
    return count
