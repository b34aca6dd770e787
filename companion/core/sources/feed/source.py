"""Our own signed feed as a `MeetingSource`, run by `companion.core.sources.sync_meetings`.

One fetch:

1. ``index.json``, conditionally (the ETag / Last-Modified of the last complete
   sync of this feed are kept in the library, unless a meeting lacks a file:
   then "not modified" would leave it missing); 304 ends the fetch;
2. the manifest of each meeting version the library lacks, checked against the
   index's sha256 and size, its signature (when the source has a public key)
   and the package schema (once per manifest);
3. the files the library lacks, several at a time, into ``<workdir>/<sha256>.part``
   (a Range request resumes a partial one), hashed while they arrive and
   verified (size and sha256) before moving durably to ``<workdir>/<sha256>``
   (a file already there is hashed again, never trusted by its size: a power
   cut can leave one zero-filled); a resumed ``.part`` that does not verify is
   downloaded again from its start;
4. each meeting as a `FetchedMeeting` (installed by `sync_meetings`: files
   first, then one transaction, so a kill leaves the last good version), and
   last a `Checkpoint` of the index's validators, stored only when nothing failed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from companion.core.durable import fsync_file, make_dirs
from companion.core.model import FileRef, Meeting
from companion.core.package import validate_document
from companion.core.sources import (
    Checkpoint,
    FetchedMeeting,
    FetchFailure,
    FetchResult,
    KnownMeetings,
    Progress,
    ProgressCallback,
)
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
from companion.core.sources.feed.writeback import EarlyWriteback
from companion.core.sources.http import (
    CHUNK_SIZE,
    AuthenticationRequired,
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

log = logging.getLogger(__name__)

PART_SUFFIX = ".part"
#: Seconds between progress reports while files download.
PROGRESS_INTERVAL = 0.1


@dataclass
class _Plan:
    """A meeting version to install."""

    entry: IndexEntry
    meeting: Meeting


class FeedSource:
    """The meetings of one feed (a URL prefix or a folder, read through ``transport``).

    Args:
        url: the source's address as the member gave it (the key of its validators).
        transport: reads the feed's paths (`HttpTransport` or `FolderTransport`).
        public_key: when given, every manifest must carry a valid signature by it.
        retry: how often a request is tried; ``workers``: downloads at a time.

    After a fetch, ``not_modified`` says whether the index was unchanged (304).
    """

    def __init__(
        self,
        url: str,
        transport: Transport,
        *,
        public_key: str | None = None,
        retry: RetryPolicy | None = None,
        workers: int = 4,
    ) -> None:
        self.name = url
        self.url = url
        self.transport = transport
        self.public_key = public_key
        self.retry = retry or RetryPolicy()
        self.workers = max(1, workers)
        self.not_modified = False

    def fetch(
        self,
        known: KnownMeetings,
        workdir: Path,
        *,
        since: datetime | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[FetchResult]:
        """Yield the meeting versions the library lacks (``since`` does not apply: a feed
        lists what its publisher keeps current).

        Raises:
            AuthenticationRequired: the server refused the credentials (401/403).
            SyncCancelled: ``cancel`` was set; partial downloads are kept.
            SyncError: the index cannot be read or is malformed; the message names the URL.
        """
        run = _FeedFetch(self, known, workdir, progress, cancel)
        self.not_modified = False
        yield from run.results()
        self.not_modified = run.not_modified


class _FeedFetch:
    """One fetch of one feed."""

    def __init__(
        self,
        source: FeedSource,
        known: KnownMeetings,
        workdir: Path,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> None:
        self.source = source
        self.known = known
        self.transport = source.transport
        self.retry = source.retry
        self.downloads = workdir
        self.progress = progress
        self.cancel = cancel
        self.not_modified = False
        self.failures = 0
        self._lock = threading.Lock()
        self._files_done = 0
        self._files_total = 0
        self._bytes_done = 0
        self._bytes_total = 0
        self._file_bytes: dict[str, int] = {}
        self._pool: ThreadPoolExecutor | None = None
        #: sha256 -> its download and what it is.
        self._downloads: dict[str, tuple[Future[None], FileRef]] = {}

    # -- the steps

    def results(self) -> Iterator[FetchResult]:
        self._emit("index")
        index_response = self._fetch_index()
        if index_response is None:
            self.not_modified = True
            return
        index, etag, last_modified = index_response
        wanted = [entry for entry in index.meetings if not self._has(entry)]
        self._emit("manifests")
        plans: list[_Plan] = []
        failures: list[FetchFailure] = []
        # Downloads start as soon as a manifest is known to be the published one (its
        # sha256, its signature), while its schema is checked on this thread.
        with ThreadPoolExecutor(self.source.workers, thread_name_prefix="sync-download") as pool:
            self._pool = pool
            for entry in wanted:
                plan = self._plan(entry)
                if isinstance(plan, FetchFailure):
                    failures.append(plan)
                else:
                    plans.append(plan)
                self._emit("files" if self._downloads else "manifests")  # bytes are coming
            self._emit("files")
            self._wait_with_progress({future for future, _ref in self._downloads.values()})
        errors = self._download_errors()
        self.failures += len(failures)
        yield from failures
        for plan in plans:
            yield self._fetched(plan, errors)
        yield Checkpoint(self.source.url, etag, last_modified)
        if not self.failures:  # nothing in the download folder is needed any more
            shutil.rmtree(self.downloads, ignore_errors=True)

    def _fetch_index(self) -> tuple[FeedIndex, str | None, str | None] | None:
        etag, since = self.known.feed_validators(self.source.url)
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
            self._holds_files(summary.id, summary.version) for summary in self.known.meetings()
        )

    def _has(self, entry: IndexEntry) -> bool:
        """True when the library holds ``entry``'s version (or a newer one) with all its files.

        A file missing or damaged (`Library.blob_path` removes a damaged one) makes the
        meeting wanted again, so its manifest is read and the file fetched.
        """
        versions = self.known.versions(entry.id)
        if bool(versions) and max(versions) > entry.version:
            return True
        return entry.version in versions and self._holds_files(entry.id, entry.version)

    def _holds_files(self, meeting_id: str, version: int) -> bool:
        meeting = self.known.meeting(meeting_id, version)
        return all(self.known.blob_path(ref.sha256) is not None for ref in meeting.files())

    def _plan(self, entry: IndexEntry) -> _Plan | FetchFailure:
        self._check_cancel()
        try:
            return _Plan(entry, self._fetch_manifest(entry))
        except (AuthenticationRequired, SyncCancelled):
            raise
        except SyncError as error:
            return _failure(entry.id, str(error), error)
        except OSError as error:  # the disk (full, read-only, failing): a sentence, no trace
            return _failure(entry.id, f"{entry.id} version {entry.version}: {error}", error)
        except Exception as error:  # one bad manifest must not stop the other meetings
            log.exception("The manifest of %s could not be used", entry.id)
            return _failure(entry.id, f"{entry.id} version {entry.version}: {error}", error)

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
        document = read_manifest(data, url)
        self._prefetch(document)
        return checked_meeting(document, url, entry)

    def _fetch(self, path: str) -> Response:
        return with_retries(lambda: self.transport.fetch(path), self.retry, self.cancel)

    def _verify_signature(self, entry: IndexEntry, data: bytes) -> None:
        public_key = self.source.public_key
        assert public_key is not None
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
            signing.verify(data, signature, public_key)
        except signing.SignatureError as error:
            raise SyncError(
                f"{self.transport.url_of(entry.manifest)}: refused, {error}."
            ) from error

    def _fetched(self, plan: _Plan, errors: dict[str, SyncError]) -> FetchResult:
        """The meeting with its downloaded files, or why it cannot be installed."""
        meeting = plan.meeting
        failed = [errors[ref.sha256] for ref in meeting.files() if ref.sha256 in errors]
        if failed:
            self.failures += 1
            return _failure(meeting.id, str(failed[0]), failed[0])
        self._check_cancel()
        files = {
            ref.sha256: self.downloads / ref.sha256
            for ref in meeting.files()
            if (self.downloads / ref.sha256).is_file()
        }
        return FetchedMeeting(meeting, files, files_durable=True)

    # -- downloads

    def _prefetch(self, document: object) -> None:
        """Start downloading the files a manifest names that the library lacks.

        Read before the schema check, leniently: a manifest that does not validate
        is refused afterwards, and its downloads (verified by sha256) go unused.
        """
        try:
            refs = Meeting.from_dict(document["meeting"]).files()  # type: ignore[index]
        except Exception:  # the schema check names what is wrong with it
            return
        for ref in refs:
            if ref.sha256 in self._downloads or self.known.blob_path(ref.sha256) is not None:
                continue
            make_dirs(self.downloads)
            with self._lock:
                self._files_total += 1
                self._bytes_total += ref.size
            assert self._pool is not None
            self._downloads[ref.sha256] = (self._pool.submit(self._download, ref), ref)

    def _wait_with_progress(self, pending: set[Future[None]]) -> None:
        while pending:
            _done, pending = wait(pending, timeout=PROGRESS_INTERVAL, return_when=FIRST_COMPLETED)
            self._emit("files")

    def _download_errors(self) -> dict[str, SyncError]:
        """sha256 -> why its download failed."""
        errors: dict[str, SyncError] = {}
        for future, ref in self._downloads.values():
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
        """Download one file into <workdir>/<sha256> (runs on a worker thread)."""
        self._check_cancel()
        verified = self.downloads / ref.sha256
        if not _holds(verified, ref):
            verified.unlink(missing_ok=True)
            part = self.downloads / (ref.sha256 + PART_SUFFIX)
            with_retries(lambda: self._download_attempt(ref, part), self.retry, self.cancel)
            # fsynced here, on its own thread while the other downloads go on (the early
            # write-back has put most of its bytes on the disk already), so the library
            # only renames it in and fsyncs the folders before a row names it.
            fsync_file(part)
            os.replace(part, verified)
        else:
            fsync_file(verified)  # left by an earlier sync, maybe never fsynced
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
        """Write the body into ``part`` from ``offset``, hashing each chunk as it arrives
        (hashlib releases the interpreter lock, so the other downloads go on meanwhile);
        returns the part's size afterwards."""
        size = offset
        self._set_bytes(ref.sha256, size)
        self._check_cancel()
        with part.open("r+b" if offset else "wb") as out:
            out.truncate(offset)
            out.seek(offset)
            writeback = EarlyWriteback(out, offset)
            while True:
                if size == 0 and self.cancel is not None and self.cancel.is_set():
                    with contextlib.suppress(OSError):  # Windows: open files stay
                        part.unlink()  # a cancel leaves no empty part behind
                self._check_cancel()
                chunk = stream.read1(CHUNK_SIZE)
                if not chunk:
                    return size
                if size + len(chunk) > ref.size:
                    raise SyncError(
                        f"{url}: the file is larger than the {ref.size} bytes expected."
                    )
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                writeback.written(size)
                self._set_bytes(ref.sha256, size)

    # -- bookkeeping

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


def _failure(meeting_id: str, sentence: str, error: BaseException) -> FetchFailure:
    log.warning("Sync of %s failed: %s", meeting_id, sentence)
    return FetchFailure(meeting_id, sentence, error=error)


def read_manifest(data: bytes, url: str) -> object:
    """The parsed JSON of a manifest (not yet checked: see `checked_meeting`)."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SyncError(f"{url}: the manifest is not valid JSON ({error}).") from None


def checked_meeting(document: object, url: str, entry: IndexEntry) -> Meeting:
    """The meeting of a manifest, checked (once) against the schema and its index entry."""
    problems = validate_document(document)
    if problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise SyncError(f"{url}: the manifest is not a valid meeting ({listed}).")
    meeting = Meeting.from_dict(document["meeting"])  # type: ignore[index]
    if (meeting.id, meeting.version) != (entry.id, entry.version):
        raise SyncError(
            f"{url}: the manifest is {meeting.id} version {meeting.version}, but the index "
            f"lists it as {entry.id} version {entry.version}."
        )
    return meeting


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
