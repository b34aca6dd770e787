"""Queries and attachment indexing off the GUI thread.

`Searcher` runs each query on its own one-thread runner, where one `SearchIndex`
lives (an index is one SQLite connection, for one thread). A newer query
supersedes an older one: a query still waiting when a newer one is asked for is
skipped, and an older answer arriving late is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from companion.core.search.index import Hit, MeetingRow, SearchFilters, SearchIndex
from companion.core.search.query import parse_query
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.search.attachments import IndexOutcome
    from companion.core.search.trail import TrailLink

log = logging.getLogger(__name__)

RESULT_LIMIT = 100


@dataclass(frozen=True)
class Answer:
    """The hits of one query (``text`` as typed, with its ``filters``)."""

    text: str
    filters: SearchFilters
    hits: list[Hit]


class _ProgressRelay(QObject):
    """Carries indexing progress from the worker thread to the GUI thread."""

    progress = Signal(object)


class Searcher(QObject):
    """Searches and traces cases on a thread of its own; indexes attachments on the window's.

    Args:
        open_library: opens a `Library` (called on a worker thread).
        runner: the window's runner, for attachment indexing (a long task).
    """

    answered = Signal(object)  # Answer
    failed = Signal(object)  # Exception (a QueryError: the syntax cannot read it)
    index_progress = Signal(object)  # IndexProgress
    index_finished = Signal(object)  # IndexOutcome

    def __init__(
        self,
        open_library: Callable[[], Library],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_library = open_library
        self._runner = runner
        self._own_runner = TaskRunner(max_workers=1, parent=self)
        self._index: SearchIndex | None = None  # lives on the own runner's thread
        self._stale = True  # the index's items need a refresh from the library
        self._generation = 0
        self._indexing = False
        # Parentless, kept alive by the indexing task: the window may go while it runs.
        self._relay = _ProgressRelay()
        self._relay.progress.connect(self.index_progress)
        self._stop = threading.Event()  # set when the window goes: indexing stops
        self.destroyed.connect(self._stop.set)

    # -- on the worker thread -------------------------------------------------

    def _current_index(self) -> SearchIndex:
        """The worker's index, its items refreshed from the library when they may be old."""
        if self._index is None:
            library = self._open_library()
            try:
                self._index = SearchIndex(library.data_dir)
                self._index.refresh_items(library)
            finally:
                library.close()
            self._stale = False
        elif self._stale:
            self._stale = False
            library = self._open_library()
            try:
                self._index.refresh_items(library)
            finally:
                library.close()
        return self._index

    # -- asked from the GUI thread --------------------------------------------

    def search(self, text: str, filters: SearchFilters) -> None:
        """Search for ``text`` on the worker; `answered` or `failed` tells, unless superseded."""
        self._generation += 1
        generation = self._generation

        def run() -> Answer | None:
            if generation != self._generation:
                return None  # a newer query is waiting behind this one
            query = parse_query(text)
            return Answer(text, filters, self._current_index().search(query, filters, RESULT_LIMIT))

        def done(answer: Answer | None) -> None:
            if answer is not None and generation == self._generation:
                self.answered.emit(answer)

        def failed(error: Exception) -> None:
            if generation == self._generation:
                self.failed.emit(error)

        self._own_runner.run(run, done, failed)

    def trail(
        self,
        meeting_id: str,
        item_id: str,
        on_success: Callable[[list[TrailLink]], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """The case trail of ``item_id`` in ``meeting_id``, computed on the worker."""
        from companion.core.search.trail import case_trail

        self._own_runner.run(
            lambda: case_trail(self._current_index(), meeting_id, item_id), on_success, on_failure
        )

    def meetings(
        self,
        on_success: Callable[[list[MeetingRow]], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        """The indexed meetings (for the year and body filters), read on the worker."""
        self._own_runner.run(lambda: self._current_index().meeting_rows(), on_success, on_failure)

    def index_attachments(self) -> None:
        """Index new items and attachment pages in the background (progress: `index_progress`)."""
        self._stale = True
        if self._indexing:
            return
        self._indexing = True
        relay, stop = self._relay, self._stop

        def run() -> IndexOutcome:
            from companion.core.search.attachments import index_pending

            library = self._open_library()
            try:
                return index_pending(library, progress=relay.progress.emit, cancelled=stop.is_set)
            finally:
                library.close()

        def done(outcome: IndexOutcome) -> None:
            if stop.is_set():
                return  # the window has gone (the runner is the app's)
            self._indexing = False
            self._stale = True
            self.index_finished.emit(outcome)

        def failed(error: Exception) -> None:
            if stop.is_set():
                return
            self._indexing = False
            log.warning("attachments not indexed: %s", error)
            self.index_finished.emit(None)

        self._runner.run(run, done, failed)

    def close(self) -> None:
        """Stop indexing, close the worker's index (on its thread) and wait for the worker."""
        self._stop.set()
        index, self._index = self._index, None
        if index is not None:
            self._own_runner.run_detached(index.close)
        self._own_runner.wait(5000)
