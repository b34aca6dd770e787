"""Resident memory of a process, for budgeting the viewer's cache of rendered pages.

Read from ``/proc/PID/statm`` (Linux): two small reads, cheap enough to do at
each stored render. Elsewhere `resident_bytes` gives None and the viewer keeps
a fixed budget.
"""

from __future__ import annotations

import os

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None = None) -> int | None:
    """The resident set size of process ``pid`` (default: this one), None if unknown."""
    try:
        with open(f"/proc/{pid or os.getpid()}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None
