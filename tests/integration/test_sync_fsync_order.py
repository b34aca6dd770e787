"""The order of a sync's fsyncs and renames (issue 12, issue 14).

A real sync of the four sample meetings from the loopback feed server into an
empty library, with ``os.fsync`` and ``os.replace`` wrapped to record each call
before calling through to the real ones (a normal file system cannot show a
missing fsync; LazyFS in tests/power/ shows what a power cut keeps). Recorded:
every file is fsynced before the rename that puts it into the library; every
folder that gains an entry is fsynced after the last rename into it and before
the meeting's row is committed; and the files are fsynced as their downloads
complete, so that the install after the downloads only renames and fsyncs
folders, each one once.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.model import Meeting
from companion.core.sources.feed.client import SyncSource, sync

from .conftest import FeedServer


@dataclass(frozen=True)
class Event:
    """An fsync of the file or folder ``inode``, a rename of ``inode`` to ``dest``, or the
    rows of a meeting written (``switch in``, committed right after)."""

    kind: str  # "fsync file", "fsync dir", "replace", "switch in"
    inode: int = 0
    dest: Path | None = None


def test_each_file_is_synced_before_its_rename_and_each_folder_once_after_them(
    feed_server: FeedServer, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[Event] = []
    real_fsync, real_replace = os.fsync, os.replace

    def recording_fsync(descriptor: int) -> None:
        status = os.fstat(descriptor)
        kind = "fsync dir" if stat.S_ISDIR(status.st_mode) else "fsync file"
        events.append(Event(kind, status.st_ino))
        real_fsync(descriptor)

    def recording_replace(src: str | Path, dest: str | Path) -> None:
        events.append(Event("replace", os.stat(src).st_ino, Path(dest)))
        real_replace(src, dest)

    with Library(data_dir) as library:
        real_switch_in = library._switch_in

        def recording_switch_in(meeting: Meeting, meeting_json: str) -> None:
            events.append(Event("switch in"))
            real_switch_in(meeting, meeting_json)

        monkeypatch.setattr(library, "_switch_in", recording_switch_in)
        monkeypatch.setattr(os, "fsync", recording_fsync)
        monkeypatch.setattr(os, "replace", recording_replace)
        report = sync(SyncSource(feed_server.url), library)
        monkeypatch.undo()
        assert report.failed == [] and len(report.meetings) == 4
        blob_paths = [
            library.blob_path(ref.sha256)
            for summary in library.meetings()
            for ref in library.meeting(summary.id).files()
        ]
    blobs = {path for path in blob_paths if path is not None}
    assert len(blobs) == len(set(blob_paths))  # every file is in the library

    into_blobs = [
        index
        for index, event in enumerate(events)
        if event.kind == "replace" and event.dest in blobs
    ]
    assert len(into_blobs) == len(blobs)
    for index in into_blobs:
        renamed = events[index]
        synced = [i for i, e in enumerate(events) if e == Event("fsync file", renamed.inode)]
        assert synced and synced[0] < index, f"{renamed.dest} renamed in before its fsync"
    # Fsynced as they arrived: no file fsync while the library installs the files.
    assert not any(e.kind == "fsync file" for e in events[into_blobs[0] : into_blobs[-1]])

    switches = [i for i, e in enumerate(events) if e.kind == "switch in"]
    assert len(switches) == 4
    # The install of each meeting (from the previous one's rows to its own) fsyncs each
    # folder once, after the last rename into it and before the rows that name its files.
    folders = {path.parent for path in blobs} | {data_dir / "blobs"}  # it got new folders
    inodes = {folder.stat().st_ino: folder for folder in folders}
    for start, end in zip([0, *switches], switches, strict=False):
        synced = [i for i in range(start, end) if events[i].kind == "fsync dir"]
        synced = [i for i in synced if events[i].inode in inodes]
        names = [inodes[events[i].inode] for i in synced]
        assert len(names) == len(set(names)), f"a folder fsynced twice: {names}"
        for index in into_blobs:
            if start < index < end:
                folder = events[index].dest.parent  # type: ignore[union-attr]
                assert any(i > index and inodes[events[i].inode] == folder for i in synced), (
                    f"{events[index].dest} renamed in, its folder not fsynced before the rows"
                )
