"""The library on a member's real disks: read-only, locked, full or damaged.

The read-only cases use real read-only mounts (tests run as root here, and root
writes to a chmod-ed file regardless, so chmod proves nothing): a tmpfs remounted
read-only stands for a read-only USB stick or network share, and a read-only
bind mount of content.db alone stands for a write-protected database file.
Without root, a chmod-ed copy is the same thing for an ordinary member.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import companion.core.library_open as library_module  # opening lives there
from companion.core.errors import Cause
from companion.core.library import MAX_VERSION, Library, LibraryError
from companion.core.model import Attachment, Meeting
from companion.core.package import PackageError, read_package, write_package
from tests.core.test_library import file_ref, make_meeting, make_pdf, newer_version, package_for

REPO = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextmanager
def read_only_disk(source: Path, mount_point: Path) -> Iterator[Path]:
    """``source`` copied to ``mount_point`` on a file system that is then made read-only."""
    mount_point.mkdir()
    if not IS_ROOT:
        shutil.copytree(source, mount_point, dirs_exist_ok=True)
        for path in [mount_point, *mount_point.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield mount_point
        finally:
            for path in [mount_point, *mount_point.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
        return
    if not _run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount_point)):
        # Skipped only where mounting is refused (not root): CI runs as root, so it runs there,
        # and -ra lists the skip. chmod cannot stand in: root writes through it.
        pytest.skip("needs a tmpfs mount (root with mount rights) to make a read-only disk")
    try:
        shutil.copytree(source, mount_point, dirs_exist_ok=True)
        assert _run("mount", "-o", "remount,ro", str(mount_point))
        yield mount_point
    finally:
        _run("umount", "-l", str(mount_point))


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` itself made read-only (a bind mount of the file; chmod without root)."""
    if not IS_ROOT:
        path.chmod(0o444)
        try:
            yield path
        finally:
            path.chmod(0o644)
        return
    if not _run("mount", "--bind", str(path), str(path)):
        # Skipped only where mounting is refused (not root): CI runs as root, so it runs there,
        # and -ra lists the skip. chmod cannot stand in: root writes through it.
        pytest.skip("needs a bind mount (root with mount rights) to make a read-only file")
    try:
        assert _run("mount", "-o", "remount,ro,bind", str(path))
        yield path
    finally:
        _run("umount", "-l", str(path))


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, Meeting, Path]:
    """A library folder holding the 20-04-2015 meeting, closed; and a newer package."""
    data = tmp_path / "data"
    meeting, files = make_meeting(tmp_path / "src")
    with Library(data) as library:
        library.import_package(package_for(meeting, files, tmp_path / "v1"))
    newer = write_package(newer_version(meeting), files, tmp_path / "v2")
    return data, meeting, newer


def _assert_changes_refused(library: Library, package: Path, meeting_id: str) -> None:
    for change in (
        lambda: library.import_path(package),
        lambda: library.remove_meeting(meeting_id),
        lambda: library.set_feed_validators("https://example.invalid/feed/", "x", None),
    ):
        with pytest.raises(LibraryError) as raised:
            change()
        assert raised.value.cause is Cause.READ_ONLY
        assert str(raised.value).startswith("Changes are off")
        assert "move it away" not in str(raised.value)


def test_library_on_a_read_only_disk_reads_and_refuses_changes(filled, tmp_path) -> None:
    data, meeting, newer = filled
    with read_only_disk(data, tmp_path / "stick") as stick:
        assert not (stick / "content.db-shm").exists()  # SQLite cannot create it here
        with Library(stick) as library:
            assert library.read_only
            assert [summary.id for summary in library.meetings()] == [meeting.id]
            assert library.meeting(meeting.id) == meeting
            ref = meeting.files()[0]
            blob = library.blob_path(ref.sha256)
            assert blob is not None and blob.read_bytes()[:5] == b"%PDF-"
            error = library.read_only_error()
            assert error is not None and "read-only disk" in str(error)
            _assert_changes_refused(library, newer, meeting.id)
            assert library.meeting(meeting.id).version == 1


def test_read_only_database_file_opens_read_only(filled) -> None:
    data, meeting, newer = filled
    with read_only_file(data / "content.db"), Library(data) as library:
        assert library.read_only
        assert library.meeting(meeting.id) == meeting
        error = library.read_only_error()
        assert error is not None and "read-only file" in str(error)
        _assert_changes_refused(library, newer, meeting.id)


def test_writable_library_is_not_read_only(filled) -> None:
    data, _, _ = filled
    with Library(data) as library:
        assert not library.read_only
        assert library.read_only_error() is None


