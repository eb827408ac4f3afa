"""The history screen reaches the history only through the app's context
(``AppContext.open_history``), opens it in a worker thread, once, and closes it when it goes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from numbtui.errors import StoreError
from numbtui.options import LaunchOptions
from numbtui.store import Filters, Store
from numbtui.tui.context import open_history_file
from tests.test_history_races import delete_second
from tests.test_history_screen import (
    SIZE,
    THREE,
    rows,
    screen_of,
    settle,
    utc,  # noqa: F401 - the autouse fixture: local time is UTC
)
from tests.tui_helpers import make_app, until


class RecordingOpener:
    """Opens a history kept somewhere the app does not know, and notes every call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.calls: list[tuple[Path, bool, bool]] = []
        """(database asked for, create, called on the main thread)."""
        self.opened: list[Store] = []

    def __call__(self, database: Path, *, create: bool) -> Store | None:
        on_main = threading.current_thread() is threading.main_thread()
        self.calls.append((database, create, on_main))
        store = Store.open(self.path)
        self.opened.append(store)
        return store


async def test_the_history_screen_reads_and_writes_only_through_the_context(
    tmp_path: Path,
) -> None:
    kept = tmp_path / "elsewhere" / "kept.sqlite3"
    with Store.open(kept) as store:
        store.import_records(THREE)
    opener = RecordingOpener(kept)
    app = make_app(tmp_path, options=LaunchOptions(history=Filters()), history=opener)
    database = app.context.database
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # What the screen shows came from the store the context gave it.
        assert [row[1] for row in rows(app)] == ["Body scan", "Breathing 4-4-4", "Body scan"]
        assert screen_of(app).count == 3
        await delete_second(pilot, app)
        await pilot.press("u")
        await until(pilot, lambda: len(rows(app)) == 3, "the practice back")
        await settle(pilot)
    # Opened once, off the UI thread, for the run's database; never opened by the screen itself.
    assert opener.calls == [(database, False, False)]
    assert not database.exists()
    with Store.open(kept) as store:
        assert store.get(THREE[1].id) == THREE[1]  # the delete and its undo went there too
    # The screen closed what it was given when it went away.
    [given] = opener.opened
    with pytest.raises(StoreError):
        given.count()


def test_the_real_opener_never_creates_a_history_just_to_read_it(tmp_path: Path) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    assert open_history_file(database, create=False) is None
    assert not database.parent.exists()
    made = open_history_file(database, create=True)
    assert made is not None
    with made:
        assert made.count() == 0
    assert database.is_file()
    again = open_history_file(database, create=False)
    assert again is not None
    again.close()


async def test_an_undo_the_history_will_not_take_lands_in_the_recovery_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from numbtui.errors import StoreBusyError
    from numbtui.recovery import read

    kept = tmp_path / "elsewhere" / "kept.sqlite3"
    with Store.open(kept) as store:
        store.import_records(THREE)
    app = make_app(
        tmp_path, options=LaunchOptions(history=Filters()), history=RecordingOpener(kept)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_second(pilot, app)

        def locked(self: Store, record: object) -> bool:
            raise StoreBusyError("The history is in use by another program (waited 5 s).")

        monkeypatch.setattr(Store, "save", locked)  # another numbtui holds it now
        await pilot.press("u")
        await until(pilot, app.context.recovery.exists, "the recovery file")
        await settle(pilot)
    # The practice asked back is not lost: it waits in the recovery file for numbtui import.
    [(_, record)] = list(read(app.context.recovery))
    assert record == THREE[1]
