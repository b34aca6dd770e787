"""The member's own work: annotations, positions, questions, notes, read marks, decisions.

This store is irreplaceable (unlike the library, nothing can fetch it again), so
it lives in its own file ``personal.db`` with ``PRAGMA synchronous=FULL``, every
write commits at once (each `PersonalStore` write is one committed transaction
when the call returns), and a copy is taken to ``backups/`` before any schema
migration and on each start (`backup_on_start`). Rows are keyed by the stable ids
of the model (meeting id, item id, attachment file sha256), never by row numbers of
the content library, so a sync that replaces a meeting's content leaves them valid.
`write_backup_file` / `restore_backup_file` move the whole store as one file.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from companion.core.backups import START_BACKUP_PREFIX, prune_start_backups
from companion.core.closing import Closable
from companion.core.durable import durable_move, durable_writer, make_dirs
from companion.core.personal_open import PersonalStoreError as PersonalStoreError
from companion.core.personal_open import guard_store_errors, store_error
from companion.core.session import SessionState, SessionStateError
from companion.core.store_users import personal_store_users

log = logging.getLogger(__name__)

PERSONAL_DB_NAME = "personal.db"
BACKUPS_DIR_NAME = "backups"
BACKUPS_KEPT = 5
BUSY_TIMEOUT_SECONDS = 5.0
T = TypeVar("T")

#: A member's stance on an item, in the order the window offers them.
STANCES = (
    "tiltraeder",
    "imod",
    "undlader",
    "forbehold",
    "oensker_droeftelse",
    "ikke_taget_stilling",
)
DEFAULT_STANCE = "ikke_taget_stilling"
#: The stances as the members name them (Danish, the language of the agendas).
STANCE_LABELS = {
    "tiltraeder": "Tiltræder indstillingen",
    "imod": "Imod",
    "undlader": "Undlader",
    "forbehold": "Forbehold",
    "oensker_droeftelse": "Ønsker drøftelse",
    "ikke_taget_stilling": "Ikke taget stilling",
}
TARGETS = ("item", "attachment")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UnknownRecordError(PersonalStoreError, LookupError):
    """An annotation or question id that is not in the store."""


@dataclass(frozen=True)
class Position:
    """The member's stance on an item and a remark on it."""

    meeting_id: str
    item_id: str
    stance: str
    remark: str
    updated: datetime


@dataclass(frozen=True)
class Question:
    """A question the member wants to raise on an item (a checklist entry)."""

    id: int
    meeting_id: str
    item_id: str
    text: str
    done: bool
    order: int


@dataclass(frozen=True)
class Note:
    """A free note on a meeting (``item_id`` None) or on one of its items."""

    meeting_id: str
    item_id: str | None
    body: str
    updated: datetime


@dataclass(frozen=True)
class Annotation:
    """A highlight (with an optional note) in an item's text or an attachment."""

    id: str
    meeting_id: str
    item_id: str | None
    target: str
    file_sha256: str | None
    anchor: dict[str, Any]
    color: str
    note: str
    created: datetime
    updated: datetime
    detached: bool


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


def _migrate_2_integer_question_ids(connection: sqlite3.Connection) -> None:
    """Questions get integer ids that are never reused (the API's ``Question.id``)."""
    connection.execute("ALTER TABLE questions RENAME TO questions_1")
    connection.execute("DROP INDEX questions_by_item")
    connection.execute(
        "CREATE TABLE questions ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " meeting_id TEXT NOT NULL,"
        " item_id TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),"
        " ord INTEGER NOT NULL DEFAULT 0)"
    )
    connection.execute("CREATE INDEX questions_by_item ON questions (meeting_id, item_id, ord)")
    connection.execute(
        "INSERT INTO questions (meeting_id, item_id, text, done, ord) "
        "SELECT meeting_id, item_id, text, done, ord FROM questions_1 ORDER BY rowid"
    )
    connection.execute("DROP TABLE questions_1")


