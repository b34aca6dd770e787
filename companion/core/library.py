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
"""

from __future__ import annotations

import json
import logging
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

from companion.core.closing import Closable
from companion.core.durable import durable_move, make_dirs
from companion.core.model import FileRef, Meeting

log = logging.getLogger(__name__)

DB_NAME = "content.db"
BLOBS_DIR_NAME = "blobs"
BUSY_TIMEOUT_SECONDS = 5.0
_TEMP_PREFIX = ".incoming-"
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)
_WHITESPACE = re.compile(r"\s+")


class LibraryError(Exception):
    """A library problem, worded as a sentence for the user."""


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


def fts_query(text: str) -> str:
    """An FTS5 query for what a user typed: every word quoted, the last one as a prefix.

    Returns an empty string when ``text`` has no words. The result can never be an
    FTS5 syntax error because each term is a quoted string of word characters.
    """
    terms = _SEARCH_TERM.findall(text)
    if not terms:
        return ""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


# --- the library --------------------------------------------------------------------------


class Library(Closable):
    """The content store in ``data_dir``: one connection, for one thread."""

    def __init__(self, data_dir: Path) -> None:
        """Open (creating if needed) the library in ``data_dir`` and migrate its schema.

        Raises:
            LibraryError: the folder cannot be created, the database is damaged, or it
                was written by a newer version of the app (then nothing is changed).
        """
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_NAME
        self.blobs_dir = self.data_dir / BLOBS_DIR_NAME
        try:
            make_dirs(self.blobs_dir)
        except OSError as error:
            raise LibraryError(
                f"The library folder {self.data_dir} cannot be created: {error}."
            ) from error
        connection = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self.db = sqlite_utils.Database(connection)
            self._check_schema_version()
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")  # a commit is on disk, whatever the build
            self._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise LibraryError(
                f"The library database {self.db_path} cannot be opened ({error}). "
                "It is only a cache: move it away and import the meetings again."
            ) from error
        except LibraryError:
            connection.close()
            raise

    # -- lifecycle

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def _schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _check_schema_version(self) -> None:
        found = self._schema_version()
        if found > len(MIGRATIONS):
            raise LibraryError(
                f"The library database {self.db_path} was written by a newer version of the "
                f"companion (schema {found}, this version knows {len(MIGRATIONS)}). "
                "Update the companion to open it."
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
        """BEGIN IMMEDIATE (waits for the write lock) ... COMMIT, or ROLLBACK on error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    # -- reading

    def is_empty(self) -> bool:
        """True when the library holds no meeting."""
        return self.db.execute("SELECT 1 FROM meetings LIMIT 1").fetchone() is None

    def meetings(self) -> list[MeetingSummary]:
        """Every meeting's current version, newest first (meetings without a date last)."""
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
        row = self.db.execute("SELECT version FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        return None if row is None else int(row[0])

    def meeting(self, meeting_id: str, version: int | None = None) -> Meeting:
        """The meeting ``meeting_id`` in ``version`` (default: the current one).

        Raises:
            LibraryError: no such meeting or version in the library.
        """
        if version is None:
            version = self._current_version(meeting_id)
            if version is None:
                raise LibraryError(f"The meeting {meeting_id!r} is not in the library.")
        row = self.db.execute(
            "SELECT meeting_json FROM versions WHERE meeting_id = ? AND version = ?",
            [meeting_id, version],
        ).fetchone()
        if row is None:
            raise LibraryError(
                f"Version {version} of the meeting {meeting_id!r} is not in the library."
            )
        return Meeting.from_dict(json.loads(row[0]))

    def versions(self, meeting_id: str) -> list[int]:
        """The stored versions of ``meeting_id``, ascending (empty if unknown)."""
        rows = self.db.execute(
            "SELECT version FROM versions WHERE meeting_id = ? ORDER BY version", [meeting_id]
        ).fetchall()
        return [int(row[0]) for row in rows]

    def version_dates(self, meeting_id: str) -> dict[int, datetime]:
        """When each stored version of ``meeting_id`` was imported (empty if unknown)."""
        rows = self.db.execute(
            "SELECT version, imported_at FROM versions WHERE meeting_id = ? ORDER BY version",
            [meeting_id],
        ).fetchall()
        return {int(row[0]): datetime.fromisoformat(row[1]) for row in rows}

    def _blob_file(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise LibraryError(f"{sha256!r} is not a sha256 checksum.")
        return self.blobs_dir / sha256[:2] / sha256

    def blob_path(self, sha256: str) -> Path | None:
        """The file with checksum ``sha256``, or None if the library lacks it."""
        path = self._blob_file(sha256)
        return path if path.is_file() else None

    def has_blob(self, sha256: str) -> bool:
        """True when the library holds the file with checksum ``sha256``."""
        return self.blob_path(sha256) is not None

    def search(self, query: str, meeting_id: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Items of current versions matching ``query`` (all words; the last as a prefix).

        Any user input is safe: words are quoted, punctuation is ignored, an empty
        query gives no hits.
        """
        match = fts_query(query)
        if not match:
            return []
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
        current one is ignored ("older"). Raises what ``package.copy_file`` raises
        (PackageError) and LibraryError; the library is then unchanged.
        """
        meeting = package.meeting
        previous = self._current_version(meeting.id)
        if previous is not None and meeting.version < previous:
            log.info("Ignoring %s version %d: %d is current", meeting.id, meeting.version, previous)
            return ImportOutcome(meeting.id, meeting.version, "older", previous)
        new_json = _canonical_json(meeting)
        if previous == meeting.version and self._stored_json(meeting.id, previous) == new_json:
            self._copy_missing_blobs(package, meeting)  # repairs deleted blobs, if any
            return ImportOutcome(meeting.id, meeting.version, "unchanged", previous)
        self._copy_missing_blobs(package, meeting)
        with self._write_transaction():
            # Under the write lock: a concurrent remove may have deleted a shared blob.
            self._copy_missing_blobs(package, meeting)
            self._switch_in(meeting, new_json)
        status = "added" if previous is None else "updated"
        log.info("Imported %s version %d (%s)", meeting.id, meeting.version, status)
        return ImportOutcome(meeting.id, meeting.version, status, previous)

    def _stored_json(self, meeting_id: str, version: int) -> str | None:
        row = self.db.execute(
            "SELECT meeting_json FROM versions WHERE meeting_id = ? AND version = ?",
            [meeting_id, version],
        ).fetchone()
        return None if row is None else str(row[0])

    def _copy_missing_blobs(self, package: PackageSource, meeting: Meeting) -> None:
        for ref in meeting.files():
            target = self._blob_file(ref.sha256)
            if target.is_file():
                continue
            make_dirs(target.parent)
            temp = target.parent / f"{_TEMP_PREFIX}{uuid.uuid4().hex}"
            try:
                package.copy_file(ref, temp)
                durable_move(temp, target)  # on disk before a row may name it
            finally:
                temp.unlink(missing_ok=True)

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
                raise LibraryError(f"The meeting {meeting_id!r} is not in the library.")
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
