"""Who has the personal store open: one locked file per running window.

Each window holds an exclusive `FileLock` on its own file in ``personal.db.users/``
next to the store for as long as it runs (`holding_personal_store`).
`personal_store_users` counts the files whose lock is held; a crashed window's
file is unlocked (the system drops the lock with the process) and is removed when
counted. A restore (`companion.core.backups`) refuses while the count is not zero.
Kept apart from the backups so the window's start takes its hold with few imports.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.core.file_lock import FileLock, FileLockTimeout

log = logging.getLogger(__name__)

#: The folder of the windows' lock files, next to ``personal.db``.
USERS_DIR_NAME = "personal.db.users"


def users_dir(store_path: Path) -> Path:
    """The folder of the windows' lock files for the store at ``store_path``."""
    return Path(store_path).parent / USERS_DIR_NAME


@contextmanager
def holding_personal_store(store_path: Path) -> Iterator[None]:
    """Mark the store at ``store_path`` as in use by this process until the block ends."""
    folder = users_dir(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / f"{os.getpid()}-{os.urandom(16).hex()}.lock", timeout=0)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()
        lock.path.unlink(missing_ok=True)


def personal_store_users(store_path: Path) -> int:
    """How many running windows hold the store at ``store_path`` (crashed ones' files go)."""
    folder = users_dir(store_path)
    if not folder.is_dir():
        return 0
    users = 0
    for path in sorted(folder.glob("*.lock")):
        probe = FileLock(path, timeout=0)
        try:
            probe.acquire()
        except FileLockTimeout:
            users += 1
            continue
        except OSError as error:  # cannot even open it: count it, to be safe
            log.warning("Cannot check %s: %s", path, error)
            users += 1
            continue
        try:
            path.unlink(missing_ok=True)  # left by a window that crashed
        except OSError:
            pass
        finally:
            probe.release()
    return users
