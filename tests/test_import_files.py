"""Import of hostile files: every item imported or reported, in bounded memory.

The files under ``tests/data/import/`` are kept as they are; the huge ones are written by the
tests. Memory is asserted with tracemalloc's peak of Python allocations during the import,
which counts what the import holds and not the interpreter (no timings).
"""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from numbtui import jsonstream
from numbtui.history_io import import_file
from numbtui.jsonstream import Problem, array_items, bounded_lines
from numbtui.store import NO_FILTERS, Store
from tests.record_helpers import make_record

DATA = Path(__file__).resolve().parent / "data" / "import"
MB = 2**20


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "h.db") as opened:
        yield opened


def ids(store: Store) -> list[str]:
    return [record.id for record in store.iter_records(NO_FILTERS)]


def sample(number: int) -> str:
    return f"00000000-0000-0000-0000-{0x1000 + number:012x}"


# -- every item of an array is imported or reported -------------------------------------------


def test_an_item_nested_too_deeply_is_reported_and_the_items_after_it_imported(
    store: Store,
) -> None:
    report = import_file(store, DATA / "deep-item.json")
    assert report.errors == [(3, "item 2: a value is too large or nested too deeply")]
    assert report.imported == 2
    assert ids(store) == [sample(1), sample(2)]


def test_broken_items_are_reported_each_and_the_good_ones_imported(store: Store) -> None:
    report = import_file(store, DATA / "broken-items.json")
    assert report.errors == [
        (
            3,
            "item 2: not valid JSON on line 3: a field name is missing or not in double "
            "quotes (or a ',' comes before a '}')",
        ),
        (5, "item 4: not valid JSON on line 5: a ',' is missing between two values"),
    ]
    assert report.imported == 3


def test_an_item_that_is_not_utf8_is_reported_and_the_next_imported(store: Store) -> None:
    report = import_file(store, DATA / "latin1-item.json")
    assert report.errors == [(2, "item 1: it is not UTF-8 text")]
    assert ids(store) == [sample(2)]


def test_json_errors_are_our_own_sentences(store: Store) -> None:
    report = import_file(store, DATA / "unterminated.jsonl")
    assert report.errors == [
        (2, 'not valid JSON at column 56: a text value is not closed (a " is missing)')
    ]
    assert "at at" not in report.errors[0][1]


# -- the window may cut the text anywhere ------------------------------------------------------

TRICKY_NOTES = ['a "quoted" ] } , [ { word', "back\\slash\\", "été ☀ 𝄞", "", "\\u0041 \\"]


def _tricky_array() -> bytes:
    items = [json.dumps(make_record(note=note).to_json_dict()) for note in TRICKY_NOTES]
    items.insert(2, "[" * 5000 + '"]} \\\\ \\" [{"' + "]" * 5000)  # deep, brackets in text
    items.insert(4, '{"note": "x" "y"}')  # a broken item
    items.insert(5, '"' + "z" * 70_000 + '"')  # longer than the item limit
    return ("[\n  " + ",\n  ".join(items) + "\n]\n").encode()


def _items(data: bytes) -> list[tuple[int, int, object]]:
    return list(array_items(io.BytesIO(data)))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 4096])
def test_items_read_the_same_whatever_the_chunk_size(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    data = _tricky_array()
    whole = _items(data)
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    assert _items(data) == whole
    assert [index for _, index, _ in whole] == list(range(1, 9))
    problems = [(index, item) for _, index, item in whole if isinstance(item, Problem)]
    assert problems == [
        (3, "a value is too large or nested too deeply"),
        (5, "not valid JSON on line 6: a ',' is missing between two values"),
        (6, "it is longer than 64 KB"),
    ]
    notes = [item["note"] for _, _, item in whole if isinstance(item, dict)]
    assert notes == TRICKY_NOTES


# -- bounded memory ----------------------------------------------------------------------------


def _peak_while(action: object) -> int:
    assert callable(action)
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_huge_line_is_passed_over_without_being_held(store: Store, tmp_path: Path) -> None:
    good = make_record()
    source = tmp_path / "huge-line.jsonl"
    with source.open("w") as out:
        out.write('{"note": "' + "x" * (16 * MB) + '"}\n')
        out.write(json.dumps(good.to_json_dict()) + "\n")
    peak = _peak_while(lambda: import_file(store, source))
    assert peak < 2 * MB
    assert ids(store) == [good.id]


def test_a_huge_array_item_is_passed_over_without_being_held(store: Store, tmp_path: Path) -> None:
    good = make_record()
    source = tmp_path / "huge-item.json"
    with source.open("w") as out:
        out.write('[{"note": "' + "x" * (16 * MB) + '"},\n')
        out.write(json.dumps(good.to_json_dict()) + "]\n")
    report = import_file(store, source)
    assert report.errors == [(1, "item 1: it is longer than 64 KB")]
    assert ids(store) == [good.id]
    store_peak = _peak_while(lambda: import_file(store, source))
    assert store_peak < 8 * MB  # the window: a chunk or two, never the 16 MB


def test_a_large_array_is_streamed(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    rows = 30_000
    with source.open("w") as out:
        out.write("[\n")
        for number in range(rows):
            record = make_record(note="n" * 300)
            out.write(("," if number else "") + json.dumps(record.to_json_dict()) + "\n")
        out.write("]\n")
    assert source.stat().st_size > 16 * MB
    peak = _peak_while(lambda: import_file(store, source))
    assert peak < 8 * MB
    assert store.count(NO_FILTERS) == rows


def test_bounded_lines_never_return_more_than_the_limit() -> None:
    data = b"short\r\n" + b"y" * 200 + b"\nlast"
    assert list(bounded_lines(io.BytesIO(data), limit=100)) == [
        (1, b"short"),
        (2, None),
        (3, b"last"),
    ]
