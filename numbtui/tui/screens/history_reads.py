"""What the history browser reads and writes, in worker threads, and the one rule for late answers.

:class:`HistoryReader` is the screen's base: it opens the store on first use through the app's
context (:meth:`~numbtui.tui.context.AppContext.open_history`, never creating a database),
runs every read and write in a worker thread, and posts the result back as a message. Every
read is numbered (:meth:`HistoryReader._ask`), and an answer is used only if it answers the
latest request of its kind since the filters changed (:meth:`HistoryReader._answers`); anything
else is late and dropped. A delete or its undo never adjusts a count: it asks again.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import ClassVar

from textual import work
from textual.message import Message

from numbtui.chart import rating_chart, week_range
from numbtui.errors import RecoveryError, StoreError, StoreUnavailableError
from numbtui.helps import what_helps
from numbtui.moodlog import logs_among
from numbtui.record import LOG, Record
from numbtui.store import Cursor, Filters, Store
from numbtui.tui.context import AppContext
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.owner import numbtui_app
from numbtui.tui.paging import read_newer, read_older, read_oldest
from numbtui.tui.screens.history_periods import Where
from numbtui.tui.widgets.insight import Insight


class HistoryReader(DismissOnce[None]):
    """The reading half of the history screen (see the module's docstring)."""

    PAGE_SIZE = 100
    """Practices read per query."""

    class Answer(Message):
        """What a worker read, for the request numbered ``request`` (see ``_answers``)."""

        kind: ClassVar[str] = ""

        def __init__(self, request: int) -> None:
            super().__init__()
            self.request = request

    class RowsLoaded(Answer):
        """Practices were read: the newest or oldest page, or one past either end."""

        kind = "rows"

        def __init__(
            self, request: int, where: Where, records: list[Record], more: bool, offset: int = 0
        ) -> None:
            super().__init__(request)
            self.where = where
            self.records = records
            self.more = more
            """More practices lie beyond these (older for newest/older, newer for newer)."""
            self.offset = offset
            """For the oldest page: how many practices are newer than its first row."""

    class Counted(Answer):
        """The number of records matching the filters, how many of them are logs, and the
        number in all (if none matched)."""

        kind = "counts"

        def __init__(self, request: int, count: int, total: int, logs: int = 0) -> None:
            super().__init__(request)
            self.count = count
            self.total = total
            self.logs = logs

    class ExercisesListed(Message):
        """The exercises that appear in the history, as (id, title)."""

        def __init__(self, exercises: list[tuple[str, str]]) -> None:
            super().__init__()
            self.exercises = exercises

    class InsightLoaded(Answer):
        """The insight figures for the current filters were computed."""

        kind = "insight"

        def __init__(self, request: int, insight: Insight) -> None:
            super().__init__(request)
            self.insight = insight

    class PracticeDeleted(Message):
        """A practice was deleted from the database (whatever the filters are now: the
        count is then asked again rather than worked out, so a late report is still right)."""

        def __init__(self, record: Record) -> None:
            super().__init__()
            self.record = record

    class PracticeRestored(Message):
        """A deleted practice was saved again (undo)."""

        def __init__(self, record: Record) -> None:
            super().__init__()
            self.record = record

    class HistoryFailed(Message):
        """The history could not be read (or written); ``opening`` if nothing could be
        shown at all (it could not be opened, or its newest page not read)."""

        def __init__(self, text: str, *, opening: bool) -> None:
            super().__init__()
            self.text = text
            self.opening = opening

    def __init__(self) -> None:
        super().__init__()
        self._request = 0
        """Numbers every read asked of a worker; see :meth:`_answers`."""
        self._awaited: dict[str, int] = {}
        """Per kind of answer, the request whose answer is wanted; none after the filters
        change, until asked again."""
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._closed = False

    @property
    def context(self) -> AppContext:
        """What the app was given: the way into the history among it."""
        return numbtui_app(self).context

    def now(self) -> datetime:
        """The wall clock of this run (fixed in tests)."""
        return self.context.now()

    # - the one rule for late answers -

    def _ask(self, kind: str) -> int:
        """A new request of ``kind``: its answer is the one wanted from now on."""
        self._request += 1
        self._awaited[kind] = self._request
        return self._request

    def _answers(self, message: Answer) -> bool:
        """True if ``message`` answers the latest request of its kind since the filters last
        changed; any other answer is late (for other filters, or a page since replaced)."""
        return self._awaited.get(message.kind) == message.request

    def on_unmount(self) -> None:
        with self._store_lock:
            self._closed = True
            store, self._store = self._store, None
        if store is not None:
            store.close()

    # - reading, in worker threads -

    def _open(self) -> Store | None:
        """The store (opened on first use, in the worker that first asks), or None when there
        is no history file yet. One store serves every worker: it locks its own connection."""
        with self._store_lock:
            if self._store is None and not self._closed:
                self._store = self.context.open_history()
            return self._store

    @work(thread=True, exclusive=True, group="history-pages", exit_on_error=False)
    def _read_start(self, request: int, filters: Filters) -> None:
        """The newest page; the counts follow once it is on screen (see _read_counts)."""
        try:
            store = self._open()
            records, more = (
                ([], False) if store is None else read_older(store, filters, None, self.PAGE_SIZE)
            )
        except StoreError as exc:
            # Nothing is on screen yet, so the message takes the place of the table.
            self.post_message(self.HistoryFailed(str(exc), opening=True))
            return
        self.post_message(self.RowsLoaded(request, "newest", records, more))

    @work(thread=True, exclusive=True, group="history-counts", exit_on_error=False)
    def _read_counts(self, request: int, filters: Filters, *, list_exercises: bool) -> None:
        """How many records match, how many of those are logs (so the status line can name
        what is shown) and how many exist at all; and which exercises appear."""
        try:
            store = self._open()
            if store is None:
                self.post_message(self.Counted(request, 0, 0))
                return
            count = store.count(filters)
            total = count if count or filters == Filters() else store.count(Filters())
            among = logs_among(filters)
            logs = 0 if among is None or not count else store.count(among)
            self.post_message(self.Counted(request, count, total, logs))
            if list_exercises:
                self.post_message(self.ExercisesListed(store.exercise_ids()))
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))

    @work(thread=True, exclusive=True, group="history-pages", exit_on_error=False)
    def _read_rows(
        self, request: int, filters: Filters, where: Where, anchor: Record | None
    ) -> None:
        """One page: the newest, the oldest, or the one past ``anchor`` (older or newer)."""
        try:
            store = self._open()
            if store is None:
                return
            offset = 0
            if where == "oldest":
                records, offset = read_oldest(store, filters, self.PAGE_SIZE)
                more = False
            elif where == "newer" and anchor is not None:
                records, more = read_newer(store, filters, anchor, self.PAGE_SIZE)
            else:
                after = Cursor.after(anchor) if where == "older" and anchor is not None else None
                records, more = read_older(store, filters, after, self.PAGE_SIZE)
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.RowsLoaded(request, where, records, more, offset))

    @work(thread=True, exclusive=True, group="history-insight", exit_on_error=False)
    def _read_insight(self, request: int, filters: Filters, today: date, slots: int) -> None:
        chosen = filters.since is not None or filters.until is not None
        try:
            store = self._open()
            if store is None:
                insight = Insight(
                    period_chosen=chosen,
                    logs_only=filters.kind == LOG,
                    exercise_chosen=filters.exercise_id is not None,
                )
            else:
                # The minutes chart covers the period chosen; all time (or only an end date)
                # starts at the first practice.
                first = store.first_practice(filters)
                weeks = week_range(
                    today,
                    filters.since.astimezone().date() if filters.since else None,
                    filters.until.astimezone().date() if filters.until else None,
                    first.astimezone().date() if first else None,
                )
                insight = Insight(
                    stats=store.stats(filters),
                    ratings=rating_chart(store.rating_days(filters), slots),
                    weeks=store.minutes_per_week(filters, weeks.weeks, today=weeks.last_monday),
                    weeks_cut=weeks.cut,
                    period_chosen=chosen,
                    helps=what_helps(store.rating_changes(filters)),
                    logs=0 if (among := logs_among(filters)) is None else store.count(among),
                    logs_only=filters.kind == LOG,
                    exercise_chosen=filters.exercise_id is not None,
                )
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.InsightLoaded(request, insight))

    @work(thread=True, group="history-delete", exit_on_error=False)
    def _restore(self, record: Record) -> None:
        """Save a deleted practice again (the same id, so never twice)."""
        try:
            store = self._open()
            if store is None:  # the file went away since: open creates it again
                fresh = self.context.open_history(create=True)
                if fresh is None:
                    raise StoreUnavailableError("Your history could not be made again.")
                with fresh:
                    fresh.save(record)
            else:
                store.save(record)
        except StoreError as exc:
            # The person asked for it back: it must land somewhere, as every save does.
            self.post_message(self.HistoryFailed(self._keep_elsewhere(record, exc), opening=False))
            return
        self.post_message(self.PracticeRestored(record))

    def _keep_elsewhere(self, record: Record, error: StoreError) -> str:
        """Keep a record the history would not take back in the recovery file (or, if that
        fails too, for printing when numbtui closes); what to tell the person."""
        from numbtui.recovery import append, bring_back, record_line

        try:
            append(self.context.recovery, record)
        except RecoveryError as also:
            app = numbtui_app(self)
            app.call_from_thread(app.unsaved.append, record_line(record))
            return (
                f"It could not go back into your history ({error}) nor into the recovery "
                f"file ({also}); it will be printed when numbtui closes, so you can keep it."
            )
        where = bring_back(error, self.context.database, self.context.recovery)
        return (
            f"It could not go back into your history ({error}), so it is safe in the "
            f"recovery file. {where}"
        )

    @work(thread=True, group="history-delete", exit_on_error=False)
    def _delete(self, record: Record) -> None:
        try:
            store = self._open()
            if store is not None:
                store.delete(record.id)
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.PracticeDeleted(record))
