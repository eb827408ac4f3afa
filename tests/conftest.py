"""Shared fixtures: every test runs with its own config and data folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point numbtui's config and data folders at temporary ones, never at the real home."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("NUMBTUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("NUMBTUI_DATA_DIR", str(data))
    monkeypatch.setenv("NUMBTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    # Plain mode is chosen by these; a test that wants it sets them itself.
    monkeypatch.delenv("NUMBTUI_PLAIN", raising=False)
    if os.environ.get("TERM", "").lower() == "dumb":
        monkeypatch.setenv("TERM", "xterm-256color")
    return tmp_path


@pytest.fixture(autouse=True)
def backups_finished() -> Iterator[None]:
    """Let a backup a test's save started finish before the next test (it runs in a thread)."""
    yield
    from numbtui import backups

    backups.wait()
