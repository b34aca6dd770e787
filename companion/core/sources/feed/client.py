"""The sync client: a feed (HTTP or a local folder) or a package file into the library.

One `sync` call:

1. fetches ``index.json`` conditionally (the ETag / Last-Modified of the last
   complete sync of this source are kept in the library); 304 ends the sync;
2. fetches the manifest of each meeting version the library lacks, checks it
   against the index's sha256 and size, its signature (when the source has a
   public key) and the package schema;
3. downloads the files the library lacks, several at a time, into
   ``<data dir>/downloads/<sha256>.part``, resuming a partial download with a
   Range request, and verifies size and sha256 before moving it durably to
   ``<sha256>`` (a file already there is hashed again, never trusted by its
   size: a power cut can leave one zero-filled); a resumed ``.part`` that
   does not verify is downloaded again from its start;
4. installs each meeting with `Library.import_package` (files first, then one
   transaction), so a failure or a kill at any moment leaves the previous
   version readable, and the next sync picks up where this one stopped.

A meeting that fails is reported in `SyncReport.failed`; the others still sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from companion.core.durable import durable_move, make_dirs
from companion.core.library import ImportOutcome, Library, LibraryError
from companion.core.model import FileRef, Meeting
from companion.core.package import MEETING_FILE, PackageError, validate_document
from companion.core.sources.feed import signing
from companion.core.sources.feed.feed import (
    INDEX_PATH,
    FeedError,
    FeedIndex,
    IndexEntry,
    file_path,
    parse_index,
    signature_path,
)
from companion.core.sources.http import (
    CHUNK_SIZE,
    AuthenticationRequired,
    Credentials,
    FolderTransport,
    HttpTransport,
    InsecureHttpRefused,
    RangedBody,
    Response,
    RetryPolicy,
    Stream,
    SyncCancelled,
    SyncError,
    TransientError,
    Transport,
    with_retries,
)

__all__ = [
    "AuthenticationRequired",
    "ReadOnlyLibrary",
    "Credentials",
    "InsecureHttpRefused",
    "Progress",
    "RetryPolicy",
    "SyncCancelled",
    "SyncError",
    "SyncReport",
    "SyncSource",
    "sync",
]

log = logging.getLogger(__name__)

DOWNLOADS_DIR_NAME = "downloads"
PART_SUFFIX = ".part"
#: Seconds between progress reports while files download.
PROGRESS_INTERVAL = 0.1
#: Chunks waiting to be hashed at most (bounds the memory a fast network can fill).
HASH_QUEUE_CHUNKS = 32


@dataclass(frozen=True)
class SyncSource:
    """Where meetings come from: a feed URL, a feed folder, or a package file/folder."""

    url: str
    credentials: Credentials | None = None
    public_key: str | None = None
    verify_tls: bool = True
    #: The member allowed the password or token over plain http to another machine.
    allow_insecure_http: bool = False


@dataclass(frozen=True)
class Progress:
    """How far a sync is; ``phase`` is index, manifests, files, installing or done."""

    phase: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    meeting_id: str | None = None


@dataclass
class SyncReport:
    """What a sync did."""

    not_modified: bool = False
    meetings: list[ImportOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    bytes_downloaded: int = 0


ProgressCallback = Callable[[Progress], None]


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
    return _FeedSync(source, library, transport, retry, progress, cancel, workers).run()


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


# --- a feed sync ------------------------------------------------------------------------


@dataclass
class _Plan:
    """A meeting version to install."""

    entry: IndexEntry
    meeting: Meeting


@dataclass
class _DownloadedPackage:
    """A `PackageSource` whose files are verified downloads, moved into the library."""

    meeting: Meeting
    downloads: Path

    def copy_file(self, ref: FileRef, dest: Path) -> None:
        source = self.downloads / ref.sha256
        if not source.is_file():
            raise SyncError(f"The downloaded file {source} ({ref.file_name}) is missing.")
        os.replace(source, dest)


class _FeedSync:
    """One sync of one feed into one library."""

    def __init__(
        self,
        source: SyncSource,
        library: Library,
        transport: Transport,
        retry: RetryPolicy,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
        workers: int,
    ) -> None:
        self.source = source
        self.library = library
        self.transport = transport
        self.retry = retry
        self.progress = progress
        self.cancel = cancel
        self.workers = max(1, workers)
        self.downloads = library.data_dir / DOWNLOADS_DIR_NAME
        self.report = SyncReport()
        self._lock = threading.Lock()
        self._files_done = 0
        self._files_total = 0
        self._bytes_done = 0
        self._bytes_total = 0
        self._file_bytes: dict[str, int] = {}

    # -- the steps

    def run(self) -> SyncReport:
        try:
            self._run()
        finally:
            self.report.requests = self.transport.stats.requests
            self.report.bytes_downloaded = self.transport.stats.bytes_received
        return self.report

    def _run(self) -> None:
        self._emit("index")
        index_response = self._fetch_index()
        if index_response is None:
            self.report.not_modified = True
            self._emit("done")
            return
        index, etag, last_modified = index_response
        wanted = [entry for entry in index.meetings if not self._has(entry)]
        self._emit("manifests")
        plans = [plan for entry in wanted if (plan := self._plan(entry)) is not None]
        errors = self._download_files(plans)
        for plan in plans:
            self._install(plan, errors)
        if not self.report.failed:
            self.library.set_feed_validators(self.source.url, etag, last_modified)
            self._clear_downloads()
        self._emit("done")

    def _fetch_index(self) -> tuple[FeedIndex, str | None, str | None] | None:
        etag, since = self.library.feed_validators(self.source.url)
        if self._lacks_files():  # "not modified" would leave the missing files missing
            etag, since = None, None
        response = with_retries(
            lambda: self.transport.fetch(INDEX_PATH, etag, since), self.retry, self.cancel
        )
        if response.status == 304:
            log.info("%s: not modified", response.url)
            return None
        try:
            index = parse_index(response.body, response.url)
        except FeedError as error:
            raise SyncError(f"The feed index is malformed: {error}.") from error
        return index, response.etag, response.last_modified

    def _lacks_files(self) -> bool:
        """True when a meeting's current version lacks a file (missing, or damaged)."""
        return not all(
            self._holds_files(summary.id, summary.version) for summary in self.library.meetings()
        )

    def _has(self, entry: IndexEntry) -> bool:
        """True when the library holds ``entry``'s version (or a newer one) with all its files.

        A file missing or damaged (`Library.blob_path` removes a damaged one) makes the
        meeting wanted again, so its manifest is read and the file fetched.
        """
        versions = self.library.versions(entry.id)
        if bool(versions) and max(versions) > entry.version:
            return True
        return entry.version in versions and self._holds_files(entry.id, entry.version)

    def _holds_files(self, meeting_id: str, version: int) -> bool:
        meeting = self.library.meeting(meeting_id, version)
        return all(self.library.has_blob(ref.sha256) for ref in meeting.files())

    def _plan(self, entry: IndexEntry) -> _Plan | None:
        self._check_cancel()
        try:
            return _Plan(entry, self._fetch_manifest(entry))
        except (AuthenticationRequired, SyncCancelled):
            raise
        except SyncError as error:
            self._fail(entry.id, str(error))
            return None
        except Exception as error:  # one bad manifest must not stop the other meetings
            log.exception("The manifest of %s could not be used", entry.id)
            self._fail(entry.id, f"{entry.id} version {entry.version}: {error}")
            return None

    def _fetch_manifest(self, entry: IndexEntry) -> Meeting:
        response = self._fetch(entry.manifest)
        url, data = response.url, response.body
        digest = hashlib.sha256(data).hexdigest()
        if len(data) != entry.size or digest != entry.sha256:
            raise SyncError(
                f"{url}: the manifest has {len(data)} bytes and sha256 {digest}, but the "
                f"index says {entry.size} bytes and {entry.sha256}; the feed is damaged "
                "or changed during the sync."
            )
        if self.source.public_key is not None:
            self._verify_signature(entry, data)
        return _parse_manifest(data, url, entry)

    def _fetch(self, path: str) -> Response:
        return with_retries(lambda: self.transport.fetch(path), self.retry, self.cancel)

    def _verify_signature(self, entry: IndexEntry, data: bytes) -> None:
        assert self.source.public_key is not None
        path = signature_path(entry.manifest)
        try:
            signature = self._fetch(path).body
        except (AuthenticationRequired, SyncCancelled, TransientError):
            raise
        except SyncError as error:
            raise SyncError(
                f"{self.transport.url_of(path)}: the manifest is not signed, but this "
                f"source requires signed manifests ({error})"
            ) from error
        try:
            signing.verify(data, signature, self.source.public_key)
        except signing.SignatureError as error:
            raise SyncError(
                f"{self.transport.url_of(entry.manifest)}: refused, {error}."
            ) from error

    # -- downloads

    def _download_files(self, plans: list[_Plan]) -> dict[str, SyncError]:
        """Download every file the plans need and the library lacks; sha256 -> error."""
        needed: dict[str, FileRef] = {}
        for plan in plans:
            for ref in plan.meeting.files():
                if ref.sha256 not in needed and not self.library.has_blob(ref.sha256):
                    needed[ref.sha256] = ref
        self._files_total = len(needed)
        self._bytes_total = sum(ref.size for ref in needed.values())
        self._emit("files")
        if not needed:
            return {}
        make_dirs(self.downloads)
        with ThreadPoolExecutor(self.workers, thread_name_prefix="sync-download") as pool:
            futures = {pool.submit(self._download, ref): ref for ref in needed.values()}
            self._wait_with_progress(set(futures))
        return self._download_errors(futures)

    def _wait_with_progress(self, pending: set[Future[None]]) -> None:
        while pending:
            _done, pending = wait(pending, timeout=PROGRESS_INTERVAL, return_when=FIRST_COMPLETED)
            self._emit("files")

    def _download_errors(self, futures: dict[Future[None], FileRef]) -> dict[str, SyncError]:
        errors: dict[str, SyncError] = {}
        for future, ref in futures.items():
            error = future.exception()
            if isinstance(error, (AuthenticationRequired, SyncCancelled)):
                raise error
            if isinstance(error, SyncError):
                errors[ref.sha256] = error
            elif error is not None:
                errors[ref.sha256] = SyncError(
                    f"{self.transport.url_of(file_path(ref.sha256))}: the download failed "
                    f"({error})."
                )
                log.error("Download of %s failed", ref.sha256, exc_info=error)
        return errors

    def _download(self, ref: FileRef) -> None:
        """Download one file into downloads/<sha256> (runs on a worker thread)."""
        self._check_cancel()
        verified = self.downloads / ref.sha256
        if not _holds(verified, ref):
            verified.unlink(missing_ok=True)
            part = self.downloads / (ref.sha256 + PART_SUFFIX)
            with_retries(lambda: self._download_attempt(ref, part), self.retry, self.cancel)
            durable_move(part, verified)
        with self._lock:
            self._files_done += 1
        self._set_bytes(ref.sha256, ref.size)

    def _download_attempt(self, ref: FileRef, part: Path) -> None:
        """Resume or start ``part``, then verify it; raises `TransientError` if cut short."""
        path = file_path(ref.sha256)
        offset = part.stat().st_size if part.is_file() else 0
        if offset > ref.size:
            part.unlink()
            offset = 0
        resumed = offset > 0
        digest = _hash_file(part) if offset else hashlib.sha256()
        url = self.transport.url_of(path)
        if offset < ref.size:
            body = self.transport.open_from(path, offset)
            url = body.url
            try:
                if body.start != offset:
                    offset, digest = self._restart(part, body, url)
                size = self._receive(body.stream, part, digest, ref, offset, url)
            finally:
                body.stream.close()
            if size < ref.size:
                raise TransientError(
                    f"{url}: the download stopped after {size} of {ref.size} bytes."
                )
        if digest.hexdigest() != ref.sha256:
            part.unlink(missing_ok=True)
            self._set_bytes(ref.sha256, 0)
            if resumed:  # e.g. zeros a power cut left in the part: once more from the start
                raise TransientError(
                    f"{url}: the resumed download's sha256 is {digest.hexdigest()}, not "
                    f"{ref.sha256}; downloading it again from the start."
                )
            raise SyncError(
                f"{url}: the downloaded file's sha256 is {digest.hexdigest()}, not "
                f"{ref.sha256} as the manifest says; it was not used."
            )

    def _restart(self, part: Path, body: RangedBody, url: str) -> tuple[int, hashlib._Hash]:
        """The server did not resume where asked: from 0 is fine, elsewhere is an error."""
        if body.start != 0:
            part.unlink(missing_ok=True)
            raise TransientError(f"{url}: the server resumed at byte {body.start}, not as asked.")
        log.info("%s: the server ignored the Range request; downloading it all again", url)
        return 0, hashlib.sha256()

    def _receive(
        self,
        stream: Stream,
        part: Path,
        digest: hashlib._Hash,
        ref: FileRef,
        offset: int,
        url: str,
    ) -> int:
        """Write the body into ``part`` from ``offset``; returns the part's size afterwards."""
        size = offset
        self._set_bytes(ref.sha256, size)
        hasher = _BackgroundHasher(digest)
        try:
            with part.open("r+b" if offset else "wb") as out:
                out.truncate(offset)
                out.seek(offset)
                while True:
                    self._check_cancel()
                    chunk = stream.read1(CHUNK_SIZE)
                    if not chunk:
                        return size
                    if size + len(chunk) > ref.size:
                        raise SyncError(
                            f"{url}: the file is larger than the {ref.size} bytes expected."
                        )
                    out.write(chunk)
                    hasher.update(chunk)
                    size += len(chunk)
                    self._set_bytes(ref.sha256, size)
        finally:
            hasher.close()

    # -- installing

    def _install(self, plan: _Plan, errors: dict[str, SyncError]) -> None:
        meeting = plan.meeting
        failed = [errors[ref.sha256] for ref in meeting.files() if ref.sha256 in errors]
        if failed:
            self._fail(meeting.id, str(failed[0]))
            return
        self._check_cancel()
        self._emit("installing", meeting.id)
        try:
            outcome = self.library.import_package(_DownloadedPackage(meeting, self.downloads))
        except (SyncError, PackageError, LibraryError, OSError) as error:
            self._fail(meeting.id, f"{meeting.id} version {meeting.version}: {error}")
            return
        except Exception as error:  # one bad meeting must not stop the others
            log.exception("Installing %s version %s failed", meeting.id, meeting.version)
            self._fail(meeting.id, f"{meeting.id} version {meeting.version}: {error}")
            return
        self.report.meetings.append(outcome)

    def _clear_downloads(self) -> None:
        """After a complete sync nothing in downloads/ is needed any more."""
        if self.downloads.is_dir():
            shutil.rmtree(self.downloads, ignore_errors=True)

    # -- bookkeeping

    def _fail(self, meeting_id: str, sentence: str) -> None:
        log.warning("Sync of %s failed: %s", meeting_id, sentence)
        self.report.failed.append((meeting_id, sentence))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled("The sync was cancelled.")

    def _set_bytes(self, sha256: str, size: int) -> None:
        """Record that ``size`` bytes of file ``sha256`` are here (for progress)."""
        with self._lock:
            self._bytes_done += size - self._file_bytes.get(sha256, 0)
            self._file_bytes[sha256] = size

    def _emit(self, phase: str, meeting_id: str | None = None) -> None:
        if self.progress is None:
            return
        with self._lock:
            report = Progress(
                phase,
                self._files_done,
                self._files_total,
                self._bytes_done,
                self._bytes_total,
                meeting_id,
            )
        self.progress(report)


