"""Is a blob still the file its name promises? Hashed once, remembered by size and mtime.

A blob is named by its sha256. A file whose bytes no longer hash to its name (a
power cut on a file system that lost unsynced writes, a disk error, a stray
program) is worse than a missing one: the window would show a broken PDF, and a
sync, seeing the name, would never fetch it again. So a blob is verified before
it is used; a damaged one is deleted (the library is a cache: everything in it
can be fetched again), and the next sync or import, finding it absent, fetches
it again.

Hashing a 20 MB attachment every time a meeting is opened costs ~50 ms, so a
verification is remembered in ``blob-checks.db`` next to the library, keyed by
the file's size, mtime (ns) and inode: a blob rewritten or replaced gets a new
key and is hashed again. What that cache cannot see is a change that leaves all
three alone (bit rot under an unchanged inode); ``companion check`` hashes every
blob without it. The cache is only a speed-up: when it cannot be opened or
written (a read-only library), every open hashes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from pathlib import Path

from companion.core.closing import Closable

log = logging.getLogger(__name__)

#: The cache of verified blobs, in the library's folder.
CHECKS_DB_NAME = "blob-checks.db"
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """The sha256 of the file at ``path`` (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _key(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


class BlobChecks(Closable):
    """Verifies blobs against their names, remembering verified ones in ``data_dir``."""

    def __init__(self, data_dir: Path, *, writable: bool = True) -> None:
        """Use (creating when ``writable``) the cache in ``data_dir``; opened on first use."""
        self.path = Path(data_dir) / CHECKS_DB_NAME
        self._writable = writable
        self._db: sqlite3.Connection | None = None
        self._unusable = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None or self._unusable:
            return self._db
        try:
            self._db = self._open_writable() if self._writable else self._open_read_only()
        except sqlite3.Error as error:
            log.info("Blob checks not remembered (%s): %s", self.path, error)
            self._unusable = True
        return self._db

    def _open_writable(self) -> sqlite3.Connection:
        """The cache in WAL mode with ``synchronous=NORMAL``: a commit waits for no fsync.

        A power cut may lose the last commits (never corrupt the file): a lost row
        costs one hash of its blob later. A row is only written for a blob that is
        already fsynced, so no row can outlive its blob's bytes.
        """
        db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:  # e.g. another process switching it at the same time
            log.info("Blob checks kept in their journal mode (%s): %s", self.path, error)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS verified (sha256 TEXT PRIMARY KEY,"
            " size INTEGER, mtime_ns INTEGER, inode INTEGER)"
        )
        db.commit()
        return db

    def _open_read_only(self) -> sqlite3.Connection:
        """``mode=ro``; ``immutable=1`` where SQLite cannot create the WAL's ``-shm`` file."""
        uri = self.path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5, check_same_thread=False)
        try:
            db.execute("SELECT count(*) FROM verified").fetchone()
            return db
        except sqlite3.Error as error:
            db.close()
            log.info("Blob checks read as immutable (%s): %s", self.path, error)
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=5, check_same_thread=False)

    def _remembered(self, sha256: str, stat: os.stat_result) -> bool:
        db = self._connection()
        if db is None:
            return False
        try:
            row = db.execute(
                "SELECT size, mtime_ns, inode FROM verified WHERE sha256 = ?", [sha256]
            ).fetchone()
        except sqlite3.Error:
            return False
        return row is not None and tuple(row) == _key(stat)

    def _remember(self, sha256: str, stat: os.stat_result) -> None:
        self._remember_all([(sha256, stat)])

    def _remember_all(self, checks: list[tuple[str, os.stat_result]]) -> None:
        """Remember ``checks`` (sha256, stat) in one transaction (one commit, its fsyncs)."""
        db = self._connection()
        if db is None or not self._writable or not checks:
            return
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO verified VALUES (?, ?, ?, ?)",
                    [[sha256, *_key(stat)] for sha256, stat in checks],
                )
        except sqlite3.Error as error:  # a cache: a failed write costs a hash next time
            log.info("Could not remember the checks of %s: %s", checks[0][0], error)

    def note_verified(self, path: Path, sha256: str) -> None:
        """Remember that ``path`` was just verified to hash to ``sha256`` (when copied in)."""
        self.note_verified_all([(path, sha256)])

    def note_verified_all(self, files: list[tuple[Path, str]]) -> None:
        """`note_verified` of each (path, sha256) of ``files``, in one transaction."""
        checks: list[tuple[str, os.stat_result]] = []
        for path, sha256 in files:
            try:
                checks.append((sha256, path.stat()))
            except OSError as error:
                log.info("Could not remember the check of %s: %s", sha256, error)
        self._remember_all(checks)

    def forget(self, sha256: str) -> None:
        """Drop what is remembered about ``sha256`` (its file was removed)."""
        db = self._connection()
        if db is None or not self._writable:
            return
        try:
            with db:
                db.execute("DELETE FROM verified WHERE sha256 = ?", [sha256])
        except sqlite3.Error as error:
            log.info("Could not forget the check of %s: %s", sha256, error)

    def matches(self, path: Path, sha256: str, *, trust_cache: bool = True) -> bool:
        """True when the file at ``path`` hashes to ``sha256`` (False if it cannot be read).

        With ``trust_cache`` a file whose size, mtime and inode match an earlier
        verification is not hashed again.
        """
        try:
            stat = path.stat()
            if trust_cache and self._remembered(sha256, stat):
                return True
            if file_sha256(path) != sha256:
                return False
        except OSError as error:
            log.warning("Cannot read %s to verify it: %s", path, error)
            return False
        self._remember(sha256, stat)
        return True

    def close(self) -> None:
        """Close the cache's connection."""
        if self._db is not None:
            self._db.close()
            self._db = None
