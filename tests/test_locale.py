"""No traceback under a locale that is not UTF-8.

Each command runs in a subprocess, once with a stub encoding (``PYTHONIOENCODING`` with
``LC_ALL=C``) and once under a real ISO-8859-1 locale built with ``localedef`` (when the
machine can build one). Text for people falls back to what the encoding has ("->");
exports are UTF-8 whatever the locale.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from numbtui import paths
from numbtui.record import Record
from numbtui.store import Store
from numbtui.tui import launch
from tests.record_helpers import make_record

REPO = Path(__file__).resolve().parent.parent
NOTE = "＝1+1, then → café"


def _iso_locale(folder: Path) -> dict[str, str] | None:
    localedef = shutil.which("localedef")
    if localedef is None:
        return None
    # glibc looks the codeset up normalised: "ISO-8859-1" as "iso88591".
    made = subprocess.run(
        [localedef, "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.iso88591")],
        capture_output=True,
        check=False,
    )
    env = {"LOCPATH": str(folder), "LC_ALL": "en_US.ISO-8859-1"}
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode not in (0, 1) or probe.stdout.strip() != "iso8859-1":
        return None
    return env


@pytest.fixture(params=["stub-encoding", "localedef"])
def latin1_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    if request.param == "stub-encoding":
        return {"PYTHONIOENCODING": "iso-8859-1", "LC_ALL": "C"}
    env = _iso_locale(tmp_path_factory.mktemp("locale"))
    if env is None:
        pytest.skip("localedef cannot build an ISO-8859-1 locale here")
    return env


@pytest.fixture
def history() -> list[Record]:
    records = [make_record(note=NOTE, before=3, after=6), make_record(note="plain", before=None)]
    paths.data_dir().mkdir(parents=True)
    with Store.open(paths.database_file()) as store:
        for record in records:
            store.save(record)
    return records


def numbtui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "PYTHONPATH": str(REPO), **env}
    full.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "numbtui", *args],
        env=full,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_the_table_falls_back_to_what_the_encoding_has(
    latin1_env: dict[str, str], history: list[Record]
) -> None:
    result = numbtui(latin1_env, "history", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    table = result.stdout.decode("latin-1")
    assert "3 -> 6" in table
    assert "- -> 5" in table  # "–" (no rating) is "-"
    header, *rows = table.splitlines()
    assert {row.index("warm") for row in rows} == {header.index("Words")}  # still lined up
    assert "→" not in table


def test_csv_is_utf8_and_complete_whatever_the_locale(
    latin1_env: dict[str, str], history: list[Record]
) -> None:
    result = numbtui(latin1_env, "history", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert sorted(row["note"] for row in rows) == sorted(record.note for record in history)


def test_json_exports_are_utf8_and_import_back_the_same(
    latin1_env: dict[str, str], history: list[Record], tmp_path: Path
) -> None:
    result = numbtui(latin1_env, "history", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert {Record.from_json_dict(item) for item in exported} == set(history)


def test_insight_prints_in_any_locale(latin1_env: dict[str, str]) -> None:
    paths.data_dir().mkdir(parents=True)
    with Store.open(paths.database_file()) as store:
        for number in range(6):
            store.save(make_record(title="Cuerpo — café", before=2, after=3 + number % 3))
    result = numbtui(latin1_env, "insight", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Cuerpo — café" in result.stdout.decode("utf-8")
    result = numbtui(latin1_env, "insight")
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr


def test_the_exercise_list_prints_in_any_locale(latin1_env: dict[str, str]) -> None:
    result = numbtui(latin1_env, "list")
    assert result.returncode == 0, result.stderr
    assert b"body-scan" in result.stdout


def test_the_closing_line_falls_back_instead_of_raising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="latin-1"))
    launch.print_closing("Saved · Box breathing · 0:20 practised · 3 → 6")
    assert raw.getvalue() == "Saved · Box breathing · 0:20 practised · 3 -> 6\n".encode("latin-1")


def test_an_unsaved_record_is_printed_so_that_it_imports_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = make_record(note=NOTE)
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(raw, encoding="latin-1"))
    launch.print_unsaved([json.dumps(record.to_json_dict(), ensure_ascii=False) + "\n"])
    sys.stderr.flush()
    printed = raw.getvalue().decode("latin-1").splitlines()
    assert Record.from_json_dict(json.loads(printed[-1])) == record
