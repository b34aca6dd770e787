"""One window per data folder, decided before the first paint without QtNetwork.

The first start on a data folder takes an exclusive lock on a file in the temp
folder named after the folder (`companion.core.file_lock`: the operating system
lets it go when the app exits or is killed). Only once its member's item is painted
does it listen for second starts (`FolderClaim.listen`, `companion.ui.single_instance`):
QtNetwork costs a cold start 5-7 ms before its first paint. A later start that finds
the lock taken hands its files to the window holding it, waiting for that window to
listen, and ends; if the holder exits meanwhile, the later start takes the lock.
"""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir

from companion.core.file_lock import FileLock, FileLockTimeout
from companion.ui.qt_digest import sha256_hex

if TYPE_CHECKING:
    from companion.ui.single_instance import SingleInstance

log = logging.getLogger(__name__)

#: How long a later start waits for the window holding the folder to answer.
HAND_OVER_WAIT_SECONDS = 10.0
#: Between a later start's tries (taking the lock, handing over).
_RETRY_SECONDS = 0.05


def server_name(data_dir: Path) -> str:
    """The local socket name of the window on ``data_dir`` (per user and resolved folder)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name known: the folder alone
        user = ""
    key = f"{user}\0{Path(data_dir).resolve()}".encode()
    return "kkr-companion-" + sha256_hex(key)[:24]


def lock_path(name: str) -> Path:
    """The lock file of the window named ``name`` (beside Qt's local sockets)."""
    return Path(QDir.tempPath()) / f"{name}.lock"


def files_to_import(arguments: Sequence[str]) -> list[Path]:
    """The files among the command line's ``arguments`` (the desktop file's ``%F``)."""
    return [Path(argument) for argument in arguments if Path(argument).is_file()]


class FolderClaim:
    """This start's hold on its data folder: the lock now, the listening socket later.

    Args:
        name: the socket name (`server_name`).
        lock: the lock held, or None when going on without the guard.
    """

    def __init__(self, name: str, lock: FileLock | None) -> None:
        self.name = name
        self._lock = lock
        self._instance: SingleInstance | None = None

    @property
    def guarded(self) -> bool:
        """True while this start holds the folder's lock (False: going on without it)."""
        return self._lock is not None and self._lock.is_held

    def listen(self) -> SingleInstance:
        """Listen for later starts (once); its ``requested`` signal brings their files."""
        if self._instance is None:
            from companion.ui.single_instance import SingleInstance

            self._instance = SingleInstance(self.name)
            if not self._instance.listen():
                log.warning("later starts on this data folder cannot reach this window")
        return self._instance

    def close(self) -> None:
        """Stop listening and let the folder go: a later start is the first again."""
        if self._instance is not None:
            self._instance.close()
        if self._lock is not None:
            self._lock.release()


def claim_data_folder(
    data_dir: Path, files: Sequence[Path], wait: float = HAND_OVER_WAIT_SECONDS
) -> FolderClaim | None:
    """Claim ``data_dir`` for this start, or hand ``files`` to the window that has it.

    Returns the claim (this start goes on), or None when the window holding the
    folder took the request (this start should exit 0).
    """
    name = server_name(data_dir)
    lock = FileLock(lock_path(name), timeout=0)
    deadline = time.monotonic() + wait
    while True:
        try:
            lock.acquire()
            return FolderClaim(name, lock)
        except FileLockTimeout:
            pass  # another window has the folder
        except OSError as error:
            log.warning("cannot claim %s (%s); going on without the guard", data_dir, error)
            return FolderClaim(name, None)
        from companion.ui.single_instance import hand_over

        if hand_over(name, files):
            return None
        if time.monotonic() > deadline:
            log.warning("the window on %s does not answer; going on without the guard", data_dir)
            return FolderClaim(name, None)
        time.sleep(_RETRY_SECONDS)
