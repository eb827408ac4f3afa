"""``numbtui log``: a moment noted in one line, or asked for in a terminal; bad input saves
nothing."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from numbtui import cli, paths
from numbtui.moodlog import logged_line, parse_value, parse_words
from numbtui.record import LOG, Record
from numbtui.store import Store

REPO = Path(__file__).resolve().parent.parent


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO(stdin)
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def _nothing_saved() -> bool:
    database = paths.database_file()
    if not database.exists():
        return not paths.recovery_file().exists()
    with Store.open(database) as store:
        return store.count() == 0 and not paths.recovery_file().exists()


def test_a_whole_log_saves_at_once_and_history_shows_it() -> None:
    code, out, err = run("log", "3", "--words", "nothing / blank", "--note", "blank day")
    assert (code, out, err) == (0, "Logged · 3 · nothing / blank\n", "")
    code, out, _ = run("history", "--format", "json")
    [item] = json.loads(out)
    assert code == 0
    assert (item["kind"], item["after"], item["before"]) == (LOG, 3, None)
    assert (item["words"], item["note"], item["exercise_id"]) == (
        ["nothing / blank"],
        "blank day",
        "",
    )


def test_words_are_comma_separated_any_case_and_the_line_says_them() -> None:
    code, out, _ = run("log", "0", "--words", "Tired, nothing / blank", "--words", "tired")
    assert (code, out) == (0, "Logged · 0 · tired, nothing / blank\n")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("log", "11"), "'11' is not a number from 0 to 10"),
        (("log", "lots"), "'lots' is not a number from 0 to 10"),
        (("log", "-1"), "is not a number from 0 to 10"),
        (("log", "3.5"), "'3.5' is not a number from 0 to 10"),
        (("log", "3", "--words", "tired,joyful"), "'joyful' is not one of the words"),
        (("log", "3", "--note", "n" * 501), "the note is longer than 500 characters"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_saved(argv: tuple[str, ...], said: str) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert said in err
    assert _nothing_saved()


def test_without_a_number_or_a_terminal_it_says_what_is_needed() -> None:
    code, out, err = run("log", "--words", "tired")
    assert (code, out) == (2, "")
    assert err.startswith("numbtui: numbtui log needs how much you can feel right now")
    assert err.count("\n") == 1
    assert _nothing_saved()


def test_a_log_the_history_cannot_take_goes_to_the_recovery_file() -> None:
    database = paths.database_file()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"this is someone else's file " * 200)
    code, out, err = run("log", "2", "--words", "far away")
    assert (code, out) == (1, "")
    assert "Your log is safe in a recovery file" in err
    [line] = paths.recovery_file().read_text(encoding="utf-8").splitlines()
    record = Record.from_json_dict(json.loads(line))
    assert (record.kind, record.after, record.words) == (LOG, 2, ("far away",))


def test_the_parsers_and_the_line() -> None:
    assert parse_value(" 7 ") == 7
    assert parse_words(["far away,FAR AWAY", " calm "]) == ("far away", "calm")
    log = Record.new_log(
        at=__import__("datetime").datetime.now().astimezone(), value=None, note="x"
    )
    assert logged_line(log) == "Logged · a note"


# -- in a real terminal -----------------------------------------------------------------------


def _read_until(fd: int, deadline: float, wanted: bytes, seen: bytearray) -> bool:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the process ended and closed its end
            break
        if not chunk:
            break
        seen.extend(chunk)
        if wanted in seen:
            return True
    return wanted in seen


def test_log_without_a_number_in_a_terminal_asks_and_saves_what_is_typed(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NUMBTUI_CONFIG_DIR": str(tmp_path / "config"),
        "NUMBTUI_DATA_DIR": str(tmp_path / "data"),
        "NUMBTUI_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "PYTHONPATH": str(REPO),
    }
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "numbtui", "log", "--words", "tired"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        assert _read_until(master, time.monotonic() + 30, b"Log how I feel", seen), bytes(seen)
        _read_until(master, time.monotonic() + 1.0, b"\x00never\x00", seen)  # let it settle
        os.write(master, b"4")
        _read_until(master, time.monotonic() + 1.0, b"\x00never\x00", seen)
        os.write(master, b"\r")
        _read_until(master, time.monotonic() + 20, b"Logged", seen)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            os.close(master)
    output = bytes(seen).decode("utf-8", "replace")
    assert "Traceback" not in output
    assert code == 0
    assert "Logged · 4 · tired" in output
    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        [record] = list(store.iter_records())
    assert (record.kind, record.after, record.words) == (LOG, 4, ("tired",))


# -- history and insight ----------------------------------------------------------------------


def _practices_and_logs() -> None:
    from datetime import timedelta

    from tests.record_helpers import BASE, make_record

    with Store.open(paths.database_file()) as store:
        store.import_records(
            [
                *(
                    make_record(started=BASE + timedelta(days=n), before=2, after=6)
                    for n in range(5)
                ),
                *(Record.new_log(at=BASE + timedelta(days=n, hours=3), value=0) for n in range(3)),
            ]
        )


@pytest.mark.parametrize(
    ("kind", "kinds"),
    [("logs", {"log": 3}), ("practices", {"practice": 5}), ("all", {"log": 3, "practice": 5})],
)
def test_history_kind_keeps_practices_or_logs(kind: str, kinds: dict[str, int]) -> None:
    _practices_and_logs()
    code, out, _ = run("history", "--format", "json", "--kind", kind)
    found: dict[str, int] = {}
    for item in json.loads(out):
        found[item["kind"]] = found.get(item["kind"], 0) + 1
    assert (code, found) == (0, kinds)


def test_history_table_of_logs_alone_says_so_when_empty() -> None:
    code, out, err = run("history", "--format", "table", "--kind", "logs")
    assert (code, out) == (0, "")
    assert err == "No practice recorded yet.\n"
    with Store.open(paths.database_file()):
        pass
    assert run("history", "--format", "table", "--kind", "logs")[2] == "Nothing logged matches.\n"


def test_insight_counts_logs_apart_and_leaves_them_out_of_the_change() -> None:
    _practices_and_logs()
    code, out, _ = run("insight")
    assert code == 0
    # Were the logs' zeros mixed in, Body scan would show 8 rated and a smaller change.
    assert out.splitlines()[1].split() == ["Body", "scan", "5", "+4.0", "+4"]
    assert out.rstrip().endswith("3 moments logged")
    code, out, _ = run("insight", "--format", "json")
    [helps] = json.loads(out)
    assert (helps["rated_practices"], helps["mean_change"]) == (5, 4.0)


def test_insight_with_only_logs_says_the_logs_first_in_one_line() -> None:
    from tests.record_helpers import BASE

    with Store.open(paths.database_file()) as store:
        store.save(Record.new_log(at=BASE, value=3))
    assert run("insight") == (0, "1 moment logged. No practices yet.\n", "")
    # A period: what there is not is said for that period.
    assert run("insight", "--since", "2020-01-01") == (
        0,
        "1 moment logged. No practices in this period.\n",
        "",
    )
    # JSON lists exercises only: a log is none (history --kind logs lists them).
    assert run("insight", "--format", "json") == (0, "[]\n", "")


def test_insight_with_neither_or_only_practices_says_no_log_count() -> None:
    with Store.open(paths.database_file()):
        pass
    assert run("insight") == (0, "", "No practice matches.\n")
    from tests.record_helpers import make_record

    with Store.open(paths.database_file()) as store:
        store.save(make_record())
    code, out, err = run("insight")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("Body scan")
    assert "logged" not in out


def test_log_without_a_number_in_plain_mode_asks_as_typed_answers(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NUMBTUI_CONFIG_DIR": str(tmp_path / "config"),
        "NUMBTUI_DATA_DIR": str(tmp_path / "data"),
        "NUMBTUI_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "NUMBTUI_PLAIN": "1",
        "PYTHONPATH": str(REPO),
    }
    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "numbtui", "log", "--note", "after the meeting"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        assert _read_until(master, time.monotonic() + 30, b"Type a number", seen), bytes(seen)
        os.write(master, b"lots\n")  # not understood: asked again, gently
        assert _read_until(master, time.monotonic() + 10, b"fits here", seen), bytes(seen)
        os.write(master, b"3\n")
        assert _read_until(master, time.monotonic() + 10, b"numbers of the words", seen)
        os.write(master, b"10 1\n")  # tired, nothing / blank
        _read_until(master, time.monotonic() + 20, b"Logged", seen)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            os.close(master)
    output = bytes(seen).decode("utf-8", "replace")
    assert "Traceback" not in output
    assert "\x1b[?1049h" not in output  # no full-screen app: lines only
    assert code == 0
    assert "Logged · 3 · tired, nothing / blank" in output
    assert "A note for yourself" not in output  # given on the command line, not asked
    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        [record] = list(store.iter_records())
    assert (record.after, record.words, record.note) == (
        3,
        ("tired", "nothing / blank"),
        "after the meeting",
    )


def test_plain_history_says_a_log_and_a_switch_in_words() -> None:
    from numbtui.plain.history import line_of
    from tests.record_helpers import BASE, make_record

    log = Record.new_log(at=BASE, value=3, words=["tired"])
    line = line_of(log)
    assert "Logged moment. Could feel 3. Words: tired." in line
    assert "practised" not in line
    switched = line_of(make_record(finished=False, switched_to="eyes-open"))
    assert "practised, switched to grounding." in switched


def test_plain_history_of_logs_only_says_nothing_logged_matches() -> None:
    from tests.record_helpers import make_record

    with Store.open(paths.database_file()) as store:
        store.save(make_record())
    code, out, _ = run("history", "--plain", "--kind", "logs")
    assert (code, out) == (0, "Nothing logged matches.\n")
    code, out, _ = run("history", "--plain", "--kind", "practices", "--since", "2099-01-01")
    assert (code, out) == (0, "No practice matches.\n")


@pytest.mark.parametrize("format_", ["json", "table"])
def test_history_of_logs_for_one_exercise_is_a_usage_error(format_: str) -> None:
    _practices_and_logs()
    code, out, err = run(
        "history", "--format", format_, "--kind", "logs", "--exercise", "body-scan"
    )
    assert (code, out) == (2, "")
    assert err.startswith("numbtui: --kind logs lists moments logged")
    assert "leave out --exercise" in err
