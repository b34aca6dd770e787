"""The schema of ``content.db`` (migrations by ``PRAGMA user_version``) and its names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils  # the migrations get the library's `db` (imported when it is made)

DB_NAME = "content.db"
#: Held while a writer opens content.db (journal mode, migrations).
OPEN_LOCK_NAME = "content.db.open-lock"
BLOBS_DIR_NAME = "blobs"
#: The largest version SQLite can store (a signed 64-bit integer); the schema says so too.
MAX_VERSION = 2**63 - 1


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


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
