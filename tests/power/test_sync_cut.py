"""(b) A sync from a slowed loopback server, power cut at random moments.

As tests/integration/test_sync_kill.py, with a power cut after each kill: every
other round publishes a new version of one sample meeting (its agenda PDF saved
again: new bytes to fetch and a new version to switch in), the rounds between
resume what the cut left. The sync runs in a child process on the LazyFS mount
(the core `sync` the CLI and the window use; the server and the feed are real).
After each cut every file the library lists matches its sha256; finally a
normal sync completes and brings every meeting to its newest version.
"""

from __future__ import annotations

import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import RetryPolicy, SyncSource, sync
from companion.core.sources.feed.publish import publish
from tests.integration.conftest import FeedServer, load_meeting, re_exported_pdf, write_revision
from tests.power.checks import library_problems
from tests.power.conftest import child_env
from tests.power.lazyfs import LazyFS

CUTS = 32
#: Kills are spread over this many times the time an uncut sync of the version would take.
KILL_WINDOW = 1.5
STARTUP_TIMEOUT = 30.0
CHILD = """
import sys
from pathlib import Path
from companion.core.library import Library
from companion.core.sources.feed.client import RetryPolicy, SyncSource, sync

library = Library(Path(sys.argv[1]))
print("ready", flush=True)
sync(SyncSource(sys.argv[2]), library, retry=RetryPolicy(attempts=2, base_delay=0.01, timeout=5))
print("done", flush=True)
"""


@pytest.fixture
def feed_server(tmp_path: Path) -> Iterator[FeedServer]:
    """The four samples published as a feed (version 1), served on loopback."""
    feed = tmp_path / "feed"
    publish(sample_packages(), feed)
    server = FeedServer(feed)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def publish_version(feed_dir: Path, folder: Path, sample: Path, version: int) -> None:
    """Publish ``version`` of a sample meeting with its agenda PDF saved again (new bytes)."""
    meeting = load_meeting(sample)
    meeting.version = version
    pdf = re_exported_pdf(sample, version)
    publish([write_revision(meeting, folder / f"v{version}", pdf)], feed_dir)


def agenda_size(sample: Path) -> int:
    agenda = load_meeting(sample).agenda_pdf
    assert agenda is not None
    return agenda.size


def versions(data_dir: Path) -> dict[str, int]:
    with Library(data_dir) as library:
        return {summary.id: summary.version for summary in library.meetings()}


def sync_in_child(data_dir: Path, url: str, kill_after: float | None) -> tuple[str, float]:
    """Sync in a child; SIGKILL it ``kill_after`` seconds after it opened the library
    (None: let it finish). Returns ("killed" or "finished", seconds it ran after that).
    """
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), url],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], STARTUP_TIMEOUT)
    assert ready and child.stdout.readline().strip() == "ready"
    started = time.monotonic()
    if kill_after is None:
        assert child.stdout.readline().strip() == "done"
        child.wait(timeout=10)
        return "finished", time.monotonic() - started
    time.sleep(kill_after)
    finished = child.poll() is not None
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    return ("finished" if finished else "killed"), time.monotonic() - started


def test_power_cuts_at_random_moments_of_a_sync_leave_no_broken_file(
    lazyfs: LazyFS, feed_server: FeedServer, tmp_path: Path
) -> None:
    data = lazyfs.fresh_folder("sync")
    with Library(data) as library:
        assert sync(SyncSource(feed_server.url), library).failed == []
    lazyfs.power_cut()
    published = versions(data)
    assert library_problems(data)[2] == []
    feed_server.drip = (2048, 0.01)  # ~0.35 s a file
    rng = random.Random(20161122)
    sample = sample_packages()[0]
    published[sample.stem] += 1
    publish_version(feed_server.root, tmp_path / "packages", sample, published[sample.stem])
    _, duration = sync_in_child(data, feed_server.url, kill_after=None)
    seconds_a_byte = duration / agenda_size(sample)
    broken: dict[int, list[str]] = {}
    outcomes: list[str] = []
    switched_in = 0
    for cut in range(CUTS):
        if cut % 2 == 0:  # odd rounds resume what the previous cut left
            sample = sample_packages()[(cut // 2 + 1) % len(published)]
            published[sample.stem] += 1
            publish_version(feed_server.root, tmp_path / "packages", sample, published[sample.stem])
        delay = rng.uniform(0.0, KILL_WINDOW * seconds_a_byte * agenda_size(sample))
        outcomes.append(sync_in_child(data, feed_server.url, delay)[0])
        lazyfs.power_cut()
        meetings, _files, problems = library_problems(data)
        assert meetings == len(published)
        switched_in += versions(data) == published
        if problems:
            broken[cut] = problems
    feed_server.drip = (64 * 1024, 0.0)
    with Library(data) as library:
        report = sync(SyncSource(feed_server.url), library, retry=RetryPolicy(base_delay=0.01))
    _meetings, _files, problems_after = library_problems(data)
    print(
        f"\nsync: {CUTS} cuts ({outcomes.count('killed')} mid-sync, {switched_in} after the "
        f"new version was switched in), files broken after a "
        f"cut: {sum(map(len, broken.values()))} in {len(broken)} cuts; after the next "
        f"sync: {len(problems_after)} broken, {len(report.failed)} meetings failed"
    )
    assert broken == {}
    assert outcomes.count("killed") >= 3 and switched_in >= 3  # cut in and after syncs
    assert report.failed == []
    assert versions(data) == published
    assert problems_after == []
