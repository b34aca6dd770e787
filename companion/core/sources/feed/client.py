"""Syncing our own feed (HTTP or a local folder), or a package file, into the library.

`sync` is what the window and `companion sync` call for a feed source: it reads
the feed through `companion.core.sources.feed.source.FeedSource`, a
`MeetingSource` like every other, driven by `companion.core.sources.sync_meetings`
(one sync at a time per data folder; files first, then one transaction per
meeting, so a failure or a kill at any moment leaves the previous version
readable, and the next sync picks up where this one stopped). A meeting that
fails is reported in `SyncReport.failed`; the others still sync.
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.library import ImportOutcome, Library, LibraryError
from companion.core.package import MEETING_FILE, PackageError
from companion.core.sources import Progress, ProgressCallback, sync_meetings
from companion.core.sources.feed.feed import INDEX_PATH
from companion.core.sources.feed.source import PART_SUFFIX, FeedSource
from companion.core.sources.http import (
    AuthenticationRequired,
    Credentials,
    FolderTransport,
    HttpTransport,
    InsecureHttpRefused,
    RetryPolicy,
    SyncCancelled,
    SyncError,
    Transport,
)

__all__ = [
    "AuthenticationRequired",
    "ReadOnlyLibrary",
    "Credentials",
    "InsecureHttpRefused",
    "PART_SUFFIX",
    "Progress",
    "RetryPolicy",
    "SyncCancelled",
    "SyncError",
    "SyncReport",
    "SyncSource",
    "sync",
]

log = logging.getLogger(__name__)

#: The feed's download folder in the data folder (partial downloads survive a kill there).
DOWNLOADS_DIR_NAME = "downloads"


@dataclass(frozen=True)
class SyncSource:
    """Where meetings come from: a feed URL, a feed folder, or a package file/folder."""

    url: str
    credentials: Credentials | None = None
    public_key: str | None = None
    verify_tls: bool = True
    #: The member allowed the password or token over plain http to another machine.
    allow_insecure_http: bool = False


@dataclass
class SyncReport:
    """What a sync did."""

    not_modified: bool = False
    meetings: list[ImportOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    bytes_downloaded: int = 0


def sync(
    source: SyncSource,
    library: Library,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    workers: int = 4,
    retry: RetryPolicy | None = None,
) -> SyncReport:
    """Bring ``library`` up to date with ``source``.

    ``progress`` is called on this thread. Run this off the GUI thread, with a
    `Library` opened on that thread.

    Raises:
        AuthenticationRequired: the server refused the credentials (401/403).
        SyncCancelled: ``cancel`` was set; partial downloads are kept.
        InsecureHttpRefused: the password or token would go over plain http to another
            machine and the source does not allow it; nothing was sent.
        SyncError: the source cannot be read at all (its index is missing or
            malformed, the server cannot be reached, ...); the message names the URL.
    """
    read_only = library.read_only_error()
    if read_only is not None:
        raise ReadOnlyLibrary.from_member_error(read_only)
    retry = retry or RetryPolicy()
    local = _local_path(source.url)
    if local is not None and not (local / INDEX_PATH).is_file():
        return _import_package(local, library, progress)
    transport: Transport
    if local is not None:
        transport = FolderTransport(local)
    else:
        transport = HttpTransport(
            _feed_base_url(source.url),
            source.credentials,
            source.verify_tls,
            retry.timeout,
            allow_insecure_http=source.allow_insecure_http,
        )
    feed = FeedSource(
        source.url, transport, public_key=source.public_key, retry=retry, workers=workers
    )
    report = SyncReport()
    try:
        outcome = sync_meetings(
            feed,
            library,
            progress=progress,
            cancel=cancel,
            workdir=library.data_dir / DOWNLOADS_DIR_NAME,
        )
        report.meetings, report.failed = outcome.meetings, outcome.failed
        report.not_modified = feed.not_modified
    finally:
        report.requests = transport.stats.requests
        report.bytes_downloaded = transport.stats.bytes_received
    return report


class ReadOnlyLibrary(LibraryError, SyncError):
    """A sync into a library that is read-only: changes are off (a `SyncError` too)."""


# --- sources ---------------------------------------------------------------------------


def _local_path(url: str) -> Path | None:
    """The local path of a source, or None for an HTTP(S) URL."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in ("http", "https"):
        if parsed.username is not None or parsed.password is not None:
            raise SyncError(
                "The source address contains a user name or password; remove it and "
                "enter them as the source's credentials instead."
            )
        return None
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if "://" in url:
        raise SyncError(f"{url}: only http://, https:// and file:// sources can be synced.")
    return Path(url).expanduser()


def _feed_base_url(url: str) -> str:
    """The feed's URL prefix; a URL naming index.json itself is accepted too."""
    path = urllib.parse.urlsplit(url).path
    if path.endswith("/" + INDEX_PATH):
        return url[: url.rindex(INDEX_PATH)]
    return url if url.endswith("/") else url + "/"


def _import_package(path: Path, library: Library, progress: ProgressCallback | None) -> SyncReport:
    """A package file or folder: import it as it is."""
    if not path.exists():
        raise SyncError(f"{path}: no such file or folder.")
    if path.is_dir() and not (path / MEETING_FILE).is_file():
        raise SyncError(
            f"{path}: holds neither a feed ({INDEX_PATH}) nor a meeting package ({MEETING_FILE})."
        )
    try:
        outcome = library.import_path(path)
    except (PackageError, LibraryError) as error:
        raise SyncError(str(error)) from error
    if progress:
        progress(Progress("done", 1, 1, 0, 0, outcome.meeting_id))
    return SyncReport(meetings=[outcome])