def _parse_manifest(data: bytes, url: str, entry: IndexEntry) -> Meeting:
    """The meeting of a manifest, checked against the schema and its index entry."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SyncError(f"{url}: the manifest is not valid JSON ({error}).") from None
    problems = validate_document(document)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise SyncError(f"{url}: the manifest is not a valid meeting ({listed}).")
    meeting = Meeting.from_dict(document["meeting"])
    if (meeting.id, meeting.version) != (entry.id, entry.version):
        raise SyncError(
            f"{url}: the manifest is {meeting.id} version {meeting.version}, but the index "
            f"lists it as {entry.id} version {entry.version}."
        )
    return meeting


class _BackgroundHasher:
    """Feeds a sha256 on a helper thread: hashlib releases the GIL, so hashing
    overlaps the network instead of adding to it."""

    def __init__(self, digest: hashlib._Hash) -> None:
        self._digest = digest
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=HASH_QUEUE_CHUNKS)
        self._thread = threading.Thread(target=self._run, name="sync-hash", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._queue.put(chunk)

    def close(self) -> None:
        """Wait until every chunk given is hashed."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


def _holds(path: Path, ref: FileRef) -> bool:
    """True when ``path`` is a file with exactly the size and sha256 ``ref`` names."""
    try:
        return path.stat().st_size == ref.size and _hash_file(path).hexdigest() == ref.sha256
    except FileNotFoundError:
        return False


def _hash_file(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest
