"""One sync at a time per data folder, across processes (the window, `companion sync`, ...).

Two syncs into one data folder would delete each other's partial downloads
(``downloads/*.part``) and fail falsely. `sync_lock` holds an exclusive lock on
``<data folder>/sync.lock`` (`companion.core.file_lock`: ``flock`` on POSIX,
``msvcrt.locking`` on Windows; the system lets it go when the holder exits or
crashes) for the whole of a sync. A second sync waits briefly for it, then
raises `AnotherSyncRunning`: one sentence, translated by the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError, describe_os_error
from companion.core.file_lock import FileLock, FileLockTimeout
from companion.core.sources.http import SyncError

ANOTHER_SYNC_RUNNING = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Another sync of this library ({folder}) is running, in another window or a "
    "scheduled `companion sync`: let it finish, then sync again.",
)


SYNC_LOCK_NAME = "sync.lock"
#: Seconds a second sync waits for the first one before saying it is running.
SYNC_LOCK_WAIT = 5.0


class AnotherSyncRunning(SyncError, MemberError):
    """Another process (or thread) is syncing into the same data folder."""


class SyncLockUnavailable(SyncError, MemberError):
    """The lock file cannot be created (a read-only or full disk, say)."""


@contextmanager
def sync_lock(data_dir: Path, wait: float = SYNC_LOCK_WAIT) -> Iterator[None]:
    """Hold the data folder's sync lock for the ``with`` block.

    Raises:
        AnotherSyncRunning: another sync kept the lock for ``wait`` seconds.
        SyncLockUnavailable: the lock file cannot be created or opened.
    """
    lock = FileLock(Path(data_dir) / SYNC_LOCK_NAME, wait)
    try:
        lock.acquire()
    except FileLockTimeout:
        raise AnotherSyncRunning(ANOTHER_SYNC_RUNNING, Cause.LOCKED, folder=str(data_dir)) from None
    except OSError as error:
        cause = describe_os_error(error, lock.path, "create")
        raise SyncLockUnavailable(cause.template, cause.cause, **cause.params) from error
    try:
        yield
    finally:
        lock.release()
