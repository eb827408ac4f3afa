"""Reading import files in bounded memory, and JSON errors in our own words (no textual).

:func:`bounded_lines` yields the lines of a JSON Lines file, never holding more than the line
limit: a longer line is skipped unread and reported. :func:`array_items` yields the items of a
JSON array one at a time from a sliding window of the file (about a megabyte), so a 200 MB
export takes the memory of one window, not of the file. Each item is decoded with the C
decoder; one that cannot be (broken, nested too deeply, longer than the limit) is passed over
by a small bracket counter and reported, and reading goes on with the next item.
:func:`json_problem` turns a ``JSONDecodeError`` into a plain sentence.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Generator, Iterator
from typing import BinaryIO

from numbtui.record import JSON_DECODER

MAX_ITEM_BYTES = 64 * 1024
"""A longer line or array item cannot be a record (a full one is under 10 KB)."""

_CHUNK = 1024 * 1024
_BLANKS = re.compile(r"[ \t\n\r]*")
# Outside a text value only quotes, brackets and commas matter; runs of brackets at once.
_STRUCTURE = re.compile(r'"|[\[{]+|[\]}]+|,')
_IN_TEXT = re.compile(r'["\\]')
# Bytes that are not UTF-8 are decoded as lone surrogates (see surrogateescape), so that one
# bad item is reported and the others still read.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")

_SENTENCES = {
    "Unterminated string starting at": 'a text value is not closed (a " is missing)',
    "Expecting property name enclosed in double quotes": (
        "a field name is missing or not in double quotes (or a ',' comes before a '}')"
    ),
    "Expecting ':' delimiter": "a ':' is missing after a field name",
    "Expecting ',' delimiter": "a ',' is missing between two values",
    "Expecting value": "a value is missing or is not JSON (text needs double quotes)",
    "Extra data": "there is more text after the end of the record",
    "Invalid control character at": (
        "a text value holds a raw control character (write a line break as \\n)"
    ),
    "Invalid \\escape": "a text value holds a backslash that starts no known escape",
    "Invalid \\uXXXX escape": "a text value holds a \\u escape without four hex digits",
}


def json_problem(exc: json.JSONDecodeError) -> str:
    """What is wrong, in one sentence of our own (json's messages end in "at")."""
    return _SENTENCES.get(exc.msg, "the JSON cannot be read")


def bounded_lines(
    handle: BinaryIO, limit: int = MAX_ITEM_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """(line number from 1, the line without its line break) for each line of ``handle``;
    None for a line longer than ``limit`` bytes, which is passed over without being kept."""
    number = 0
    while True:
        raw = handle.readline(limit + 2)  # room for "\r\n"
        if not raw:
            return
        number += 1
        if not raw.endswith(b"\n") and len(raw) == limit + 2:
            while True:  # the rest of the line, a chunk at a time, kept nowhere
                rest = handle.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, raw.rstrip(b"\r\n")


class Problem(str):
    """Why an item could not be read (a sentence), told apart from a decoded text value."""

    __slots__ = ()


class _Window:
    """The decoded text of the file from the current position, a chunk at a time."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("surrogateescape")
        self.text = ""
        self.pos = 0
        self.eof = False
        self.base = 0
        """Offset in the whole text of ``text[0]``."""
        self._line = 1
        self._counted = 0

    def fill(self, need: int) -> bool:
        """At least ``need`` characters from ``pos`` on, unless the file ends first; False
        when nothing at all is left."""
        while len(self.text) - self.pos < need and not self.eof:
            data = self._handle.read(_CHUNK)
            self.eof = not data
            piece = self._decoder.decode(data, final=self.eof)
            self.line_at(self.pos)
            self.base += self.pos
            self.text = self.text[self.pos :] + piece
            self._counted -= self.pos
            self.pos = 0
        return self.pos < len(self.text)

    def line_at(self, offset: int) -> int:
        """The line number of ``text[offset]`` (offsets must not go backwards)."""
        self._line += self.text.count("\n", self._counted, offset)
        self._counted = offset
        return self._line

    def skip_blanks(self) -> str:
        """The next character that is not a blank, or "" at the end of the file."""
        while True:
            match = _BLANKS.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text) or not self.fill(1):
                return self.text[self.pos : self.pos + 1]

    def skip_value(self) -> bool:
        """Move past one JSON value without decoding it: to the ',' or the ']' that follows
        it at depth 0. False if the file ends first."""
        depth, in_text, escaped = 0, False, False
        while True:
            text, pos = self.text, self.pos
            while pos < len(text):
                if escaped:
                    pos, escaped = pos + 1, False
                    continue
                match = (_IN_TEXT if in_text else _STRUCTURE).search(text, pos)
                if match is None:
                    pos = len(text)
                    break
                token, pos = match.group(), match.end()
                if in_text:
                    escaped, in_text = token == "\\", token == "\\"
                elif token == '"':
                    in_text = True
                elif token[0] in "[{":
                    depth += len(token)
                elif token == ",":
                    if depth == 0:
                        self.pos = match.start()
                        return True
                elif len(token) > depth:  # closing brackets: one more than opened ends it
                    self.pos = match.start() + depth
                    return True
                else:
                    depth -= len(token)
            self.pos = pos
            if not self.fill(1):
                return False


def array_items(handle: BinaryIO) -> Iterator[tuple[int, int, object | Problem]]:
    """(line, item number from 1, value) for the items of the JSON array in ``handle``
    (positioned anywhere before its "["): the decoded value, or a :class:`Problem` saying why
    it could not be read (item number 0 for a problem between items). Broken syntax between
    items ends the reading (what came before still counts)."""
    window = _Window(handle)
    window.skip_blanks()
    window.pos += 1  # the "[" the caller saw
    if window.skip_blanks() == "]":
        window.pos += 1
    else:
        index = 0
        while True:
            index += 1
            if not (yield from _one_item(window, index)):
                return
            after = window.skip_blanks()
            if after == ",":
                window.pos += 1
                continue
            if after == "]":
                window.pos += 1
                break
            line = window.line_at(window.pos)
            if not after:
                yield line, 0, Problem("the JSON array is not closed (cut short?)")
            else:
                yield line, 0, Problem(f"not valid JSON: expected ',' or ']' after item {index}")
            return
    if window.skip_blanks():
        yield window.line_at(window.pos), 0, Problem("unexpected text after the JSON array")


def _one_item(
    window: _Window, index: int
) -> Generator[tuple[int, int, object | Problem], None, bool]:
    """Decode the item at the window's position, or pass over it and say why not; leave the
    window just past it. Returns False when the file ends inside it (nothing more to read)."""
    if not window.skip_blanks():
        missing = Problem("not valid JSON: the file ends where an item should be")
        yield window.line_at(window.pos), index, missing
        return False
    window.fill(MAX_ITEM_BYTES + 1)
    start = window.pos
    line = window.line_at(start)
    problem: str
    while True:
        try:
            value, end = JSON_DECODER.raw_decode(window.text, start)
        except json.JSONDecodeError as exc:
            error_line = line + window.text.count("\n", start, exc.pos)
            problem = f"not valid JSON on line {error_line}: {json_problem(exc)}"
        except (ValueError, RecursionError):  # a number too long, brackets thousands deep
            problem = "a value is too large or nested too deeply"
        else:
            if end == len(window.text) and not window.eof:
                window.fill(end - start + _CHUNK)  # a number may go on in the next chunk
                start = window.pos
                continue
            if end - start > MAX_ITEM_BYTES:
                problem = f"it is longer than {MAX_ITEM_BYTES // 1024} KB"
            elif _NOT_UTF8.search(window.text, start, end):
                problem = "it is not UTF-8 text"
            else:
                window.pos = end
                yield line, index, value
                return True
        break
    first = window.base + start
    if not window.skip_value():
        yield line, index, Problem("the file ends inside it (cut short?)")
        return False
    if window.base + window.pos - first > MAX_ITEM_BYTES:
        problem = f"it is longer than {MAX_ITEM_BYTES // 1024} KB"
    yield line, index, Problem(problem)
    return True
