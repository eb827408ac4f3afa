"""One practice or logged moment as it is kept: the :class:`Record` and its JSON form.

A record is built by the app when a practice ends (:meth:`Record.new`) or a moment is logged
(:meth:`Record.new_log`), stored by
:mod:`numbtui.store`, written to the recovery file and to exports as one JSON object
(:meth:`Record.to_json_dict`) and read back from imports (:meth:`Record.from_json_dict`).

Notes and words are the user's own text and may also come from a file being imported, so they
are untrusted: control characters are removed and lengths are capped when a record is built;
an imported object that goes beyond the caps is refused rather than cut.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from numbtui.discovery import ID_PATTERN
from numbtui.errors import RecordError
from numbtui.text import clean_text

RATING_MIN = 0
RATING_MAX = 10
NOTE_MAX = 500
WORDS_MAX = 12
WORD_MAX = 24
TITLE_MAX = 120
YEAR_MIN = 1970
YEAR_MAX = 9998
CLOCK_SKEW = timedelta(hours=1)
"""How far a record may seem to start in the future, or end before it started, and still be
imported: clocks of two computers (or one set by hand) disagree by minutes, not by more."""
SECONDS_MAX = 7 * 24 * 3600.0
"""A week: far beyond any practice (an exercise is at most 3 h, plus waiting prompts)."""

FIELDS: tuple[str, ...] = (
    "id",
    "started",
    "ended",
    "exercise_id",
    "title",
    "content_hash",
    "planned_seconds",
    "practised_seconds",
    "finished",
    "before",
    "after",
    "words",
    "note",
    "kind",
    "switched_to",
)
"""The JSON field names, in the order they are written."""

OPTIONAL_FIELDS: tuple[str, ...] = ("kind", "switched_to")
"""Fields an export made before logs existed lacks: it is read as practices, not switched."""

PRACTICE = "practice"
LOG = "log"
KINDS: tuple[str, ...] = (PRACTICE, LOG)
"""What a record is: a practice of an exercise, or a moment logged without one."""
LOG_TITLE = "Logged moment"
"""The title every log carries (a log has no exercise, so no exercise title)."""
SWITCHED_WORDS = {"eyes-open": "switched to grounding"}
"""How a practice left for another one ended, in words, by the exercise taken instead."""

_HASH = re.compile(r"^[0-9a-f]{0,64}$")


class _JsonObject(dict[str, Any]):
    """A decoded JSON object that remembers a repeated key (plain json keeps the last)."""

    duplicate: str | None = None


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    result = _JsonObject()
    for key, value in pairs:
        if key in result and result.duplicate is None:
            result.duplicate = key
        result[key] = value
    return result


JSON_DECODER = json.JSONDecoder(object_pairs_hook=_object_from_pairs)
"""Decodes JSON for :meth:`Record.from_json_dict`, which then refuses repeated fields."""


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def _clean_words(words: Iterable[str]) -> tuple[str, ...]:
    cleaned = (_one_line(word)[:WORD_MAX] for word in words)
    return tuple(word for word in cleaned if word)[:WORDS_MAX]


def _utc(name: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise RecordError(f"{name} must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise RecordError(f"{name} must carry a time zone offset")
    # Far enough from datetime's limits that showing it in any time zone cannot overflow.
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise RecordError(f"{name} must be between the years {YEAR_MIN} and {YEAR_MAX}")
    return value.astimezone(UTC)


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"{name} must be a number")
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        number = math.inf
    if not math.isfinite(number) or not 0 <= number <= SECONDS_MAX:
        raise RecordError(f"{name} must be a number of seconds from 0 to {SECONDS_MAX:.0f}")
    return number


def _rating(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{name} must be a whole number from 0 to 10, or null")
    if not RATING_MIN <= value <= RATING_MAX:
        raise RecordError(f"{name} must be from 0 to 10, not {value}")
    return value


def _record_id(value: object) -> str:
    if isinstance(value, str):
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            pass
        else:
            if str(parsed) == value:
                return value
    raise RecordError("id must be a UUID written in lower case with hyphens")


@dataclass(frozen=True, slots=True)
class Record:
    """One practice (when, which exercise, how long, and the self-ratings around it), or one
    logged moment (``kind`` "log": no exercise, no length, its number in ``after``).

    Building one checks and normalises every field: times become UTC, text loses control
    characters, the note is cut to 500 characters and the words to 12 of at most 24.
    Impossible values (a naive time, a rating of 11, negative seconds, a log with an
    exercise or with nothing in it) raise RecordError.
    """

    id: str
    started: datetime
    ended: datetime
    exercise_id: str
    title: str
    content_hash: str
    planned_seconds: float
    practised_seconds: float
    finished: bool
    """False when the user stopped early."""
    before: int | None
    """The check-in rating before the practice (0-10), if one was given."""
    after: int | None
    """The rating after the practice (0-10), if one was given."""
    words: tuple[str, ...]
    note: str
    kind: str = PRACTICE
    """"practice", or "log" for a moment logged without an exercise."""
    switched_to: str | None = None
    """The exercise the person switched to during this practice (the eyes-open way out)."""

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "id", _record_id(self.id))
        put(self, "started", _utc("started", self.started))
        put(self, "ended", _utc("ended", self.ended))
        if self.kind not in KINDS:
            raise RecordError("kind must be 'practice' or 'log'")
        if self.switched_to is not None and (
            not isinstance(self.switched_to, str) or not ID_PATTERN.fullmatch(self.switched_to)
        ):
            raise RecordError("switched_to must be an exercise id such as 'eyes-open', or null")
        if self.kind == LOG:
            _check_log(self)
        elif not isinstance(self.exercise_id, str) or not ID_PATTERN.fullmatch(self.exercise_id):
            raise RecordError("exercise_id must be an exercise id such as 'body-scan'")
        if not isinstance(self.title, str):
            raise RecordError("title must be text")
        title = _one_line(self.title)[:TITLE_MAX]
        if not title:
            raise RecordError("title must not be empty")
        put(self, "title", title)
        if not isinstance(self.content_hash, str) or not _HASH.match(self.content_hash):
            raise RecordError("content_hash must be up to 64 lower-case hexadecimal digits")
        put(self, "planned_seconds", _seconds("planned_seconds", self.planned_seconds))
        put(self, "practised_seconds", _seconds("practised_seconds", self.practised_seconds))
        if not isinstance(self.finished, bool):
            raise RecordError("finished must be true or false")
        put(self, "before", _rating("before", self.before))
        put(self, "after", _rating("after", self.after))
        if isinstance(self.words, str) or not all(isinstance(w, str) for w in self.words):
            raise RecordError("words must be a list of text")
        put(self, "words", _clean_words(self.words))
        if not isinstance(self.note, str):
            raise RecordError("note must be text")
        put(self, "note", clean_text(self.note)[:NOTE_MAX])
        if self.kind == LOG and self.after is None and not self.words and not self.note:
            raise RecordError("a log needs a number, a word or a note")

    @classmethod
    def new(
        cls,
        *,
        started: datetime,
        ended: datetime,
        exercise_id: str,
        title: str,
        content_hash: str,
        planned_seconds: float,
        practised_seconds: float,
        finished: bool,
        before: int | None = None,
        after: int | None = None,
        words: Iterable[str] = (),
        note: str = "",
        switched_to: str | None = None,
    ) -> Record:
        """A record of a practice that just ended, with a fresh random id."""
        return cls(
            id=str(uuid.uuid4()),
            started=started,
            ended=ended,
            exercise_id=exercise_id,
            title=title,
            content_hash=content_hash,
            planned_seconds=planned_seconds,
            practised_seconds=practised_seconds,
            finished=finished,
            before=before,
            after=after,
            words=tuple(words),
            note=note,
            switched_to=switched_to,
        )

    @classmethod
    def new_log(
        cls,
        *,
        at: datetime,
        value: int | None,
        words: Iterable[str] = (),
        note: str = "",
    ) -> Record:
        """A moment logged now: how much one can feel (``value``), words and a note."""
        return cls(
            id=str(uuid.uuid4()),
            started=at,
            ended=at,
            exercise_id="",
            title=LOG_TITLE,
            content_hash="",
            planned_seconds=0.0,
            practised_seconds=0.0,
            finished=True,
            before=None,
            after=value,
            words=tuple(words),
            note=note,
            kind=LOG,
        )

    @property
    def is_log(self) -> bool:
        """True for a logged moment, False for a practice."""
        return self.kind == LOG

    @property
    def started_local(self) -> str:
        """When the practice started, in the local time zone: ``2024-05-06 09:30``."""
        return self.started.astimezone().strftime("%Y-%m-%d %H:%M")

    @property
    def ended_words(self) -> str:
        """How the practice ended, in words (never by colour alone); "logged" for a log."""
        if self.kind == LOG:
            return "logged"
        if self.switched_to is not None:
            return SWITCHED_WORDS.get(self.switched_to, f"switched to {self.switched_to}")
        return "finished" if self.finished else "stopped early"

    def to_json_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping; times are ISO-8601 with their offset."""
        return {
            "id": self.id,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "exercise_id": self.exercise_id,
            "title": self.title,
            "content_hash": self.content_hash,
            "planned_seconds": self.planned_seconds,
            "practised_seconds": self.practised_seconds,
            "finished": self.finished,
            "before": self.before,
            "after": self.after,
            "words": list(self.words),
            "note": self.note,
            "kind": self.kind,
            "switched_to": self.switched_to,
        }

    @classmethod
    def from_json_dict(
        cls,
        data: object,
        *,
        ignored: set[str] | None = None,
        now: datetime | None = None,
    ) -> Record:
        """Read a record written by :meth:`to_json_dict`; RecordError says what is wrong.

        Strict: every field must be present with the right JSON type, and text beyond the
        length caps is refused (nothing is silently cut). Only ``kind`` and ``switched_to``
        may be missing (exports made before logs existed): such a record is a practice that
        switched to nothing. A field numbtui does not know is refused too, unless ``ignored``
        is given: then it is left out and its name added there (an export from a newer
        numbtui still imports). A record that cannot have happened is refused: started in the
        future (beyond :data:`CLOCK_SKEW` of ``now``, the current time by default), or ended
        before it started.
        """
        if not isinstance(data, dict):
            raise RecordError("not a JSON object")
        if isinstance(data, _JsonObject) and data.duplicate is not None:
            raise RecordError(f"field {data.duplicate!r} appears twice")
        for name in FIELDS:
            if name not in data and name not in OPTIONAL_FIELDS:
                raise RecordError(f"missing field {name!r}")
        # More keys than known fields present: some key is not a field (cheap to tell).
        if len(data) > sum(name in data for name in FIELDS):
            unknown = sorted(str(key) for key in data if key not in FIELDS)
            if ignored is None:
                raise RecordError(f"unknown field {unknown[0]!r}")
            ignored.update(unknown)
        title = _text(data, "title")
        if len(_one_line(title)) > TITLE_MAX:
            raise RecordError(f"title is longer than {TITLE_MAX} characters")
        note = _text(data, "note")
        if len(clean_text(note)) > NOTE_MAX:
            raise RecordError(f"note is longer than {NOTE_MAX} characters")
        words = data["words"]
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RecordError("words must be a list of text")
        if len(words) > WORDS_MAX:
            raise RecordError(f"{len(words)} words; a record keeps up to {WORDS_MAX}")
        if any(len(_one_line(word)) > WORD_MAX for word in words):
            raise RecordError(f"a word is longer than {WORD_MAX} characters")
        started = _parse_time("started", data["started"])
        ended = _parse_time("ended", data["ended"])
        _check_possible(started, ended, now or datetime.now(UTC), log=data.get("kind") == LOG)
        return cls(
            id=data["id"],
            started=started,
            ended=ended,
            exercise_id=_text(data, "exercise_id"),
            title=title,
            content_hash=_text(data, "content_hash"),
            planned_seconds=data["planned_seconds"],
            practised_seconds=data["practised_seconds"],
            finished=data["finished"],
            before=data["before"],
            after=data["after"],
            words=tuple(words),
            note=note,
            kind=_text(data, "kind") if "kind" in data else PRACTICE,
            switched_to=_optional_text(data, "switched_to"),
        )


