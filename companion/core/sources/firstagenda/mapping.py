"""FirstAgenda Publication JSON -> the app's `Meeting`, field by field (pure, no I/O).

The committee list (``/api/agenda/udvalgsliste``) groups committees (``Udvalg``)
by election period, each with its meetings (``Moeder``). A meeting's agenda
(``/api/agenda/dagsorden/{Id}``) is ``{"Dagsordenpunkter": [...]}``:

======================  ===============================================
FirstAgenda             the app
======================  ===============================================
``Punktnummer``         `AgendaItem.number`
``Navn``                `AgendaItem.title`
``SagsNummer``          `AgendaItem.case_number` (a real case per item)
``IsOpen`` false        `AgendaItem.public` false (a closed item)
``Sorting``             the items' order
``Felter[].Html``       `AgendaItem.sections` (see `html.item_sections`)
``Felter[].DocumentId`` the item's case presentation as a PDF attachment
``Bilag[]``             `AgendaItem.attachments` (``Id`` -> its PDF)
======================  ===============================================

A supplementary agenda (``Navn`` "Tillægsdagsorden", or
``IsSupplementaryAgenda``) has its own id in the list but belongs to the
meeting of the same committee at the same time: its items join that meeting's,
so it arrives as a new version of the meeting, never as a meeting of its own.
Ids are stable: the meeting's is made from the site and the FirstAgenda
meeting id, an item's from the meeting's and the FirstAgenda item id, an
attachment's from the item's and the document id.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from companion.core.danish_dates import short_date
from companion.core.model import AgendaGroup, AgendaItem, Attachment, FileRef, Meeting
from companion.core.sources.firstagenda.html import item_sections

SUPPLEMENT_NAME = "tillægsdagsorden"
#: The title of an item's case presentation PDF (``Felter[].DocumentId``).
CASE_PDF_TITLE = "Sagsfremstilling (PDF)"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class MappingError(ValueError):
    """A FirstAgenda response that does not have the shape this module reads."""


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting of the committee list (``Moeder[]``)."""

    id: str
    committee: str
    name: str
    start: datetime | None
    end: datetime | None
    location: str | None
    released: str | None
    closed: bool
    supplementary: bool
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class Publication:
    """A meeting as the library sees it: its agenda and any supplementary agendas."""

    main: MeetingEntry
    supplements: tuple[MeetingEntry, ...] = ()

    @property
    def entries(self) -> tuple[MeetingEntry, ...]:
        return (self.main, *self.supplements)

    def fingerprint(self) -> str:
        """Changes whenever any entry of the list changes (a release, a Referat, a supplement)."""
        data = [dict(entry.raw) | {"committee": entry.committee} for entry in self.entries]
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Document:
    """A PDF the agenda names: a bilag or an item's case presentation."""

    id: str
    title: str
    has_pdf: bool
    kind: str = "bilag"  # or "sag": the item's case presentation


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _entry(data: Any, committee: str) -> MeetingEntry:
    if not isinstance(data, dict) or not isinstance(data.get("Id"), str):
        raise MappingError(f"a meeting of {committee} has no Id")
    name = str(data.get("Navn") or "").strip()
    return MeetingEntry(
        id=data["Id"],
        committee=committee,
        name=name,
        start=_parse_time(data.get("MeetingBeginUtc") or data.get("Dato")),
        end=_parse_time(data.get("MeetingEndUtc")),
        location=str(data.get("Sted") or "").strip() or None,
        released=str(data["ReleasedDate"]) if data.get("ReleasedDate") else None,
        closed=bool(data.get("Afsluttet")),
        supplementary=bool(data.get("IsSupplementaryAgenda")) or name.casefold() == SUPPLEMENT_NAME,
        raw={
            key: data.get(key)
            for key in (
                "Id",
                "Navn",
                "MeetingBeginUtc",
                "MeetingEndUtc",
                "ReleasedDate",
                "Dato",
                "Sted",
                "Afsluttet",
                "IsSupplementaryAgenda",
            )
        },
    )


