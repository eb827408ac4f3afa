"""Problems in a YAML document said in words a non-programmer can act on.

:mod:`numbtui.yamldoc` finds where a problem is; this module says what it is and how to fix
it: where it is in the author's own terms ("step 3 (breathe), exhale" rather than pydantic's
``steps.2.exhale``, which counts from 0), ranges with the allowed values, and PyYAML's syntax
errors as a plain sentence with the likely fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel


def place(root: yaml.Node, parts: Sequence[int | str], kinds: Sequence[str] = ()) -> str:
    """Where ``parts`` points, as an author counts: list items from 1, named by their kind.

    ``steps.2.exhale`` becomes ``step 3 (breathe), exhale``; ``contacts.0`` ``contact 1``.
    An item is named by its ``kind`` only when that is one of ``kinds``.
    """
    words: list[str] = []
    node: yaml.Node | None = root
    tail: list[str] = []
    for index, part in enumerate(parts):
        child = _child(node, part)
        if isinstance(part, int) and index > 0 and isinstance(parts[index - 1], str):
            name = str(parts[index - 1])
            if tail and tail[-1] == name:
                tail.pop()
            label = f"{singular(name)} {part + 1}"
            kind = _kind_of(child)
            if kind in kinds:
                label += f" ({kind})"
            if tail:
                words.append(".".join(tail))
                tail = []
            words.append(label)
        else:
            tail.append(str(part))
        node = child
    if tail:
        words.append(".".join(tail))
    return ", ".join(words)


def _child(node: yaml.Node | None, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        for key, value in pairs:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items: list[yaml.Node] = node.value
        return items[part] if 0 <= part < len(items) else None
    return None


def _kind_of(node: yaml.Node | None) -> str:
    value = _child(node, "kind")
    if isinstance(value, yaml.ScalarNode) and value.value.isidentifier():
        return str(value.value)
    return ""


# --- ranges ---------------------------------------------------------------------------------


@functools.cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _deref(schema: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    for _ in range(32):  # a schema's references never chain further than this
        ref = item.get("$ref")
        if not isinstance(ref, str):
            break
        item = schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
    return item


def _schema_at(model: type[BaseModel], loc: Sequence[int | str]) -> dict[str, Any] | None:
    """The JSON Schema of the field a pydantic location points at (None if not found)."""
    schema = _schema(model)
    item: dict[str, Any] = schema
    for part in loc:
        item = _deref(schema, item)
        if isinstance(part, int) and isinstance(item.get("items"), dict):
            item = item["items"]
            continue
        properties = item.get("properties", {})
        mapping = item.get("discriminator", {}).get("mapping", {})
        if part in properties:
            item = properties[part]
        elif part in mapping:
            item = {"$ref": mapping[part]}
        elif isinstance(item.get("additionalProperties"), dict):
            item = item["additionalProperties"]
        elif isinstance(item.get("patternProperties"), dict) and item["patternProperties"]:
            item = next(iter(item["patternProperties"].values()))
        else:
            return None
    return _deref(schema, item)


def _number(value: float) -> str:
    return f"{value:g}"


def range_message(
    model: type[BaseModel], loc: Sequence[int | str], error: dict[str, Any], written: str
) -> str | None:
    """ "should be a number from 0.5 to 60 (it is 0)", from the field's own schema."""
    item = _schema_at(model, loc)
    if item is None:
        return None
    options = [item, *[_deref(_schema(model), o) for o in item.get("anyOf", [])]]
    for option in options:
        if option.get("type") in {"number", "integer"}:
            break
    else:
        return None
    whole = option.get("type") == "integer"
    low, high = option.get("minimum"), option.get("maximum")
    above = option.get("exclusiveMinimum")
    what = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        allowed = f"{what} from {_number(low)} to {_number(high)}"
    elif above is not None and high is not None:
        allowed = f"{what} above {_number(above)} and at most {_number(high)}"
    elif low is not None:
        allowed = f"{what} of at least {_number(low)}"
    elif high is not None:
        allowed = f"{what} of at most {_number(high)}"
    else:
        return None
    shown = written or str(error.get("input", ""))
    return f"should be {allowed} (it is {shown})" if shown else f"should be {allowed}"


