"""The start's light read of read marks agrees with the store, and steps aside when unsure.

Real SQLite files: a `PersonalStore` written as the app writes it, an older file
without the table, a file held by a writer in another connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from companion.core.personal import PersonalStore
from companion.core.personal_reads import PersonalOpener, item_read_marks
from companion.ui.meeting_loading import read_marks

MEETING = "kkr-midtjylland-2015-04-20"


def store_with_marks(path: Path) -> None:
    with PersonalStore(path) as store:
        store.mark_read(MEETING, f"{MEETING}/a", 1)
        store.mark_read(MEETING, f"{MEETING}/b", 3)
        store.mark_read(MEETING, f"{MEETING}/b", 2, attachment_id="bilag-1")  # not an item's
        store.mark_read("other-meeting", "other-meeting/a", 1)


def test_the_light_read_gives_what_the_store_gives(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    store_with_marks(path)
    with PersonalStore(path) as store:
        expected = store.read_items(MEETING)
    assert expected == {f"{MEETING}/a": 1, f"{MEETING}/b": 3}
    assert item_read_marks(path, MEETING) == expected
    assert item_read_marks(path, "never-read") == {}


def test_without_a_file_or_its_table_the_store_decides(tmp_path: Path) -> None:
    missing = tmp_path / "personal.db"
    assert item_read_marks(missing, MEETING) is None
    assert not missing.exists()  # the light read never creates the file
    older = tmp_path / "older.db"
    sqlite3.connect(older).close()  # an empty file: a store from before read marks
    assert item_read_marks(older, MEETING) is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database" * 100)
    assert item_read_marks(damaged, MEETING) is None


def test_a_writer_in_the_middle_of_a_change_does_not_stop_the_read(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    store_with_marks(path)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM read_marks")  # not committed: the read sees the marks
        assert item_read_marks(path, MEETING) == {f"{MEETING}/a": 1, f"{MEETING}/b": 3}
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_window_reads_through_the_light_read_and_falls_back_to_the_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "personal.db"
    opener = PersonalOpener(path)
    assert read_marks(opener, MEETING) == {}  # no file: the store is opened (and made)
    assert path.is_file()
    store_with_marks(path)
    assert read_marks(opener, MEETING) == {f"{MEETING}/a": 1, f"{MEETING}/b": 3}
