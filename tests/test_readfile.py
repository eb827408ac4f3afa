"""Files that are not regular files (a named pipe, a device, a folder) are skipped, never read.

A named pipe with no writer blocks an ordinary ``open`` for ever, so each check that could hang
on the old code runs in a subprocess with a timeout: a hang fails the test instead of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from numbtui import paths
from numbtui.readfile import NotRegularFileError, open_regular, read_regular

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 30.0
"""Far beyond any of these runs; only a process stuck on a pipe gets near it."""

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter with this test's folders; fails the test on a hang."""
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("numbtui waited on the named pipe instead of skipping it")


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def test_a_named_pipe_is_refused_at_once_and_named(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "pipe")
    with pytest.raises(NotRegularFileError) as caught:
        open_regular(pipe)
    assert caught.value.strerror == "it is a named pipe (FIFO), not a regular file"
    assert caught.value.filename == str(pipe)


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError, match="character device"):
        open_regular("/dev/null")
    with pytest.raises(NotRegularFileError, match="folder"):
        open_regular(tmp_path)


def test_a_regular_file_is_read_up_to_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "f"
    file.write_bytes(b"abcdef")
    assert read_regular(file) == b"abcdef"
    assert read_regular(file, 3) == b"abc"
    with pytest.raises(FileNotFoundError):
        open_regular(tmp_path / "missing")


APP_START = """
    import asyncio
    from numbtui.options import LaunchOptions
    from numbtui.tui import launch
    from numbtui.tui.app import NumbtuiApp

    async def main():
        app = NumbtuiApp(launch.build_context(LaunchOptions()))
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(500):
                if app.context.ready and app._notifications:
                    break
                await pilot.pause(0.02)
            for notice in app._notifications:
                print(notice.title, "|", notice.message.replace("\\n", " "))
            await pilot.press("ctrl+q")

    asyncio.run(main())
"""


def test_a_named_pipe_as_settings_file_starts_the_app_with_a_notice() -> None:
    settings = fifo(paths.settings_file())
    result = run_python(APP_START)
    assert result.returncode == 0, result.stderr
    assert f"Settings not read | {settings}:1:1: cannot read: it is a named pipe (FIFO)" in (
        result.stdout
    )


def test_a_named_pipe_as_state_file_starts_the_app_with_a_notice() -> None:
    state = fifo(paths.state_file())
    result = run_python(APP_START)
    assert result.returncode == 0, result.stderr
    assert (
        f"File skipped | {state} was skipped: it is a named pipe (FIFO), not a regular file."
        in result.stdout.splitlines()
    )


def test_named_pipes_as_caches_are_skipped_and_replaced() -> None:
    catalog = fifo(paths.cache_dir() / "catalog.json")
    appearance = fifo(paths.cache_dir() / "appearance.json")
    result = run_python(APP_START)
    assert result.returncode == 0, result.stderr
    # A cache is disposable: it is written again as a regular file, without a word.
    assert catalog.is_file()
    assert appearance.is_file()


def test_import_of_a_named_pipe_is_one_line_and_exit_1(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "export.jsonl")
    result = run_python(
        "from numbtui.cli import main; raise SystemExit(main())", "import", str(pipe)
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"numbtui: Could not read {pipe}: it is a named pipe (FIFO), not a regular file\n"
    )


def test_a_named_pipe_as_support_file_is_a_problem(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "support.yaml")
    result = run_python(
        "import sys\n"
        "from pathlib import Path\n"
        "from numbtui.support import load_contacts\n"
        "print(*load_contacts(Path(sys.argv[1])).problems)\n",
        str(pipe),
    )
    assert result.stdout == (
        f"{pipe}:1:1: cannot read: it is a named pipe (FIFO), not a regular file\n"
    )


def test_a_named_pipe_given_as_an_exercise_file_is_a_problem(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "walk.yaml")
    result = run_python(
        "import sys\n"
        "from pathlib import Path\n"
        "from numbtui.loader import ExerciseFileError, load_file\n"
        "try:\n"
        "    load_file(Path(sys.argv[1]))\n"
        "except ExerciseFileError as exc:\n"
        "    print(*exc.problems)\n",
        str(pipe),
    )
    assert result.stdout == (
        f"{pipe}:1:1: cannot read: it is a named pipe (FIFO), not a regular file\n"
    )