_FAMILY = re.compile(r"\^\[a-z0-9\]\[a-z0-9-\]\{0,(\d+)\}\$")


def pattern_message(pattern: str) -> str:
    """What a text with a fixed form (an id, a tag, a theme name) should look like."""
    from numbtui.discovery import ID_REGEX, ID_RULE  # cheap; here to keep imports one-way

    if pattern in {ID_REGEX, f"^{ID_REGEX}$"}:
        return f"should be {ID_RULE}"
    family = _FAMILY.fullmatch(pattern)
    if family:
        longest = int(family.group(1)) + 1
        return f"should be lower-case letters, digits and dashes (-), at most {longest} characters"
    return "is not in the allowed form"


def singular(name: str) -> str:
    """``steps`` -> ``step``: how one item of a list field is called."""
    return name[:-1] if name.endswith("s") and len(name) > 1 else name


# --- YAML syntax ----------------------------------------------------------------------------

_KEY_AT = re.compile(r"\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:")
_KEY_NO_SPACE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:\S")


def _line(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    return lines[mark.line] if 0 <= mark.line < len(lines) else ""


def _indentation(line: str, column: int, context: str, problem: str) -> str | None:
    """The fix for a line that does not fit the structure around it."""
    if "mapping values are not allowed" in problem:
        if ": " in line[:column] or line[:column].rstrip().endswith(":"):
            return (
                "a second ': ' on this line; if it is part of the text, put the whole text "
                "in quotes"
            )
        return (
            "the indentation does not match the lines above: the fields of one step line up "
            "under each other"
        )
    if context == "while parsing a block collection" and "but found '?'" in problem:
        key = _KEY_AT.match(line)
        if key:
            return f"each step starts with '- ': did you forget '- ' before {key.group(1)}?"
    if "expected <block end>" in problem:
        if "<scalar>" in problem:
            return "more text after a closing quote; put the whole text inside one pair of quotes"
        return (
            "the indentation does not match the lines above: the fields of one step line up "
            "under each other, two spaces in from the '- '"
        )
    return None


def _unclosed(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str] | None:
    """A bracket or quote that is opened and never closed."""
    context = exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark else 0
    if context.startswith("while parsing a flow"):
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        message = f"the '{bracket}' opened on line {opened} is not closed with '{close}'"
        return exc.problem_mark or exc.context_mark, message
    if context == "while scanning a quoted scalar" and "end of stream" in (exc.problem or ""):
        message = (
            f"the quote opened on line {opened} is never closed; end the text with the same quote"
        )
        return exc.context_mark or exc.problem_mark, message
    return None


def syntax_message(text: str, exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str]:
    """Where a YAML syntax error is best pointed at, and a plain sentence with the likely fix.

    PyYAML's own words are kept (after "YAML syntax:") only for the rare errors not known here.
    """
    context = exc.context or ""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    if "found character '\\t'" in problem:
        return mark, "tabs cannot be used for indentation; use spaces"
    if context == "while scanning a simple key":
        start = exc.context_mark or mark
        if _KEY_NO_SPACE.match(_line(text, start)):
            return start, "put a space after ':' (write 'field: value')"
        return start, "this line is not 'field: value': add ': ' after the field's name"
    column = exc.problem_mark.column if exc.problem_mark else 0
    fix = _indentation(_line(text, exc.problem_mark), column, context, problem)
    if fix:
        return mark, fix
    unclosed = _unclosed(exc)
    if unclosed:
        return unclosed
    if "that cannot start any token" in problem:
        found = re.search(r"found character (.+?) that", problem)
        char = found.group(1) if found else "this character"
        return mark, f"a value cannot start with {char}; put the text in quotes"
    if context == "expected a single document in the stream":
        return mark, "a second document starts here ('---'); keep one exercise per file"
    if "could not determine a constructor for the tag" in problem:
        tag = problem.removeprefix("could not determine a constructor for the tag ")
        return mark, f"the tag {tag} is not allowed: numbtui reads plain YAML, without tags"
    words = " ".join(part for part in (context, problem) if part)
    return mark, f"YAML syntax: {words or 'invalid document'}"
