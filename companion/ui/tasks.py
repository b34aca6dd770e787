"""One helper for background work: run on a thread pool, answer on the GUI thread.

Sync, page rendering, imports and exports all go through `TaskRunner.run`, so
the GUI thread never waits on the network, the disk or a PDF render. A
failure is delivered to ``on_failure``; without one it is logged and shown to
the user through the runner's ``failed`` signal.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a task's outcome from the worker thread to the GUI thread."""

    succeeded = Signal(object, object)
    failed = Signal(object, object, str)


class Task(QRunnable):
    """A function run once on the pool; cancel() drops its result."""

    def __init__(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
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
        pool: the thread pool to use (a private one by default).
    """

    #: (summary, details) of a failure that had no ``on_failure`` handler.
    failed = Signal(str, str)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._running: set[Task] = set()

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
        self.pool.start(task)
        return task

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
            log.error("background task failed: %s\n%s", error, details)
            self.failed.emit(str(error), details)

    @property
    def busy(self) -> bool:
        """Whether any task is still running."""
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (for shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
