"""The member's own work: annotations, positions, questions, notes, read marks, decisions.

This store is irreplaceable (unlike the library, nothing can fetch it again), so
it lives in its own file ``personal.db`` with ``PRAGMA synchronous=FULL``, every
write commits at once, and a copy is taken to ``backups/`` before any schema
migration. Rows are keyed by the stable ids of the model (meeting id, item id,
attachment id), never by row numbers of the content library, so a sync that
replaces a meeting's content leaves them valid.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TypeVar

log = logging.getLogger(__name__)

BACKUPS_DIR_NAME = "backups"
BACKUPS_KEPT = 5
BUSY_TIMEOUT_SECONDS = 5.0
T = TypeVar("T")


class PersonalStoreError(Exception):
    """A problem with the personal store, worded as a sentence for the user."""


_SCHEMA_1 = """
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL,
    item_id TEXT,
    target TEXT NOT NULL CHECK (target IN ('item', 'attachment')),
    file_sha256 TEXT,
    anchor TEXT NOT NULL CHECK (json_valid(anchor)),
    color TEXT,
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1))
);
CREATE INDEX annotations_by_item ON annotations (meeting_id, item_id);
CREATE INDEX annotations_by_file ON annotations (file_sha256);

CREATE TABLE positions (
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    stance TEXT,
    remark TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);

CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    text TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    ord INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX questions_by_item ON questions (meeting_id, item_id, ord);

CREATE TABLE notes (
    meeting_id TEXT NOT NULL,
    item_id TEXT,
    body TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE UNIQUE INDEX notes_key ON notes (meeting_id, coalesce(item_id, ''));

CREATE TABLE read_marks (
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    attachment_id TEXT,
    version INTEGER NOT NULL,
    read_at TEXT NOT NULL
);
CREATE UNIQUE INDEX read_marks_key ON read_marks (meeting_id, item_id, coalesce(attachment_id, ''));

CREATE TABLE decisions (
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    text TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);
"""


def _migrate_1_initial(connection: sqlite3.Connection) -> None:
    """The first schema: every table the member's work needs."""
    for statement in _SCHEMA_1.split(";"):
        if statement.strip():
            connection.execute(statement)


#: Schema migrations in order; the schema version is ``PRAGMA user_version``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1_initial]


def _retry_while_locked(action: Callable[[], T]) -> T:
    """Run ``action``, retrying for up to the busy timeout while the file is locked.

    Two connections opening a brand-new file at once can meet a lock that
    SQLite's busy handler does not wait for (the switch to WAL).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _backup_name() -> str:
    return f"personal-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S-%f')}.db"


class PersonalStore:
    """The personal database at ``path``: one connection, for one thread."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) ``path``, back it up and migrate it if it is older.

        Raises:
            PersonalStoreError: the file is damaged, cannot be created, or comes from a
                newer version of the app (then it is left untouched).
        """
        self.path = Path(path)
        self.backups_dir = self.path.parent / BACKUPS_DIR_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except (OSError, sqlite3.Error) as error:
            raise PersonalStoreError(
                f"Your personal notes file {self.path} cannot be opened: {error}."
            ) from error
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise PersonalStoreError(
                f"Your personal notes file {self.path} cannot be read ({error}). "
                f"Keep the file; backups are in {self.backups_dir}."
            ) from error
        except BaseException:
            self._connection.close()
            raise

    def _open(self) -> None:
        found = _retry_while_locked(self.schema_version)
        if found > len(MIGRATIONS):
            raise PersonalStoreError(
                f"Your personal notes file {self.path} was written by a newer version of the "
                f"companion (schema {found}, this version knows {len(MIGRATIONS)}). "
                "Update the companion to open it."
            )
        # WAL is a property of the file: only its creator has to switch it on, and
        # that switch takes a lock SQLite does not wait for, so retry it briefly.
        if self._journal_mode() != "wal":
            _retry_while_locked(lambda: self._connection.execute("PRAGMA journal_mode=WAL"))
        self._connection.execute("PRAGMA synchronous=FULL")
        self._connection.execute("PRAGMA foreign_keys=ON")
        if found < len(MIGRATIONS):
            self._migrate(found)

    def _journal_mode(self) -> str:
        row = _retry_while_locked(
            lambda: self._connection.execute("PRAGMA journal_mode").fetchone()
        )
        return str(row[0]).lower()

    def _migrate(self, found: int) -> None:
        if found > 0:
            saved = self.backup(self.backups_dir)
            log.info("Backed up %s to %s before migrating", self.path, saved)
            self._prune_backups()
        with self._transaction():
            for number in range(self.schema_version(), len(MIGRATIONS)):
                log.info("Migrating %s to schema %d", self.path, number + 1)
                MIGRATIONS[number](self._connection)
                self._connection.execute(f"PRAGMA user_version = {number + 1}")

    def _prune_backups(self) -> None:
        backups = sorted(self.backups_dir.glob("personal-*.db"))
        for old in backups[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    # -- lifecycle

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> PersonalStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    # -- safety

    def backup(self, dest_dir: Path) -> Path:
        """A consistent copy of the store in ``dest_dir`` (sqlite3 backup API); its path."""
        dest_dir.mkdir(parents=True, exist_ok=True)
        target = dest_dir / _backup_name()
        copy = sqlite3.connect(target)
        try:
            self._connection.backup(copy)
        finally:
            copy.close()
        return target

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check finds nothing wrong."""
        rows = self._connection.execute("PRAGMA integrity_check").fetchall()
        return rows == [("ok",)]

    # -- read marks

    def mark_read(
        self, meeting_id: str, item_id: str, version: int, attachment_id: str | None = None
    ) -> None:
        """Record that the member read ``item_id`` (or one of its attachments) in ``version``."""
        self._connection.execute(
            "INSERT INTO read_marks (meeting_id, item_id, attachment_id, version, read_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (meeting_id, item_id, coalesce(attachment_id, '')) "
            "DO UPDATE SET version = excluded.version, read_at = excluded.read_at",
            [meeting_id, item_id, attachment_id, version, _utc_now()],
        )

    def read_items(self, meeting_id: str) -> dict[str, int]:
        """The items of ``meeting_id`` marked read, with the version they were read in."""
        rows = self._connection.execute(
            "SELECT item_id, version FROM read_marks "
            "WHERE meeting_id = ? AND attachment_id IS NULL",
            [meeting_id],
        ).fetchall()
        return {item_id: int(version) for item_id, version in rows}
