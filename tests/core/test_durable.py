"""Durable writes: the final file is the old one or the whole new one, never a mix.

Whether the bytes really reach the disk before a power cut is proven under LazyFS
(tests/power/); here: content, names, permissions, clean-up on failure, and the
order of the fsyncs (recorded by wrapping ``os.fsync``/``os.replace``, which call
through to the real ones: a normal file system cannot show a missing fsync).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from companion.core import durable
from companion.core.durable import (
    TEMP_PREFIX,
    durable_move,
    durable_write,
    durable_writer,
    fsync_dir,
    fsync_dirs,
    make_dirs,
    new_dirs,
)

OLD = b"Indstilling: Det indstilles, at KKR tager orienteringen til efterretning.\n"
NEW = b"Beslutning: Orienteringen blev taget til efterretning.\n" * 1000


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def test_write_creates_the_file_with_its_content(tmp_path: Path) -> None:
    target = tmp_path / "sources.json"
    durable_write(target, NEW)
    assert target.read_bytes() == NEW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.json"]


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    target.write_bytes(OLD)
    durable_write(target, NEW)
    assert target.read_bytes() == NEW
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError, match="disk gone"), durable_writer(target) as handle:
        handle.write(NEW[: len(NEW) // 2])
        raise RuntimeError("disk gone")
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_failing_fsync_keeps_the_old_file_and_removes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EIO from fsync (a failing disk) is simulated: it cannot be caused here."""
    target = tmp_path / "note.txt"
    target.write_bytes(OLD)

    def failing_fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(durable.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        durable_write(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_mode_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    durable_write(target, b"{}", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        durable_write(tmp_path / "absent" / "x", NEW)
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_synced_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def recording_fsync(descriptor: int) -> None:
        kind = "dir" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file"
        calls.append(f"fsync {kind}")
        real_fsync(descriptor)

    def recording_replace(src: str | Path, dest: str | Path) -> None:
        calls.append("replace")
        real_replace(src, dest)

    monkeypatch.setattr(durable.os, "fsync", recording_fsync)
    monkeypatch.setattr(durable.os, "replace", recording_replace)
    durable_write(tmp_path / "a", NEW)
    assert calls == ["fsync file", "replace", "fsync dir"]

    calls.clear()
    (tmp_path / "other").mkdir()
    written = tmp_path / "other" / "b.part"
    written.write_bytes(NEW)
    durable_move(written, tmp_path / "b")
    assert calls == ["fsync file", "replace", "fsync dir", "fsync dir"]


def test_move_renames_the_whole_file(tmp_path: Path) -> None:
    src = tmp_path / "downloads" / "abc.part"
    src.parent.mkdir()
    src.write_bytes(NEW)
    dest = tmp_path / "blobs" / "abc"
    dest.parent.mkdir()
    dest.write_bytes(OLD)
    durable_move(src, dest)
    assert dest.read_bytes() == NEW
    assert not src.exists()


def test_move_of_a_missing_file_changes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "blob"
    dest.write_bytes(OLD)
    with pytest.raises(FileNotFoundError):
        durable_move(tmp_path / "absent", dest)
    assert dest.read_bytes() == OLD


def test_make_dirs_creates_every_missing_level(tmp_path: Path) -> None:
    folder = tmp_path / "blobs" / "ab"
    make_dirs(folder)
    make_dirs(folder)  # already there: fine
    assert folder.is_dir()
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(FileExistsError):
        make_dirs(tmp_path / "file")


def test_fsync_dir_of_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    fsync_dir(tmp_path)
    with pytest.raises(FileNotFoundError):
        fsync_dir(tmp_path / "absent")


def test_new_dirs_creates_the_folders_and_names_the_ones_to_fsync(tmp_path: Path) -> None:
    folder = tmp_path / "blobs" / "ab"
    assert new_dirs(folder) == [tmp_path, tmp_path / "blobs"]  # the outermost first
    assert folder.is_dir()
    assert new_dirs(folder) == []  # already there: nothing changed
    assert new_dirs(tmp_path / "blobs" / "cd") == [tmp_path / "blobs"]


def test_fsync_dirs_syncs_each_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        synced.append(os.fstat(descriptor).st_ino)
        real_fsync(descriptor)

    (tmp_path / "a").mkdir()
    monkeypatch.setattr(durable.os, "fsync", recording_fsync)
    fsync_dirs([tmp_path / "a", tmp_path, tmp_path / "a"])
    assert synced == [(tmp_path / "a").stat().st_ino, tmp_path.stat().st_ino]
    with pytest.raises(FileNotFoundError):
        fsync_dirs([tmp_path / "absent"])
