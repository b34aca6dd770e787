"""A FirstAgenda Publication site as a `MeetingSource`.

One fetch:

1. ``GET /api/agenda/udvalgsliste`` (conditional when the last complete sync
   stored validators): the committees and their meetings;
2. for each meeting of the chosen committees from ``since`` on (newest first)
   whose list entries (agenda, supplements) differ from those of the last
   installed version: ``GET /api/agenda/dagsorden/{id}`` of each;
3. every bilag and case presentation PDF the library lacks
   (``GET /Vis/Pdf/bilag/{id}``), checked to be a PDF; one the library has
   (by its document id in the stored meeting) is not fetched again;
4. the meeting, mapped, as the next version of the meeting (or as version 1).

A sync in which nothing changed costs one request: the list.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError
from companion.core.library import LibraryError
from companion.core.model import FileRef, Meeting
from companion.core.package import file_ref_for
from companion.core.sources import (
    Checkpoint,
    FetchedMeeting,
    FetchFailure,
    FetchResult,
    KnownMeetings,
    Progress,
    ProgressCallback,
)
from companion.core.sources.firstagenda.client import FirstAgendaClient
from companion.core.sources.firstagenda.committees import LIST_PATH, read_committee_list
from companion.core.sources.firstagenda.mapping import (
    Document,
    MappingError,
    Publication,
    agenda_items,
    documents,
    map_meeting,
    meeting_id,
    publications,
)
from companion.core.sources.http import RetryPolicy, SyncCancelled, SyncError

log = logging.getLogger(__name__)

AGENDA_PATH = "api/agenda/dagsorden/{id}"
PDF_PATH = "Vis/Pdf/bilag/{id}"
#: How far back a sync reaches by default.
DEFAULT_REACH = timedelta(days=365)

NONE_OF_THE_COMMITTEES = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "{site} no longer lists the committees {chosen} (it lists {listed}): remove the "
    "source and add it again with the committees you sit in.",
)


class NoneOfTheCommittees(SyncError, MemberError):
    """The site lists none of the source's committees (renamed after an election, say)."""


