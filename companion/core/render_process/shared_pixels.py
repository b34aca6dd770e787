"""Pixels handed from the render process to the window through POSIX shared memory.

A 6x render of an A4 page is up to 64 MB. Through a pipe the window's process
would read it in 64 KB chunks and copy it together while holding the
interpreter lock; through shared memory MuPDF draws the page straight into the
segment (`created`) and the window maps it: no copy at all, the `QImage` is
made over the mapping and keeps it alive (`benchmarks/README.md`, "Rendering",
has the figures).

The client names each segment (``new_name``), so it can always remove it:
after mapping it, after a cancel, or when the server died mid-render. The
server creates, fills and unmaps it; the name is unlinked as soon as the client
has mapped it, so the memory goes when the last image over it goes.

Where POSIX shared memory is missing (Windows), `AVAILABLE` is False and the
pixels travel through the pipe instead.
"""

from __future__ import annotations

import contextlib
import itertools
import mmap
import os
from collections.abc import Iterator

try:
    import _posixshmem  # type: ignore[import-not-found,unused-ignore]  # CPython's, no stubs
except ImportError:  # Windows
    _posixshmem = None

#: Whether pixels can be shared (else they are sent through the pipe).
AVAILABLE = _posixshmem is not None

_counter = itertools.count()
_prefix = f"/kkr-{os.getpid()}-{os.urandom(3).hex()}-"


def new_name() -> str:
    """A fresh segment name (short: macOS allows 31 characters)."""
    return f"{_prefix}{next(_counter)}"[:31]


def write(name: str, data: memoryview | bytes) -> None:
    """Create segment ``name`` holding ``data`` (server side)."""
    size = max(1, len(data))
    fd = _posixshmem.shm_open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600)
    try:
        os.ftruncate(fd, size)
        with mmap.mmap(fd, size) as mapping:
            mapping[: len(data)] = data
    finally:
        os.close(fd)


@contextlib.contextmanager
def created(name: str, size: int) -> Iterator[mmap.mmap]:
    """Create segment ``name`` of ``size`` bytes and lend it writable, mapped (server side).

    The renderer draws into it directly: no copy of the pixels after the render.
    """
    fd = _posixshmem.shm_open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600)
    try:
        os.ftruncate(fd, max(1, size))
        # Linux: the pages allocated at once, not faulted in one by one while drawn.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        mapping = mmap.mmap(fd, max(1, size), flags=flags)
    finally:
        os.close(fd)
    with mapping:
        yield mapping


def take(name: str, size: int) -> mmap.mmap:
    """Map segment ``name`` read-only and remove its name (client side).

    Raises:
        FileNotFoundError: there is no such segment.
    """
    fd = _posixshmem.shm_open(name, os.O_RDONLY, mode=0o600)
    try:
        # Linux: map the pages now (on the caller's thread), so that the first
        # paint of the image on the GUI thread does not fault them in one by one.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        return mmap.mmap(fd, max(1, size), flags=flags, prot=mmap.PROT_READ)
    finally:
        os.close(fd)
        discard(name)


def discard(name: str) -> None:
    """Remove segment ``name`` if it exists (its memory goes once nothing maps it)."""
    with contextlib.suppress(FileNotFoundError):
        _posixshmem.shm_unlink(name)
