"""What a power cut leaves in downloads/ is checked, never trusted.

After a cut, a download renamed without an fsync can be there with the right
size and the wrong bytes (zeros), and a ``.part`` can hold zeros before its
end. The stand-in files here are made by the test to look like that.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import RetryPolicy, SyncSource, sync

from .conftest import FeedServer, load_meeting

FAST = RetryPolicy(attempts=3, base_delay=0.01, timeout=5)


def agenda_refs():  # type: ignore[no-untyped-def]
    return [ref for package in sample_packages() for ref in load_meeting(package).files()]


def assert_every_blob_matches(data_dir: Path) -> None:
    with Library(data_dir) as library:
        for ref in agenda_refs():
            path = library.blob_path(ref.sha256)
            assert path is not None, ref.file_name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == ref.sha256, ref.file_name


def test_a_zero_filled_download_of_the_right_size_is_fetched_again(
    feed_server: FeedServer, data_dir: Path
) -> None:
    downloads = data_dir / "downloads"
    downloads.mkdir(parents=True)
    for ref in agenda_refs():
        (downloads / ref.sha256).write_bytes(bytes(ref.size))  # stand-in: zeros, right size

    with Library(data_dir) as library:
        report = sync(SyncSource(feed_server.url), library, retry=FAST)

    assert report.failed == []
    assert len(report.meetings) == 4
    assert_every_blob_matches(data_dir)
    fetched = {hit.path for hit in feed_server.hits if hit.path.startswith("files/")}
    assert len(fetched) == len(agenda_refs())


def test_a_part_with_zeros_before_its_end_is_downloaded_again_in_the_same_sync(
    feed_server: FeedServer, data_dir: Path
) -> None:
    downloads = data_dir / "downloads"
    downloads.mkdir(parents=True)
    for ref in agenda_refs():
        (downloads / f"{ref.sha256}.part").write_bytes(bytes(ref.size // 2))  # stand-in

    with Library(data_dir) as library:
        report = sync(SyncSource(feed_server.url), library, retry=FAST)

    assert report.failed == []
    assert len(report.meetings) == 4
    assert_every_blob_matches(data_dir)
