"""Reading the library: the meeting list, a meeting's versions, search, sync state."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from companion.core.errors import Cause
from companion.core.library_errors import _NOT_IN_LIBRARY, _VERSION_NOT_IN_LIBRARY, LibraryError
from companion.core.library_open import LibraryBase
from companion.core.library_schema import parse_datetime, utc_now
from companion.core.model import Meeting, as_instant, local_time

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the meeting list: enough to show it without loading the meeting.

    ``start`` is aware, in the member's time zone (`companion.core.model.local_time`).
    """

    id: str
    body: str
    name: str
    start: datetime | None
    location: str | None
    item_count: int
    version: int
    imported_at: datetime


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


def _newest_first(start: datetime | None) -> tuple[bool, float]:
    """Sort key: dated meetings first, the latest instant first."""
    return (start is None, -as_instant(start).timestamp() if start else 0.0)


class LibraryQueries(LibraryBase):
    """What the library answers: meetings, versions, search hits, feed validators."""

    def is_empty(self) -> bool:
        """True when the library holds no meeting."""
        with self._reading():
            return self.conn.execute("SELECT 1 FROM meetings LIMIT 1").fetchone() is None

    def meetings(self) -> list[MeetingSummary]:
        """Every meeting's current version, newest first (meetings without a date last).

        Ordered by the instant each starts (a naive, ``Z`` or offset time compared as
        the moment it is, not as text); ``start`` is in the member's time zone.
        """
        with self._reading():
            rows = self.conn.execute(
                "SELECT id, body, name, start, location, item_count, version, imported_at "
                "FROM meetings ORDER BY name"
            ).fetchall()
        starts = {row[0]: parse_datetime(row[3]) for row in rows}
        rows.sort(key=lambda row: _newest_first(starts[row[0]]))
        return [
            MeetingSummary(
                id=row[0],
                body=row[1],
                name=row[2],
                start=local_time(starts[row[0]]),
                location=row[4],
                item_count=row[5],
                version=row[6],
                imported_at=datetime.fromisoformat(row[7]),
            )
            for row in rows
        ]

    def _current_version(self, meeting_id: str) -> int | None:
        with self._reading():
            row = self.conn.execute(
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
            rows = self.conn.execute(
                "SELECT version FROM versions WHERE meeting_id = ? ORDER BY version", [meeting_id]
            ).fetchall()
        return [int(row[0]) for row in rows]

    def version_dates(self, meeting_id: str) -> dict[int, datetime]:
        """When each stored version of ``meeting_id`` was imported (empty if unknown)."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT version, imported_at FROM versions WHERE meeting_id = ? ORDER BY version",
                [meeting_id],
            ).fetchall()
        return {int(row[0]): datetime.fromisoformat(row[1]) for row in rows}

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
        rows = self.conn.execute(sql, params).fetchall()
        return [
            SearchHit(meeting, item, number, title, _WHITESPACE.sub(" ", snippet))
            for meeting, item, number, title, snippet in rows
        ]

    def _stored_json(self, meeting_id: str, version: int) -> str | None:
        with self._reading():
            row = self.conn.execute(
                "SELECT meeting_json FROM versions WHERE meeting_id = ? AND version = ?",
                [meeting_id, version],
            ).fetchone()
        return None if row is None else str(row[0])

    # -- feed sync state

    def feed_validators(self, source_url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) of ``source_url``'s last good index, or (None, None)."""
        with self._reading():
            row = self.conn.execute(
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
                    "synced_at": utc_now().isoformat(),
                },
                replace=True,
            )
