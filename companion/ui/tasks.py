"""One helper for background work: run on a thread pool, answer on the GUI thread.

Sync, page rendering, imports and exports all go through `TaskRunner.run`, so
the GUI thread never waits on the network, the disk or a PDF render. A
failure is delivered to ``on_failure``; without one it is logged and shown to
the user through the runner's ``failed`` signal.

The workers are Python threads (`concurrent.futures`), not a `QThreadPool`:
a Qt pool's destructor waits for its tasks while holding Python's GIL, which
deadlocks when a window is deleted while a task still needs the GIL.
"""

from __future__ import annotations

import logging
import os
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    # Imported with the pool, at the first task: the app's is after its first paint.
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a task's outcome from the worker thread to the GUI thread."""

    succeeded = Signal(object, object)
    failed = Signal(object, object, str)


class Task:
    """A function run once on the pool; cancel() drops its result."""

    def __init__(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        self._fn = fn
        self.on_success = on_success
        self.on_failure = on_failure
        self.relay = _Relay()
        self.cancelled = False

    def cancel(self) -> None:
        """Forget the result: neither callback will be called."""
        self.cancelled = True

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:  # delivered to the GUI thread, never lost
            self.relay.failed.emit(self, error, traceback.format_exc())
        else:
            self.relay.succeeded.emit(self, result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on it.

    Args:
        max_workers: threads at most (default: the cores, at least two); 1 makes
            the tasks run one after another in the order given.
    """

    #: (summary, details) of a failure that had no ``on_failure`` handler.
    failed = Signal(str, str)

    def __init__(self, max_workers: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = max_workers or max(2, os.cpu_count() or 2)
        self._executor: ThreadPoolExecutor | None = None  # made for the first task
        self._running: set[Task] = set()
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Run ``fn()`` on the pool; call back on the GUI thread when done."""
        task = Task(fn, on_success, on_failure)
        self._running.add(task)
        # Bound slots of this GUI-thread object: Qt queues the call to our thread.
        task.relay.succeeded.connect(self._task_succeeded)
        task.relay.failed.connect(self._task_failed)
        self._submit(task.run)
        return task

    def run_detached(self, fn: Callable[[], Any]) -> None:
        """Run ``fn()`` on the pool with no answer; a failure is only logged."""

        def logged() -> None:
            try:
                fn()
            except Exception:
                log.exception("background work failed")

        self._submit(logged)

    def _submit(self, fn: Callable[[], None]) -> None:
        with self._lock:  # one pool, whichever thread submits first
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(
                    self._workers, thread_name_prefix="companion-task"
                )
            executor = self._executor
        future = executor.submit(fn)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    @Slot(object, object)
    def _task_succeeded(self, task: Task, result: Any) -> None:
        self._running.discard(task)
        if not task.cancelled and task.on_success is not None:
            task.on_success(result)

    @Slot(object, object, str)
    def _task_failed(self, task: Task, error: Exception, details: str) -> None:
        self._running.discard(task)
        if task.cancelled:
            return
        if task.on_failure is not None:
            task.on_failure(error)
        else:
            from companion.ui.messages import member_text  # errors, sqlite3: not for the frame

            log.error("background task failed: %s\n%s", error, details)
            self.failed.emit(member_text(error), details)

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the submitted work is done (for shutdown and tests only)."""
        with self._lock:
            pending = set(self._futures)
        if not pending:
            return True
        from concurrent.futures import wait as wait_for_futures

        timeout = None if msecs < 0 else msecs / 1000
        _, not_done = wait_for_futures(pending, timeout=timeout)
        return not not_done
