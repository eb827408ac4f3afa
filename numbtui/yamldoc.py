"""Strict, safe YAML documents validated by pydantic, with ``path:line:col`` problems.

Only safe YAML is accepted: no anchors or aliases (so no "billion laughs"), no custom tags,
no merge keys, no duplicate keys, no deeper nesting than a real document needs. Every problem
is reported as ``path:line:col: field.path: message`` at the YAML node that caused it, by
mapping pydantic's error locations back to the nodes' marks. For any input whatsoever,
:func:`parse_model` raises :class:`DocumentError` and nothing else. Exercise files and the
settings file both go through here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from numbtui.docwords import pattern_message, place, range_message, singular, syntax_message
from numbtui.errors import NumbtuiError
from numbtui.problem import Problem

MAX_DEPTH = 24
M = TypeVar("M", bound=BaseModel)


def read_limited(path_text: str, data: bytes, max_bytes: int) -> str:
    """The text of a file already read with at most ``max_bytes + 1`` bytes."""
    if len(data) > max_bytes:
        raise DocumentError(
            [Problem(path_text, 1, 1, f"the file is larger than {max_bytes // 1024} KiB")]
        )
    return decode(path_text, data)


class DocumentError(NumbtuiError):
    """A YAML document is not valid; carries every problem found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Reject(Exception):
    """Raised inside the YAML composer for input numbtui refuses on purpose."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _StrictComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing anchors, aliases and deep nesting as it builds the nodes."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        mark: yaml.Mark | None = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise _Reject("YAML aliases (*name) are not allowed", mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Reject("YAML anchors (&name) are not allowed", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Reject("the document is nested too deeply", mark)
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _StrictComposer,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """PyYAML's pure-Python safe loader under the strict composer: its error messages are the
    ones :mod:`numbtui.docwords` translates, so every problem is said by this one."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _StrictComposer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_FastLoader: Callable[[str], Any] | None = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CStrictLoader(
        _StrictComposer,
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml's scanner and parser (in C, several times faster) under the same strict
        composer, which keeps every node's line and column."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader = _CStrictLoader


