"""The content store: meetings as synced, in SQLite, with their files as blobs.

Everything here is a cache: it can be fetched or imported again. The member's
own work lives in `companion.core.personal`, never here.

Layout of the library folder::

    content.db                  meetings, versions (meeting JSON), items + FTS5
    blobs/<2 hex>/<sha256>      the package files, named by their sha256

A new version is switched in atomically: first every missing blob is copied
(verified by the package, written to a temporary name, then moved into place
with `companion.core.durable.durable_move`: file and folder fsynced, so a power
cut cannot leave a row naming an empty blob), then one transaction inserts
the version row, moves the current pointer and replaces the item rows (the
FTS index follows by triggers). A failure at any point leaves the previous
version readable.

One `Library` is one SQLite connection for one thread; background work opens
its own `Library` on the same folder (WAL mode makes that safe).

A library the member cannot write to (a read-only disk or network share, a
read-only ``content.db``, a folder without write permission) opens read-only:
`Library.read_only` is True, reading works, and every change (import, remove,
sync) raises a `LibraryError` with `Cause.READ_ONLY` saying why changes are off.
A library that cannot be opened at all names its real cause (locked, disk full,
permission, damaged); only a damaged file is "move it away and import again".
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from companion.core.blob_check import BlobChecks
from companion.core.closing import Closable
from companion.core.durable import durable_move, make_dirs
from companion.core.errors import (
    QT_TRANSLATE_NOOP,
    Cause,
    MemberError,
    describe_os_error,
    describe_sqlite_error,
    sqlite_error_cause,
)
from companion.core.file_lock import FileLock, FileLockTimeout
from companion.core.library_changes import same_version_conflict
from companion.core.model import FileRef, Meeting

log = logging.getLogger(__name__)

DB_NAME = "content.db"
#: Held while a writer opens content.db (journal mode, migrations).
OPEN_LOCK_NAME = "content.db.open-lock"
BLOBS_DIR_NAME = "blobs"
BUSY_TIMEOUT_SECONDS = 5.0
#: The largest version SQLite can store (a signed 64-bit integer); the schema says so too.
MAX_VERSION = 2**63 - 1
_TEMP_PREFIX = ".incoming-"
_WHITESPACE = re.compile(r"\s+")


class LibraryError(MemberError):
    """A library problem, worded as a sentence for the member (translated by the window)."""

    @classmethod
    def from_member_error(cls, error: MemberError) -> LibraryError:
        """The same sentence (template, cause and values) as a `LibraryError`."""
        return cls(error.template, error.cause, **error.params)


# The sentences of the library, marked for translation (context CoreErrors).
_NOT_IN_LIBRARY = QT_TRANSLATE_NOOP("CoreErrors", "The meeting {meeting_id} is not in the library.")
_VERSION_NOT_IN_LIBRARY = QT_TRANSLATE_NOOP(
    "CoreErrors", "Version {version} of the meeting {meeting_id} is not in the library."
)
_VERSION_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The meeting {meeting_id} has version {version}; a version must be a whole number "
    "from 1 to 9223372036854775807.",
)
_NOT_A_CHECKSUM = QT_TRANSLATE_NOOP("CoreErrors", "{value} is not a sha256 checksum.")
_NEWER_SCHEMA = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} was written by a newer version of the companion "
    "(schema {found}, this version knows {known}). Update the companion to open it.",
)
_OLDER_SCHEMA_READ_ONLY = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} was written by an older version of the companion and "
    "must be updated, but it is read-only. Open it once from a folder you can write to.",
)
_DAMAGED = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The library database {path} is damaged and cannot be read. It is only a copy of "
    "the meetings: move it away and import the meetings again.",
)
_READ_ONLY_DISK = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: the library {path} is on a read-only disk or share. You can read "
    "the meetings, but not import, remove or sync them; to do that, use a library "
    "folder you can write to.",
)
_READ_ONLY_FILE = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: the library database {path} is a read-only file. You can read "
    "the meetings, but not import, remove or sync them; to do that, make the file "
    "writable or use another library folder.",
)
_READ_ONLY_FOLDER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "Changes are off: you do not have permission to change the library folder {path}. "
    "You can read the meetings, but not import, remove or sync them; to do that, ask "
    "your IT support for access or use another library folder.",
)


class PackageSource(Protocol):
    """What the library needs of a read package (`companion.core.package.LoadedPackage`)."""

    @property
    def meeting(self) -> Meeting: ...

    def copy_file(self, ref: FileRef, dest: Path) -> None: ...


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the meeting list: enough to show it without loading the meeting."""

    id: str
    body: str
    name: str
    start: datetime | None
    location: str | None
    item_count: int
    version: int
    imported_at: datetime


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: ``status`` is "added", "updated", "unchanged" or "older"."""

    meeting_id: str
    version: int
    status: str
    previous_version: int | None


class SearchQuery(Protocol):
    """A search read from what the member typed: ``companion.core.search.query.Query``.

    Taken ready-made: the library does not import the search package, which
    builds on the library.
    """

    def to_fts5(self) -> str:
        """The FTS5 MATCH expression, every word quoted."""
        ...


@dataclass(frozen=True)
class SearchHit:
    """An item that matches a search; ``snippet`` marks the match with ``[ ]``."""

    meeting_id: str
    item_id: str
    number: str
    title: str
    snippet: str


# --- schema -------------------------------------------------------------------------------


def _migrate_1_initial(db: sqlite_utils.Database) -> None:
    """Meetings (current pointer), versions (full JSON), items, files and the FTS index."""
    db.table("meetings").create(
        {
            "id": str,
            "body": str,
            "name": str,
            "start": str,
            "location": str,
            "item_count": int,
            "version": int,
            "imported_at": str,
        },
        pk="id",
        not_null={"body", "name", "item_count", "version", "imported_at"},
    )
    db.table("versions").create(
        {"meeting_id": str, "version": int, "meeting_json": str, "imported_at": str},
        pk=("meeting_id", "version"),
        not_null={"meeting_json", "imported_at"},
    )
    db.table("items").create(
        {
            "meeting_id": str,
            "item_id": str,
            "position": int,
            "number": str,
            "title": str,
            "text": str,
        },
        pk=("meeting_id", "item_id"),
    )
    db.table("files").create(
        {"meeting_id": str, "version": int, "sha256": str},
        pk=("meeting_id", "version", "sha256"),
    )
    db.table("files").create_index(["sha256"])
    db.table("items").enable_fts(
        ["title", "text"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 0",
    )


def _migrate_2_sync_state(db: sqlite_utils.Database) -> None:
    """Per feed source: the validators (ETag, Last-Modified) of its last good index."""
    db.table("sync_state").create(
        {"source_url": str, "etag": str, "last_modified": str, "synced_at": str},
        pk="source_url",
        not_null={"synced_at"},
    )


#: Schema migrations in order; the schema version is ``PRAGMA user_version``.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migrate_1_initial,
    _migrate_2_sync_state,
]


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _canonical_json(meeting: Meeting) -> str:
    return json.dumps(meeting.to_dict(), ensure_ascii=False, sort_keys=True)


# --- the library --------------------------------------------------------------------------


class Library(Closable):
    """The content store in ``data_dir``: one connection, for one thread."""

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
        db: sqlite_utils.Database | None = None
        if self._read_only_template is None:
            try:
                make_dirs(self.blobs_dir)
            except OSError as error:
                raise LibraryError.from_member_error(
                    describe_os_error(error, self.data_dir, "create")
                ) from error
            db = self._open_writable()
        self.db = db if db is not None else self._open_read_only()
        #: Verifies blobs before they are used (a damaged one counts as missing).
        self.blob_checks = BlobChecks(self.data_dir, writable=not self.read_only)

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

    def _open_writable(self) -> sqlite_utils.Database | None:
        """Open read-write and migrate; None when SQLite finds the file read-only after all."""
        connection = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self.db = sqlite_utils.Database(connection)
            # One opener at a time switches a new file to WAL and migrates it: two at
            # once (the window's first start opens it from two workers) could see
            # "database is locked" from the journal-mode switch.
            with FileLock(self.data_dir / OPEN_LOCK_NAME, timeout=BUSY_TIMEOUT_SECONDS):
                self._check_schema_version()
                self.db.execute("PRAGMA journal_mode=WAL")
                self._migrate()
            self.db.execute("PRAGMA synchronous=FULL")  # a commit is on disk, whatever the build
            return self.db
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

    def _open_read_only(self) -> sqlite_utils.Database:
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

    def _connect_read_only(self, uri: str) -> sqlite_utils.Database:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self.db = sqlite_utils.Database(connection)
            self._check_schema_version()
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if self._schema_version() < len(MIGRATIONS):
                raise LibraryError(_OLDER_SCHEMA_READ_ONLY, Cause.READ_ONLY, path=str(self.db_path))
            self.db.execute("PRAGMA query_only = ON")
            return self.db
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
        self.db.close()

    def _schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

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

    # -- reading

    def is_empty(self) -> bool:
        """True when the library holds no meeting."""
        with self._reading():
            return self.db.execute("SELECT 1 FROM meetings LIMIT 1").fetchone() is None

    def meetings(self) -> list[MeetingSummary]:
        """Every meeting's current version, newest first (meetings without a date last)."""
        with self._reading():
            rows = self.db.execute(
                "SELECT id, body, name, start, location, item_count, version, imported_at "
                "FROM meetings ORDER BY start IS NULL, start DESC, name"
            ).fetchall()
        return [
            MeetingSummary(
                id=row[0],
                body=row[1],
                name=row[2],
                start=_parse_datetime(row[3]),
                location=row[4],
                item_count=row[5],
                version=row[6],
                imported_at=datetime.fromisoformat(row[7]),
            )
            for row in rows
        ]

    def _current_version(self, meeting_id: str) -> int | None:
        with self._reading():
            row = self.db.execute(
                "SELECT version FROM meetings WHERE id = ?", [meeting_id]
            ).fetchone()
        return None if row is None else int(row[0])

    def meeting(self, meeting_id: str, version: int | None = None) -> Meeting:
        """The meeting ``meeting_id`` in ``version`` (default: the current one).

        Raises:
            LibraryError: no such meeting or version in the library.
        """
        if version is None:
            version = self._current_version(meeting_id)
            if version is None:
                raise LibraryError(_NOT_IN_LIBRARY, Cause.MISSING, meeting_id=repr(meeting_id))
        row = self._stored_json(meeting_id, version)
        if row is None:
            raise LibraryError(
                _VERSION_NOT_IN_LIBRARY, Cause.MISSING, meeting_id=repr(meeting_id), version=version
            )
        return Meeting.from_dict(json.loads(row))

    def versions(self, meeting_id: str) -> list[int]:
        """The stored versions of ``meeting_id``, ascending (empty if unknown)."""
        with self._reading():
            rows = self.db.execute(
                "SELECT version FROM versions WHERE meeting_id = ? ORDER BY version", [meeting_id]
            ).fetchall()
        return [int(row[0]) for row in rows]

    def version_dates(self, meeting_id: str) -> dict[int, datetime]:
        """When each stored version of ``meeting_id`` was imported (empty if unknown)."""
        with self._reading():
            rows = self.db.execute(
                "SELECT version, imported_at FROM versions WHERE meeting_id = ? ORDER BY version",
                [meeting_id],
            ).fetchall()
        return {int(row[0]): datetime.fromisoformat(row[1]) for row in rows}

    def _blob_file(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise LibraryError(_NOT_A_CHECKSUM, Cause.INVALID, value=repr(sha256))
        return self.blobs_dir / sha256[:2] / sha256

    def blob_path(self, sha256: str) -> Path | None:
        """The file with checksum ``sha256``, or None if the library lacks it.

        A file whose bytes do not hash to ``sha256`` counts as missing: it is deleted
        (unless the library is read-only), so the next sync or import fetches it again.
        """
        path = self._blob_file(sha256)
        if not path.is_file():
            return None
        if self.blob_checks.matches(path, sha256):
            return path
        log.warning("Blob %s is damaged; it will be fetched again", sha256)
        if not self.read_only:
            path.unlink(missing_ok=True)
            self.blob_checks.forget(sha256)
        return None

    def has_blob(self, sha256: str) -> bool:
        """True when the library holds the file with checksum ``sha256``."""
        return self.blob_path(sha256) is not None

    def search(
        self, query: SearchQuery, meeting_id: str | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """Items of current versions matching ``query``, best first.

        ``query`` is a search read from what the member typed
        (``companion.core.search.query.parse_query``), never raw text, so nothing
        typed reaches FTS5 as its syntax. The snippet marks what matched with ``[ ]``.
        """
        match = query.to_fts5()
        sql = (
            "SELECT items.meeting_id, items.item_id, items.number, items.title, "
            "snippet(items_fts, -1, '[', ']', '…', 12) "
            "FROM items_fts JOIN items ON items.rowid = items_fts.rowid "
            "WHERE items_fts MATCH ?"
        )
        params: list[Any] = [match]
        if meeting_id is not None:
            sql += " AND items.meeting_id = ?"
            params.append(meeting_id)
        sql += " ORDER BY bm25(items_fts, 5.0, 1.0), items.meeting_id, items.position LIMIT ?"
        params.append(limit)
        rows = self.db.execute(sql, params).fetchall()
        return [
            SearchHit(meeting, item, number, title, _WHITESPACE.sub(" ", snippet))
            for meeting, item, number, title, snippet in rows
        ]

    # -- importing

    def import_path(self, path: Path) -> ImportOutcome:
        """Read the package at ``path`` (folder or zip) and import it.

        Raises:
            PackageError: the package is invalid or a file fails its checksum.
            LibraryError: the library cannot store it.
        """
        from companion.core.package import read_package

        with read_package(path) as package:
            return self.import_package(package)

    def import_package(self, package: PackageSource) -> ImportOutcome:
        """Import a read package: add, update, or leave the library as it is.

        The same package twice changes nothing ("unchanged"); an older version than the
        current one is ignored ("older"). A package with the current version but other
        content is refused (its version must be raised). Raises what
        ``package.copy_file`` raises (PackageError) and LibraryError (read-only library,
        full disk, ...); the library is then unchanged, and the files this import had
        already copied in are removed again.
        """
        self._require_writable()
        meeting = package.meeting
        if not 1 <= meeting.version <= MAX_VERSION:
            raise LibraryError(
                _VERSION_OUT_OF_RANGE, Cause.INVALID, meeting_id=meeting.id, version=meeting.version
            )
        previous = self._current_version(meeting.id)
        if previous is not None and meeting.version < previous:
            log.info("Ignoring %s version %d: %d is current", meeting.id, meeting.version, previous)
            return ImportOutcome(meeting.id, meeting.version, "older", previous)
        new_json = _canonical_json(meeting)
        copied: list[str] = []
        try:
            if previous == meeting.version:
                stored = self._stored_json(meeting.id, previous)
                if stored is not None and stored != new_json:
                    conflict = same_version_conflict(json.loads(stored), json.loads(new_json))
                    raise LibraryError.from_member_error(conflict)
                self._copy_missing_blobs(package, meeting, copied)  # repairs deleted blobs
                return ImportOutcome(meeting.id, meeting.version, "unchanged", previous)
            self._copy_missing_blobs(package, meeting, copied)
            with self._write_transaction():
                # Under the write lock: a concurrent remove may have deleted a shared blob.
                self._copy_missing_blobs(package, meeting, copied)
                self._switch_in(meeting, new_json)
        except BaseException:
            self._remove_orphans(copied)
            raise
        status = "added" if previous is None else "updated"
        log.info("Imported %s version %d (%s)", meeting.id, meeting.version, status)
        return ImportOutcome(meeting.id, meeting.version, status, previous)

    def _remove_orphans(self, shas: list[str]) -> None:
        """Delete the blobs of ``shas`` that no stored version references (after a failure).

        Under the write lock, so a concurrent import (which copies its blobs again under
        that lock) never loses a blob it is about to reference.
        """
        if not shas:
            return
        try:
            with self._write_transaction():
                for sha in shas:
                    if not self.db.execute(
                        "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", [sha]
                    ).fetchone():
                        self._blob_file(sha).unlink(missing_ok=True)
        except (LibraryError, OSError) as error:  # keep the first failure's sentence
            log.warning("Could not remove the files of a failed import: %s", error)

    def _stored_json(self, meeting_id: str, version: int) -> str | None:
        with self._reading():
            row = self.db.execute(
                "SELECT meeting_json FROM versions WHERE meeting_id = ? AND version = ?",
                [meeting_id, version],
            ).fetchone()
        return None if row is None else str(row[0])

    def _copy_missing_blobs(
        self, package: PackageSource, meeting: Meeting, copied: list[str]
    ) -> None:
        """Copy the files the library lacks; ``copied`` collects the sha256 of each one."""
        for ref in meeting.files():
            target = self._blob_file(ref.sha256)
            if self.has_blob(ref.sha256):  # a damaged blob is replaced
                continue
            temp = target.parent / f"{_TEMP_PREFIX}{uuid.uuid4().hex}"
            try:
                make_dirs(target.parent)
                package.copy_file(ref, temp)
                durable_move(temp, target)  # on disk before a row may name it
                self.blob_checks.note_verified(target, ref.sha256)  # copy_file hashed it
                copied.append(ref.sha256)
            except OSError as error:
                raise self._copy_failure(error, target) from error
            finally:
                temp.unlink(missing_ok=True)

    def _copy_failure(self, error: OSError, target: Path) -> LibraryError:
        """The sentence for a file that could not be copied in: writing, or reading the package."""
        where = Path(error.filename) if error.filename else target.parent
        writing = where.is_relative_to(self.blobs_dir) or where == target.parent
        return LibraryError.from_member_error(
            describe_os_error(error, where, "write" if writing else "read")
        )

    def _switch_in(self, meeting: Meeting, meeting_json: str) -> None:
        """Write the version, move the current pointer, replace items (inside a transaction)."""
        now = _utc_now().isoformat()
        self.db.table("versions").insert(
            {
                "meeting_id": meeting.id,
                "version": meeting.version,
                "meeting_json": meeting_json,
                "imported_at": now,
            },
            replace=True,
        )
        self.db.execute(
            "DELETE FROM files WHERE meeting_id = ? AND version = ?", [meeting.id, meeting.version]
        )
        self.db.table("files").insert_all(
            (
                {"meeting_id": meeting.id, "version": meeting.version, "sha256": sha}
                for sha in sorted({ref.sha256 for ref in meeting.files()})
            ),
            ignore=True,
        )
        items = meeting.items
        self.db.table("meetings").insert(
            {
                "id": meeting.id,
                "body": meeting.body,
                "name": meeting.name,
                "start": meeting.start.isoformat() if meeting.start else None,
                "location": meeting.location,
                "item_count": len(items),
                "version": meeting.version,
                "imported_at": now,
            },
            replace=True,
        )
        self.db.execute("DELETE FROM items WHERE meeting_id = ?", [meeting.id])
        self.db.table("items").insert_all(
            {
                "meeting_id": meeting.id,
                "item_id": item.id,
                "position": position,
                "number": item.number,
                "title": item.title,
                "text": item.text,
            }
            for position, item in enumerate(items)
        )

    # -- feed sync state

    def feed_validators(self, source_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) of ``source_url``'s last good index, or (None, None)."""
        with self._reading():
            row = self.db.execute(
                "SELECT etag, last_modified FROM sync_state WHERE source_url = ?", [source_url]
            ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def set_feed_validators(
        self, source_url: str, etag: str | None, last_modified: str | None
    ) -> None:
        """Remember the validators of ``source_url``'s index after a complete sync."""
        with self._write_transaction():
            self.db.table("sync_state").insert(
                {
                    "source_url": source_url,
                    "etag": etag,
                    "last_modified": last_modified,
                    "synced_at": _utc_now().isoformat(),
                },
                replace=True,
            )

    # -- removing

    def remove_meeting(self, meeting_id: str) -> None:
        """Remove every version of ``meeting_id`` and the blobs no other meeting uses.

        Raises:
            LibraryError: the meeting is not in the library.
        """
        with self._write_transaction():
            if self._current_version(meeting_id) is None:
                raise LibraryError(_NOT_IN_LIBRARY, Cause.MISSING, meeting_id=repr(meeting_id))
            shas = [
                row[0]
                for row in self.db.execute(
                    "SELECT DISTINCT sha256 FROM files WHERE meeting_id = ?", [meeting_id]
                )
            ]
            for table in ("items", "files", "versions"):
                self.db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
            self.db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])
            for sha in shas:
                if self.db.execute("SELECT 1 FROM files WHERE sha256 = ?", [sha]).fetchone():
                    continue
                self._blob_file(sha).unlink(missing_ok=True)
        log.info("Removed meeting %s", meeting_id)


def _on_read_only_disk(path: Path) -> bool:
    """True when ``path`` lies on a file system mounted read-only (POSIX; False elsewhere)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False
