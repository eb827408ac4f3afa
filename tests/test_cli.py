"""The command line: listing, validating, schema, paths, exit codes and the import boundary."""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from numbtui import cli
from numbtui.exercise import json_schema
from numbtui.paths import bundled_exercises_dir
from numbtui.recovery import record_line
from numbtui.store import Store
from tests.record_helpers import make_record

REPO = Path(__file__).resolve().parent.parent
BUNDLED_IDS = {
    "body-scan",
    "body-scan-short",
    "box-breathing",
    "breathing-4-4-4",
    "breathing-4-7-8",
    "resonance-breathing",
    "cyclic-sighing",
    "five-senses",
    "mindful-walking",
    "morning-stretch",
    "name-it",
    "eyes-open",
}

GOOD = """\
title: My own scan
summary: A short one of my own.
steps:
  - kind: guide
    text: Notice your feet.
    seconds: 30
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors and --version
        code = int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_list_json_shows_every_bundled_exercise() -> None:
    code, out, _ = run("list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {row["id"] for row in rows} == BUNDLED_IDS
    assert all(row["source"] == "bundled" for row in rows)
    assert all(row["seconds"] > 0 for row in rows)


def test_list_table_has_a_row_per_exercise() -> None:
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LENGTH", "SOURCE", "TAGS"]
    for exercise_id in BUNDLED_IDS:
        assert any(line.startswith(exercise_id + " ") for line in lines)


def test_user_file_replaces_bundled_and_list_says_so(tmp_path: Path) -> None:
    user = Path(os.environ["NUMBTUI_CONFIG_DIR"]) / "exercises"
    user.mkdir(parents=True)
    (user / "body-scan.yaml").write_text(GOOD)
    (user / "broken.yaml").write_text("title: [\n")
    code, out, err = run("list", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["body-scan"]["title"] == "My own scan"
    assert rows["body-scan"]["source"] == "user (replaces bundled)"
    assert "broken" not in rows
    assert len(rows) == len(BUNDLED_IDS)
    assert "broken.yaml:2:1:" in err


def test_exercises_flag_adds_a_folder(tmp_path: Path) -> None:
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "mine.yaml").write_text(GOOD)
    code, out, _ = run("--exercises", str(extra), "list", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["mine"]["source"] == "path"


def test_exercises_flag_may_come_before_and_after_the_command(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "mine"), (second, "theirs")):
        folder.mkdir()
        (folder / f"{name}.yaml").write_text(GOOD)
    code, out, _ = run("--exercises", str(first), "list", "--exercises", str(second), "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["mine"]["source"] == rows["theirs"]["source"] == "path"
    args = cli.parse_arguments(
        cli.build_parser(),
        ["--exercises", "a", "play", "x", "--exercises", "b", "--exercises", "c"],
    )
    assert args.exercises == [Path("a"), Path("b"), Path("c")]
    assert args.exercise_id == "x"


def test_validate_good_and_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    assert run("validate", str(good))[0] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("seconds: 30", "seconds: 0"))
    code, out, _ = run("validate", str(good), str(bad))
    assert code == 1
    assert out.strip() == (
        f"{bad}:6:14: step 1 (guide), seconds: should be a number from 1 to 3600 (it is 0)"
    )


def test_validate_bundled_folder_is_clean() -> None:
    code, out, err = run("validate", str(bundled_exercises_dir()))
    assert code == 0, out
    assert err == f"{len(BUNDLED_IDS)} valid, 0 with problems\n"
    assert out == ""  # no notes on breathing either


def test_validate_missing_path_is_a_data_error(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "nope.yaml:1:1: no such file or folder" in out


def test_a_path_the_system_refuses_is_named_as_such_not_as_an_output_failure(
    tmp_path: Path,
) -> None:
    too_long = tmp_path / ("x" * 300)  # ENAMETOOLONG from a plain is_dir()
    code, out, err = run("validate", str(too_long))
    assert code == 1
    assert out == f"{too_long}:1:1: cannot be read (File name too long)\n"
    assert "could not write the output" not in err
    code, out, err = run("--exercises", str(too_long), "list")
    assert code == 0  # the other exercises are still listed
    assert "body-scan" in out
    assert f"{too_long}:1:1: cannot be read (File name too long)" in err


def test_a_device_or_pipe_is_no_exercise_and_says_so(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target in (Path("/dev/null"), pipe):
        code, out, _ = run("validate", str(target))
        assert (code, out) == (1, f"{target}:1:1: is not a regular file or a folder\n")
    code, _, err = run("--exercises", str(pipe), "list")
    assert code == 0
    assert f"{pipe}:1:1: is not a regular file or a folder" in err


def test_an_error_from_the_system_names_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(args: object, out: object, err: object) -> int:
        raise PermissionError(13, "Permission denied", "/some/where")

    monkeypatch.setitem(cli.COMMANDS, "paths", refuse)
    code, _, err = run("paths")
    assert (code, err) == (1, "numbtui: Permission denied: /some/where\n")


def test_schema_command_matches_committed_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    committed = json.loads((REPO / "exercises" / "exercise.schema.json").read_text())
    assert json.loads(out) == committed == json_schema()


def test_paths_follow_the_environment() -> None:
    code, out, _ = run("paths")
    assert code == 0
    assert f"config:            {os.environ['NUMBTUI_CONFIG_DIR']}" in out
    assert os.environ["NUMBTUI_DATA_DIR"] in out
    assert f"cache:             {os.environ['NUMBTUI_CACHE_DIR']}" in out


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("numbtui ")


def test_unknown_command_is_a_usage_error() -> None:
    assert run("dance")[0] == 2


def test_bad_minutes_is_a_usage_error() -> None:
    assert run("play", "body-scan", "--minutes", "-1")[0] == 2
    assert run("play", "body-scan", "--minutes", "nan")[0] == 2


def test_play_unknown_id_suggests_close_ids() -> None:
    code, _, err = run("play", "body-scn")
    assert code == 1
    assert "no exercise called 'body-scn'" in err
    assert "body-scan" in err


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "list", interrupted)
    code, _, err = run("list")
    assert code == 130
    assert "interrupted" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["validate", "exercises"],
        ["schema"],
        ["paths"],
        ["history", "--format", "json"],
    ],
)
def test_non_tui_commands_do_not_import_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from numbtui import cli\n"
        "import contextlib, io\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    cli.main({argv!r})\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


def _imports(tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """Every module ``tree`` imports, and whether at the top level (not inside a function)."""
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            yield name, id(node) in top_level


def test_nothing_outside_tui_imports_textual_or_rich() -> None:
    """The import boundary: textual and rich only under numbtui/tui/; the rest of numbtui may
    reach the TUI only lazily, from inside a function (the CLI starting the app)."""
    offenders = []
    for path in sorted((REPO / "numbtui").rglob("*.py")):
        if path.relative_to(REPO / "numbtui").parts[0] == "tui":
            continue
        for name, top_level in _imports(ast.parse(path.read_text(), str(path))):
            root = name.split(".")[0]
            if root in {"textual", "rich"} or (top_level and name.startswith("numbtui.tui")):
                offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert offenders == []


def test_the_boundary_check_sees_imports_anywhere_in_a_module() -> None:
    tree = ast.parse(
        "import os\n"
        "from numbtui.tui.app import NumbtuiApp\n"
        "def later():\n"
        "    from textual.app import App\n"
        "    import rich.text\n"
    )
    assert sorted(_imports(tree)) == [
        ("numbtui.tui.app", True),
        ("os", True),
        ("rich.text", False),
        ("textual.app", False),
    ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--minutes", "2", "--reduce-motion", "play", "x"], (2.0, True, None, None)),
        (["play", "x", "--minutes", "3", "--no-bell"], (3.0, None, False, None)),
        (["--bell", "play", "x", "--no-checkin"], (None, None, True, False)),
        (["play", "x"], (None, None, None, None)),
    ],
)
def test_play_flags_work_before_or_after_the_command(
    argv: list[str], expected: tuple[object, ...]
) -> None:
    args = cli.build_parser().parse_args(argv)
    assert (args.minutes, args.reduce_motion, args.bell, args.checkin) == expected


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_failing_output_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "numbtui", "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == "numbtui: could not write the output: No space left on device"


def test_import_brings_records_in_and_says_how_many(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(record_line(make_record()) + "\n" + record_line(make_record()) + "\n")
    code, out, err = run("import", str(source))
    assert code == 0, err
    assert "2 imported" in out + err
    code, out, err = run("import", str(source))
    assert (code, "0 imported" in out + err) == (0, True)


def test_import_into_a_damaged_history_is_refused_and_leaves_it_untouched(tmp_path: Path) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    with Store.open(database) as store:
        store.import_records(make_record() for _ in range(300))
    with database.open("r+b") as handle:  # damage a page in the middle of the table
        handle.seek(5 * 4096)
        handle.write(b"\xa5" * 4096)
    before = database.read_bytes()
    source = tmp_path / "in.jsonl"
    source.write_text(record_line(make_record()) + "\n")
    code, _, err = run("import", str(source))
    assert code == 1
    assert "damaged" in err
    assert "left untouched" in err
    assert database.read_bytes() == before


def test_export_of_an_exercise_never_practised_says_so() -> None:
    from numbtui import paths

    with Store.open(paths.database_file()) as store:
        store.save(make_record())  # a body scan
    code, out, err = run("history", "--format", "json", "--exercise", "body-scna")
    assert (code, out) == (0, "[]\n")
    assert err == (
        "No practice of 'body-scna' in your history; `numbtui list` shows the exercise ids.\n"
    )
    code, out, err = run("history", "--format", "json", "--exercise", "body-scan")
    assert code == 0
    assert len(json.loads(out)) == 1
    assert err == ""


def test_history_without_a_terminal_suggests_the_export() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "numbtui", "history"],
        capture_output=True,  # stdin and stdout are pipes, not a terminal
        check=False,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "numbtui: the app needs a terminal; try `numbtui history --format csv` or --help"
    )


@pytest.mark.parametrize(
    ("redirect", "expected"),
    [
        (">&-", "numbtui: standard output is closed, so there is nowhere to write"),
        ("<&-", "numbtui: the app needs a terminal; try `numbtui list` or --help"),
    ],
    ids=["stdout-closed", "stdin-closed"],
)
def test_a_closed_standard_stream_is_one_line_not_a_traceback(redirect: str, expected: str) -> None:
    command = "list --json" if redirect == ">&-" else "play body-scan"
    result = subprocess.run(
        ["sh", "-c", f'"$0" -m numbtui {command} {redirect}', sys.executable],
        capture_output=True,  # the shell closes the stream in numbtui after this
        check=False,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode in (1, 2)
    assert result.stderr.strip() == expected


def test_play_reads_each_exercise_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library read to check the id is the one the app is built with (not read again)."""
    from numbtui import library as library_module
    from numbtui.tui import launch

    reads: list[str] = []
    real_load = library_module.load_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        reads.append(Path(path).name)
        return real_load(path, *args, **kwargs)  # type: ignore[arg-type]

    built: list[object] = []

    def fake_run(options: object, library: object = None) -> int:
        built.append(launch.build_context(options, library))  # type: ignore[arg-type]
        return 0

    monkeypatch.setattr(library_module, "load_file", counting)
    monkeypatch.setattr(launch, "run", fake_run)
    code, _, err = run("play", "breathing-4-4-4")
    assert code == 0, err
    assert len(built) == 1
    assert sorted(reads) == sorted(set(reads))  # no file read twice
    assert len(reads) == len(BUNDLED_IDS)