def committee_meetings(udvalgsliste: Any) -> dict[str, list[MeetingEntry]]:
    """Committee name -> its meetings, from ``/api/agenda/udvalgsliste``.

    Committees are named, not numbered (the list's committee ids can all be the
    zero GUID); one committee listed in several election periods has its meetings
    joined.
    """
    if not isinstance(udvalgsliste, dict):
        raise MappingError("the committee list is not an object of election periods")
    committees: dict[str, list[MeetingEntry]] = {}
    for period in udvalgsliste.values():
        if not isinstance(period, list):
            raise MappingError("an election period of the committee list is not a list")
        for committee in period:
            if not isinstance(committee, dict) or not isinstance(committee.get("Navn"), str):
                raise MappingError("a committee of the committee list has no Navn")
            name = committee["Navn"].strip()
            meetings = committee.get("Moeder") or []
            seen = {entry.id for entry in committees.get(name, [])}
            committees.setdefault(name, []).extend(
                entry for entry in (_entry(m, name) for m in meetings) if entry.id not in seen
            )
    return committees


def publications(
    entries: Iterable[MeetingEntry], since: datetime | None = None
) -> list[Publication]:
    """The meetings of ``entries`` from ``since`` on, newest first, supplements joined.

    A supplementary agenda joins the agenda of the same committee that starts at the
    same moment; one without such an agenda stands as a meeting of its own.
    """
    chosen = [e for e in entries if since is None or (e.start is not None and e.start >= since)]
    mains = [entry for entry in chosen if not entry.supplementary]
    by_moment = {(entry.committee, entry.start): entry for entry in mains}
    supplements: dict[str, list[MeetingEntry]] = {}
    result_mains = list(mains)
    for entry in chosen:
        if not entry.supplementary:
            continue
        main = by_moment.get((entry.committee, entry.start))
        if main is None:
            result_mains.append(entry)
        else:
            supplements.setdefault(main.id, []).append(entry)
    found = [
        Publication(main, tuple(sorted(supplements.get(main.id, []), key=_released_key)))
        for main in result_mains
    ]
    return sorted(found, key=lambda p: (p.main.start is None, _sort_time(p.main.start)))


def _released_key(entry: MeetingEntry) -> str:
    return entry.released or ""


def _sort_time(moment: datetime | None) -> float:
    return -moment.timestamp() if moment is not None else 0.0


def site_slug(base_url: str) -> str:
    """``https://dagsordener-referater.hvidovre.dk`` -> ``dagsordener-referater.hvidovre.dk``."""
    parts = urlsplit(base_url)
    host = parts.hostname or base_url
    if parts.port:
        host += f"-{parts.port}"
    return _ID_UNSAFE.sub("-", host).strip("-.") or "site"


def meeting_id(base_url: str, firstagenda_id: str) -> str:
    """The library id of a FirstAgenda meeting: the same site and id, the same meeting."""
    return f"firstagenda-{site_slug(base_url)}-{_ID_UNSAFE.sub('-', firstagenda_id)}"


def agenda_items(dagsorden: Any) -> list[dict[str, Any]]:
    """The ``Dagsordenpunkter`` of an agenda response, checked to be a list of objects."""
    if not isinstance(dagsorden, dict) or not isinstance(dagsorden.get("Dagsordenpunkter"), list):
        raise MappingError("the agenda has no list of items (Dagsordenpunkter)")
    items = dagsorden["Dagsordenpunkter"]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("Id"), str):
            raise MappingError("an agenda item has no Id")
    return list(items)


def documents(items: Iterable[Mapping[str, Any]]) -> list[Document]:
    """Every PDF the items name, in agenda order: each item's bilag, then its case PDF."""
    found: list[Document] = []
    for item in items:
        for bilag in item.get("Bilag") or []:
            has_pdf = str(bilag.get("HarPdfVersion", "true")).casefold() != "false"
            found.append(Document(str(bilag["Id"]), str(bilag.get("Navn") or ""), has_pdf))
        for felt in item.get("Felter") or []:
            if felt.get("DocumentId"):
                found.append(Document(str(felt["DocumentId"]), CASE_PDF_TITLE, True, "sag"))
    return found


