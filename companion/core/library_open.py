"""Opening the library: writable, or read-only with the reason; transactions and reads.

`LibraryBase` is the part of `companion.core.library.Library` that opens
``content.db`` (creating and migrating it, or read-only when the member cannot
write to it), names why an open or a write failed, and wraps writes in
``BEGIN IMMEDIATE`` transactions. The rest of the library builds on it.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.blob_check import BlobChecks
from companion.core.closing import Closable
from companion.core.durable import make_dirs
from companion.core.errors import (
    Cause,
    describe_os_error,
    describe_sqlite_error,
    sqlite_error_cause,
)
from companion.core.file_lock import FileLock, FileLockTimeout
from companion.core.library_errors import (
    _DAMAGED,
    _NEWER_SCHEMA,
    _OLDER_SCHEMA_READ_ONLY,
    _READ_ONLY_DISK,
    _READ_ONLY_FILE,
    _READ_ONLY_FOLDER,
    LibraryError,
)
from companion.core.library_schema import BLOBS_DIR_NAME, DB_NAME, MIGRATIONS, OPEN_LOCK_NAME

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0
#: How long an opener waits for another to finish creating or migrating the file. Only
#: openers hold it (the schema check, the switch to WAL, a migration), so waiting is
#: safe: it is always a worker that waits. With SQLite's 5 s busy timeout, a loaded CI
#: run once saw the window's own second opener give up during the first start and say
#: "another program is using it".
OPEN_LOCK_TIMEOUT_SECONDS = 30.0


class LibraryBase(Closable):
    """The content store in ``data_dir``: one connection, for one thread.

    Reads use the plain `sqlite3` connection (`conn`); writes and migrations go
    through `db`, the sqlite-utils wrapper of the same connection, made on first
    use: importing sqlite-utils (its plugins, click, dateutil) took ~200 ms of a
    worker's interpreter time at a cold start that only reads.
    """

    def __init__(self, data_dir: Path) -> None:
        """Open (creating if needed) the library in ``data_dir`` and migrate its schema.

        A library that exists but cannot be written to opens read-only (see
        `read_only`).

        Raises:
            LibraryError: the folder cannot be created, the database is locked, damaged
                or was written by a newer version of the app (then nothing is changed);
                the sentence names the cause.
        """
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_NAME
        self.blobs_dir = self.data_dir / BLOBS_DIR_NAME
        #: Why changes are off (a sentence template), or None when the library is writable.
        self._read_only_template: str | None = self._write_blocker()
        self._db: sqlite_utils.Database | None = None
        conn: sqlite3.Connection | None = None
        if self._read_only_template is None:
            try:
                make_dirs(self.blobs_dir)
            except OSError as error:
                raise LibraryError.from_member_error(
                    describe_os_error(error, self.data_dir, "create")
                ) from error
            conn = self._open_writable()
        self.conn: sqlite3.Connection = conn if conn is not None else self._open_read_only()
        #: Verifies blobs before they are used (a damaged one counts as missing).
        self.blob_checks = BlobChecks(self.data_dir, writable=not self.read_only)

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils wrapper of `conn`, for writes (imported on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def read_only(self) -> bool:
        """True when changes are off: the library is read and never written."""
        return self._read_only_template is not None

    def read_only_error(self) -> LibraryError | None:
        """The sentence saying why changes are off, or None when the library is writable."""
        if self._read_only_template is None:
            return None
        place = self.db_path if self._read_only_template == _READ_ONLY_FILE else self.data_dir
        return LibraryError(self._read_only_template, Cause.READ_ONLY, path=str(place))

    def _require_writable(self) -> None:
        error = self.read_only_error()
        if error is not None:
            raise error

    # -- opening

    def _write_blocker(self) -> str | None:
        """Why an existing library cannot be written to, or None (a new one is created)."""
        if not self.db_path.is_file():
            return None
        if _on_read_only_disk(self.data_dir):
            return _READ_ONLY_DISK
        if not os.access(self.db_path, os.W_OK):
            return _READ_ONLY_FILE
        if not os.access(self.data_dir, os.W_OK):
            return _READ_ONLY_FOLDER  # SQLite cannot create its -wal and -shm files
        return None

    def _open_writable(self) -> sqlite3.Connection | None:
        """Open read-write and migrate; None when SQLite finds the file read-only after all."""
        connection = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self.conn = connection
            self._db = None
            # One opener at a time switches a new file to WAL and migrates it: two at
            # once (the window's first start opens it from two workers) could see
            # "database is locked" from the journal-mode switch.
            with FileLock(self.data_dir / OPEN_LOCK_NAME, timeout=OPEN_LOCK_TIMEOUT_SECONDS):
                self._check_schema_version()
                connection.execute("PRAGMA journal_mode=WAL")
                self._migrate()
            connection.execute("PRAGMA synchronous=FULL")  # a commit is on disk, whatever the build
            return connection
        except FileLockTimeout as error:
            connection.close()
            raise LibraryError.from_member_error(
                describe_os_error(OSError(errno.EBUSY, str(error)), self.db_path, "open")
            ) from error
        except sqlite3.Error as error:
            connection.close()
            if sqlite_error_cause(error) is Cause.READ_ONLY and self.db_path.is_file():
                # The system refused the write although the permissions allowed it.
                log.info("%s is read-only (%s); opening it read-only", self.db_path, error)
                self._read_only_template = _READ_ONLY_FILE
                return None
            raise self._open_failure(error) from error
        except BaseException:
            connection.close()
            raise

    def _open_read_only(self) -> sqlite3.Connection:
        """Open ``content.db`` with ``mode=ro``; ``immutable=1`` when even that needs a write.

        A database in WAL mode needs its ``-shm`` file; on a read-only disk SQLite
        cannot create it, and ``immutable=1`` (nothing can change it there) reads
        without it.
        """
        log.info("Opening %s read-only", self.db_path)
        uri = self.db_path.resolve().as_uri()
        try:
            return self._connect_read_only(f"{uri}?mode=ro")
        except sqlite3.Error as error:
            if sqlite_error_cause(error) not in (Cause.PERMISSION, Cause.READ_ONLY, Cause.IO):
                raise self._open_failure(error) from error
            log.info("%s: %s; reading it as immutable", self.db_path, error)
        try:
            return self._connect_read_only(f"{uri}?immutable=1")
        except sqlite3.Error as error:
            raise self._open_failure(error) from error

    def _connect_read_only(self, uri: str) -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self.conn = connection
            self._db = None
            self._check_schema_version()
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if self._schema_version() < len(MIGRATIONS):
                raise LibraryError(_OLDER_SCHEMA_READ_ONLY, Cause.READ_ONLY, path=str(self.db_path))
            connection.execute("PRAGMA query_only = ON")
            return connection
        except BaseException:
            connection.close()
            raise

    def _open_failure(self, error: sqlite3.Error) -> LibraryError:
        """The sentence for a database that cannot be opened, naming the real cause."""
        if sqlite_error_cause(error) is Cause.DAMAGED:
            return LibraryError(_DAMAGED, Cause.DAMAGED, path=str(self.db_path))
        return LibraryError.from_member_error(describe_sqlite_error(error, self.db_path, "open"))

    # -- lifecycle

    def close(self) -> None:
        """Close the connection."""
        self.blob_checks.close()
        self.conn.close()

    def _schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_schema_version(self) -> None:
        found = self._schema_version()
        if found > len(MIGRATIONS):
            raise LibraryError(
                _NEWER_SCHEMA,
                Cause.OTHER,
                path=str(self.db_path),
                found=found,
                known=len(MIGRATIONS),
            )

    def _migrate(self) -> None:
        if self._schema_version() == len(MIGRATIONS):
            return
        with self._write_transaction():
            # Re-read under the write lock: another instance may have migrated meanwhile.
            for number in range(self._schema_version(), len(MIGRATIONS)):
                log.info("Migrating %s to schema %d", self.db_path, number + 1)
                MIGRATIONS[number](self.db)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE (waits for the write lock) ... COMMIT, or ROLLBACK on error.

        A refused write (disk full, locked, read-only) becomes a `LibraryError` naming it.
        """
        self._require_writable()
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.rollback()
                raise
            self.db.commit()
        except sqlite3.Error as error:
            raise self._write_failure(error) from error

    def _write_failure(self, error: sqlite3.Error) -> LibraryError:
        if sqlite_error_cause(error) is Cause.DAMAGED:
            return LibraryError(_DAMAGED, Cause.DAMAGED, path=str(self.db_path))
        return LibraryError.from_member_error(describe_sqlite_error(error, self.db_path, "write"))

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Turns a failed read (a damaged page, a lost disk) into a `LibraryError`."""
        try:
            yield
        except sqlite3.Error as error:
            raise self._open_failure(error) from error


def _on_read_only_disk(path: Path) -> bool:
    """True when ``path`` lies on a file system mounted read-only (POSIX; False elsewhere)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False
