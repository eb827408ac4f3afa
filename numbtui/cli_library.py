"""The commands about the exercise library: ``list``, ``validate``, ``schema`` and ``paths``.

None of them opens the terminal UI, and ``list`` reads the catalog's cache, so they start fast
and work in pipes and scripts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from numbtui import paths
from numbtui.cli_launch import EXIT_DATA, EXIT_OK

if TYPE_CHECKING:
    from numbtui.exercise import Exercise


def cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui list``: the exercises with title, length, source and tags.

    The length is the one the person will get: fitted to the default length saved in the
    settings, with the written one beside it when that differs (numbtui.lengths).
    """
    from numbtui.catalog import summaries
    from numbtui.lengths import WAIT_WORDS, fitted_lengths, saved_minutes

    found, problems = summaries(args.exercises)
    for problem in problems:
        print(f"skipped: {problem}", file=err)
    minutes = saved_minutes(paths.settings_file())
    fitted = fitted_lengths(found, minutes)
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "seconds": round(fitted.get(s.id, s.length).seconds, 1),
            "written_seconds": round(s.length.seconds, 1),
            "default_minutes": minutes.get(s.id) if s.id in fitted else None,
            "waits_for_you": s.length.open_ended,  # the JSON name scripts rely on
            "source": s.source.value + (" (replaces bundled)" if s.replaces_bundled else ""),
            "path": s.path,
            "tags": list(s.tags),
        }
        for s in found
    ]
    if args.json:
        from numbtui.textout import utf8

        utf8(out)  # machine-readable: UTF-8 whatever the locale
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    table = [("ID", "TITLE", "LENGTH", "SOURCE", "TAGS")]
    for s, row in zip(found, rows, strict=True):
        length = s.length.text()
        if s.id in fitted and fitted[s.id].text() != length:
            length = f"{fitted[s.id].text()} (written {length})"
        table.append((s.id, s.title, length, str(row["source"]), ", ".join(s.tags)))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for cells in table:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip(), file=out)
    notes = []
    if fitted:
        notes.append("Lengths with “written” are fitted to the default length in your settings.")
    if any(s.length.open_ended for s in found):
        notes.append(
            f"+ some steps wait for you: each counts as about {WAIT_WORDS}, "
            "and it takes as long as you need."
        )
    if notes:
        print("", *notes, sep="\n", file=out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui validate``: check files or folders; exit 1 if any is not valid."""
    from numbtui.discovery import FILE, FOLDER, exercise_files, kind_of
    from numbtui.loader import ExerciseFileError, load_file

    files: list[Path] = []
    missing = 0
    for target in args.targets:
        kind = kind_of(target)
        if kind == FOLDER:
            files.extend(exercise_files(target))
        elif kind == FILE:
            files.append(target)
        else:
            print(f"{target}:1:1: {kind}", file=out)
            missing += 1
    from numbtui.safety import breathing_notes
    from numbtui.text import shown

    bad = noted = 0
    for file in files:
        try:
            exercise = load_file(file)
        except ExerciseFileError as exc:
            bad += 1
            for problem in exc.problems:
                print(problem, file=out)
            continue
        # Notes, not problems: the file is valid and plays; the exit code stays 0.
        notes = breathing_notes(exercise.steps)
        noted += bool(notes)
        for note in notes:
            print(f"{shown(str(file))}: step {note.step_number}: note: {note.message}", file=out)
        _warn_spoken(exercise, file, out)
    good = len(files) - bad
    summary = f"{good} valid, {bad + missing} with problems"
    if noted:
        summary += f"; {noted} with a note on breathing (valid, to read before playing)"
    print(summary, file=err)
    return EXIT_DATA if bad or missing or not files else EXIT_OK


def _warn_spoken(exercise: Exercise, file: Path, out: TextIO) -> None:
    """Warn (without failing) of steps too short to be spoken at the chosen rate."""
    from numbtui.settings import load
    from numbtui.sound.score import spoken_warnings

    rate = load(paths.settings_file()).settings.speech_rate
    warnings = spoken_warnings(exercise.steps, rate)
    if not warnings:
        return
    places = _step_places(file)
    for index, message in warnings:
        line, column = places[index] if index < len(places) else (1, 1)
        step = exercise.steps[index]
        print(
            f"{file}:{line}:{column}: warning: step {index + 1} ({step.kind}): {message}",
            file=out,
        )


def _step_places(file: Path) -> list[tuple[int, int]]:
    """The line and column of each step in a file that already loaded, for warnings."""
    import yaml

    node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "steps" and isinstance(value, yaml.SequenceNode):
                return [(i.start_mark.line + 1, i.start_mark.column + 1) for i in value.value]
    return []


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui schema``: the JSON Schema of an exercise file."""
    from numbtui.exercise import json_schema
    from numbtui.textout import utf8

    utf8(out)  # machine-readable: UTF-8 whatever the locale
    json.dump(json_schema(), out, indent=2, ensure_ascii=False)
    out.write("\n")
    return EXIT_OK


def cmd_paths(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``numbtui paths``: where numbtui reads and writes."""
    rows = [
        ("config", paths.config_dir()),
        ("settings", paths.settings_file()),
        ("support contacts", paths.support_file()),
        ("your exercises", paths.user_exercises_dir()),
        ("bundled exercises", paths.bundled_exercises_dir()),
        ("data", paths.data_dir()),
        ("history", paths.database_file()),
        ("recovery", paths.recovery_file()),
        ("your own words", paths.own_words_file()),
        ("backups", paths.backups_dir()),
        ("cache", paths.cache_dir()),
    ]
    for name, location in rows:
        print(f"{name + ':':<19}{location}", file=out)
    for extra in args.exercises:
        print(f"{'extra exercises:':<19}{extra}", file=out)
    return EXIT_OK
