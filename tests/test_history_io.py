"""Export and import: the record's JSON form, the four export formats, import reports, dates."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from numbtui.errors import DateError, ImportFileError, RecordError, UsageError
from numbtui.history_io import (
    FORMATS,
    ExportFormat,
    export,
    feeling,
    import_file,
    parse_date,
)
from numbtui.record import FIELDS, Record
from numbtui.recovery import append
from numbtui.store import NO_FILTERS, Filters, Store
from tests.record_helpers import BASE, local_zone, make_record, record_id, unique_records


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "h.db") as opened:
        yield opened


def _exported(store: Store, fmt: ExportFormat, filters: Filters = NO_FILTERS) -> str:
    out = io.StringIO()
    export(store, fmt, out, filters)
    return out.getvalue()


# -- the JSON form of a record ----------------------------------------------------------------


def test_json_form_has_stable_names_and_iso_times_with_offset() -> None:
    record = make_record(id=record_id(5), before=None)
    data = record.to_json_dict()
    assert tuple(data) == FIELDS
    assert data == {
        "id": "00000000-0000-0000-0000-000000000005",
        "started": "2024-03-01T08:30:00+00:00",
        "ended": "2024-03-01T08:40:03+00:00",
        "exercise_id": "body-scan",
        "title": "Body scan",
        "content_hash": "0123456789abcdef",
        "planned_seconds": 600.0,
        "practised_seconds": 603.5,
        "finished": True,
        "before": None,
        "after": 5,
        "words": ["warm", "tingling"],
        "note": "my hands felt warm",
        "kind": "practice",
        "switched_to": None,
    }
    assert Record.from_json_dict(json.loads(json.dumps(data))) == record


def test_times_with_another_offset_are_read_as_the_same_moment() -> None:
    data = make_record().to_json_dict()
    data["started"] = "2024-03-01T10:30:00+02:00"
    assert Record.from_json_dict(data).started == BASE


def _with(**changes: Any) -> dict[str, Any]:
    data = make_record().to_json_dict()
    for key, value in changes.items():
        if value is _DROP:
            del data[key]
        else:
            data[key] = value
    return data


_DROP = object()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param([1], "not a JSON object", id="list"),
        pytest.param(_with(note=_DROP), "missing field 'note'", id="missing"),
        pytest.param(_with(mood=3), "unknown field 'mood'", id="unknown"),
        pytest.param(_with(id="123"), "UUID", id="bad-id"),
        pytest.param(_with(id="0000000000000000000000000000000A"), "UUID", id="uuid-not-canonical"),
        pytest.param(_with(started="yesterday"), "not an ISO-8601", id="bad-time"),
        pytest.param(_with(started="2024-03-01T08:30:00"), "time zone offset", id="naive-time"),
        pytest.param(_with(ended=1700000000), "ISO-8601 date and time text", id="time-number"),
        pytest.param(_with(exercise_id="../etc"), "exercise id", id="bad-exercise"),
        pytest.param(_with(exercise_id=5), "must be text", id="exercise-number"),
        pytest.param(_with(title=""), "title must not be empty", id="empty-title"),
        pytest.param(_with(title="t" * 121), "title is longer than 120", id="long-title"),
        pytest.param(_with(content_hash="zz"), "hexadecimal", id="bad-hash"),
        pytest.param(_with(planned_seconds="600"), "must be a number", id="seconds-text"),
        pytest.param(_with(practised_seconds=-5), "from 0 to 604800", id="negative-seconds"),
        pytest.param(_with(planned_seconds=10**400), "from 0 to 604800", id="seconds-huge-int"),
        pytest.param(_with(practised_seconds=1e300), "from 0 to 604800", id="seconds-huge"),
        pytest.param(
            _with(started="0001-01-01T00:00:00+01:00"), "between the years 1970", id="year-1"
        ),
        pytest.param(
            _with(ended="9999-12-31T23:59:59-01:00"), "between the years 1970", id="year-9999"
        ),
        pytest.param(_with(exercise_id="body-scan\n"), "exercise id", id="exercise-newline"),
        pytest.param(_with(practised_seconds=True), "must be a number", id="seconds-bool"),
        pytest.param(_with(finished="yes"), "true or false", id="finished-text"),
        pytest.param(_with(before=11), "from 0 to 10, not 11", id="before-11"),
        pytest.param(_with(after=4.5), "whole number", id="after-float"),
        pytest.param(_with(after=False), "whole number", id="after-bool"),
        pytest.param(_with(words="warm"), "list of text", id="words-text"),
        pytest.param(_with(words=["warm", 3]), "list of text", id="word-number"),
        pytest.param(
            _with(words=["w"] * 13), "13 words; a record keeps up to 12", id="too-many-words"
        ),
        pytest.param(_with(words=["w" * 25]), "longer than 24", id="long-word"),
        pytest.param(_with(note="n" * 501), "longer than 500", id="long-note"),
        pytest.param(_with(note=None), "note must be text", id="note-null"),
    ],
)
def test_from_json_dict_refuses_with_a_reason(data: object, reason: str) -> None:
    with pytest.raises(RecordError, match=reason) as caught:
        Record.from_json_dict(data)
    assert isinstance(caught.value, ValueError)


def test_imported_text_loses_control_characters() -> None:
    data = _with(note="calm\x1b[2J\x07 now", words=["wa\x00rm"], title="Body\x9b scan")
    record = Record.from_json_dict(data)
    assert (record.note, record.words, record.title) == ("calm[2J now", ("warm",), "Body scan")


# -- export ---------------------------------------------------------------------------------


@pytest.fixture
def three(store: Store) -> list[Record]:
    saved = [
        make_record(
            id=record_id(1), started=BASE, note="first, with a comma", words=("warm", "calm")
        ),
        make_record(
            id=record_id(2),
            started=BASE + timedelta(days=1, hours=14, minutes=5),
            exercise_id="senses",
            title="Five senses — 身体",
            practised_seconds=75.4,
            finished=False,
            before=None,
            after=7,
            words=(),
            note='=HYPERLINK("x")\nsecond line',
        ),
        make_record(
            id=record_id(3),
            started=BASE + timedelta(days=2),
            title="A title far too long to fit in its column at all",
            words=("calm",),
            before=3,
            after=None,
            practised_seconds=3725,
        ),
    ]
    store.import_records(saved)
    return saved


def test_table_is_aligned_local_time_and_plain(store: Store, three: list[Record]) -> None:
    with local_zone("Europe/Berlin"):
        text = _exported(store, "table")
    assert text.splitlines() == [
        "When              Exercise                  Practised  "
        "Ended                  Feeling  Words",
        "2024-03-01 09:30  Body scan                     10:04  "
        "finished               2 → 5    warm, calm",
        "2024-03-02 23:35  Five senses — 身体             1:15  stopped early          – → 7",
        # h:mm:ss from an hour on, as on the history screen
        "2024-03-03 09:30  A title far too long to…    1:02:05  "
        "finished               3 → –    calm",
    ]


def test_json_is_one_array_with_every_field(store: Store, three: list[Record]) -> None:
    text = _exported(store, "json")
    assert text.startswith("[\n  {")
    assert text.endswith("}\n]\n")
    assert json.loads(text) == [r.to_json_dict() for r in three]


def test_jsonl_is_one_object_per_line(store: Store, three: list[Record]) -> None:
    lines = _exported(store, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [r.to_json_dict() for r in three]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_csv_has_every_field_utc_times_and_no_formulas(
    store: Store, three: list[Record], zone: str
) -> None:
    with local_zone(zone):
        rows = list(csv.reader(io.StringIO(_exported(store, "csv"))))
    assert rows[0] == list(FIELDS)
    assert len(rows) == 4
    second = dict(zip(FIELDS, rows[2], strict=True))
    # UTC, like JSON and as the README says, whatever the local time zone.
    assert second["started"] == "2024-03-02T22:35:00+00:00"
    assert second["started"] == three[1].started.isoformat(timespec="seconds")
    assert second["title"] == "Five senses — 身体"
    assert second["note"] == '\'=HYPERLINK("x")\nsecond line'
    assert (second["before"], second["after"], second["finished"]) == ("", "7", "false")
    first = dict(zip(FIELDS, rows[1], strict=True))
    assert first["words"] == "warm; calm"
    assert first["note"] == "first, with a comma"


@pytest.mark.parametrize(("fmt", "expected"), [("json", "[]\n"), ("jsonl", ""), ("table", "")])
def test_an_empty_history_exports_cleanly(store: Store, fmt: ExportFormat, expected: str) -> None:
    assert _exported(store, fmt) == expected


def test_empty_csv_is_just_the_header(store: Store) -> None:
    assert _exported(store, "csv") == ",".join(FIELDS) + "\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_applies_filters_and_returns_the_count(
    store: Store, three: list[Record], fmt: ExportFormat
) -> None:
    out = io.StringIO()
    count = export(
        store, fmt, out, Filters(exercise_id="body-scan", since=BASE + timedelta(hours=1))
    )
    assert count == 1
    assert "A title far too long" in out.getvalue()
    assert "Five senses" not in out.getvalue()


class _CountingWriter(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_as_it_reads(store: Store, fmt: ExportFormat) -> None:
    store.import_records([make_record(started=BASE + timedelta(minutes=n)) for n in range(50)])
    out = _CountingWriter()
    export(store, fmt, out, NO_FILTERS)
    assert out.writes >= 50  # one piece per record, never one big string


def test_feeling_is_before_to_after_with_a_dash_for_one_not_given() -> None:
    assert [feeling(2, 5), feeling(None, 5), feeling(2, None), feeling(None, None)] == [
        "2 → 5",
        "– → 5",
        "2 → –",
        "",
    ]


def test_an_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "xml", io.StringIO(), NO_FILTERS)  # type: ignore[arg-type]


# -- export then import ---------------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(saved=unique_records(max_size=25))
def test_export_then_import_gives_identical_records(saved: list[Record]) -> None:
    for fmt in ("json", "jsonl"):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            with Store.open(root / "a.db") as source:
                source.import_records(saved)
                with (root / "export").open("w", encoding="utf-8") as out:
                    export(source, fmt, out, NO_FILTERS)
            with Store.open(root / "b.db") as target:
                report = import_file(target, root / "export")
                assert (report.imported, report.already_present, report.errors) == (
                    len(saved),
                    0,
                    [],
                )
                assert list(target.iter_records()) == sorted(saved, key=lambda r: (r.started, r.id))


def test_importing_twice_adds_nothing_the_second_time(
    store: Store, three: list[Record], tmp_path: Path
) -> None:
    exported = tmp_path / "history.json"
    exported.write_text(_exported(store, "json"), encoding="utf-8")
    with Store.open(tmp_path / "other.db") as other:
        first = import_file(other, exported)
        second = import_file(other, exported)
        assert other.count(NO_FILTERS) == 3
    assert (first.imported, first.already_present) == (3, 0)
    assert (second.imported, second.already_present, second.errors) == (0, 3, [])


# -- bad imports -------------------------------------------------------------------------------


def _line(record: Record) -> str:
    return json.dumps(record.to_json_dict())


def test_bad_jsonl_lines_are_reported_by_number_and_good_ones_imported(
    store: Store, tmp_path: Path
) -> None:
    good = [make_record() for _ in range(3)]
    bad_rating = {**good[0].to_json_dict(), "id": record_id(9), "after": 12}
    lines = [
        _line(good[0]),
        "this is not json",
        "",
        json.dumps(bad_rating),
        _line(good[1]),
        '{"id": "x", "id": "y"}',
        _line(good[2]),
        _line(good[0]),
    ]
    source = tmp_path / "import.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(store, source)
    assert report.imported == 3
    assert report.already_present == 1
    assert report.errors == [
        (
            2,
            "not valid JSON at column 1: a value is missing or is not JSON "
            "(text needs double quotes)",
        ),
        (4, "after must be from 0 to 10, not 12"),
        (6, "field 'id' appears twice"),
    ]
    assert store.count(NO_FILTERS) == 3


def test_bad_items_in_a_json_array_are_reported_by_line_and_index(
    store: Store, tmp_path: Path
) -> None:
    good = [make_record() for _ in range(2)]
    items = [good[0].to_json_dict(), {"id": 1}, good[1].to_json_dict(), "text"]
    source = tmp_path / "import.json"
    source.write_text(json.dumps(items, indent=2), encoding="utf-8")
    report = import_file(store, source)
    starts = [
        n + 1
        for n, line in enumerate(source.read_text().splitlines())
        if line in ("  {", '  "text"')
    ]
    assert report.imported == 2
    assert report.errors == [
        (starts[1], "item 2: missing field 'started'"),
        (starts[3], "item 4: not a JSON object"),
    ]


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        pytest.param(",\n  {oops}\n]\n", "not valid JSON", id="broken-item"),
        pytest.param(",\n", "not valid JSON", id="cut-after-comma"),
        pytest.param("\n", "not closed", id="not-closed"),
        pytest.param("\n] extra", "unexpected text after", id="trailing-text"),
        pytest.param(" 7 ]", "expected ',' or ']' after item 1", id="missing-comma"),
    ],
)
def test_a_broken_json_array_keeps_what_came_before_and_says_where(
    store: Store, tmp_path: Path, tail: str, reason: str
) -> None:
    record = make_record()
    source = tmp_path / "import.json"
    source.write_text("[\n  " + _line(record) + tail, encoding="utf-8")
    report = import_file(store, source)
    assert report.imported == 1
    assert len(report.errors) == 1
    line, message = report.errors[0]
    assert reason in message
    assert line in (2, 3)
    assert store.get(record.id) == record


def test_the_recovery_file_imports(store: Store, tmp_path: Path) -> None:
    recovery = tmp_path / "recovery.jsonl"
    kept = make_record()
    append(recovery, kept)
    report = import_file(store, recovery)
    assert (report.imported, report.errors) == (1, [])
    assert store.get(kept.id) == kept


def test_an_empty_file_imports_nothing(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "empty.json"
    source.write_text("  \n\n")
    assert import_file(store, source) == import_file(store, source)
    assert import_file(store, source).imported == 0
    assert import_file(store, source).errors == []


def test_a_file_of_another_kind_is_one_clear_error(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text(",".join(FIELDS) + "\n")
    report = import_file(store, source)
    assert report.imported == 0
    assert report.errors == [
        (1, "not a numbtui export or recovery file (expected JSON or JSON Lines)")
    ]


def test_an_array_item_that_is_not_utf8_is_reported_and_the_others_imported(
    store: Store, tmp_path: Path
) -> None:
    good = make_record()
    source = tmp_path / "latin1.json"
    source.write_bytes(b'[\n  {"note": "caf\xe9"},\n  ' + _line(good).encode() + b"\n]\n")
    report = import_file(store, source)
    assert report.errors == [(2, "item 1: it is not UTF-8 text")]
    assert report.imported == 1
    assert store.get(good.id) == good


def test_a_missing_file_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="No such file"):
        import_file(store, tmp_path / "nope.json")


# -- dates --------------------------------------------------------------------------------------


def test_a_plain_date_is_local_midnight_or_the_end_of_that_day() -> None:
    with local_zone("Europe/Berlin"):
        since = parse_date("2024-07-01")
        until = parse_date("2024-07-01", end_of_day=True)
    assert since == datetime(2024, 6, 30, 22, 0, tzinfo=UTC)
    assert until == datetime(2024, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)


def test_full_iso_times_keep_their_offset_and_naive_ones_are_local() -> None:
    plus_two = timezone(timedelta(hours=2))
    with local_zone("America/New_York"):
        assert parse_date("2024-01-05T10:00:00+02:00") == datetime(2024, 1, 5, 10, tzinfo=plus_two)
        assert parse_date("2024-01-05T10:00:00Z") == datetime(2024, 1, 5, 10, tzinfo=UTC)
        assert parse_date(" 2024-01-05T10:00 ") == datetime(2024, 1, 5, 15, tzinfo=UTC)


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "01/02/2024", "", "2024-02-30"])
def test_bad_dates_are_a_usage_error_that_is_also_a_value_error(text: str) -> None:
    with pytest.raises(DateError, match="is not a date: use YYYY-MM-DD") as caught:
        parse_date(text)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, UsageError)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("9999-12-31", "America/New_York"), ("0001-01-01", "Asia/Tokyo")],
)
def test_a_date_at_the_edge_of_the_calendar_is_a_usage_error(text: str, zone: str) -> None:
    with local_zone(zone), pytest.raises(DateError, match="too far from today"):
        parse_date(text, end_of_day=text.startswith("9999"))


def test_a_line_with_an_impossible_year_is_reported_and_the_good_ones_kept(
    store: Store, tmp_path: Path
) -> None:
    good = make_record()
    bad = {**make_record().to_json_dict(), "started": "0001-01-01T00:00:00+01:00"}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(bad) + "\n" + json.dumps(good.to_json_dict()) + "\n")
    report = import_file(store, source)
    assert report.imported == 1
    assert report.errors == [(1, "started must be between the years 1970 and 9998")]
    assert store.get(good.id) == good


def test_a_bad_date_message_carries_no_control_characters() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("\x1b[31mred")
    assert "\x1b" not in str(caught.value)
