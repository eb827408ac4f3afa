"""``numbtui import`` and ``history`` as a person meets them: what is reported, what is kept.

Hostile and foreign files are under ``tests/data/import/``.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from numbtui import cli, paths
from numbtui.errors import RecordError
from numbtui.record import CLOCK_SKEW, Record
from numbtui.store import NO_FILTERS, Store
from tests.record_helpers import make_record

DATA = Path(__file__).resolve().parent / "data" / "import"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def sample(number: int) -> str:
    return f"00000000-0000-0000-0000-{0x1000 + number:012x}"


def stored() -> dict[str, Record]:
    with Store.open(paths.database_file()) as store:
        return {record.id: record for record in store.iter_records(NO_FILTERS)}


# -- an id already present with other content ---------------------------------------------------


def _export_with_changed_notes(tmp_path: Path, records: list[Record], changed: int) -> Path:
    source = tmp_path / "edited.jsonl"
    lines = []
    for number, record in enumerate(records):
        data = record.to_json_dict()
        if number < changed:
            data["note"] = f"edited {number}"
        lines.append(json.dumps(data))
    source.write_text("\n".join(lines) + "\n")
    return source


@pytest.fixture
def four(tmp_path: Path) -> list[Record]:
    records = [make_record(note=f"first {n}") for n in range(4)]
    original = tmp_path / "original.jsonl"
    original.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    assert run("import", str(original))[0] == 0
    return records


def test_a_different_version_of_a_stored_practice_is_reported_and_kept(
    tmp_path: Path, four: list[Record]
) -> None:
    source = _export_with_changed_notes(tmp_path, four, changed=3)
    code, out, err = run("import", str(source))
    assert code == 0
    assert err == ""
    ids = ", ".join(record.id for record in four[:3])
    assert out == (
        "0 imported, 1 already present, 0 could not be read\n"
        f"3 already present with different content; kept the stored version: ids {ids}. "
        f"To take the file's version instead: numbtui import --replace {source}\n"
    )
    assert [stored()[r.id].note for r in four] == ["first 0", "first 1", "first 2", "first 3"]


def test_replace_takes_the_files_version(tmp_path: Path, four: list[Record]) -> None:
    source = _export_with_changed_notes(tmp_path, four, changed=2)
    code, out, _ = run("import", "--replace", str(source))
    assert code == 0
    ids = ", ".join(record.id for record in four[:2])
    assert out.splitlines()[1] == (
        f"2 already present with different content; took the file's version: ids {ids}"
    )
    assert [stored()[r.id].note for r in four] == ["edited 0", "edited 1", "first 2", "first 3"]
    # Importing the same file again finds nothing different any more.
    assert run("import", str(source))[1] == "0 imported, 4 already present, 0 could not be read\n"


def test_many_different_ids_are_named_up_to_ten(tmp_path: Path) -> None:
    records = [make_record(note="a") for _ in range(12)]
    first = tmp_path / "a.jsonl"
    first.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    run("import", str(first))
    code, out, _ = run("import", str(_export_with_changed_notes(tmp_path, records, 12)))
    assert code == 0
    assert " and 2 more. To take" in out.splitlines()[1]


# -- impossible records, unknown fields --------------------------------------------------------


def test_impossible_records_are_refused_with_their_line(tmp_path: Path) -> None:
    code, out, err = run("import", str(DATA / "impossible.jsonl"))
    assert code == 1
    source = DATA / "impossible.jsonl"
    assert err.splitlines() == [
        f"{source}:2: started 9990-01-01 08:30 UTC, which is still to come: a practice "
        "cannot have happened in the future",
        f"{source}:3: ended 2019-03-01 08:40 UTC, before it started (2024-03-01 08:30 UTC)",
    ]
    assert out == "2 imported, 0 already present, 2 could not be read\n"
    assert sorted(stored()) == [sample(1), sample(4)]


def test_a_little_clock_skew_is_allowed() -> None:
    now = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    data = make_record(started=now + CLOCK_SKEW - timedelta(minutes=1)).to_json_dict()
    assert Record.from_json_dict(data, now=now).started == now + CLOCK_SKEW - timedelta(minutes=1)
    data["started"] = (now + CLOCK_SKEW + timedelta(minutes=1)).isoformat()
    with pytest.raises(RecordError, match="still to come"):
        Record.from_json_dict(data, now=now)


def test_unknown_fields_are_left_out_with_one_warning_per_name() -> None:
    source = DATA / "newer-fields.jsonl"
    code, out, err = run("import", str(source))
    assert code == 0
    assert err.splitlines() == [
        f"{source}:1: the field 'energy' is not one numbtui knows; it was left out, and the "
        "known fields imported",
        f"{source}:1: the field 'mood' is not one numbtui knows; it was left out, and the "
        "known fields imported",
    ]
    assert out == "3 imported, 0 already present, 0 could not be read\n"
    assert stored()[sample(2)].note == "practice 2"


def test_unknown_fields_in_a_json_array_too(tmp_path: Path) -> None:
    items = [json.loads(line) for line in (DATA / "newer-fields.jsonl").read_text().splitlines()]
    source = tmp_path / "newer.json"
    source.write_text(json.dumps(items, indent=2))
    code, _, err = run("import", str(source))
    assert code == 0
    assert [line.split(": the field ")[1][:8] for line in err.splitlines()] == [
        "'energy'",
        "'mood' i",
    ]
    assert len(stored()) == 3


def test_the_recovery_file_stays_strict_elsewhere() -> None:
    data = {**make_record().to_json_dict(), "mood": "calm"}
    with pytest.raises(RecordError, match="unknown field 'mood'"):
        Record.from_json_dict(data)


# -- dates -------------------------------------------------------------------------------------


def test_swapped_dates_are_a_usage_error_naming_them() -> None:
    code, out, err = run(
        "history", "--format", "json", "--since", "2026-12-01", "--until", "2026-11-01"
    )
    assert code == 2
    assert out == ""
    assert err == (
        "numbtui: --until 2026-11-01 is before --since 2026-12-01; swap the two dates to see "
        "that time\n"
    )


def test_the_same_day_for_both_dates_is_fine() -> None:
    code, out, _ = run(
        "history", "--format", "json", "--since", "2026-12-01", "--until", "2026-12-01"
    )
    assert (code, out) == (0, "[]\n")


def test_hostile_files_are_kept_unchanged(tmp_path: Path) -> None:
    # Importing never changes the file it reads.
    source = tmp_path / "copy.jsonl"
    shutil.copy(DATA / "impossible.jsonl", source)
    before = source.read_bytes()
    run("import", str(source))
    assert source.read_bytes() == before


def test_the_readme_export_section_explains_the_csv_apostrophe() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("### Export and import")[1].split("\n## ")[0]
    assert "starts with `=`, `+`, `-` or `@` gets a leading `'`" in section
    assert "times are\nISO-8601 in UTC" in section
