"""The search index: item texts and attachment pages in ``search.db``, the member's notes beside it.

Where it lives, and why: ``search.db`` in the data folder, next to ``content.db``
and apart from it. It is a cache of a cache: everything in it is made again from
the library (and the attachment files in its blobs), so a damaged or outdated
``search.db`` is deleted and rebuilt, never repaired. Kept apart, it leaves
content.db's schema and a read-only opening of it simple, and the long writes of
attachment indexing never hold content.db's write lock while a sync wants it.

What it holds:
  - one row per item of each meeting's current version (title; case number,
    presenter and sections as text; the Indstilling apart, for the case trail),
    refreshed from the library by `SearchIndex.refresh_items` (cheap: only
    meetings whose version or import time changed are read again);
  - one row per page of each attachment PDF, by the file's sha256: a page is
    extracted once however many meetings carry the file, and a revision that
    keeps a file keeps its pages (`companion.core.search.attachments` fills them);
  - an FTS5 index over both that stores terms (`companion.core.search.terms`),
    not the text (``content=''``): snippets are cut from the text kept in
    ``docs``.

The member's own notes, questions, remarks and highlight notes are never written
here: they are read from ``personal.db`` into an index in memory, made again when
that file changes, and their hits are merged with those of ``search.db``.

One `SearchIndex` is one SQLite connection, for one thread (as `Library`).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.closing import Closable
from companion.core.errors import describe_sqlite_error
from companion.core.search.matching import (
    Matcher,
    Snippet,
    match_expression,
    title_expression,
)
from companion.core.search.query import Query
from companion.core.search.terms import STEMMER_ID, normalize, terms_text

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.model import AgendaItem, Meeting

log = logging.getLogger(__name__)

SEARCH_DB_NAME = "search.db"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 5.0
#: What a hit can be: an item's text, a page of an attachment, the member's own text.
KINDS = ("item", "attachment", "note")
#: What the member wrote, as `Hit.note_kind`.
NOTE_KINDS = ("note", "question", "remark", "highlight")
#: How much more a hit in the title weighs than one in the text (bm25 column weight).
TITLE_WEIGHT = 5.0
#: bm25 scores this close count as equal: then the newer meeting comes first.
SCORE_BAND_DECIMALS = 1

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE meetings (
    meeting_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    body TEXT NOT NULL,
    name TEXT NOT NULL,
    start TEXT
);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('item', 'page')),
    meeting_id TEXT,
    item_id TEXT,
    position INTEGER,
    number TEXT,
    case_number TEXT,
    recommendation TEXT,
    sha256 TEXT,
    page INTEGER,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX docs_by_item ON docs (meeting_id, item_id);
CREATE UNIQUE INDEX docs_by_page ON docs (sha256, page);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE attachments (
    meeting_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (meeting_id, item_id, attachment_id)
);
CREATE INDEX attachments_by_file ON attachments (sha256);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    page_count INTEGER,
    pages_done INTEGER NOT NULL DEFAULT 0,
    failed TEXT
);
PRAGMA user_version = {SCHEMA_VERSION};
"""

_PERSONAL_SCHEMA = """
CREATE TABLE mine.notes (
    id INTEGER PRIMARY KEY,
    note_kind TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    item_id TEXT,
    sha256 TEXT,
    page INTEGER,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE mine.notes_fts USING fts5(
    body, content='', tokenize='unicode61 remove_diacritics 0'
);
"""


class SearchIndexError(Exception):
    """The search index cannot be opened or written; worded as a sentence for the user."""


