"""The content store: meetings as synced, in SQLite, with their files as blobs.

Everything here is a cache: it can be fetched or imported again. The member's
own work lives in `companion.core.personal`, never here.

Layout of the library folder::

    content.db                  meetings, versions (meeting JSON), items + FTS5
    blobs/<2 hex>/<sha256>      the package files, named by their sha256

A new version is switched in atomically: first every missing blob is copied
(verified by the package, written to a temporary name and fsynced, or a sync's
download already fsynced as it completed; then all are renamed into place and
each changed folder is fsynced once, so a power cut cannot leave a row naming
an empty blob), then one transaction inserts
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

import logging

from companion.core.errors import Cause
from companion.core.library_errors import _NOT_IN_LIBRARY, LibraryError
from companion.core.library_import import ImportOutcome, LibraryImport, PackageSource
from companion.core.library_open import BUSY_TIMEOUT_SECONDS
from companion.core.library_queries import MeetingSummary, SearchHit, SearchQuery
from companion.core.library_schema import BLOBS_DIR_NAME, DB_NAME, MAX_VERSION, MIGRATIONS

__all__ = [
    "BLOBS_DIR_NAME",
    "BUSY_TIMEOUT_SECONDS",
    "DB_NAME",
    "MAX_VERSION",
    "MIGRATIONS",
    "ImportOutcome",
    "Library",
    "LibraryError",
    "MeetingSummary",
    "PackageSource",
    "SearchHit",
    "SearchQuery",
]

log = logging.getLogger(__name__)


class Library(LibraryImport):
    """The content store in ``data_dir``: one connection, for one thread.

    Built in parts: opening and transactions (`companion.core.library_open`),
    reading (`library_queries`), blobs (`library_blobs`) and importing
    (`library_import`); removing a meeting is here.
    """

    # -- removing

    def remove_meeting(self, meeting_id: str) -> None:
        """Remove every version of ``meeting_id`` and the blobs no other meeting uses.

        The rows go first, in one committed transaction; only then are the blobs
        deleted (again under the write lock, each one only if still unused). A kill
        or power cut in between leaves unused blobs, which housekeeping collects
        (`companion.core.library_housekeeping`), never a row naming a deleted file.

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
        self._remove_orphans(shas)
        log.info("Removed meeting %s", meeting_id)