def meeting_name(publication: Publication) -> str:
    """ "Dagsorden, Økonomiudvalget 18. maj 2026"; "Referat ..." once the minutes are out."""
    main = publication.main
    kind = main.name or "Dagsorden"
    if publication.supplements and main.name.casefold() == "dagsorden":
        kind = "Dagsorden og tillægsdagsorden"
    when = f" {short_date(main.start)}" if main.start else ""
    return f"{kind}, {main.committee}{when}"


def map_meeting(
    base_url: str,
    publication: Publication,
    agendas: Mapping[str, Any],
    files: Mapping[str, FileRef],
    version: int = 1,
) -> Meeting:
    """The meeting of ``publication``: its agenda's items, then the supplements' new ones.

    Args:
        base_url: the site, e.g. ``https://dagsordener-referater.hvidovre.dk``.
        publication: the meeting and its supplementary agendas from the list.
        agendas: FirstAgenda meeting id -> its ``/api/agenda/dagsorden`` response.
        files: document id -> the `FileRef` of its PDF (missing: not provided).
        version: the version the meeting gets.

    A supplement's item with the case number and title of an item already on the
    agenda replaces that item's content and keeps its id (notes stay on it).

    Raises:
        MappingError: an agenda is missing or has an unexpected shape.
    """
    mid = meeting_id(base_url, publication.main.id)
    items: list[AgendaItem] = []
    for entry in publication.entries:
        if entry.id not in agendas:
            raise MappingError(f"the agenda of {entry.name} {entry.id} was not fetched")
        raw_items = sorted(agenda_items(agendas[entry.id]), key=_sorting)
        for raw in raw_items:
            item = map_item(mid, raw, files)
            same = next((old for old in items if _same_case(old, item)), None)
            if same is not None:
                items[items.index(same)] = _with_id(item, same.id)
            elif not any(old.id == item.id for old in items):
                items.append(item)
    main = publication.main
    return Meeting(
        id=mid,
        body=main.committee,
        name=meeting_name(publication),
        start=main.start,
        end=main.end,
        location=main.location,
        groups=[AgendaGroup(f"{mid}/punkter", "", "", items)],
        version=version,
        source=f"FirstAgenda Publication {base_url.rstrip('/')}, meeting {main.id}",
    )


def _sorting(item: Mapping[str, Any]) -> tuple[int, str]:
    sorting = item.get("Sorting")
    return (sorting if isinstance(sorting, int) else 1 << 30, str(item.get("Punktnummer") or ""))


def _same_case(old: AgendaItem, new: AgendaItem) -> bool:
    return (
        old.id != new.id
        and bool(old.case_number)
        and old.case_number == new.case_number
        and old.title.casefold() == new.title.casefold()
    )


def _with_id(item: AgendaItem, item_id: str) -> AgendaItem:
    attachments = [
        Attachment(item_id + attachment.id[len(item.id) :], attachment.title, attachment.file)
        for attachment in item.attachments
    ]
    return AgendaItem(
        id=item_id,
        number=item.number,
        title=item.title,
        case_number=item.case_number,
        case_officers=item.case_officers,
        presenter=item.presenter,
        public=item.public,
        sections=item.sections,
        attachments=attachments,
    )


def map_item(mid: str, raw: Mapping[str, Any], files: Mapping[str, FileRef]) -> AgendaItem:
    """One agenda item (``Dagsordenpunkter[]``) as the app's item."""
    item_id = f"{mid}/{_ID_UNSAFE.sub('-', str(raw['Id']))}"
    sections = [
        section
        for felt in raw.get("Felter") or []
        for section in item_sections(felt.get("Html") or "")
    ]
    attachments = [
        Attachment(
            f"{item_id}/{document.kind}-{_ID_UNSAFE.sub('-', document.id)}",
            document.title,
            files.get(document.id),
        )
        for document in documents([raw])
    ]
    case_number = str(raw.get("SagsNummer") or raw.get("CaseNumber") or "").strip() or None
    return AgendaItem(
        id=item_id,
        number=str(raw.get("Punktnummer") or raw.get("Number") or "").strip(),
        title=" ".join(str(raw.get("Navn") or raw.get("Caption") or "").split()),
        case_number=case_number,
        public=raw.get("IsOpen") is not False,
        sections=sections,
        attachments=attachments,
    )