def _mark_of(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_keys(node: yaml.Node, path: str) -> list[Problem]:
    """Duplicate keys and non-string keys, which PyYAML would silently accept."""
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                line, col = _mark_of(key)
                if not isinstance(key, yaml.ScalarNode):
                    problems.append(Problem(path, line, col, "keys must be plain words"))
                    continue
                if key.tag == "tag:yaml.org,2002:merge":
                    problems.append(Problem(path, line, col, "merge keys (<<) are not allowed"))
                if key.value in seen:
                    message = f"duplicate key {key.value!r}"
                    if key.value == "kind":
                        # Two kinds in one mapping: a new step written without its "- ".
                        message += "; did you forget '- ' before kind?"
                    problems.append(Problem(path, line, col, message))
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def _is_tag_of(node: yaml.MappingNode, part: int | str) -> bool:
    """Whether ``part`` is the value of one of the mapping's fields: a discriminated union's
    tag (such as ``guide`` in ``steps.0.guide.seconds``), which pydantic adds to locations."""
    return isinstance(part, str) and any(
        isinstance(value, yaml.ScalarNode) and value.value == part for _, value in node.value
    )


def _walk(root: yaml.Node, loc: Sequence[int | str]) -> tuple[yaml.Node, list[int | str], bool]:
    """The YAML node a pydantic location points at, the location as the document spells it
    (union tags left out), and whether the node was found exactly (a missing field points at
    its mapping)."""
    node = root
    parts: list[int | str] = []
    for index, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    node = value
                    parts.append(part)
                    break
            else:
                if _is_tag_of(node, part):
                    continue
                return node, [*parts, *loc[index:]], False
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                parts.append(part)
            else:
                return node, [*parts, *loc[index:]], False
        else:
            return node, [*parts, *loc[index:]], False
    return node, parts, True


def _key_node(root: yaml.Node, loc: Sequence[int | str]) -> yaml.Node | None:
    """The key node of the last part of ``loc`` (for pointing at an unknown key)."""
    parent, _, found = _walk(root, loc[:-1])
    if not found or not isinstance(parent, yaml.MappingNode):
        return None
    for key, _ in parent.value:
        if isinstance(key, yaml.ScalarNode) and key.value == str(loc[-1]):
            return key
    return None


def _tags(model: type[BaseModel], field: str) -> list[str]:
    """The tags a discriminated union in ``model`` accepts for ``field``, from its schema."""
    found: list[str] = []
    stack: list[Any] = [model.model_json_schema()]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            discriminator = item.get("discriminator")
            if isinstance(discriminator, dict) and discriminator.get("propertyName") == field:
                found.extend(t for t in discriminator.get("mapping", {}) if t not in found)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _choices(tags: Sequence[str]) -> str:
    return ", ".join(tags[:-1]) + f" or {tags[-1]}" if len(tags) > 1 else "".join(tags)


_RANGE_ERRORS = frozenset(
    {"greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number"}
)
_PLAIN = {
    "bool_type": "should be true or false",
    "list_type": "should be a list: one item a line, each starting with '- '",
    "dict_type": "should be fields, one 'field: value' a line",
    "model_type": "should be fields, one 'field: value' a line",
    "model_attributes_type": "should be fields, one 'field: value' a line",
    "string_too_short": "must not be empty",
}


def _number_message(kind: str, value: object, *, quoted: bool, written: str) -> str:
    if kind in {"float_type", "int_type"} and isinstance(value, str):
        number = "a whole number such as 10" if kind == "int_type" else "a number such as 30 or 4.5"
        if quoted:
            return f"should be {number}, written without quotes"
        # Plain text YAML did not read as a number: a unit ("30s") or an exponent ("1e3").
        return f"should be {number}: digits only, without a unit or an exponent"
    if kind == "int_type" and isinstance(value, float):
        return f"should be a whole number such as 10 (it is {written or value})"
    return "should be a number such as 30 or 4.5"


def _size_message(error: Any, value: object) -> str | None:
    kind = error["type"]
    if kind in {"too_long", "string_too_long"} and isinstance(value, str):
        limit = error.get("ctx", {}).get("max_length")
        return f"is {len(value)} characters long; at most {limit} fit"
    if kind == "too_long" and isinstance(value, list):
        limit = error.get("ctx", {}).get("max_length")
        return f"has {len(value)} items; at most {limit} fit"
    if kind == "too_short" and isinstance(value, list):
        least = error.get("ctx", {}).get("min_length", 1)
        name = str(error["loc"][-1]) if error["loc"] else "item"
        item = singular(name) if least == 1 else name
        return f"needs at least {least} {item}, each on a line starting with '- '"
    if kind == "string_pattern_mismatch":
        return pattern_message(str(error.get("ctx", {}).get("pattern", "")))
    return None


def _message(error: Any, model: type[BaseModel], *, quoted: bool = False, written: str = "") -> str:
    kind = error["type"]
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        field = str(error.get("ctx", {}).get("discriminator", "")).strip("'")
        choices = _choices(_tags(model, field))
        if kind == "union_tag_not_found":
            return f"needs a {field}: {choices}"
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown {field} {tag!r}; use {choices}"
    value = error.get("input")
    if kind in _RANGE_ERRORS:
        said = range_message(model, tuple(error["loc"]), error, written)
        if said:
            return said
    if kind == "string_type" and isinstance(value, bool):
        return "should be text; YAML reads yes/no/on/off as true/false, so put it in quotes"
    if kind in {"too_long", "string_too_long", "too_short", "string_pattern_mismatch"}:
        said = _size_message(error, value)
        if said:
            return said
    if kind == "string_type":
        return "should be text; put it in quotes"
    if kind in {"float_type", "int_type"}:
        return _number_message(kind, value, quoted=quoted, written=written)
    if kind in _PLAIN:
        return _PLAIN[kind]
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _validation_problems(
    path: str, root: yaml.Node, exc: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        node, parts, found = _walk(root, loc)
        if error["type"] == "extra_forbidden" and loc:
            node = _key_node(root, loc) or node
        line, col = _mark_of(node)
        field = place(root, parts, _tags(model, "kind")) or "(document)"
        scalar = isinstance(node, yaml.ScalarNode)
        quoted = isinstance(node, yaml.ScalarNode) and node.style in {"'", '"'}
        written = str(node.value) if scalar and found else ""
        message = _message(error, model, quoted=quoted, written=written)
        problems.append(Problem(path, line, col, message, field))
    return sorted(problems, key=lambda p: (p.line, p.column))


def _yaml_problem(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark, message = syntax_message(text, exc)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, col, message)


def _bad_scalar(loader: _StrictLoader, root: yaml.Node | None) -> tuple[int, int]:
    """Where the scalar is that PyYAML could not construct (1, 1 if none is found)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except Exception:  # any failure marks the scalar; see _construct
                return _mark_of(node)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in reversed(node.value) for v in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return 1, 1


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def decode(path: str, data: bytes) -> str:
    """UTF-8 text of ``data``, or a problem at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DocumentError(
            [Problem(path, line, column, "the file is not valid UTF-8 text")]
        ) from None


def _construct(loader: _StrictLoader, root: yaml.Node, path: str) -> object:
    """The Python value of the checked document ``root``."""
    try:
        return loader.construct_document(root)
    except (_Reject, yaml.YAMLError, RecursionError):
        raise  # located by the caller
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML raises plain ValueError for an impossible date such as 2024-13-45.
        line, col = _bad_scalar(loader, root)
        message = f"this value cannot be read ({exc}); if it is text, put it in quotes"
        raise DocumentError([Problem(path, line, col, message)]) from None
    except Exception:
        # Its constructors fail in other plain ways for an explicit tag on a value that does
        # not fit it: KeyError for `!!bool xyz`, AttributeError for `!!timestamp xyz`.
        line, col = _bad_scalar(loader, root)
        raise DocumentError(
            [Problem(path, line, col, "YAML: this value does not fit the !! tag before it")]
        ) from None


def _parse_document(text: str, path: str) -> tuple[dict[object, object], yaml.Node]:
    """The checked top-level mapping of ``text`` and its node; DocumentError otherwise."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DocumentError([Problem(path, line, 1, "the file contains binary data")])
    root, data = _document(text, path)
    if not isinstance(data, dict):
        line, col = _mark_of(root)
        raise DocumentError([Problem(path, line, col, "the file must be a mapping of fields")])
    return data, root


def _document(text: str, path: str) -> tuple[yaml.Node, object]:
    """The checked root node of ``text`` and its Python value.

    libyaml parses when it is there and the text has no character PyYAML's reader refuses; any
    problem is then found again by the pure-Python parser, so that what is said about it, and
    where, does not depend on which parser ran first.
    """
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _compose(_FastLoader, text, path)
        except (DocumentError, UnicodeError):
            pass  # said by the pure parser below, in the words docwords knows
    return _compose(_StrictLoader, text, path)


def _compose(loader_class: Callable[[str], Any], text: str, path: str) -> tuple[yaml.Node, object]:
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        raise DocumentError(
            [Problem(path, line, col, f"character {exc.character!r} cannot appear in YAML")]
        ) from None
    try:
        try:
            root = loader.get_single_node()
            if root is None:
                raise DocumentError([Problem(path, 1, 1, "the file is empty")])
            if problems := _check_keys(root, path):
                raise DocumentError(problems)
            return root, _construct(loader, root, path)
        finally:
            loader.dispose()
    except _Reject as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (1, 1)
        raise DocumentError([Problem(path, line, col, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise DocumentError([_yaml_problem(path, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        raise DocumentError(
            [Problem(path, line, col, f"character {exc.character!r} cannot appear in YAML")]
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise DocumentError([Problem(path, 1, 1, f"YAML: {exc}")]) from None


def parse_model(text: str, model: type[M], *, path: str = "<text>") -> M:
    """Parse YAML text into ``model``; raise :class:`DocumentError` for any problem."""
    data, root = _parse_document(text, path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(_validation_problems(path, root, exc, model)) from None


def parse_model_keeping_valid(
    text: str, model: type[M], *, path: str = "<text>"
) -> tuple[M, list[Problem]]:
    """Parse YAML text into ``model``, leaving out only the fields that are wrong.

    A wrong top-level field (or one wrong entry of a mapping field) is dropped, so the
    model's default stands in for it, and named in the problems; every other field is kept.
    A file that is not YAML or not a mapping still raises :class:`DocumentError`.
    """
    data, root = _parse_document(text, path)
    problems: list[Problem] = []
    # Only the first round reports: later rounds see the same file with less in it.
    for _ in range(len(data) + 1):  # each round drops at least one wrong field
        try:
            return model.model_validate(data), problems
        except ValidationError as exc:
            if not problems:
                problems = _validation_problems(path, root, exc, model)
            data = _without_errors(data, exc)
    return model(), problems  # pragma: no cover - every round drops something, or all


def _without_errors(data: dict[object, object], exc: ValidationError) -> dict[object, object]:
    """``data`` without the fields (or mapping entries) that ``exc`` found wrong."""
    kept = dict(data)
    for error in exc.errors():
        loc = error["loc"]
        if not loc or loc[0] not in kept:
            continue
        field = kept[loc[0]]
        if len(loc) > 1 and isinstance(field, dict) and loc[1] in field:
            field = {key: value for key, value in field.items() if key != loc[1]}
            kept[loc[0]] = field
        else:
            del kept[loc[0]]
    if kept == data:  # nothing located: give up on every field named
        kept = {key: value for key, value in data.items() if key not in _top_keys(exc)}
        if kept == data:
            kept = {}
    return kept


def _top_keys(exc: ValidationError) -> set[object]:
    return {error["loc"][0] for error in exc.errors() if error["loc"]}
