"""Resident memory of a process, for budgeting the viewer's cache of rendered pages.

Read from ``/proc/PID/statm`` (Linux): two small reads, cheap enough to do at
each stored render. Elsewhere `resident_bytes` gives None and the viewer keeps
a fixed budget. `give_back` returns a worker's freed heap to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None = None) -> int | None:
    """The resident set size of process ``pid`` (default: this one), None if unknown."""
    try:
        with open(f"/proc/{pid or os.getpid()}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


def _malloc_trim() -> ctypes._NamedFuncPointer | None:
    """glibc's ``malloc_trim``, or None (another C library, or not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def give_back() -> None:
    """Return the free memory at the top and inside the C heap to the system (glibc).

    MuPDF frees a render's buffers and a page's objects with ``free``; glibc
    keeps most of that memory mapped for later (about 7 MB in the render
    process after 100 pages). About a millisecond: worker processes call it
    when they have nothing waiting.
    """
    if _TRIM is not None:
        _TRIM(0)
