"""The personal store: schema, durability settings, read marks, backups, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from companion.core import personal
from companion.core.personal import PersonalStore, PersonalStoreError

MEETING = "kkr-midtjylland-2015-04-20"
TABLES = {"annotations", "positions", "questions", "notes", "read_marks", "decisions"}


def table_names(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}
    finally:
        connection.close()


def test_new_store_has_schema_wal_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        assert store.schema_version() == len(personal.MIGRATIONS)
        assert store._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.integrity_ok()
    assert table_names(path) >= TABLES
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new file


def test_read_marks_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.mark_read(MEETING, "1-1", 1)
        store.mark_read(MEETING, "3-1", 1)
        store.mark_read(MEETING, "3-1", 2)  # read again in a newer version
        store.mark_read(MEETING, "3-1", 2, attachment_id="3-1-b1")
        store.mark_read("kkr-midtjylland-2016-11-22", "1-1", 1)
    with PersonalStore(path) as store:
        assert store.read_items(MEETING) == {"1-1": 1, "3-1": 2}
        assert store.read_items("kkr-midtjylland-2020-02-05") == {}


def test_each_write_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as writer, PersonalStore(path) as reader:
        writer.mark_read(MEETING, "1-1", 1)
        assert reader.read_items(MEETING) == {"1-1": 1}


def test_constraints_guard_the_schema(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store._connection.execute(
                "INSERT INTO annotations (id, meeting_id, target, anchor, created, updated) "
                "VALUES ('a1', ?, 'page', '{}', 'now', 'now')",
                [MEETING],
            )
        with pytest.raises(sqlite3.IntegrityError):
            store._connection.execute(
                "INSERT INTO annotations (id, meeting_id, target, anchor, created, updated) "
                "VALUES ('a2', ?, 'item', 'not json', 'now', 'now')",
                [MEETING],
            )
        store._connection.execute(
            "INSERT INTO notes (meeting_id, item_id, body, updated) VALUES (?, NULL, 'x', 'now')",
            [MEETING],
        )
        with pytest.raises(sqlite3.IntegrityError):  # one meeting-level note per meeting
            store._connection.execute(
                "INSERT INTO notes (meeting_id, item_id, body, updated) "
                "VALUES (?, NULL, 'y', 'now')",
                [MEETING],
            )


def test_backup_is_a_complete_copy(tmp_path: Path) -> None:
    with PersonalStore(tmp_path / "personal.db") as store:
        store.mark_read(MEETING, "1-1", 1)
        saved = store.backup(tmp_path / "elsewhere")
    assert saved.parent == tmp_path / "elsewhere"
    assert saved.name.startswith("personal-") and saved.suffix == ".db"
    with PersonalStore(saved) as copy:
        assert copy.read_items(MEETING) == {"1-1": 1}


def _add_second_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    def add_column(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE positions ADD COLUMN chair_note TEXT")

    monkeypatch.setattr(personal, "MIGRATIONS", [*personal.MIGRATIONS, add_column])


def test_migration_takes_a_backup_first_and_keeps_data(tmp_path, monkeypatch) -> None:
    path = tmp_path / "personal.db"
    with PersonalStore(path) as store:
        store.mark_read(MEETING, "1-1", 1)
    _add_second_migration(monkeypatch)

    with PersonalStore(path) as store:
        assert store.schema_version() == 2
        assert store.read_items(MEETING) == {"1-1": 1}

    [saved] = (tmp_path / "backups").glob("personal-*.db")
    with sqlite3.connect(saved) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT item_id FROM read_marks").fetchall() == [("1-1",)]


def test_only_a_few_migration_backups_are_kept(tmp_path, monkeypatch) -> None:
    path = tmp_path / "personal.db"
    PersonalStore(path).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    for number in range(8):
        (backups / f"personal-20200101-00000{number}-000000.db").write_bytes(b"old")
    _add_second_migration(monkeypatch)

    PersonalStore(path).close()

    kept = sorted(p.name for p in backups.glob("personal-*.db"))
    assert len(kept) == personal.BACKUPS_KEPT
    assert not kept[-1].startswith("personal-2020")  # the new one is kept


def test_newer_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    PersonalStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 42")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(PersonalStoreError, match="newer version"):
        PersonalStore(path)
    assert path.read_bytes() == before


def test_damaged_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    path.write_bytes(b"not a database, but precious" * 100)
    with pytest.raises(PersonalStoreError, match="personal.db"):
        PersonalStore(path)
    assert path.read_bytes() == b"not a database, but precious" * 100


def test_several_connections_opening_a_new_file_at_once(tmp_path: Path) -> None:
    """The window's workers open the store concurrently; a new file must not fail any."""
    import threading

    for attempt in range(40):
        path = tmp_path / f"attempt-{attempt}" / "personal.db"
        errors: list[Exception] = []

        def open_and_write(path: Path = path, errors: list[Exception] = errors) -> None:
            try:
                with PersonalStore(path) as store:
                    store.mark_read("meeting", "item", 1)
            except Exception as error:  # collected and asserted below
                errors.append(error)

        threads = [threading.Thread(target=open_and_write) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with PersonalStore(path) as store:
            assert store.read_items("meeting") == {"item": 1}
