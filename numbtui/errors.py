"""The project's exception hierarchy: every expected failure is a NumbtuiError.

The command line turns these into one clear line and an exit code; the app into a notice.
"""

from __future__ import annotations


class NumbtuiError(Exception):
    """Base of every error numbtui expects and reports to the user."""

    exit_code = 1


class ExerciseError(NumbtuiError):
    """An exercise file could not be read or is not a valid exercise."""


class SettingsError(NumbtuiError):
    """The settings file could not be read or is not valid."""


class StoreError(NumbtuiError):
    """The history database could not be opened, read or written."""


class UsageError(NumbtuiError):
    """The command line asked for something that does not exist."""

    exit_code = 2