class FirstAgendaSource:
    """The meetings of the chosen committees on one FirstAgenda Publication site.

    Args:
        base_url: the site's root, e.g. ``https://dagsordener-referater.hvidovre.dk``.
        committees: the committees' names as the site writes them ("Økonomiudvalget").
        name: what the member calls the source (default: the site's address).
        retry, delay, verify_tls: see `FirstAgendaClient`.
    """

    def __init__(
        self,
        base_url: str,
        committees: Iterable[str],
        *,
        name: str | None = None,
        retry: RetryPolicy | None = None,
        delay: float | None = None,
        verify_tls: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.committees = tuple(committees)
        self.name = name or self.base_url
        self.retry = retry
        self.delay = delay
        self.verify_tls = verify_tls
        self.requests = 0

    def _client(self, cancel: threading.Event | None) -> FirstAgendaClient:
        options: dict[str, Any] = {"retry": self.retry, "cancel": cancel}
        if self.delay is not None:
            options["delay"] = self.delay
        return FirstAgendaClient(self.base_url, verify_tls=self.verify_tls, **options)

    def list_key(self, since: datetime) -> str:
        """The key of the list's validators: the list URL, the committees and the reach."""
        chosen = ",".join(sorted(self.committees))
        return f"{self.base_url}/{LIST_PATH}#{chosen}@{since.date().isoformat()}"

    def entry_key(self, publication: Publication) -> str:
        """The key under which a meeting's list entries of its installed version are kept."""
        return f"{self.base_url}/{LIST_PATH}#meeting={publication.main.id}"

    def fetch(
        self,
        known: KnownMeetings,
        workdir: Path,
        *,
        since: datetime | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[FetchResult]:
        """Yield the meetings that are new or changed (see the module's description).

        Raises:
            SyncError: the committee list cannot be read, or names none of the
                chosen committees; SyncCancelled when ``cancel`` is set.
        """
        since = since or datetime.now(UTC) - DEFAULT_REACH
        client = self._client(cancel)
        try:
            yield from self._fetch(client, known, workdir, since, progress)
        finally:
            self.requests = client.stats.requests

    def _fetch(
        self,
        client: FirstAgendaClient,
        known: KnownMeetings,
        workdir: Path,
        since: datetime,
        progress: ProgressCallback | None,
    ) -> Iterator[FetchResult]:
        emit = progress or (lambda _progress: None)
        emit(Progress("index", 0, 0, 0, 0))
        key = self.list_key(since)
        etag, modified = known.feed_validators(key)
        listing, committees = read_committee_list(client, etag, modified)
        if listing.status == 304:
            log.info("%s: the committee list is unchanged", listing.url)
            emit(Progress("done", 0, 0, 0, 0))
            return
        missing = [name for name in self.committees if name not in committees]
        if missing and len(missing) == len(self.committees):
            known_names = ", ".join(sorted(committees)) or "none"
            raise NoneOfTheCommittees(
                NONE_OF_THE_COMMITTEES,
                Cause.MISSING,
                site=self.base_url,
                chosen=", ".join(missing),
                listed=known_names,
            )
        entries = [entry for name in self.committees for entry in committees.get(name, [])]
        wanted = publications(entries, since)
        for number, publication in enumerate(wanted, 1):
            emit(Progress("manifests", number - 1, len(wanted), 0, 0))
            yield from self._meeting(client, known, workdir, publication, emit)
        yield Checkpoint(key, listing.etag, listing.last_modified)

    def _meeting(
        self,
        client: FirstAgendaClient,
        known: KnownMeetings,
        workdir: Path,
        publication: Publication,
        emit: ProgressCallback,
    ) -> Iterator[FetchResult]:
        mid = meeting_id(self.base_url, publication.main.id)
        versions = known.versions(mid)
        fingerprint = publication.fingerprint()
        entry_key = self.entry_key(publication)
        if versions and known.feed_validators(entry_key)[0] == fingerprint:
            return
        try:
            current = known.meeting(mid) if versions else None
            agendas = {
                entry.id: client.get_json(AGENDA_PATH.format(id=entry.id)).data
                for entry in publication.entries
            }
            items = [item for agenda in agendas.values() for item in agenda_items(agenda)]
            files, local = self._files(client, known, workdir, documents(items), current, emit)
            meeting = map_meeting(self.base_url, publication, agendas, files)
        except SyncCancelled:
            raise
        except (SyncError, MappingError, LibraryError, OSError) as error:
            label = _describe(publication)
            yield FetchFailure(mid, f"{label}: {error}", label, error)
            return
        if current is not None:
            meeting.version = current.version
            if meeting.to_dict() == current.to_dict():
                yield Checkpoint(entry_key, fingerprint, meeting_id=mid)
                return
            meeting.version = max(versions) + 1
        yield FetchedMeeting(meeting, local)
        yield Checkpoint(entry_key, fingerprint, meeting_id=mid)

    def _files(
        self,
        client: FirstAgendaClient,
        known: KnownMeetings,
        workdir: Path,
        wanted: list[Document],
        current: Meeting | None,
        emit: ProgressCallback,
    ) -> tuple[dict[str, FileRef], dict[str, Path]]:
        """Document id -> its file, reusing what the library has; and the new downloads."""
        stored = _stored_files(current, known)
        refs: dict[str, FileRef] = {}
        local: dict[str, Path] = {}
        to_fetch = [d for d in wanted if d.has_pdf and d.id not in stored and d.id not in refs]
        done = 0
        for document in wanted:
            if not document.has_pdf or document.id in refs:
                continue
            if document.id in stored:
                refs[document.id] = FileRef(
                    document.title or stored[document.id].name,
                    *_file_fields(stored[document.id]),
                )
                continue
            emit(Progress("files", done, len(to_fetch), 0, 0))
            pdf = client.download_pdf(PDF_PATH.format(id=document.id), workdir, document.title)
            refs[document.id] = file_ref_for(pdf.path, document.title, f"{document.id}.pdf")
            local[pdf.sha256] = pdf.path
            done += 1
        emit(Progress("files", done, len(to_fetch), 0, 0))
        return refs, local


def _file_fields(ref: FileRef) -> tuple[str, str, int, str]:
    return ref.file_name, ref.mime_type, ref.size, ref.sha256


def _stored_files(current: Meeting | None, known: KnownMeetings) -> dict[str, FileRef]:
    """Document id -> the file the library holds for it, from the installed version."""
    if current is None:
        return {}
    found: dict[str, FileRef] = {}
    for item in current.items:
        for attachment in item.attachments:
            if attachment.file is None or known.blob_path(attachment.file.sha256) is None:
                continue
            document_id = attachment.file.file_name.removesuffix(".pdf")
            found[document_id] = attachment.file
    return found


def _describe(publication: Publication) -> str:
    main = publication.main
    when = f" {main.start:%d-%m-%Y}" if main.start else ""
    return f"{main.name or 'Dagsorden'}, {main.committee}{when}"