def _check_possible(started: datetime, ended: datetime, now: datetime, *, log: bool) -> None:
    if started > now + CLOCK_SKEW:
        impossible = (
            "a moment cannot be logged in the future"
            if log
            else "a practice cannot have happened in the future"
        )
        raise RecordError(
            f"started {started:%Y-%m-%d %H:%M} UTC, which is still to come: {impossible}"
        )
    if ended < started - CLOCK_SKEW:
        raise RecordError(
            f"ended {ended:%Y-%m-%d %H:%M} UTC, before it started ({started:%Y-%m-%d %H:%M} UTC)"
        )


def _check_log(record: Record) -> None:
    """A log has no exercise and no length: it is a moment, not a practice."""
    if record.exercise_id != "":
        raise RecordError("a log has no exercise: its exercise_id must be empty")
    if record.content_hash != "":
        raise RecordError("a log has no exercise: its content_hash must be empty")
    if record.planned_seconds != 0 or record.practised_seconds != 0:
        raise RecordError("a log has no length: its seconds must be 0")
    if record.before is not None:
        raise RecordError("a log has one number, kept in after: before must be null")
    if record.switched_to is not None:
        raise RecordError("a log has no practice to switch from: switched_to must be null")


def _optional_text(data: dict[Any, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise RecordError(f"{name} must be text or null")
    return value


def _text(data: dict[Any, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text")
    return value


def _parse_time(name: str, value: object) -> datetime:
    if not isinstance(value, str):
        raise RecordError(f"{name} must be an ISO-8601 date and time text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} is not an ISO-8601 date and time: {value[:40]!r}") from None
    return _utc(name, parsed)