@dataclass(frozen=True)
class SearchFilters:
    """What to search in: ``body`` (part of the body's name, any case), ``year``, ``kinds``.

    ``kinds`` is a subset of `KINDS`; empty means every kind. ``meeting_id`` keeps
    one meeting.
    """

    body: str | None = None
    year: int | None = None
    kinds: frozenset[str] = frozenset()
    meeting_id: str | None = None

    def wants(self, kind: str) -> bool:
        """True when hits of ``kind`` are asked for."""
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Hit:
    """One thing that matched a search.

    ``kind`` is "item", "attachment" or "note". ``title`` is what matched: the
    item's title, the attachment's title, or for a note the item's title (the
    meeting's name for a note on the whole meeting). ``page`` is 1-based, for an
    attachment hit or a highlight note in an attachment, else None. ``note_kind``
    says what the member wrote ("note", "question", "remark", "highlight").
    """

    kind: str
    meeting_id: str
    meeting_body: str
    meeting_start: datetime | None
    item_id: str | None
    item_number: str | None
    item_title: str | None
    title: str
    snippet: Snippet
    score: float
    title_hit: bool = False
    page: int | None = None
    attachment_id: str | None = None
    file_sha256: str | None = None
    note_kind: str | None = None

    def sort_key(self) -> tuple[bool, float, float]:
        """Title hits first, then bm25 (in bands), then the newer meeting."""
        newest = -self.meeting_start.timestamp() if self.meeting_start else 0.0
        return (not self.title_hit, round(self.score, SCORE_BAND_DECIMALS), newest)

    def to_json(self) -> dict[str, Any]:
        """The hit as `companion search --json` prints it."""
        return {
            "meeting": self.meeting_id,
            "item": self.item_number,
            "kind": self.kind,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet.marked(),
            "item_id": self.item_id,
            "item_title": self.item_title,
            "body": self.meeting_body,
            "date": self.meeting_start.date().isoformat() if self.meeting_start else None,
            "attachment": self.attachment_id,
            "note_kind": self.note_kind,
            "score": round(-self.score, 3),
        }


@dataclass(frozen=True)
class PendingFile:
    """An attachment PDF whose pages are not all in the index yet."""

    sha256: str
    title: str
    page_count: int | None
    pages_done: int


@dataclass
class RefreshOutcome:
    """What `SearchIndex.refresh_items` did: meetings (re)indexed and removed."""

    indexed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def search_db_path(data_dir: Path) -> Path:
    """Where the search index lives in a data folder."""
    return Path(data_dir) / SEARCH_DB_NAME


