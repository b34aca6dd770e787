"""Early write-back of a download (companion.core.sources.feed.writeback), on a real file."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from companion.core.sources.feed import writeback
from companion.core.sources.feed.writeback import WRITEBACK_STEP, EarlyWriteback

MB = 1024 * 1024


def write_through(path: Path, chunks: list[bytes], start: int = 0) -> EarlyWriteback:
    with path.open("r+b" if start else "wb") as out:
        out.seek(start)
        early = EarlyWriteback(out, start)
        size = start
        for chunk in chunks:
            out.write(chunk)
            size += len(chunk)
            early.written(size)
    return early


# Elsewhere the write-back does nothing (tested below); CI runs on Linux, where this runs.
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sync_file_range is Linux's")
def test_every_full_step_is_handed_to_the_kernel_and_the_bytes_stay_as_written(
    tmp_path: Path,
) -> None:
    chunks = [os.urandom(MB) for _ in range(2 * WRITEBACK_STEP // MB + 3)]
    path = tmp_path / "download.part"
    early = write_through(path, chunks)
    assert early.queued == 2 * WRITEBACK_STEP  # the last, partial step is left to the fsync
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(b"".join(chunks)).digest()


def test_a_resumed_download_counts_from_where_it_resumed(tmp_path: Path) -> None:
    path = tmp_path / "download.part"
    path.write_bytes(b"\0" * (3 * MB))
    early = write_through(path, [os.urandom(MB) for _ in range(WRITEBACK_STEP // MB - 1)], 3 * MB)
    assert early.queued == 3 * MB  # fewer than a step's bytes since the resume: nothing asked


def test_without_sync_file_range_it_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS and Windows have no sync_file_range; stood in for by its absence here."""
    monkeypatch.setattr(writeback, "_sync_file_range", None)
    early = write_through(
        tmp_path / "d.part", [os.urandom(MB) for _ in range(WRITEBACK_STEP // MB + 1)]
    )
    assert early.queued == 0
