"""Sound is an extra: nothing outside numbtui/sound/ imports an audio or speech library, and
the CLI and the TUI start without loading any."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from numbtui.paths import bundled_exercises_dir

REPO = Path(__file__).resolve().parent.parent
AUDIO = {"miniaudio", "pyttsx3", "wave", "ctypes"}
PLAYING = ("numbtui.sound.output", "numbtui.sound.speech", "numbtui.sound.listener")


def test_only_the_sound_package_imports_audio_libraries() -> None:
    offenders = []
    for path in sorted((REPO / "numbtui").rglob("*.py")):
        if path.relative_to(REPO / "numbtui").parts[0] == "sound":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(REPO)}: {name}"
                for name in names
                if name.split(".")[0] in AUDIO or name.startswith(PLAYING)
            ]
    assert offenders == []


def loaded_after(code: str) -> list[str]:
    probe = (
        "import sys, io, contextlib\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    {code}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(AUDIO - {'ctypes', 'wave'})!r} or m.startswith({PLAYING!r}))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
    )
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize(
    "code",
    [
        "from numbtui import cli; cli.main(['list'])",
        f"from numbtui import cli; cli.main(['validate', {str(bundled_exercises_dir())!r}])",
        "import numbtui.tui.app, numbtui.tui.practice, numbtui.tui.screens.player",
    ],
)
def test_the_cli_and_the_tui_start_without_sound(code: str) -> None:
    assert loaded_after(code) == []


def test_the_probe_sees_sound_when_it_is_loaded() -> None:
    assert "numbtui.sound.output" in loaded_after("import numbtui.sound.output")
