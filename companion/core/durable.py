"""Writing files so that a power cut leaves either the old file or the whole new one.

A laptop that loses power keeps only what was flushed to the disk. Renaming a
temporary file over the final name is atomic, but without an fsync the file's
bytes may not be on the disk when the rename is, and without an fsync of the
folder the rename itself may be lost. So every write here goes:

1. to a temporary name in the same folder (a rename never crosses file systems),
2. flush + ``os.fsync`` of the file,
3. ``os.replace`` onto the final name,
4. ``os.fsync`` of the folder (POSIX: the folder opened ``O_RDONLY``).

Only after that may a database row that names the file be committed.

Windows: ``os.fsync`` calls the C runtime's ``_commit`` (Python's documentation
of ``os.fsync``), which calls ``FlushFileBuffers`` on the file's handle
(Microsoft's documentation of ``_commit``); that needs write access, hence
`fsync_file` opens read-write there. ``os.replace`` is ``MoveFileExW`` with
``MOVEFILE_REPLACE_EXISTING``. A folder cannot be opened with
``os.open`` there and has no fsync; NTFS journals the rename's metadata itself,
so `fsync_dir` does nothing on Windows. That branch is only read, not run: the
tests here run on Linux.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

#: Temporary files of this module start with this, so leftovers can be recognised.
TEMP_PREFIX = ".durable-"
#: Mode of a new file before the umask, as ``open()`` would use.
DEFAULT_MODE = 0o666


def _fsync(descriptor: int, path: Path) -> None:
    """``os.fsync``, whose error names ``path`` (the member's sentence needs it)."""
    try:
        os.fsync(descriptor)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error


def fsync_file(path: Path) -> None:
    """Flush the bytes of the existing file ``path`` to the disk.

    Opened read-only on POSIX; read-write on Windows, where ``FlushFileBuffers``
    needs a handle with write access.
    """
    access = os.O_RDONLY if os.name == "posix" else os.O_RDWR
    descriptor = os.open(path, access | getattr(os, "O_BINARY", 0))
    try:
        _fsync(descriptor, path)
    finally:
        os.close(descriptor)


def fsync_dir(path: Path) -> None:
    """Make the entries of folder ``path`` (a rename, a new file) durable.

    POSIX only: on Windows a folder cannot be fsynced and this does nothing.
    """
    if os.name != "posix":
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        _fsync(descriptor, path)
    finally:
        os.close(descriptor)


def make_dirs(path: Path) -> None:
    """Create folder ``path`` and its missing parents, each one durably.

    A new folder is only there after a power cut once its parent is fsynced.
    """
    for parent in new_dirs(path):
        fsync_dir(parent)


def new_dirs(path: Path) -> list[Path]:
    """Create folder ``path`` and its missing parents, not yet durably.

    Returns the folders that gained an entry (the parent of each new folder, the
    outermost first); they must be fsynced (`fsync_dirs`) before anything that
    relies on the new folders, e.g. a database row naming a file in one.
    """
    path = Path(path)
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    changed: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            if not folder.is_dir():
                raise
        changed.append(folder.parent)
    return changed


def fsync_dirs(folders: Iterable[Path]) -> None:
    """fsync each folder of ``folders`` once (a folder named twice is fsynced once).

    Call it after all the changes (renames, new folders) are made: on a journaling
    file system (ext4) the first fsync commits the journal with all of them, and
    the others then find nothing left to write, so N folders cost about one.
    """
    for folder in dict.fromkeys(Path(each) for each in folders):
        fsync_dir(folder)


def _temp_name(final: Path) -> Path:
    # 128 random bits, as uuid4's hex (the uuid module costs the start 2 ms of imports).
    return final.with_name(f"{TEMP_PREFIX}{final.name}.{os.urandom(16).hex()}")


@contextmanager
def durable_writer(path: Path, *, mode: int = DEFAULT_MODE) -> Iterator[BinaryIO]:
    """Write ``path`` through the returned binary file; durable when the block ends.

    On an exception in the block (or while syncing) the temporary file is removed
    and whatever was at ``path`` before is left as it was.

    Args:
        path: the final file; its folder must exist.
        mode: permission bits of a new file (before the umask), e.g. 0o600.
    """
    path = Path(path)
    temp = _temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temp, flags, mode)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            _fsync(handle.fileno(), path)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def durable_write(path: Path, data: bytes, *, mode: int = DEFAULT_MODE) -> None:
    """Replace ``path`` with ``data``: the old content or the new one, never a mix.

    Args:
        path: the final file; its folder must exist.
        data: the whole new content.
        mode: permission bits of a new file (before the umask), e.g. 0o600.
    """
    with durable_writer(path, mode=mode) as handle:
        handle.write(data)


def durable_move(src: Path, dest: Path) -> None:
    """Move the written file ``src`` onto ``dest`` (same file system) durably.

    ``src`` is fsynced first, then renamed, then both folders are fsynced, so after
    a power cut ``dest`` is either what it was or all of ``src``.
    """
    src, dest = Path(src), Path(dest)
    fsync_file(src)
    os.replace(src, dest)
    fsync_dir(dest.parent)
    if src.parent.resolve() != dest.parent.resolve():
        fsync_dir(src.parent)
