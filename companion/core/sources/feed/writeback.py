"""Start writing a download to the disk while it still arrives (Linux), so that the
fsync which makes it durable later waits only for its last few megabytes.

Without it the kernel keeps a 200 MB download in memory, and the library's fsync
when it moves the file in waits for all of it to reach the disk, after the
network is done. ``sync_file_range(SYNC_FILE_RANGE_WRITE)`` queues the bytes
written so far for writing without waiting (it promises no durability: the
fsync still does that). Python has no binding for it, so it is called from the
C library; where it is missing (macOS, Windows) this does nothing and the fsync
simply takes longer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger(__name__)

#: Bytes written between two write-back requests.
WRITEBACK_STEP = 8 * 1024 * 1024
_SYNC_FILE_RANGE_WRITE = 2


def _load_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_sync_file_range = _load_sync_file_range()


class EarlyWriteback:
    """Asks the kernel to write ``out`` to the disk every `WRITEBACK_STEP` bytes.

    ``queued`` is how far the file has been handed to the kernel for writing.
    """

    def __init__(self, out: BinaryIO, start: int) -> None:
        self._out = out
        self.queued = start

    def written(self, size: int) -> None:
        """``size`` bytes of the file are written; queue what is new once a step is full."""
        if _sync_file_range is None or size - self.queued < WRITEBACK_STEP:
            return
        self._out.flush()
        if (
            _sync_file_range(
                self._out.fileno(), self.queued, size - self.queued, _SYNC_FILE_RANGE_WRITE
            )
            != 0
        ):
            log.debug("sync_file_range failed (errno %d); not asked again", ctypes.get_errno())
            self.queued = sys.maxsize
            return
        self.queued = size
