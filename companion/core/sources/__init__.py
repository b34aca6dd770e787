"""Every way a meeting arrives: one interface, "the meetings you have, as packages".

A `MeetingSource` (FirstAgenda Publication, later our own feed, OParl, ...) is
asked for what it has with `MeetingSource.fetch`. It yields, one at a time:

- `FetchedMeeting`: a new or changed meeting, as the library imports it (a
  `companion.core.library.PackageSource`: the meeting, with its version already
  set, and its files verified on disk);
- `FetchFailure`: a meeting that could not be fetched (one sentence why); the
  others go on, and the library keeps that meeting's last good version;
- `Checkpoint`: state to remember once everything yielded before it is
  installed (validators of a response, what a list entry looked like), so the
  next sync can skip what has not changed.

`sync_meetings` drives one source into one library: it holds the data folder's
sync lock (one sync at a time per data folder, across processes), imports each
meeting (files first, then one transaction: a kill leaves the last good
version) and stores the checkpoints of what got in. Our own feed
(`companion.core.sources.feed`) and FirstAgenda (`...sources.firstagenda`) both
run through it; `Progress` is what a source reports while it works.
Re-anchoring the member's annotations after an "updated" outcome is the
caller's (`companion.core.reanchor_store.reanchor_imported`).

`registry` keeps the member's list of sources (``sources.json``); its names are
re-exported here for the code that imports them from ``companion.core.sources``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from companion.core.sources.registry import (
    AUTH_KINDS,
    DEFAULT_MONTHS,
    PUBLIC_KEY_BYTES,
    SOURCE_KINDS,
    SOURCES_FILE_NAME,
    SOURCES_FORMAT_VERSION,
    SOURCES_LOCK_FILE_NAME,
    AuthKind,
    InsecureHttpSource,
    InvalidSiteSource,
    Source,
    SourceError,
    SourceKind,
    SourceStore,
    check_public_key,
    check_secret_transport,
    check_source,
    default_name,
    firstagenda_source_for,
    normalize_location,
    normalize_site_url,
    reach_start,
    sync_source_for,
)

if TYPE_CHECKING:  # the command line's source commands load no network code (nor the library)
    from companion.core.library import ImportOutcome, Library, MeetingSummary
    from companion.core.model import FileRef, Meeting

__all__ = [
    "Checkpoint",
    "FetchFailure",
    "FetchedMeeting",
    "KnownMeetings",
    "MeetingSource",
    "Progress",
    "SourceReport",
    "sync_meetings",
    "AUTH_KINDS",
    "PUBLIC_KEY_BYTES",
    "SOURCES_FILE_NAME",
    "SOURCES_FORMAT_VERSION",
    "SOURCES_LOCK_FILE_NAME",
    "AuthKind",
    "DEFAULT_MONTHS",
    "InsecureHttpSource",
    "InvalidSiteSource",
    "SOURCE_KINDS",
    "SourceKind",
    "firstagenda_source_for",
    "normalize_site_url",
    "reach_start",
    "check_secret_transport",
    "Source",
    "SourceError",
    "SourceStore",
    "check_public_key",
    "check_source",
    "default_name",
    "normalize_location",
    "sync_source_for",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """How far a sync is; ``phase`` is index, manifests, files, installing or done."""

    phase: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    meeting_id: str | None = None


ProgressCallback = Callable[[Progress], None]


class KnownMeetings(Protocol):
    """What a source may read of the library to skip what it already has (`Library` is one)."""

    def meetings(self) -> list[MeetingSummary]: ...

    def versions(self, meeting_id: str) -> list[int]: ...

    def meeting(self, meeting_id: str, version: int | None = None) -> Meeting: ...

    def blob_path(self, sha256: str) -> Path | None: ...

    def feed_validators(self, source_url: str) -> tuple[str | None, str | None]: ...


@dataclass
class FetchedMeeting:
    """A new or changed meeting: ``files`` maps the sha256 of each file the library may
    lack to a verified local file in the source's work folder (moved into the library
    on import, never copied: a 200 MB meeting is not written twice).

    ``files_durable``: the source fsynced each file (as its download completed), so
    the library renames it in without an fsync of its own (it still fsyncs the folders).
    """

    meeting: Meeting
    files: dict[str, Path] = field(default_factory=dict)
    files_durable: bool = False

    def copy_file(self, ref: FileRef, dest: Path) -> None:
        """Move the file of ``ref`` to ``dest`` (what `Library.import_package` asks)."""
        from companion.core.sources.http import SyncError

        source = self.files.get(ref.sha256)
        if source is None or not source.is_file():
            raise SyncError(f"The downloaded file for {ref.name} ({ref.file_name}) is missing.")
        os.replace(source, dest)


@dataclass(frozen=True)
class FetchFailure:
    """A meeting that could not be fetched; ``reason`` is one sentence for the member.

    ``label`` names the meeting and ``error`` is the cause, so a window can say
    ``label: error`` in its own language (``reason`` is that sentence in English).
    """

    meeting_id: str
    reason: str
    label: str = ""
    error: BaseException | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Checkpoint:
    """Validators to store under ``key`` once what came before is installed.

    ``meeting_id`` None: the whole fetch's (stored only when nothing failed).
    """

    key: str
    etag: str | None
    last_modified: str | None = None
    meeting_id: str | None = None


FetchResult = FetchedMeeting | FetchFailure | Checkpoint


class MeetingSource(Protocol):
    """A place meetings come from."""

    #: What the member calls it, for messages.
    name: str

    def fetch(
        self,
        known: KnownMeetings,
        workdir: Path,
        *,
        since: datetime | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[FetchResult]:
        """Yield the meetings from ``since`` on that are new or changed since ``known``.

        ``workdir`` is a folder of the source's own for downloads. Raises `SyncError`
        when the source cannot be read at all (`SyncCancelled` when ``cancel`` is set);
        a single meeting's problem is a `FetchFailure`.
        """
        ...


@dataclass
class SourceReport:
    """What a sync of one source did."""

    meetings: list[ImportOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: The failures that carry their cause (meeting id -> the failure), for translation.
    failures: dict[str, FetchFailure] = field(default_factory=dict)


def sync_meetings(
    source: MeetingSource,
    library: Library,
    *,
    since: datetime | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    workdir: Path | None = None,
    lock_wait: float | None = None,
) -> SourceReport:
    """Bring ``library`` up to date with ``source``; run it off the GUI thread.

    Each fetched meeting is imported as it arrives; a failure of one is reported
    in `SourceReport.failed` and leaves its last good version. Raises what
    `MeetingSource.fetch` raises when the source cannot be read at all, and
    `AnotherSyncRunning` when another sync of the same data folder (in this or
    another process) keeps it busy for ``lock_wait`` seconds (default
    `SYNC_LOCK_WAIT`).
    """
    from companion.core.sources.sync_lock import SYNC_LOCK_WAIT, sync_lock

    wait = SYNC_LOCK_WAIT if lock_wait is None else lock_wait
    with sync_lock(library.data_dir, wait):
        return _sync_meetings(source, library, since, progress, cancel, workdir)


def _sync_meetings(
    source: MeetingSource,
    library: Library,
    since: datetime | None,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
    workdir: Path | None,
) -> SourceReport:
    """`sync_meetings` under the data folder's sync lock."""
    from companion.core.library import LibraryError
    from companion.core.package import PackageError
    from companion.core.sources.http import SyncError

    report = SourceReport()
    failed_ids: set[str] = set()
    workdir = workdir or library.data_dir / "downloads" / "sources"
    last = Progress("index", 0, 0, 0, 0)

    def report_progress(phase: str, meeting_id: str | None = None, seen: bool = False) -> None:
        """Pass on a source's report (``seen``) or a phase of ours, with the last counts."""
        nonlocal last
        if progress is not None:
            progress(
                last if seen else dataclasses.replace(last, phase=phase, meeting_id=meeting_id)
            )

    def remember(report: Progress) -> None:
        nonlocal last
        last = report
        report_progress(report.phase, seen=True)

    results = source.fetch(library, workdir, since=since, progress=remember, cancel=cancel)
    for result in results:
        if isinstance(result, FetchFailure):
            log.warning("Sync of %s failed: %s", result.meeting_id, result.reason)
            report.failed.append((result.meeting_id, result.reason))
            report.failures[result.meeting_id] = result
            failed_ids.add(result.meeting_id)
        elif isinstance(result, Checkpoint):
            if result.meeting_id is None and report.failed:
                continue
            if result.meeting_id is not None and result.meeting_id in failed_ids:
                continue
            library.set_feed_validators(result.key, result.etag, result.last_modified)
        else:
            meeting = result.meeting
            report_progress("installing", meeting.id)
            try:
                report.meetings.append(library.import_package(result))
            except Exception as error:  # one bad meeting must not stop the others
                if not isinstance(error, (SyncError, PackageError, LibraryError, OSError)):
                    log.exception("Installing %s version %s failed", meeting.id, meeting.version)
                sentence = f"{meeting.name} (version {meeting.version}): {error}"
                log.warning("Sync of %s failed: %s", meeting.id, sentence)
                report.failed.append((meeting.id, sentence))
                failed_ids.add(meeting.id)
            finally:
                for path in result.files.values():
                    path.unlink(missing_ok=True)
    report_progress("done")
    return report
