"""Index the attachments' pages in the background: what is missing, resumable, cancellable.

`index_pending` is the one entry: the window runs it on its `TaskRunner` after
an import or a sync (and at start, for what a killed run left), the command line
before a search. It brings the item rows up to date (cheap), then extracts the
text of every attachment PDF whose pages are not all in the index:

- in a separate process (multiprocessing "spawn": a fresh interpreter, no fork of a
  process with Qt and threads), because PyMuPDF holds the interpreter lock for a
  whole page; the calling process only stores text;
- a file once per sha256: a revision that keeps a file keeps its pages, and a file
  two meetings carry is read once;
- a few files ahead (`READ_AHEAD_FILES`): the worker reads the next files while
  this process stores the last one, so neither waits for the other;
- stored in chunks of pages, each in one transaction with the file's progress, so
  a killed run goes on at the next chunk and a cancelled one stops within a chunk.
  Chunks of `CHUNK_PAGES`: each transaction is a new FTS5 segment to merge, and
  each a progress report to the window.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from companion.core.search.extract import ExtractedPages, extract_pages
from companion.core.search.index import PendingFile, SearchIndex

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from companion.core.library import Library

log = logging.getLogger(__name__)

#: Pages stored per transaction.
CHUNK_PAGES = 128
#: Files each worker process reads ahead of the one being stored.
READ_AHEAD_FILES = 3
#: How much lower the workers' scheduling priority is (POSIX nice): the window comes first.
WORKER_NICENESS = 10


def lower_priority() -> None:
    """In a worker process: give way to the window (nice, where the system has it)."""
    if hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError as error:  # not allowed: run at the same priority
            log.info("Indexing worker keeps its priority: %s", error)


@dataclass(frozen=True)
class IndexProgress:
    """Where indexing is: ``files_done`` of ``files_total``, and the current file's pages."""

    files_done: int
    files_total: int
    pages_done: int
    page_count: int
    title: str


@dataclass
class IndexOutcome:
    """What `index_pending` did."""

    files_indexed: int = 0
    pages_indexed: int = 0
    failed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cancelled: bool = False
    worker_pids: set[int] = field(default_factory=set)
    worker_niceness: set[int] = field(default_factory=set)


def index_pending(
    library: Library,
    *,
    progress: Callable[[IndexProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 1,
    chunk_pages: int = CHUNK_PAGES,
    index: SearchIndex | None = None,
) -> IndexOutcome:
    """Index the library's new items and every attachment page not yet in the index.

    Runs on the caller's thread (the window's: a `TaskRunner` task, with a
    `Library` opened on that thread) and extracts text in ``workers`` spawned
    (at a lower scheduling priority than the window, `lower_priority`)
    processes. ``progress`` is called after each stored chunk; ``cancelled`` is
    asked before each, and a True stops the work (what is stored stays stored).
    ``index`` defaults to the library's ``search.db``, opened and closed here.

    Raises:
        MemberError: the index cannot be written (disk full, read-only folder).
    """
    own_index = index is None
    search_index = index or SearchIndex(library.data_dir)
    try:
        search_index.refresh_items(library)
        return _index_files(
            library,
            search_index,
            progress,
            cancelled or (lambda: False),
            workers,
            chunk_pages,
        )
    finally:
        if own_index:
            search_index.close()


def _index_files(
    library: Library,
    index: SearchIndex,
    progress: Callable[[IndexProgress], None] | None,
    cancelled: Callable[[], bool],
    workers: int,
    chunk_pages: int,
) -> IndexOutcome:
    outcome = IndexOutcome()
    pending = index.pending_files()
    ready: list[tuple[PendingFile, str]] = []
    for file in pending:
        blob = library.blob_path(file.sha256)
        if blob is None:
            outcome.missing.append(file.sha256)  # not downloaded yet: indexed when it is
        else:
            ready.append((file, str(blob)))
    if not ready:
        return outcome
    context = multiprocessing.get_context("spawn")
    workers = max(1, workers)
    # Leaving the block terminates the workers.
    with context.Pool(workers, initializer=lower_priority) as pool:
        waiting = iter(ready)
        reading: deque[tuple[PendingFile, AsyncResult[ExtractedPages]]] = deque()

        def read_ahead() -> None:
            """Keep `READ_AHEAD_FILES` files being read while this thread stores."""
            for file, path in itertools.islice(waiting, READ_AHEAD_FILES * workers - len(reading)):
                reading.append((file, pool.apply_async(extract_pages, (path, file.pages_done))))

        read_ahead()
        number = 0
        while reading:
            if cancelled():
                outcome.cancelled = True
                break
            file, result = reading.popleft()
            read_ahead()
            report = _reporter(progress, number, len(ready), file.title)
            if not _store_file(index, file, result.get(), chunk_pages, cancelled, report, outcome):
                outcome.cancelled = True
                break
            number += 1
    return outcome


def _reporter(
    progress: Callable[[IndexProgress], None] | None, number: int, total: int, title: str
) -> Callable[[int, int, bool], None]:
    def report(pages_done: int, page_count: int, file_done: bool) -> None:
        if progress is not None:
            progress(IndexProgress(number + int(file_done), total, pages_done, page_count, title))

    return report


def _store_file(
    index: SearchIndex,
    file: PendingFile,
    extracted: ExtractedPages,
    chunk_pages: int,
    cancelled: Callable[[], bool],
    report: Callable[[int, int, bool], None],
    outcome: IndexOutcome,
) -> bool:
    """Store the pages read of one file, ``chunk_pages`` a transaction; False when cancelled."""
    outcome.worker_pids.add(extracted.pid)
    outcome.worker_niceness.add(extracted.niceness)
    if extracted.error is not None:
        log.warning(
            "Attachment %s (%s) cannot be indexed: %s", file.title, file.sha256, extracted.error
        )
        index.fail_file(file.sha256, extracted.error)
        outcome.failed.append(file.sha256)
        return True
    index.start_file(file.sha256, extracted.page_count)
    texts = extracted.texts
    for offset in range(0, len(texts), max(1, chunk_pages)):
        chunk = texts[offset : offset + chunk_pages]
        index.add_pages(file.sha256, extracted.start + offset + 1, chunk)
        outcome.pages_indexed += len(chunk)
        done = extracted.start + offset + len(chunk)
        report(done, extracted.page_count, done >= extracted.page_count)
        if done < extracted.page_count and cancelled():
            return False
    if not texts:
        report(extracted.start, extracted.page_count, True)
    outcome.files_indexed += 1
    return True
