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


class DatabaseCorruptError(StoreError):
    """The history file is not a numbtui database, or is damaged; it was left untouched."""


class DatabaseForeignError(DatabaseCorruptError):
    """The history file holds schema objects numbtui did not make (a trigger, a view, another
    table or index), or lacks some it made; it was left untouched."""


class DatabaseTooNewError(StoreError):
    """The history was written by a newer numbtui; it was left untouched."""


class StoreBusyError(StoreError):
    """Another program held the history database for longer than the wait allows."""


class StoreFullError(StoreError):
    """The disk holding the history is full."""


class StoreReadOnlyError(StoreError):
    """The history database or its folder cannot be written."""


class StoreUnavailableError(StoreError):
    """The history database or its folder cannot be created or opened."""


class HistoryInTheWayError(StoreUnavailableError):
    """Something that is not a history file (e.g. a folder) is where the history should be."""


class RecordError(NumbtuiError, ValueError):
    """A practice record is not valid (e.g. a bad line in a file being imported)."""


class RecoveryError(NumbtuiError):
    """The recovery file could not be written."""


class ImportFileError(NumbtuiError):
    """A file given to ``numbtui import`` could not be read."""


class UsageError(NumbtuiError):
    """The command line asked for something that does not exist."""

    exit_code = 2


class DateError(UsageError, ValueError):
    """A date given on the command line could not be understood."""


class SoundError(NumbtuiError):
    """Sound was asked for and cannot be made (no speech engine, no audio device)."""
