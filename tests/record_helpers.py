"""Building practice records for the storage tests: one by hand, or many with hypothesis."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from numbtui.record import Record

BASE = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
EXERCISES = (("body-scan", "Body scan"), ("box-breath", "Box breathing"), ("senses", "Five senses"))


def record_id(number: int) -> str:
    """A valid, predictable record id (ids also break ties between equal start times)."""
    return str(uuid.UUID(int=number))


def make_record(**overrides: Any) -> Record:
    """A complete record with every field set; any field can be overridden."""
    started = overrides.pop("started", BASE)
    fields: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "started": started,
        "ended": started + timedelta(minutes=10, seconds=3),
        "exercise_id": "body-scan",
        "title": "Body scan",
        "content_hash": "0123456789abcdef",
        "planned_seconds": 600.0,
        "practised_seconds": 603.5,
        "finished": True,
        "before": 2,
        "after": 5,
        "words": ("warm", "tingling"),
        "note": "my hands felt warm",
    }
    fields.update(overrides)
    return Record(**fields)


_SPAN = timedelta(days=3 * 365)
_words = st.lists(st.sampled_from(["warm", "calm", "nothing / blank", "tight", "far away"]))
_rating = st.none() | st.integers(0, 10)


@st.composite
def records(draw: st.DrawFn, *, spread: timedelta = _SPAN) -> Record:
    """Varied records: few exercises, times over ``spread``, optional ratings."""
    exercise_id, title = draw(st.sampled_from(EXERCISES))
    offset = draw(st.integers(0, int(spread.total_seconds())))
    started = BASE - spread + timedelta(seconds=offset)
    practised = draw(st.floats(0, 3600, allow_nan=False).map(lambda x: round(x, 1)))
    return Record(
        id=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        started=started,
        ended=started + timedelta(seconds=practised),
        exercise_id=exercise_id,
        title=title,
        content_hash="abc123",
        planned_seconds=600.0,
        practised_seconds=practised,
        finished=draw(st.booleans()),
        before=draw(_rating),
        after=draw(_rating),
        words=tuple(draw(_words)),
        note=draw(st.text(max_size=30)),
    )


def unique_records(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[list[Record]]:
    """Lists of records with distinct ids."""
    return st.lists(records(), min_size=min_size, max_size=max_size, unique_by=lambda r: r.id)


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Run with the process's local time zone set to ``name`` (SQLite and Python agree)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()
