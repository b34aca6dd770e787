"""The personal store's failures name their real cause: full, read-only, damaged.

Real disks: a small tmpfs filled with a stand-in file until the kernel says ENOSPC
(the suite runs as root), and a tmpfs remounted read-only (a write-protected USB
stick). Opening the store on a full disk used to say "cannot be read (disk I/O
error). Keep the file", as if it were damaged; a save on an open connection let
the raw ``sqlite3.OperationalError`` escape.
"""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.errors import Cause, MemberError
from companion.core.personal import PersonalStore, PersonalStoreError
from companion.core.personal_open import PersonalStoreFailure

MEETING, ITEM = "kkr-midtjylland-2016-11-22", "item-1"


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)} (needs root): {done.stderr}"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, unmounted after the test."""
    root = tmp_path / "disk"
    root.mkdir()
    _run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(root))
    try:
        yield root
    finally:
        _run("umount", "--lazy", str(root))


def fill(root: Path) -> Path:
    """Write a stand-in file on ``root`` until the disk is full; the file."""
    filler = root / "filler.bin"
    with filler.open("ab", buffering=0) as output:
        while True:
            try:
                output.write(b"\0" * 4096)
            except OSError as error:
                assert error.errno == errno.ENOSPC
                return filler


def _saved_store(path: Path) -> None:
    with PersonalStore(path) as store:
        store.set_note(MEETING, ITEM, "Spørg til tidsplanen")


def _sentence(error: BaseException) -> MemberError:
    assert isinstance(error, PersonalStoreFailure)  # a sentence, and what callers catch
    assert isinstance(error, PersonalStoreError)
    assert "damaged" not in str(error)
    return error


def test_opening_on_a_full_disk_says_the_disk_is_full_not_damaged(disk: Path) -> None:
    path = disk / "personal.db"
    _saved_store(path)
    filler = fill(disk)
    with pytest.raises(PersonalStoreError) as raised:
        PersonalStore(path)
    error = _sentence(raised.value)
    assert error.cause is Cause.DISK_FULL
    assert str(error) == (
        f"Could not open {path}: the disk is full. Free some space and try again."
    )
    filler.unlink()
    with PersonalStore(path) as store:  # nothing was lost
        note = store.note(MEETING, ITEM)
    assert note is not None and note.body == "Spørg til tidsplanen"


def test_a_save_on_an_open_store_when_the_disk_fills_is_a_sentence(disk: Path) -> None:
    path = disk / "personal.db"
    _saved_store(path)
    with PersonalStore(path) as store:
        filler = fill(disk)
        with pytest.raises(PersonalStoreError) as raised:
            store.set_note(MEETING, ITEM, "Ny tekst " * 50_000)
        assert not isinstance(raised.value, sqlite3.Error)
        error = _sentence(raised.value)
        assert error.cause is Cause.DISK_FULL
        assert str(error).startswith(f"Could not save to {path}: the disk is full.")
        filler.unlink()
        note = store.note(MEETING, ITEM)
    assert note is not None and note.body == "Spørg til tidsplanen"


def test_opening_on_a_read_only_disk_says_read_only(disk: Path) -> None:
    path = disk / "personal.db"
    _saved_store(path)
    _run("mount", "-o", "remount,ro", str(disk))
    with pytest.raises(PersonalStoreError) as raised:
        PersonalStore(path)
    error = _sentence(raised.value)
    assert error.cause is Cause.READ_ONLY
    assert "read-only" in str(error)


def test_a_damaged_file_still_says_damaged_and_where_the_backups_are(tmp_path: Path) -> None:
    path = tmp_path / "personal.db"
    path.write_bytes(b"stand-in: not a database " * 100)
    with pytest.raises(PersonalStoreError) as raised:
        PersonalStore(path)
    assert isinstance(raised.value, PersonalStoreFailure)
    assert raised.value.cause is Cause.DAMAGED
    assert str(raised.value) == (
        f"Your personal notes file {path} is damaged and cannot be read. "
        f"Keep the file; backups are in {tmp_path / 'backups'}."
    )