def _migrate_3_anchored_versions(connection: sqlite3.Connection) -> None:
    """Which version of each meeting its annotations were last anchored to."""
    connection.execute(
        "CREATE TABLE anchored_versions ("
        " meeting_id TEXT PRIMARY KEY,"
        " version INTEGER NOT NULL,"
        " updated TEXT NOT NULL)"
    )


def _migrate_4_sessions(connection: sqlite3.Connection) -> None:
    """The chair's session per meeting (`SessionState` as JSON)."""
    connection.execute(
        "CREATE TABLE sessions ("
        " meeting_id TEXT PRIMARY KEY,"
        " state TEXT NOT NULL CHECK (json_valid(state)),"
        " updated TEXT NOT NULL)"
    )


#: Schema migrations in order; the schema version is ``PRAGMA user_version``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1_initial,
    _migrate_2_integer_question_ids,
    _migrate_3_anchored_versions,
    _migrate_4_sessions,
]


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
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _backup_name() -> str:
    return f"personal-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S-%f')}.db"


@guard_store_errors
class PersonalStore(Closable):
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
            raise store_error(error, self.path, "open") from error
        try:
            self._open()
        except (OSError, sqlite3.DatabaseError) as error:  # full, read-only, locked, damaged
            self._connection.close()
            raise store_error(error, self.path, "open", self.backups_dir) from error
        except BaseException:
            self._connection.close()
            raise

    def _open(self) -> None:
        found = _retry_while_locked(self._user_version)
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
            for number in range(self._user_version(), len(MIGRATIONS)):
                log.info("Migrating %s to schema %d", self.path, number + 1)
                MIGRATIONS[number](self._connection)
                self._connection.execute(f"PRAGMA user_version = {number + 1}")

    def _prune_backups(self) -> None:
        backups = sorted(self.backups_dir.glob("personal-*.db"))
        for old in backups[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    def transaction(self) -> AbstractContextManager[None]:
        """Several writes as one (BEGIN IMMEDIATE ... COMMIT): a cut keeps all or none."""
        return self._transaction()

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

    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return self._user_version()

    def _user_version(self) -> int:  # unguarded: opening names its own failure
        return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    # -- safety

    def backup(self, dest_dir: Path) -> Path:
        """A consistent copy of the store in ``dest_dir``, written durably; its path."""
        target = dest_dir / _backup_name()
        _write_copy(self._connection, target)
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

    def read_attachments(self, meeting_id: str) -> dict[tuple[str, str], int]:
        """The attachments of ``meeting_id`` marked read: (item id, attachment id) -> version."""
        rows = self._connection.execute(
            "SELECT item_id, attachment_id, version FROM read_marks "
            "WHERE meeting_id = ? AND attachment_id IS NOT NULL",
            [meeting_id],
        ).fetchall()
        return {(item_id, attachment_id): int(version) for item_id, attachment_id, version in rows}

    # -- positions

    def set_position(
        self,
        meeting_id: str,
        item_id: str,
        *,
        stance: str | None = None,
        remark: str | None = None,
    ) -> Position:
        """Set the stance and/or remark on an item (None keeps what is there); the result.

        Raises:
            ValueError: ``stance`` is not one of `STANCES`.
        """
        _check_ids(meeting_id, item_id)
        if stance is not None and stance not in STANCES:
            raise ValueError(f"unknown stance {stance!r}; allowed: {', '.join(STANCES)}")
        self._connection.execute(
            "INSERT INTO positions (meeting_id, item_id, stance, remark, updated) "
            "VALUES (?, ?, coalesce(?, ?), coalesce(?, ''), ?) "
            "ON CONFLICT (meeting_id, item_id) DO UPDATE SET "
            "stance = coalesce(?, stance), remark = coalesce(?, remark), "
            "updated = excluded.updated",
            [meeting_id, item_id, stance, DEFAULT_STANCE, remark, _utc_now(), stance, remark],
        )
        position = self.position(meeting_id, item_id)
        assert position is not None  # just written
        return position

    def position(self, meeting_id: str, item_id: str) -> Position | None:
        """The member's position on an item, or None when none was set."""
        row = self._connection.execute(
            "SELECT meeting_id, item_id, stance, remark, updated FROM positions "
            "WHERE meeting_id = ? AND item_id = ?",
            [meeting_id, item_id],
        ).fetchone()
        return _position(row) if row else None

    def positions(self, meeting_id: str) -> dict[str, Position]:
        """The member's positions on the items of a meeting, by item id."""
        rows = self._connection.execute(
            "SELECT meeting_id, item_id, stance, remark, updated FROM positions "
            "WHERE meeting_id = ?",
            [meeting_id],
        ).fetchall()
        return {row[1]: _position(row) for row in rows}

    # -- questions

    def add_question(self, meeting_id: str, item_id: str, text: str) -> Question:
        """Add a question at the end of an item's checklist; the new question."""
        _check_ids(meeting_id, item_id)
        cursor = self._connection.execute(
            "INSERT INTO questions (meeting_id, item_id, text, done, ord) "
            "VALUES (?, ?, ?, 0, (SELECT coalesce(max(ord), -1) + 1 FROM questions "
            "WHERE meeting_id = ? AND item_id = ?))",
            [meeting_id, item_id, text, meeting_id, item_id],
        )
        return self._question(int(cursor.lastrowid or 0))

    def update_question(
        self, question_id: int, *, text: str | None = None, done: bool | None = None
    ) -> Question:
        """Change a question's text and/or done mark (None keeps it); the result.

        Raises:
            UnknownRecordError: there is no question ``question_id``.
        """
        done_value = None if done is None else int(bool(done))
        cursor = self._connection.execute(
            "UPDATE questions SET text = coalesce(?, text), done = coalesce(?, done) WHERE id = ?",
            [text, done_value, question_id],
        )
        if cursor.rowcount == 0:
            raise UnknownRecordError(f"there is no question with id {question_id}")
        return self._question(question_id)

    def delete_question(self, question_id: int) -> None:
        """Delete a question (the member asked to).

        Raises:
            UnknownRecordError: there is no question ``question_id``.
        """
        cursor = self._connection.execute("DELETE FROM questions WHERE id = ?", [question_id])
        if cursor.rowcount == 0:
            raise UnknownRecordError(f"there is no question with id {question_id}")

    def reorder_questions(self, meeting_id: str, item_id: str, question_ids: list[int]) -> None:
        """Put an item's questions in the order of ``question_ids`` (the member moved one).

        Questions of the item not named keep their relative order after those named.

        Raises:
            UnknownRecordError: an id is not a question of this item.
        """
        _check_ids(meeting_id, item_id)
        current = [question.id for question in self.questions(meeting_id, item_id)]
        unknown = set(question_ids) - set(current)
        if unknown:
            raise UnknownRecordError(
                f"not questions of item {item_id}: {', '.join(map(str, sorted(unknown)))}"
            )
        order = list(question_ids) + [qid for qid in current if qid not in question_ids]
        with self._transaction():
            self._connection.executemany(
                "UPDATE questions SET ord = ? WHERE id = ?",
                [(position, question_id) for position, question_id in enumerate(order)],
            )

    def questions(self, meeting_id: str, item_id: str) -> list[Question]:
        """An item's questions, in checklist order."""
        rows = self._connection.execute(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE meeting_id = ? AND item_id = ? "
            "ORDER BY ord, id",
            [meeting_id, item_id],
        ).fetchall()
        return [_question(row) for row in rows]

    def _question(self, question_id: int) -> Question:
        row = self._connection.execute(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", [question_id]
        ).fetchone()
        if row is None:
            raise UnknownRecordError(f"there is no question with id {question_id}")
        return _question(row)

    # -- notes

    def set_note(self, meeting_id: str, item_id: str | None, body: str) -> Note:
        """Save the free note on a meeting (``item_id`` None) or an item; the saved note."""
        _check_ids(meeting_id, item_id)
        if not isinstance(body, str):
            raise TypeError(f"a note's body must be text, not {type(body).__name__}")
        self._connection.execute(
            "INSERT INTO notes (meeting_id, item_id, body, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (meeting_id, coalesce(item_id, '')) "
            "DO UPDATE SET body = excluded.body, updated = excluded.updated",
            [meeting_id, item_id, body, _utc_now()],
        )
        note = self.note(meeting_id, item_id)
        assert note is not None  # just written
        return note

    def note(self, meeting_id: str, item_id: str | None) -> Note | None:
        """The note on a meeting (``item_id`` None) or an item, or None."""
        row = self._connection.execute(
            "SELECT meeting_id, item_id, body, updated FROM notes "
            "WHERE meeting_id = ? AND coalesce(item_id, '') = coalesce(?, '')",
            [meeting_id, item_id],
        ).fetchone()
        return Note(row[0], row[1], row[2], _parse_time(row[3])) if row else None

    # -- annotations

    def add_annotation(
        self,
        meeting_id: str,
        item_id: str | None,
        target: str,
        anchor: dict[str, Any],
        *,
        file_sha256: str | None = None,
        color: str = "yellow",
        note: str = "",
    ) -> Annotation:
        """Save a new highlight; the saved annotation with its new id.

        Raises:
            ValueError: unknown ``target``, an attachment without a valid sha256, an
                anchor that is not a JSON object, or an empty colour.
        """
        _check_ids(meeting_id, item_id)
        if target not in TARGETS:
            raise ValueError(f"unknown annotation target {target!r}; allowed: item, attachment")
        if target == "attachment" and not (file_sha256 and _SHA256.fullmatch(file_sha256)):
            raise ValueError(
                f"an attachment annotation needs the file's sha256 (64 lowercase hex digits), "
                f"not {file_sha256!r}"
            )
        _check_color(color)
        now = _utc_now()
        annotation_id = uuid.uuid4().hex
        self._connection.execute(
            f"INSERT INTO annotations ({_ANNOTATION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [
                annotation_id,
                meeting_id,
                item_id,
                target,
                file_sha256,
                _anchor_json(anchor),
                color,
                note,
                now,
                now,
            ],
        )
        return self._annotation(annotation_id)

    def update_annotation(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        color: str | None = None,
        anchor: dict[str, Any] | None = None,
        detached: bool | None = None,
        item_id: str | None = None,
        file_sha256: str | None = None,
    ) -> Annotation:
        """Change an annotation's note, colour, anchor or detached flag (None keeps it).

        ``item_id`` and ``file_sha256`` move it to another item (re-attaching a detached
        note) or to an attachment's replacement file (re-anchoring after a revision).

        Raises:
            UnknownRecordError: there is no annotation ``annotation_id``.
            ValueError: an empty colour, an anchor that is not a JSON object, or an empty
                item id.
        """
        if color is not None:
            _check_color(color)
        if item_id is not None:
            _check_ids("meeting", item_id)
        anchor_text = None if anchor is None else _anchor_json(anchor)
        detached_value = None if detached is None else int(bool(detached))
        cursor = self._connection.execute(
            "UPDATE annotations SET note = coalesce(?, note), color = coalesce(?, color), "
            "anchor = coalesce(?, anchor), detached = coalesce(?, detached), "
            "item_id = coalesce(?, item_id), file_sha256 = coalesce(?, file_sha256), "
            "updated = ? WHERE id = ?",
            [
                note,
                color,
                anchor_text,
                detached_value,
                item_id,
                file_sha256,
                _utc_now(),
                annotation_id,
            ],
        )
        if cursor.rowcount == 0:
            raise UnknownRecordError(f"there is no annotation with id {annotation_id!r}")
        return self._annotation(annotation_id)

    def delete_annotation(self, annotation_id: str) -> None:
        """Delete an annotation; only ever on the member's request.

        Raises:
            UnknownRecordError: there is no annotation ``annotation_id``.
        """
        cursor = self._connection.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        if cursor.rowcount == 0:
            raise UnknownRecordError(f"there is no annotation with id {annotation_id!r}")

    def annotations(self, meeting_id: str, item_id: str | None = None) -> list[Annotation]:
        """A meeting's annotations (only one item's when ``item_id`` is given), oldest first."""
        query = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE meeting_id = ?"
        parameters = [meeting_id]
        if item_id is not None:
            query += " AND item_id = ?"
            parameters.append(item_id)
        rows = self._connection.execute(query + " ORDER BY created, rowid", parameters).fetchall()
        return [_annotation(row) for row in rows]

    def anchored_version(self, meeting_id: str) -> int | None:
        """The meeting version its annotations were last anchored to (None: never recorded)."""
        row = self._connection.execute(
            "SELECT version FROM anchored_versions WHERE meeting_id = ?", [meeting_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def set_anchored_version(self, meeting_id: str, version: int) -> None:
        """Record that ``meeting_id``'s annotations are anchored to ``version``."""
        _check_ids(meeting_id, None)
        self._connection.execute(
            "INSERT INTO anchored_versions (meeting_id, version, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (meeting_id) DO UPDATE SET version = excluded.version, "
            "updated = excluded.updated",
            [meeting_id, int(version), _utc_now()],
        )

    def _annotation(self, annotation_id: str) -> Annotation:
        row = self._connection.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]
        ).fetchone()
        if row is None:
            raise UnknownRecordError(f"there is no annotation with id {annotation_id!r}")
        return _annotation(row)

    # -- session

    def set_decision(self, meeting_id: str, item_id: str, text: str) -> None:
        """Save the decision (Beslutning) recorded for an item; blank text deletes it.

        Raises:
            ValueError: an empty id.
            TypeError: ``text`` is not a string.
        """
        _check_ids(meeting_id, item_id)
        if not isinstance(text, str):
            raise TypeError(f"a decision must be text, not {type(text).__name__}")
        if not text.strip():
            self._connection.execute(
                "DELETE FROM decisions WHERE meeting_id = ? AND item_id = ?",
                [meeting_id, item_id],
            )
            return
        self._connection.execute(
            "INSERT INTO decisions (meeting_id, item_id, text, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (meeting_id, item_id) "
            "DO UPDATE SET text = excluded.text, updated = excluded.updated",
            [meeting_id, item_id, text, _utc_now()],
        )

    def decision(self, meeting_id: str, item_id: str) -> str:
        """The decision recorded for an item ("" when none)."""
        row = self._connection.execute(
            "SELECT text FROM decisions WHERE meeting_id = ? AND item_id = ?",
            [meeting_id, item_id],
        ).fetchone()
        return str(row[0]) if row else ""

    def decisions(self, meeting_id: str) -> dict[str, str]:
        """Every decision recorded for a meeting, by item id."""
        rows = self._connection.execute(
            "SELECT item_id, text FROM decisions WHERE meeting_id = ?", [meeting_id]
        ).fetchall()
        return {item_id: text for item_id, text in rows}

    def save_session(self, state: SessionState) -> None:
        """Save the chair's session on a meeting (replacing the one saved before)."""
        _check_ids(state.meeting_id, None)
        self._connection.execute(
            "INSERT INTO sessions (meeting_id, state, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (meeting_id) "
            "DO UPDATE SET state = excluded.state, updated = excluded.updated",
            [
                state.meeting_id,
                json.dumps(state.to_dict(), ensure_ascii=False, allow_nan=False),
                _utc_now(),
            ],
        )

    def load_session(self, meeting_id: str) -> SessionState | None:
        """The chair's saved session on a meeting, or None when there is none.

        Raises:
            PersonalStoreError: the saved session cannot be read (names the meeting).
        """
        row = self._connection.execute(
            "SELECT state FROM sessions WHERE meeting_id = ?", [meeting_id]
        ).fetchone()
        if row is None:
            return None
        try:
            return SessionState.from_dict(json.loads(row[0]))
        except (ValueError, SessionStateError) as error:
            raise PersonalStoreError(
                f"The saved session of meeting {meeting_id} cannot be read "
                f"from {self.path}: {error}."
            ) from error

    def delete_session(self, meeting_id: str) -> None:
        """Forget the chair's session on a meeting (its decisions stay)."""
        self._connection.execute("DELETE FROM sessions WHERE meeting_id = ?", [meeting_id])


