"""An exclusive lock between processes, held on a lock file next to the file it guards.

``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows. Both are advisory: they only
keep out writers that take the same lock. The lock is tied to the open file, so the
operating system releases it when the holder exits or crashes; a stale lock file on
disk locks nothing. Not reentrant: taking the lock twice in one process waits for itself.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_FILE_MODE = 0o600
_POLL_SECONDS = 0.01

if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        """Lock the first byte without waiting; False when another holder has it."""
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        """Take the exclusive flock without waiting; False when another holder has it."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


class FileLockTimeout(TimeoutError):
    """The lock file stayed locked by another holder for longer than the timeout."""

    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__(
            f"{path} is locked by another process and was not released within {timeout:g} s"
        )
        self.path = path
        self.timeout = timeout


class FileLock:
    """An exclusive inter-process lock on ``path`` (created, mode 0600, when missing).

    Use it as a context manager, or call `acquire` and `release` yourself.

    Attributes:
        path: the lock file.
        timeout: how many seconds `acquire` waits before raising `FileLockTimeout`.
    """

    def __init__(self, path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._descriptor: int | None = None

    @property
    def is_held(self) -> bool:
        """True between a successful `acquire` and `release`."""
        return self._descriptor is not None

    def acquire(self) -> None:
        """Wait up to ``timeout`` seconds for the lock.

        Raises:
            FileLockTimeout: another holder kept the lock for the whole timeout.
            OSError: the lock file cannot be created or opened.
            RuntimeError: this object holds the lock already.
        """
        if self._descriptor is not None:
            raise RuntimeError(f"{self.path} is already locked by this FileLock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, LOCK_FILE_MODE)
        try:
            self._wait_for_lock(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor

    def _wait_for_lock(self, descriptor: int) -> None:
        deadline = time.monotonic() + self.timeout
        waited = False
        while not _try_lock(descriptor):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FileLockTimeout(self.path, self.timeout)
            if not waited:
                log.debug("Waiting for the lock on %s", self.path)
                waited = True
            time.sleep(min(_POLL_SECONDS, remaining))

    def release(self) -> None:
        """Let the lock go (closing the lock file); does nothing when it is not held."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        try:
            _unlock(descriptor)
        finally:
            os.close(descriptor)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
