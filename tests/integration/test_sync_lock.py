"""One sync at a time per data folder: two real `companion sync` processes, one loopback feed.

The server holds every file request until the test lets it go, so the first
sync is surely in the middle of its downloads (holding the data folder's sync
lock) when the second starts. Before the lock, the second deleted the first's
``.part`` files and both failed falsely (issue 12: 12 of 15 rounds).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from companion.core.library import Library
from companion.core.sources.sync_lock import SYNC_LOCK_WAIT

from .conftest import FeedHandler, FeedServer

SAMPLE_COUNT = 4


def companion_process(home: Path, *args: str) -> subprocess.Popen[str]:
    """``python -m companion ARGS`` with its folders in ``home``, started, not waited for."""
    env = dict(os.environ, COMPANION_DATA_DIR=str(home / "data"))
    env["COMPANION_CONFIG_DIR"] = str(home / "config")
    return subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def test_a_second_sync_waits_then_says_another_is_running_and_the_first_completes(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    added = companion_process(tmp_path, "source", "add", feed_server.url, "--name", "KKR")
    assert finish(added)[0] == 0
    gate = threading.Event()

    def hold_files(handler: FeedHandler) -> bool:
        if handler.hit.path.startswith("files/"):
            gate.wait(60)
        return False  # then served as usual

    feed_server.fault = hold_files
    first = companion_process(tmp_path, "sync")
    try:
        deadline = time.monotonic() + 30
        while not feed_server.paths("files/"):  # the first sync is downloading
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        started = time.monotonic()
        code, stdout, stderr = finish(companion_process(tmp_path, "sync"), SYNC_LOCK_WAIT + 30)
        waited = time.monotonic() - started
    finally:
        gate.set()
    first_code, first_out, first_err = finish(first)

    assert code == 1, stdout + stderr
    assert "Another sync of this library" in stderr and "is running" in stderr
    assert str(tmp_path / "data") in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr  # one sentence, no traceback
    assert "added" not in stdout
    assert waited >= SYNC_LOCK_WAIT - 0.5  # it waited before giving up

    assert first_code == 0, first_err
    assert first_out.count("version 1: added") == SAMPLE_COUNT
    with Library(tmp_path / "data") as library:
        assert len(library.meetings()) == SAMPLE_COUNT
        for summary in library.meetings():
            meeting = library.meeting(summary.id)
            assert all(library.has_blob(ref.sha256) for ref in meeting.files())

    again_code, again_out, again_err = finish(companion_process(tmp_path, "sync"))
    assert again_code == 0, again_err  # the lock went with the first process
    assert "no changes" in again_out
