"""The listing cache: unchanged files are listed without parsing; any change is seen."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from numbtui import catalog, paths

GOOD = """\
title: Mine
summary: Mine.
tags: [body]
steps:
  - kind: guide
    text: Notice your feet.
    seconds: 30
"""


@pytest.fixture
def user_dir() -> Path:
    folder = paths.user_exercises_dir()
    folder.mkdir(parents=True)
    return folder


def test_second_listing_does_not_parse(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (user_dir / "mine.yaml").write_text(GOOD)
    first, _ = catalog.summaries()

    def fail(*args: object) -> dict[str, object]:
        raise AssertionError("parsed a file that had not changed")

    monkeypatch.setattr(catalog, "_validate", fail)
    second, _ = catalog.summaries()
    assert second == first
    assert any(s.id == "mine" and s.title == "Mine" and s.length.seconds == 30 for s in second)


def test_changed_file_is_validated_again(user_dir: Path) -> None:
    file = user_dir / "mine.yaml"
    file.write_text(GOOD)
    catalog.summaries()
    file.write_text(GOOD.replace("seconds: 30", "seconds: 0"))
    os.utime(file, ns=(1, 1))  # a different mtime even on coarse file systems
    found, problems = catalog.summaries()
    assert "mine" not in {s.id for s in found}
    assert [(p.line, p.column) for p in problems] == [(7, 14)]


def test_corrupt_cache_is_ignored(user_dir: Path) -> None:
    (user_dir / "mine.yaml").write_text(GOOD)
    cache = paths.cache_dir() / catalog.CACHE_NAME
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json")
    found, _ = catalog.summaries()
    assert "mine" in {s.id for s in found}
    assert json.loads(cache.read_text())["entries"]


def test_catalog_agrees_with_the_full_library(user_dir: Path) -> None:
    from numbtui.library import discover

    (user_dir / "body-scan.yaml").write_text(GOOD)
    found, _ = catalog.summaries()
    library = discover()
    assert [(s.id, s.title, s.replaces_bundled) for s in found] == [
        (e.id, e.title, e.replaces_bundled) for e in library.exercises
    ]


def test_cached_steps_are_read_when_first_looked_at_and_equal_the_real_ones() -> None:
    made, _ = catalog.cards()  # parsed: the steps are StepCards already
    cached, _ = catalog.cards()  # from the cache: the steps wait to be read
    assert type(cached[0].steps).__name__ == "_CachedSteps"
    assert cached == made
    assert list(cached[0].steps) == list(made[0].steps)
    assert cached[0].steps[0] == made[0].steps[0]
    assert len(cached[0].steps) == len(made[0].steps)


def test_a_damaged_step_in_the_cache_gives_no_steps_rather_than_an_error() -> None:
    catalog.cards()
    cache = paths.cache_dir() / catalog.CACHE_NAME
    text = cache.read_text()
    # The steps are a JSON string inside the cache's JSON, so their quotes are escaped.
    cache.write_text(text.replace(r"\"cycles\": 0", r"\"cycles\": \"many\"", 1))
    cards, _ = catalog.cards()
    assert any(len(card.steps) == 0 for card in cards)  # the full library replaces it later
    assert all(card.title for card in cards)
