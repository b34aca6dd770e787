"""The cache of verified blobs: a file noted as verified is trusted by its size, mtime, inode."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from companion.core.blob_check import BlobChecks


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
