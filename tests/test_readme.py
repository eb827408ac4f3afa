"""The README stays true: its authoring reference names every field, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from numbtui.cli import COMMANDS
from numbtui.exercise import json_schema

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _fields(schema: dict[str, object]) -> set[str]:
    names: set[str] = set()
    for definition in [schema, *dict(schema.get("$defs", {})).values()]:  # type: ignore[call-overload]
        names.update(dict(definition.get("properties", {})))
    return names


def test_reference_names_every_field_of_the_schema() -> None:
    missing = sorted(name for name in _fields(json_schema()) if f"`{name}`" not in README)
    assert missing == []


def test_usage_names_every_command() -> None:
    missing = sorted(name for name in COMMANDS if f"`numbtui {name}" not in README)
    assert missing == []


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)
    assert len(commands) == 2
    assert commands[0].endswith("numbtui")
    assert "pytest" in commands[1]


def test_readme_example_is_a_valid_exercise() -> None:
    from numbtui.loader import parse

    example = README.split("A complete example:", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    exercise = parse(example, path="README.md")
    assert exercise.title == "Feet and breath"
    assert len(exercise.steps) == 4
