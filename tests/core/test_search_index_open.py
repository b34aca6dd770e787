"""Several threads opening a new search index at once (the window's first start does).

The window's search, the attachment indexer and the index's catch-up each open
``search.db`` on their own thread. Before one opener at a time held the lock
beside it, two openers of a new file both found it empty and rebuilt it under
each other ("table meta already exists", "no such table", "disk I/O error"), and
one of them truncated the ``-shm`` the other had mapped: the process ended with
SIGBUS. That can only be seen from outside, so the threads run in a child process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from companion.core.search.index import SearchIndex

#: New folders opened by three threads at once; the old code failed within ~40.
ROUNDS = 150

_RACE = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from companion.core.search.index import SearchIndex

    failures = []
    for round_number in range(int(sys.argv[2])):
        folder = Path(sys.argv[1]) / str(round_number)
        start = threading.Barrier(3)

        def open_and_read():
            start.wait()
            try:
                with SearchIndex(folder) as index:
                    index.item_rows()
            except Exception as error:
                failures.append(f"round {round_number}: {error!r}")

        threads = [threading.Thread(target=open_and_read) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print("\\n".join(failures))
    """
)


def test_three_threads_open_a_new_index_at_once(tmp_path: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", _RACE, str(tmp_path), str(ROUNDS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, f"the child died ({child.returncode}): {child.stderr[-2000:]}"
    assert child.stdout.strip() == "", child.stdout
    with SearchIndex(tmp_path / "0") as index:  # each opened index is a whole one
        assert index.item_rows() == []
    leftovers = sorted(path.name for path in (tmp_path / "0").iterdir())
    assert "search.db" in leftovers and "search.db.open-lock" in leftovers