class SearchIndex(Closable):
    """``search.db`` in ``data_dir``, with the member's notes from ``personal_path`` beside it."""

    def __init__(self, data_dir: Path, personal_path: Path | None = None) -> None:
        """Open (creating, or rebuilding when outdated or damaged) the index in ``data_dir``.

        ``personal_path`` is the member's ``personal.db`` (default: the one in
        ``data_dir``); it is only read.

        Raises:
            MemberError: the folder cannot hold the file (read-only, full, no permission).
        """
        from companion.core.personal import personal_db_path

        self.path = search_db_path(data_dir)
        self.personal_path = personal_path or personal_db_path(Path(data_dir))
        self._personal_stamp: tuple[tuple[int, int, int], ...] | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = self._open()
        except sqlite3.Error as error:
            raise describe_sqlite_error(error, self.path, action="open") from error
        except OSError as error:
            from companion.core.errors import describe_os_error

            raise describe_os_error(error, self.path, action="create") from error

    # -- opening

    def _open(self) -> sqlite3.Connection:
        try:
            connection = self._connect()
        except sqlite3.DatabaseError as error:  # not a database: nothing in it to keep
            log.warning("Rebuilding the search index %s: %s", self.path, error)
        else:
            try:
                if self._is_current(connection):
                    return self._attach_personal(connection)
            except sqlite3.DatabaseError as error:  # a damaged one
                log.warning("Rebuilding the search index %s: %s", self.path, error)
            connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        connection = self._connect()
        connection.executescript(_SCHEMA)
        connection.execute("INSERT INTO meta (key, value) VALUES ('stemmer', ?)", [STEMMER_ID])
        return self._attach_personal(connection)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost write is rebuilt
        return connection

    def _is_current(self, connection: sqlite3.Connection) -> bool:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            empty = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if not empty:
                log.warning("%s is not a search index: rebuilding it", self.path)
            return False
        if version != SCHEMA_VERSION:
            log.info(
                "Rebuilding the search index: schema %s, this version writes %s",
                version,
                SCHEMA_VERSION,
            )
            return False
        row = connection.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()
        if row is None or row[0] != STEMMER_ID:
            log.info("Rebuilding the search index: its terms come from another stemmer")
            return False
        return True

    def _attach_personal(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        connection.execute("ATTACH DATABASE ':memory:' AS mine")
        connection.executescript(_PERSONAL_SCHEMA)
        return connection

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on error."""
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise describe_sqlite_error(error, self.path) from error
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        try:
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            connection.rollback()
            raise describe_sqlite_error(error, self.path) from error

    # -- items, from the library

    def refresh_items(self, library: Library) -> RefreshOutcome:
        """Bring the item rows up to the library's current versions; returns what changed.

        Cheap when nothing changed (one query of each store); a new or updated
        meeting is read from the library and its items indexed again, a removed one
        leaves the index. Attachment pages stay (by sha256) while a meeting carries
        their file; pages no meeting carries any more are removed.
        """
        outcome = RefreshOutcome()
        current = {
            summary.id: (summary.version, summary.imported_at.isoformat())
            for summary in library.meetings()
        }
        indexed = {
            row[0]: (row[1], row[2])
            for row in self._connection.execute(
                "SELECT meeting_id, version, imported_at FROM meetings"
            )
        }
        changed = sorted(mid for mid, stamp in current.items() if indexed.get(mid) != stamp)
        removed = sorted(set(indexed) - set(current))
        if not changed and not removed:
            return outcome
        meetings = {mid: library.meeting(mid) for mid in changed}
        with self._write() as connection:
            for meeting_id in [*removed, *changed]:
                self._remove_meeting(connection, meeting_id)
            for meeting_id in changed:
                version, imported_at = current[meeting_id]
                self._add_meeting(connection, meetings[meeting_id], imported_at)
            self._prune_pages(connection)
        outcome.indexed, outcome.removed = changed, removed
        return outcome

    def _remove_meeting(self, connection: sqlite3.Connection, meeting_id: str) -> None:
        rows = connection.execute(
            "SELECT id, title, text FROM docs WHERE kind = 'item' AND meeting_id = ?", [meeting_id]
        ).fetchall()
        _delete_terms(connection, rows)
        connection.execute("DELETE FROM docs WHERE kind = 'item' AND meeting_id = ?", [meeting_id])
        connection.execute("DELETE FROM attachments WHERE meeting_id = ?", [meeting_id])
        connection.execute("DELETE FROM meetings WHERE meeting_id = ?", [meeting_id])

    def _add_meeting(
        self, connection: sqlite3.Connection, meeting: Meeting, imported_at: str
    ) -> None:
        connection.execute(
            "INSERT INTO meetings (meeting_id, version, imported_at, body, name, start) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                meeting.id,
                meeting.version,
                imported_at,
                meeting.body,
                meeting.name,
                meeting.start.isoformat() if meeting.start else None,
            ],
        )
        for position, item in enumerate(meeting.items):
            title = normalize(item.title)
            body = normalize(_item_body(item))
            recommendation = item.recommendation
            cursor = connection.execute(
                "INSERT INTO docs (kind, meeting_id, item_id, position, number, case_number, "
                "recommendation, title, text) VALUES ('item', ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    meeting.id,
                    item.id,
                    position,
                    item.number,
                    item.case_number,
                    normalize(recommendation.text) if recommendation else None,
                    title,
                    body,
                ],
            )
            connection.execute(
                "INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)",
                [cursor.lastrowid, terms_text(title), terms_text(body)],
            )
            for attachment in item.attachments:
                file = attachment.file
                if file is None or not _is_pdf(file.mime_type, file.file_name):
                    continue
                connection.execute(
                    "INSERT OR IGNORE INTO attachments (meeting_id, item_id, attachment_id, title, "
                    "sha256) VALUES (?, ?, ?, ?, ?)",
                    [meeting.id, item.id, attachment.id, attachment.title, file.sha256],
                )

    def _prune_pages(self, connection: sqlite3.Connection) -> None:
        """Remove the pages (and progress) of files that no meeting carries any more."""
        gone = [
            row[0]
            for row in connection.execute(
                "SELECT sha256 FROM files WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
            )
        ]
        for sha256 in gone:
            rows = connection.execute(
                "SELECT id, title, text FROM docs WHERE kind = 'page' AND sha256 = ?", [sha256]
            ).fetchall()
            _delete_terms(connection, rows)
            connection.execute("DELETE FROM docs WHERE kind = 'page' AND sha256 = ?", [sha256])
            connection.execute("DELETE FROM files WHERE sha256 = ?", [sha256])

    # -- attachment pages

    def pending_files(self) -> list[PendingFile]:
        """The attachment PDFs not completely indexed, newest meeting first; failed ones not."""
        rows = self._connection.execute(
            "SELECT a.sha256, min(a.title), f.page_count, coalesce(f.pages_done, 0), max(m.start) "
            "FROM attachments a JOIN meetings m ON m.meeting_id = a.meeting_id "
            "LEFT JOIN files f ON f.sha256 = a.sha256 "
            "WHERE f.sha256 IS NULL OR (f.failed IS NULL AND (f.page_count IS NULL "
            "OR f.pages_done < f.page_count)) "
            "GROUP BY a.sha256 ORDER BY max(m.start) IS NULL, max(m.start) DESC, a.sha256"
        ).fetchall()
        return [PendingFile(row[0], row[1], row[2], row[3]) for row in rows]

    def start_file(self, sha256: str, page_count: int) -> None:
        """Record that ``sha256`` has ``page_count`` pages (progress kept as it is)."""
        with self._write() as connection:
            connection.execute(
                "INSERT INTO files (sha256, page_count) VALUES (?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET page_count = excluded.page_count",
                [sha256, page_count],
            )

    def add_pages(self, sha256: str, first_page: int, texts: Sequence[str]) -> None:
        """Store the text of pages ``first_page``.. (1-based) of ``sha256``, in one transaction.

        Pages already stored are left as they are (a page is indexed once), and the
        file's progress moves past the last one, so a killed indexer goes on from here.
        """
        with self._write() as connection:
            for offset, text in enumerate(texts):
                page = first_page + offset
                body = normalize(text)
                cursor = connection.execute(
                    "INSERT OR IGNORE INTO docs (kind, sha256, page, text) "
                    "VALUES ('page', ?, ?, ?)",
                    [sha256, page, body],
                )
                if cursor.rowcount:
                    connection.execute(
                        "INSERT INTO docs_fts (rowid, title, body) VALUES (?, '', ?)",
                        [cursor.lastrowid, terms_text(body)],
                    )
            connection.execute(
                "INSERT INTO files (sha256, pages_done) VALUES (?, ?) ON CONFLICT (sha256) "
                "DO UPDATE SET pages_done = max(pages_done, excluded.pages_done)",
                [sha256, first_page + len(texts) - 1],
            )

    def fail_file(self, sha256: str, reason: str) -> None:
        """Record that ``sha256`` cannot be read as a PDF; it is not tried again."""
        with self._write() as connection:
            connection.execute(
                "INSERT INTO files (sha256, failed) VALUES (?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET failed = excluded.failed",
                [sha256, reason],
            )

    def indexed_pages(self, sha256: str) -> int:
        """How many pages of ``sha256`` are in the index."""
        row = self._connection.execute(
            "SELECT count(*) FROM docs WHERE kind = 'page' AND sha256 = ?", [sha256]
        ).fetchone()
        return int(row[0])

    # -- items, for the case trail

    def item_rows(self) -> list[ItemRow]:
        """Every indexed item with its meeting, in meeting date and agenda order."""
        rows = self._connection.execute(
            "SELECT d.meeting_id, d.item_id, d.number, d.title, d.case_number, d.recommendation, "
            "m.body, m.start, m.name FROM docs d JOIN meetings m ON m.meeting_id = d.meeting_id "
            "WHERE d.kind = 'item' ORDER BY m.start IS NULL, m.start, d.meeting_id, d.position"
        ).fetchall()
        return [
            ItemRow(
                meeting_id=row[0],
                item_id=row[1],
                number=row[2],
                title=row[3],
                case_number=row[4],
                recommendation=row[5],
                body=row[6],
                start=_parse_start(row[7]),
                meeting_name=row[8],
            )
            for row in rows
        ]

    def meeting_rows(self) -> list[MeetingRow]:
        """Every indexed meeting, oldest first."""
        rows = self._connection.execute(
            "SELECT meeting_id, body, name, start FROM meetings ORDER BY start IS NULL, start"
        ).fetchall()
        return [MeetingRow(row[0], row[1], row[2], _parse_start(row[3])) for row in rows]

    # -- searching

    def search(
        self, query: Query, filters: SearchFilters | None = None, limit: int = 100
    ) -> list[Hit]:
        """What matches ``query``: items, attachment pages and the member's own text, best first.

        Title hits first, then by bm25 (title words weigh `TITLE_WEIGHT` times the
        text's), scores within `SCORE_BAND_DECIMALS` counted as equal and then the
        newer meeting first. Call `refresh_items` first for the library's latest.
        """
        filters = filters or SearchFilters()
        match = match_expression(query)
        matcher = Matcher(query)
        hits: list[Hit] = []
        if filters.wants("item"):
            hits += self._item_hits(match, title_expression(query), matcher, filters, limit)
        if filters.wants("attachment"):
            hits += self._page_hits(match, matcher, filters, limit)
        if filters.wants("note"):
            self._refresh_personal()
            hits += self._note_hits(match, matcher, filters, limit)
        hits.sort(key=Hit.sort_key)
        return hits[:limit]

    def _filter_sql(self, filters: SearchFilters) -> tuple[str, list[Any]]:
        sql, params = "", []
        if filters.body:
            sql += " AND m.body LIKE ? ESCAPE '\\'"
            escaped = filters.body.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        if filters.year is not None:
            sql += " AND substr(m.start, 1, 4) = ?"
            params.append(f"{filters.year:04d}")
        if filters.meeting_id is not None:
            sql += " AND m.meeting_id = ?"
            params.append(filters.meeting_id)
        return sql, params

    def _item_hits(
        self, match: str, title_match: str, matcher: Matcher, filters: SearchFilters, limit: int
    ) -> list[Hit]:
        where, params = self._filter_sql(filters)
        rows = self._connection.execute(
            "SELECT d.meeting_id, d.item_id, d.number, d.title, d.text, m.body, m.start, "
            f"bm25(docs_fts, {TITLE_WEIGHT}, 1.0) AS score, "
            "d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?) AS title_hit "
            "FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid "
            "JOIN meetings m ON m.meeting_id = d.meeting_id "
            f"WHERE docs_fts MATCH ? AND d.kind = 'item'{where} "
            f"ORDER BY title_hit DESC, round(score, {SCORE_BAND_DECIMALS}), m.start DESC LIMIT ?",
            [title_match, match, *params, limit],
        ).fetchall()
        hits = []
        for meeting_id, item_id, number, title, text, body, start, score, title_hit in rows:
            snippet = matcher.snippet(text)
            if not snippet.marks:  # the hit is in the title only
                snippet = matcher.snippet(title)
            hits.append(
                Hit(
                    kind="item",
                    meeting_id=meeting_id,
                    meeting_body=body,
                    meeting_start=_parse_start(start),
                    item_id=item_id,
                    item_number=number,
                    item_title=title,
                    title=title,
                    snippet=snippet,
                    score=float(score),
                    title_hit=bool(title_hit),
                )
            )
        return hits

    def _page_hits(
        self, match: str, matcher: Matcher, filters: SearchFilters, limit: int
    ) -> list[Hit]:
        where, params = self._filter_sql(filters)
        rows = self._connection.execute(
            "SELECT d.sha256, d.page, d.text, a.meeting_id, a.item_id, a.attachment_id, a.title, "
            f"i.number, i.title, m.body, m.start, bm25(docs_fts, {TITLE_WEIGHT}, 1.0) AS score "
            "FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid "
            "JOIN attachments a ON a.sha256 = d.sha256 "
            "JOIN meetings m ON m.meeting_id = a.meeting_id "
            "LEFT JOIN docs i ON i.kind = 'item' AND i.meeting_id = a.meeting_id "
            "AND i.item_id = a.item_id "
            f"WHERE docs_fts MATCH ? AND d.kind = 'page'{where} "
            f"ORDER BY round(score, {SCORE_BAND_DECIMALS}), m.start DESC, d.page LIMIT ?",
            [match, *params, limit],
        ).fetchall()
        return [
            Hit(
                kind="attachment",
                meeting_id=meeting_id,
                meeting_body=body,
                meeting_start=_parse_start(start),
                item_id=item_id,
                item_number=number,
                item_title=item_title,
                title=attachment_title,
                snippet=matcher.snippet(text),
                score=float(score),
                page=int(page),
                attachment_id=attachment_id,
                file_sha256=sha256,
            )
            for (
                sha256,
                page,
                text,
                meeting_id,
                item_id,
                attachment_id,
                attachment_title,
                number,
                item_title,
                body,
                start,
                score,
            ) in rows
        ]

    # -- the member's own text

    def _personal_file_stamp(self) -> tuple[tuple[int, int, int], ...]:
        stamps = []
        for suffix in ("", "-wal"):
            try:
                info = os.stat(f"{self.personal_path}{suffix}")
            except OSError:
                stamps.append((0, 0, 0))
            else:
                stamps.append((info.st_ino, info.st_size, info.st_mtime_ns))
        return tuple(stamps)

    def _refresh_personal(self) -> None:
        """Read the member's text again when ``personal.db`` changed since the last read."""
        stamp = self._personal_file_stamp()
        if stamp == self._personal_stamp:
            return
        records = list(_read_personal(self.personal_path))
        connection = self._connection
        connection.execute("BEGIN")
        try:
            connection.execute("DELETE FROM mine.notes")
            connection.execute("INSERT INTO mine.notes_fts (notes_fts) VALUES ('delete-all')")
            for record in records:
                text = normalize(record.text)
                cursor = connection.execute(
                    "INSERT INTO mine.notes (note_kind, meeting_id, item_id, sha256, page, text) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        record.note_kind,
                        record.meeting_id,
                        record.item_id,
                        record.sha256,
                        record.page,
                        text,
                    ],
                )
                connection.execute(
                    "INSERT INTO mine.notes_fts (rowid, body) VALUES (?, ?)",
                    [cursor.lastrowid, terms_text(text)],
                )
            connection.execute("COMMIT")
        except BaseException:
            connection.rollback()
            raise
        self._personal_stamp = stamp

    def _note_hits(
        self, match: str, matcher: Matcher, filters: SearchFilters, limit: int
    ) -> list[Hit]:
        where, params = self._filter_sql(filters)
        rows = self._connection.execute(
            "SELECT n.note_kind, n.meeting_id, n.item_id, n.sha256, n.page, n.text, "
            "m.body, m.start, m.name, i.number, i.title, bm25(notes_fts) AS score "
            "FROM notes_fts JOIN mine.notes n ON n.id = notes_fts.rowid "
            "LEFT JOIN meetings m ON m.meeting_id = n.meeting_id "
            "LEFT JOIN docs i ON i.kind = 'item' AND i.meeting_id = n.meeting_id "
            "AND i.item_id = n.item_id "
            f"WHERE notes_fts MATCH ?{where} "
            f"ORDER BY round(score, {SCORE_BAND_DECIMALS}), m.start DESC LIMIT ?",
            [match, *params, limit],
        ).fetchall()
        hits = []
        for (
            kind,
            meeting_id,
            item_id,
            sha256,
            page,
            text,
            body,
            start,
            name,
            number,
            item_title,
            score,
        ) in rows:
            hits.append(
                Hit(
                    kind="note",
                    meeting_id=meeting_id,
                    meeting_body=body or "",
                    meeting_start=_parse_start(start),
                    item_id=item_id,
                    item_number=number,
                    item_title=item_title,
                    title=item_title or name or meeting_id,
                    snippet=matcher.snippet(text),
                    score=float(score),
                    page=page,
                    file_sha256=sha256,
                    note_kind=kind,
                )
            )
        return hits


@dataclass(frozen=True)
class ItemRow:
    """An indexed item, as the case trail reads it."""

    meeting_id: str
    item_id: str
    number: str
    title: str
    case_number: str | None
    recommendation: str | None
    body: str
    start: datetime | None
    meeting_name: str


@dataclass(frozen=True)
class MeetingRow:
    """An indexed meeting."""

    meeting_id: str
    body: str
    name: str
    start: datetime | None


@dataclass(frozen=True)
class _PersonalRecord:
    note_kind: str
    meeting_id: str
    item_id: str | None
    sha256: str | None
    page: int | None
    text: str


def _read_personal(path: Path) -> Iterator[_PersonalRecord]:
    """The member's notes, questions, remarks and highlight notes, read (only) from ``path``."""
    if not path.is_file():
        return
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        log.warning("The personal notes in %s cannot be searched: %s", path, error)
        return
    try:
        yield from _personal_records(connection)
    except sqlite3.Error as error:
        log.warning("The personal notes in %s cannot be searched: %s", path, error)
    finally:
        connection.close()


def _personal_records(connection: sqlite3.Connection) -> Iterator[_PersonalRecord]:
    for meeting_id, item_id, body in connection.execute(
        "SELECT meeting_id, item_id, body FROM notes WHERE body != ''"
    ):
        yield _PersonalRecord("note", meeting_id, item_id, None, None, body)
    for meeting_id, item_id, text in connection.execute(
        "SELECT meeting_id, item_id, text FROM questions WHERE text != '' ORDER BY meeting_id, ord"
    ):
        yield _PersonalRecord("question", meeting_id, item_id, None, None, text)
    for meeting_id, item_id, remark in connection.execute(
        "SELECT meeting_id, item_id, remark FROM positions WHERE remark != ''"
    ):
        yield _PersonalRecord("remark", meeting_id, item_id, None, None, remark)
    for meeting_id, item_id, target, sha256, anchor, note in connection.execute(
        "SELECT meeting_id, item_id, target, file_sha256, anchor, note FROM annotations "
        "WHERE note != ''"
    ):
        page = None
        if target == "attachment":
            page = _anchor_page(anchor)
        yield _PersonalRecord("highlight", meeting_id, item_id, sha256, page, note)


def _anchor_page(anchor: str) -> int | None:
    """The 1-based page of a PDF highlight's anchor (stored 0-based), or None."""
    try:
        page = json.loads(anchor).get("page")
    except (ValueError, AttributeError):
        return None
    return page + 1 if isinstance(page, int) else None


def _item_body(item: AgendaItem) -> str:
    """The searchable text of an item below its title: case number, presenter, sections."""
    parts: list[str] = []
    if item.case_number:
        parts.append(item.case_number)
    if item.presenter:
        parts.append(f"v. {item.presenter}")
    for section in item.sections:
        parts += [section.title, section.text]
    return "\n".join(part for part in parts if part)


def _is_pdf(mime_type: str, file_name: str) -> bool:
    return mime_type == "application/pdf" or file_name.lower().endswith(".pdf")


def _delete_terms(connection: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Take rows out of the contentless FTS index: it needs the terms they were added with."""
    for rowid, title, text in rows:
        connection.execute(
            "INSERT INTO docs_fts (docs_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            [rowid, terms_text(title), terms_text(text)],
        )


def _parse_start(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
