"""Opening the library waits for another opener longer than SQLite's busy timeout.

A real SQLite file and the real open lock: the test holds the lock as a slow first
opener would (creating the schema on a busy disk) for longer than the busy timeout;
the second opener must wait for it and open, not report another program.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from companion.core import library_open
from companion.core.file_lock import FileLock
from companion.core.library import Library
from companion.core.library_schema import OPEN_LOCK_NAME


def test_an_opener_waits_out_a_slow_first_opener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_open, "BUSY_TIMEOUT_SECONDS", 0.3)
    data = tmp_path / "data"
    data.mkdir()
    opened: list[object] = []

    def open_library() -> None:
        try:
            with Library(data) as library:
                opened.append(library.meetings())
        except Exception as error:  # the failure is what the test looks at
            opened.append(error)

    with FileLock(data / OPEN_LOCK_NAME):  # a first opener, slow on a busy disk
        second = threading.Thread(target=open_library)
        second.start()
        time.sleep(1.0)  # over three busy timeouts
        assert second.is_alive()  # still waiting, not failed
    second.join(timeout=30)
    assert opened == [[]]  # opened the new, empty library
