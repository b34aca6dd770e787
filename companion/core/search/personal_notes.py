"""The member's own text for search: read (only) from personal.db into an index in memory.

Notes, questions, remarks and highlight notes are never written into search.db:
`load_notes` reads them into the attached in-memory database ``mine`` again when
`personal_file_stamp` says that personal.db changed.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from companion.core.search.terms import normalize, terms_text

log = logging.getLogger(__name__)

PERSONAL_SCHEMA = """
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


def personal_file_stamp(path: Path) -> tuple[tuple[int, int, int], ...]:
    """What tells a changed ``path`` (and its WAL file): inode, size and time of each."""
    stamps = []
    for suffix in ("", "-wal"):
        try:
            info = os.stat(f"{path}{suffix}")
        except OSError:
            stamps.append((0, 0, 0))
        else:
            stamps.append((info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def load_notes(connection: sqlite3.Connection, path: Path) -> None:
    """Replace the notes in ``mine`` by the member's text read from ``path`` (personal.db)."""
    records = list(_read_personal(path))
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


def read_decisions(path: Path) -> dict[tuple[str, str], str]:
    """The decisions recorded in ``path`` (personal.db), by (meeting id, item id); read only."""
    if not path.is_file():
        return {}
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        log.warning("The decisions in %s cannot be read: %s", path, error)
        return {}
    try:
        rows = connection.execute(
            "SELECT meeting_id, item_id, text FROM decisions WHERE text != ''"
        ).fetchall()
    except sqlite3.Error as error:
        log.warning("The decisions in %s cannot be read: %s", path, error)
        return {}
    finally:
        connection.close()
    return {(meeting_id, item_id): text for meeting_id, item_id, text in rows}


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
