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
  - two FTS5 indexes, ``items_fts`` (title, body) and ``pages_fts`` (body), that
    store terms (`companion.core.search.terms`), not the text (``content=''``):
    snippets are cut from the text kept in ``docs``. Apart, so that a search for
    items never walks the tens of thousands of pages a common word is on.

The member's own notes, questions, remarks and highlight notes are never written
here: they are read from ``personal.db`` into an index in memory, made again when
that file changes, and their hits are merged with those of ``search.db``.

One `SearchIndex` is one SQLite connection, for one thread (as `Library`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.closing import Closable
from companion.core.errors import describe_sqlite_error
from companion.core.file_lock import FileLock, FileLockTimeout
from companion.core.search.common_phrases import PhraseCounts
from companion.core.search.hits import TITLE_WEIGHT, item_hits, note_hits, page_hits
from companion.core.search.matching import (
    Matcher,
    fts5_phrases,
    match_expression,
    title_expression,
)
from companion.core.search.personal_notes import (
    PERSONAL_SCHEMA,
    load_notes,
    personal_file_stamp,
    read_decisions,
)
from companion.core.search.query import Query
from companion.core.search.records import (
    KINDS,
    NOTE_KINDS,
    SCORE_BAND_DECIMALS,
    Hit,
    ItemRow,
    MeetingRow,
    PendingFile,
    RefreshOutcome,
    SearchFilters,
    parse_start,
)
from companion.core.search.terms import STEMMER_ID, normalize, terms_text

if TYPE_CHECKING:
    from companion.core.library import Library
    from companion.core.model import AgendaItem, Meeting

__all__ = [
    "KINDS",
    "NOTE_KINDS",
    "SCORE_BAND_DECIMALS",
    "TITLE_WEIGHT",
    "Hit",
    "ItemRow",
    "MeetingRow",
    "PendingFile",
    "RefreshOutcome",
    "SearchFilters",
    "SearchIndex",
    "SearchIndexError",
    "search_db_path",
]

log = logging.getLogger(__name__)

SEARCH_DB_NAME = "search.db"
SCHEMA_VERSION = 2  # 2: items and pages in FTS5 tables of their own; files.newest; decision
BUSY_TIMEOUT_SECONDS = 5.0
#: The lock file beside ``search.db`` that one opener at a time holds.
OPEN_LOCK_SUFFIX = ".open-lock"

#: Pages of a common word are read in date order (`hits.best_page_rows`). Added to an index
#: of this schema version made before it when opened (`SearchIndex._add_missing_indexes`).
_FILES_BY_NEWEST = "CREATE INDEX IF NOT EXISTS files_by_newest ON files (newest)"
#: What ranking a page needs of its docs row, apart from the row and its text: a page's
#: row is one or two 4 KB leaves of docs, and bm25 ranks tens of thousands (`hits`).
_DOCS_PAGE_KEY = (
    "CREATE INDEX IF NOT EXISTS docs_page_key ON docs (id, sha256, page) WHERE sha256 IS NOT NULL"
)
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
    decision TEXT,
    sha256 TEXT,
    page INTEGER,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX docs_by_item ON docs (meeting_id, item_id);
CREATE UNIQUE INDEX docs_by_page ON docs (sha256, page);
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE pages_fts USING fts5(
    body, content='', tokenize='unicode61 remove_diacritics 0'
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
    failed TEXT,
    newest TEXT  -- the start of the newest meeting that carries the file: ranks its pages
);
{_FILES_BY_NEWEST};
{_DOCS_PAGE_KEY};
PRAGMA user_version = {SCHEMA_VERSION};
"""
#: The start of the newest meeting that carries the file ``files.sha256``.
_NEWEST = (
    "(SELECT max(m.start) FROM attachments a JOIN meetings m ON m.meeting_id = a.meeting_id "
    "WHERE a.sha256 = files.sha256)"
)


class SearchIndexError(Exception):
    """The search index cannot be opened or written; worded as a sentence for the user."""


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
            self._phrase_counts = PhraseCounts(self._connection)
        except sqlite3.Error as error:
            raise describe_sqlite_error(error, self.path, action="open") from error
        except OSError as error:
            from companion.core.errors import describe_os_error

            raise describe_os_error(error, self.path, action="create") from error

    # -- opening

    def _open(self) -> sqlite3.Connection:
        """Open, create or rebuild ``search.db``, one opener at a time.

        The window opens the index from several threads at its first start (its
        search, the indexer, the catch-up) and the CLI may open it meanwhile. Two
        openers of a new file both found it empty and rebuilt it under each other:
        one unlinked the side files the other had mapped, and SQLite's truncation of
        the new ``-shm`` ended the process with SIGBUS. The lock file beside it keeps
        them apart; a new file is given its schema in place (nothing unlinked).
        """
        lock = FileLock(self.path.with_name(self.path.name + OPEN_LOCK_SUFFIX))
        try:
            lock.acquire()
        except FileLockTimeout as error:  # said as SQLite's own "locked", in its sentence
            raise sqlite3.OperationalError(f"database is locked ({error})") from error
        except OSError as error:  # a read-only folder: no opener here can write it anyway
            log.info("Search index %s opened without its lock: %s", self.path, error)
            return self._open_unlocked()
        try:
            return self._open_unlocked()
        finally:
            lock.release()

    def _open_unlocked(self) -> sqlite3.Connection:
        try:
            connection = self._connect()
        except sqlite3.DatabaseError as error:  # not a database: nothing in it to keep
            log.warning("Rebuilding the search index %s: %s", self.path, error)
        else:
            try:
                if self._is_current(connection):
                    self._add_missing_indexes(connection)
                    return self._attach_personal(connection)
                if _is_empty(connection):  # a new file: its schema in place
                    return self._create(connection)
            except sqlite3.DatabaseError as error:  # a damaged one
                log.warning("Rebuilding the search index %s: %s", self.path, error)
            connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return self._create(self._connect())

    def _create(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        """Give the empty database of ``connection`` the index's schema."""
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

    def _add_missing_indexes(self, connection: sqlite3.Connection) -> None:
        """Add the indexes a search.db of this schema version made before them lacks.

        Only for speed: when the file cannot be written now (another connection holds
        it, or a read-only folder), searches stay right and the next opening tries again.
        """
        try:
            connection.execute(_FILES_BY_NEWEST)
            connection.execute(_DOCS_PAGE_KEY)
        except sqlite3.OperationalError as error:
            log.info("Search index %s: indexes not added now: %s", self.path, error)

    def _attach_personal(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        connection.execute("ATTACH DATABASE ':memory:' AS mine")
        connection.executescript(PERSONAL_SCHEMA)
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
            connection.execute(f"UPDATE files SET newest = {_NEWEST}")
        outcome.indexed, outcome.removed = changed, removed
        return outcome

    def _remove_meeting(self, connection: sqlite3.Connection, meeting_id: str) -> None:
        for rowid, title, text in connection.execute(
            "SELECT id, title, text FROM docs WHERE kind = 'item' AND meeting_id = ?", [meeting_id]
        ).fetchall():
            connection.execute(
                "INSERT INTO items_fts (items_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                [rowid, terms_text(title), terms_text(text)],
            )
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
            decision = item.section("beslutning")
            cursor = connection.execute(
                "INSERT INTO docs (kind, meeting_id, item_id, position, number, case_number, "
                "recommendation, decision, title, text) "
                "VALUES ('item', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    meeting.id,
                    item.id,
                    position,
                    item.number,
                    item.case_number,
                    normalize(recommendation.text) if recommendation else None,
                    normalize(decision.text) if decision and decision.text.strip() else None,
                    title,
                    body,
                ],
            )
            connection.execute(
                "INSERT INTO items_fts (rowid, title, body) VALUES (?, ?, ?)",
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
            for rowid, text in connection.execute(
                "SELECT id, text FROM docs WHERE kind = 'page' AND sha256 = ?", [sha256]
            ).fetchall():
                connection.execute(
                    "INSERT INTO pages_fts (pages_fts, rowid, body) VALUES ('delete', ?, ?)",
                    [rowid, terms_text(text)],
                )
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
            connection.execute(f"UPDATE files SET newest = {_NEWEST} WHERE sha256 = ?", [sha256])

    def add_pages(self, sha256: str, first_page: int, texts: Sequence[str]) -> None:
        """Store the text of pages ``first_page``.. (1-based) of ``sha256``, in one transaction.

        Pages already stored are left as they are (a page is indexed once), and the
        file's progress moves past the last one, so a killed indexer goes on from here.
        """
        last = first_page + len(texts) - 1
        bodies = [normalize(text) for text in texts]
        with self._write() as connection:
            stored = {
                row[0]
                for row in connection.execute(
                    "SELECT page FROM docs WHERE kind = 'page' AND sha256 = ? "
                    "AND page BETWEEN ? AND ?",
                    [sha256, first_page, last],
                )
            }
            new = [
                (first_page + offset, body)
                for offset, body in enumerate(bodies)
                if first_page + offset not in stored
            ]
            connection.executemany(
                "INSERT INTO docs (kind, sha256, page, text) VALUES ('page', ?, ?, ?)",
                [(sha256, page, body) for page, body in new],
            )
            ids = dict(
                connection.execute(
                    "SELECT page, id FROM docs WHERE kind = 'page' AND sha256 = ? "
                    "AND page BETWEEN ? AND ?",
                    [sha256, first_page, last],
                ).fetchall()
            )
            connection.executemany(
                "INSERT INTO pages_fts (rowid, body) VALUES (?, ?)",
                [(ids[page], terms_text(body)) for page, body in new],
            )
            connection.execute(
                "INSERT INTO files (sha256, pages_done) VALUES (?, ?) ON CONFLICT (sha256) "
                "DO UPDATE SET pages_done = max(pages_done, excluded.pages_done)",
                [sha256, last],
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
            "m.body, m.start, m.name, d.decision "
            "FROM docs d JOIN meetings m ON m.meeting_id = d.meeting_id "
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
                start=parse_start(row[7]),
                meeting_name=row[8],
                decision=row[9],
            )
            for row in rows
        ]

    def meeting_rows(self) -> list[MeetingRow]:
        """Every indexed meeting, oldest first."""
        rows = self._connection.execute(
            "SELECT meeting_id, body, name, start FROM meetings ORDER BY start IS NULL, start"
        ).fetchall()
        return [MeetingRow(row[0], row[1], row[2], parse_start(row[3])) for row in rows]

    def recorded_decisions(self) -> dict[tuple[str, str], str]:
        """The decisions the member recorded (session mode), by (meeting id, item id).

        Read (only) from personal.db; none when it cannot be read.
        """
        return read_decisions(self.personal_path)

    # -- searching

    def search(
        self, query: Query, filters: SearchFilters | None = None, limit: int = 100
    ) -> list[Hit]:
        """What matches ``query``: items, attachment pages and the member's own text, best first.

        Title hits first, then by bm25 (title words weigh `TITLE_WEIGHT` times the
        text's), scores within `SCORE_BAND_DECIMALS` counted as equal and then the
        newer meeting first. Pages of words on half the pages or more, which bm25
        scores 0, are ranked by date without it (`common_phrases`). Call
        `refresh_items` first for the library's latest.
        """
        filters = filters or SearchFilters()
        match = match_expression(query)
        matcher = Matcher(query)
        hits: list[Hit] = []
        if filters.wants("item"):
            hits += item_hits(
                self._connection, match, title_expression(query), matcher, filters, limit
            )
        if filters.wants("attachment"):
            phrases = [phrase for group in query.required for phrase in group]
            by_date = self._phrase_counts.all_common(
                part for phrase in phrases for part in fts5_phrases(phrase)
            )
            hits += page_hits(self._connection, match, matcher, filters, limit, by_date=by_date)
        if filters.wants("note"):
            self._refresh_personal()
            hits += note_hits(self._connection, match, matcher, filters, limit)
        hits.sort(key=Hit.sort_key)
        return hits[:limit]

    # -- the member's own text

    def _refresh_personal(self) -> None:
        """Read the member's text again when ``personal.db`` changed since the last read."""
        stamp = personal_file_stamp(self.personal_path)
        if stamp == self._personal_stamp:
            return
        load_notes(self._connection, self.personal_path)
        self._personal_stamp = stamp


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


def _is_empty(connection: sqlite3.Connection) -> bool:
    """True when the database has no schema at all (a file just made)."""
    count: int = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return count == 0
