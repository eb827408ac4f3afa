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


def imported(nodes: list[ast.stmt] | ast.Module) -> list[str]:
    """Every module imported in ``nodes`` (anywhere within them)."""
    found: list[str] = []
    for node in ast.walk(nodes if isinstance(nodes, ast.Module) else ast.Module(nodes, [])):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def test_only_the_sound_package_imports_audio_libraries() -> None:
    """Audio and speech libraries only in numbtui/sound/; the playing parts of the sound
    package only lazily elsewhere (inside a function, or for type checking)."""
    offenders = []
    for path in sorted((REPO / "numbtui").rglob("*.py")):
        if path.relative_to(REPO / "numbtui").parts[0] == "sound":
            continue
        tree = ast.parse(path.read_text(), str(path))
        top = [
            node
            for node in tree.body
            if not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
            and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        offenders += [
            f"{path.relative_to(REPO)}: {name}"
            for name in imported(tree)
            if name.split(".")[0] in AUDIO
        ]
        offenders += [
            f"{path.relative_to(REPO)}: {name} at the top"
            for name in imported(top)
            if name.startswith(PLAYING)
        ]
    assert offenders == []


def test_the_check_sees_a_top_level_import_of_playback() -> None:
    tree = ast.parse("import os\nfrom numbtui.sound.output import open_output\n")
    assert "numbtui.sound.output" in imported(tree.body)


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