def _companion(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_cli_reads_a_read_only_library_and_says_why_import_is_refused(filled, tmp_path) -> None:
    data, meeting, newer = filled
    with read_only_disk(data, tmp_path / "stick") as stick:
        listed = _companion(stick, "meetings")
        imported = _companion(stick, "import", str(newer))
    assert listed.returncode == 0, listed.stderr
    assert meeting.id in listed.stdout
    assert "Traceback" not in listed.stderr
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr
    assert "Changes are off" in imported.stderr


def test_locked_database_names_the_other_program_not_damage(filled, monkeypatch) -> None:
    data, _, _ = filled
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    other = sqlite3.connect(data / "content.db")  # another program holding it exclusively
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(LibraryError) as raised:
            Library(data)
    finally:
        other.close()
    assert raised.value.cause is Cause.LOCKED
    assert "another program is using it" in str(raised.value)
    assert "move it away" not in str(raised.value)


def test_a_write_while_another_program_writes_says_locked(filled, monkeypatch) -> None:
    data, meeting, newer = filled
    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    with Library(data) as library:
        other = sqlite3.connect(data / "content.db")
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(LibraryError) as raised:
                library.import_path(newer)
        finally:
            other.close()
        assert raised.value.cause is Cause.LOCKED
        assert library.meeting(meeting.id).version == 1


def test_only_a_damaged_file_is_to_be_moved_away(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "content.db").write_bytes(b"this is not an sqlite file" * 100)
    with pytest.raises(LibraryError) as raised:
        Library(data)
    assert raised.value.cause is Cause.DAMAGED
    assert "damaged" in str(raised.value) and "move it away" in str(raised.value)


def test_a_library_that_cannot_be_created_says_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with read_only_disk(empty, tmp_path / "stick") as stick, pytest.raises(LibraryError) as raised:
        Library(stick / "library")
    assert raised.value.cause in (Cause.READ_ONLY, Cause.PERMISSION)
    assert "move it away" not in str(raised.value)


def test_full_disk_during_import_says_so_and_leaves_no_files(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if not IS_ROOT or not _run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)):
        # Skipped only where mounting is refused (not root): CI runs as root, so it runs there,
        # and -ra lists the skip. chmod cannot stand in: root writes through it.
        pytest.skip("needs a small tmpfs (root with mount rights) to fill a disk for real")
    try:
        meeting, files = make_meeting(tmp_path / "src")
        big = tmp_path / "big.pdf"
        big.write_bytes(b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024))  # a stand-in, too big
        ref = file_ref(big, "Stort bilag")
        item = meeting.item("3-1")
        assert item is not None
        item.attachments.append(Attachment("3-1-b3", ref.name, ref))
        package = write_package(meeting, {**files, ref.sha256: big}, tmp_path / "pkg")
        with Library(disk / "data") as library:
            with pytest.raises(LibraryError) as raised:
                library.import_path(package)
            assert raised.value.cause is Cause.DISK_FULL
            assert "the disk is full" in str(raised.value)
            assert library.is_empty()
            assert [p for p in library.blobs_dir.rglob("*") if p.is_file()] == []
    finally:
        _run("umount", "-l", str(disk))


# --- a rejected import leaves no files behind --------------------------------------------


def test_rejected_import_removes_the_files_it_had_copied(tmp_path: Path) -> None:
    meeting, files = make_meeting(tmp_path / "src")
    shared = next(iter(files))
    with Library(tmp_path / "data") as library:
        library.import_package(package_for(meeting, files, tmp_path / "v1"))
        before = sorted(p.name for p in library.blobs_dir.rglob("*") if p.is_file())

        v2 = newer_version(meeting)
        item = v2.item("3-1")
        assert item is not None
        new_pdfs = [make_pdf(tmp_path / f"ny-{n}.pdf", f"Genberegnet kvote {n}") for n in (1, 2)]
        refs = [file_ref(pdf, f"Genberegnet kvote {n}") for n, pdf in enumerate(new_pdfs, 1)]
        for n, ref in enumerate(refs, 3):
            item.attachments.append(Attachment(f"3-1-b{n}", ref.name, ref))
        sources = {**files, **{ref.sha256: pdf for ref, pdf in zip(refs, new_pdfs, strict=True)}}
        folder = write_package(v2, sources, tmp_path / "bad")
        tampered = folder / "files" / refs[1].file_name  # the second new file is damaged
        data = bytearray(tampered.read_bytes())
        data[-20] ^= 0xFF
        tampered.write_bytes(bytes(data))

        with pytest.raises(PackageError), read_package(folder) as package:
            library.import_package(package)

        after = sorted(p.name for p in library.blobs_dir.rglob("*") if p.is_file())
        assert refs[0].sha256 not in after  # copied by the failed import: removed again
        assert after == before
        assert library.blob_path(shared) is not None  # still used by version 1


def test_version_beyond_sqlite_is_refused_with_a_sentence(tmp_path: Path) -> None:
    meeting, files = make_meeting(tmp_path / "src")
    package = package_for(meeting, files, tmp_path / "v1")
    package.meeting.version = MAX_VERSION + 1  # bypasses the schema, as a program could
    with Library(tmp_path / "data") as library:
        with pytest.raises(LibraryError) as raised:
            library.import_package(package)
        assert raised.value.cause is Cause.INVALID
        assert "9223372036854775807" in str(raised.value)
        assert library.is_empty()
        assert [p for p in library.blobs_dir.rglob("*") if p.is_file()] == []


def test_first_opens_from_several_threads_at_once_all_succeed(tmp_path: Path) -> None:
    """The window's first start opens a new library from two workers at the same moment."""
    import threading

    failures: list[str] = []
    for round_number in range(30):
        folder = tmp_path / f"library-{round_number}"
        start = threading.Barrier(3)

        def open_once(folder: Path = folder, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                Library(folder).close()
            except Exception as error:  # noqa: BLE001 - every failure is the finding
                failures.append(repr(error))

        threads = [threading.Thread(target=open_once) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
