"""The cache of verified blobs: a file noted as verified is trusted by its size, mtime, inode."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from companion.core.blob_check import BlobChecks
from tests.core.test_library_robustness import read_only_disk


def _blob(folder: Path, content: bytes) -> tuple[Path, str]:
    sha256 = hashlib.sha256(content).hexdigest()
    path = folder / sha256
    path.write_bytes(content)
    return path, sha256


def _damage_keeping_the_key(path: Path) -> None:
    """Other bytes of the same length, the mtime put back: the cache cannot tell."""
    status = path.stat()
    with path.open("r+b") as out:
        out.write(b"X" * status.st_size)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_files_noted_together_are_all_remembered(tmp_path: Path) -> None:
    first = _blob(tmp_path, b"Referat af KKR-moedet")
    second = _blob(tmp_path, b"Bilag 1: Budget")
    checks = BlobChecks(tmp_path)
    checks.note_verified_all([first, second, (tmp_path / "absent", "0" * 64)])
    checks.close()
    for path, _sha256 in (first, second):
        _damage_keeping_the_key(path)
    reopened = BlobChecks(tmp_path)
    for path, sha256 in (first, second):
        assert reopened.matches(path, sha256)  # remembered: not hashed again
        assert not reopened.matches(path, sha256, trust_cache=False)
    reopened.close()


def test_a_file_not_noted_is_hashed(tmp_path: Path) -> None:
    path, sha256 = _blob(tmp_path, b"Dagsorden")
    checks = BlobChecks(tmp_path)
    checks.note_verified_all([])
    _damage_keeping_the_key(path)
    assert not checks.matches(path, sha256)
    checks.close()


def test_a_commit_waits_for_no_fsync(tmp_path: Path) -> None:
    """WAL with synchronous=NORMAL: a power cut may lose the last rows, never corrupt
    the cache (a lost row costs a hash); the rows name fsynced blobs only."""
    checks = BlobChecks(tmp_path)
    checks.note_verified_all([_blob(tmp_path, b"Bilag 2")])
    db = checks._connection()
    assert db is not None
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    checks.close()


def test_a_read_only_library_reads_what_was_remembered(tmp_path: Path) -> None:
    path, sha256 = _blob(tmp_path, b"Bilag 3")
    writer = BlobChecks(tmp_path)
    writer.note_verified(path, sha256)
    writer.close()
    _damage_keeping_the_key(path)
    reader = BlobChecks(tmp_path, writable=False)
    assert reader.matches(path, sha256)  # remembered: not hashed
    reader.close()


def test_on_a_read_only_disk_the_remembered_checks_are_read(tmp_path: Path) -> None:
    """Where SQLite cannot create the WAL's -shm file it reads the cache as immutable."""
    data = tmp_path / "data"
    data.mkdir()
    path, sha256 = _blob(data, b"Bilag 4")
    writer = BlobChecks(data)
    writer.note_verified(path, sha256)
    writer.close()
    assert not (data / "blob-checks.db-shm").exists()
    with read_only_disk(data, tmp_path / "stick") as stick:
        reader = BlobChecks(stick, writable=False)
        copy = stick / sha256
        # The copy has another inode, so the cache does not match it; its own row is read:
        db = reader._connection()
        assert db is not None
        assert db.execute("SELECT sha256 FROM verified").fetchall() == [(sha256,)]
        assert reader.matches(copy, sha256)  # hashed, the cache not written
        reader.close()
