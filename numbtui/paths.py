"""The one place that knows numbtui's folders.

Every location is a function, computed when asked, so importing this module has no side
effects and tests can point everything at temporary folders through the environment:

- ``NUMBTUI_CONFIG_DIR`` replaces the platform's user config folder (settings, own exercises);
- ``NUMBTUI_DATA_DIR`` replaces the platform's user data folder (the history database);
- ``NUMBTUI_CACHE_DIR`` replaces the platform's user cache folder (disposable speed-ups).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "numbtui"

CONFIG_ENV = "NUMBTUI_CONFIG_DIR"
DATA_ENV = "NUMBTUI_DATA_DIR"
CACHE_ENV = "NUMBTUI_CACHE_DIR"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Folder for settings and the user's own exercises (not created here)."""
    return _from_env(CONFIG_ENV) or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder for the practice history (not created here)."""
    return _from_env(DATA_ENV) or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Folder for caches that can be deleted at any time (not created here)."""
    return _from_env(CACHE_ENV) or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_exercises_dir() -> Path:
    """Folder whose ``*.yaml`` files extend or replace the bundled library."""
    return config_dir() / "exercises"


def settings_file() -> Path:
    """The user's settings file."""
    return config_dir() / "settings.yaml"


def support_file() -> Path:
    """The user's own support contacts, shown before the bundled ones (optional)."""
    return config_dir() / "support.yaml"


def state_file() -> Path:
    """Small facts numbtui remembers for itself (e.g. that the welcome was shown)."""
    return data_dir() / "state.json"


def own_words_file() -> Path:
    """The person's own words for the rating and the log, most recently used first."""
    return data_dir() / "own-words.json"


def database_file() -> Path:
    """The SQLite practice history."""
    return data_dir() / "history.sqlite3"


def recovery_file() -> Path:
    """JSON Lines file of records that could not be written to the database."""
    return data_dir() / "recovery.jsonl"


def backups_dir() -> Path:
    """Folder of the automatic daily and weekly backups of the history."""
    return data_dir() / "backups"


def bundled_exercises_dir() -> Path:
    """Folder of the exercises that ship with numbtui.

    In a built wheel they live inside the package (``numbtui/_bundled``); in a source
    checkout they are the top-level ``exercises/`` folder.
    """
    packaged = resources.files("numbtui") / "_bundled"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "exercises"
