"""One practice without screens: the steps played, its length, what is kept and the line said.

A FakeClock moves each session; nothing sleeps.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from numbtui.ending import NOT_KEPT, Ending
from numbtui.exercise import Exercise, ExerciseFile
from numbtui.lengths import Fitted, fitted, minutes_for
from numbtui.practice import NOT_BEGUN, Practice, planned, summary_line
from numbtui.rating import Rating
from numbtui.record import Record
from numbtui.session import Session
from numbtui.settings import Settings
from tests.fakes import FakeClock
from tests.test_session import breathe, guide, make_steps, prompt

STARTED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def exercise(*steps: dict[str, Any], title: str = "Feet on the floor") -> Exercise:
    spec = ExerciseFile.model_validate({"title": title, "summary": "A test.", "steps": list(steps)})
    return Exercise(id="feet", spec=spec)


FEET = exercise(guide(60), breathe(4, 0, 6, cycles=6), prompt())  # 60 + 60 s, then a wait


# -- which steps are played --------------------------------------------------------------------


def test_the_minutes_asked_for_this_run_come_before_the_saved_ones() -> None:
    settings = Settings(minutes={"feet": 5.0, "other": 9.0})
    assert minutes_for(FEET, settings, 3.0) == 3.0
    assert minutes_for(FEET, settings) == 5.0
    assert minutes_for(FEET, Settings()) is None
    assert minutes_for(FEET, Settings(), 2.5) == 2.5


def test_no_length_plays_the_exercise_as_written() -> None:
    assert fitted(FEET, None) == Fitted(FEET.steps, note=None)
    assert fitted(FEET, 0) == Fitted(FEET.steps)


def test_a_length_changes_the_steps_played() -> None:
    result = fitted(FEET, 4)  # 120 s of timed steps become 240 s
    assert result.note is None
    assert len(result.steps) == 3
    assert math.fsum(step.duration for step in result.steps) == 240
    assert result.steps[0].duration == 120
    assert result.steps[2] == FEET.steps[2]  # the prompt still waits


def test_an_exercise_at_your_own_pace_is_played_as_written_and_says_why() -> None:
    own_pace = exercise(prompt(), prompt(), title="Look around")
    assert fitted(own_pace, 5) == Fitted(
        own_pace.steps,
        note="“Look around” goes at your own pace, so it is not fitted to 5 minutes.",
    )
    assert fitted(own_pace, 2.5).note == (
        "“Look around” goes at your own pace, so it is not fitted to 2.5 minutes."
    )


def test_the_planned_length_is_kept_to_a_tenth_of_a_second() -> None:
    assert planned(make_steps(guide(10.04), guide(10.03), prompt())) == 20.1
    assert planned(list(FEET.steps)) == 120.0


# -- what is worth keeping ---------------------------------------------------------------------


def started(*steps: dict[str, Any], lead_in: float = 0.0) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(make_steps(*steps), clock, lead_in=lead_in, gap_limit=math.inf)
    session.start()
    return session, clock


def practice_of(session: Session, planned_seconds: float = 30.0) -> Practice:
    return Practice(FEET, session, planned_seconds=planned_seconds, started=STARTED)


def test_a_practice_stopped_in_its_lead_in_is_not_kept_and_says_it_never_began() -> None:
    session, clock = started(guide(30), lead_in=3)
    clock.advance(2)
    session.stop()
    assert practice_of(session).ending() is Ending.NOT_KEPT
    assert practice_of(session).not_kept_line() == NOT_BEGUN
    session, clock = started(guide(30), lead_in=3)
    clock.advance(3.2)
    session.stop()
    assert practice_of(session).ending() is Ending.NOT_KEPT  # 0.2 s practised
    assert practice_of(session).not_kept_line() == NOT_KEPT


def test_a_practice_skipped_to_its_end_with_nothing_practised_is_not_kept() -> None:
    session, _ = started(guide(30), lead_in=3)
    session.next_step()
    session.next_step()
    assert session.finished
    assert session.practised == 0
    assert practice_of(session).ending() is Ending.NOT_KEPT


def test_an_interrupted_practice_is_kept_from_ten_seconds_practised() -> None:
    for seconds, kept in ((9.9, False), (10.0, True), (25.0, True)):
        session, clock = started(guide(60))
        clock.advance(seconds)
        session.stop()
        ended = practice_of(session, 60.0).ending()
        assert (ended is not Ending.NOT_KEPT) is kept, seconds
        assert ended is not Ending.FINISHED


# -- the record and the line said --------------------------------------------------------------


def test_the_record_is_the_practice_as_it_stands() -> None:
    session, clock = started(guide(60), guide(60))
    practice = Practice(FEET, session, planned_seconds=120.0, started=STARTED, before=2)
    clock.advance(12.345)
    record = practice.record(STARTED + timedelta(seconds=13))
    assert record.exercise_id == "feet"
    assert record.title == "Feet on the floor"
    assert record.content_hash == FEET.content_hash
    assert record.planned_seconds == 120.0
    assert record.practised_seconds == 12.3  # read now, to a tenth of a second
    assert record.finished is False
    assert (record.started, record.ended) == (STARTED, STARTED + timedelta(seconds=13))
    assert (record.before, record.after, record.words, record.note) == (2, None, (), "")
    assert practice.saved is False


def test_the_record_keeps_the_rating_given_after() -> None:
    session, clock = started(guide(5))
    practice = Practice(FEET, session, planned_seconds=5.0, started=STARTED)
    clock.advance(6)
    rating = Rating(4, words=("warm", "heavy"), note="Hands felt warm.")
    record = practice.record(STARTED + timedelta(seconds=6), rating)
    assert record.finished is True
    assert record.practised_seconds == 5.0
    assert (record.before, record.after) == (None, 4)
    assert record.words == ("warm", "heavy")
    assert record.note == "Hands felt warm."
    words_only = practice.record(STARTED, Rating(None, words=("nothing / blank",)))
    assert (words_only.after, words_only.words) == (None, ("nothing / blank",))


def record(**fields: Any) -> Record:
    values: dict[str, Any] = {
        "started": STARTED,
        "ended": STARTED + timedelta(minutes=2),
        "exercise_id": "feet",
        "title": "Feet on the floor",
        "content_hash": "0123456789abcdef",
        "planned_seconds": 120.0,
        "practised_seconds": 95.4,
        "finished": True,
    }
    return Record.new(**{**values, **fields})


def test_the_summary_line_says_what_was_kept() -> None:
    assert summary_line(record()) == "Saved · Feet on the floor · 1:35 practised"
    assert summary_line(record(finished=False)) == (
        "Saved · Feet on the floor · 1:35 practised · stopped early"
    )
    assert summary_line(record(before=2, after=5)) == (
        "Saved · Feet on the floor · 1:35 practised · 2 → 5"
    )
    assert summary_line(record(after=0)) == (
        "Saved · Feet on the floor · 1:35 practised · after: 0/10"
    )
    assert summary_line(record(before=7, finished=False)) == (
        "Saved · Feet on the floor · 1:35 practised · stopped early · before: 7/10"
    )
