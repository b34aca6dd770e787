"""One bad meeting in a feed fails alone; a read-only library refuses the sync up front."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from companion.core.errors import Cause
from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import ReadOnlyLibrary, SyncError, SyncSource, sync
from companion.core.sources.feed.feed import manifest_path

from .conftest import REVISED_ID

HUGE_VERSION = 2**63  # one more than SQLite's largest integer


def _give_huge_version(feed: Path, meeting_id: str) -> None:
    """Republish ``meeting_id`` in the feed folder as version 2^63 (index and manifest)."""
    index_path = feed / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    entry = next(e for e in index["meetings"] if e["id"] == meeting_id)
    manifest = json.loads((feed / entry["manifest"]).read_text(encoding="utf-8"))
    manifest["meeting"]["version"] = HUGE_VERSION
    data = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    new_path = manifest_path(meeting_id, HUGE_VERSION)
    (feed / new_path).parent.mkdir(parents=True, exist_ok=True)
    (feed / new_path).write_bytes(data)
    entry.update(
        version=HUGE_VERSION,
        manifest=new_path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    index_path.write_text(json.dumps(index), encoding="utf-8")


def test_a_version_beyond_sqlite_fails_alone_and_the_other_meetings_sync(
    feed_dir: Path, data_dir: Path
) -> None:
    _give_huge_version(feed_dir, REVISED_ID)
    with Library(data_dir) as library:
        report = sync(SyncSource(str(feed_dir)), library)
        installed = sorted(outcome.meeting_id for outcome in report.meetings)
        assert installed == sorted(p.stem for p in sample_packages() if p.stem != REVISED_ID)
        assert [meeting_id for meeting_id, _ in report.failed] == [REVISED_ID]
        sentence = report.failed[0][1]
        assert "version must be at most 9223372036854775807" in sentence
        assert REVISED_ID not in {summary.id for summary in library.meetings()}


def test_sync_into_a_read_only_library_says_changes_are_off(feed_dir: Path, data_dir: Path) -> None:
    from tests.core.test_library_robustness import read_only_disk

    Library(data_dir).close()
    with read_only_disk(data_dir, data_dir.parent / "stick") as stick, Library(stick) as library:
        with pytest.raises(SyncError) as raised:
            sync(SyncSource(str(feed_dir)), library)
        assert isinstance(raised.value, ReadOnlyLibrary)
        assert raised.value.cause is Cause.READ_ONLY
        assert str(raised.value).startswith("Changes are off")
