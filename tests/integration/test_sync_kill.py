"""A sync process killed (SIGKILL) at many moments: the library stays whole, the next sync works.

Every other round publishes a new version of one sample meeting (its agenda
PDF saved again, so there are new bytes to fetch); the rounds between resume
what the previous kill left. Each round starts a child process that syncs from
the slowed-down loopback server and kills it after a random delay spread over
the download and the install. After every kill the library opens, passes
PRAGMA integrity_check, and each meeting is at its old or its newest version
with its files intact. Finally a normal sync completes.
"""

from __future__ import annotations

import hashlib
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import RetryPolicy, SyncSource, sync
from companion.core.sources.feed.publish import publish

from .conftest import FeedServer, load_meeting, re_exported_pdf, write_revision

ROUNDS = 15
#: Kill delays are spread over this many seconds after the child opened the library.
KILL_WINDOW = 0.6
STARTUP_TIMEOUT = 10.0
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


def start_child(data_dir: Path, url: str) -> subprocess.Popen[str]:
    """A syncing child process, returned once it has opened the library."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], STARTUP_TIMEOUT)
    assert ready and child.stdout.readline().strip() == "ready"
    return child


def kill(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=5)


def publish_version(feed_dir: Path, folder: Path, sample: Path, version: int) -> None:
    """Publish ``version`` of a sample meeting with its agenda PDF saved again (new bytes)."""
    meeting = load_meeting(sample)
    meeting.version = version
    pdf = re_exported_pdf(sample, version)
    publish([write_revision(meeting, folder / f"v{version}", pdf)], feed_dir)


def current_versions(data_dir: Path) -> dict[str, int]:
    """Check the library is whole; return each meeting's current version."""
    with Library(data_dir) as library:
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        versions = {}
        for summary in library.meetings():
            meeting = library.meeting(summary.id)
            for ref in meeting.files():
                blob = library.blob_path(ref.sha256)
                assert blob is not None, f"{summary.id} v{meeting.version} lacks {ref.file_name}"
                assert hashlib.sha256(blob.read_bytes()).hexdigest() == ref.sha256
            versions[summary.id] = meeting.version
        return versions


def test_killed_sync_leaves_a_readable_library_and_the_next_sync_completes(
    feed_server: FeedServer, feed_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    with Library(data_dir) as library:
        sync(SyncSource(feed_server.url), library)
    feed_server.drip = (4096, 0.01)
    before = current_versions(data_dir)
    published = dict(before)
    rng = random.Random(20151120)
    states: list[str] = []
    for round_number in range(ROUNDS):
        if round_number % 2 == 0:  # odd rounds resume what the previous kill left
            sample = sample_packages()[round_number // 2 % len(published)]
            published[sample.stem] += 1
            publish_version(feed_dir, tmp_path / "packages", sample, published[sample.stem])
        child = start_child(data_dir, feed_server.url)
        started = time.monotonic()
        time.sleep(rng.uniform(0.0, KILL_WINDOW))
        kill(child)

        after = current_versions(data_dir)
        assert after.keys() == before.keys()
        for meeting_id, old in before.items():
            assert after[meeting_id] in (old, published[meeting_id])
        parts = list((data_dir / "downloads").glob("*.part"))
        states.append(f"killed after {time.monotonic() - started:.2f}s: {len(parts)} parts")
        before = after

    feed_server.drip = (64 * 1024, 0.0)
    with Library(data_dir) as library:
        report = sync(SyncSource(feed_server.url), library, retry=RetryPolicy(base_delay=0.01))
    assert report.failed == []
    assert current_versions(data_dir) == published, states
    assert any(not state.endswith(" 0 parts") for state in states), states  # mid-download
    assert not (data_dir / "downloads").exists()