_QUESTION_COLUMNS = "id, meeting_id, item_id, text, done, ord"
_ANNOTATION_COLUMNS = (
    "id, meeting_id, item_id, target, file_sha256, anchor, color, note, created, updated, detached"
)


def _check_ids(meeting_id: str, item_id: str | None) -> None:
    if not isinstance(meeting_id, str) or not meeting_id:
        raise ValueError(f"a meeting id must be a non-empty string, not {meeting_id!r}")
    if item_id is not None and (not isinstance(item_id, str) or not item_id):
        raise ValueError(f"an item id must be a non-empty string or None, not {item_id!r}")


def _check_color(color: str) -> None:
    if not isinstance(color, str) or not color.strip():
        raise ValueError(f"an annotation colour must be a non-empty name, not {color!r}")


def _anchor_json(anchor: dict[str, Any]) -> str:
    if not isinstance(anchor, dict):
        raise ValueError(f"an anchor must be a dict, not {type(anchor).__name__}")
    try:
        return json.dumps(anchor, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise ValueError(f"an anchor must be JSON-able: {error}") from error


def _position(row: tuple[Any, ...]) -> Position:
    meeting_id, item_id, stance, remark, updated = row
    return Position(meeting_id, item_id, stance or DEFAULT_STANCE, remark, _parse_time(updated))


def _question(row: tuple[Any, ...]) -> Question:
    question_id, meeting_id, item_id, text, done, order = row
    return Question(int(question_id), meeting_id, item_id, text, bool(done), int(order))


def _annotation(row: tuple[Any, ...]) -> Annotation:
    (annotation_id, meeting_id, item_id, target, sha, anchor, color, note, created, updated,
     detached) = row  # fmt: skip
    return Annotation(
        id=annotation_id,
        meeting_id=meeting_id,
        item_id=item_id,
        target=target,
        file_sha256=sha,
        anchor=json.loads(anchor),
        color=color or "yellow",
        note=note,
        created=_parse_time(created),
        updated=_parse_time(updated),
        detached=bool(detached),
    )


# -- backups on start, backup files and restoring them -------------------------------

BEFORE_RESTORE_PREFIX = "before-restore-"
BACKUP_FILE_PREFIX = "kkr-companion-backup-"
_REQUIRED_TABLES = frozenset(
    {"annotations", "positions", "questions", "notes", "read_marks", "decisions"}
)


def personal_db_path(data_dir: Path) -> Path:
    """Where the personal store lives in a data folder."""
    return Path(data_dir) / PERSONAL_DB_NAME


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def _write_copy(origin: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the database ``origin`` to ``target`` (sqlite3 backup API).

    The copy is written next to ``target`` first and moved into place durably, so
    ``target`` is either absent or complete, also after a power cut.
    """
    make_dirs(target.parent)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
        durable_move(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _copy_database(source: Path, target: Path) -> None:
    """Copy the database ``source`` to ``target`` consistently and durably.

    Raises:
        sqlite3.DatabaseError: ``source`` is not a readable database.
    """
    origin = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _write_copy(origin, target)
    finally:
        origin.close()


def backup_on_start(path: Path, backups_dir: Path, keep: int = BACKUPS_KEPT) -> Path | None:
    """Copy the personal store to ``backups_dir`` as the app starts, durably; prune old ones.

    Kept by age as well as count (`companion.core.backups`: every start of the last
    week, one a week for a year, and always the newest ``keep``).

    Call once per start, before opening the store. Cheap (SQLite's backup API);
    never raises for a damaged store (opening it reports that), it logs instead.

    Returns:
        The new backup, or None when there is no store yet or it could not be copied.
    """
    path = Path(path)
    if not path.is_file():
        return None
    target = Path(backups_dir) / f"{START_BACKUP_PREFIX}{_timestamp()}.db"
    try:
        _copy_database(path, target)
    except (OSError, sqlite3.Error) as error:
        log.warning("Could not back up %s on start: %s", path, error)
        return None
    prune_start_backups(Path(backups_dir), min_kept=max(keep, 1))
    log.info("Backed up %s to %s", path, target)
    return target


def check_backup_file(path: Path, shown_as: Path | None = None) -> int:
    """Check that ``path`` is a sound personal store this version can open; its schema.

    Args:
        path: the file to check (it may be written to: check a copy of a precious file).
        shown_as: the name to use in error messages (default ``path``).

    Raises:
        PersonalStoreError: not a database, damaged, not a companion personal store,
            or written by a newer version; the message names the file.
    """
    name = shown_as or path
    connection = sqlite3.connect(path)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise PersonalStoreError(f"{name} is damaged: {'; '.join(problems[:3])}")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise PersonalStoreError(f"{name} is not a companion backup: {error}") from error
    finally:
        connection.close()
    missing = _REQUIRED_TABLES - tables
    if missing or version < 1:
        raise PersonalStoreError(
            f"{name} is not a companion personal store (missing: "
            f"{', '.join(sorted(missing)) or 'schema version'})"
        )
    if version > len(MIGRATIONS):
        raise PersonalStoreError(
            f"{name} was written by a newer version of the companion (schema {version}, "
            f"this version knows {len(MIGRATIONS)}); update the companion to restore it"
        )
    return version


def write_backup_file(path: Path, dest: Path) -> Path:
    """Write the personal store at ``path`` as one file, for moving it to another computer.

    Args:
        path: the personal store (``personal.db``).
        dest: the file to write, or an existing folder to write
            ``kkr-companion-backup-YYYY-MM-DD.db`` in.

    Returns:
        The file written (a consistent SQLite copy, checked after writing).

    Raises:
        PersonalStoreError: there is no store, ``dest`` exists, or the copy failed.
    """
    path, dest = Path(path), Path(dest)
    if not path.is_file():
        raise PersonalStoreError(f"there is nothing to back up: {path} does not exist yet")
    if dest.is_dir():
        dest = _free_name(dest, f"{BACKUP_FILE_PREFIX}{datetime.now(UTC).date().isoformat()}")
    elif dest.exists():
        raise PersonalStoreError(f"{dest} already exists; choose another file name")
    try:
        _copy_database(path, dest)
    except (OSError, sqlite3.Error) as error:
        raise store_error(error, dest, "write") from error
    check_backup_file(dest)
    return dest


def _free_name(folder: Path, stem: str) -> Path:
    candidate, number = folder / f"{stem}.db", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}.db"
    return candidate


def restore_backup_file(path: Path, backup_file: Path) -> Path | None:
    """Replace the personal store at ``path`` with ``backup_file``, atomically.

    The file is checked first (a copy of it, so it is never changed); then the
    current store, if any, is copied to ``backups/before-restore-*.db``; then the
    checked copy is renamed over ``path``. Refused while a companion window has the
    store (`companion.core.store_users.personal_store_users`).

    Returns:
        The backup of the store that was replaced, or None when there was none.

    Raises:
        PersonalStoreError: ``backup_file`` is missing or wrong (nothing is changed),
            or the store is open in a running companion.
    """
    path, backup_file = Path(path), Path(backup_file)
    if not backup_file.is_file():
        raise PersonalStoreError(f"{backup_file}: no such file")
    if personal_store_users(path):
        raise PersonalStoreError(
            f"a companion window has your personal store {path} open; close every "
            "companion window, then restore again"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".restoring")
    try:
        shutil.copyfile(backup_file, staging)
        check_backup_file(staging, shown_as=backup_file)
        saved = _backup_before_restore(path)
        durable_move(staging, path)
    except OSError as error:
        raise PersonalStoreError(f"cannot restore {backup_file} to {path}: {error}") from error
    finally:
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
    return saved


def _backup_before_restore(path: Path) -> Path | None:
    """Fold the store's WAL into it, refuse if it is in use, and back it up."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        log.warning("The store %s being replaced cannot be read: %s", path, error)
    if Path(f"{path}-wal").exists():
        raise PersonalStoreError(
            f"{path} is in use: close the companion window, then restore again"
        )
    target = path.parent / BACKUPS_DIR_NAME / f"{BEFORE_RESTORE_PREFIX}{_timestamp()}.db"
    make_dirs(target.parent)
    # A plain copy: even a damaged store is kept as it was.
    with path.open("rb") as source, durable_writer(target) as copy:
        shutil.copyfileobj(source, copy)
    return target
