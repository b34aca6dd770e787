"""sources.json loses no change when several processes write it at once (real processes)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.file_lock import FileLock, FileLockTimeout
from companion.core.sources import SourceError, SourceStore

WORKERS = 4
SOURCES_PER_WORKER = 10
UPDATES_PER_WORKER = 20

# Each worker adds its sources, then records a sync of them round after round; all start
# together (they wait for the "go" file) so their read-modify-writes overlap.
WORKER_SCRIPT = """
import sys, time
from pathlib import Path
from companion.core.sources import SourceStore

config_dir, worker, go = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
sources, updates = int(sys.argv[4]), int(sys.argv[5])
store = SourceStore(config_dir)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
ids = [
    store.add(f"https://w{worker}.example.dk/{n}/", name=f"worker {worker} source {n}").id
    for n in range(sources)
]
for round_ in range(updates):
    store.update_last_sync(ids[round_ % sources], f"worker {worker} round {round_}")
"""

# Holds the lock on argv[1] until a line arrives on stdin (or the process is killed).
HOLDER_SCRIPT = """
import sys
from pathlib import Path
from companion.core.file_lock import FileLock

with FileLock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def _start(script: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def lock_holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock on sources.json.lock until told to stop."""
    holder = _start(HOLDER_SCRIPT, SourceStore(tmp_path).lock_path)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield holder
    if holder.poll() is None:
        holder.kill()
    holder.communicate(timeout=5)


def _release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()


def _last_round_of(source_number: int) -> int:
    """The last round in which a worker updated its source ``source_number``."""
    return max(r for r in range(UPDATES_PER_WORKER) if r % SOURCES_PER_WORKER == source_number)


def test_concurrent_writers_lose_no_source_and_no_last_sync(tmp_path: Path) -> None:
    go = tmp_path / "go"
    config_dir = tmp_path / "config"
    workers = [
        _start(WORKER_SCRIPT, config_dir, n, go, SOURCES_PER_WORKER, UPDATES_PER_WORKER)
        for n in range(WORKERS)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    go.touch()
    for worker in workers:
        _, errors = worker.communicate(timeout=30)
        assert worker.returncode == 0, errors

    json.loads((config_dir / "sources.json").read_text(encoding="utf-8"))  # parses
    sources = {source.id: source for source in SourceStore(config_dir).list()}
    assert len(sources) == WORKERS * SOURCES_PER_WORKER
    for worker_number in range(WORKERS):
        for n in range(SOURCES_PER_WORKER):
            source = sources[f"worker-{worker_number}-source-{n}"]
            assert source.location == f"https://w{worker_number}.example.dk/{n}/"
            expected = f"worker {worker_number} round {_last_round_of(n)}"
            assert source.last_sync_result == expected
            assert source.last_sync is not None


def test_a_write_waits_for_the_lock_another_process_holds(
    tmp_path: Path, lock_holder: subprocess.Popen[str]
) -> None:
    store = SourceStore(tmp_path)
    released_at: list[float] = []

    def release() -> None:
        released_at.append(time.monotonic())
        _release(lock_holder)

    timer = threading.Timer(0.5, release)
    timer.start()
    try:
        added = store.add("https://feed.example.dk/")
    finally:
        timer.join()
    written_at = time.monotonic()
    assert released_at and written_at >= released_at[0]  # it waited for the release
    assert SourceStore(tmp_path).list() == [added]


def test_a_lock_held_too_long_gives_a_clear_error_and_changes_nothing(
    tmp_path: Path, lock_holder: subprocess.Popen[str]
) -> None:
    store = SourceStore(tmp_path, lock_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(SourceError, match="was not released within 0.3 s") as raised:
        store.add("https://feed.example.dk/")
    assert 0.3 <= time.monotonic() - started < 5
    assert str(store.path) in str(raised.value) and str(store.lock_path) in str(raised.value)
    assert not store.path.exists()
    assert isinstance(raised.value.__cause__, FileLockTimeout)


def test_a_killed_holder_leaves_no_stale_lock(
    tmp_path: Path, lock_holder: subprocess.Popen[str]
) -> None:
    lock_path = SourceStore(tmp_path).lock_path
    with pytest.raises(FileLockTimeout, match="sources.json.lock is locked by another process"):
        FileLock(lock_path, timeout=0.1).acquire()
    lock_holder.kill()
    lock_holder.wait(timeout=5)
    assert lock_path.exists()  # the file stays, but the lock died with its holder
    with FileLock(lock_path, timeout=1) as lock:
        assert lock.is_held
    assert not lock.is_held


def test_two_locks_in_one_process_exclude_each_other_too(tmp_path: Path) -> None:
    path = tmp_path / "thing.lock"
    with FileLock(path), pytest.raises(FileLockTimeout, match="thing.lock"):
        FileLock(path, timeout=0.05).acquire()
    with FileLock(path, timeout=0.05) as again:  # released on exit
        assert again.is_held
